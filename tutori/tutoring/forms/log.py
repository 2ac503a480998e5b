"""Forms of the tutoring log: one delivered session."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tutori.core.forms import DateInput, clean_text
from tutori.tutoring.models import TutoringSession


class SessionForm(forms.ModelForm):
    organisation = forms.TypedChoiceField(label=_("Koulu tai yksikkö"), coerce=int)
    topic = forms.TypedChoiceField(label=_("Aihe"), required=False, coerce=int, empty_value=None)

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
        widgets = {"date": DateInput()}

    field_order = ["date", "duration_minutes", "organisation", "topic", "mode", "place"]

    def set_choices(self, organisations: Any, topics: Any) -> None:
        org_field: Any = self.fields["organisation"]
        org_field.choices = [(o.pk, o.name) for o in organisations]
        topic_field: Any = self.fields["topic"]
        topic_field.choices = [("", _("Ei aihetta")), *[(t.pk, t.name) for t in topics]]

    def clean_note(self) -> str:
        return clean_text(self.cleaned_data.get("note", ""))

    def clean_date(self) -> date:
        day: date = self.cleaned_data["date"]
        if day > timezone.localdate() + timedelta(days=1):
            raise forms.ValidationError(_("Kirjaa vain toteutunutta tutorointia."))
        return day
