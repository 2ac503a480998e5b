"""Writes of named tutors: each school's one named tutor (nimikkotutor), set or removed."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from tutori.accounts.models import User
from tutori.core.errors import ApplicationError, PermissionDeniedError
from tutori.core.scoping import scopes_disabled
from tutori.orgs.models import Organisation
from tutori.tutoring import permissions
from tutori.tutoring.models import NamedTutor
from tutori.tutoring.selectors.named_tutors import SCHOOL_KINDS, named_tutor_is_eligible


@scopes_disabled()
@transaction.atomic
def named_tutor_set(*, by: User, school: Organisation, tutor: User) -> NamedTutor:
    """Make ``tutor`` the named tutor (nimikkotutor) of ``school``, replacing any earlier one."""
    if not permissions.can_curate_in(by, school):
        raise PermissionDeniedError(_("Vain koulun koordinaattori voi asettaa sen nimikkotutorin."))
    if school.kind not in SCHOOL_KINDS:
        raise ApplicationError(_("Nimikkotutor asetetaan koululle tai yksikölle."))
    if not named_tutor_is_eligible(school=school, tutor=tutor):
        raise ApplicationError(
            _("%(name)s ei ole tutor tai koordinaattori koulussa eikä sen kunnassa.")
            % {"name": tutor.display_name}
        )
    named = NamedTutor.objects.filter(school=school).first() or NamedTutor(school=school)
    named.tutor = tutor
    named.set_by = by
    named.full_clean()
    named.save()
    return named


@scopes_disabled()
@transaction.atomic
def named_tutor_remove(*, by: User, school: Organisation) -> None:
    """Leave ``school`` without a named tutor (nimikkotutor)."""
    if not permissions.can_curate_in(by, school):
        raise PermissionDeniedError(_("Vain koulun koordinaattori voi poistaa sen nimikkotutorin."))
    deleted, _rows = NamedTutor.objects.filter(school=school).delete()
    if not deleted:
        raise ApplicationError(_("Koululla ei ole nimikkotutoria."))
