"""Forms of the evaluation index and of linking a programme's surveys (part A)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tutori.core.forms import Select, SingleLineTextField
from tutori.programmes.models import Programme
from tutori.surveys.models import Purpose, Survey


class IndexSearchForm(forms.Form):
    q = SingleLineTextField(
        label=_("Hae koulutuksen tai järjestäjän nimellä"), required=False, max_length=100
    )
    status = forms.ChoiceField(
        label=_("Koulutuksen tila"),
        required=False,
        choices=[("", _("Kaikki")), *Programme.Status.choices],
        widget=Select,
    )


def _label(survey: Survey) -> str:
    where = survey.organisation.name if survey.organisation else ""
    return f"{survey.title} ({where}, {survey.get_status_display()})"


class LinkForm(forms.Form):
    """The pre, post and feedback surveys among ``surveys`` (those the user may link): the
    feedback among the surveys whose purpose is feedback, the pre and post among the rest."""

    pre = forms.TypedChoiceField(
        label=_("Alkuarviointi"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=Select,
        help_text=_("Itsearviointi koulutuksen alussa. Kutsu lähtee koulutuksen alkaessa."),
    )
    post = forms.TypedChoiceField(
        label=_("Loppuarviointi"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=Select,
        help_text=_(
            "Sama itsearviointi koulutuksen lopussa (tehty samasta mittarista kuin "
            "alkuarviointi). Kutsu lähtee koulutuksen päättyessä."
        ),
    )
    feedback = forms.TypedChoiceField(
        label=_("Palautekysely"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=Select,
        help_text=_("Kysely, jonka tarkoitus on palaute. Kutsu lähtee koulutuksen päättyessä."),
    )

    def __init__(self, *args: Any, surveys: list[Survey], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        none: list[tuple[Any, str]] = [("", str(_("Ei valittu")))]
        self_assessed = [(s.pk, _label(s)) for s in surveys if s.purpose != Purpose.FEEDBACK]
        feedback = [(s.pk, _label(s)) for s in surveys if s.purpose == Purpose.FEEDBACK]
        for name, choices in (
            ("pre", self_assessed),
            ("post", self_assessed),
            ("feedback", feedback),
        ):
            field = self.fields[name]
            assert isinstance(field, forms.TypedChoiceField)
            field.choices = none + choices
