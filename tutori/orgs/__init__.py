"""Organisations, networks, memberships with roles, invitations and roster import."""
