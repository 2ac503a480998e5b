"""Forms of the reports: the hours report's filter."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tutori.core.forms import BoundedDateField
from tutori.tutoring.selectors.report import Grouping


class HoursReportForm(forms.Form):
    group = forms.ChoiceField(
        label=_("Ryhmittely"),
        required=False,
        choices=[
            (Grouping.SCHOOL, _("Koulu")),
            (Grouping.TOPIC, _("Aihe")),
            (Grouping.MONTH, _("Kuukausi")),
        ],
    )
    start = BoundedDateField(label=_("Alkaen"), required=False)
    end = BoundedDateField(label=_("Päättyen"), required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("Päättymispäivä ei voi olla ennen alkamispäivää."))
        return cleaned
