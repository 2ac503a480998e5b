"""People: the user model, login, invitations, language preference."""
