"""Writes of the workshops: one module per noun."""
