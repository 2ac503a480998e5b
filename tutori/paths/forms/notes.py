"""The form of a supervision conversation (part C): when and how long, linked to a step of
the path, what was talked about, and whether the step is now done (ticked by default)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tutori.core.forms import BoundedDateField, MultiLineTextField, Select
from tutori.core.time import LOG_DATES
from tutori.paths.models import MINUTES_MAX, TEXT_MAX


def _text(label: Any, help_text: Any = "") -> MultiLineTextField:
    return MultiLineTextField(
        label=label,
        required=False,
        max_length=TEXT_MAX,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class SupervisionForm(forms.Form):
    person_step = forms.TypedChoiceField(
        label=_("Polun vaihe"),
        coerce=int,
        required=False,
        empty_value=None,
        widget=Select,
        error_messages={"invalid_choice": _("Valitse polun vaihe listasta.")},
    )
    held_on = BoundedDateField(
        label=_("Keskustelun päivä"),
        bounds=LOG_DATES,
        error_messages={"required": _("Anna keskustelun päivä.")},
    )
    duration_minutes = forms.IntegerField(
        label=_("Kesto (min)"),
        min_value=1,
        max_value=MINUTES_MAX,
        error_messages={
            "required": _("Anna keskustelun kesto minuutteina."),
            "invalid": _("Anna kesto kokonaisina minuutteina."),
        },
    )
    problems = _text(_("Käsitellyt ongelmatilanteet"))
    solutions = _text(_("Yhdessä löydetyt ratkaisut"))
    feedback_given = _text(_("Valmentajan antama palaute ja vinkit"))
    feedback_received = _text(_("Valmentajan saama palaute"))
    ideas = _text(_("Kehittämisideat"))
    person_view = _text(
        _("Valmennettavan oma näkemys"), _("Mitä valmennettava itse halusi kirjattavan.")
    )
    mark_done = forms.BooleanField(
        label=_("Merkitse vaihe tehdyksi keskustelun päivälle"), required=False, initial=True
    )

    TEXTS = ("problems", "solutions", "feedback_given", "feedback_received", "ideas", "person_view")

    def __init__(self, *args: Any, steps: Sequence[tuple[int, str]] = (), **kwargs: Any) -> None:
        """``steps``: the path's steps as ``(id, label)``, in order."""
        super().__init__(*args, **kwargs)
        field = self.fields["person_step"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", _("Ei mikään vaihe")), *steps]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        typed = any(data.get(name) or name in self.errors for name in self.TEXTS)
        if not typed:
            raise forms.ValidationError(_("Kirjoita keskustelusta ainakin jotakin."))
        return data


class SupervisionEditForm(SupervisionForm):
    """Correcting a recorded conversation: the same fields, without marking the step done
    (a step done or not is the steps' own business by then)."""

    def __init__(self, *args: Any, steps: Sequence[tuple[int, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, steps=steps, **kwargs)
        del self.fields["mark_done"]
