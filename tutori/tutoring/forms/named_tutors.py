"""Forms of named tutors: one school's named tutor."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tutori.accounts.models import User
from tutori.core.forms import Select
from tutori.tutoring.forms.vocabulary import MAX_ID


class NamedTutorForm(forms.Form):
    """One school's row: the school as a hidden id, the tutor from those who may be chosen."""

    school = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=MAX_ID)
    tutor = forms.TypedChoiceField(label=_("Nimikkotutor"), coerce=int, widget=Select)

    def __init__(self, *args: Any, candidates: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["tutor"]
        assert isinstance(field, forms.TypedChoiceField)
        names = Counter(u.display_name for u in candidates)
        field.choices = [
            ("", _("Valitse tutor")),
            *((u.pk, _person_label(u, names[u.display_name] > 1)) for u in candidates),
        ]


def _person_label(user: User, ambiguous: bool) -> str:
    # Two people of the same name are told apart by e-mail (a coordinator sees it anyway).
    if ambiguous and user.email:
        return f"{user.display_name} ({user.email})"
    return user.display_name
