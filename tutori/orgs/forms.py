"""Forms of the orgs app: they validate input; services do the writing."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tutori.accounts.models import email_normalise
from tutori.core.forms import SingleLineTextField
from tutori.orgs.models import InvitationState, Role
from tutori.orgs.selectors import InvitationFilter, MembershipStatus


class PeopleFilterForm(forms.Form):
    q = SingleLineTextField(
        label=_("Hae nimellä tai sähköpostilla"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    role = forms.ChoiceField(
        label=_("Rooli"), required=False, choices=[("", _("Kaikki roolit")), *Role.choices]
    )
    status = forms.ChoiceField(
        label=_("Tila"),
        required=False,
        choices=[
            (MembershipStatus.ACTIVE, _("Voimassa")),
            (MembershipStatus.ENDED, _("Päättyneet")),
            (MembershipStatus.ALL, _("Kaikki")),
        ],
    )
    sub = forms.BooleanField(label=_("Myös alaorganisaatiot"), required=False)


class InvitationFilterForm(forms.Form):
    q = SingleLineTextField(
        label=_("Hae nimellä tai sähköpostilla"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    state = forms.ChoiceField(
        label=_("Tila"),
        required=False,
        choices=[
            (InvitationFilter.OPEN, _("Avoimet (kutsutut ja vanhentuneet)")),
            (InvitationState.WAITING, _("Kutsutut")),
            (InvitationState.EXPIRED, _("Vanhentuneet")),
            (InvitationState.ACCEPTED, _("Hyväksytyt")),
            (InvitationState.WITHDRAWN, _("Perutut")),
            (InvitationFilter.ALL, _("Kaikki")),
        ],
    )
    sub = forms.BooleanField(label=_("Myös alaorganisaatiot"), required=False)


class InviteForm(forms.Form):
    display_name = SingleLineTextField(
        label=_("Nimi"), max_length=150, error_messages={"required": _("Anna nimi.")}
    )
    email = forms.EmailField(label=_("Sähköposti"), max_length=254)
    role = forms.ChoiceField(label=_("Rooli"), choices=Role.choices, initial=Role.MEMBER)

    def clean_email(self) -> str:
        return email_normalise(self.cleaned_data["email"])


class RoleChangeForm(forms.Form):
    role = forms.ChoiceField(label=_("Uusi rooli"), choices=Role.choices)


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Henkilölista (CSV tai XLSX)"),
        help_text=_(
            "Sarakkeet: name, email, organisation, role; valinnaiset phone ja language. "
            "Otsikot voivat olla myös suomeksi (nimi, sähköposti, organisaatio, rooli). "
            "Roolin voi kirjoittaa suomeksi, ruotsiksi tai englanniksi millä tahansa alla "
            "luetelluista nimistä, isoilla tai pienillä kirjaimilla, tai koodina."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )
