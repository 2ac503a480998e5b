"""Forms of the plan (part A): a programme's details, the list's search, a session, a
material, cancelling a session and copying a programme."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from tutori.core.forms import (
    BoundedDateField,
    DecimalInputField,
    MultiLineTextField,
    Select,
    SingleLineTextField,
    TimeInput,
)
from tutori.orgs.models import Organisation, Role
from tutori.programmes.models import (
    NAME_MAX,
    SESSION_HOURS_MAX,
    TEXT_MAX,
    Programme,
    Session,
)

WHEN_CHOICES = [
    ("", _("Kaikki")),
    ("open", _("Haku käynnissä")),
    ("upcoming", _("Tulevat ja käynnissä olevat")),
    ("past", _("Päättyneet")),
    ("mine", _("Omat (kouluttajana, ohjausryhmässä tai osallistujana)")),
]


def _lines(value: str) -> list[str]:
    return [line.strip() for line in (value or "").split("\n") if line.strip()]


def person_label(person: Any) -> str:
    name = person.display_name or person.email
    orgs = getattr(person, "org_names", None)
    return f"{name} ({', '.join(orgs[:2])})" if orgs else name


def chosen_first(form: forms.Form, name: str, candidates: Sequence[Any]) -> list[tuple[int, str]]:
    """The people as choices, those already chosen (typed or stored) first, so that a long
    list does not hide them."""
    if form.is_bound:
        raw = form.data.getlist(name) if hasattr(form.data, "getlist") else form.data.get(name)
    else:
        raw = form.initial.get(name)
    chosen = {str(v) for v in (raw or [])} if isinstance(raw, list | tuple) else {str(raw)}
    ordered = sorted(candidates, key=lambda p: str(p.pk) not in chosen)
    return [(p.pk, person_label(p)) for p in ordered]


class ProgrammeSearchForm(forms.Form):
    q = SingleLineTextField(
        label=_("Hae nimellä tai järjestäjällä"), required=False, max_length=100
    )
    when = forms.ChoiceField(label=_("Näytä"), required=False, choices=WHEN_CHOICES, widget=Select)
    status = forms.ChoiceField(
        label=_("Tila"),
        required=False,
        choices=[("", _("Kaikki")), *Programme.Status.choices],
        widget=Select,
    )


class PeopleField(forms.TypedMultipleChoiceField):
    """People chosen from a list of checkboxes (the page filters it by name as one types)."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(coerce=int, required=False, **kwargs)


class ProgrammeForm(forms.Form):
    """A programme's details. ``organisations``: where a new programme may be organised (none
    when editing); ``candidates``: the people who may train or steer; ``networks``: the
    organiser's networks."""

    organisation = forms.TypedChoiceField(label=_("Järjestäjä"), coerce=int, widget=Select)
    name = SingleLineTextField(label=_("Nimi"), max_length=NAME_MAX)
    description = MultiLineTextField(
        label=_("Kuvaus"),
        required=False,
        max_length=TEXT_MAX,
        help_text=_("Mitä koulutuksessa opitaan ja kenelle se on tarkoitettu. Näkyy hakijoille."),
    )
    target_group = SingleLineTextField(
        label=_("Kohderyhmä"),
        required=False,
        max_length=NAME_MAX,
        help_text=_("Esimerkiksi: työvalmentajat, vertaisohjaajat."),
    )
    credits = DecimalInputField(
        label=_("Opintopisteet (op)"),
        required=False,
        min_value=0,
        max_value=60,
        max_digits=4,
        decimal_places=1,
    )
    themes = MultiLineTextField(
        label=_("Teemat"),
        required=False,
        max_length=4000,
        help_text=_("Yksi teema riville. Jokaiselle tapaamiselle voi valita yhden teeman."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    starts_on = BoundedDateField(label=_("Koulutus alkaa"), required=False)
    ends_on = BoundedDateField(label=_("Koulutus päättyy"), required=False)
    trainers = PeopleField(label=_("Kouluttajat"))
    steering_group = PeopleField(label=_("Ohjausryhmä"))
    network = forms.TypedChoiceField(
        label=_("Yhteinen koulutus verkostolle"),
        coerce=int,
        required=False,
        empty_value=None,
        widget=Select,
        help_text=_(
            "Verkoston kaikkien organisaatioiden ihmiset näkevät koulutuksen ja voivat hakea."
        ),
    )
    applications_open_on = BoundedDateField(label=_("Haku alkaa"), required=False)
    applications_close_on = BoundedDateField(
        label=_("Haku päättyy"),
        required=False,
        help_text=_("Jätä hakuaika tyhjäksi, jos ilmoitat osallistujat itse."),
    )
    criteria = MultiLineTextField(
        label=_("Hakukriteerit (kysymykset hakijalle)"),
        required=False,
        max_length=4000,
        help_text=_("Yksi kysymys riville. Hakija vastaa jokaiseen hakemuksessaan."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    capacity = forms.IntegerField(
        label=_("Paikkoja"),
        required=False,
        min_value=1,
        max_value=10000,
        help_text=_("Tyhjä = ei rajaa."),
    )
    completion_min_sessions = forms.IntegerField(
        label=_("Suoritukseen vaaditaan läsnäoloja vähintään"),
        required=False,
        min_value=0,
        max_value=500,
        help_text=_("Tyhjä = kaikki lähijaksot. Seurantatapaamista ei lasketa."),
    )
    completion_all_assignments = forms.BooleanField(
        label=_("Suoritukseen vaaditaan kaikki tehtävät hyväksyttyinä"), required=False
    )
    grants_role = forms.ChoiceField(
        label=_("Suorittaneelle annetaan rooli omassa organisaatiossa"),
        required=False,
        choices=[("", _("Ei roolia")), *Role.choices],
        widget=Select,
    )
    badge = SingleLineTextField(
        label=_("Merkki profiiliin"),
        required=False,
        max_length=100,
        help_text=_("Esimerkiksi: Vertaisohjaaja. Näkyy suorittaneen profiilissa."),
    )

    def __init__(
        self,
        data: Any = None,
        *,
        organisations: Sequence[Organisation] | Any = (),
        candidates: Sequence[Any] = (),
        networks: Sequence[Any] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(data, **kwargs)
        self._organisations = {o.pk: o for o in organisations}
        if self._organisations:
            self.fields["organisation"].choices = [  # type: ignore[attr-defined]
                (o.pk, o.name) for o in self._organisations.values()
            ]
            if len(self._organisations) == 1:
                self.fields["organisation"].initial = next(iter(self._organisations))
        else:
            del self.fields["organisation"]
        self._people = {p.pk: p for p in candidates}
        for name in ("trainers", "steering_group"):
            self.fields[name].choices = chosen_first(self, name, candidates)  # type: ignore[attr-defined]
        self._networks = {n.pk: n for n in networks}
        if self._networks:
            self.fields["network"].choices = [  # type: ignore[attr-defined]
                ("", _("Ei verkostoa")),
                *((n.pk, n.name) for n in self._networks.values()),
            ]
        else:
            del self.fields["network"]

    @staticmethod
    def initial_of(programme: Programme) -> dict[str, Any]:
        return {
            "name": programme.name,
            "description": programme.description,
            "target_group": programme.target_group,
            "credits": programme.credits,
            "themes": "\n".join(programme.themes or []),
            "starts_on": programme.starts_on,
            "ends_on": programme.ends_on,
            "trainers": [p.pk for p in programme.trainers.all()],
            "steering_group": [p.pk for p in programme.steering_group.all()],
            "network": programme.network_id,
            "applications_open_on": programme.applications_open_on,
            "applications_close_on": programme.applications_close_on,
            "criteria": "\n".join(programme.criteria or []),
            "capacity": programme.capacity,
            "completion_min_sessions": programme.completion_min_sessions,
            "completion_all_assignments": programme.completion_all_assignments,
            "grants_role": programme.grants_role,
            "badge": programme.badge,
        }

    def clean_organisation(self) -> Organisation:
        return self._organisations[int(self.cleaned_data["organisation"])]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("Koulutus ei voi päättyä ennen kuin se alkaa."))
        opens, closes = data.get("applications_open_on"), data.get("applications_close_on")
        if opens and closes and closes < opens:
            self.add_error("applications_close_on", _("Haku ei voi päättyä ennen kuin se alkaa."))
        elif bool(opens) != bool(closes):
            self.add_error(
                "applications_close_on" if opens else "applications_open_on",
                _("Anna hakuajalle sekä alkamis- että päättymispäivä, tai jätä molemmat tyhjiksi."),
            )
        return data

    def service_kwargs(self) -> dict[str, Any]:
        d = self.cleaned_data
        network = d.get("network")
        return {
            "name": d["name"],
            "description": d.get("description", ""),
            "target_group": d.get("target_group", ""),
            "credits": d.get("credits"),
            "themes": _lines(d.get("themes", "")),
            "starts_on": d.get("starts_on"),
            "ends_on": d.get("ends_on"),
            "trainers": [self._people[pk] for pk in d.get("trainers", []) if pk in self._people],
            "steering_group": [
                self._people[pk] for pk in d.get("steering_group", []) if pk in self._people
            ],
            "network": self._networks.get(network) if network else None,
            "applications_open_on": d.get("applications_open_on"),
            "applications_close_on": d.get("applications_close_on"),
            "criteria": _lines(d.get("criteria", "")),
            "capacity": d.get("capacity"),
            "completion_min_sessions": d.get("completion_min_sessions"),
            "completion_all_assignments": bool(d.get("completion_all_assignments")),
            "grants_role": d.get("grants_role", ""),
            "badge": d.get("badge", ""),
        }


class ProgrammeSessionForm(forms.Form):
    """A session of ``programme``: ``hosts`` are the organisations that may host it,
    ``candidates`` the people who may train in it."""

    kind = forms.ChoiceField(
        label=_("Laji"), choices=Session.Kind.choices, widget=forms.RadioSelect, initial="meeting"
    )
    title = SingleLineTextField(label=_("Otsikko"), required=False, max_length=NAME_MAX)
    date = BoundedDateField(label=_("Päivä"))
    starts_at = forms.TimeField(label=_("Alkaa klo"), widget=TimeInput)
    ends_at = forms.TimeField(label=_("Päättyy klo"), widget=TimeInput)
    hours = DecimalInputField(
        label=_("Koulutustunnit"),
        required=False,
        min_value=0,
        max_value=SESSION_HOURS_MAX,
        max_digits=4,
        decimal_places=2,
        help_text=_("Tyhjä = alun ja lopun välinen aika (esimerkiksi 12.00–16.00 = 4 tuntia)."),
    )
    theme = forms.ChoiceField(label=_("Teema"), required=False, widget=Select)
    host = forms.TypedChoiceField(
        label=_("Isäntäorganisaatio"), coerce=int, required=False, empty_value=None, widget=Select
    )
    place = SingleLineTextField(
        label=_("Paikka ja osoite"),
        required=False,
        max_length=300,
        help_text=_("Esimerkiksi: Kokoustila Aalto, Rautatienkatu 5, Tampere."),
    )
    remote_url = SingleLineTextField(
        label=_("Etäyhteyden linkki"),
        required=False,
        max_length=500,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("Jos tapaamiseen voi osallistua etänä."),
    )
    trainers = PeopleField(label=_("Kouluttajat"))
    description = MultiLineTextField(label=_("Sisältö"), required=False, max_length=TEXT_MAX)

    def __init__(
        self,
        data: Any = None,
        *,
        themes: Sequence[str] = (),
        hosts: Sequence[Organisation] | Any = (),
        candidates: Sequence[Any] = (),
        current_theme: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(data, **kwargs)
        theme_choices = [("", _("Ei teemaa")), *((t, t) for t in themes)]
        if current_theme and current_theme not in themes:
            # The session's theme was renamed or removed from the programme since: it stays
            # the session's until someone chooses another, and says it is no longer listed.
            theme_choices.append(
                (
                    current_theme,
                    _("%(theme)s (ei enää koulutuksen teemoissa)") % {"theme": current_theme},
                )
            )
        self.fields["theme"].choices = theme_choices  # type: ignore[attr-defined]
        self._hosts = {o.pk: o for o in hosts}
        self.fields["host"].choices = [  # type: ignore[attr-defined]
            ("", _("Ei isäntää")),
            *((o.pk, o.name) for o in self._hosts.values()),
        ]
        self._people = {p.pk: p for p in candidates}
        self.fields["trainers"].choices = chosen_first(self, "trainers", candidates)  # type: ignore[attr-defined]

    @staticmethod
    def initial_of(session: Session) -> dict[str, Any]:
        return {
            "kind": session.kind,
            "title": session.title,
            "date": session.date,
            "starts_at": session.starts_at,
            "ends_at": session.ends_at,
            "hours": session.hours,
            "theme": session.theme,
            "host": session.host_id,
            "place": session.place,
            "remote_url": session.remote_url,
            "trainers": [p.pk for p in session.trainers.all()],
            "description": session.description,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("Tapaaminen ei voi päättyä ennen kuin se alkaa."))
        return data

    def service_kwargs(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "kind": d["kind"],
            "title": d.get("title", ""),
            "date": d["date"],
            "starts_at": d["starts_at"],
            "ends_at": d["ends_at"],
            "hours": d.get("hours"),
            "theme": d.get("theme", ""),
            "host": self._hosts.get(d["host"]) if d.get("host") else None,
            "place": d.get("place", ""),
            "remote_url": d.get("remote_url", ""),
            "description": d.get("description", ""),
            "trainers": [self._people[pk] for pk in d.get("trainers", []) if pk in self._people],
        }


class SessionCancelForm(forms.Form):
    reason = SingleLineTextField(
        label=_("Syy (näytetään osallistujille)"), required=False, max_length=300
    )


class ProgrammeCancelForm(forms.Form):
    reason = SingleLineTextField(
        label=_("Syy (kerrotaan osallistujille, hakijoille ja kouluttajille)"),
        required=False,
        max_length=300,
    )


class MaterialForm(forms.Form):
    """A file or a link, for the whole programme or one of ``sessions``."""

    title = SingleLineTextField(label=_("Nimi"), max_length=NAME_MAX)
    session = forms.TypedChoiceField(
        label=_("Tapaaminen"), coerce=int, required=False, empty_value=None, widget=Select
    )
    file = forms.FileField(
        label=_("Tiedosto"),
        required=False,
        help_text=_(
            "PDF, Word (docx), OpenDocument (odt), Excel (xlsx), PowerPoint (pptx), teksti, "
            "JPG tai PNG; enintään 20 Mt."
        ),
    )
    url = SingleLineTextField(
        label=_("tai linkki"),
        required=False,
        max_length=500,
        validators=[URLValidator(schemes=["http", "https"])],
    )

    def __init__(
        self,
        data: Any = None,
        files: Any = None,
        *,
        sessions: Sequence[Session] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(data, files, **kwargs)
        self._sessions = {s.pk: s for s in sessions}
        self.fields["session"].choices = [  # type: ignore[attr-defined]
            ("", _("Koko koulutus")),
            *(
                (s.pk, f"{s.date.day}.{s.date.month}.{s.date.year} {s.title or s.theme}".strip())
                for s in sessions
            ),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("file")) == bool(data.get("url")):
            self.add_error("file", _("Anna joko tiedosto tai linkki (ei molempia)."))
        return data

    def session_obj(self) -> Session | None:
        pk = self.cleaned_data.get("session")
        return self._sessions.get(pk) if pk else None


class CopyForm(forms.Form):
    name = SingleLineTextField(label=_("Uuden koulutuksen nimi"), max_length=NAME_MAX)
    starts_on = BoundedDateField(
        label=_("Uusi alkamispäivä"),
        help_text=_(
            "Kaikki päivät (tapaamiset, hakuaika, koulutuksen aika) siirtyvät yhtä monta päivää."
        ),
    )
