"""The catalogue: controls, named conditions, parameters, profiles, platform data, docs."""
