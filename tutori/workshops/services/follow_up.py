"""A theme of a workshop's result turned into follow-up work in one action (part W3): a topic
of the tutoring catalogue or a question of a draft survey — made by the app that owns it,
through its ``core.registry.FollowUpTarget`` (workshops imports neither) — or a task of the
workshop's own, with an owner and a due date; and a task marked done.

The owner of a task is told by mail (``core.notify``: queued inside the write's transaction,
in the owner's language) and finds it on their dashboard ("Työpajojen tehtävät").

Each function checks the right itself (``PermissionDeniedError``) and refuses what cannot be
done with a message for the user (``ApplicationError``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tutori.accounts.models import User
from tutori.core.errors import ApplicationError, PermissionDeniedError
from tutori.core.forms import clean_text
from tutori.core.notify import notify
from tutori.core.registry import (
    FollowUpTarget,
    NotificationKind,
    follow_up_target,
    follow_up_targets,
)
from tutori.core.scoping import scopes_disabled
from tutori.core.time import ANY_DATE
from tutori.orgs.models import Membership, Organisation, Role
from tutori.workshops.models import TITLE_MAX, FollowUp, Theme

TASK = "task"
# The registry's targets that a follow-up row records, by the kind it is stored as.
TARGET_KINDS = {
    "tutoring.topic": FollowUp.Kind.TOPIC,
    "surveys.question": FollowUp.Kind.SURVEY_QUESTION,
}
# Who may own a task: the people who carry the organisation's work.
OWNER_ROLES = frozenset({Role.COORDINATOR, Role.MANAGER, Role.TUTOR})
OWNERS_MAX = 300

TASK_ASSIGNED = "workshops.task_assigned"
KINDS = (
    NotificationKind(
        TASK_ASSIGNED, gettext_lazy("Minulle annettu työpajan jatkotehtävä"), order=600
    ),
)


def targets_for(user: Any, organisation: Organisation) -> list[FollowUpTarget]:
    """The declared targets ``user`` may make follow-up work in, in their order."""
    return [
        target
        for target in follow_up_targets()
        if target.key in TARGET_KINDS and target.allowed(user, organisation)
    ]


def _owners(organisation: Organisation) -> Any:
    """The active coordinators, managers and tutors of ``organisation`` and of the
    organisations below it (to be read inside ``scopes_disabled``)."""
    members = (
        Membership.objects.active()
        .filter(
            organisation__path__startswith=organisation.path,
            organisation__is_active=True,
            role__in=OWNER_ROLES,
        )
        .values("user_id")
    )
    return User.objects.filter(pk__in=members, is_active=True)


@scopes_disabled()
def owner_candidates(organisation: Organisation, *, by: Any = None) -> list[User]:
    """Who may own a task of a workshop of ``organisation`` (``_owners``) and the
    facilitator ``by`` (by name; at most ``OWNERS_MAX``)."""
    people = list(_owners(organisation).order_by("display_name", "email", "pk")[:OWNERS_MAX])
    if by is not None and by.is_active and all(p.pk != by.pk for p in people):
        people.insert(0, by)
    return people


@scopes_disabled()
def _may_own(owner: User | None, organisation: Organisation, *, by: Any) -> bool:
    """Whether ``owner`` is one of ``owner_candidates`` (asked of this one person)."""
    if owner is None or not owner.is_active:
        return False
    return owner.pk == by.pk or _owners(organisation).filter(pk=owner.pk).exists()


def _theme_locked(theme: Theme) -> Theme:
    with scopes_disabled():
        return (
            Theme.objects.select_for_update(of=("self",))
            .select_related("question__workshop__organisation")
            .get(pk=theme.pk)
        )


def _check(by: Any, theme: Theme) -> None:
    if not by.has_perm("workshops.follow_up", theme):
        raise PermissionDeniedError(
            _("Vain työpajan ohjaaja voi tehdä teemasta jatkotyötä, kun sen tulokset näkyvät.")
        )


def _title(value: str, default: str) -> str:
    text = clean_text(value) or clean_text(default)
    if not text:
        raise ApplicationError(_("Anna tehtävälle nimi."))
    if len(text) > TITLE_MAX:
        raise ApplicationError(
            _("Nimi on liian pitkä: enintään %(limit)d merkkiä.") % {"limit": TITLE_MAX}
        )
    return text


def _save(follow_up: FollowUp) -> FollowUp:
    try:
        follow_up.full_clean(exclude=["theme", "owner", "created_by"])
    except ValidationError as error:
        raise ApplicationError(" ".join(error.messages)) from error
    follow_up.save()
    return follow_up


@transaction.atomic
def follow_up_make(*, by: Any, theme: Theme, target_key: str) -> FollowUp:
    """Turn ``theme`` into a topic or a survey question through the target declared as
    ``target_key``; a theme becomes each kind of work once."""
    theme = _theme_locked(theme)
    _check(by, theme)
    organisation = theme.question.workshop.organisation
    target = follow_up_target(target_key)
    if target is None or target.key not in TARGET_KINDS:
        raise ApplicationError(_("Valitse, millaista jatkotyötä teemasta tehdään."))
    if not target.allowed(by, organisation):
        raise PermissionDeniedError(
            _("Sinulla ei ole oikeutta tehdä tätä jatkotyötä työpajan organisaatiossa.")
        )
    kind = TARGET_KINDS[target.key]
    with scopes_disabled():
        made = FollowUp.objects.filter(theme=theme, kind=kind).exists()
    if made:
        raise ApplicationError(_("Teemasta on jo tehty tämä jatkotyö."))
    ref = target.create(by, organisation, theme.name, theme.question.workshop.title)
    return _save(
        FollowUp(
            theme=theme,
            kind=kind,
            target=ref,
            title=_title(theme.name, theme.name)[:TITLE_MAX],
            created_by=by,
        )
    )


@transaction.atomic
def task_create(
    *, by: Any, theme: Theme, owner: User, due_on: date, title: str = "", note: str = ""
) -> FollowUp:
    """A task of ``theme`` (named ``title``, by default the theme's name) for ``owner`` (one
    of ``owner_candidates``) by ``due_on``; the owner is told by mail."""
    theme = _theme_locked(theme)
    _check(by, theme)
    workshop = theme.question.workshop
    if not _may_own(owner, workshop.organisation, by=by):
        raise ApplicationError(_("Valitse tehtävälle vastuuhenkilö työpajan organisaatiosta."))
    if due_on is None:
        raise ApplicationError(_("Anna tehtävälle määräpäivä."))
    problem = ANY_DATE.problem(due_on)
    if problem:
        raise ApplicationError(problem)
    task = _save(
        FollowUp(
            theme=theme,
            kind=FollowUp.Kind.TASK,
            title=_title(title, theme.name),
            owner=owner,
            due_on=due_on,
            created_by=by,
        )
    )
    notify(
        owner,
        kind=TASK_ASSIGNED,
        subject=lambda: _("Työpajan jatkotehtävä: %(title)s") % {"title": task.title},
        template="workshops/email/task_assigned.txt",
        context={
            "task": task,
            "workshop": workshop,
            "theme": theme,
            "by": by,
            "note": clean_text(note),
        },
        action_path=reverse("dashboard:root"),
    )
    return task


@transaction.atomic
def task_done(*, by: Any, task: FollowUp, done: bool = True) -> FollowUp:
    """Mark a task done (or not done after all): its owner or the workshop's facilitators."""
    with scopes_disabled():
        task = (
            FollowUp.objects.select_for_update(of=("self",))
            .select_related("theme__question__workshop__organisation")
            .get(pk=task.pk)
        )
    if not by.has_perm("workshops.mark_done", task):
        raise PermissionDeniedError(
            _("Vain tehtävän vastuuhenkilö tai työpajan ohjaaja voi merkitä sen tehdyksi.")
        )
    if task.done != done:
        task.done = done
        task.done_at = timezone.now() if done else None
        task.save(update_fields=["done", "done_at"])
    return task
