"""Reading files: bounded input, YAML/JSON readers (and the C one), places, schema checks."""
