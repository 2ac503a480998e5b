"""Reads of the catalogue: what is offered to a person (the topics with the tutors who offer
them, the tutors whose times or profiles are shown, the tutors' profiles), the times they
may book and what a search matches, and the named tutors shown to members."""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone, translation

from tutori.accounts.models import User
from tutori.core.text import folded
from tutori.tutoring.models import Booking, Mode, NamedTutor, Place, Slot, Topic, TutorProfile

if TYPE_CHECKING:
    from tutori.tutoring.filters import CatalogueFilter

SlotTopic = Slot.topics.through


@dataclass
class Offer:
    """What the catalogue offers one person, read in a constant number of queries.

    ``topics``: the active topics the person sees, in the order of their names in the active
    language (with ``cards=True`` each with ``tutors``: who offers it, a published profile
    listing it or a bookable time naming it). ``tutors``: every tutor whose times or profile
    the catalogue shows, read when first asked for (a results list without a search or a
    chosen tutor never asks). ``profiles``: published profiles by tutor id."""

    topics: list[Topic]
    profiles: dict[int, list[TutorProfile]] = field(default_factory=dict)
    user: User | None = None
    people: dict[int, User] = field(default_factory=dict)
    slot_tutors: dict[int, tuple[str, set[int]]] | None = None

    @functools.cached_property
    def tutors(self) -> list[User]:
        """The tutors of the published profiles and of the bookable times, by name."""
        names = self.offered_in_times()
        db = User.objects.db
        for pk in sorted(names.keys() - self.people.keys(), key=lambda pk: (names[pk][0], pk)):
            # The tutor read with the times: the name the catalogue shows, the rest deferred.
            self.people[pk] = User.from_db(db, ["id", "display_name"], [pk, names[pk][0]])
        return sorted(self.people.values(), key=lambda u: folded(u.display_name))

    def offered_in_times(self) -> dict[int, tuple[str, set[int]]]:
        """Who gives the bookable times: each tutor's name and the topics their times name;
        one query, the first time."""
        if self.slot_tutors is None:
            assert self.user is not None
            self.slot_tutors = {}
            for tutor_id, name, topic_id in (
                bookable_slots(user=self.user)
                .values_list("tutor_id", "tutor__display_name", "topics")
                .distinct()
                .order_by()
            ):
                _name, topic_ids = self.slot_tutors.setdefault(tutor_id, (name, set()))
                if topic_id is not None:
                    topic_ids.add(topic_id)
        return self.slot_tutors

    def profile_for(self, slot: Slot) -> TutorProfile | None:
        return _profile_for(slot, self.profiles.get(slot.tutor_id, []))

    def tutors_offering(self, topic_ids: set[int]) -> set[int]:
        """Tutors whose published profile lists one of ``topic_ids``."""
        return {
            tutor_id
            for tutor_id, profiles in self.profiles.items()
            if any(t.pk in topic_ids for p in profiles for t in p.topic_list)  # type: ignore[attr-defined]
        }


def _profile_for(slot: Slot, profiles: list[TutorProfile]) -> TutorProfile | None:
    """The tutor's profile to show with ``slot``: the one of the organisation where the time
    is offered, else the first."""
    same = [p for p in profiles if p.organisation_id == slot.organisation_id]
    return next(iter(same or profiles), None)


def _published_profiles(
    qs: QuerySet[TutorProfile], *, user: User, topics: dict[int, Topic] | None = None
) -> list[TutorProfile]:
    """The profiles of ``qs`` with their tutors and organisations, each with ``topic_list``:
    its active topics that ``user`` sees (``topics`` by id, read here when not given), in
    the order of their names in the active language. One query for the profiles and their
    topics together (one more without ``topics``)."""
    profiles: dict[int, TutorProfile] = {}
    topic_ids: dict[int, list[int]] = defaultdict(list)
    # The ids first: behind the visibility rule's OR of subqueries PostgreSQL expects
    # thousands of profiles and hashes every person to join them (9 ms at national scale);
    # by ids it joins the few found (0.3 ms).
    ids = list(qs.values_list("pk", flat=True))
    if not ids:
        return []
    rows = (
        qs.filter(pk__in=ids)
        .select_related("user", "organisation")
        .annotate(topic_id=F("topics"))
        .order_by("organisation__path", "pk")
    )
    for row in rows:
        profiles.setdefault(row.pk, row)
        if row.topic_id is not None:
            topic_ids[row.pk].append(row.topic_id)
    if topics is None:
        wanted = {pk for ids in topic_ids.values() for pk in ids}
        topics = (
            {t.pk: t for t in Topic.objects.visible_to(user).filter(pk__in=wanted, is_active=True)}
            if wanted
            else {}
        )
    for profile in profiles.values():
        profile.topic_list = sorted(  # type: ignore[attr-defined]
            (topics[pk] for pk in topic_ids[profile.pk] if pk in topics),
            key=lambda t: folded(t.label),
        )
    return list(profiles.values())


def bookable_slots(*, user: User) -> QuerySet[Slot]:
    """Open future times offered where the user may book (own organisations and above)."""
    return Slot.objects.visible_to(user, "tutoring.book").filter(  # type: ignore[no-any-return]
        status=Slot.Status.OPEN, starts_at__gte=timezone.now()
    )


def catalogue_offer(*, user: User, cards: bool = True) -> Offer:
    """The topics, tutors and profiles of the catalogue for ``user`` (four queries at most).
    Without ``cards`` (the results list alone) the topics are not given their tutors, and
    the tutors are read only if asked for."""
    topics = {t.pk: t for t in Topic.objects.visible_to(user).filter(is_active=True)}
    profiles: dict[int, list[TutorProfile]] = defaultdict(list)
    people: dict[int, User] = {}
    for profile in _published_profiles(
        TutorProfile.objects.visible_to(user, "tutoring.catalogue"), user=user, topics=topics
    ):
        profiles[profile.user_id].append(profile)
        people[profile.user_id] = profile.user
    offer = Offer(
        topics=sorted(topics.values(), key=lambda t: folded(t.label)),
        profiles=dict(profiles),
        user=user,
        people=people,
    )
    if cards:
        offered_by: dict[int, set[int]] = defaultdict(set)
        for tutor_id, tutor_profiles in profiles.items():
            for profile in tutor_profiles:
                for topic in profile.topic_list:  # type: ignore[attr-defined]
                    offered_by[topic.pk].add(tutor_id)
        for tutor_id, (_name, topic_ids) in offer.offered_in_times().items():
            for topic_id in topic_ids:
                offered_by[topic_id].add(tutor_id)
        tutors = {u.pk: u for u in offer.tutors}
        for topic in offer.topics:
            topic.tutors = sorted(  # type: ignore[attr-defined]
                (tutors[pk] for pk in offered_by.get(topic.pk, ()) if pk in tutors),
                key=lambda u: folded(u.display_name),
            )
    return offer


def with_profiles(slots: Iterable[Slot], offer: Offer) -> list[Slot]:
    """``slots``, each with ``profile``: its tutor's published profile (or None)."""
    listed = list(slots)
    for slot in listed:
        slot.profile = offer.profile_for(slot)  # type: ignore[attr-defined]
    return listed


def offering(topic_ids: set[int], offer: Offer) -> Q:
    """Times that offer one of ``topic_ids``: a time names its topics, or (naming none)
    offers whatever its tutor's profile lists."""
    names = SlotTopic.objects.filter(slot_id=OuterRef("pk"))
    return Exists(names.filter(topic_id__in=topic_ids)) | (
        ~Exists(names) & Q(tutor_id__in=offer.tutors_offering(topic_ids))
    )


@functools.cache
def _choice_texts(language_codes: tuple[str, ...]) -> dict[str, dict[str, str]]:
    """The labels of the ways, places and shared time in every language, folded."""
    texts: dict[str, dict[str, str]] = {"mode": {}, "place": {}, "shared": {}}
    for language in language_codes:
        with translation.override(language):
            for kind, choices in (("mode", Mode.choices), ("place", Place.choices)):
                for value, label in choices:
                    texts[kind][value] = texts[kind].get(value, "") + "\n" + folded(str(label))
            shared = str(Slot._meta.get_field("is_shared").verbose_name)
            texts["shared"]["1"] = texts["shared"].get("1", "") + "\n" + folded(shared)
    return texts


def matching(text: str, offer: Offer) -> Q:
    """Times a search for ``text`` finds, whatever the letter case (ä and Ä alike) and in
    every language: the time's place or link and note, its way and place ("etä",
    "ryhmä"), its organisation, its tutor's name and profile (description, languages), and
    its topics' names and descriptions. Matched here against what ``offer`` holds and the
    folded ``Slot.search_text``: no query of its own."""
    key = folded(text)
    found = Q(search_text__contains=key) | Q(organisation__name__icontains=text)
    texts = _choice_texts(tuple(code for code, _name in settings.LANGUAGES))
    if modes := [value for value, label in texts["mode"].items() if key in label]:
        found |= Q(mode__in=modes)
    if places := [value for value, label in texts["place"].items() if key in label]:
        found |= Q(place__in=places)
    if key in texts["shared"]["1"]:
        found |= Q(is_shared=True)
    tutors = {u.pk for u in offer.tutors if key in folded(u.display_name)}
    tutors |= {
        tutor_id
        for tutor_id, profiles in offer.profiles.items()
        if any(key in folded(p.description, p.languages) for p in profiles)
    }
    if tutors:
        found |= Q(tutor_id__in=tutors)
    if topics := {t.pk for t in offer.topics if key in t.search_text}:
        found |= offering(topics, offer)
    return found


def catalogue_slots(*, user: User, filters: CatalogueFilter) -> QuerySet[Slot]:
    """The bookable times ``filters`` (made for ``user``) leave, each with ``mine``: whether
    the user has booked it."""
    qs = filters.qs
    mine = Booking.objects.visible_to(user).filter(
        slot_id=OuterRef("pk"), person_id=user.pk, status__in=Booking.ACTIVE
    )
    return (
        qs.annotate(mine=Exists(mine))
        .select_related("tutor", "organisation")
        .prefetch_related("topics")
        .order_by("starts_at", "pk")
    )


def profile_for_slot(*, user: User, slot: Slot) -> TutorProfile | None:
    """The published profile of ``slot``'s tutor the booking page shows: of the organisation
    where the time is offered, else the first."""
    profiles = _published_profiles(
        TutorProfile.objects.visible_to(user, "tutoring.catalogue").filter(user_id=slot.tutor_id),
        user=user,
    )
    return _profile_for(slot, profiles)


def named_tutors_for(*, user: User) -> list[NamedTutor]:
    """The named tutors (nimikkotutor) of the schools the user belongs to."""
    return list(
        NamedTutor.objects.visible_to(user, "tutoring.own")
        .select_related("tutor", "school")
        .order_by("school__name")
    )
