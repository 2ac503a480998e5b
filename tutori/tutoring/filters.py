"""The catalogue's filters (django-filter): query parameters to the bookable times they name."""

from __future__ import annotations

import functools
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import django_filters
from django import forms
from django.db.models import F, QuerySet
from django.utils.translation import gettext_lazy as _

from tutori.core.forms import BoundedDateField, Select, SingleLineTextField
from tutori.core.time import at_local
from tutori.tutoring.models import Mode, Place, Slot, Topic
from tutori.tutoring.selectors.catalogue import Offer, bookable_slots, matching, offering

if TYPE_CHECKING:
    from tutori.accounts.models import User


class TextFilter(django_filters.CharFilter):
    """Search text: one line of text as every form takes it (core.forms)."""

    field_class = SingleLineTextField


class DayFilter(django_filters.DateFilter):
    """A day within the dates Tutori holds (core.time.ANY_DATE)."""

    field_class = BoundedDateField


class CheckboxFilter(django_filters.Filter):
    """A checkbox: ticked filters by its method, unticked leaves the times as they are."""

    field_class = forms.BooleanField


class CatalogueFilter(django_filters.FilterSet):
    """Narrows the times ``user`` may book by search text, topic, tutor, way, place, day and
    free places. A malformed parameter (``?topic=x``, ``?day=2026-13-45``) is ignored with
    the others: the catalogue then lists every time, as a page that cannot answer a 500."""

    q = TextFilter(
        label=_("Hae"),
        method="filter_text",
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    topic = django_filters.TypedChoiceFilter(
        label=_("Aihe"), method="filter_topic", coerce=int, empty_value=None, widget=Select
    )
    tutor = django_filters.TypedChoiceFilter(
        label=_("Tutor"), method="filter_tutor", coerce=int, empty_value=None, widget=Select
    )
    mode = django_filters.ChoiceFilter(
        label=_("Tapa"), choices=Mode.choices, empty_label=_("Kaikki tavat"), widget=Select
    )
    place = django_filters.ChoiceFilter(
        label=_("Paikka"), choices=Place.choices, empty_label=_("Kaikki paikat"), widget=Select
    )
    day = DayFilter(label=_("Päivä"), method="filter_day")
    only_free = CheckboxFilter(label=_("Vain vapaat"), method="filter_only_free")

    def __init__(self, data: Any = None, *, user: User, offer: Offer, **kwargs: Any) -> None:
        super().__init__(data, queryset=bookable_slots(user=user), **kwargs)
        self.user = user
        self.offer = offer
        self.topics = {topic.pk: topic for topic in offer.topics}

        # The choices are listed when the form is shown or a topic or tutor is chosen (the
        # tutors read only then), not copied with the form's fields. Functions, not bound
        # methods: the form's deep copy of its fields would copy a method's object.
        def topic_choices() -> list[tuple[Any, Any]]:
            return [("", _("Kaikki aiheet")), *[(t.pk, t.label) for t in offer.topics]]

        def tutor_choices() -> list[tuple[Any, Any]]:
            return [("", _("Kaikki tutorit")), *[(u.pk, u.display_name) for u in offer.tutors]]

        self.filters["topic"].extra["choices"] = topic_choices
        self.filters["tutor"].extra["choices"] = tutor_choices

    @functools.cached_property
    def tutors(self) -> dict[int, User]:
        return {tutor.pk: tutor for tutor in self.offer.tutors}

    @property
    def chosen_topic(self) -> Topic | None:
        """The topic the search names (None without one or when the filters were dropped)."""
        if self.is_bound and self.is_valid():
            topic_id = self.form.cleaned_data.get("topic")
            return self.topics.get(topic_id) if topic_id else None
        return None

    @property
    def qs(self) -> QuerySet[Slot]:
        # All or nothing, as the catalogue always did: one bad parameter drops the filters.
        if self.is_bound and not self.is_valid():
            return self.queryset.all()
        return super().qs

    def filter_text(self, qs: QuerySet[Slot], name: str, value: str) -> QuerySet[Slot]:
        return qs.filter(matching(value, self.offer))

    def filter_topic(self, qs: QuerySet[Slot], name: str, value: int) -> QuerySet[Slot]:
        return qs.filter(offering({self.topics[value].pk}, self.offer))

    def filter_tutor(self, qs: QuerySet[Slot], name: str, value: int) -> QuerySet[Slot]:
        return qs.filter(tutor=self.tutors[value])

    def filter_day(self, qs: QuerySet[Slot], name: str, value: date) -> QuerySet[Slot]:
        start = at_local(value)
        return qs.filter(starts_at__gte=start, starts_at__lt=start + timedelta(days=1))

    def filter_only_free(self, qs: QuerySet[Slot], name: str, value: bool) -> QuerySet[Slot]:
        return qs.filter(booked__lt=F("capacity")) if value else qs
