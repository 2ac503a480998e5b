"""Participation (part C): what happens between enrolment and completion.

- ``info_letter_save(by=, programme=, text=)`` and ``info_letter_send(by=, programme=)``:
  the coordinator's info letter, mailed once (with the pre-assignments) to every enrolled
  participant; the mails are built in the task worker (``INFO_LETTER_EVENT``).
- ``assignment_create / assignment_update / assignment_delete``: pre-assignments
  (ennakkotehtävä) and interim assignments (välitehtävä), by the coordinator or a trainer;
  an assignment with returned work is not deleted.
- ``goals_save(by=, participant=, goals=, case_description=)``: the participant's personal
  goals and followed case (pseudonymous: never a real name).
- ``goals_record(by=, participant=, goals=)``: a coordinator or trainer records an enrolled
  participant's goals (their talk with each participant).
- ``case_note_add(by=, participant=, text=, session=None)``: a note on the followed case.
- ``submit(by=, participant=, assignment=, text=, file=None)``: return (or re-return) an
  assignment as text and/or a file; an accepted one is closed.
- ``review(by=, submission=, accept=, feedback=)``: the trainer accepts or returns it with
  feedback; the participant is told by mail.
- ``attendance_save(by=, session=, marks=)``: the whole list of one session at once.

Every function checks the right itself (``PermissionDeniedError``) and refuses bad input
with a ``ParticipationError`` whose message is for the person; each call is one
transaction, so nothing is half-saved.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import PurePath
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tutori.core.errors import ApplicationError, PermissionDeniedError
from tutori.core.forms import clean_text
from tutori.core.notify import notify, notify_later
from tutori.core.registry import NotificationEvent, NotificationKind
from tutori.core.scoping import scopes_disabled
from tutori.programmes import permissions
from tutori.programmes.models import (
    NAME_MAX,
    TEXT_MAX,
    Assignment,
    Attendance,
    CaseNote,
    Participant,
    Programme,
    Session,
    Submission,
)
from tutori.programmes.services.programmes import check_upload

# --- Mail kinds and events (declared in apps.py) --------------------------------------------

INFO_LETTER = "programmes.info_letter"
SUBMISSION_REVIEWED = "programmes.submission_reviewed"
INFO_LETTER_EVENT = "programmes.info_letter_sent"

KINDS = (
    # What to do before the start (the pre-assignment): always sent.
    NotificationKind(
        INFO_LETTER,
        gettext_lazy("Koulutuksen infokirje ja ennakkotehtävä"),
        essential=True,
        order=403,
    ),
    NotificationKind(
        SUBMISSION_REVIEWED,
        gettext_lazy("Kouluttaja on käsitellyt palauttamani tehtävän"),
        order=404,
    ),
)

REASON_MAX = 300
# Statuses of the participants on a session's attendance list.
ON_LIST = (Participant.Status.ENROLLED, Participant.Status.COMPLETED)


class ParticipationError(ApplicationError):
    """A rule of participation said no (a wrong state, bad input)."""


# --- Checks ---------------------------------------------------------------------------------


def _require_train(by: Any, programme: Programme) -> None:
    if not permissions.can_train(by, programme):
        raise PermissionDeniedError(
            _("Vain koulutuksen kouluttajat ja koordinaattori voivat tehdä tämän.")
        )


def _require_participant(by: Any, participant: Participant) -> None:
    if not permissions.can_work_as_participant(by, participant):
        raise PermissionDeniedError(_("Vain koulutuksen osallistuja itse voi tehdä tämän."))


def _text(value: str, limit: int, what: str) -> str:
    value = clean_text(value)
    if len(value) > limit:
        raise ParticipationError(
            _("%(what)s on liian pitkä (enintään %(max)s merkkiä).") % {"what": what, "max": limit}
        )
    return value


def _locked_participant(participant: Participant) -> Participant:
    with scopes_disabled():  # the caller's participant, re-read under a lock
        fresh: Participant = (
            # Only the participant's row: enrolment locks the programme first, then the
            # participant; locking the joined programme here could turn that order around.
            Participant.objects.select_for_update(of=("self",))
            .select_related("programme__organisation", "person")
            .get(pk=participant.pk)
        )
    return fresh


# --- The info letter ------------------------------------------------------------------------


@transaction.atomic
def info_letter_save(*, by: Any, programme: Programme, text: str) -> Programme:
    """The coordinator writes (or corrects) the info letter until it is sent."""
    if not permissions.can_manage_programme(by, programme):
        raise PermissionDeniedError(
            _("Vain koulutuksen koordinaattori voi kirjoittaa infokirjeen.")
        )
    text = _text(text, TEXT_MAX, _("Infokirje"))
    with scopes_disabled():
        updated = Programme.objects.filter(
            pk=programme.pk, info_letter_sent_at__isnull=True
        ).update(info_letter=text, updated_at=timezone.now())
    if not updated:
        raise ParticipationError(_("Infokirje on jo lähetetty, eikä sitä voi enää muuttaa."))
    programme.info_letter = text
    return programme


def info_letter_recipients(programme: Programme) -> list[Participant]:
    with scopes_disabled():  # the programme's own participants
        return list(
            Participant.objects.filter(programme=programme, status=Participant.Status.ENROLLED)
            .select_related("person")
            .order_by("pk")
        )


@transaction.atomic
def info_letter_send(*, by: Any, programme: Programme) -> int:
    """Mail the info letter and the pre-assignments to every enrolled participant, once:
    the sending time is claimed by one conditional UPDATE, so a second press (or a racing
    one) sends nothing. The mails are built in the task worker after the commit. Returns
    the number of recipients."""
    if not permissions.can_manage_programme(by, programme):
        raise PermissionDeniedError(_("Vain koulutuksen koordinaattori voi lähettää infokirjeen."))
    if programme.status != Programme.Status.PUBLISHED:
        raise ParticipationError(
            _("Infokirjeen voi lähettää vain julkaistun koulutuksen osallistujille.")
        )
    with scopes_disabled():
        fresh = Programme.objects.get(pk=programme.pk)
    if not fresh.info_letter.strip():
        raise ParticipationError(_("Kirjoita infokirje ennen lähettämistä."))
    recipients = info_letter_recipients(programme)
    if not recipients:
        raise ParticipationError(_("Koulutuksessa ei ole vielä osallistujia, joille lähettää."))
    now = timezone.now()
    with scopes_disabled():
        claimed = Programme.objects.filter(
            pk=programme.pk, info_letter_sent_at__isnull=True
        ).update(info_letter_sent_at=now)
    if not claimed:
        raise ParticipationError(_("Infokirje on jo lähetetty."))
    programme.info_letter_sent_at = now
    notify_later(INFO_LETTER_EVENT, programme_id=programme.pk, sent_by=by.pk)
    return len(recipients)


def _build_info_letter(*, programme_id: int, sent_by: int | None = None) -> None:
    """In the worker: one mail per enrolled participant, in their language."""
    programme = Programme.objects.select_related("organisation").get(pk=programme_id)
    pre = list(
        Assignment.objects.filter(programme=programme, kind=Assignment.Kind.PRE).order_by(
            "order", "due_on", "pk"
        )
    )
    for participant in info_letter_recipients(programme):
        notify(
            participant.person,
            kind=INFO_LETTER,
            subject=lambda: _("Infokirje: %(name)s") % {"name": programme.name},
            template="programmes/email/info_letter.txt",
            context={"programme": programme, "participant": participant, "assignments": pre},
            action_path=reverse("programmes:me", args=[programme.pk]),
        )


EVENTS = (NotificationEvent(INFO_LETTER_EVENT, _build_info_letter),)


# --- Assignments ----------------------------------------------------------------------------


def _assignment_fields(programme: Programme, data: dict[str, Any]) -> dict[str, Any]:
    title = _text(data.get("title", ""), NAME_MAX, _("Nimi"))
    if not title:
        raise ParticipationError(_("Anna tehtävälle nimi."))
    kind = data.get("kind") or Assignment.Kind.INTERIM
    if kind not in Assignment.Kind.values:
        raise ParticipationError(_("Valitse tehtävän laji."))
    session = data.get("session")
    if session is not None and session.programme_id != programme.pk:
        raise ParticipationError(_("Tapaaminen ei kuulu tähän koulutukseen."))
    due_on = data.get("due_on")
    if (
        due_on is not None
        and programme.ends_on is not None
        and kind == Assignment.Kind.INTERIM
        and due_on > programme.ends_on
    ):
        raise ParticipationError(
            _("Välitehtävän palautuspäivä on koulutuksen päättymisen jälkeen.")
        )
    return {
        "title": title,
        "kind": kind,
        "instructions": _text(data.get("instructions", ""), TEXT_MAX, _("Ohje")),
        "session": session,
        "due_on": due_on,
    }


@transaction.atomic
def assignment_create(*, by: Any, programme: Programme, **data: Any) -> Assignment:
    _require_train(by, programme)
    fields = _assignment_fields(programme, data)
    order = Assignment.objects.filter(programme=programme).count()
    return Assignment.objects.create(programme=programme, order=order, **fields)


@transaction.atomic
def assignment_update(*, by: Any, assignment: Assignment, **data: Any) -> Assignment:
    _require_train(by, assignment.programme)
    for name, value in _assignment_fields(assignment.programme, data).items():
        setattr(assignment, name, value)
    assignment.save()
    return assignment


@transaction.atomic
def assignment_delete(*, by: Any, assignment: Assignment) -> None:
    _require_train(by, assignment.programme)
    if Submission.objects.filter(assignment=assignment).exists():
        raise ParticipationError(
            _("Tehtävään on jo palautettu vastauksia, joten sitä ei voi poistaa.")
        )
    assignment.delete()


# --- The participant's own work -------------------------------------------------------------


@transaction.atomic
def goals_save(
    *, by: Any, participant: Participant, goals: str, case_description: str
) -> Participant:
    """The participant's personal goals and the followed case (a pseudonymous description)."""
    _require_participant(by, participant)
    fresh = _locked_participant(participant)
    _require_participant(by, fresh)
    fresh.goals = _text(goals, TEXT_MAX, _("Omat tavoitteet"))
    fresh.case_description = _text(case_description, TEXT_MAX, _("Seurantacase"))
    fresh.save(update_fields=["goals", "case_description", "updated_at"])
    return fresh


@transaction.atomic
def goals_record(*, by: Any, participant: Participant, goals: str) -> Participant:
    """A coordinator or trainer records (or corrects) an enrolled participant's personal
    goals after their talk; the change is in the audit log under their name."""
    if not permissions.can_record_goals(by, participant):
        raise PermissionDeniedError(
            _(
                "Vain koulutuksen kouluttajat ja koordinaattori voivat kirjata osallistujan "
                "tavoitteet."
            )
        )
    fresh = _locked_participant(participant)
    if not permissions.can_record_goals(by, fresh):
        raise ParticipationError(
            _("Tavoitteita voi kirjata vain osallistujalle, joka on mukana koulutuksessa.")
        )
    fresh.goals = _text(goals, TEXT_MAX, _("Omat tavoitteet"))
    fresh.save(update_fields=["goals", "updated_at"])
    return fresh


@transaction.atomic
def case_note_add(
    *, by: Any, participant: Participant, text: str, session: Session | None = None
) -> CaseNote:
    _require_participant(by, participant)
    text = _text(text, TEXT_MAX, _("Muistiinpano"))
    if not text:
        raise ParticipationError(_("Kirjoita muistiinpano."))
    if session is not None and session.programme_id != participant.programme_id:
        raise ParticipationError(_("Tapaaminen ei kuulu tähän koulutukseen."))
    return CaseNote.objects.create(participant=participant, session=session, text=text)


@transaction.atomic
def submit(
    *,
    by: Any,
    participant: Participant,
    assignment: Assignment,
    text: str = "",
    file: UploadedFile | None = None,
) -> Submission:
    """Return an assignment (text, a file or both); a returned-for-more one again. The
    previous file stays unless a new one is given."""
    _require_participant(by, participant)
    if assignment.programme_id != participant.programme_id:
        raise ParticipationError(_("Tehtävä ei kuulu tähän koulutukseen."))
    text = _text(text, TEXT_MAX, _("Vastaus"))
    if file:
        check_upload(file)
    existing = (
        Submission.objects.select_for_update()
        .filter(assignment=assignment, participant=participant)
        .first()
    )
    if existing is not None and existing.status == Submission.Status.ACCEPTED:
        raise ParticipationError(_("Tehtävä on jo hyväksytty."))
    submission = existing or Submission(assignment=assignment, participant=participant)
    if not text and not file and not submission.file:
        raise ParticipationError(_("Kirjoita vastaus tai liitä tiedosto."))
    old_file = submission.file.name if (file and submission.file) else ""
    submission.text = text
    submission.status = Submission.Status.SUBMITTED
    if file:
        submission.file.save(PurePath(file.name or "tiedosto").name, file, save=False)
    try:
        with transaction.atomic():  # a racing first return (a double press) made the row
            submission.save()
    except IntegrityError:
        raise ParticipationError(
            _("Tehtävä palautettiin juuri toisessa ikkunassa. Avaa sivu uudelleen.")
        ) from None
    if old_file:
        storage = submission.file.storage
        transaction.on_commit(lambda: storage.delete(old_file))
    return submission


@transaction.atomic
def review(*, by: Any, submission: Submission, accept: bool, feedback: str = "") -> Submission:
    """Accept a returned assignment, or return it for more with feedback (required)."""
    participant = submission.participant
    _require_train(by, participant.programme)
    feedback = _text(feedback, TEXT_MAX, _("Palaute"))
    if not accept and not feedback:
        raise ParticipationError(_("Kerro palautteessa, mitä vastaukseen pitää vielä lisätä."))
    fresh = Submission.objects.select_for_update().get(pk=submission.pk)
    if fresh.status != Submission.Status.SUBMITTED:
        raise ParticipationError(_("Tehtävä on jo käsitelty."))
    fresh.status = Submission.Status.ACCEPTED if accept else Submission.Status.RETURNED
    fresh.feedback = feedback
    fresh.reviewed_by = by
    fresh.reviewed_at = timezone.now()
    fresh.save()
    programme = participant.programme
    assignment = submission.assignment
    notify(
        participant.person,
        kind=SUBMISSION_REVIEWED,
        subject=lambda: (
            (
                _("Tehtäväsi on hyväksytty: %(title)s")
                if accept
                else _("Tehtäväsi palautettiin täydennettäväksi: %(title)s")
            )
            % {"title": assignment.title}
        ),
        template="programmes/email/submission_reviewed.txt",
        context={"programme": programme, "assignment": assignment, "submission": fresh},
        action_path=reverse("programmes:me", args=[programme.pk]),
    )
    return fresh


# --- Attendance -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Mark:
    """One row of a session's attendance list (``hours`` only for a partial presence)."""

    participant_id: int
    status: str
    hours: Decimal | None = None
    reason: str = ""


def attendance_list(session: Session) -> list[Participant]:
    """Who is on ``session``'s list: the enrolled (and completed) participants, and anyone
    already marked there (a participant who left later stays in the record)."""
    with scopes_disabled():  # the session's own programme's participants
        marked = Attendance.objects.filter(session=session).values("participant_id")
        return list(
            Participant.objects.filter(programme_id=session.programme_id)
            .filter(Q(status__in=ON_LIST) | Q(pk__in=marked))
            .select_related("person", "organisation")
            .only(  # what the list shows of each (whole rows cost more to build)
                "pk",
                "programme_id",
                "status",
                "person__display_name",
                "person__email",
                "organisation__name",
            )
            .order_by("person__display_name", "pk")
        )


def check_mark(mark: Mark, session: Session) -> Mark:
    """The row as it is stored (present: the session's hours; absent: none), or a refusal
    that says what is wrong."""
    if mark.status == Attendance.Status.PRESENT:
        return Mark(mark.participant_id, mark.status, session.hours, "")
    if mark.status == Attendance.Status.ABSENT:
        reason = _text(mark.reason, REASON_MAX, _("Poissaolon syy"))
        return Mark(mark.participant_id, mark.status, Decimal("0"), reason)
    if mark.status == Attendance.Status.PARTIAL:
        if mark.hours is None:
            raise ParticipationError(_("Anna osittaisen läsnäolon tunnit."))
        if mark.hours <= 0:
            raise ParticipationError(_("Tuntien pitää olla enemmän kuin 0."))
        if mark.hours > session.hours:
            raise ParticipationError(
                _("Tunteja voi olla enintään tapaamisen verran (%(hours)s h).")
                % {"hours": f"{session.hours.normalize():f}".replace(".", ",")}
            )
        return Mark(mark.participant_id, mark.status, mark.hours, "")
    raise ParticipationError(_("Valitse läsnäolo."))


@transaction.atomic
def attendance_save(*, by: Any, session: Session, marks: Sequence[Mark]) -> int:
    """Save a session's attendance list in one go (rows not marked are left as they were);
    all or nothing. Returns the number of rows that changed."""
    programme = session.programme
    _require_train(by, programme)
    if session.is_cancelled:
        raise ParticipationError(_("Tapaaminen on peruttu; läsnäoloa ei merkitä."))
    if session.date > timezone.localdate():
        raise ParticipationError(_("Läsnäolon voi merkitä tapaamispäivänä tai sen jälkeen."))
    allowed = {p.pk for p in attendance_list(session)}
    checked: list[Mark] = []
    for mark in marks:
        if mark.participant_id not in allowed:
            raise ParticipationError(_("Osallistuja ei ole tämän tapaamisen listalla."))
        checked.append(check_mark(mark, session))
    existing = {
        a.participant_id: a for a in Attendance.objects.select_for_update().filter(session=session)
    }
    changed = 0
    for mark in checked:
        row = existing.get(mark.participant_id) or Attendance(
            session=session, participant_id=mark.participant_id
        )
        hours = mark.hours if mark.hours is not None else Decimal("0")
        if row.pk and (row.status, row.hours, row.absence_reason) == (
            mark.status,
            hours,
            mark.reason,
        ):
            continue
        row.status, row.hours, row.absence_reason = mark.status, hours, mark.reason
        row.marked_by = by
        row.save()
        changed += 1
    return changed
