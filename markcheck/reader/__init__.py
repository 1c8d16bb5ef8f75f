"""The reader: a document's text in, its Document model out (see docs/architecture.md)."""
