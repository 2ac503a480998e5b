"""Tutoring: topic catalogue, availability, booking, calendar feeds, log and substitute budget."""
