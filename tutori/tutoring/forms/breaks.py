"""Forms of an organisation's school breaks (syysloma, joululoma, talviloma…)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tutori.core.forms import BoundedDateField, SingleLineTextField
from tutori.tutoring.services.breaks import MAX_BREAK_DAYS


class SchoolBreakForm(forms.Form):
    name = SingleLineTextField(
        label=_("Loman nimi"),
        max_length=80,
        help_text=_("Esimerkiksi Syysloma, Joululoma, Talviloma tai Pääsiäisloma"),
        error_messages={"required": _("Anna lomalle nimi.")},
    )
    starts_on = BoundedDateField(label=_("Ensimmäinen lomapäivä"))
    ends_on = BoundedDateField(label=_("Viimeinen lomapäivä"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on:
            if ends_on < starts_on:
                self.add_error("ends_on", _("Loma ei voi päättyä ennen kuin se alkaa."))
            elif (ends_on - starts_on).days + 1 > MAX_BREAK_DAYS:
                self.add_error(
                    "ends_on",
                    _("Loma voi kestää enintään %(days)d päivää.") % {"days": MAX_BREAK_DAYS},
                )
        return data
