"""Writes of a workshop's facilitator: creating and editing a workshop and its questions,
opening it (a join code), moving its questions through their phases, closing it.

Phases move forward (ideas → grouping → voting → results, a step may be skipped); the one
way back is grouping → ideas ("reopen ideas"), which no vote can have reached yet. A
question's change of phase takes its row lock (``select_for_update`` on PostgreSQL; on
SQLite every write transaction is IMMEDIATE), the same lock an idea or a vote takes before
it checks the phase: a late idea or vote sees the new phase and is refused.

Each function checks the facilitator's right (``workshops.facilitate``) and the rules of the
domain again (a form is not the only caller).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import date, time
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from tutori.core.errors import ApplicationError, PermissionDeniedError
from tutori.core.forms import clean_text
from tutori.core.scoping import scopes_disabled
from tutori.orgs.models import Network, Organisation
from tutori.workshops.models import (
    CODE_ALPHABET,
    CODE_LENGTH,
    DESCRIPTION_MAX,
    PHASE_ORDER,
    QUESTION_MAX,
    QUESTIONS_MAX,
    TITLE_MAX,
    VOTES_MAX,
    Phase,
    Vote,
    Workshop,
    WorkshopQuestion,
)

# What workshop_update may change.
EDITABLE = frozenset(
    {
        "title",
        "description",
        "held_on",
        "starts_at",
        "votes_per_participant",
        "votes_per_theme",
        "anonymous",
        "questions",
        "network",
    }
)


class NetworkError(ApplicationError):
    """The network chosen for a workshop is not one its organisation is in."""


# --- Shared by the workshop's services -------------------------------------------------------


def check_facilitator(by: Any, workshop: Workshop) -> None:
    if not by.has_perm("workshops.facilitate", workshop):
        raise PermissionDeniedError(_("Sinulla ei ole oikeutta ohjata tätä työpajaa."))


def lock_question(question_id: int) -> WorkshopQuestion:
    """The question's row, locked for the rest of the transaction, with its workshop (read
    fresh: its status may have changed since the caller read it)."""
    with scopes_disabled():
        return (
            WorkshopQuestion.objects.select_for_update(of=("self",))
            .select_related("workshop")
            .get(pk=question_id)
        )


def bump(*question_ids: int) -> None:
    """Something the participants see changed: their pages' stamp changes."""
    with scopes_disabled():
        WorkshopQuestion.objects.filter(pk__in=question_ids).update(revision=F("revision") + 1)


def _not_closed(workshop: Workshop) -> None:
    if workshop.status == Workshop.Status.CLOSED:
        raise ApplicationError(_("Työpaja on päättynyt: sitä ei voi enää muuttaa."))


# --- Validation ---------------------------------------------------------------------------


def _title(value: str) -> str:
    title = clean_text(value)
    if not title:
        raise ApplicationError(_("Anna työpajalle otsikko."))
    if len(title) > TITLE_MAX:
        raise ApplicationError(_("Otsikko on liian pitkä."))
    return title


def _description(value: str) -> str:
    text = clean_text(value)
    if len(text) > DESCRIPTION_MAX:
        raise ApplicationError(_("Kuvaus on liian pitkä."))
    return text


def _question_text(value: str) -> str:
    text = clean_text(value)
    if not text:
        raise ApplicationError(_("Kysymys ei voi olla tyhjä."))
    if len(text) > QUESTION_MAX:
        raise ApplicationError(
            _("Kysymys on liian pitkä (enintään %(max)s merkkiä).") % {"max": QUESTION_MAX}
        )
    return text


def _question_texts(values: Iterable[str]) -> list[str]:
    texts = [_question_text(v) for v in values if clean_text(v)]
    if not texts:
        raise ApplicationError(_("Anna työpajalle ainakin yksi kysymys."))
    if len(texts) > QUESTIONS_MAX:
        raise ApplicationError(
            _("Työpajassa voi olla enintään %(max)s kysymystä.") % {"max": QUESTIONS_MAX}
        )
    return texts


def _votes(per_participant: Any, per_theme: Any) -> tuple[int, int]:
    try:
        votes, theme_votes = int(per_participant), int(per_theme)
    except (TypeError, ValueError) as error:
        raise ApplicationError(_("Äänten määrän pitää olla kokonaisluku.")) from error
    if not 1 <= votes <= VOTES_MAX:
        raise ApplicationError(_("Ääniä voi olla 1–%(max)s kysymystä kohden.") % {"max": VOTES_MAX})
    if not 1 <= theme_votes <= votes:
        raise ApplicationError(_("Yhdelle teemalle voi antaa 1–%(max)s ääntä.") % {"max": votes})
    return votes, theme_votes


def _network(organisation: Organisation, network: Network | None) -> Network | None:
    """``network`` if ``organisation`` is one of its members (a workshop is shared only
    with a network its organisation is in)."""
    if network is None:
        return None
    with scopes_disabled():
        member = Organisation.networks.through.objects.filter(
            organisation_id=organisation.pk, network_id=network.pk
        ).exists()
    if not member:
        raise NetworkError(
            _(
                "%(organisation)s ei kuulu verkostoon %(network)s. Valitse verkosto, johon "
                "organisaatio kuuluu, tai jätä työpaja organisaation omaksi."
            )
            % {"organisation": organisation.name, "network": network.name}
        )
    return network


# --- Workshops ------------------------------------------------------------------------------


def workshop_create(
    *,
    by: Any,
    organisation: Organisation,
    title: str,
    held_on: date,
    description: str = "",
    votes_per_participant: int = 3,
    votes_per_theme: int = 1,
    anonymous: bool = True,
    questions: list[str],
    starts_at: time | None = None,
    network: Network | None = None,
) -> Workshop:
    """A draft workshop with its questions (in the order given), run by ``by``; shared with
    ``network`` (one ``organisation`` is in) when given."""
    if not by.has_perm("workshops.facilitate_in", organisation):
        raise PermissionDeniedError(
            _("Sinulla ei ole oikeutta järjestää työpajoja tässä organisaatiossa.")
        )
    votes, theme_votes = _votes(votes_per_participant, votes_per_theme)
    texts = _question_texts(questions)
    shared = _network(organisation, network)
    with transaction.atomic():
        workshop = Workshop.objects.create(
            organisation=organisation,
            network=shared,
            title=_title(title),
            description=_description(description),
            held_on=held_on,
            starts_at=starts_at,
            votes_per_participant=votes,
            votes_per_theme=theme_votes,
            anonymous=bool(anonymous),
            created_by=by,
        )
        WorkshopQuestion.objects.bulk_create(
            WorkshopQuestion(workshop=workshop, position=i, text=text)
            for i, text in enumerate(texts, start=1)
        )
    return workshop


def _locked_workshop(workshop: Workshop) -> Workshop:
    with scopes_disabled():
        return Workshop.objects.select_for_update().get(pk=workshop.pk)  # type: ignore[no-any-return]


def _has_votes(workshop: Workshop) -> bool:
    with scopes_disabled():
        return Vote.objects.filter(question__workshop=workshop).exists()


def workshop_update(*, by: Any, workshop: Workshop, **fields: Any) -> Workshop:
    """Change a workshop's details. Once it has opened, whether it is anonymous stays as the
    participants were told; once a vote is given, the vote limits stay. ``questions`` (a
    list of texts) rewrites the questions in order: a question that has ideas keeps its
    text and place (it can only be followed by new ones)."""
    unknown = set(fields) - EDITABLE
    if unknown:
        raise ValueError(f"workshop_update: not editable: {sorted(unknown)}")
    check_facilitator(by, workshop)
    with transaction.atomic():
        current = _locked_workshop(workshop)
        _not_closed(current)
        if "title" in fields:
            current.title = _title(fields["title"])
        if "description" in fields:
            current.description = _description(fields["description"])
        if "held_on" in fields:
            current.held_on = fields["held_on"]
        if "starts_at" in fields:
            current.starts_at = fields["starts_at"]
        if "network" in fields:
            network = fields["network"]
            if (network.pk if network else None) != current.network_id:
                current.network = _network(current.organisation, network)
        if "anonymous" in fields and bool(fields["anonymous"]) != current.anonymous:
            if current.status != Workshop.Status.DRAFT:
                raise ApplicationError(_("Nimettömyyttä ei voi muuttaa, kun työpaja on avattu."))
            current.anonymous = bool(fields["anonymous"])
        if "votes_per_participant" in fields or "votes_per_theme" in fields:
            votes, theme_votes = _votes(
                fields.get("votes_per_participant", current.votes_per_participant),
                fields.get("votes_per_theme", current.votes_per_theme),
            )
            changed = (votes, theme_votes) != (
                current.votes_per_participant,
                current.votes_per_theme,
            )
            if changed and _has_votes(current):
                raise ApplicationError(_("Äänten määrää ei voi muuttaa, kun ääniä on jo annettu."))
            current.votes_per_participant, current.votes_per_theme = votes, theme_votes
        current.save()
        if "questions" in fields:
            _questions_rewrite(current, _question_texts(fields["questions"]))
    return current


def _questions_rewrite(workshop: Workshop, texts: list[str]) -> None:
    with scopes_disabled():
        existing = list(
            WorkshopQuestion.objects.filter(workshop=workshop)
            .select_for_update()
            .order_by("position", "pk")
        )
        used = set(
            WorkshopQuestion.objects.filter(workshop=workshop, ideas__isnull=False).values_list(
                "pk", flat=True
            )
        )
    kept = [q for q in existing if q.pk in used]
    free = [q for q in existing if q.pk not in used]
    # Questions with ideas keep their text; the texts equal to theirs are theirs.
    remaining = list(texts)
    for question in kept:
        if question.text in remaining:
            remaining.remove(question.text)
    for question in free:
        if remaining:
            question.text = remaining.pop(0)
            question.save(update_fields=["text"])
        else:
            question.delete()
    position = max((q.position for q in existing), default=0)
    for text in remaining:
        position += 1
        WorkshopQuestion.objects.create(workshop=workshop, position=position, text=text)
    _renumber(workshop)


def _renumber(workshop: Workshop) -> None:
    with scopes_disabled():
        for i, question in enumerate(
            WorkshopQuestion.objects.filter(workshop=workshop).order_by("position", "pk"),
            start=1,
        ):
            if question.position != i:
                WorkshopQuestion.objects.filter(pk=question.pk).update(position=i)


# --- Questions ------------------------------------------------------------------------------


def question_add(*, by: Any, workshop: Workshop, text: str) -> WorkshopQuestion:
    """A new question at the end (in the ideas phase), also while the workshop runs."""
    check_facilitator(by, workshop)
    with transaction.atomic():
        current = _locked_workshop(workshop)
        _not_closed(current)
        with scopes_disabled():
            count = WorkshopQuestion.objects.filter(workshop=current).count()
            last = WorkshopQuestion.objects.filter(workshop=current).aggregate(m=Max("position"))[
                "m"
            ]
        if count >= QUESTIONS_MAX:
            raise ApplicationError(
                _("Työpajassa voi olla enintään %(max)s kysymystä.") % {"max": QUESTIONS_MAX}
            )
        return WorkshopQuestion.objects.create(  # type: ignore[no-any-return]
            workshop=current, position=(last or 0) + 1, text=_question_text(text)
        )


def question_update(*, by: Any, question: WorkshopQuestion, text: str) -> WorkshopQuestion:
    """Correct a question's text: not once it has ideas (they answer the question asked)."""
    check_facilitator(by, question.workshop)
    with transaction.atomic():
        current = lock_question(question.pk)
        _not_closed(current.workshop)
        new = _question_text(text)
        if new != current.text:
            if current.ideas.exists():
                raise ApplicationError(
                    _("Kysymykseen on jo vastattu: sen tekstiä ei voi enää muuttaa.")
                )
            current.text = new
            current.save(update_fields=["text"])
            bump(current.pk)
    return current


def question_remove(*, by: Any, question: WorkshopQuestion) -> None:
    """Remove a question: not once it has ideas, and not the workshop's last one."""
    check_facilitator(by, question.workshop)
    with transaction.atomic():
        current = lock_question(question.pk)
        _not_closed(current.workshop)
        if current.ideas.exists():
            raise ApplicationError(_("Kysymykseen on jo vastattu: sitä ei voi poistaa."))
        with scopes_disabled():
            others = WorkshopQuestion.objects.filter(workshop=current.workshop).exclude(
                pk=current.pk
            )
            if not others.exists():
                raise ApplicationError(_("Työpajassa pitää olla ainakin yksi kysymys."))
        current.delete()
        _renumber(current.workshop)


# --- Opening, phases, closing ---------------------------------------------------------------


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))


def workshop_open(*, by: Any, workshop: Workshop) -> Workshop:
    """Draft → open, with a new join code (unique: a collision draws another)."""
    check_facilitator(by, workshop)
    for _attempt in range(10):
        try:
            with transaction.atomic():
                current = _locked_workshop(workshop)
                if current.status != Workshop.Status.DRAFT:
                    raise ApplicationError(_("Työpaja on jo avattu."))
                current.status = Workshop.Status.OPEN
                current.join_code = _new_code()
                current.opened_at = timezone.now()
                current.save(update_fields=["status", "join_code", "opened_at", "updated_at"])
                return current
        except IntegrityError:
            continue
    raise ApplicationError(_("Liittymiskoodia ei saatu tehtyä. Yritä uudelleen."))


def workshop_close(*, by: Any, workshop: Workshop) -> Workshop:
    """Open → closed: every question shows its results, the join code is refused from now
    on, late ideas and votes are refused."""
    check_facilitator(by, workshop)
    with transaction.atomic():
        current = _locked_workshop(workshop)
        if current.status != Workshop.Status.OPEN:
            raise ApplicationError(_("Vain käynnissä olevan työpajan voi päättää."))
        with scopes_disabled():
            questions = list(
                WorkshopQuestion.objects.select_for_update()
                .filter(workshop=current)
                .values_list("pk", flat=True)
            )
            WorkshopQuestion.objects.filter(pk__in=questions).update(phase=Phase.RESULTS)
        bump(*questions)
        current.status = Workshop.Status.CLOSED
        current.closed_at = timezone.now()
        current.save(update_fields=["status", "closed_at", "updated_at"])
    return current


def phase_allowed(current: str, new: str) -> bool:
    """Forward (a step may be skipped), or back from grouping to ideas."""
    if new not in PHASE_ORDER or current not in PHASE_ORDER:
        return False
    if current == Phase.GROUPING and new == Phase.IDEAS:
        return True
    return PHASE_ORDER.index(new) > PHASE_ORDER.index(current)


def _phase_check(workshop: Workshop) -> None:
    if workshop.status == Workshop.Status.DRAFT:
        raise ApplicationError(_("Avaa työpaja ensin."))
    _not_closed(workshop)


def question_phase_set(*, by: Any, question: WorkshopQuestion, phase: str) -> WorkshopQuestion:
    """Move one question to ``phase``."""
    check_facilitator(by, question.workshop)
    with transaction.atomic():
        current = lock_question(question.pk)
        _phase_check(current.workshop)
        if current.phase == phase:
            return current
        if not phase_allowed(current.phase, phase):
            raise ApplicationError(_("Kysymystä ei voi siirtää tähän vaiheeseen."))
        current.phase = phase
        current.save(update_fields=["phase"])
        bump(current.pk)
    return current


def workshop_phase_set(*, by: Any, workshop: Workshop, phase: str) -> int:
    """Move every question to ``phase`` at once (those already past it stay where they
    are); how many moved."""
    check_facilitator(by, workshop)
    if phase not in PHASE_ORDER:
        raise ApplicationError(_("Tuntematon vaihe."))
    with transaction.atomic():
        current = _locked_workshop(workshop)
        _phase_check(current)
        with scopes_disabled():
            rows = list(
                WorkshopQuestion.objects.select_for_update()
                .filter(workshop=current)
                .values_list("pk", "phase")
            )
        moving = [pk for pk, old in rows if phase_allowed(old, phase)]
        with scopes_disabled():
            WorkshopQuestion.objects.filter(pk__in=moving).update(phase=phase)
        bump(*moving)
    return len(moving)
