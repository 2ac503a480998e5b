"""Writes of the topic vocabulary: adding, renaming, describing, deactivating a topic."""

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
from tutori.tutoring.models import Topic


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


# The Swedish and English versions of a topic's texts (empty: the Finnish text is shown).
TRANSLATED = ("name_sv", "name_en", "description_sv", "description_en")


@transaction.atomic
def topic_create(
    *,
    by: User,
    organisation: Organisation,
    name: str,
    description: str = "",
    **translations: str,
) -> Topic:
    """Add a topic to the vocabulary of ``organisation``, with the Swedish and English
    versions of its texts (``TRANSLATED``) that are given."""
    _require_curator(by, organisation)
    topic = Topic(
        organisation=organisation, name=clean_text(name), description=clean_text(description)
    )
    _translate(topic, translations)
    return _save_topic(topic)


@transaction.atomic
def topic_update(
    *,
    by: User,
    topic: Topic,
    name: str,
    description: str,
    is_active: bool,
    **translations: str,
) -> Topic:
    """Rename, describe, translate, deactivate or reactivate a topic (translations not
    given stay as they are). Topics are never deleted: a deactivated topic leaves the
    catalogue but stays on the bookings and log that used it."""
    _require_curator(by, topic.organisation)
    topic.name = clean_text(name)
    topic.description = clean_text(description)
    topic.is_active = is_active
    _translate(topic, translations)
    return _save_topic(topic)


def _translate(topic: Topic, translations: dict[str, str]) -> None:
    unknown = set(translations) - set(TRANSLATED)
    if unknown:
        raise TypeError(f"not a translated field of a topic: {sorted(unknown)}")
    for field, text in translations.items():
        setattr(topic, field, clean_text(text))
