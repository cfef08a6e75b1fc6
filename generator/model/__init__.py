"""Stage 3, the model: schema-valid records resolved into one typed repository, its settings and labels."""
