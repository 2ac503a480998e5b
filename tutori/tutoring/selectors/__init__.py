"""Reads of the tutoring app, one module per kind of thing; every query starts from visible_to."""
