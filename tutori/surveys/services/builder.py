"""Building surveys and instruments: the survey's details, its sections and questions, their
order, copies, instruments saved from a survey and surveys made from an instrument.

Versioning: once a survey has a response, its questions and choices stay (no removal), a
question's kind and the number of points of its scale stay; wording may change, and each such
change keeps the previous wording in a ``QuestionRevision`` and bumps ``Survey.version``, so
answers given before keep the meaning they were given with. Built-in instruments
(``organisation`` None) are never edited: they are copied.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils.text import slugify
from django.utils.translation import gettext as _

from tutori.accounts.models import User
from tutori.core.errors import ApplicationError, PermissionDeniedError
from tutori.core.forms import clean_text
from tutori.core.scoping import scopes_disabled
from tutori.core.time import ANY_DATE, at_local
from tutori.orgs.models import Organisation
from tutori.surveys import permissions
from tutori.surveys.models import (
    DEFAULT_SCALE,
    Choice,
    Purpose,
    Question,
    QuestionRevision,
    Response,
    Section,
    Survey,
)

Kind = Question.Kind
SCALE_MIN, SCALE_MAX = 2, 10
CHOICES_MAX = 50
KEY_LENGTH = 40
LANGUAGES = ("sv", "en")


class BuiltInInstrument(ApplicationError):
    """A built-in instrument is copied, never edited."""


class HasAnswers(ApplicationError):
    """The change would take the meaning away from answers already given."""


# --- Checks ---------------------------------------------------------------------------------


def _require_builder(by: User, organisation: Organisation | None) -> None:
    if not permissions.can_build_in(by, organisation):
        raise PermissionDeniedError(
            _("Vain organisaation koordinaattori voi laatia sen kyselyitä.")
        )


def _require_editable(by: User, survey: Survey) -> None:
    if survey.organisation_id is None:
        raise BuiltInInstrument(
            _("Alustan valmiita mittareita ei muokata. Tee mittarista kysely tai oma kopio.")
        )
    if not permissions.can_edit_survey(by, survey):
        raise PermissionDeniedError(
            _("Vain kyselyn organisaation koordinaattori voi muokata sitä.")
        )


def has_responses(survey: Survey) -> bool:
    """Whether anyone answered (or saved a draft of) the survey: its questions are then fixed."""
    with scopes_disabled():
        return Response.objects.filter(survey=survey).exists()


def _full_clean(obj: Any, exclude: Sequence[str] = ()) -> None:
    try:
        obj.full_clean(exclude=list(exclude))
    except ValidationError as error:
        raise ApplicationError(" ".join(error.messages)) from error


def _line(value: str, missing: str = "", *, limit: int = 500) -> str:
    """One line of text, cleaned; ``missing`` is the refusal when it is empty (optional when
    no message is given)."""
    text = clean_text(value)
    if missing and not text:
        raise ApplicationError(missing)
    if len(text) > limit:
        raise ApplicationError(
            _("Teksti on liian pitkä: enintään %(limit)d merkkiä.") % {"limit": limit}
        )
    return text


def _lines(values: Sequence[str], limit: int = 200) -> list[str]:
    """The non-empty lines of a list, cleaned; too long a line is refused."""
    lines = [clean_text(v) for v in values]
    lines = [line for line in lines if line]
    for line in lines:
        if len(line) > limit:
            raise ApplicationError(
                _("Vaihtoehto on liian pitkä: enintään %(limit)d merkkiä.") % {"limit": limit}
            )
    return lines


def _translations(words: dict[str, dict[str, Any]] | None) -> dict[str, dict[str, Any]]:
    """Only the languages and the wording that were given (empty values are left out)."""
    result: dict[str, dict[str, Any]] = {}
    for lang in LANGUAGES:
        given = (words or {}).get(lang) or {}
        kept: dict[str, Any] = {}
        for name, value in given.items():
            if isinstance(value, list):
                cleaned = [clean_text(str(v)) for v in value]
                if any(cleaned):
                    kept[name] = cleaned
            elif value:
                text = clean_text(str(value))
                if text:
                    kept[name] = text
        if kept:
            result[lang] = kept
    return result


def _span(opens_on: date | None, closes_on: date | None) -> tuple[Any, Any]:
    """Open from the start of ``opens_on`` to the end of ``closes_on`` (Helsinki time)."""
    for day in (opens_on, closes_on):
        problem = ANY_DATE.problem(day) if day else None
        if problem:
            raise ApplicationError(problem)
    if opens_on and closes_on and closes_on < opens_on:
        raise ApplicationError(_("Kysely ei voi sulkeutua ennen kuin se avautuu."))
    return (
        at_local(opens_on) if opens_on else None,
        at_local(closes_on + timedelta(days=1)) if closes_on else None,
    )


# --- Survey ---------------------------------------------------------------------------------


@scopes_disabled()
@transaction.atomic
def survey_create(
    *,
    by: User,
    organisation: Organisation,
    title: str,
    description: str = "",
    purpose: str = Purpose.OTHER,
    anonymous: bool = True,
    opens_on: date | None = None,
    closes_on: date | None = None,
    translations: dict[str, dict[str, Any]] | None = None,
    is_instrument: bool = False,
) -> Survey:
    """A new draft survey (or an instrument of ``organisation``) without questions."""
    _require_builder(by, organisation)
    opens_at, closes_at = _span(opens_on, closes_on)
    survey = Survey(
        organisation=organisation,
        is_instrument=is_instrument,
        title=_line(title, _("Anna kyselylle nimi."), limit=200),
        description=clean_text(description),
        purpose=purpose,
        anonymous=anonymous,
        opens_at=opens_at,
        closes_at=closes_at,
        translations=_translations(translations),
        created_by=by,
    )
    _full_clean(survey)
    survey.save()
    return survey


@scopes_disabled()
@transaction.atomic
def survey_update(
    *,
    by: User,
    survey: Survey,
    title: str,
    description: str = "",
    purpose: str = Purpose.OTHER,
    anonymous: bool = True,
    opens_on: date | None = None,
    closes_on: date | None = None,
    translations: dict[str, dict[str, Any]] | None = None,
) -> Survey:
    """The survey's details. Anonymity is fixed once the survey was sent or answered: the
    answers were given on its promise."""
    _require_editable(by, survey)
    if anonymous != survey.anonymous and (
        survey.status != Survey.Status.DRAFT
        # Sent to open later: the invitations already promised the one or the other.
        or survey.send_started_at is not None
        or has_responses(survey)
    ):
        raise HasAnswers(
            _("Kyselyn nimettömyyttä ei voi muuttaa sen jälkeen, kun kysely on lähetetty.")
        )
    survey.opens_at, survey.closes_at = _span(opens_on, closes_on)
    survey.title = _line(title, _("Anna kyselylle nimi."), limit=200)
    survey.description = clean_text(description)
    survey.purpose = purpose
    survey.anonymous = anonymous
    survey.translations = _translations(translations)
    _full_clean(survey)
    survey.save()
    return survey


@scopes_disabled()
@transaction.atomic
def survey_delete(*, by: User, survey: Survey) -> None:
    """Remove a draft nobody has answered (a sent survey is closed, not removed)."""
    _require_editable(by, survey)
    if survey.status != Survey.Status.DRAFT or has_responses(survey):
        raise HasAnswers(
            _("Vain lähettämättömän luonnoksen voi poistaa. Lähetetty kysely suljetaan.")
        )
    if survey.recipients.exists():
        raise HasAnswers(_("Kyselyllä on jo vastaanottajia, joten sitä ei voi poistaa."))
    if survey.is_instrument and Survey.objects.filter(instrument=survey).exists():
        # Surveys made from it are compared through it (pre and post): it stays.
        raise HasAnswers(_("Mittarista on tehty kyselyitä, joten sitä ei voi poistaa."))
    survey.delete()


# --- Sections -------------------------------------------------------------------------------


def _next_order(qs: Any) -> int:
    return int(qs.aggregate(m=Max("order"))["m"] or 0) + 1


@scopes_disabled()
@transaction.atomic
def section_create(
    *,
    by: User,
    survey: Survey,
    title: str,
    help_text: str = "",
    translations: dict[str, dict[str, Any]] | None = None,
) -> Section:
    _require_editable(by, survey)
    section = Section(
        survey=survey,
        title=_line(title, _("Anna osiolle nimi."), limit=200),
        help_text=clean_text(help_text),
        order=_next_order(survey.sections.all()),
        translations=_translations(translations),
    )
    _full_clean(section, exclude=["survey"])
    section.save()
    return section


@scopes_disabled()
@transaction.atomic
def section_update(
    *,
    by: User,
    section: Section,
    title: str,
    help_text: str = "",
    translations: dict[str, dict[str, Any]] | None = None,
) -> Section:
    _require_editable(by, section.survey)
    section.title = _line(title, _("Anna osiolle nimi."), limit=200)
    section.help_text = clean_text(help_text)
    section.translations = _translations(translations)
    _full_clean(section, exclude=["survey"])
    section.save()
    return section


@scopes_disabled()
@transaction.atomic
def section_delete(*, by: User, section: Section) -> None:
    """Remove a section with its questions; once answered, only a section without questions."""
    survey = section.survey
    _require_editable(by, survey)
    if section.questions.exists() and has_responses(survey):
        raise HasAnswers(
            _(
                "Kyselyyn on jo vastattu, joten osion kysymyksiä ei voi poistaa. "
                "Siirrä kysymykset ensin toiseen osioon."
            )
        )
    section.delete()


def _swap(items: list[Any], index: int, direction: str) -> bool:
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(items):
        return False
    items[index], items[other] = items[other], items[index]
    return True


def _renumber(items: Sequence[Any], model: Any) -> None:
    for i, item in enumerate(items, start=1):
        item.order = i
    model.objects.bulk_update(items, ["order"])


@scopes_disabled()
@transaction.atomic
def section_move(*, by: User, section: Section, direction: str) -> bool:
    """One place up or down; False when it is already first or last."""
    survey = section.survey
    _require_editable(by, survey)
    sections = list(survey.sections.order_by("order", "pk"))
    index = next(i for i, s in enumerate(sections) if s.pk == section.pk)
    if not _swap(sections, index, direction):
        return False
    _renumber(sections, Section)
    return True


# --- Questions ------------------------------------------------------------------------------


def _unique_key(survey: Survey, text: str) -> str:
    """A key from the question's words, unique in the survey; it never changes after."""
    base = slugify(text)[: KEY_LENGTH - 4].strip("-") or "kysymys"
    taken = set(
        Question.objects.filter(survey=survey, key__startswith=base).values_list("key", flat=True)
    )
    key, n = base, 1
    while key in taken:
        n += 1
        key = f"{base}-{n}"
    return key


def _checked_scale(labels: Sequence[str] | None) -> list[str]:
    scale = _lines(labels or [], limit=100) or list(DEFAULT_SCALE)
    if not SCALE_MIN <= len(scale) <= SCALE_MAX:
        raise ApplicationError(
            _("Asteikossa on %(min)d–%(max)d kohtaa: yksi nimi riviä kohden.")
            % {"min": SCALE_MIN, "max": SCALE_MAX}
        )
    return scale


def _checked_choices(kind: str, choices: Sequence[str] | None) -> list[str]:
    if kind not in (Kind.SINGLE, Kind.MULTIPLE):
        return []
    lines = _lines(choices or [])
    if len(lines) < 2:
        raise ApplicationError(_("Anna vähintään kaksi vaihtoehtoa, yksi riviä kohden."))
    if len(lines) > CHOICES_MAX:
        raise ApplicationError(_("Vaihtoehtoja voi olla enintään %(max)d.") % {"max": CHOICES_MAX})
    if len(set(lines)) != len(lines):
        raise ApplicationError(_("Sama vaihtoehto on annettu kahdesti."))
    return lines


def _section_of(survey: Survey, section: Section | None) -> Section | None:
    if section is not None and section.survey_id != survey.pk:
        raise ApplicationError(_("Osio ei kuulu tähän kyselyyn."))
    return section


def _apply(
    question: Question,
    *,
    text: str,
    help_text: str,
    required: bool,
    scale_labels: Sequence[str] | None,
    measures_need: bool,
    topic_id: int | None,
    number_min: int | None,
    number_max: int | None,
    translations: dict[str, dict[str, Any]] | None,
) -> None:
    kind = question.kind
    question.text = _line(text, _("Kirjoita kysymys."))
    question.help_text = _line(help_text)
    question.required = required
    question.scale_labels = _checked_scale(scale_labels) if kind == Kind.LIKERT else []
    question.measures_need = measures_need and kind == Kind.LIKERT
    question.topic_id = topic_id if question.measures_need else None
    if kind == Kind.NUMBER:
        if number_min is not None and number_max is not None and number_max < number_min:
            raise ApplicationError(_("Suurin sallittu luku ei voi olla pienempi kuin pienin."))
        question.number_min, question.number_max = number_min, number_max
    else:
        question.number_min = question.number_max = None
    question.translations = _translations(translations)


def _sync_choices(question: Question, labels: list[str], translations: dict[str, Any]) -> None:
    """Choices by position: the n-th line renames the n-th option (its answers stay with
    it), lines beyond add options, missing lines remove options (refused once answered)."""
    existing = list(question.choices.order_by("order", "pk"))
    by_lang = {
        lang: list((translations.get(lang) or {}).get("choices") or []) for lang in LANGUAGES
    }

    def words(i: int) -> dict[str, dict[str, str]]:
        return {
            lang: {"label": lines[i]}
            for lang, lines in by_lang.items()
            if i < len(lines) and lines[i]
        }

    for i, label in enumerate(labels):
        if i < len(existing):
            choice = existing[i]
            choice.label, choice.order, choice.translations = label, i, words(i)
            choice.save(update_fields=["label", "order", "translations"])
        else:
            Choice.objects.create(question=question, label=label, order=i, translations=words(i))
    if len(existing) > len(labels):
        Choice.objects.filter(pk__in=[c.pk for c in existing[len(labels) :]]).delete()


@scopes_disabled()
@transaction.atomic
def question_create(
    *,
    by: User,
    survey: Survey,
    kind: str,
    text: str,
    section: Section | None = None,
    help_text: str = "",
    required: bool = False,
    scale_labels: Sequence[str] | None = None,
    choices: Sequence[str] | None = None,
    measures_need: bool = False,
    topic_id: int | None = None,
    number_min: int | None = None,
    number_max: int | None = None,
    translations: dict[str, dict[str, Any]] | None = None,
) -> Question:
    """A new question at the end of its section (adding is allowed after answers too)."""
    _require_editable(by, survey)
    if kind not in Kind.values:
        raise ApplicationError(_("Valitse kysymyksen tyyppi."))
    question = Question(survey=survey, kind=kind, section=_section_of(survey, section))
    _apply(
        question,
        text=text,
        help_text=help_text,
        required=required,
        scale_labels=scale_labels,
        measures_need=measures_need,
        topic_id=topic_id,
        number_min=number_min,
        number_max=number_max,
        translations=translations,
    )
    labels = _checked_choices(kind, choices)
    question.order = _next_order(survey.questions.all())
    question.key = _unique_key(survey, question.text)
    _full_clean(question, exclude=["survey", "section"])
    question.save()
    if labels:
        _sync_choices(question, labels, question.translations)
    return question


def _wording(question: Question, choices: list[Choice]) -> dict[str, Any]:
    return {
        "scale_labels": list(question.scale_labels or []),
        "choices": {str(c.pk): c.label for c in choices},
        "translations": question.translations,
    }


@scopes_disabled()
@transaction.atomic
def question_update(
    *,
    by: User,
    question: Question,
    kind: str,
    text: str,
    section: Section | None = None,
    help_text: str = "",
    required: bool = False,
    scale_labels: Sequence[str] | None = None,
    choices: Sequence[str] | None = None,
    measures_need: bool = False,
    topic_id: int | None = None,
    number_min: int | None = None,
    number_max: int | None = None,
    translations: dict[str, dict[str, Any]] | None = None,
) -> bool:
    """Change a question. Returns whether the change was of wording after answers came (a
    revision was kept and the survey's version bumped)."""
    survey = question.survey
    _require_editable(by, survey)
    answered = has_responses(survey)
    old_choices = list(question.choices.order_by("order", "pk"))
    before = _wording(question, old_choices)
    before_text, before_help = question.text, question.help_text
    if kind not in Kind.values:
        raise ApplicationError(_("Valitse kysymyksen tyyppi."))
    if answered and kind != question.kind:
        raise HasAnswers(
            _("Kyselyyn on jo vastattu, joten kysymyksen tyyppiä ei voi enää muuttaa.")
        )
    question.kind = kind
    old_points = len(question.scale_labels or DEFAULT_SCALE)
    question.section = _section_of(survey, section)
    _apply(
        question,
        text=text,
        help_text=help_text,
        required=required,
        scale_labels=scale_labels,
        measures_need=measures_need,
        topic_id=topic_id,
        number_min=number_min,
        number_max=number_max,
        translations=translations,
    )
    if answered and kind == Kind.LIKERT and len(question.scale_labels) != old_points:
        raise HasAnswers(
            _(
                "Kyselyyn on jo vastattu, joten asteikon kohtien määrää ei voi muuttaa "
                "(%(points)d kohtaa). Nimiä voi muokata."
            )
            % {"points": old_points}
        )
    labels = _checked_choices(kind, choices)
    if answered and len(labels) < len(old_choices):
        raise HasAnswers(
            _("Kyselyyn on jo vastattu, joten vaihtoehtoja ei voi poistaa. Uusia voi lisätä.")
        )
    _full_clean(question, exclude=["survey", "section"])
    question.save()
    if labels or old_choices:
        _sync_choices(question, labels, question.translations)
    if not answered:
        return False
    after_choices = {str(c.pk): c.label for c in question.choices.all()}
    reworded = (
        question.text != before_text
        or question.help_text != before_help
        or list(question.scale_labels) != before["scale_labels"]
        or question.translations != before["translations"]
        or any(after_choices.get(pk) != label for pk, label in before["choices"].items())
    )
    if reworded:
        Survey.objects.filter(pk=survey.pk).update(version=F("version") + 1)
        survey.refresh_from_db(fields=["version"])
        QuestionRevision.objects.create(
            question=question,
            version=survey.version - 1,
            text=before_text,
            help_text=before_help,
            wording=before,
            changed_by=by,
        )
    return reworded


@scopes_disabled()
@transaction.atomic
def question_delete(*, by: User, question: Question) -> None:
    _require_editable(by, question.survey)
    if has_responses(question.survey):
        raise HasAnswers(
            _(
                "Kyselyyn on jo vastattu, joten kysymystä ei voi poistaa. "
                "Sen sanamuotoa voi muokata."
            )
        )
    question.delete()


def _siblings(question: Question) -> list[Question]:
    return list(
        Question.objects.filter(survey_id=question.survey_id)
        .filter(section=question.section_id)
        .order_by("order", "pk")
    )


@scopes_disabled()
@transaction.atomic
def question_move(*, by: User, question: Question, direction: str) -> bool:
    """One place up or down within its section; False when it is already first or last."""
    _require_editable(by, question.survey)
    siblings = _siblings(question)
    index = next(i for i, q in enumerate(siblings) if q.pk == question.pk)
    if not _swap(siblings, index, direction):
        return False
    _reorder_all(question.survey, {question.section_id: siblings})
    return True


def _reorder_all(survey: Survey, placed: dict[int | None, list[Question]]) -> None:
    """Number every question of the survey again: the sections given keep the new order."""
    questions = list(Question.objects.filter(survey=survey).order_by("order", "pk"))
    groups: dict[int | None, list[Question]] = {}
    for q in questions:
        groups.setdefault(q.section_id, []).append(q)
    groups.update(placed)
    ordered = [q for qs in groups.values() for q in qs]
    _renumber(ordered, Question)


@scopes_disabled()
@transaction.atomic
def questions_reorder(
    *, by: User, survey: Survey, section: Section | None, question_ids: Sequence[int]
) -> None:
    """The questions of one section in the order given (a drag and drop): the ids must be
    exactly that section's questions."""
    _require_editable(by, survey)
    _section_of(survey, section)
    siblings = {q.pk: q for q in Question.objects.filter(survey=survey).filter(section=section)}
    if sorted(question_ids) != sorted(siblings) or len(set(question_ids)) != len(question_ids):
        raise ApplicationError(
            _("Järjestys ei vastaa osion kysymyksiä. Lataa sivu uudelleen ja yritä uudestaan.")
        )
    _reorder_all(survey, {section.pk if section else None: [siblings[i] for i in question_ids]})


# --- Copies and instruments -----------------------------------------------------------------


def _copy(source: Survey, into: Survey) -> None:
    """Sections, questions (with their keys) and choices of ``source`` into ``into``."""
    sections = {
        s.pk: Section.objects.create(
            survey=into,
            title=s.title,
            help_text=s.help_text,
            order=s.order,
            translations=s.translations,
        )
        for s in source.sections.all()
    }
    questions = list(source.questions.prefetch_related("choices").order_by("order", "pk"))
    for q in questions:
        copy = Question.objects.create(
            survey=into,
            section=sections.get(q.section_id) if q.section_id else None,
            key=q.key,
            kind=q.kind,
            text=q.text,
            help_text=q.help_text,
            required=q.required,
            order=q.order,
            scale_labels=q.scale_labels,
            measures_need=q.measures_need,
            topic_id=q.topic_id,
            number_min=q.number_min,
            number_max=q.number_max,
            translations=q.translations,
        )
        Choice.objects.bulk_create(
            Choice(question=copy, label=c.label, order=c.order, translations=c.translations)
            for c in q.choices.all()
        )


def _copy_title(title: str) -> str:
    return (_("Kopio: %(title)s") % {"title": title})[:200]


@scopes_disabled()
@transaction.atomic
def survey_copy(
    *, by: User, survey: Survey, organisation: Organisation | None = None, title: str = ""
) -> Survey:
    """A new draft with the same sections, questions (same keys) and choices, made from the
    same instrument; an instrument's copy is an instrument."""
    target = organisation or survey.organisation
    _require_builder(by, target)
    copy = Survey(
        organisation=target,
        is_instrument=survey.is_instrument,
        instrument=survey if survey.is_instrument else survey.instrument,
        title=_line(title, _("Anna kyselylle nimi."), limit=200)
        if title
        else _copy_title(survey.title),
        description=survey.description,
        purpose=survey.purpose,
        anonymous=survey.anonymous,
        translations=survey.translations,
        created_by=by,
    )
    copy.save()
    _copy(survey, copy)
    return copy


@scopes_disabled()
@transaction.atomic
def survey_save_as_instrument(*, by: User, survey: Survey, title: str = "") -> Survey:
    """The survey's questions as an instrument of its organisation, to be used again (pre and
    post, next year): surveys made from it share the questions' keys."""
    _require_editable(by, survey)
    instrument = Survey(
        organisation=survey.organisation,
        is_instrument=True,
        instrument=survey.instrument,
        title=_line(title, _("Anna mittarille nimi."), limit=200) if title else survey.title,
        description=survey.description,
        purpose=survey.purpose,
        anonymous=survey.anonymous,
        translations=survey.translations,
        created_by=by,
    )
    instrument.save()
    _copy(survey, instrument)
    return instrument


@scopes_disabled()
@transaction.atomic
def survey_from_instrument(
    *,
    by: User,
    instrument: Survey,
    organisation: Organisation,
    title: str = "",
    as_instrument: bool = False,
) -> Survey:
    """A draft survey of ``organisation`` with the instrument's questions (their keys too),
    or, with ``as_instrument``, the organisation's own copy of the instrument to edit."""
    _require_builder(by, organisation)
    if not instrument.is_instrument:
        raise ApplicationError(_("Valittu kysely ei ole mittari."))
    made = Survey(
        organisation=organisation,
        is_instrument=as_instrument,
        instrument=instrument,
        title=_line(title, _("Anna kyselylle nimi."), limit=200) if title else instrument.title,
        description=instrument.description,
        purpose=instrument.purpose,
        anonymous=instrument.anonymous,
        translations=instrument.translations,
        created_by=by,
    )
    made.save()
    _copy(instrument, made)
    return made
