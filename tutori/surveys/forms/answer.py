"""The answer form of a survey: one field per question, built from the survey's questions, used
by the respondent's page and by the builder's preview.

``AnswerForm(survey, data=None, initial=None, language=None)``: the fields are named
``field_name(question)`` (``q-<key>``); ``initial`` maps those names to values (see
``initial_from_answers`` for a saved draft); ``language`` chooses the wording (the active
language by default). ``cleaned_answers()`` gives the rows to store, as keyword arguments of
``Answer(response=…, **row)``: one row per chosen option or topic, none for a question left
empty.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from tutori.core import registry
from tutori.core.forms import MultiLineTextField, clean_text
from tutori.surveys.models import (
    DEFAULT_SCALE,
    GRADE_MAX,
    GRADE_MIN,
    TEXT_MAX,
    Answer,
    Question,
    Section,
    Survey,
)
from tutori.surveys.text import localized

# What the database's integer column holds (PostgreSQL's integer): a number question without
# bounds of its own is still refused beyond these.
INT_MIN, INT_MAX = -2_147_483_648, 2_147_483_647

REQUIRED = _("Vastaa tähän kysymykseen.")
NOT_A_CHOICE = _("Valitse jokin annetuista vaihtoehdoista.")

Kind = Question.Kind


def field_name(question: Question) -> str:
    return f"q-{question.key}"


def scale_labels(question: Question, language: str | None = None) -> list[str]:
    """The labels of a Likert question's points 1..n in ``language``: the question's own
    (translated when a translation of the same length is stored), the default scale otherwise."""
    labels = list(question.scale_labels or DEFAULT_SCALE)
    translated = localized(question, "scale_labels", language) if question.scale_labels else None
    if isinstance(translated, list) and len(translated) == len(labels):
        labels = [str(label) for label in translated]
    return labels


def topic_choices(organisation_id: int | None) -> list[tuple[int, str]]:
    """The topics a topic-picker question offers: the tutoring vocabulary of the survey's
    organisation, through the registry (surveys do not import tutoring)."""
    source = registry.topic_source()
    if source is None or organisation_id is None:
        return []
    return list(source.topics(organisation_id))


class _NumberField(forms.IntegerField):
    """A whole number within the question's bounds, with a message that says them."""

    def __init__(self, *, lowest: int | None, highest: int | None, **kwargs: Any) -> None:
        self.lowest = INT_MIN if lowest is None else max(lowest, INT_MIN)
        self.highest = INT_MAX if highest is None else min(highest, INT_MAX)
        kwargs.setdefault(
            "widget",
            forms.NumberInput(attrs={"inputmode": "numeric", "step": "1"}),
        )
        super().__init__(**kwargs)
        self.error_messages["invalid"] = gettext("Anna kokonaisluku numeroina.")
        if lowest is not None:
            self.widget.attrs["min"] = str(self.lowest)
        if highest is not None:
            self.widget.attrs["max"] = str(self.highest)

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            value = value.strip().replace("\u2212", "-")
            if len(value) > 12:  # longer than any integer the bounds allow
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value is not None and not self.lowest <= value <= self.highest:
            if self.lowest == INT_MIN:
                message = gettext("Anna luku, joka on enintään %(max)s.")
            elif self.highest == INT_MAX:
                message = gettext("Anna luku, joka on vähintään %(min)s.")
            else:
                message = gettext("Anna luku väliltä %(min)s–%(max)s.")
            raise forms.ValidationError(
                message % {"min": self.lowest, "max": self.highest}, code="out_of_range"
            )


@dataclass
class Item:
    """One question of the form as the template shows it."""

    question: Question
    bound: Any  # the BoundField
    text: str
    help_text: str

    @property
    def kind(self) -> str:
        return self.question.kind

    @property
    def is_choice(self) -> bool:
        """Shown as a group of radio buttons or check boxes."""
        return self.question.kind not in (Kind.TEXT, Kind.NUMBER)

    @property
    def is_scale(self) -> bool:
        return self.question.kind in (Kind.LIKERT, Kind.GRADE)


@dataclass
class Group:
    """A section of the form (``section`` None: the questions outside any section)."""

    section: Section | None
    title: str
    help_text: str
    items: list[Item] = field(default_factory=list)


def _section_title(section: Section, language: str | None) -> str:
    """A section's title in ``language`` (stored as ``title``, or ``text`` as questions are)."""
    lang = (language or get_language() or "fi")[:2]
    words = (section.translations or {}).get(lang, {}) if lang != "fi" else {}
    return str(words.get("title") or words.get("text") or section.title)


class AnswerForm(forms.Form):
    """The questions of ``survey`` as a form (see the module's docstring)."""

    def __init__(
        self,
        survey: Survey,
        data: Any = None,
        initial: dict[str, Any] | None = None,
        language: str | None = None,
        files: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(data=data, files=files, initial=initial, **kwargs)
        self.survey = survey
        self.language = language
        self.sections = list(Section.objects.filter(survey=survey).order_by("order", "pk"))
        self.questions = list(
            Question.objects.filter(survey=survey)
            .prefetch_related("choices")
            .order_by("order", "pk")
        )
        self._topics: list[tuple[int, str]] | None = None
        if any(q.kind == Kind.TOPICS for q in self.questions):
            self._topics = topic_choices(survey.organisation_id)
        for question in self.questions:
            self.fields[field_name(question)] = self._field(question)

    # --- Building -----------------------------------------------------------------------

    def _field(self, q: Question) -> forms.Field:
        lang = self.language
        common: dict[str, Any] = {
            "required": q.required,
            "label": localized(q, "text", lang),
            "help_text": localized(q, "help_text", lang),
        }
        made: forms.Field
        if q.kind == Kind.LIKERT:
            labels = scale_labels(q, lang)
            made = forms.TypedChoiceField(
                choices=[(i, label) for i, label in enumerate(labels, start=1)],
                coerce=int,
                widget=forms.RadioSelect,
                **common,
            )
        elif q.kind == Kind.GRADE:
            made = forms.TypedChoiceField(
                choices=[(g, str(g)) for g in range(GRADE_MIN, GRADE_MAX + 1)],
                coerce=int,
                widget=forms.RadioSelect,
                **common,
            )
            made.error_messages["invalid_choice"] = gettext(
                "Arvosana on kokonaisluku väliltä %(min)s–%(max)s."
            ) % {"min": GRADE_MIN, "max": GRADE_MAX}
        elif q.kind in (Kind.SINGLE, Kind.MULTIPLE):
            options = [(c.pk, localized(c, "label", lang)) for c in q.choices.all()]
            if q.kind == Kind.SINGLE:
                made = forms.TypedChoiceField(
                    choices=options, coerce=int, widget=forms.RadioSelect, **common
                )
            else:
                made = forms.TypedMultipleChoiceField(
                    choices=options, coerce=int, widget=forms.CheckboxSelectMultiple, **common
                )
        elif q.kind == Kind.TOPICS:
            made = forms.TypedMultipleChoiceField(
                choices=list(self._topics or []),
                coerce=int,
                widget=forms.CheckboxSelectMultiple,
                **common,
            )
            # No topics offered in the organisation: nothing could be chosen, so nothing is
            # required (the respondent is never stuck on a question without options).
            made.required = made.required and bool(self._topics)
        elif q.kind == Kind.NUMBER:
            made = _NumberField(lowest=q.number_min, highest=q.number_max, **common)
        else:
            made = MultiLineTextField(
                max_length=TEXT_MAX,
                widget=forms.Textarea(attrs={"rows": 4, "maxlength": TEXT_MAX}),
                **common,
            )
        made.error_messages["required"] = REQUIRED
        if q.kind != Kind.GRADE:
            made.error_messages["invalid_choice"] = NOT_A_CHOICE
            made.error_messages["invalid_list"] = NOT_A_CHOICE
        if q.kind == Kind.TEXT:
            made.error_messages["max_length"] = gettext(
                "Vastaus on liian pitkä: enintään %(limit_value)s merkkiä (nyt %(show_value)s)."
            )
        return made

    # --- Reading ------------------------------------------------------------------------

    def groups(self) -> list[Group]:
        """The questions by section, in order; the questions outside any section first."""
        lang = self.language
        loose = Group(section=None, title="", help_text="")
        by_section = {
            s.pk: Group(
                section=s,
                title=_section_title(s, lang),
                help_text=localized(s, "help_text", lang),
            )
            for s in self.sections
        }
        for q in self.questions:
            bound = self[field_name(q)]
            group = by_section.get(q.section_id, loose) if q.section_id else loose
            group.items.append(
                Item(
                    question=q,
                    bound=bound,
                    text=str(bound.label),
                    help_text=str(bound.help_text or ""),
                )
            )
        return [g for g in [loose, *by_section.values()] if g.items or g.section]

    def cleaned_answers(self) -> list[dict[str, Any]]:
        """The rows to store, as keyword arguments of ``Answer(response=…, **row)``."""
        rows: list[dict[str, Any]] = []
        topics = dict(self._topics or [])
        for q in self.questions:
            value: Any = self.cleaned_data.get(field_name(q))
            if value in (None, "", []):
                continue
            if q.kind in (Kind.LIKERT, Kind.GRADE, Kind.NUMBER):
                rows.append({"question": q, "number": int(value)})
            elif q.kind == Kind.SINGLE:
                rows.append({"question": q, "choice_id": int(value)})
            elif q.kind == Kind.MULTIPLE:
                rows.extend({"question": q, "choice_id": int(v)} for v in dict.fromkeys(value))
            elif q.kind == Kind.TOPICS:
                rows.extend(
                    {"question": q, "topic_id": int(v), "topic_label": topics.get(int(v), "")[:200]}
                    for v in dict.fromkeys(value)
                )
            else:
                text = clean_text(value)[:TEXT_MAX]
                if text:
                    rows.append({"question": q, "text": text})
        return rows


def initial_from_answers(answers: Iterable[Answer]) -> dict[str, Any]:
    """A saved draft's answers as ``initial`` of ``AnswerForm`` (``select_related("question")``
    them)."""
    initial: dict[str, Any] = {}
    for a in answers:
        q = a.question
        name = field_name(q)
        if q.kind in (Kind.LIKERT, Kind.GRADE, Kind.NUMBER):
            initial[name] = a.number
        elif q.kind == Kind.SINGLE:
            initial[name] = a.choice_id
        elif q.kind == Kind.MULTIPLE:
            initial.setdefault(name, []).append(a.choice_id)
        elif q.kind == Kind.TOPICS:
            initial.setdefault(name, []).append(a.topic_id)
        else:
            initial[name] = a.text
    return initial
