"""The optional encrypted journal: key handling and the file format."""
