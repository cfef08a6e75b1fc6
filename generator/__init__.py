"""talkdocs: records-as-code and a private site for supervision talks with lower-level "一把手"."""

__version__ = "0.1.0"
