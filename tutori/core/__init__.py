"""Shared, domain-free pieces: base templates, middleware, errors, helpers."""
