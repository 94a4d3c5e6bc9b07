"""Pure domain: models, region catalogue, analysis and guidance; no Qt, no files."""
