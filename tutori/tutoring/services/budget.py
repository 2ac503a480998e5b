"""Substitute budgets: creating a school's term budget, proposing spend and deciding on it.

A spend is proposed by a coordinator and approved or rejected by someone else who oversees
the school (four eyes: nobody decides on their own spend). The decision is one conditional
UPDATE (``WHERE status = 'proposed'``), so two overseers deciding at once cannot both win:
the second gets a clear refusal; the audit trail records it explicitly (auditlog sees only
saves).
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
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from tutori.accounts.models import User
from tutori.core.errors import ApplicationError, PermissionDeniedError
from tutori.core.forms import clean_text
from tutori.core.scoping import scopes_disabled
from tutori.core.time import ANY_DATE
from tutori.orgs.models import Organisation
from tutori.tutoring import permissions
from tutori.tutoring.models import SubstituteBudget, SubstituteSpend, TutoringSession
from tutori.tutoring.selectors.budget import with_balance


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
    term = clean_text(term)
    if not term:
        raise ApplicationError(_("Anna lukukausi."))
    if ends_on < starts_on:
        raise ApplicationError(_("Päättymispäivä ei voi olla ennen alkamispäivää."))
    problem = ANY_DATE.problem(starts_on) or ANY_DATE.problem(ends_on)
    if problem:
        raise ApplicationError(problem)
    if SubstituteBudget.objects.filter(school=school, term__iexact=term).exists():
        raise ApplicationError(
            _("Koululla %(school)s on jo sijaisbudjetti lukukaudelle %(term)s.")
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
            _("Koululla %(school)s on jo sijaisbudjetti lukukaudelle %(term)s.")
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
    return spend


@scopes_disabled()
@transaction.atomic
def spend_decide(*, by: User, spend: SubstituteSpend, approve: bool) -> SubstituteSpend:
    """Approve or reject a proposed spend, once, and never one's own (four eyes)."""
    if permissions.is_own_spend(by, spend):
        raise PermissionDeniedError(
            _(
                "Et voi päättää kulusta, jonka lisäsit itse. Sen hyväksyy tai hylkää toinen "
                "koulun esihenkilö tai koordinaattori."
            )
        )
    if not permissions.can_decide_spend(by, spend):
        raise PermissionDeniedError(_("Vain koulun esihenkilö tai koordinaattori voi päättää."))
    status = SubstituteSpend.Status.APPROVED if approve else SubstituteSpend.Status.REJECTED
    now = timezone.now()
    won = SubstituteSpend.objects.filter(
        pk=spend.pk, status=SubstituteSpend.Status.PROPOSED
    ).update(status=status, decided_by=by, decided_at=now)
    if not won:
        raise ApplicationError(_("Kulusta on jo päätetty."))
    before = copy.copy(spend)
    before.status = SubstituteSpend.Status.PROPOSED
    spend.status = status
    spend.decided_by = by
    spend.decided_at = now
    _audit_update(before=before, after=spend, actor=by)
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
