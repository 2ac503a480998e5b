"""Forms of substitute budgets: a budget, a spend and the decision on it."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from tutori.core.forms import BoundedDateField, DecimalInputField, SingleLineTextField
from tutori.orgs.models import Organisation, OrganisationKind
from tutori.tutoring.models import SubstituteBudget, TutoringSession
from tutori.tutoring.selectors.budget import substitute_sessions

if TYPE_CHECKING:
    from tutori.accounts.models import User


def _money_field(label: Any, *, min_value: Decimal) -> DecimalInputField:
    # What the app shows is read back: "1 200,50", "1200,5", "1200.50", "1 200,50 €".
    return DecimalInputField(
        label=label,
        max_digits=10,
        decimal_places=2,
        min_value=min_value,
        currency="€",
        error_messages={"invalid": _("Anna summa euroina, esimerkiksi 1 200,50.")},
    )


class BudgetForm(forms.Form):
    school = forms.ModelChoiceField(label=_("Koulu"), queryset=Organisation.objects.none())
    term = SingleLineTextField(
        label=_("Budjettikausi"),
        max_length=40,
        help_text=_("Esimerkiksi ”syksy 2026” tai ”lukuvuosi 2026–2027”."),
        error_messages={"required": _("Anna budjettikauden nimi.")},
    )
    starts_on = BoundedDateField(label=_("Alkaa"))
    ends_on = BoundedDateField(label=_("Päättyy"))
    amount = _money_field(_("Budjetti (€)"), min_value=Decimal(0))

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Coordinators curate their organisation and everything below it; a substitute
        # budget is a school's (not the municipality's, a workshop's or an agency's).
        self.fields["school"].queryset = (  # type: ignore[attr-defined]
            Organisation.objects.visible_to(user, "tutoring.curate")
            .filter(kind=OrganisationKind.SCHOOL)
            .order_by("name")
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("Päättymispäivä ei voi olla ennen alkamispäivää."))
        return cleaned


class SessionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        session: TutoringSession = obj
        day = formats.date_format(session.date, "j.n.Y")
        return f"{day} – {session.tutor.display_name} ({session.duration_minutes} min)"


class SpendForm(forms.Form):
    date = BoundedDateField(label=_("Päivä"))
    amount = _money_field(_("Summa (€)"), min_value=Decimal("0.01"))
    description = SingleLineTextField(
        label=_("Kuvaus"), max_length=200, error_messages={"required": _("Anna kuvaus.")}
    )
    session = SessionChoiceField(
        label=_("Tutorointi, jonka ajaksi sijainen tarvittiin"),
        queryset=TutoringSession.objects.none(),
        required=False,
        empty_label=_("Ei liitetty tutorointiin"),
        help_text=_("Vain oppituntien aikana pidetyt tutoroinnit."),
    )
    confirm_overdraft = forms.BooleanField(
        label=_("Ymmärrän, että budjetti menee miinukselle"), required=False
    )

    def __init__(
        self, *args: Any, user: User, budget: SubstituteBudget, available: Decimal, **kwargs: Any
    ) -> None:
        """``available``: the budget minus approved and proposed spend, before this one."""
        super().__init__(*args, **kwargs)
        self.budget = budget
        self.available = available
        self.overdraft = False
        self.fields["session"].queryset = substitute_sessions(  # type: ignore[attr-defined]
            user=user, school=budget.school
        )

    def clean_date(self) -> Any:
        value = self.cleaned_data["date"]
        if not self.budget.starts_on <= value <= self.budget.ends_on:
            raise forms.ValidationError(
                _("Päivän pitää olla budjetin lukukaudella (%(start)s–%(end)s).")
                % {
                    "start": formats.date_format(self.budget.starts_on, "j.n.Y"),
                    "end": formats.date_format(self.budget.ends_on, "j.n.Y"),
                }
            )
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        amount = cleaned.get("amount")
        if amount is not None and self.available - amount < 0:
            # Warn before the budget goes negative, not after.
            self.overdraft = True
            if not cleaned.get("confirm_overdraft"):
                self.add_error(
                    "confirm_overdraft",
                    _(
                        "Kulu veisi budjetin miinukselle. Vahvista, että ymmärrät tämän, "
                        "ja tallenna uudelleen."
                    ),
                )
        return cleaned


class SpendDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Päätös"), choices=[("approve", _("Hyväksy")), ("reject", _("Hylkää"))]
    )
    reason = SingleLineTextField(
        label=_("Perustelu (vapaaehtoinen)"),
        required=False,
        max_length=500,
        help_text=_("Kulun lisääjä näkee perustelun ja saa sen sähköpostissa."),
    )
