"""Stage 1, loading: record files on disk → checked text → strict YAML → loaded files (with the parse cache)."""
