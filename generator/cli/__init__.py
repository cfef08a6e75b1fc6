"""The ``talkdocs`` command: the entry point (:mod:`generator.cli.app`) and one module per verb.

``console`` stays importable from here for the ``talkdocs`` console script (``generator.cli:console`` in
pyproject.toml); it imports the command line only when called.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (the quick start)
if TYPE_CHECKING:
    from typing import NoReturn


def console() -> NoReturn:
    """The ``talkdocs`` command."""
    from generator.cli.app import console as run

    run()
