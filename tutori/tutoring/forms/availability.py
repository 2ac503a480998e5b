"""Forms of a tutor's times: a one-off time, a weekly time, the municipality's shared time."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tutori.core.forms import (
    BoundedDateField,
    MultiLineTextField,
    Select,
    SingleLineTextField,
    TimeInput,
)
from tutori.core.time import SLOT_DATES, ClockChangeWithin, NonexistentLocalTime, local_span
from tutori.tutoring.models import Mode, Place

WEEKDAYS = [
    (0, _("maanantai")),
    (1, _("tiistai")),
    (2, _("keskiviikko")),
    (3, _("torstai")),
    (4, _("perjantai")),
    (5, _("lauantai")),
    (6, _("sunnuntai")),
]


class _SlotFieldsMixin(forms.Form):
    organisation = forms.TypedChoiceField(label=_("Kenelle aika on"), coerce=int, widget=Select)
    mode = forms.ChoiceField(label=_("Tapa"), choices=Mode.choices, initial=Mode.INDIVIDUAL)
    capacity = forms.IntegerField(
        label=_("Paikkoja (ryhmäohjaus)"), min_value=1, max_value=200, initial=1
    )
    place = forms.ChoiceField(label=_("Paikka"), choices=Place.choices, initial=Place.ON_SITE)
    location = SingleLineTextField(label=_("Sijainti tai linkki"), required=False, max_length=200)
    topics = forms.TypedMultipleChoiceField(
        label=_("Aiheet"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Jätä tyhjäksi, jos aikaan voi varata minkä tahansa aiheesi."),
    )
    requires_approval = forms.BooleanField(label=_("Varaus vaatii hyväksyntäni"), required=False)
    note = SingleLineTextField(label=_("Lisätieto"), required=False, max_length=200)

    def set_choices(self, organisations: Any, topics: Any) -> None:
        org_field: Any = self.fields["organisation"]
        org_field.choices = [(o.pk, o.name) for o in organisations]
        topic_field: Any = self.fields["topics"]
        topic_field.choices = [(t.pk, t.label) for t in topics]


class SlotForm(_SlotFieldsMixin):
    day = BoundedDateField(label=_("Päivä"), bounds=SLOT_DATES)
    start = forms.TimeField(label=_("Alkaa"), widget=TimeInput())
    end = forms.TimeField(label=_("Päättyy"), widget=TimeInput())

    field_order = ["day", "start", "end", "organisation", "mode", "capacity", "place"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, start, end = data.get("day"), data.get("start"), data.get("end")
        if day and start and end:
            if end <= start:
                self.add_error("end", _("Päättymisajan on oltava alkamisajan jälkeen."))
                return data
            # Clock times on the night the clocks change: see core.time.local_span.
            try:
                data["starts_at"], data["ends_at"] = local_span(day, start, end)
            except NonexistentLocalTime as error:
                self.add_error("start" if error.at == start else "end", error.message)
            except ClockChangeWithin as error:
                self.add_error("end", error.message)
        return data


def _parse_dates(text: str) -> list[date]:
    days: list[date] = []
    for part in text.replace(";", ",").replace("\n", ",").split(","):
        part = part.strip()
        if not part:
            continue
        for fmt in ("%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y"):
            try:
                day = datetime.strptime(part, fmt).date()
                break
            except ValueError:
                continue
        else:
            raise forms.ValidationError(
                _("Päivämäärää ”%(value)s” ei tunnistettu. Käytä muotoa 24.12.2026."),
                params={"value": part[:20]},
            )
        problem = SLOT_DATES.problem(day)
        if problem:
            raise forms.ValidationError(f"{part[:20]}: {problem}")
        days.append(day)
    return days


class SeriesForm(_SlotFieldsMixin):
    weekday = forms.TypedChoiceField(label=_("Viikonpäivä"), choices=WEEKDAYS, coerce=int)
    start = forms.TimeField(label=_("Alkaa"), widget=TimeInput())
    duration_minutes = forms.IntegerField(
        label=_("Kesto (min)"), min_value=15, max_value=8 * 60, initial=60
    )
    first_date = BoundedDateField(label=_("Ensimmäinen päivä"), bounds=SLOT_DATES)
    until = BoundedDateField(label=_("Viimeinen päivä"), bounds=SLOT_DATES)
    exceptions = MultiLineTextField(
        label=_("Muut poikkeuspäivät"),
        required=False,
        max_length=2000,
        help_text=_(
            "Lomat ja arkipyhät jätetään pois itsestään. Lisää tähän muut päivät pilkulla "
            "erotettuina, esim. 23.9.2026, 30.9.2026"
        ),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    publish_on_days_off = forms.BooleanField(
        label=_("Julkaise myös lomilla ja arkipyhinä"),
        required=False,
        help_text=_(
            "Ilman tätä aikoja ei julkaista arkipyhinä eikä koulujen lomina, jotka kunnan "
            "koordinaattori on asettanut."
        ),
    )

    field_order = [
        "weekday",
        "start",
        "duration_minutes",
        "first_date",
        "until",
        "exceptions",
        "publish_on_days_off",
    ]

    def clean_exceptions(self) -> list[date]:
        return _parse_dates(self.cleaned_data.get("exceptions", ""))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, until = data.get("first_date"), data.get("until")
        if first and until:
            if until < first:
                self.add_error("until", _("Viimeinen päivä ei voi olla ennen ensimmäistä."))
            elif until - first > timedelta(days=366):
                self.add_error("until", _("Toistuva aika voi kestää enintään vuoden."))
        return data


class SharedTimeForm(SeriesForm):
    tutors = forms.TypedMultipleChoiceField(
        label=_("Tutorit"), coerce=int, widget=forms.CheckboxSelectMultiple
    )

    field_order = ["organisation", "tutors", *SeriesForm.field_order]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The coordinator sets time for other tutors: "my approval" and "your topics" would
        # speak of the coordinator.
        self.fields["requires_approval"].label = _("Varaus vaatii tutorin hyväksynnän")
        self.fields["topics"].help_text = _(
            "Jätä tyhjäksi, jos aikaan voi varata minkä tahansa tutorin aiheista."
        )

    def set_tutors(self, tutors: Any) -> None:
        field: Any = self.fields["tutors"]
        field.choices = [(u.pk, u.display_name) for u in tutors]
