"""Forms of changing a published time: one occurrence or this and the following ones of a
weekly time, and cancelling the rest of a weekly time."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from tutori.core.forms import BoundedDateField, SingleLineTextField, TimeInput
from tutori.core.time import SLOT_DATES
from tutori.tutoring.models import Place, Slot

ONE = "one"
FOLLOWING = "following"
SCOPES = [
    (ONE, _("Vain tämä kerta")),
    (FOLLOWING, _("Tämä ja kaikki seuraavat kerrat")),
]


class SlotEditForm(forms.Form):
    """The clock time, place and places of one time (or of this and the following times of
    its weekly series). The day changes only for one occurrence."""

    scope = forms.ChoiceField(
        label=_("Mitä muutetaan"), choices=SCOPES, initial=ONE, widget=forms.RadioSelect
    )
    day = BoundedDateField(
        label=_("Päivä"),
        bounds=SLOT_DATES,
        help_text=_("Päivää voi muuttaa vain yhdeltä kerralta."),
    )
    start = forms.TimeField(label=_("Alkaa"), widget=TimeInput())
    end = forms.TimeField(label=_("Päättyy"), widget=TimeInput())
    place = forms.ChoiceField(label=_("Paikka"), choices=Place.choices)
    location = SingleLineTextField(label=_("Sijainti tai linkki"), required=False, max_length=200)
    capacity = forms.IntegerField(
        label=_("Paikkoja"),
        min_value=1,
        max_value=200,
        help_text=_("Paikkoja ei voi olla vähemmän kuin aikaan on jo varattu."),
    )

    def __init__(self, *args: Any, in_series: bool = True, group: bool = True, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if not in_series:
            del self.fields["scope"]
        if not group:
            del self.fields["capacity"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end <= start:
            self.add_error("end", _("Päättymisajan on oltava alkamisajan jälkeen."))
        return data


def _slot_label(slot: Slot) -> str:
    return formats.date_format(timezone.localtime(slot.starts_at), "D j.n.Y H:i")


class SeriesCancelForm(forms.Form):
    """Cancel the times of a weekly series from one occurrence on, with a reason the
    bookers read."""

    from_slot = forms.TypedChoiceField(label=_("Peru kerrat alkaen"), coerce=int)
    reason = SingleLineTextField(label=_("Peruutuksen syy"), max_length=300)

    def __init__(self, *args: Any, slots: Iterable[Slot] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["from_slot"]
        field.choices = [(s.pk, _slot_label(s)) for s in slots]
