"""Forms of path templates (part A): the list's search, a template's name and description,
copying a template, a step with every field, and the organisation's note policy."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tutori.core.forms import MultiLineTextField, Select, SingleLineTextField
from tutori.orgs.models import Organisation
from tutori.paths.models import (
    DAYS_MAX,
    NAME_MAX,
    TEXT_MAX,
    Anchor,
    PathStep,
    Responsible,
    StepKind,
)
from tutori.paths.permissions import POLICY_ROLES
from tutori.paths.selectors.templates import Milestones
from tutori.paths.services.templates import StepData

ARCHIVED_CHOICES = [
    ("", _("Käytössä olevat")),
    ("archived", _("Arkistoidut")),
    ("all", _("Kaikki")),
]


class TemplateSearchForm(forms.Form):
    q = SingleLineTextField(
        label=_("Hae nimellä tai organisaatiolla"), required=False, max_length=100
    )
    archived = forms.ChoiceField(
        label=_("Näytä"), required=False, choices=ARCHIVED_CHOICES, widget=Select
    )


def _choice_field(form: forms.Form, name: str) -> forms.ChoiceField:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    return field


def _organisation_choices(organisations: Sequence[Organisation]) -> list[tuple[int, str]]:
    return [(o.pk, o.name) for o in organisations]


class TemplateForm(forms.Form):
    """A template's name and description; ``organisations``: where a new one may be made
    (none when editing)."""

    organisation = forms.TypedChoiceField(label=_("Organisaatio"), coerce=int, widget=Select)
    name = SingleLineTextField(
        label=_("Nimi"),
        max_length=NAME_MAX,
        help_text=_("Esimerkiksi: Vertaisohjaajan polku."),
        error_messages={"required": _("Anna polkupohjalle nimi.")},
    )
    description = MultiLineTextField(
        label=_("Kuvaus"),
        required=False,
        max_length=TEXT_MAX,
        help_text=_("Kenelle polku on tarkoitettu ja mitä sen aikana tapahtuu."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, organisations: Sequence[Organisation] = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.organisations = {o.pk: o for o in organisations}
        if organisations:
            _choice_field(self, "organisation").choices = _organisation_choices(organisations)
            if len(organisations) == 1:
                self.fields["organisation"].initial = organisations[0].pk
        else:
            del self.fields["organisation"]

    def chosen_organisation(self) -> Organisation | None:
        pk = self.cleaned_data.get("organisation")
        return self.organisations.get(pk) if pk is not None else None


class CopyForm(TemplateForm):
    """Copying a template: its new name and organisation (the description is copied)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.pop("description", None)


def _days_field(label: Any, help_text: Any) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=DAYS_MAX,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": _("Anna päivien määrä (0, jos heti)."),
            "invalid": _("Anna päivien määrä numeroina."),
        },
    )


class StepForm(forms.Form):
    """One step with every field. ``earlier``: the steps its window may count from (those
    above it); ``others``: the steps it may depend on (the version's other steps);
    ``milestones``: what the person may name as a milestone."""

    title = SingleLineTextField(
        label=_("Vaiheen nimi"),
        max_length=NAME_MAX,
        help_text=_("Esimerkiksi: Lyhyt työnohjauskeskustelu."),
        error_messages={"required": _("Anna vaiheelle nimi.")},
    )
    kind = forms.ChoiceField(label=_("Laji"), choices=StepKind.choices, widget=Select)
    responsible = forms.ChoiceField(
        label=_("Vastuussa"), choices=Responsible.choices, widget=Select
    )
    instructions = MultiLineTextField(
        label=_("Ohje"),
        required=False,
        max_length=TEXT_MAX,
        help_text=_("Mitä vaiheessa tehdään. Näkyy henkilölle ja valmentajalle."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    anchor = forms.ChoiceField(
        label=_("Ajoitus lasketaan"),
        choices=Anchor.choices,
        widget=forms.RadioSelect,
        initial=Anchor.START,
    )
    anchor_step = forms.TypedChoiceField(
        label=_("Vaihe, jonka valmistumisesta ajoitus lasketaan"),
        coerce=int,
        required=False,
        empty_value=None,
        widget=Select,
    )
    milestone = forms.ChoiceField(
        label=_("Tapahtuma, josta ajoitus lasketaan"), required=False, widget=Select
    )
    due_after_days = _days_field(
        _("Aikaisintaan (päivää)"), _("Montako päivää ajoituksen alusta vaihe aukeaa.")
    )
    due_within_days = _days_field(
        _("Viimeistään (päivää)"),
        _("Montako päivää ajoituksen alusta vaihe on viimeistään tehtävä."),
    )
    completed_by = forms.ChoiceField(
        label=_("Valmistuu itsestään, kun"),
        required=False,
        widget=Select,
        help_text=_("Esimerkiksi kyselyn vaihe valmistuu, kun henkilö vastaa kyselyyn."),
    )
    depends_on = forms.TypedMultipleChoiceField(
        label=_("Edellyttää vaiheita"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Vaihe voidaan tehdä vasta, kun valitut vaiheet on tehty."),
    )

    def __init__(
        self,
        *args: Any,
        earlier: Sequence[PathStep] = (),
        others: Sequence[PathStep] = (),
        milestones: Milestones | None = None,
        step: PathStep | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _choice_field(self, "anchor_step").choices = [
            ("", _("Valitse vaihe")),
            *[(s.pk, s.title) for s in earlier],
        ]
        current = (step.milestone, step.completed_by) if step else ("", "")
        milestones = milestones or Milestones(groups=[], labels={})
        groups = milestones.with_current(*current)
        _choice_field(self, "milestone").choices = [("", _("Valitse tapahtuma")), *groups]
        _choice_field(self, "completed_by").choices = [
            ("", _("Ei: merkitään tehdyksi käsin")),
            *groups,
        ]
        _choice_field(self, "depends_on").choices = [(s.pk, s.title) for s in others]
        if not earlier:
            # Nothing above this step: only the start or a milestone.
            _choice_field(self, "anchor").choices = [
                c for c in Anchor.choices if c[0] != Anchor.STEP
            ]

    @staticmethod
    def initial_of(step: PathStep) -> dict[str, Any]:
        return {
            "title": step.title,
            "kind": step.kind,
            "responsible": step.responsible,
            "instructions": step.instructions,
            "anchor": step.anchor,
            "anchor_step": step.anchor_step_id,
            "milestone": step.milestone,
            "due_after_days": step.due_after_days,
            "due_within_days": step.due_within_days,
            "completed_by": step.completed_by,
            "depends_on": [s.pk for s in step.depends_on.all()],
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        anchor = data.get("anchor")
        if anchor == Anchor.STEP and not data.get("anchor_step"):
            self.add_error(
                "anchor_step", _("Valitse vaihe, jonka valmistumisesta ajoitus lasketaan.")
            )
        if anchor == Anchor.MILESTONE and not data.get("milestone"):
            self.add_error("milestone", _("Valitse tapahtuma, josta ajoitus lasketaan."))
        first, last = data.get("due_after_days"), data.get("due_within_days")
        if first is not None and last is not None and last < first:
            self.add_error(
                "due_within_days",
                _("Viimeinen päivä ei voi olla ennen ensimmäistä: anna vähintään %(days)s.")
                % {"days": first},
            )
        return data

    def step_data(self) -> StepData:
        data = self.cleaned_data
        anchor = data["anchor"]
        return StepData(
            title=data["title"],
            kind=data["kind"],
            responsible=data["responsible"],
            instructions=data.get("instructions") or "",
            anchor=anchor,
            anchor_step=data.get("anchor_step") if anchor == Anchor.STEP else None,
            milestone=(data.get("milestone") or "") if anchor == Anchor.MILESTONE else "",
            due_after_days=data["due_after_days"],
            due_within_days=data["due_within_days"],
            completed_by=data.get("completed_by") or "",
            depends_on=tuple(data.get("depends_on") or ()),
        )


class NotePolicyForm(forms.Form):
    roles = forms.MultipleChoiceField(
        label=_("Muistiinpanoja saavat lukea myös"),
        required=False,
        choices=[(role.value, role.label) for role in POLICY_ROLES],
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Työnohjauksen muistiinpanot näkevät aina niiden kirjoittaja ja henkilö, jota ne "
            "koskevat. Valitse, mitkä organisaation roolit saavat lukea ne lisäksi. Jokainen "
            "lukukerta kirjataan."
        ),
    )
