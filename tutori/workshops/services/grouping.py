"""Writes of the grouping phase: the facilitator makes themes of a question's ideas, names,
merges and deletes them, and moves ideas between them (by drag and drop or by the form).

Every action needs the question in its grouping phase, checked under the question's row
lock (the one the phase change takes). Merging moves the merged themes' ideas, follow-up
work and votes into the theme kept, and deletes the merged ones. Votes exist only if a
question was grouped after voting, which the phases do not allow today; should one exist, a
vote that would take a participant over the workshop's votes per theme on the kept theme is
dropped (the participant's vote is then free to give again), the others move.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from tutori.core.errors import ApplicationError
from tutori.core.forms import clean_text
from tutori.core.scoping import scopes_disabled
from tutori.workshops.models import (
    THEME_MAX,
    FollowUp,
    Idea,
    Phase,
    Theme,
    Vote,
    Workshop,
    WorkshopQuestion,
)
from tutori.workshops.services.workshops import bump, check_facilitator, lock_question

# A question's themes (a wall of more than this is no longer grouped).
THEMES_MAX = 100


def _name(value: str) -> str:
    name = clean_text(value)
    if not name:
        raise ApplicationError(_("Anna teemalle nimi."))
    if len(name) > THEME_MAX:
        raise ApplicationError(
            _("Teeman nimi on liian pitkä (enintään %(max)s merkkiä).") % {"max": THEME_MAX}
        )
    return name


def _grouping(by: Any, question_id: int) -> WorkshopQuestion:
    """The question, locked, after checking the facilitator and its phase."""
    question = lock_question(question_id)
    check_facilitator(by, question.workshop)
    if question.workshop.status != Workshop.Status.OPEN:
        raise ApplicationError(_("Työpaja ei ole käynnissä."))
    if question.phase != Phase.GROUPING:
        raise ApplicationError(_("Ideoita voi ryhmitellä vain ryhmittelyvaiheessa."))
    return question


def _append_ideas(question: WorkshopQuestion, theme: Theme | None, idea_ids: Iterable[int]) -> None:
    """Put the question's ideas ``idea_ids`` (in that order) at the end of ``theme``."""
    ids = [int(i) for i in idea_ids]
    if not ids:
        return
    with scopes_disabled():
        ideas = Idea.objects.filter(question=question, pk__in=ids)
        found = set(ideas.values_list("pk", flat=True))
        if found != set(ids):
            raise ApplicationError(_("Osa ideoista ei kuulu tähän kysymykseen."))
        last = Idea.objects.filter(question=question, theme=theme).aggregate(m=Max("position"))["m"]
        start = (last or 0) + 1
        moved = [
            Idea(pk=idea_id, theme=theme, position=position)
            for position, idea_id in enumerate(dict.fromkeys(ids), start=start)
        ]
        Idea.objects.bulk_update(moved, ["theme", "position"])


def theme_create(
    *, by: Any, question: WorkshopQuestion, name: str, idea_ids: Iterable[int] = ()
) -> Theme:
    """A new theme at the end of the question's themes, with the ideas ``idea_ids``."""
    with transaction.atomic():
        current = _grouping(by, question.pk)
        with scopes_disabled():
            themes = Theme.objects.filter(question=current)
            if themes.count() >= THEMES_MAX:
                raise ApplicationError(
                    _("Kysymyksellä voi olla enintään %(max)s teemaa.") % {"max": THEMES_MAX}
                )
            last = themes.aggregate(m=Max("position"))["m"]
        theme = Theme.objects.create(question=current, name=_name(name), position=(last or 0) + 1)
        _append_ideas(current, theme, idea_ids)
        bump(current.pk)
    return theme  # type: ignore[no-any-return]


def theme_rename(*, by: Any, theme: Theme, name: str) -> Theme:
    with transaction.atomic():
        current = _grouping(by, theme.question_id)
        new = _name(name)
        with scopes_disabled():
            Theme.objects.filter(pk=theme.pk, question=current).update(name=new)
        theme.name = new
        bump(current.pk)
    return theme


def theme_delete(*, by: Any, theme: Theme) -> None:
    """Delete a theme; its ideas become ungrouped (none is lost)."""
    with transaction.atomic():
        current = _grouping(by, theme.question_id)
        with scopes_disabled():
            ideas = list(
                Idea.objects.filter(theme_id=theme.pk)
                .order_by("position", "pk")
                .values_list("pk", flat=True)
            )
        _append_ideas(current, None, ideas)
        with scopes_disabled():
            Theme.objects.filter(pk=theme.pk, question=current).delete()
        bump(current.pk)


def idea_move(*, by: Any, idea: Idea, theme: Theme | None, position: int | None = None) -> None:
    """Move an idea into ``theme`` (None: ungrouped), at ``position`` among its ideas
    (0 = first; None or past the end: last)."""
    with transaction.atomic():
        current = _grouping(by, idea.question_id)
        if theme is not None and theme.question_id != current.pk:
            raise ApplicationError(_("Teema kuuluu toiseen kysymykseen."))
        target = theme.pk if theme is not None else None
        with scopes_disabled():
            if not Idea.objects.filter(pk=idea.pk, question=current).exists():
                raise ApplicationError(_("Ideaa ei enää ole."))
            # Deleted or merged away in another tab since the page was drawn.
            if target is not None and not Theme.objects.filter(pk=target).exists():
                raise ApplicationError(_("Teemaa ei enää ole."))
            order = list(
                Idea.objects.filter(question=current, theme_id=target)
                .exclude(pk=idea.pk)
                .order_by("position", "pk")
                .values_list("pk", flat=True)
            )
            at = len(order) if position is None else max(0, min(int(position), len(order)))
            order.insert(at, idea.pk)
            Idea.objects.filter(pk=idea.pk).update(theme_id=target)
            # One statement for the theme's new order, however many ideas it holds.
            Idea.objects.bulk_update(
                [Idea(pk=pk, position=i) for i, pk in enumerate(order, start=1)], ["position"]
            )
        idea.theme_id = target
        bump(current.pk)


def themes_merge(*, by: Any, into: Theme, merged: list[Theme]) -> Theme:
    """Merge ``merged`` into ``into``: their ideas (after its own), follow-up work and votes
    move to it (a vote over the votes-per-theme limit is dropped: see the module), and the
    merged themes are deleted."""
    others = [t for t in merged if t.pk != into.pk]
    if not others:
        raise ApplicationError(_("Valitse ainakin kaksi teemaa yhdistettäviksi."))
    with transaction.atomic():
        current = _grouping(by, into.question_id)
        ids = [t.pk for t in others]
        with scopes_disabled():
            if (
                Theme.objects.filter(pk__in=[*ids, into.pk], question=current).count()
                != len(ids) + 1
            ):
                raise ApplicationError(_("Yhdistettävät teemat kuuluvat eri kysymyksiin."))
            ideas = list(
                Idea.objects.filter(theme_id__in=ids)
                .order_by("theme__position", "position", "pk")
                .values_list("pk", flat=True)
            )
        _append_ideas(current, into, ideas)
        _move_votes(current.workshop, into, ids)
        with scopes_disabled():
            FollowUp.objects.filter(theme_id__in=ids).update(theme=into)
            Theme.objects.filter(pk__in=ids).delete()
        bump(current.pk)
    return into


def _move_votes(workshop: Workshop, into: Theme, ids: list[int]) -> None:
    with scopes_disabled():
        used: dict[int, set[int]] = {}
        for participant_id, theme_slot in Vote.objects.filter(theme=into).values_list(
            "participant_id", "theme_slot"
        ):
            used.setdefault(participant_id, set()).add(theme_slot)
        for vote_id, participant_id in (
            Vote.objects.filter(theme_id__in=ids)
            .order_by("created_at", "pk")
            .values_list("pk", "participant_id")
        ):
            slots = used.setdefault(participant_id, set())
            free = next((n for n in range(1, workshop.votes_per_theme + 1) if n not in slots), None)
            if free is None:
                Vote.objects.filter(pk=vote_id).delete()
                continue
            slots.add(free)
            Vote.objects.filter(pk=vote_id).update(theme=into, theme_slot=free)
