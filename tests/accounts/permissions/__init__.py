"""Write permissions of the accounts URLs: one file per operation (tests/writes.py)."""
