"""Substitute budgets: creating a school's budget, proposing spend and deciding on it.

A spend is proposed by a coordinator and approved or rejected by someone else who oversees
the school (four eyes: nobody decides on their own spend), with an optional reason. The
decision is one conditional UPDATE (``WHERE status = 'proposed'``), so two overseers
deciding at once cannot both win: the second gets a clear refusal; the audit trail records
it explicitly (auditlog sees only saves). Whoever decided can undo the decision until the
spend is used (``selectors.budget.undo_until``); the spend then waits for a decision again.

Those who can decide are told by mail of a spend waiting for them; the proposer is told of
the decision and of its undoing.
"""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal

from auditlog.diff import model_instance_diff
from auditlog.models import LogEntry
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from tutori.accounts.models import User
from tutori.core.errors import ApplicationError, PermissionDeniedError
from tutori.core.forms import clean_text
from tutori.core.notify import notify, notify_all
from tutori.core.scoping import scopes_disabled
from tutori.core.text import text_problem
from tutori.core.time import ANY_DATE
from tutori.orgs.models import Membership, Organisation, OrganisationKind, path_ids
from tutori.tutoring import permissions
from tutori.tutoring.models import SubstituteBudget, SubstituteSpend, TutoringSession
from tutori.tutoring.selectors.budget import can_still_undo, undo_until, with_balance

# Notification kinds (declared in apps.py).
SPEND_TO_DECIDE = "tutoring.spend_to_decide"
SPEND_DECISION = "tutoring.spend_decision"


REASON_MAX_LENGTH = 500


class OverdraftNotConfirmed(ApplicationError):
    """The spend would take the budget below zero and nobody said that is intended."""


def _validation_message(error: ValidationError) -> str:
    return " ".join(str(message) for message in error.messages)


@scopes_disabled()
@transaction.atomic
def budget_create(
    *,
    by: User,
    school: Organisation,
    term: str,
    starts_on: dt.date,
    ends_on: dt.date,
    amount: Decimal,
) -> SubstituteBudget:
    if not permissions.can_curate_in(by, school):
        raise PermissionDeniedError(_("Vain koordinaattori voi lisätä sijaisbudjetin."))
    if school.kind != OrganisationKind.SCHOOL:
        raise ApplicationError(_("Sijaisbudjetti lisätään koululle."))
    term = clean_text(term)
    if not term:
        raise ApplicationError(_("Anna budjettikauden nimi."))
    if ends_on < starts_on:
        raise ApplicationError(_("Päättymispäivä ei voi olla ennen alkamispäivää."))
    problem = ANY_DATE.problem(starts_on) or ANY_DATE.problem(ends_on)
    if problem:
        raise ApplicationError(problem)
    if SubstituteBudget.objects.filter(school=school, term__iexact=term).exists():
        raise ApplicationError(
            _("Sijaisbudjetti on jo olemassa: %(school)s, %(term)s.")
            % {"school": school.name, "term": term}
        )
    budget = SubstituteBudget(
        school=school, term=term, starts_on=starts_on, ends_on=ends_on, amount=amount
    )
    try:
        budget.full_clean()
        # A savepoint, so a lost race on the unique constraint leaves the transaction usable.
        with transaction.atomic():
            budget.save()
    except ValidationError as error:
        raise ApplicationError(_validation_message(error)) from error
    except IntegrityError as error:
        raise ApplicationError(
            _("Sijaisbudjetti on jo olemassa: %(school)s, %(term)s.")
            % {"school": school.name, "term": term}
        ) from error
    return budget


@scopes_disabled()
def budget_balance(*, budget: SubstituteBudget) -> dict[str, Decimal]:
    """Fresh totals of one budget (one query), for checks made while writing."""
    fresh = with_balance(SubstituteBudget.objects.filter(pk=budget.pk)).get()
    return {
        key: Decimal(getattr(fresh, key)) for key in ("amount", "approved_total", "proposed_total")
    }


def spend_would_overdraw(*, budget: SubstituteBudget, amount: Decimal) -> bool:
    """Would approving everything proposed plus ``amount`` take the budget below zero?"""
    balance = budget_balance(budget=budget)
    return balance["amount"] - balance["approved_total"] - balance["proposed_total"] - amount < 0


@transaction.atomic
def spend_create(
    *,
    by: User,
    budget: SubstituteBudget,
    date: dt.date,
    amount: Decimal,
    description: str,
    session: TutoringSession | None = None,
    overdraft_confirmed: bool = False,
) -> SubstituteSpend:
    """Propose a spend; an overseer of the school approves or rejects it later."""
    school = budget.school
    if not permissions.can_curate_in(by, school):
        raise PermissionDeniedError(_("Vain koordinaattori voi lisätä sijaiskuluja."))
    if not budget.starts_on <= date <= budget.ends_on:
        raise ApplicationError(
            _("Päivän pitää olla budjetin lukukaudella (%(start)s–%(end)s).")
            % {
                "start": formats.date_format(budget.starts_on, "j.n.Y"),
                "end": formats.date_format(budget.ends_on, "j.n.Y"),
            }
        )
    if amount <= 0:
        raise ApplicationError(_("Summan pitää olla suurempi kuin nolla."))
    if session is not None and (session.organisation_id != school.pk or not session.during_lessons):
        raise ApplicationError(
            _("Kulun voi liittää vain koulun tutorointiin, joka pidettiin oppituntien aikana.")
        )
    if not overdraft_confirmed and spend_would_overdraw(budget=budget, amount=amount):
        raise OverdraftNotConfirmed(
            _("Kulu veisi budjetin miinukselle. Vahvista, että se on tarkoitus.")
        )
    spend = SubstituteSpend(
        budget=budget,
        date=date,
        amount=amount,
        description=clean_text(description),
        session=session,
        status=SubstituteSpend.Status.PROPOSED,
        created_by=by,
    )
    try:
        spend.full_clean()
    except ValidationError as error:
        raise ApplicationError(_validation_message(error)) from error
    spend.save()
    _tell_deciders(spend)
    return spend


@scopes_disabled()
def spend_deciders(spend: SubstituteSpend) -> list[User]:
    """Everyone who can decide on ``spend`` (``tutoring.decide_spend``): the principals and
    coordinators of its school and of the organisations above it, except who proposed it."""
    school = spend.budget.school
    memberships = (
        Membership.objects.active()
        .filter(
            organisation_id__in=path_ids(school.path),
            organisation__is_active=True,
            role__in=permissions.OVERSIGHT_ROLES,
            user__is_active=True,
        )
        .exclude(user_id=spend.created_by_id)
        .select_related("user")
        .order_by("user__display_name", "user_id")
    )
    people = {m.user_id: m.user for m in memberships}
    return [person for person in people.values() if permissions.can_decide_spend(person, spend)]


def _money(amount: Decimal) -> str:
    return f"{formats.number_format(amount, 2, use_l10n=True, force_grouping=True)} €"


def _tell_deciders(spend: SubstituteSpend) -> None:
    """Mail those who can decide: a spend waits for them (a link to the decision page)."""
    budget = spend.budget
    notify_all(
        spend_deciders(spend),
        kind=SPEND_TO_DECIDE,
        subject=lambda: (
            _("Sijaiskulu odottaa päätöstäsi: %(school)s") % {"school": budget.school.name}
        ),
        template="tutoring/email/spend_waiting.txt",
        context={"spend": spend, "budget": budget, "amount": lambda: _money(spend.amount)},
        action_path=reverse("tutoring:spend_decide", args=[spend.pk]),
    )


def _tell_proposer(spend: SubstituteSpend, *, undone_by: User | None = None) -> None:
    """Mail who proposed the spend: the decision (with its reason), or that it was undone."""
    budget = spend.budget
    school = budget.school.name
    if undone_by is not None:
        template = "tutoring/email/spend_undone.txt"

        def subject() -> str:
            return _("Päätös sijaiskulusta peruttiin: %(school)s") % {"school": school}

    elif spend.status == SubstituteSpend.Status.APPROVED:
        template = "tutoring/email/spend_decided.txt"

        def subject() -> str:
            return _("Sijaiskulu hyväksytty: %(school)s") % {"school": school}

    else:
        template = "tutoring/email/spend_decided.txt"

        def subject() -> str:
            return _("Sijaiskulu hylätty: %(school)s") % {"school": school}

    notify(
        spend.created_by,
        kind=SPEND_DECISION,
        subject=subject,
        template=template,
        context={
            "spend": spend,
            "budget": budget,
            "amount": lambda: _money(spend.amount),
            "undone_by": undone_by,
        },
        action_path=reverse("tutoring:budget", args=[budget.pk]),
    )


@scopes_disabled()
@transaction.atomic
def spend_decide(
    *, by: User, spend: SubstituteSpend, approve: bool, reason: str = ""
) -> SubstituteSpend:
    """Approve or reject a proposed spend, once, and never one's own (four eyes); the
    optional ``reason`` goes to the proposer with the decision."""
    if permissions.is_own_spend(by, spend):
        raise PermissionDeniedError(
            _(
                "Et voi päättää kulusta, jonka lisäsit itse. Sen hyväksyy tai hylkää toinen "
                "koulun esihenkilö tai koordinaattori."
            )
        )
    if not permissions.can_decide_spend(by, spend):
        raise PermissionDeniedError(_("Vain koulun esihenkilö tai koordinaattori voi päättää."))
    reason = clean_text(reason)
    problem = text_problem(reason) if reason else None
    if problem:
        raise ApplicationError(problem)
    if len(reason) > REASON_MAX_LENGTH:
        raise ApplicationError(
            _("Perustelu on liian pitkä (enintään %(count)s merkkiä).")
            % {"count": REASON_MAX_LENGTH}
        )
    status = SubstituteSpend.Status.APPROVED if approve else SubstituteSpend.Status.REJECTED
    now = timezone.now()
    won = SubstituteSpend.objects.filter(
        pk=spend.pk, status=SubstituteSpend.Status.PROPOSED
    ).update(status=status, decided_by=by, decided_at=now, decision_reason=reason)
    if not won:
        raise ApplicationError(_("Kulusta on jo päätetty."))
    before = copy.copy(spend)
    before.status = SubstituteSpend.Status.PROPOSED
    spend.status = status
    spend.decided_by = by
    spend.decided_at = now
    spend.decision_reason = reason
    _audit_update(before=before, after=spend, actor=by)
    _tell_proposer(spend)
    return spend


@scopes_disabled()
@transaction.atomic
def spend_undo(*, by: User, spend: SubstituteSpend) -> SubstituteSpend:
    """Undo one's own decision on a spend that is not yet used (``undo_until``): it waits
    for a decision again, and its proposer is told."""
    if not permissions.can_undo_spend_decision(by, spend):
        raise PermissionDeniedError(_("Vain päätöksen tehnyt voi perua sen."))
    if not can_still_undo(spend):
        raise ApplicationError(
            _("Päätöstä ei voi enää perua: sen sai perua %(date)s asti.")
            % {"date": formats.date_format(undo_until(spend), "j.n.Y")}
        )
    won = SubstituteSpend.objects.filter(
        pk=spend.pk, status=spend.status, decided_by=by, decided_at=spend.decided_at
    ).update(
        status=SubstituteSpend.Status.PROPOSED, decided_by=None, decided_at=None, decision_reason=""
    )
    if not won:
        raise ApplicationError(_("Päätös on jo muuttunut. Katso kulun tila budjetin sivulta."))
    before = copy.copy(spend)
    spend.status = SubstituteSpend.Status.PROPOSED
    spend.decided_by = None
    spend.decided_at = None
    spend.decision_reason = ""
    _audit_update(before=before, after=spend, actor=by)
    _tell_proposer(spend, undone_by=by)
    return spend


def _audit_update(*, before: SubstituteSpend, after: SubstituteSpend, actor: User) -> None:
    """An audit entry for a change written by a conditional UPDATE, which auditlog's save
    signals never see: who decided, and what changed."""
    LogEntry.objects.log_create(
        after,
        action=LogEntry.Action.UPDATE,
        changes=model_instance_diff(
            before,
            after,
            use_json_for_changes=getattr(settings, "AUDITLOG_STORE_JSON_CHANGES", False),
        ),
        actor=actor,
    )
