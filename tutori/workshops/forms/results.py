"""Forms of the results part (W3): the archive's search, and a theme's follow-up work (a
topic or a survey question in one click, or a task with an owner and a due date)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tutori.core.forms import BoundedDateField, MultiLineTextField, Select, SingleLineTextField
from tutori.core.time import SLOT_DATES
from tutori.workshops.models import TITLE_MAX
from tutori.workshops.services.follow_up import TARGET_KINDS

NOTE_MAX = 1000


class ArchiveSearchForm(forms.Form):
    q = SingleLineTextField(
        label=_("Hae nimellä tai organisaatiolla"), required=False, max_length=100
    )


class MakeForm(forms.Form):
    """A topic or a survey question made of the theme (the target's key)."""

    target = forms.ChoiceField(choices=[(key, key) for key in TARGET_KINDS])


class TaskForm(forms.Form):
    """A task of the theme: ``candidates`` are the people who may own it."""

    title = SingleLineTextField(label=_("Tehtävä"), max_length=TITLE_MAX)
    owner = forms.TypedChoiceField(label=_("Vastuuhenkilö"), coerce=int, widget=Select)
    due_on = BoundedDateField(label=_("Määräpäivä"), bounds=SLOT_DATES)
    note = MultiLineTextField(
        label=_("Viesti vastuuhenkilölle"),
        required=False,
        max_length=NOTE_MAX,
        help_text=_("Lähetetään sähköpostissa tehtävän kanssa."),
    )

    def __init__(self, *args: Any, candidates: Sequence[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.candidates = {person.pk: person for person in candidates}
        owner = self.fields["owner"]
        assert isinstance(owner, forms.ChoiceField)
        owner.choices = [("", _("Valitse")), *((p.pk, _person(p)) for p in candidates)]
        self.fields["note"].widget.attrs["rows"] = 3

    def chosen_owner(self) -> Any:
        return self.candidates.get(self.cleaned_data["owner"])


def _person(person: Any) -> str:
    return str(person.display_name or person.email)
