"""Authorization-matrix rows of the oversight pages: units, substitute budgets, the report.

Overseers are Koulu A's manager and Oulu's coordinator (and platform admins); only
coordinators curate budgets and add spend. Kemi's coordinator oversees another municipality:
they reach the lists but never Koulu A's budget.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone

from tests.authz import SCHOOL_A_REACH, Row
from tests.conftest import World
from tutori.tutoring.models import SubstituteBudget, SubstituteSpend

OVERSEERS = {"manager": 200, "coordinator": 200, "admin": 200}


def budget_of_school_a(w: World) -> SubstituteBudget:
    return SubstituteBudget.objects.create(
        school=w.school_a,
        term="syksy 2026",
        starts_on=date(2026, 8, 1),
        ends_on=date(2026, 12, 31),
        amount=Decimal("1000.00"),
    )


def budget_kwargs(w: World) -> dict[str, Any]:
    return {"pk": budget_of_school_a(w).pk}


def proposed_spend_kwargs(w: World) -> dict[str, Any]:
    spend = SubstituteSpend.objects.create(
        budget=budget_of_school_a(w),
        date=date(2026, 9, 15),
        amount=Decimal("120.00"),
        description="Sijainen 2 tuntia",
        created_by=w.coordinator,
    )
    return {"pk": spend.pk}


def decided_spend_kwargs(w: World) -> dict[str, Any]:
    """The coordinator's spend for today, approved by Koulu A's principal."""
    spend = SubstituteSpend.objects.create(
        budget=budget_of_school_a(w),
        date=date.today(),
        amount=Decimal("120.00"),
        description="Sijainen 2 tuntia",
        created_by=w.coordinator,
        status=SubstituteSpend.Status.APPROVED,
        decided_by=w.manager,
        decided_at=timezone.now(),
    )
    return {"pk": spend.pk}


ROWS: dict[str, Row] = {
    # Visible to everyone in Koulu A; overseen by its manager and Oulu's coordinator.
    "tutoring:unit": Row(
        403, kwargs=lambda w: {"pk": w.school_a.pk}, expect={**SCHOOL_A_REACH, **OVERSEERS}
    ),
    "tutoring:budgets": Row(403, expect={"anonymous": 302, "outsider": 200, **OVERSEERS}),
    "tutoring:budget_new": Row(
        403, expect={"anonymous": 302, "coordinator": 200, "outsider": 200, "admin": 200}
    ),
    # A budget is seen only by those who oversee its school.
    "tutoring:budget": Row(404, kwargs=budget_kwargs, expect={"anonymous": 302, **OVERSEERS}),
    # The manager sees the budget but adding spend is a coordinator's.
    "tutoring:spend_new": Row(
        404,
        kwargs=budget_kwargs,
        expect={"anonymous": 302, "manager": 403, "coordinator": 200, "admin": 200},
    ),
    # Oulu's coordinator proposed the spend, so it is decided by someone else (four eyes).
    "tutoring:spend_decide": Row(
        404,
        kwargs=proposed_spend_kwargs,
        expect={"anonymous": 302, **OVERSEERS, "coordinator": 403},
    ),
    # Only the principal who decided undoes the decision (the spend is seen by all overseers).
    "tutoring:spend_undo": Row(
        404,
        kwargs=decided_spend_kwargs,
        expect={"anonymous": 302, **OVERSEERS, "coordinator": 403, "admin": 403},
    ),
    "tutoring:report_hours": Row(403, expect={"anonymous": 302, "outsider": 200, **OVERSEERS}),
    "tutoring:report_hours_export": Row(
        403,
        kwargs=lambda w: {"fmt": "xlsx"},
        expect={"anonymous": 302, "outsider": 200, **OVERSEERS},
    ),
}
