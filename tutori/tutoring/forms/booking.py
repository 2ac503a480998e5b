"""Forms of booking: booking a time, cancelling a booking (or a time), a tutor's decision on
a booking."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tutori.core.forms import MultiLineTextField, Select, SingleLineTextField
from tutori.core.time import local_text


class BookingForm(forms.Form):
    topic = forms.TypedChoiceField(
        label=_("Aihe"), required=False, coerce=int, empty_value=None, widget=Select
    )
    need = MultiLineTextField(
        label=_("Mihin tarvitset apua?"),
        help_text=_("Kerro lyhyesti, niin tutor voi valmistautua."),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    # Sent by the "Liity jonoon" button a full group time shows instead of "Vahvista varaus".
    join_waiting_list = forms.BooleanField(
        label=_("Liity jonoon"), required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args: Any, topics: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_topics(topics)

    def set_topics(self, topics: Any) -> None:
        field: Any = self.fields["topic"]
        field.choices = [("", _("Valitse aihe")), *[(t.pk, t.label) for t in topics]]


class CancelForm(forms.Form):
    reason = SingleLineTextField(
        label=_("Peruutuksen syy"),
        max_length=300,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={"required": _("Kerro peruutuksen syy.")},
    )


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
    reason = SingleLineTextField(label=_("Perustelu (hylätessä)"), required=False, max_length=300)
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
        if data.get("decision") == "decline" and not data.get("reason"):
            self.add_error("reason", _("Kerro lyhyesti, miksi varaus hylätään."))
        return data
