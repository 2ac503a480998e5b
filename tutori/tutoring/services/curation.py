"""Writes of the coordinator's curation: the topic vocabulary and each school's named tutor."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from tutori.accounts.models import User
from tutori.core.errors import ApplicationError, PermissionDeniedError
from tutori.core.forms import clean_text
from tutori.core.scoping import scopes_disabled
from tutori.orgs.models import Organisation
from tutori.tutoring import permissions
from tutori.tutoring.models import BookingPolicy, NamedTutor, Topic
from tutori.tutoring.selectors.curation import SCHOOL_KINDS, named_tutor_is_eligible


def _require_curator(by: User, organisation: Organisation) -> None:
    if not permissions.can_curate_in(by, organisation):
        raise PermissionDeniedError(
            _("Vain organisaation koordinaattori voi muokata sen aihesanastoa.")
        )


def _duplicate_message() -> str:
    return _("Organisaatiossa on jo tämän niminen aihe.")


@scopes_disabled()
def _save_topic(topic: Topic) -> Topic:
    if not topic.name:
        raise ApplicationError(_("Anna aiheelle nimi."))
    # "Arviointi" and "arviointi" are one topic to the people choosing from the list.
    same_name = Topic.objects.filter(
        organisation_id=topic.organisation_id, name__iexact=topic.name
    ).exclude(pk=topic.pk)
    if same_name.exists():
        raise ApplicationError(_duplicate_message())
    try:
        topic.full_clean()
    except ValidationError as error:
        raise ApplicationError(" ".join(error.messages)) from error
    try:
        with transaction.atomic():
            topic.save()
    except IntegrityError as exc:  # a concurrent request saved the same name first
        raise ApplicationError(_duplicate_message()) from exc
    return topic


@transaction.atomic
def topic_create(
    *, by: User, organisation: Organisation, name: str, description: str = ""
) -> Topic:
    """Add a topic to the vocabulary of ``organisation``."""
    _require_curator(by, organisation)
    topic = Topic(
        organisation=organisation, name=clean_text(name), description=clean_text(description)
    )
    return _save_topic(topic)


@transaction.atomic
def topic_update(*, by: User, topic: Topic, name: str, description: str, is_active: bool) -> Topic:
    """Rename, describe, deactivate or reactivate a topic. Topics are never deleted: a
    deactivated topic leaves the catalogue but stays on the bookings and log that used it."""
    _require_curator(by, topic.organisation)
    topic.name = clean_text(name)
    topic.description = clean_text(description)
    topic.is_active = is_active
    return _save_topic(topic)


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
def policy_save(
    *,
    by: User,
    organisation: Organisation,
    booking_deadline_hours: int,
    cancellation_deadline_hours: int,
    max_open_bookings_per_week: int,
    booking_window_weeks: int,
) -> BookingPolicy:
    """Set an organisation's own booking rules (its descendants inherit them)."""
    _require_curator(by, organisation)
    policy = BookingPolicy.objects.filter(organisation=organisation).first() or BookingPolicy(
        organisation=organisation
    )
    policy.booking_deadline_hours = booking_deadline_hours
    policy.cancellation_deadline_hours = cancellation_deadline_hours
    policy.max_open_bookings_per_week = max_open_bookings_per_week
    policy.booking_window_weeks = booking_window_weeks
    policy.full_clean()
    policy.save()
    return policy
