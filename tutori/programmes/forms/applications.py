"""Forms of applications: applying, the coordinator's decision, the list's filter, the search
of people to enrol and cancelling."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tutori.core.forms import MultiLineTextField, Select, SingleLineTextField
from tutori.programmes.models import TEXT_MAX, Participant, Programme
from tutori.programmes.selectors.applications import STATUS_ORDER, status_label
from tutori.programmes.services.enrolment import REASON_MAX

MOTIVATION_ROWS = 6
SELF = ""


class ApplyForm(forms.Form):
    """Motivation and one answer per criterion of the programme; ``people`` (a manager's
    own people) adds the choice of whose behalf the application is made on."""

    person = forms.ChoiceField(label=_("Kenen puolesta haet?"), required=False, widget=Select)
    motivation = MultiLineTextField(
        label=_("Miksi haet koulutukseen?"),
        help_text=_("Kerro lyhyesti, mitä toivot koulutukselta ja miten käytät oppimaasi."),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": MOTIVATION_ROWS}),
    )

    def __init__(
        self, *args: Any, programme: Programme, people: list[Any] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = list(programme.criteria or [])
        for n, question in enumerate(self.criteria):
            self.fields[f"answer_{n}"] = MultiLineTextField(
                label=str(question),
                max_length=TEXT_MAX,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        if people:
            field = self.fields["person"]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [(SELF, _("Itseni"))] + [
                (str(p.pk), f"{p.display_name} ({p.email})" if p.email else p.display_name)
                for p in people
            ]
        else:
            del self.fields["person"]

    def answer_fields(self) -> list[forms.BoundField]:
        return [self[f"answer_{n}"] for n in range(len(self.criteria))]

    def answers(self) -> list[str]:
        return [self.cleaned_data[f"answer_{n}"] for n in range(len(self.criteria))]

    def chosen_person_id(self) -> int | None:
        value = self.cleaned_data.get("person") or SELF
        return int(value) if value else None


class Decision:
    ACCEPT = "accept"
    WAITLIST = "waitlist"
    DECLINE = "decline"


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Päätös"), widget=forms.RadioSelect)
    message = MultiLineTextField(
        label=_("Viesti hakijalle"),
        help_text=_(
            "Viesti lähtee hakijalle sähköpostissa päätöksen kanssa. Kielteiseen päätökseen "
            "viesti on pakollinen."
        ),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, participant: Participant, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(Decision.ACCEPT, _("Hyväksy osallistujaksi"))]
        if participant.status == Participant.Status.APPLIED:
            choices.append((Decision.WAITLIST, _("Laita varasijalle")))
        choices.append((Decision.DECLINE, _("Älä valitse (hylkää hakemus)")))
        field = self.fields["decision"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == Decision.DECLINE and not data.get("message"):
            self.add_error("message", _("Kirjoita hakijalle viesti, kun et valitse häntä."))
        return data


class ApplicationFilterForm(forms.Form):
    q = SingleLineTextField(
        label=_("Hae nimellä, sähköpostilla tai organisaatiolla"), required=False, max_length=100
    )
    status = forms.ChoiceField(label=_("Tila"), required=False, widget=Select)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["status"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("Kaikki"))] + [(s, status_label(s)) for s in STATUS_ORDER]


class EnrolSearchForm(forms.Form):
    q = SingleLineTextField(
        label=_("Hae henkilöä nimellä tai sähköpostilla"),
        help_text=_("Kirjoita vähintään kaksi merkkiä."),
        required=False,
        max_length=100,
    )


class EnrolForm(forms.Form):
    person = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    organisation = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)


class CancelForm(forms.Form):
    reason = SingleLineTextField(
        label=_("Syy (vapaaehtoinen)"), required=False, max_length=REASON_MAX
    )
