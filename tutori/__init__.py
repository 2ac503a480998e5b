"""Tutori: tutor and peer-mentor programmes, from needs mapping to reports."""
