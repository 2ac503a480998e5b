"""Write permissions of the tutoring URLs: one file per operation (tests/writes.py)."""
