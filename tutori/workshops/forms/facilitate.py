"""Forms of the facilitator: the list's search, a workshop's details with its questions as
lines, moving phases, and the grouping page's themes and moves."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tutori.core.forms import (
    BoundedDateField,
    MultiLineTextField,
    Select,
    SingleLineTextField,
    TimeInput,
)
from tutori.orgs.models import Network, Organisation
from tutori.workshops.models import (
    DESCRIPTION_MAX,
    QUESTION_MAX,
    QUESTIONS_MAX,
    THEME_MAX,
    TITLE_MAX,
    VOTES_MAX,
    Phase,
    Theme,
    Workshop,
)

STATUS_CHOICES = [("", _("Kaikki")), *Workshop.Status.choices]


class WorkshopSearchForm(forms.Form):
    q = SingleLineTextField(label=_("Hae otsikolla"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Tila"), required=False, choices=STATUS_CHOICES, widget=Select
    )


def question_lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").split("\n") if line.strip()]


class WorkshopForm(forms.Form):
    """A workshop's details; ``organisations``: where a new one may be made (none when
    editing); ``networks``: those the organisations are in (``selectors.networks_of``: each
    with ``member_ids``, which of the organisations it holds)."""

    organisation = forms.TypedChoiceField(label=_("Organisaatio"), coerce=int, widget=Select)
    network = forms.TypedChoiceField(
        label=_("Verkoston yhteinen työpaja"),
        coerce=int,
        required=False,
        empty_value=None,
        widget=Select,
        help_text=_(
            "Valitse verkosto, johon organisaatio kuuluu. Päättyneen työpajan tulokset näkyvät "
            "myös verkoston muiden organisaatioiden koordinaattoreille ja esihenkilöille."
        ),
    )
    title = SingleLineTextField(
        label=_("Otsikko"),
        max_length=TITLE_MAX,
        help_text=_("Esimerkiksi: Puimala – tutoropettajan koulutus."),
        error_messages={"required": _("Anna työpajalle otsikko.")},
    )
    held_on = BoundedDateField(
        label=_("Päivämäärä"), error_messages={"required": _("Anna työpajan päivämäärä.")}
    )
    starts_at = forms.TimeField(label=_("Alkaa klo"), required=False, widget=TimeInput)
    description = MultiLineTextField(
        label=_("Kuvaus"),
        required=False,
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    questions = MultiLineTextField(
        label=_("Kysymykset"),
        help_text=_("Yksi kysymys riville, enintään %(max)s merkkiä kukin.")
        % {"max": QUESTION_MAX},
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Anna työpajalle ainakin yksi kysymys.")},
    )
    votes_per_participant = forms.IntegerField(
        label=_("Ääniä osallistujalla kysymystä kohden"),
        min_value=1,
        max_value=VOTES_MAX,
        initial=3,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={"invalid": _("Anna äänten määrä numeroina.")},
    )
    votes_per_theme = forms.IntegerField(
        label=_("Ääniä yhdelle teemalle enintään"),
        min_value=1,
        max_value=VOTES_MAX,
        initial=1,
        help_text=_("Yli 1, jos osallistuja saa antaa useamman äänen samalle teemalle."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={"invalid": _("Anna äänten määrä numeroina.")},
    )
    anonymous = forms.BooleanField(
        label=_("Nimettömät ideat"),
        required=False,
        initial=True,
        help_text=_(
            "Kukaan, ei ohjaajakaan, näe kuka kirjoitti idean tai antoi äänen. "
            "Ei voi muuttaa työpajan avaamisen jälkeen."
        ),
    )

    def __init__(
        self,
        *args: Any,
        organisations: Sequence[Organisation] = (),
        networks: Sequence[Network] = (),
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.organisations = {o.pk: o for o in organisations}
        if organisations:
            field = self.fields["organisation"]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [(o.pk, o.name) for o in organisations]
            if len(organisations) == 1:
                field.initial = organisations[0].pk
        else:
            del self.fields["organisation"]
        self.networks = {n.pk: n for n in networks}
        if networks:
            field = self.fields["network"]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [
                ("", _("Ei verkostoa: vain organisaation oma")),
                *((n.pk, n.name) for n in networks),
            ]
        else:
            del self.fields["network"]

    def clean_questions(self) -> list[str]:
        lines = question_lines(self.cleaned_data.get("questions", ""))
        if not lines:
            raise forms.ValidationError(_("Anna työpajalle ainakin yksi kysymys."))
        if len(lines) > QUESTIONS_MAX:
            raise forms.ValidationError(
                _("Työpajassa voi olla enintään %(max)s kysymystä.") % {"max": QUESTIONS_MAX}
            )
        if any(len(line) > QUESTION_MAX for line in lines):
            raise forms.ValidationError(
                _("Kysymys on liian pitkä (enintään %(max)s merkkiä).") % {"max": QUESTION_MAX}
            )
        return lines

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        votes, theme_votes = data.get("votes_per_participant"), data.get("votes_per_theme")
        if votes and theme_votes and theme_votes > votes:
            self.add_error(
                "votes_per_theme",
                _("Yhdelle teemalle ei voi antaa enempää ääniä kuin osallistujalla on."),
            )
        organisation, network = self.chosen_organisation(), self.chosen_network()
        members = getattr(network, "member_ids", None)
        if organisation and network and members is not None and organisation.pk not in members:
            self.add_error(
                "network",
                _(
                    "%(organisation)s ei kuulu verkostoon %(network)s. Valitse verkosto, johon "
                    "organisaatio kuuluu, tai jätä työpaja organisaation omaksi."
                )
                % {"organisation": organisation.name, "network": network.name},
            )
        return data

    def chosen_organisation(self) -> Organisation | None:
        pk = self.cleaned_data.get("organisation")
        return self.organisations.get(pk) if pk is not None else None

    def chosen_network(self) -> Network | None:
        pk = self.cleaned_data.get("network")
        return self.networks.get(pk) if pk is not None else None


class PhaseForm(forms.Form):
    phase = forms.ChoiceField(label=_("Vaihe"), choices=Phase.choices, widget=Select)


class ThemeForm(forms.Form):
    name = SingleLineTextField(
        label=_("Teeman nimi"),
        max_length=THEME_MAX,
        error_messages={"required": _("Anna teemalle nimi.")},
    )


class MoveForm(forms.Form):
    """Where an idea goes: a theme of its question (empty: ungrouped) and, from drag and
    drop, its place among the theme's ideas (0 = first)."""

    theme = forms.TypedChoiceField(
        label=_("Siirrä teemaan"), required=False, coerce=int, empty_value=None, widget=Select
    )
    position = forms.IntegerField(required=False, min_value=0, max_value=10_000)

    def __init__(self, *args: Any, themes: Sequence[Theme] = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["theme"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("Ei teemaa")), *((t.pk, t.name) for t in themes)]
        self.themes = {t.pk: t for t in themes}

    def chosen_theme(self) -> Theme | None:
        pk = self.cleaned_data.get("theme")
        return self.themes.get(pk) if pk is not None else None


class MergeForm(forms.Form):
    """Themes merged into one: the one kept and the others."""

    into = forms.TypedChoiceField(label=_("Yhdistä teemaan"), coerce=int, widget=Select)
    merged = forms.TypedMultipleChoiceField(
        label=_("Yhdistettävät teemat"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Valitse yhdistettävät teemat.")},
    )

    def __init__(self, *args: Any, themes: Sequence[Theme] = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        choices = [(t.pk, t.name) for t in themes]
        for name in ("into", "merged"):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = choices
        self.themes = {t.pk: t for t in themes}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        into, merged = data.get("into"), data.get("merged") or []
        if into is not None and not [pk for pk in merged if pk != into]:
            self.add_error("merged", _("Valitse ainakin yksi toinen teema yhdistettäväksi."))
        return data

    def chosen(self) -> tuple[Theme, list[Theme]]:
        into = self.themes[self.cleaned_data["into"]]
        return into, [self.themes[pk] for pk in self.cleaned_data["merged"] if pk != into.pk]
