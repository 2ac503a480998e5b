"""Write permissions of the orgs URLs: one file per operation (tests/writes.py)."""
