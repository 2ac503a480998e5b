"""Forms of the topic vocabulary: searching, adding and editing a topic."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from tutori.core.forms import MultiLineTextField, SingleLineTextField
from tutori.orgs.models import Organisation

# Beyond this an id in a form cannot be a row: refuse it before it reaches the database.
MAX_ID = 2**31 - 1


class TopicSearchForm(forms.Form):
    q = SingleLineTextField(
        label=_("Hae aihetta"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )


_FALLBACK = _("Jos jätät tyhjäksi, näytetään suomenkielinen teksti.")


class _TopicFields(forms.Form):
    name = SingleLineTextField(
        label=_("Nimi"), max_length=120, error_messages={"required": _("Anna aiheelle nimi.")}
    )
    name_sv = SingleLineTextField(
        label=_("Nimi ruotsiksi"), required=False, max_length=120, help_text=_FALLBACK
    )
    name_en = SingleLineTextField(
        label=_("Nimi englanniksi"), required=False, max_length=120, help_text=_FALLBACK
    )
    description = MultiLineTextField(
        label=_("Kuvaus"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    description_sv = MultiLineTextField(
        label=_("Kuvaus ruotsiksi"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_FALLBACK,
    )
    description_en = MultiLineTextField(
        label=_("Kuvaus englanniksi"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_FALLBACK,
    )


class TopicCreateForm(_TopicFields):
    organisation = forms.ModelChoiceField(
        label=_("Organisaatio"), queryset=Organisation.objects.none()
    )
    field_order = ["organisation", *_TopicFields.base_fields]

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
