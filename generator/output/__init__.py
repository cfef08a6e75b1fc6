"""Bytes that every file talkdocs writes shares: the build's one clock and reproducible zip containers."""
