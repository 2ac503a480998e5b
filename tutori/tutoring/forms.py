"""Forms of the member's and tutor's side. They validate input; services do the writing."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tutori.core.forms import DateInput, TimeInput, clean_text
from tutori.core.time import at_local, local_text
from tutori.tutoring.models import Mode, Place, TutoringSession

WEEKDAYS = [
    (0, _("maanantai")),
    (1, _("tiistai")),
    (2, _("keskiviikko")),
    (3, _("torstai")),
    (4, _("perjantai")),
    (5, _("lauantai")),
    (6, _("sunnuntai")),
]


class BookingForm(forms.Form):
    topic = forms.TypedChoiceField(label=_("Aihe"), required=False, coerce=int, empty_value=None)
    need = forms.CharField(
        label=_("Mihin tarvitset apua?"),
        help_text=_("Kerro lyhyesti, niin tutor voi valmistautua."),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    join_waiting_list = forms.BooleanField(
        label=_("Jos aika on täynnä, liity jonoon"), required=False
    )

    def __init__(self, *args: Any, topics: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["topic"]
        field.choices = [("", _("Valitse aihe")), *[(t.pk, t.name) for t in topics]]

    def clean_need(self) -> str:
        return clean_text(self.cleaned_data.get("need", ""))


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Peruutuksen syy"),
        max_length=300,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def clean_reason(self) -> str:
        reason = clean_text(self.cleaned_data["reason"])
        if not reason:
            raise forms.ValidationError(_("Kerro peruutuksen syy."))
        return reason


# --- Tutor side -------------------------------------------------------------------------------


class _SlotFieldsMixin(forms.Form):
    organisation = forms.TypedChoiceField(label=_("Kenelle aika on"), coerce=int)
    mode = forms.ChoiceField(label=_("Tapa"), choices=Mode.choices, initial=Mode.INDIVIDUAL)
    capacity = forms.IntegerField(
        label=_("Paikkoja (ryhmäohjaus)"), min_value=1, max_value=200, initial=1
    )
    place = forms.ChoiceField(label=_("Paikka"), choices=Place.choices, initial=Place.ON_SITE)
    location = forms.CharField(label=_("Sijainti tai linkki"), required=False, max_length=200)
    topics = forms.TypedMultipleChoiceField(
        label=_("Aiheet"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Jätä tyhjäksi, jos aikaan voi varata minkä tahansa aiheesi."),
    )
    requires_approval = forms.BooleanField(label=_("Varaus vaatii hyväksyntäni"), required=False)
    note = forms.CharField(label=_("Lisätieto"), required=False, max_length=200)

    def set_choices(self, organisations: Any, topics: Any) -> None:
        org_field: Any = self.fields["organisation"]
        org_field.choices = [(o.pk, o.name) for o in organisations]
        topic_field: Any = self.fields["topics"]
        topic_field.choices = [(t.pk, t.name) for t in topics]

    def clean_location(self) -> str:
        return clean_text(self.cleaned_data.get("location", ""))

    def clean_note(self) -> str:
        return clean_text(self.cleaned_data.get("note", ""))


class SlotForm(_SlotFieldsMixin):
    day = forms.DateField(label=_("Päivä"), widget=DateInput())
    start = forms.TimeField(label=_("Alkaa"), widget=TimeInput())
    end = forms.TimeField(label=_("Päättyy"), widget=TimeInput())

    field_order = ["day", "start", "end", "organisation", "mode", "capacity", "place"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, start, end = data.get("day"), data.get("start"), data.get("end")
        if day and start and end:
            if end <= start:
                self.add_error("end", _("Päättymisajan on oltava alkamisajan jälkeen."))
            else:
                data["starts_at"] = at_local(day, start)
                data["ends_at"] = at_local(day, end)
        return data


def _parse_dates(text: str) -> list[date]:
    days: list[date] = []
    for part in text.replace(";", ",").replace("\n", ",").split(","):
        part = part.strip()
        if not part:
            continue
        for fmt in ("%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y"):
            try:
                days.append(datetime.strptime(part, fmt).date())
                break
            except ValueError:
                continue
        else:
            raise forms.ValidationError(
                _("Päivämäärää ”%(value)s” ei tunnistettu. Käytä muotoa 24.12.2026."),
                params={"value": part[:20]},
            )
    return days


class SeriesForm(_SlotFieldsMixin):
    weekday = forms.TypedChoiceField(label=_("Viikonpäivä"), choices=WEEKDAYS, coerce=int)
    start = forms.TimeField(label=_("Alkaa"), widget=TimeInput())
    duration_minutes = forms.IntegerField(
        label=_("Kesto (min)"), min_value=15, max_value=8 * 60, initial=60
    )
    first_date = forms.DateField(label=_("Ensimmäinen päivä"), widget=DateInput())
    until = forms.DateField(label=_("Viimeinen päivä"), widget=DateInput())
    exceptions = forms.CharField(
        label=_("Poikkeuspäivät (esim. lomat)"),
        required=False,
        max_length=2000,
        help_text=_("Päivät pilkulla erotettuina, esim. 23.12.2026, 30.12.2026"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    field_order = ["weekday", "start", "duration_minutes", "first_date", "until", "exceptions"]

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

    def set_tutors(self, tutors: Any) -> None:
        field: Any = self.fields["tutors"]
        field.choices = [(u.pk, u.display_name) for u in tutors]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Päätös"),
        choices=[
            ("approve", _("Hyväksy")),
            ("decline", _("Hylkää")),
            ("propose", _("Ehdota toista aikaa")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("Perustelu (hylätessä)"), required=False, max_length=300)
    proposed_slot = forms.TypedChoiceField(
        label=_("Ehdotettava aika"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args: Any, slots: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["proposed_slot"]
        field.choices = [
            ("", _("Valitse aika")),
            *[(s.pk, local_text(s.starts_at)) for s in slots],
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "propose" and not data.get("proposed_slot"):
            self.add_error("proposed_slot", _("Valitse ehdotettava aika."))
        if data.get("decision") == "decline" and not clean_text(data.get("reason", "")):
            self.add_error("reason", _("Kerro lyhyesti, miksi varaus hylätään."))
        return data


class SessionForm(forms.ModelForm):
    organisation = forms.TypedChoiceField(label=_("Koulu tai yksikkö"), coerce=int)
    topic = forms.TypedChoiceField(label=_("Aihe"), required=False, coerce=int, empty_value=None)

    class Meta:
        model = TutoringSession
        fields = [
            "date",
            "duration_minutes",
            "mode",
            "place",
            "participant_count",
            "during_lessons",
            "note",
        ]
        widgets = {"date": DateInput()}

    field_order = ["date", "duration_minutes", "organisation", "topic", "mode", "place"]

    def set_choices(self, organisations: Any, topics: Any) -> None:
        org_field: Any = self.fields["organisation"]
        org_field.choices = [(o.pk, o.name) for o in organisations]
        topic_field: Any = self.fields["topic"]
        topic_field.choices = [("", _("Ei aihetta")), *[(t.pk, t.name) for t in topics]]

    def clean_note(self) -> str:
        return clean_text(self.cleaned_data.get("note", ""))

    def clean_date(self) -> date:
        day: date = self.cleaned_data["date"]
        if day > timezone.localdate() + timedelta(days=1):
            raise forms.ValidationError(_("Kirjaa vain toteutunutta tutorointia."))
        return day


class ProfileForm(forms.Form):
    description = forms.CharField(
        label=_("Kuvaus"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Missä voit auttaa? Kirjoita opettajalle ymmärrettävästi."),
    )
    languages = forms.CharField(label=_("Ohjauskielet"), required=False, max_length=100)
    topics = forms.TypedMultipleChoiceField(
        label=_("Aiheet"), required=False, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    schools = forms.TypedMultipleChoiceField(
        label=_("Koulut, joita palvelen"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )
    is_published = forms.BooleanField(label=_("Näytä profiili luettelossa"), required=False)

    def __init__(self, *args: Any, topics: Any = (), schools: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        topic_field: Any = self.fields["topics"]
        topic_field.choices = [(t.pk, t.name) for t in topics]
        school_field: Any = self.fields["schools"]
        school_field.choices = [(o.pk, o.name) for o in schools]

    def clean_description(self) -> str:
        return clean_text(self.cleaned_data.get("description", ""))

    def clean_languages(self) -> str:
        return clean_text(self.cleaned_data.get("languages", ""))
