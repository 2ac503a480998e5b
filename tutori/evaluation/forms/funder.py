"""The funder report's two choices: a programme (its report), or an area (a unit the reader
oversees, or all of them) and a period of school terms."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from tutori.core.forms import Select
from tutori.evaluation.selectors.impact import Term, term_choices, term_from_key, term_of
from tutori.orgs.models import Organisation
from tutori.programmes.models import Programme


class ProgrammeChoiceForm(forms.Form):
    programme = forms.ChoiceField(label=_("Koulutus"), widget=Select)

    def __init__(self, *args: Any, programmes: list[Programme], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.programmes = {str(p.pk): p for p in programmes}
        cast(forms.ChoiceField, self.fields["programme"]).choices = [
            ("", _("Valitse koulutus")),
            *((str(p.pk), f"{p.name} ({p.organisation.name})") for p in programmes),
        ]
        self.fields["programme"].error_messages["invalid_choice"] = _(
            "Valitse koulutus listasta: raportin voi laatia vain koulutuksesta, jota johdat "
            "tai jonka ohjausryhmässä olet."
        )

    def clean_programme(self) -> Programme:
        return self.programmes[self.cleaned_data["programme"]]


class AreaForm(forms.Form):
    # The page's form also sends a hidden ``area=1``: the view reads it to know that the
    # area report was asked for; it is no field of this form.
    unit = forms.ChoiceField(label=_("Alue"), required=False, widget=Select)
    start = forms.ChoiceField(label=_("Alkaen lukukaudesta"), required=False, widget=Select)
    end = forms.ChoiceField(label=_("Päättyen lukukauteen"), required=False, widget=Select)

    def __init__(self, *args: Any, units: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.units = {str(unit.pk): unit for unit in units}
        cast(forms.ChoiceField, self.fields["unit"]).choices = [
            ("", _("Kaikki seuraamasi yksiköt")),
            *((str(unit.pk), unit.name) for unit in units),
        ]
        self.fields["unit"].error_messages["invalid_choice"] = _(
            "Valitse alue listasta: vain yksiköt, joiden tutorointia seuraat."
        )
        terms = [(t.key, t.label) for t in term_choices()]
        for name in ("start", "end"):
            cast(forms.ChoiceField, self.fields[name]).choices = terms
            self.fields[name].initial = term_of().key
            self.fields[name].error_messages["invalid_choice"] = _("Valitse lukukausi listasta.")

    def clean_unit(self) -> Organisation | None:
        return self.units.get(self.cleaned_data.get("unit") or "")

    def clean_start(self) -> Term:
        return term_from_key(self.cleaned_data.get("start") or "") or term_of()

    def clean_end(self) -> Term:
        return term_from_key(self.cleaned_data.get("end") or "") or term_of()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end.start < start.start:
            self.add_error("end", _("Päättymislukukausi ei voi olla ennen alkamislukukautta."))
        return cleaned
