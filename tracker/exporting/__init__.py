"""The store in the YAML format: pure functions from documents to canonical text."""
