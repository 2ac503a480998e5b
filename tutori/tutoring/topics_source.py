"""Tutoring's topic vocabulary for other apps (core.registry.TopicSource): surveys' topic
picker lists the topics of an organisation, and a school's tutoring plan asks who offers
them to the school.

Both answer for one organisation named by the caller (a survey's own organisation, a school
of its audience), not for a person: the caller has checked that the person may see that
survey or plan, so the reads here run without a person's scope.

``stamp()`` changes with every write that may change either answer (``watch`` connects the
signals), so a plan page kept in a cache is rendered again at once when a tutor starts or
stops offering a topic, a topic is renamed, or a tutor's name changes.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.urls import reverse

from tutori.accounts.models import User
from tutori.core.registry import TopicOffer
from tutori.core.scoping import scopes_disabled
from tutori.core.stamps import raise_stamp, read_stamp
from tutori.core.text import folded
from tutori.orgs.models import Organisation, path_ids
from tutori.tutoring.models import NamedTutor, Topic, TutorProfile

STAMP = "tutoring.topic-offers"
# The fields of a person that an offer shows or depends on.
_USER_FIELDS = frozenset({"display_name", "email", "is_active"})


def stamp() -> int:
    return read_stamp(STAMP)


def _changed(sender: Any, **kwargs: Any) -> None:
    raise_stamp(STAMP)


def _user_saved(sender: Any, update_fields: Any = None, **kwargs: Any) -> None:
    if update_fields is None or _USER_FIELDS & set(update_fields):
        raise_stamp(STAMP)


def watch() -> None:
    """Raise the stamp on every write that may change ``topics`` or ``offers``."""
    for model in (TutorProfile, NamedTutor, Topic, Organisation):
        post_save.connect(_changed, sender=model, dispatch_uid=f"{STAMP}:{model.__name__}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"{STAMP}:{model.__name__}:d")
    for through in (TutorProfile.topics.through, TutorProfile.schools.through):
        m2m_changed.connect(_changed, sender=through, dispatch_uid=f"{STAMP}:{through.__name__}")
    post_save.connect(_user_saved, sender=User, dispatch_uid=f"{STAMP}:User")


def _upward_ids(organisation_id: int) -> list[int]:
    """The organisation and those above it (its own path), or nothing when it is unknown."""
    path = Organisation.objects.filter(pk=organisation_id).values_list("path", flat=True).first()
    return path_ids(path) if path else []


@scopes_disabled()
def topics(organisation_id: int) -> list[tuple[int, str]]:
    """The active topics usable in the organisation (its own and those of the organisations
    above it), ``(id, label in the active language)``, in the order of their labels."""
    upward = _upward_ids(organisation_id)
    rows = Topic.objects.filter(organisation_id__in=upward, is_active=True).values(
        "pk", *Topic.NAME_FIELDS
    )
    labelled = [(row["pk"], Topic.label_of(row)) for row in rows]
    return sorted(labelled, key=lambda item: (folded(item[1]), item[0]))


@scopes_disabled()
def offers(school_id: int, topic_ids: list[int]) -> dict[int, list[TopicOffer]]:
    """Per topic of ``topic_ids`` usable in the school, the tutors whose published profile
    offers it to the school — profiles of the school or of an organisation above it, and
    profiles naming the school among those they serve — the school's named tutor first,
    then by name. Topics nobody offers map to an empty list. Two queries."""
    upward = _upward_ids(school_id)
    found: dict[int, list[TopicOffer]] = {pk: [] for pk in topic_ids}
    if not upward or not topic_ids:
        return found
    rows = (
        TutorProfile.objects.filter(
            Q(organisation_id__in=upward) | Q(schools=school_id),
            is_published=True,
            user__is_active=True,
            topics__in=topic_ids,
            topics__organisation_id__in=upward,
            topics__is_active=True,
        )
        .annotate(
            named=Exists(
                NamedTutor.objects.filter(school_id=school_id, tutor_id=OuterRef("user_id"))
            )
        )
        .values_list("topics", "user_id", "user__display_name", "user__email", "named")
        .distinct()
    )
    seen: dict[int, set[int]] = defaultdict(set)
    catalogue = reverse("tutoring:catalogue")
    for topic_id, user_id, name, email, named in rows:
        if user_id in seen[topic_id]:
            continue
        seen[topic_id].add(user_id)
        found[topic_id].append(
            TopicOffer(
                name=name or email or "",
                email=email or "",
                named=bool(named),
                url=f"{catalogue}?tutor={user_id}",
            )
        )
    for offered in found.values():
        offered.sort(key=lambda offer: (not offer.named, folded(offer.name)))
    return found
