"""Forms of booking: booking a time, cancelling a booking (or a time), a tutor's decision on
a booking."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tutori.core.forms import clean_text
from tutori.core.time import local_text


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
