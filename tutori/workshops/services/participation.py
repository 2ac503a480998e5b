"""Writes of the participants: joining a workshop (with an account, or by its code with a
display name only), posting and deleting ideas, casting and taking back votes.

Every write locks its question's row first (``select_for_update`` on PostgreSQL; SQLite's
write transactions are IMMEDIATE) and checks the workshop's status and the question's phase
under that lock: an idea or a vote that arrives after the facilitator moved the phase is
refused with a message, never written.

Votes: a vote takes the participant's lowest free ``slot`` on the question (≤ the workshop's
votes per participant) and their lowest free ``theme_slot`` on the theme (≤ votes per
theme); both are unique in the database, so two tabs clicking at once cannot exceed the
limits: the insert that collides retries with the next free slot, and when none is left the
participant is told their votes are used.

A participant without an account is known by a random key kept in their session; their row
holds only its hash (``key_hash``). The callers (views) found the participant from the
request (``selectors.participant_of``); these functions act as the system for them.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from tutori.core.errors import ApplicationError, PermissionDeniedError
from tutori.core.forms import clean_text
from tutori.core.scoping import scopes_disabled
from tutori.workshops.models import (
    CODE_LENGTH,
    DISPLAY_NAME_MAX,
    IDEA_MAX,
    VOTES_MAX,
    Idea,
    Phase,
    Theme,
    Vote,
    Workshop,
    WorkshopParticipant,
    WorkshopQuestion,
)
from tutori.workshops.services.workshops import bump, lock_question

# A participant's ideas on one question (flooding a shared wall helps nobody).
IDEAS_PER_PARTICIPANT_MAX = 50
# Where a session keeps the keys of the workshops its holder joined without an account.
SESSION_KEYS = "workshop_keys"


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


# What people type between the characters of a code they read off a screen.
_SEPARATORS = re.compile(r"[\s\-–.]+")


def code_typed(code: str) -> str:
    """A join code as it is stored: capitals, without the spaces, dashes and dots people type."""
    return _SEPARATORS.sub("", clean_text(code or "")).upper()


def workshop_by_code(code: str) -> Workshop:
    """The open workshop of a join code; a wrong code or a closed workshop's is refused
    with a message."""
    normal = code_typed(code)
    workshop = None
    if len(normal) == CODE_LENGTH:
        with scopes_disabled():
            workshop = (
                Workshop.objects.select_related("organisation").filter(join_code=normal).first()
            )
    if workshop is None:
        raise ApplicationError(_("Koodilla ei löydy työpajaa. Tarkista koodi."))
    if workshop.status == Workshop.Status.CLOSED:
        raise ApplicationError(_("Työpaja on päättynyt: koodi ei ole enää voimassa."))
    if workshop.status != Workshop.Status.OPEN:
        raise ApplicationError(_("Työpaja ei ole vielä auki."))
    return workshop  # type: ignore[no-any-return]


def participant_join(
    *, workshop: Workshop, user: Any = None, display_name: str = ""
) -> tuple[WorkshopParticipant, str | None]:
    """Join an open workshop. With an account: one row per person (joining again returns
    it), no key. Without one: a display name is required, and a new random key is returned
    to keep in the joiner's session (the row holds its hash)."""
    _open(workshop)
    name = clean_text(display_name)
    if len(name) > DISPLAY_NAME_MAX:
        raise ApplicationError(
            _("Nimi on liian pitkä (enintään %(max)s merkkiä).") % {"max": DISPLAY_NAME_MAX}
        )
    signed_in = user is not None and getattr(user, "is_authenticated", False)
    if signed_in:
        with scopes_disabled():
            existing = WorkshopParticipant.objects.filter(workshop=workshop, user=user).first()
        if existing is not None:
            return existing, None
        try:
            with transaction.atomic():
                row = WorkshopParticipant.objects.create(
                    workshop=workshop, user=user, display_name=name or str(user)[:DISPLAY_NAME_MAX]
                )
        except IntegrityError:
            # The same person joined in another tab at this very moment.
            with scopes_disabled():
                row = WorkshopParticipant.objects.get(workshop=workshop, user=user)
        return row, None
    if not name:
        raise ApplicationError(_("Anna nimi, jolla sinut näytetään työpajassa."))
    key = secrets.token_urlsafe(32)
    row = WorkshopParticipant.objects.create(
        workshop=workshop, display_name=name, key_hash=key_hash(key)
    )
    return row, key


def participant_remember(session: Any, workshop: Workshop, key: str) -> None:
    """Keep a joiner's key in their session (``selectors.participant_of`` reads it)."""
    keys = dict(session.get(SESSION_KEYS) or {})
    keys[str(workshop.pk)] = key
    session[SESSION_KEYS] = keys


def _same_workshop(participant: WorkshopParticipant, question: WorkshopQuestion) -> None:
    if participant.workshop_id != question.workshop_id:
        raise PermissionDeniedError(_("Et ole tämän työpajan osallistuja."))


def _open(workshop: Workshop) -> None:
    """Participants write only while the workshop is open."""
    if workshop.status == Workshop.Status.CLOSED:
        raise ApplicationError(_("Työpaja on päättynyt."))
    if workshop.status != Workshop.Status.OPEN:
        raise ApplicationError(_("Työpaja ei ole vielä auki."))


def _phase(question: WorkshopQuestion, phase: str) -> None:
    """The workshop is open and the (locked, fresh) question in ``phase``."""
    _open(question.workshop)
    if question.phase != phase:
        messages: dict[str, str] = {
            Phase.IDEAS: _("Ideointi on päättynyt: ideaa ei tallennettu."),
            Phase.VOTING: _("Äänestys ei ole käynnissä: ääntä ei tallennettu."),
        }
        raise ApplicationError(messages.get(phase, _("Tämä vaihe on päättynyt.")))


# --- Ideas ----------------------------------------------------------------------------------


def idea_post(*, participant: WorkshopParticipant, question: WorkshopQuestion, text: str) -> Idea:
    """A participant's idea on a question in its ideas phase, kept as typed (without what no
    database stores: NUL bytes, lone surrogates, surrounding space)."""
    _same_workshop(participant, question)
    body = clean_text(text)
    if not body:
        raise ApplicationError(_("Kirjoita idea ensin."))
    if len(body) > IDEA_MAX:
        raise ApplicationError(
            _("Idea on liian pitkä (enintään %(max)s merkkiä).") % {"max": IDEA_MAX}
        )
    with transaction.atomic():
        current = lock_question(question.pk)
        _phase(current, Phase.IDEAS)
        with scopes_disabled():
            mine = Idea.objects.filter(question=current, participant=participant).count()
            last = Idea.objects.filter(question=current).aggregate(m=Max("position"))["m"]
        if mine >= IDEAS_PER_PARTICIPANT_MAX:
            raise ApplicationError(
                _("Olet jo antanut %(max)s ideaa tähän kysymykseen.")
                % {"max": IDEAS_PER_PARTICIPANT_MAX}
            )
        idea = Idea.objects.create(
            question=current, participant=participant, text=body, position=(last or 0) + 1
        )
        bump(current.pk)
    return idea  # type: ignore[no-any-return]


def idea_delete(*, participant: WorkshopParticipant, idea: Idea) -> None:
    """A participant deletes their own idea, while its question collects ideas."""
    if idea.participant_id != participant.pk:
        raise PermissionDeniedError(_("Voit poistaa vain omia ideoitasi."))
    with transaction.atomic():
        current = lock_question(idea.question_id)
        _phase(current, Phase.IDEAS)
        with scopes_disabled():
            Idea.objects.filter(pk=idea.pk, participant=participant).delete()
        bump(current.pk)


# --- Votes ----------------------------------------------------------------------------------


def _free(used: set[int], limit: int) -> int | None:
    return next((n for n in range(1, limit + 1) if n not in used), None)


def vote_cast(*, participant: WorkshopParticipant, theme: Theme) -> Vote:
    """One of the participant's votes on the theme's question, given to the theme."""
    with scopes_disabled():
        # Read again: the theme may have been merged away since the page showed it.
        question_id = (
            Theme.objects.filter(pk=theme.pk).values_list("question_id", flat=True).first()
        )
    if question_id is None:
        raise ApplicationError(_("Teemaa ei enää ole."))
    with transaction.atomic():
        question = lock_question(question_id)
        _same_workshop(participant, question)
        _phase(question, Phase.VOTING)
        with scopes_disabled():
            # Merged away between the read above and the lock (a merge takes the same lock).
            if not Theme.objects.filter(pk=theme.pk, question_id=question_id).exists():
                raise ApplicationError(_("Teemaa ei enää ole."))
        workshop = question.workshop
        limit = min(workshop.votes_per_participant, VOTES_MAX)
        per_theme = min(workshop.votes_per_theme, limit)
        for _attempt in range(2 * VOTES_MAX):
            with scopes_disabled():
                mine = Vote.objects.filter(participant=participant, question=question)
                slots = set(mine.values_list("slot", flat=True))
                theme_slots = set(mine.filter(theme=theme).values_list("theme_slot", flat=True))
            slot = _free(slots, limit)
            if slot is None:
                raise ApplicationError(_("Äänesi on käytetty."))
            theme_slot = _free(theme_slots, per_theme)
            if theme_slot is None:
                raise ApplicationError(_("Olet jo antanut tälle teemalle enimmäismäärän ääniä."))
            try:
                with transaction.atomic():
                    vote = Vote.objects.create(
                        participant=participant,
                        question=question,
                        theme_id=theme.pk,
                        slot=slot,
                        theme_slot=theme_slot,
                    )
            except IntegrityError:
                # Another tab took this slot at the same moment: read again, take the next.
                continue
            bump(question.pk)
            return vote  # type: ignore[no-any-return]
    raise ApplicationError(_("Äänesi on käytetty."))


def vote_take_back(*, participant: WorkshopParticipant, theme: Theme) -> bool:
    """Take back the participant's newest vote on the theme (its slots are free again);
    False when they had none there."""
    with transaction.atomic():
        question = lock_question(theme.question_id)
        _same_workshop(participant, question)
        _phase(question, Phase.VOTING)
        with scopes_disabled():
            newest = (
                Vote.objects.filter(participant=participant, theme_id=theme.pk)
                .order_by("-created_at", "-pk")
                .values_list("pk", flat=True)
                .first()
            )
            if newest is None:
                return False
            Vote.objects.filter(pk=newest).delete()
        bump(question.pk)
    return True
