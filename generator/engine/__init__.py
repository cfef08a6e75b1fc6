"""Running a check: the full pipeline, the quick re-check after a few files changed, and worker processes."""
