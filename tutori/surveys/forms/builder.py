"""Forms of the survey builder: the survey's details, a section, a question, the list's search,
moving and reordering, and making a survey from an instrument."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tutori.core.forms import BoundedDateField, MultiLineTextField, Select, SingleLineTextField
from tutori.core.time import local
from tutori.orgs.models import Organisation
from tutori.surveys.models import DEFAULT_SCALE, Purpose, Question, Section, Survey
from tutori.surveys.services.builder import LANGUAGES

INT_MIN, INT_MAX = -2_147_483_648, 2_147_483_647
TRANSLATED_GROUPS = {
    "sv": _("Teksti ruotsiksi (valinnainen)"),
    "en": _("Teksti englanniksi (valinnainen)"),
}


def _lines(value: str) -> list[str]:
    return [line.strip() for line in (value or "").split("\n") if line.strip()]


def _organisation_choices(organisations: Sequence[Organisation] | Any) -> list[tuple[int, str]]:
    return [(o.pk, o.name) for o in organisations]


class _OrganisationMixin:
    """An organisation chosen from those offered (``organisations``), cleaned to the object."""

    fields: dict[str, forms.Field]
    cleaned_data: dict[str, Any]

    def _offer(self, organisations: Sequence[Organisation] | Any) -> None:
        self._organisations = {o.pk: o for o in organisations}
        if len(self._organisations) == 1:
            only = next(iter(self._organisations))
            self.fields["organisation"].initial = only
        self.fields["organisation"].choices = _organisation_choices(  # type: ignore[attr-defined]
            self._organisations.values()
        )

    def clean_organisation(self) -> Organisation:
        return self._organisations[int(self.cleaned_data["organisation"])]


class SurveySearchForm(forms.Form):
    q = SingleLineTextField(label=_("Hae nimellä"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Tila"),
        required=False,
        choices=[("", _("Kaikki")), *Survey.Status.choices],
        widget=Select,
    )


class InstrumentSearchForm(forms.Form):
    q = SingleLineTextField(label=_("Hae nimellä"), required=False, max_length=100)


class SurveyForm(_OrganisationMixin, forms.Form):
    """A survey's details; ``organisations`` given when a new survey chooses its own."""

    organisation = forms.TypedChoiceField(label=_("Organisaatio"), coerce=int, widget=Select)
    title = SingleLineTextField(label=_("Nimi"), max_length=200)
    description = MultiLineTextField(
        label=_("Saate"),
        required=False,
        max_length=5000,
        help_text=_("Näytetään vastaajalle kyselyn alussa ja kutsuviestissä."),
    )
    purpose = forms.ChoiceField(label=_("Tarkoitus"), choices=Purpose.choices, widget=Select)
    anonymous = forms.TypedChoiceField(
        label=_("Vastaukset"),
        choices=[
            ("1", _("Nimettömät: vastausta ei yhdistetä vastaajaan")),
            ("0", _("Tunnistetut: vastaus yhdistetään vastaajaan")),
        ],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
        initial="1",
    )
    opens_on = BoundedDateField(label=_("Avautuu"), required=False)
    closes_on = BoundedDateField(
        label=_("Sulkeutuu"),
        required=False,
        help_text=_("Kysely sulkeutuu tämän päivän päätteeksi."),
    )
    title_sv = SingleLineTextField(label=_("Nimi ruotsiksi"), required=False, max_length=200)
    description_sv = MultiLineTextField(label=_("Saate ruotsiksi"), required=False, max_length=5000)
    title_en = SingleLineTextField(label=_("Nimi englanniksi"), required=False, max_length=200)
    description_en = MultiLineTextField(
        label=_("Saate englanniksi"), required=False, max_length=5000
    )

    def __init__(
        self,
        data: Any = None,
        *,
        organisations: Sequence[Organisation] | Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(data, **kwargs)
        if organisations is None:
            del self.fields["organisation"]
        else:
            self._offer(organisations)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens, closes = data.get("opens_on"), data.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", _("Sulkeutumispäivä ei voi olla ennen avautumispäivää."))
        return data

    def service_kwargs(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "title": d["title"],
            "description": d["description"],
            "purpose": d["purpose"],
            "anonymous": d["anonymous"],
            "opens_on": d["opens_on"],
            "closes_on": d["closes_on"],
            "translations": {
                lang: {"title": d[f"title_{lang}"], "description": d[f"description_{lang}"]}
                for lang in LANGUAGES
            },
        }

    @staticmethod
    def initial_of(survey: Survey) -> dict[str, Any]:
        t = survey.translations or {}
        return {
            "title": survey.title,
            "description": survey.description,
            "purpose": survey.purpose,
            "anonymous": "1" if survey.anonymous else "0",
            "opens_on": local(survey.opens_at).date() if survey.opens_at else None,
            "closes_on": (
                local(survey.closes_at - timedelta(microseconds=1)).date()
                if survey.closes_at
                else None
            ),
            **{
                f"{name}_{lang}": (t.get(lang) or {}).get(name, "")
                for lang in LANGUAGES
                for name in ("title", "description")
            },
        }


class SectionForm(forms.Form):
    title = SingleLineTextField(label=_("Osion nimi"), max_length=200)
    help_text = MultiLineTextField(label=_("Ohje"), required=False, max_length=2000)
    title_sv = SingleLineTextField(label=_("Nimi ruotsiksi"), required=False, max_length=200)
    help_text_sv = MultiLineTextField(label=_("Ohje ruotsiksi"), required=False, max_length=2000)
    title_en = SingleLineTextField(label=_("Nimi englanniksi"), required=False, max_length=200)
    help_text_en = MultiLineTextField(label=_("Ohje englanniksi"), required=False, max_length=2000)

    def service_kwargs(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "title": d["title"],
            "help_text": d["help_text"],
            "translations": {
                lang: {"title": d[f"title_{lang}"], "help_text": d[f"help_text_{lang}"]}
                for lang in LANGUAGES
            },
        }

    @staticmethod
    def initial_of(section: Section) -> dict[str, Any]:
        t = section.translations or {}
        return {
            "title": section.title,
            "help_text": section.help_text,
            **{
                f"{name}_{lang}": (t.get(lang) or {}).get(name, "")
                for lang in LANGUAGES
                for name in ("title", "help_text")
            },
        }


def _lines_field(label: Any, help_text: Any = "", limit: int = 5000) -> MultiLineTextField:
    return MultiLineTextField(
        label=label,
        required=False,
        max_length=limit,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class QuestionForm(forms.Form):
    """A question of any kind; the fields that do not apply to the kind are ignored."""

    kind = forms.ChoiceField(label=_("Tyyppi"), choices=Question.Kind.choices, widget=Select)
    section = forms.TypedChoiceField(
        label=_("Osio"), coerce=int, required=False, empty_value=None, widget=Select
    )
    text = SingleLineTextField(label=_("Kysymys"), max_length=500)
    help_text = SingleLineTextField(label=_("Ohje"), required=False, max_length=500)
    required = forms.BooleanField(label=_("Vastaus on pakollinen"), required=False)
    scale_labels = _lines_field(
        _("Asteikon kohdat (asteikko)"),
        _("Yksi kohta riviä kohden, heikoimmasta parhaaseen: 2–10 kohtaa."),
    )
    measures_need = forms.BooleanField(
        label=_("Mittaa tarvetta (lasketaan koulun tutorointisuunnitelmaan)"), required=False
    )
    topic = forms.TypedChoiceField(
        label=_("Aihe, jonka tarvetta kysytään"),
        coerce=int,
        required=False,
        empty_value=None,
        widget=Select,
    )
    choices = _lines_field(
        _("Vaihtoehdot (yksi tai monta vaihtoehtoa)"), _("Yksi vaihtoehto riviä kohden.")
    )
    number_min = forms.IntegerField(
        label=_("Pienin sallittu luku"), required=False, min_value=INT_MIN, max_value=INT_MAX
    )
    number_max = forms.IntegerField(
        label=_("Suurin sallittu luku"), required=False, min_value=INT_MIN, max_value=INT_MAX
    )
    text_sv = SingleLineTextField(label=_("Kysymys ruotsiksi"), required=False, max_length=500)
    help_text_sv = SingleLineTextField(label=_("Ohje ruotsiksi"), required=False, max_length=500)
    scale_labels_sv = _lines_field(_("Asteikon kohdat ruotsiksi"))
    choices_sv = _lines_field(_("Vaihtoehdot ruotsiksi"))
    text_en = SingleLineTextField(label=_("Kysymys englanniksi"), required=False, max_length=500)
    help_text_en = SingleLineTextField(label=_("Ohje englanniksi"), required=False, max_length=500)
    scale_labels_en = _lines_field(_("Asteikon kohdat englanniksi"))
    choices_en = _lines_field(_("Vaihtoehdot englanniksi"))

    BASIC = ("kind", "section", "text", "help_text", "required")
    BY_KIND = {
        "likert": ("scale_labels", "measures_need", "topic"),
        "single": ("choices",),
        "multiple": ("choices",),
        "number": ("number_min", "number_max"),
    }

    def __init__(
        self,
        data: Any = None,
        *,
        sections: Sequence[Section] | None = None,
        topic_choices: Sequence[tuple[int, str]] | None = None,
        fixed_kind: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(data, **kwargs)
        self.fields["section"].choices = [  # type: ignore[attr-defined]
            ("", _("Ei osiota")),
            *((s.pk, s.title) for s in sections or []),
        ]
        self.fields["topic"].choices = [  # type: ignore[attr-defined]
            ("", _("Ei aihetta")),
            *(topic_choices or []),
        ]
        if not topic_choices:
            del self.fields["topic"]
        if fixed_kind:
            self.fields["kind"].disabled = True
            self.fields["kind"].help_text = _(
                "Kyselyyn on jo vastattu, joten tyyppiä ei voi muuttaa."
            )
        self.fields["scale_labels"].initial = "\n".join(DEFAULT_SCALE)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        lo, hi = data.get("number_min"), data.get("number_max")
        if data.get("kind") == "number" and lo is not None and hi is not None and hi < lo:
            self.add_error(
                "number_max", _("Suurin sallittu luku ei voi olla pienempi kuin pienin.")
            )
        return data

    def translated_fields(self) -> list[tuple[Any, list[Any]]]:
        """The wording in Swedish and in English, for the template's two groups."""
        return [
            (
                TRANSLATED_GROUPS[lang],
                [
                    self[f"{name}_{lang}"]
                    for name in ("text", "help_text", "scale_labels", "choices")
                ],
            )
            for lang in LANGUAGES
        ]

    def service_kwargs(self, sections: Sequence[Section] = ()) -> dict[str, Any]:
        d = self.cleaned_data
        by_pk = {s.pk: s for s in sections}
        return {
            "kind": d["kind"],
            "section": by_pk.get(d["section"]) if d.get("section") else None,
            "text": d["text"],
            "help_text": d["help_text"],
            "required": d["required"],
            "scale_labels": _lines(d["scale_labels"]),
            "choices": _lines(d["choices"]),
            "measures_need": d["measures_need"],
            "topic_id": d.get("topic"),
            "number_min": d["number_min"],
            "number_max": d["number_max"],
            "translations": {
                lang: {
                    "text": d[f"text_{lang}"],
                    "help_text": d[f"help_text_{lang}"],
                    "scale_labels": _lines(d[f"scale_labels_{lang}"]),
                    "choices": _lines(d[f"choices_{lang}"]),
                }
                for lang in LANGUAGES
            },
        }

    @staticmethod
    def initial_of(question: Question) -> dict[str, Any]:
        t = question.translations or {}
        choices = list(question.choices.all())
        initial: dict[str, Any] = {
            "kind": question.kind,
            "section": question.section_id,
            "text": question.text,
            "help_text": question.help_text,
            "required": question.required,
            "scale_labels": "\n".join(question.scale_labels or DEFAULT_SCALE),
            "measures_need": question.measures_need,
            "topic": question.topic_id,
            "choices": "\n".join(c.label for c in choices),
            "number_min": question.number_min,
            "number_max": question.number_max,
        }
        for lang in LANGUAGES:
            words = t.get(lang) or {}
            initial[f"text_{lang}"] = words.get("text", "")
            initial[f"help_text_{lang}"] = words.get("help_text", "")
            initial[f"scale_labels_{lang}"] = "\n".join(words.get("scale_labels") or [])
            initial[f"choices_{lang}"] = "\n".join(
                ((c.translations or {}).get(lang) or {}).get("label", "") for c in choices
            ).strip("\n")
        return initial


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", _("ylös")), ("down", _("alas"))])


class ReorderForm(forms.Form):
    """The new order of one section's questions after a drag: their ids, comma-separated."""

    section = forms.IntegerField(required=False, min_value=1, max_value=INT_MAX)
    order = SingleLineTextField(max_length=5000)

    def clean_order(self) -> list[int]:
        parts = [p.strip() for p in self.cleaned_data["order"].split(",") if p.strip()]
        if not parts or not all(p.isascii() and p.isdigit() and len(p) <= 10 for p in parts):
            raise forms.ValidationError(_("Järjestys on virheellinen."))
        return [int(p) for p in parts]


class InstrumentSaveForm(forms.Form):
    title = SingleLineTextField(label=_("Mittarin nimi"), max_length=200)


class FromInstrumentForm(_OrganisationMixin, forms.Form):
    organisation = forms.TypedChoiceField(label=_("Organisaatio"), coerce=int, widget=Select)
    title = SingleLineTextField(label=_("Nimi"), max_length=200)
    as_instrument = forms.TypedChoiceField(
        label=_("Mitä mittarista tehdään?"),
        choices=[
            ("0", _("Uusi kysely, jonka voi lähettää")),
            ("1", _("Organisaation oma mittari, jota voi muokata")),
        ],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
        initial="0",
    )

    def __init__(
        self,
        data: Any = None,
        *,
        organisations: Sequence[Organisation] | Any = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(data, **kwargs)
        self._offer(organisations)
