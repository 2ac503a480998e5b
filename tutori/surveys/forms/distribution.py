"""Forms of sending a survey: its audience, and the search of its recipients."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from tutori.core.forms import SingleLineTextField
from tutori.orgs.models import Organisation, Role

# The largest id a database key holds: a larger number is no organisation (and SQLite
# cannot even be asked about it).
MAX_ID = 2**63 - 1


class OrganisationChoices(forms.ModelMultipleChoiceField):
    def clean(self, value: Any) -> Any:
        for pk in value or ():
            # A number (with either sign) beyond what the database holds is no choice: read
            # as text first, since int() refuses numbers of over 4300 digits.
            number = re.fullmatch(r"\s*[+-]?0*([0-9]+)\s*", str(pk))
            if number and (
                len(number.group(1)) > len(str(MAX_ID)) or int(number.group(1)) > MAX_ID
            ):
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": pk},
                )
        return super().clean(value)

    def label_from_instance(self, obj: Organisation) -> str:
        # Indented by depth, so the tree reads as a tree.
        return "\u2003" * obj.depth + obj.name


class AudienceForm(forms.Form):
    organisations = OrganisationChoices(
        label=_("Organisaatiot"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    include_descendants = forms.BooleanField(label=_("myös alayksiköt"), required=False)
    roles = forms.MultipleChoiceField(
        label=_("Roolit"),
        help_text=_("Jos et valitse yhtään, kysely lähtee kaikille rooleille."),
        choices=Role.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    # Shown when an app offers cohorts (a programme's participants, core.registry).
    cohorts = forms.MultipleChoiceField(
        label=_("Koulutusten osallistujat"),
        help_text=_(
            "Kysely lähtee koulutuksen osallistujille ja suorittaneille, joilla on "
            "sähköpostiosoite, sellaisina kuin he ovat tallennettaessa."
        ),
        choices=[],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    file = forms.FileField(
        label=_("Vastaanottajalista (CSV tai XLSX)"),
        help_text=_(
            "Sarakkeet: email ja name, valinnainen language (fi, sv tai en). Otsikot voivat "
            "olla myös suomeksi (sähköposti, nimi, kieli). Sama osoite kahdesti on yksi "
            "vastaanottaja. Uusi lista korvaa aiemman."
        ),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )
    clear_list = forms.BooleanField(label=_("Poista ladattu lista"), required=False)
    reminder_every_days = forms.IntegerField(
        label=_("Muistuta vastaamattomia automaattisesti, päivän välein"),
        help_text=_("0 = ei automaattista muistutusta. Enintään 60 päivää."),
        min_value=0,
        max_value=60,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    def __init__(
        self,
        *args: Any,
        organisations: Any,
        cohorts: list[tuple[str, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisations"]
        assert isinstance(field, OrganisationChoices)
        field.queryset = organisations
        if cohorts:
            choice = self.fields["cohorts"]
            assert isinstance(choice, forms.MultipleChoiceField)
            choice.choices = cohorts
        else:
            del self.fields["cohorts"]


class RecipientSearchForm(forms.Form):
    q = SingleLineTextField(
        label=_("Hae nimellä tai sähköpostilla"), max_length=100, required=False
    )
    answered = forms.ChoiceField(
        label=_("Vastannut"),
        choices=[("", _("kaikki")), ("yes", _("vastanneet")), ("no", _("ei vastanneet"))],
        required=False,
    )
