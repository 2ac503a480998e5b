"""Forms of the tutoring log: one delivered session."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tutori.core.forms import BoundedDateField, Select, SingleLineTextField
from tutori.core.time import LOG_DATES
from tutori.tutoring.models import TutoringSession


class SessionForm(forms.ModelForm):
    # Delivered tutoring: not in the future, nor before Tutori's dates begin.
    date = BoundedDateField(label=_("Päivä"), bounds=LOG_DATES)
    organisation = forms.TypedChoiceField(label=_("Koulu tai yksikkö"), coerce=int, widget=Select)
    topic = forms.TypedChoiceField(
        label=_("Aihe"), required=False, coerce=int, empty_value=None, widget=Select
    )

    class Meta:
        model = TutoringSession
        fields = [
            "date",
            "duration_minutes",
            "mode",
            "place",
            "participant_count",
            "during_lessons",
            "note",
        ]
        field_classes = {"note": SingleLineTextField}

    field_order = ["date", "duration_minutes", "organisation", "topic", "mode", "place"]

    def set_choices(self, organisations: Any, topics: Any) -> None:
        org_field: Any = self.fields["organisation"]
        org_field.choices = [(o.pk, o.name) for o in organisations]
        topic_field: Any = self.fields["topic"]
        topic_field.choices = [("", _("Ei aihetta")), *[(t.pk, t.label) for t in topics]]
