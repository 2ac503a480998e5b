"""Forms of the coach's work on a path (part C): marking a step done (on which day) and
moving a step's window with a reason."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tutori.core.forms import BoundedDateField, SingleLineTextField
from tutori.core.time import LOG_DATES, SLOT_DATES
from tutori.paths.models import NAME_MAX


class StepDoneForm(forms.Form):
    done_on = BoundedDateField(
        label=_("Tehty päivänä"),
        bounds=LOG_DATES,
        error_messages={"required": _("Anna päivä, jona vaihe tehtiin.")},
    )


class RescheduleForm(forms.Form):
    due_from = BoundedDateField(
        label=_("Aikaisintaan"),
        bounds=SLOT_DATES,
        error_messages={"required": _("Anna ensimmäinen päivä.")},
    )
    due_to = BoundedDateField(
        label=_("Viimeistään"),
        bounds=SLOT_DATES,
        error_messages={"required": _("Anna viimeinen päivä.")},
    )
    reason = SingleLineTextField(
        label=_("Syy"),
        max_length=NAME_MAX,
        help_text=_("Esimerkiksi: sairasloma, valmentautuja pyysi siirtoa."),
        error_messages={"required": _("Kerro syy aikataulun muutokselle.")},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("due_from"), data.get("due_to")
        if first and last and last < first:
            self.add_error("due_to", _("Viimeinen päivä ei voi olla ennen ensimmäistä."))
        return data
