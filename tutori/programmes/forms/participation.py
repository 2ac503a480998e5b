"""Forms of participation (part C): the info letter, assignments, the participant's goals
and case notes, returning an assignment, the trainer's review and a session's attendance
list."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from functools import partial
from typing import Any

from django import forms
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from tutori.core.forms import (
    BoundedDateField,
    DecimalInputField,
    MultiLineTextField,
    Select,
    SingleLineTextField,
)
from tutori.programmes.models import (
    NAME_MAX,
    SESSION_HOURS_MAX,
    TEXT_MAX,
    Assignment,
    Attendance,
    Participant,
    Session,
)
from tutori.programmes.services.participation import REASON_MAX, Mark

FILE_HELP = _(
    "PDF, Word (docx), OpenDocument (odt), Excel (xlsx), PowerPoint (pptx), teksti, "
    "JPG tai PNG; enintään 20 Mt."
)


def _hours_text(hours: Decimal) -> str:
    return f"{hours.normalize():f}".replace(".", ",")


def _session_label(s: Session) -> str:
    return f"{s.date.day}.{s.date.month}.{s.date.year} {s.title or s.theme}".strip()


class _SessionChoice(forms.Form):
    """A form with an optional ``session`` chosen from the programme's sessions."""

    def _sessions(self, sessions: Sequence[Session], empty: str) -> None:
        self._by_pk = {s.pk: s for s in sessions}
        self.fields["session"].choices = [  # type: ignore[attr-defined]
            ("", empty),
            *((s.pk, _session_label(s)) for s in sessions),
        ]

    def session_obj(self) -> Session | None:
        pk = self.cleaned_data.get("session")
        return self._by_pk.get(pk) if pk is not None else None


class InfoLetterForm(forms.Form):
    text = MultiLineTextField(
        label=_("Infokirje"),
        required=False,
        max_length=TEXT_MAX,
        help_text=_(
            "Käytännön asiat ennen alkua: aikataulu, paikat, mitä ottaa mukaan. "
            "Ennakkotehtävät liitetään kirjeeseen automaattisesti."
        ),
        widget=forms.Textarea(attrs={"rows": 12}),
    )


class AssignmentForm(_SessionChoice):
    kind = forms.ChoiceField(
        label=_("Laji"),
        choices=Assignment.Kind.choices,
        widget=forms.RadioSelect,
        initial=Assignment.Kind.INTERIM,
    )
    title = SingleLineTextField(label=_("Nimi"), max_length=NAME_MAX)
    instructions = MultiLineTextField(
        label=_("Ohje"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    session = forms.TypedChoiceField(
        label=_("Tapaaminen, jonka jälkeen tehdään"),
        coerce=int,
        required=False,
        empty_value=None,
        widget=Select,
    )
    due_on = BoundedDateField(label=_("Palautettava viimeistään"), required=False)

    def __init__(self, *args: Any, sessions: Sequence[Session] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._sessions(sessions, str(_("Ei tiettyä tapaamista")))

    @staticmethod
    def initial_of(a: Assignment) -> dict[str, Any]:
        return {
            "kind": a.kind,
            "title": a.title,
            "instructions": a.instructions,
            "session": a.session_id,
            "due_on": a.due_on,
        }

    def service_kwargs(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "kind": d["kind"],
            "title": d["title"],
            "instructions": d.get("instructions", ""),
            "session": self.session_obj(),
            "due_on": d.get("due_on"),
        }


class GoalsForm(forms.Form):
    goals = MultiLineTextField(
        label=_("Omat tavoitteet"),
        required=False,
        max_length=TEXT_MAX,
        help_text=_("Mitä haluat oppia ja muuttaa työssäsi koulutuksen aikana?"),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    case_description = MultiLineTextField(
        label=_("Seurantacase"),
        required=False,
        max_length=TEXT_MAX,
        help_text=_(
            "Kuvaa asiakastilanne, jota seuraat koulutuksen ajan. Käytä tunnistetta, "
            "esimerkiksi ”Asiakas A”."
        ),
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class ParticipantGoalsForm(forms.Form):
    """A coordinator's or trainer's record of a participant's goals."""

    goals = MultiLineTextField(
        label=_("Osallistujan tavoitteet"),
        required=False,
        max_length=TEXT_MAX,
        help_text=_(
            "Kirjaa tavoitteet, joista sovitte osallistujan kanssa. Osallistuja näkee ne ja voi "
            "muokata niitä omalla sivullaan."
        ),
        widget=forms.Textarea(attrs={"rows": 8}),
    )


class CaseNoteForm(_SessionChoice):
    session = forms.TypedChoiceField(
        label=_("Tapaaminen"), coerce=int, required=False, empty_value=None, widget=Select
    )
    text = MultiLineTextField(
        label=_("Muistiinpano"),
        max_length=TEXT_MAX,
        help_text=_("Ei oikeita nimiä."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, sessions: Sequence[Session] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._sessions(sessions, str(_("Ei tiettyä tapaamista")))


class SubmitForm(forms.Form):
    text = MultiLineTextField(
        label=_("Vastaus"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    file = forms.FileField(label=_("Liite"), required=False, help_text=FILE_HELP)


class ReviewForm(forms.Form):
    ACCEPT, RETURN = "accept", "return"
    decision = forms.ChoiceField(
        label=_("Päätös"),
        choices=[(ACCEPT, _("Hyväksy")), (RETURN, _("Palauta täydennettäväksi"))],
        widget=forms.RadioSelect,
    )
    feedback = MultiLineTextField(
        label=_("Palaute osallistujalle"),
        required=False,
        max_length=TEXT_MAX,
        help_text=_("Pakollinen, kun palautat tehtävän täydennettäväksi."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == self.RETURN and not data.get("feedback"):
            self.add_error(
                "feedback", _("Kerro palautteessa, mitä vastaukseen pitää vielä lisätä.")
            )
        return data


def text_input(field: forms.BoundField) -> SafeString:
    """The field's ``<input>`` as its widget's template renders it (``str(field)``: id,
    value shown in the person's language, required, aria-invalid and aria-describedby
    included) without rendering a template: a session's list has two per participant."""
    widget = field.field.widget
    if field.field.localize:
        widget.is_localized = True
    attrs = field.build_widget_attrs({}, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    context = widget.get_context(field.html_name, field.value(), attrs)["widget"]
    value = context["value"]
    # As django/forms/widgets/input.html and attrs.html: attributes in order, True as a bare
    # name, False left out; every value escaped (as ``stringformat:'s'`` makes it text).
    given = "".join(
        f" {conditional_escape(name)}"
        if v is True
        else f' {conditional_escape(name)}="{escape(v)}"'
        for name, v in context["attrs"].items()
        if v is not False
    )
    shown = "" if value is None else f' value="{escape(value)}"'
    return mark_safe(  # noqa: S308 - every value above is escaped
        f'<input type="{conditional_escape(context["type"])}" '
        f'name="{conditional_escape(context["name"])}"{shown}{given}>'
    )


def _radios(field: forms.BoundField) -> list[tuple[str, str, SafeString]]:
    """The choices of a radio field as (id, label, ``<input>``), the markup Django's radio
    options give (``for radio in field``: the id per choice, checked, required,
    aria-invalid and the other attributes, sorted as ``flatatt`` writes them) without
    building a subwidget per choice: a session's list has three per participant. The
    choices are flat (no groups), as attendance's are."""
    widget = field.field.widget
    id_ = widget.attrs.get("id") or field.auto_id
    attrs = {**widget.attrs, **field.build_widget_attrs({"id": id_} if id_ else {})}
    chosen = widget.format_value(field.value())
    name = conditional_escape(field.html_name)
    radios: list[tuple[Any, Any, SafeString]] = []  # the id, the label (lazy), the input
    picked = False
    for index, (value, label) in enumerate(widget.choices):
        value = "" if value is None else value
        selected = not picked and str(value) in chosen
        picked = picked or selected
        option = {**attrs, **(widget.checked_attribute if selected else {})}
        if "id" in option:
            option["id"] = widget.id_for_label(option["id"], str(index))
        pairs = sorted(
            (k, v) for k, v in option.items() if not isinstance(v, bool) and v is not None
        )
        flags = sorted(k for k, v in option.items() if v is True)
        given = "".join(f' {escape(k)}="{escape(v)}"' for k, v in pairs) + "".join(
            f" {escape(k)}" for k in flags
        )
        radios.append(
            (
                option.get("id"),
                label,
                mark_safe(  # noqa: S308 - every value above is escaped
                    f'<input type="{widget.input_type}" name="{name}" '
                    f'value="{escape(value)}"{given}>'
                ),
            )
        )
    return radios


class AttendanceForm(forms.Form):
    """One row per participant: ``status_<id>`` (present / partial / absent), ``hours_<id>``
    (for a partial presence) and ``reason_<id>`` (for an absence)."""

    def __init__(
        self,
        data: Any = None,
        *,
        session: Session | None = None,
        rows: Sequence[tuple[Participant, Attendance | None]] = (),
        **kwargs: Any,
    ) -> None:
        initial: dict[str, Any] = {}
        for p, mark in rows:
            if mark is not None:
                initial[f"status_{p.pk}"] = mark.status
                if mark.status == Attendance.Status.PARTIAL:
                    initial[f"hours_{p.pk}"] = mark.hours
                initial[f"reason_{p.pk}"] = mark.absence_reason
        super().__init__(data, initial=initial, **kwargs)
        self.hours_max = session.hours if session is not None else SESSION_HOURS_MAX
        self.rows: list[dict[str, Any]] = []
        hours_max = _hours_text(self.hours_max)
        for p, mark in rows:
            self.fields[f"status_{p.pk}"] = forms.ChoiceField(
                label=p.person.display_name or p.person.email,
                choices=Attendance.Status.choices,
                widget=forms.RadioSelect,
                required=False,
            )
            self.fields[f"hours_{p.pk}"] = DecimalInputField(
                label=_("Tunnit (enintään %(max)s)") % {"max": hours_max},
                required=False,
                max_digits=4,
                decimal_places=2,
                error_messages={"invalid": _("Anna tunnit numerona, esimerkiksi 2,5.")},
            )
            self.fields[f"reason_{p.pk}"] = SingleLineTextField(
                label=_("Poissaolon syy"), required=False, max_length=REASON_MAX
            )
            self.rows.append(
                {
                    "participant": p,
                    "mark": mark,
                    "status": self[f"status_{p.pk}"],
                    "radios": partial(_radios, self[f"status_{p.pk}"]),
                    "hours": self[f"hours_{p.pk}"],
                    "reason": self[f"reason_{p.pk}"],
                    "hours_input": partial(text_input, self[f"hours_{p.pk}"]),
                    "reason_input": partial(text_input, self[f"reason_{p.pk}"]),
                }
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for row in self.rows:
            pk = row["participant"].pk
            if data.get(f"status_{pk}") != Attendance.Status.PARTIAL:
                continue
            hours = data.get(f"hours_{pk}")
            if f"hours_{pk}" in self.errors:
                continue
            if hours is None:
                self.add_error(f"hours_{pk}", _("Anna osittaisen läsnäolon tunnit."))
            elif hours <= 0:
                self.add_error(f"hours_{pk}", _("Tuntien pitää olla enemmän kuin 0."))
            elif hours > self.hours_max:
                self.add_error(
                    f"hours_{pk}",
                    _("Tunteja voi olla enintään tapaamisen verran (%(hours)s h).")
                    % {"hours": _hours_text(self.hours_max)},
                )
        return data

    def marks(self) -> list[Mark]:
        out = []
        for row in self.rows:
            pk = row["participant"].pk
            status = self.cleaned_data.get(f"status_{pk}")
            if not status:
                continue
            hours = self.cleaned_data.get(f"hours_{pk}")
            out.append(
                Mark(
                    pk,
                    status,
                    hours if isinstance(hours, Decimal) else None,
                    self.cleaned_data.get(f"reason_{pk}") or "",
                )
            )
        return out
