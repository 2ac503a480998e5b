"""Forms of the tutor profile."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tutori.core.forms import MultiLineTextField, SingleLineTextField


class ProfileForm(forms.Form):
    description = MultiLineTextField(
        label=_("Kuvaus"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Missä voit auttaa? Kirjoita opettajalle ymmärrettävästi."),
    )
    languages = SingleLineTextField(label=_("Ohjauskielet"), required=False, max_length=100)
    topics = forms.TypedMultipleChoiceField(
        label=_("Aiheet"), required=False, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    schools = forms.TypedMultipleChoiceField(
        label=_("Koulut, joita palvelen"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )
    is_published = forms.BooleanField(label=_("Näytä profiili luettelossa"), required=False)

    def __init__(self, *args: Any, topics: Any = (), schools: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        topic_field: Any = self.fields["topics"]
        topic_field.choices = [(t.pk, t.label) for t in topics]
        school_field: Any = self.fields["schools"]
        school_field.choices = [(o.pk, o.name) for o in schools]
