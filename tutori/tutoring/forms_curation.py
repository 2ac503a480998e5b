"""Forms of the coordinator's curation pages: they validate input; services do the writing."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from tutori.accounts.models import User
from tutori.core.forms import clean_text
from tutori.orgs.models import Organisation
from tutori.tutoring.models import BookingPolicy

# Beyond this an id in a form cannot be a row: refuse it before it reaches the database.
MAX_ID = 2**31 - 1


class TopicSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Hae aihetta"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )

    def clean_q(self) -> str:
        return clean_text(self.cleaned_data.get("q"))


class _TopicFields(forms.Form):
    name = forms.CharField(label=_("Nimi"), max_length=120)
    description = forms.CharField(
        label=_("Kuvaus"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_name(self) -> str:
        name = clean_text(self.cleaned_data.get("name"))
        if not name:
            raise forms.ValidationError(_("Anna aiheelle nimi."))
        return name

    def clean_description(self) -> str:
        return clean_text(self.cleaned_data.get("description"))


class TopicCreateForm(_TopicFields):
    organisation = forms.ModelChoiceField(
        label=_("Organisaatio"), queryset=Organisation.objects.none()
    )
    field_order = ["organisation", "name", "description"]

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = organisations
        choices = list(organisations[:2])
        if len(choices) == 1:
            # The only choice is preselected and needs no empty option.
            field.empty_label = None
            field.initial = choices[0].pk


class TopicEditForm(_TopicFields):
    is_active = forms.BooleanField(
        label=_("Käytössä"),
        required=False,
        help_text=_(
            "Käytöstä poistettu aihe ei näy luettelossa eikä sitä voi valita uusiin "
            "aikoihin. Aiempi historia säilyy."
        ),
    )


class NamedTutorForm(forms.Form):
    """One school's row: the school as a hidden id, the tutor from those who may be chosen."""

    school = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=MAX_ID)
    tutor = forms.TypedChoiceField(label=_("Nimikkotutor"), coerce=int)

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


class BookingPolicyForm(forms.ModelForm):
    """An organisation's booking rules; its schools follow them unless they have their own."""

    class Meta:
        model = BookingPolicy
        fields = [
            "booking_deadline_hours",
            "cancellation_deadline_hours",
            "max_open_bookings_per_week",
            "booking_window_weeks",
        ]
