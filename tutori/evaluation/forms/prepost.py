"""The pre/post report's filter: the respondents' organisation and other cohorts of the same
instrument, among those the report offers (part P)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tutori.evaluation.selectors.prepost import Choice

# A key is digits, at most this long; anything else is not a choice (never a 500).
_KEY_DIGITS = 12


def key_of(raw: str | None) -> int | None:
    """A choice's key from the query string, or None when it isn't one."""
    if not raw or not raw.isascii() or not raw.isdigit() or len(raw) > _KEY_DIGITS:
        return None
    return int(raw)


class PrepostFilterForm(forms.Form):
    org = forms.TypedChoiceField(
        label=_("Vastaajien organisaatio"),
        required=False,
        coerce=int,
        empty_value=None,
    )

    def __init__(
        self,
        data: Any = None,
        files: Any = None,
        *,
        organisation_choices: Sequence[Choice] = (),
        cohort_choices: Sequence[Choice] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(data, files, **kwargs)
        org = self.fields["org"]
        assert isinstance(org, forms.TypedChoiceField)
        org.choices = [
            ("", _("Kaikki")),
            *((str(o.pk), o.name) for o in organisation_choices if o.available),
        ]
        offered = [(str(c.pk), c.name) for c in cohort_choices if c.available]
        self.fields["with"] = forms.TypedMultipleChoiceField(
            label=_("Mukaan myös nämä koulutukset (sama mittari)"),
            required=False,
            coerce=int,
            choices=offered,
            widget=forms.CheckboxSelectMultiple,
        )
