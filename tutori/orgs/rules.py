"""Permissions of the orgs app, built on the predicates of access.py."""

import rules

from tutori.orgs import access

rules.add_perm("orgs.view_organisation", access.can_view_organisation)
rules.add_perm("orgs.view_people", access.can_view_people)
rules.add_perm("orgs.manage_people", access.can_manage_people)
rules.add_perm("orgs.import_roster", access.manages_any_people)
rules.add_perm("orgs.manage_organisations", access.is_platform_admin)
