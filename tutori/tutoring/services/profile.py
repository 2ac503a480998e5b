"""A tutor's profile in an organisation: what they describe, in which languages, which topics
and schools, and whether members see it."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from tutori.accounts.models import User
from tutori.core.errors import PermissionDeniedError
from tutori.core.forms import clean_text
from tutori.core.scoping import scopes_disabled
from tutori.orgs.models import Organisation
from tutori.tutoring import permissions
from tutori.tutoring.models import Topic, TutorProfile


@scopes_disabled()
@transaction.atomic
def profile_save(
    *,
    by: User,
    organisation: Organisation,
    description: str,
    languages: str,
    topics: list[Topic],
    schools: list[Organisation],
    is_published: bool,
) -> TutorProfile:
    """Create or update the tutor's profile in ``organisation``."""
    if not permissions.can_tutor_in(by, organisation):
        raise PermissionDeniedError(_("Sinulla ei ole tutorin roolia tässä organisaatiossa."))
    profile, _created = TutorProfile.objects.get_or_create(user=by, organisation=organisation)
    profile.description = clean_text(description)
    profile.languages = clean_text(languages)
    profile.is_published = is_published
    profile.full_clean()
    profile.save()
    profile.topics.set(topics)
    profile.schools.set(schools)
    return profile
