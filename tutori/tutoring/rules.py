"""Permissions of the tutoring app, built on the predicates of tutori.orgs.access."""

import rules

from tutori.orgs import access

rules.add_perm("tutoring.publish", access.tutors_anywhere)
rules.add_perm("tutoring.publish_in", access.can_tutor_in)
rules.add_perm("tutoring.curate", access.curates_anywhere)
rules.add_perm("tutoring.curate_in", access.can_curate_in)
rules.add_perm("tutoring.oversee", access.can_oversee)
rules.add_perm("tutoring.oversee_any", access.oversees_anywhere)
