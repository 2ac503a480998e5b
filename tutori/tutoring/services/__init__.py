"""Writes of the tutoring app, one module per kind of thing."""
