"""Tutoring pages, one module per kind of thing: the same nouns as in selectors/, services/
and forms/."""
