"""Stage 2, schemas: the JSON Schemas of the records and validation of loaded records against them."""
