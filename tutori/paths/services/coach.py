"""The coach's writes on a person's path (part C): marking a step done and moving its window
with a reason. Both check the right (the path's coach or a coordinator of its organisation)
and go through the path engine (``services.schedule``), which owns every step date."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from tutori.core.errors import ApplicationError, PermissionDeniedError
from tutori.paths import permissions
from tutori.paths.models import PersonStep
from tutori.paths.services import schedule


def _require_run(by: Any, person_step: PersonStep) -> None:
    if not permissions.can_run_path(by, person_step.path):
        raise PermissionDeniedError(
            _("Vain polun valmentaja ja koordinaattori voivat muuttaa sen vaiheita.")
        )


def step_complete(*, by: Any, person_step: PersonStep, on: date | None = None) -> PersonStep:
    """Mark a step done on ``on`` (today by default; never in the future)."""
    _require_run(by, person_step)
    today = timezone.localdate()
    on = on or today
    if on > today:
        raise ApplicationError(_("Vaihetta ei voi merkitä tehdyksi tulevalle päivälle."))
    return schedule.step_done(person_step=person_step, by=by, on=on)


def step_move(
    *, by: Any, person_step: PersonStep, due_from: date, due_to: date, reason: str
) -> PersonStep:
    """Move a step's window, with the reason (kept on the step and in the audit log)."""
    _require_run(by, person_step)
    return schedule.step_reschedule(
        person_step=person_step, due_from=due_from, due_to=due_to, reason=reason, by=by
    )
