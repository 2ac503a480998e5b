"""Forms of people on paths (part B): finding a person, putting one or a group on a path,
the coach, stopping a path, a reflection, and the filters of the list of paths."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from tutori.core.forms import MultiLineTextField, Select, SingleLineTextField
from tutori.paths.models import NAME_MAX, TEXT_MAX, PersonPath

# Ids beyond a database integer are nobody's.
MAX_ID = 2**31 - 1


def _people_choices(people: Sequence[Any], empty: Any) -> list[tuple[str, Any]]:
    return [("", empty)] + [(str(p.pk), p.display_name or p.email) for p in people]


class PeopleSearchForm(forms.Form):
    q = SingleLineTextField(
        label=_("Hae henkilöä nimellä tai sähköpostilla"),
        help_text=_("Kirjoita vähintään kaksi merkkiä."),
        required=False,
        max_length=100,
    )


class PutOnPersonForm(forms.Form):
    """One person chosen among the search's results (a radio button per row)."""

    person = forms.IntegerField(min_value=1, max_value=MAX_ID)
    coach = forms.TypedChoiceField(
        label=_("Valmentaja"), coerce=int, required=False, empty_value=None, widget=Select
    )

    def __init__(self, *args: Any, coaches: Sequence[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["coach"]).choices = _people_choices(
            coaches, _("Ei valmentajaa")
        )


class PutOnGroupForm(forms.Form):
    """A group another app offers (a programme's participants, a survey answer)."""

    cohort = forms.ChoiceField(label=_("Ryhmä"), widget=Select)
    coach = forms.TypedChoiceField(
        label=_("Valmentaja"), coerce=int, required=False, empty_value=None, widget=Select
    )

    def __init__(
        self,
        *args: Any,
        cohorts: Sequence[tuple[Any, list[tuple[str, str]]]] = (),
        coaches: Sequence[Any] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["cohort"]).choices = [
            ("", _("Valitse ryhmä")),
            *cohorts,
        ]
        cast(forms.ChoiceField, self.fields["coach"]).choices = _people_choices(
            coaches, _("Ei valmentajaa")
        )


class CoachForm(forms.Form):
    coach = forms.TypedChoiceField(
        label=_("Valmentaja"), coerce=int, required=False, empty_value=None, widget=Select
    )

    def __init__(self, *args: Any, coaches: Sequence[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["coach"]).choices = _people_choices(
            coaches, _("Ei valmentajaa")
        )


class StopForm(forms.Form):
    reason = SingleLineTextField(label=_("Keskeytyksen syy"), max_length=NAME_MAX)


class ReflectionForm(forms.Form):
    text = MultiLineTextField(
        label=_("Oma pohdintasi"),
        help_text=_("Valmentajasi näkee pohdintasi."),
        max_length=TEXT_MAX,
    )


class PathFilterForm(forms.Form):
    q = SingleLineTextField(
        label=_("Hae henkilön tai organisaation nimellä"), required=False, max_length=100
    )
    template = forms.TypedChoiceField(
        label=_("Polku"), coerce=int, required=False, empty_value=None, widget=Select
    )
    status = forms.ChoiceField(
        label=_("Tila"),
        required=False,
        choices=[("", _("Kaikki")), *PersonPath.Status.choices],
        widget=Select,
    )
    coach = forms.TypedChoiceField(
        label=_("Valmentaja"), coerce=int, required=False, empty_value=None, widget=Select
    )
    overdue = forms.BooleanField(label=_("Vain myöhässä olevat"), required=False)

    def __init__(
        self,
        *args: Any,
        template_choices: Sequence[tuple[int, str]] = (),
        coach_choices: Sequence[tuple[int, str]] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["template"]).choices = [
            ("", _("Kaikki")),
            *template_choices,
        ]
        cast(forms.ChoiceField, self.fields["coach"]).choices = [("", _("Kaikki")), *coach_choices]
