"""The evaluation's invitations (part A): a periodic job sends a linked programme's pre
survey when the programme starts and its post and feedback surveys when it ends.

``invitations_due`` runs every hour (``apps.py`` declares the job). For each evaluation of a
published or finished programme whose survey is linked, not yet sent and not closed:

- **pre**: on or after the programme's first day (``starts_on``), to the programme's cohort:
  the people holding a place in it (enrolled; completed);
- **post** and **feedback**: on or after its last day (``ends_on``), to the same cohort (those
  enrolled or completed; not those who left).

While the programme runs (its first day to its last) and its pre survey is open, someone
enrolled after the pre survey went out gets it too: the job sends the survey once more to
the people of the cohort it has not reached (``late_pre_invitations``).

"Today" is the calendar date in Europe/Helsinki. A date more than ``SENT_WITHIN`` ago is not
acted on (a survey linked long after the programme ended is sent by hand, if at all). A
survey already sent by hand (its sending started) is left alone. The survey's audience
becomes the programme's cohort ("programmes:<id>", ``surveys`` distribution); a survey
without a closing time closes ``OPEN_FOR`` after the invitation.

Each invitation is claimed by a conditional UPDATE of its ``*_sent_at`` (``IS NULL``) in the
transaction that claims and queues the survey's sending, so two runs at once send it once;
when the survey cannot be claimed (sent by hand meanwhile) the claim is rolled back.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django_tasks import task

from tutori.core.scoping import scopes_disabled
from tutori.evaluation.models import ProgrammeEvaluation
from tutori.programmes.models import Participant, Programme
from tutori.surveys.models import Recipient, Survey
from tutori.surveys.services.distribution import survey_send_newcomers, survey_send_scheduled

INVITATIONS_EVERY = timedelta(hours=1)
# A survey the job sends without a closing time of its own stays open this long.
OPEN_FOR = timedelta(days=14)
# The job sends an invitation whose day came at most this long ago.
SENT_WITHIN = timedelta(days=30)

# Which day of the programme sends each survey.
DAY_OF = {"pre": "starts_on", "post": "ends_on", "feedback": "ends_on"}
KINDS = tuple(DAY_OF)


@task()
def invitations_send() -> dict[str, int]:
    """The periodic job: send the evaluations' invitations due now, and the pre survey to
    those who joined a running programme after it went out."""
    return {**invitations_due(), "late": late_pre_invitations()}


def cohort_of(programme_id: int) -> str:
    """The programme's cohort as a survey audience (programmes' ``CohortSource``)."""
    return f"programmes:{programme_id}"


def sends_on(programme: Programme, kind: str) -> date | None:
    """The day the job sends the programme's ``kind`` survey (its first or last day)."""
    value: date | None = getattr(programme, DAY_OF[kind])
    return value


def too_late(programme: Programme, kind: str, today: date | None = None) -> bool:
    """Whether the day of the invitation passed longer ago than the job acts on."""
    day = sends_on(programme, kind)
    today = today or timezone.localdate()
    return day is not None and day < today - SENT_WITHIN


@scopes_disabled()
def invitations_due(*, now: datetime | None = None) -> dict[str, int]:
    """Send every evaluation invitation due at ``now`` not sent yet; how many surveys were
    sent of each kind."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    sent = dict.fromkeys(KINDS, 0)
    live = ProgrammeEvaluation.objects.filter(
        programme__status__in=[Programme.Status.PUBLISHED, Programme.Status.FINISHED]
    )
    for kind, day in DAY_OF.items():
        due: Any = (
            live.filter(
                **{
                    f"{kind}_survey__isnull": False,
                    f"{kind}_sent_at__isnull": True,
                    f"{kind}_survey__send_started_at__isnull": True,
                    f"programme__{day}__lte": today,
                    f"programme__{day}__gte": today - SENT_WITHIN,
                }
            )
            .exclude(**{f"{kind}_survey__status": Survey.Status.CLOSED})
            .order_by("pk")
            .values_list("pk", "programme_id", f"{kind}_survey_id")
        )
        for pk, programme_id, survey_id in list(due):
            if _send(kind, pk, programme_id, survey_id, now):
                sent[kind] += 1
    return sent


# Who holds a place in a programme: the cohort its invitations go to.
PLACE = (Participant.Status.ENROLLED, Participant.Status.COMPLETED)


@scopes_disabled()
def late_pre_invitations(*, now: datetime | None = None) -> int:
    """Send the open pre survey of each running programme once more where someone of its
    cohort was not sent it (enrolled after it went out); how many surveys were sent again.
    One query finds them; the survey's job mails only those it has not reached."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    unreached = Participant.objects.filter(
        programme_id=OuterRef("programme_id"), status__in=PLACE
    ).exclude(
        Exists(
            Recipient.objects.filter(
                survey_id=OuterRef(OuterRef("pre_survey_id")), person_id=OuterRef("person_id")
            )
        )
    )
    due = (
        ProgrammeEvaluation.objects.filter(
            pre_sent_at__isnull=False,
            pre_survey__isnull=False,
            pre_survey__send_finished_at__isnull=False,
            pre_survey__closes_at__gt=now,
            programme__status=Programme.Status.PUBLISHED,
            programme__starts_on__lte=today,
            programme__ends_on__gte=today,
        )
        .exclude(pre_survey__status=Survey.Status.CLOSED)
        .filter(Exists(unreached))
        .order_by("pk")
        .values_list("pre_survey_id", flat=True)
    )
    return sum(survey_send_newcomers(survey_id=survey_id, now=now) for survey_id in list(due))


def _send(kind: str, pk: int, programme_id: int, survey_id: int, now: datetime) -> bool:
    with transaction.atomic():
        claimed = ProgrammeEvaluation.objects.filter(
            pk=pk, **{f"{kind}_sent_at__isnull": True, f"{kind}_survey_id": survey_id}
        ).update(**{f"{kind}_sent_at": now})
        if not claimed:
            return False
        if survey_send_scheduled(
            survey_id=survey_id, cohorts=[cohort_of(programme_id)], open_for=OPEN_FOR, now=now
        ):
            return True
        # Sent by hand (or closed) meanwhile: the invitation is not the evaluation's.
        transaction.set_rollback(True)
        return False
