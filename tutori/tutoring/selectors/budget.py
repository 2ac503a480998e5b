"""Reads of substitute budgets: each budget with its balance, its spends, one spend, and the
sessions a spend may point to.

Budgets are reached through their school: a budget is seen by those who oversee the
school (managers and coordinators above it) and by platform admins. Every sum is an
aggregate in the database, so a page costs the same few queries for 1 or 1,000 rows.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import DecimalField, ExpressionWrapper, F, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from tutori.core.time import local
from tutori.orgs.models import Organisation
from tutori.tutoring.models import SubstituteBudget, SubstituteSpend, TutoringSession

if TYPE_CHECKING:
    from tutori.accounts.models import User


MONEY: DecimalField[Decimal, Decimal] = DecimalField(max_digits=12, decimal_places=2)


ZERO = Value(Decimal("0.00"), output_field=MONEY)


def with_balance(qs: QuerySet[SubstituteBudget]) -> QuerySet[SubstituteBudget]:
    """Approved and proposed spend and what remains, summed by the database."""
    approved = Q(spends__status=SubstituteSpend.Status.APPROVED)
    proposed = Q(spends__status=SubstituteSpend.Status.PROPOSED)
    return qs.annotate(
        approved_total=Coalesce(Sum("spends__amount", filter=approved), ZERO, output_field=MONEY),
        proposed_total=Coalesce(Sum("spends__amount", filter=proposed), ZERO, output_field=MONEY),
    ).annotate(
        remaining=ExpressionWrapper(F("amount") - F("approved_total"), output_field=MONEY),
        remaining_after_proposed=ExpressionWrapper(
            F("amount") - F("approved_total") - F("proposed_total"), output_field=MONEY
        ),
    )


def budget_list(
    *, user: User, school: Organisation | None = None, within: Organisation | None = None
) -> QuerySet[SubstituteBudget]:
    """Budgets of the schools the user oversees, each with its balance (one query): of one
    ``school``, or of ``within`` and every unit below it."""
    qs = SubstituteBudget.objects.visible_to(user)
    if school is not None:
        qs = qs.filter(school=school)
    if within is not None:
        qs = qs.filter(school__path__startswith=within.path)
    return with_balance(qs.select_related("school")).order_by("school__name", "-starts_on", "pk")


def budget_get(*, user: User, pk: int) -> SubstituteBudget | None:
    return budget_list(user=user).filter(pk=pk).first()


def budget_spends(*, budget: SubstituteBudget) -> QuerySet[SubstituteSpend]:
    """The spends of a budget the caller already reached through ``budget_get``."""
    return budget.spends.select_related("session", "created_by", "decided_by").order_by(
        "-date", "-pk"
    )


def spend_get(*, user: User, pk: int) -> SubstituteSpend | None:
    return (
        SubstituteSpend.objects.visible_to(user)
        .filter(pk=pk)
        .select_related("budget__school", "session", "created_by", "decided_by")
        .first()
    )


def substitute_sessions(*, user: User, school: Organisation) -> QuerySet[TutoringSession]:
    """Sessions of ``school`` given during lessons: those a substitute spend may point to."""
    return (
        TutoringSession.objects.visible_to(user)
        .filter(organisation=school, during_lessons=True)
        .select_related("tutor")
        .order_by("-date", "-pk")
    )


# --- Undoing a decision ---------------------------------------------------------------------
# A decision can be undone by whoever made it until the spend is used: until the end of the
# substitute's day, since after it the substitute has worked and is paid. A spend entered
# afterwards (for a day already past) can be undone until the end of the day it was decided,
# so a slip of the hand can still be put right.


def undo_until(spend: SubstituteSpend, *, decided_on: dt.date | None = None) -> dt.date:
    """The last day on which the decision on ``spend`` (made on ``decided_on``: by default
    when it was made, else today) can be undone."""
    if decided_on is None:
        decided_on = local(spend.decided_at).date() if spend.decided_at else timezone.localdate()
    return max(spend.date, decided_on)


def can_still_undo(spend: SubstituteSpend, *, today: dt.date | None = None) -> bool:
    """Whether the decision on ``spend`` is there and not yet used."""
    if spend.status == SubstituteSpend.Status.PROPOSED or spend.decided_at is None:
        return False
    return (today or timezone.localdate()) <= undo_until(spend)
