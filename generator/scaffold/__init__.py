"""``talkdocs init``: a new office's records repository — records, site config, hooks, CI and editor settings."""
