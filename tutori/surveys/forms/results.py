"""The filters of a survey's results: an organisation the viewer sees answers of, a role."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tutori.surveys.selectors.results import Filters, OrganisationOption, role_options


class ResultsFilterForm(forms.Form):
    organisation = forms.TypedChoiceField(
        label=_("Organisaatio"), required=False, coerce=int, empty_value=None
    )
    role = forms.ChoiceField(label=_("Rooli"), required=False)

    def __init__(self, *args: Any, organisations: Sequence[OrganisationOption], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._organisations = {o.pk: o for o in organisations}
        organisation = self.fields["organisation"]
        role = self.fields["role"]
        assert isinstance(organisation, forms.ChoiceField)
        assert isinstance(role, forms.ChoiceField)
        organisation.choices = [
            ("", _("Kaikki")),
            *((o.pk, o.name) for o in organisations),
        ]
        role.choices = [("", _("Kaikki")), *role_options()]

    def filters(self) -> Filters:
        """The valid filters (a bad one is left out; the form shows its error)."""
        if not self.is_bound:
            return Filters()
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return Filters(
            organisation=self._organisations.get(data.get("organisation") or 0),
            role=data.get("role") or "",
        )
