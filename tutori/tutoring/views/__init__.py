"""Tutoring pages: member side (catalogue, booking, calendar), tutor side, oversight."""
