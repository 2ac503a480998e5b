"""Completion: the programme's completion rule evaluated per participant, the coordinator's
confirmation (the certificate's code, the granted role, the mail), leaving with a reason,
and the invitation to a follow-up meeting.

The rule (``Programme.completion_min_sessions`` and ``completion_all_assignments``):

- the sessions that count are the programme's meetings (``Session.Kind.MEETING``) that are
  not cancelled; a follow-up meeting never counts;
- a participant attended a session when marked present or partly present;
- at least ``completion_min_sessions`` of them attended (None: all of them);
- every assignment accepted, when the programme says so.

Hours are summed from attendance of the counted sessions: present = the session's hours (or
the hours marked), partly present = the hours marked, absent = none.

Places: a participant who leaves stops holding a place, through ``enrolment.place_released``
(no one is promoted: the programme has started). Completing keeps the place (completed
participants are counted in ``Programme.enrolled``).

Public functions:

- ``evaluate(programme, participants=None)``: a ``Progress`` per participant (enrolled and
  completed ones by default), in a constant number of queries.
- ``confirm(programme=, participant_ids=, by=)``: complete the chosen participants who meet
  the rule; each gets a certificate code, the programme's role in their organisation (when it
  grants one) and a mail.
- ``leave(participant=, by=, reason=, note=)``: the participant (or the coordinator) records
  leaving, with a reason.
- ``invite_follow_up(session=, by=)``: mail a follow-up meeting to everyone who was enrolled
  (enrolled or completed) and the steering group, with the calendar entry.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from tutori.accounts.models import User
from tutori.core.errors import ApplicationError, PermissionDeniedError
from tutori.core.forms import clean_text
from tutori.core.milestones import announce
from tutori.core.notify import notify, site_url
from tutori.core.registry import NotificationKind
from tutori.core.scoping import forget, scopes_disabled
from tutori.orgs import services as org_services
from tutori.orgs.models import ROLE_RANK, Membership
from tutori.programmes import permissions
from tutori.programmes.calendar import session_ics, session_location
from tutori.programmes.milestones import KEY
from tutori.programmes.models import (
    Assignment,
    Attendance,
    LeaveReason,
    Participant,
    Programme,
    Session,
    Submission,
    certificate_code,
)
from tutori.programmes.services import enrolment

# --- Mail kinds (declared in apps.py) -------------------------------------------------------

COMPLETED = "programmes.completed"
FOLLOW_UP = "programmes.follow_up"
LEFT_RECORDED = "programmes.left_recorded"

KINDS = (
    NotificationKind(
        COMPLETED, gettext_lazy("Koulutuksen suorittaminen ja todistus"), essential=True, order=410
    ),
    NotificationKind(FOLLOW_UP, gettext_lazy("Kutsu koulutuksen seurantatapaamiseen"), order=411),
    # The coordinator recorded that the person left: their place is gone, always told.
    NotificationKind(
        LEFT_RECORDED,
        gettext_lazy("Koordinaattori kirjasi keskeyttämiseni koulutuksessa"),
        essential=True,
        order=412,
    ),
)

NOTE_MAX = 300
# Participants confirmed in one go at most (the page lists at most this many).
CONFIRM_MAX = 500


class CompletionRefused(ApplicationError):
    """A rule of completion or leaving said no; ``code`` tells which."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message, extra={"code": code})
        self.code = code


# --- The rule -------------------------------------------------------------------------------


@dataclass
class Progress:
    """Where one participant stands against the programme's completion rule."""

    participant: Participant
    counted: int  # the meetings that count (not cancelled, not follow-up)
    held: int  # of those, held by today
    required: int
    attended: int
    hours: Decimal
    missing: list[str] = field(default_factory=list)  # assignments not (yet) accepted
    assignments_required: bool = True

    @property
    def sessions_ok(self) -> bool:
        return self.attended >= self.required

    @property
    def assignments_ok(self) -> bool:
        return not self.assignments_required or not self.missing

    @property
    def meets(self) -> bool:
        return self.sessions_ok and self.assignments_ok

    @property
    def started(self) -> bool:
        return self.attended > 0

    @property
    def reasons(self) -> list[str]:
        """Why the rule is not met, in the user's language (empty when it is)."""
        out: list[str] = []
        if not self.sessions_ok:
            out.append(
                ngettext(
                    "Läsnä %(attended)s lähijaksossa, vaaditaan %(required)s (puuttuu %(n)s).",
                    "Läsnä %(attended)s lähijaksossa, vaaditaan %(required)s (puuttuu %(n)s).",
                    self.required - self.attended,
                )
                % {
                    "attended": self.attended,
                    "required": self.required,
                    "n": self.required - self.attended,
                }
            )
        if not self.assignments_ok:
            out.append(_("Hyväksymättä: %(titles)s") % {"titles": ", ".join(self.missing)})
        return out


def _counted_sessions(programme: Programme) -> list[Session]:
    with scopes_disabled():  # the programme's own sessions, under a programme already seen
        return list(
            Session.objects.filter(
                programme=programme, kind=Session.Kind.MEETING, cancelled_at__isnull=True
            ).only("pk", "date", "hours")
        )


def attended_hours(attendance: Attendance, session_hours: Decimal) -> Decimal:
    """Training hours one attendance gives: never more than the session's."""
    if attendance.status == Attendance.Status.PRESENT:
        hours = attendance.hours or session_hours
    elif attendance.status == Attendance.Status.PARTIAL:
        hours = attendance.hours
    else:
        hours = Decimal("0")
    return min(hours, session_hours)


def evaluate(
    programme: Programme,
    participants: Iterable[Participant] | None = None,
    *,
    today: Any = None,
) -> list[Progress]:
    """The completion rule for each participant (enrolled and completed ones when none are
    given), in five queries whatever their number."""
    today = today or timezone.localdate()
    if participants is None:
        with scopes_disabled():
            participants = list(
                Participant.objects.filter(programme=programme, status__in=Participant.HOLDING)
                .select_related("person", "organisation")
                .order_by("person__display_name", "pk")
            )
    else:
        participants = list(participants)
    sessions = _counted_sessions(programme)
    session_hours = {s.pk: s.hours for s in sessions}
    held = sum(1 for s in sessions if s.date <= today)
    required = (
        len(sessions)
        if programme.completion_min_sessions is None
        else programme.completion_min_sessions
    )
    ids = [p.pk for p in participants]
    attended: dict[int, int] = defaultdict(int)
    hours: dict[int, Decimal] = defaultdict(Decimal)
    for a in Attendance.objects.filter(participant_id__in=ids, session_id__in=session_hours).only(
        "participant_id", "session_id", "status", "hours"
    ):
        if a.status == Attendance.Status.ABSENT:
            continue
        attended[a.participant_id] += 1
        hours[a.participant_id] += attended_hours(a, session_hours[a.session_id])
    assignments: list[tuple[int, str]] = []
    accepted: set[tuple[int, int]] = set()
    if programme.completion_all_assignments:
        assignments = list(
            Assignment.objects.filter(programme=programme).values_list("pk", "title")
        )
        if assignments:
            accepted = set(
                Submission.objects.filter(
                    participant_id__in=ids, status=Submission.Status.ACCEPTED
                ).values_list("participant_id", "assignment_id")
            )
    return [
        Progress(
            participant=p,
            counted=len(sessions),
            held=held,
            required=required,
            attended=attended[p.pk],
            hours=hours[p.pk],
            missing=[title for pk, title in assignments if (p.pk, pk) not in accepted],
            assignments_required=programme.completion_all_assignments,
        )
        for p in participants
    ]


def hours_of(participant: Participant) -> Decimal:
    """A participant's training hours (for the certificate)."""
    return evaluate(participant.programme, [participant])[0].hours


# --- Confirming -----------------------------------------------------------------------------


def _lock_programme(programme_id: int) -> Programme:
    with scopes_disabled():
        return (  # type: ignore[no-any-return]
            Programme.objects.select_for_update(of=("self",))
            .select_related("organisation")
            .get(pk=programme_id)
        )


def grant_role(participant: Participant) -> Membership | None:
    """Give the participant the programme's role in their organisation, unless they hold it
    or a stronger one there (a weaker role is changed to it). None: nothing changed."""
    role = participant.programme.grants_role
    if not role:
        return None
    with scopes_disabled():
        current = Membership.objects.filter(
            user=participant.person, organisation=participant.organisation, active_to__isnull=True
        ).first()
    person = participant.person
    if current is None:
        membership = org_services.membership_create(
            by=None, user=person, organisation=participant.organisation, role=role
        )
    elif ROLE_RANK.index(current.role) <= ROLE_RANK.index(role):  # type: ignore[arg-type]
        return None
    else:
        current.user = person
        membership = org_services.membership_change_role(by=None, membership=current, role=role)
    forget(person)
    return membership


@scopes_disabled()
def confirm(
    *, programme: Programme, participant_ids: Sequence[int], by: User, today: Any = None
) -> list[Participant]:
    """Complete the chosen participants of ``programme``: each must be enrolled and meet the
    rule, or nothing is saved. Each gets ``completed_at``, a certificate code, the programme's
    role (when it grants one) and a mail."""
    ids = sorted({int(i) for i in participant_ids})[:CONFIRM_MAX]
    if not ids:
        raise CompletionRefused(_("Valitse ainakin yksi osallistuja."), code="none")
    with transaction.atomic():
        programme = _lock_programme(programme.pk)
        if not permissions.can_manage_programme(by, programme):
            raise PermissionDeniedError(_("Et voi vahvistaa tämän koulutuksen suorituksia."))
        if programme.status not in (Programme.Status.PUBLISHED, Programme.Status.FINISHED):
            raise CompletionRefused(
                _("Suorituksia vahvistetaan vain julkaistussa tai päättyneessä koulutuksessa."),
                code="status",
            )
        chosen = list(
            Participant.objects.select_for_update(of=("self",))
            .filter(programme=programme, pk__in=ids)
            .select_related("person", "organisation")
            .order_by("pk")
        )
        if len(chosen) != len(ids):
            raise CompletionRefused(_("Osallistujaa ei löytynyt."), code="unknown")
        for p in chosen:
            p.programme = programme
            if p.status != Participant.Status.ENROLLED:
                raise CompletionRefused(
                    _("%(name)s ei ole osallistuja, jonka suorituksen voi vahvistaa.")
                    % {"name": p.person.display_name},
                    code="not_enrolled",
                )
        progress = evaluate(programme, chosen, today=today)
        for row in progress:
            if not row.meets:
                raise CompletionRefused(
                    _("%(name)s ei täytä suorittamisen ehtoja: %(why)s")
                    % {"name": row.participant.person.display_name, "why": " ".join(row.reasons)},
                    code="rule",
                )
        now = timezone.now()
        for row in progress:
            p = row.participant
            p.status = Participant.Status.COMPLETED
            p.completed_at = now
            p.completion_confirmed_by = by
            p.certificate_code = _unique_code()
            p.save(
                update_fields=[
                    "status",
                    "completed_at",
                    "completion_confirmed_by",
                    "certificate_code",
                    "updated_at",
                ]
            )
            granted = grant_role(p)
            _tell_completed(p, hours=row.hours, granted=granted is not None)
            # Follow-up paths waiting for this training (core.milestones; see milestones.py).
            announce(KEY, programme.pk, person_id=p.person_id, on=timezone.localdate(now))
    return [row.participant for row in progress]


def _unique_code() -> str:
    for _attempt in range(5):
        code = certificate_code()
        if not Participant.objects.filter(certificate_code=code).exists():
            return code
    raise IntegrityError("no free certificate code")  # pragma: no cover


# --- Leaving --------------------------------------------------------------------------------


@scopes_disabled()
def leave(
    *, participant: Participant, by: User, reason: str, note: str = "", today: Any = None
) -> Participant:
    """The participant leaves the programme (they or the coordinator record it) with a
    reason; the place is released (no one is promoted once the programme has started)."""
    if reason not in LeaveReason.values:
        raise CompletionRefused(_("Valitse keskeyttämisen syy."), code="reason")
    note = clean_text(note)[:NOTE_MAX]
    with transaction.atomic():
        programme = _lock_programme(participant.programme_id)
        participant = (
            Participant.objects.select_for_update(of=("self",))
            .select_related("person", "organisation")
            .get(pk=participant.pk)
        )
        participant.programme = programme
        if not permissions.can_leave(by, participant):
            raise PermissionDeniedError(_("Et voi merkitä tätä osallistujaa keskeyttäneeksi."))
        if participant.status != Participant.Status.ENROLLED:
            raise CompletionRefused(
                _("Vain osallistujana oleva voi keskeyttää."), code="not_enrolled"
            )
        participant.status = Participant.Status.LEFT
        participant.left_at = timezone.now()
        participant.leave_reason = reason
        participant.leave_note = note
        participant.save(
            update_fields=["status", "left_at", "leave_reason", "leave_note", "updated_at"]
        )
        enrolment.place_released(programme)
        programme.enrolled = max(programme.enrolled - 1, 0)
        if participant.person_id != by.pk:
            _tell_left(participant)
    return participant


# --- Follow-up meeting ----------------------------------------------------------------------


@scopes_disabled()
def follow_up_recipients(session: Session) -> list[User]:
    """Everyone who was enrolled (enrolled or completed) and the steering group, once each."""
    people: dict[int, User] = {}
    for p in (
        Participant.objects.filter(
            programme_id=session.programme_id, status__in=Participant.HOLDING
        )
        .select_related("person")
        .order_by("pk")
    ):
        people.setdefault(p.person_id, p.person)
    for person in session.programme.steering_group.order_by("pk"):
        people.setdefault(person.pk, person)
    return [p for p in people.values() if p.is_active]


@scopes_disabled()
def invite_follow_up(*, session: Session, by: User) -> int:
    """Mail the follow-up meeting (with its calendar entry) to everyone who was enrolled and
    the steering group; queued. Returns how many were invited."""
    programme = session.programme
    if not permissions.can_manage_programme(by, programme):
        raise PermissionDeniedError(_("Et voi kutsua tämän koulutuksen väkeä."))
    if session.kind != Session.Kind.FOLLOW_UP:
        raise CompletionRefused(_("Kutsu lähetetään vain seurantatapaamiseen."), code="kind")
    if session.is_cancelled:
        raise CompletionRefused(_("Tapaaminen on peruttu."), code="cancelled")
    people = follow_up_recipients(session)
    if not people:
        raise CompletionRefused(_("Kutsuttavia ei ole."), code="nobody")
    location = session_location(session)
    ics = session_ics(session)
    with transaction.atomic():
        for person in people:
            notify(
                person,
                kind=FOLLOW_UP,
                subject=lambda: _("Kutsu seurantatapaamiseen: %(name)s") % {"name": programme.name},
                template="programmes/email/follow_up.txt",
                context={"programme": programme, "session": session, "location": location},
                action_path=reverse("programmes:detail", args=[programme.pk]),
                ics=ics,
            )
    return len(people)


# --- Mail -----------------------------------------------------------------------------------


def _tell_completed(participant: Participant, *, hours: Decimal, granted: bool) -> None:
    programme = participant.programme
    notify(
        participant.person,
        kind=COMPLETED,
        subject=lambda: _("Olet suorittanut koulutuksen: %(name)s") % {"name": programme.name},
        template="programmes/email/completed.txt",
        context={
            "participant": participant,
            "programme": programme,
            "hours": hours,
            "granted": granted,
            "role": programme.get_grants_role_display() if granted else "",
            "certificate_url": site_url(reverse("programmes:certificate", args=[participant.pk])),
        },
        action_path=reverse("programmes:my"),
    )


def _tell_left(participant: Participant) -> None:
    programme = participant.programme
    notify(
        participant.person,
        kind=LEFT_RECORDED,
        subject=lambda: _("Keskeyttäminen kirjattu: %(name)s") % {"name": programme.name},
        template="programmes/email/left.txt",
        context={"participant": participant, "programme": programme},
        action_path=reverse("programmes:my"),
    )
