"""The tutoring impact report's filter: a unit among those the reader oversees and a term."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from tutori.core.forms import Select
from tutori.evaluation.selectors.impact import Term, term_choices, term_from_key, term_of
from tutori.orgs.models import Organisation


class ImpactForm(forms.Form):
    unit = forms.ChoiceField(label=_("Alue"), required=False, widget=Select)
    term = forms.ChoiceField(label=_("Lukukausi"), required=False, widget=Select)

    def __init__(self, *args: Any, units: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.units = {str(unit.pk): unit for unit in units}
        cast(forms.ChoiceField, self.fields["unit"]).choices = [
            ("", _("Kaikki seuraamasi yksiköt")),
            *((str(unit.pk), unit.name) for unit in units),
        ]
        cast(forms.ChoiceField, self.fields["term"]).choices = [
            (t.key, t.label) for t in term_choices()
        ]
        self.fields["term"].initial = term_of().key

    def clean_unit(self) -> Organisation | None:
        return self.units.get(self.cleaned_data.get("unit") or "")

    def clean_term(self) -> Term:
        return term_from_key(self.cleaned_data.get("term") or "") or term_of()
