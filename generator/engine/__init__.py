"""Running a check: the full pipeline, the quick re-check after a few files changed, and the one mechanism
that shares work between forked processes (:mod:`generator.engine.parallel`)."""
