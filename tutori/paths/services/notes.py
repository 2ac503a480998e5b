"""Supervision notes (part C): a coach records a supervision conversation (työnohjaus) and,
by default, marks its step done, and may correct their note later; every read of a note by
someone other than its author is recorded in the audit log (one access entry per note shown,
naming the reader and never the note's text), as are writing and correcting one."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from auditlog.cid import get_cid
from auditlog.context import auditlog_value
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tutori.core.errors import ApplicationError, PermissionDeniedError
from tutori.core.forms import clean_text
from tutori.paths import permissions
from tutori.paths.models import MINUTES_MAX, TEXT_MAX, PersonPath, PersonStep, SupervisionNote
from tutori.paths.services import schedule

TEXT_FIELDS = (
    "problems",
    "solutions",
    "feedback_given",
    "feedback_received",
    "ideas",
    "person_view",
)


def _texts(texts: dict[str, str]) -> dict[str, str]:
    unknown = set(texts) - set(TEXT_FIELDS)
    if unknown:
        raise TypeError(f"unknown note fields: {sorted(unknown)}")
    values = {name: clean_text(texts.get(name, "")) for name in TEXT_FIELDS}
    if any(len(v) > TEXT_MAX for v in values.values()):
        raise ApplicationError(
            _("Teksti on liian pitkä (enintään %(max)d merkkiä).") % {"max": TEXT_MAX}
        )
    if not any(values.values()):
        raise ApplicationError(_("Kirjoita keskustelusta ainakin jotakin."))
    return values


def _check(path: PersonPath, person_step: PersonStep | None, held_on: date, minutes: int) -> None:
    if person_step is not None and person_step.path_id != path.pk:
        raise ApplicationError(_("Vaihe ei kuulu tähän polkuun."))
    if held_on > timezone.localdate():
        raise ApplicationError(_("Keskustelun päivä ei voi olla tulevaisuudessa."))
    if not 1 <= minutes <= MINUTES_MAX:
        raise ApplicationError(
            _("Anna kesto minuutteina väliltä 1–%(max)d.") % {"max": MINUTES_MAX}
        )


def _log(note: SupervisionNote, *, action: int, changes: dict[str, Any], actor: Any) -> None:
    """An audit entry about ``note`` naming no text of it (the model is not registered with
    auditlog, whose entries would copy the text)."""
    context = auditlog_value.get({})
    LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(SupervisionNote),
        object_pk=str(note.pk),
        object_id=note.pk,
        object_repr=str(note),
        action=action,
        changes=changes,
        actor=actor,
        actor_email=getattr(actor, "email", None),
        remote_addr=context.get("remote_addr"),
        remote_port=context.get("remote_port"),
        cid=get_cid(),
        timestamp=timezone.now(),
    )


@transaction.atomic
def supervision_record(
    *,
    by: Any,
    path: PersonPath,
    person_step: PersonStep | None,
    held_on: date,
    duration_minutes: int,
    mark_done: bool = True,
    **texts: str,
) -> SupervisionNote:
    """Record a supervision conversation on ``path`` (its coach, while it runs), linked to
    one of its steps; with ``mark_done`` that step is done on the day of the conversation
    (unless it is done already). ``texts``: the note's text fields (``TEXT_FIELDS``)."""
    if not permissions.can_write_notes(by, path):
        raise PermissionDeniedError(
            _("Vain polun valmentaja voi kirjata työnohjauskeskustelun käynnissä olevalle polulle.")
        )
    _check(path, person_step, held_on, duration_minutes)
    values = _texts(texts)
    note = SupervisionNote(
        path=path,
        person_step=person_step,
        author=by,
        held_on=held_on,
        duration_minutes=duration_minutes,
        **values,
    )
    note.full_clean()
    note.save()
    _log(note, action=LogEntry.Action.CREATE, changes={"path": ["", str(path.pk)]}, actor=by)
    if mark_done and person_step is not None and person_step.done_on is None:
        schedule.step_done(person_step=person_step, by=by, on=held_on)
    return note


@transaction.atomic
def supervision_update(
    *,
    by: Any,
    note: SupervisionNote,
    person_step: PersonStep | None,
    held_on: date,
    duration_minutes: int,
    **texts: str,
) -> SupervisionNote:
    """Correct a supervision note (its author, while they coach the running path). The audit
    log names the fields changed, not their text."""
    if not permissions.can_edit_note(by, note):
        raise PermissionDeniedError(
            _("Vain muistiinpanon kirjoittaja voi korjata sen, kun polku on käynnissä.")
        )
    _check(note.path, person_step, held_on, duration_minutes)
    values: dict[str, Any] = {
        **_texts(texts),
        "person_step_id": person_step.pk if person_step else None,
        "held_on": held_on,
        "duration_minutes": duration_minutes,
    }
    changed = sorted(name for name, value in values.items() if getattr(note, name) != value)
    if not changed:
        return note
    for name, value in values.items():
        setattr(note, name, value)
    note.full_clean()
    note.save()
    _log(
        note, action=LogEntry.Action.UPDATE, changes={"fields": ["", ", ".join(changed)]}, actor=by
    )
    return note


def notes_read_record(*, reader: Any, notes: Sequence[SupervisionNote]) -> int:
    """One access entry in the audit log for each of ``notes`` shown to ``reader`` that
    ``reader`` did not write (in one insert). Only the note's id and date are named, never
    its text. The number of entries written."""
    read = [n for n in notes if n.author_id != getattr(reader, "pk", None)]
    if not read:
        return 0
    context = auditlog_value.get({})
    content_type = ContentType.objects.get_for_model(SupervisionNote)
    now = timezone.now()
    cid = get_cid()
    LogEntry.objects.bulk_create(
        [
            LogEntry(
                content_type=content_type,
                object_pk=str(note.pk),
                object_id=note.pk,
                object_repr=str(note),
                action=LogEntry.Action.ACCESS,
                changes={"read": ["", f"path {note.path_id}"]},
                actor=reader,
                actor_email=getattr(reader, "email", None),
                remote_addr=context.get("remote_addr"),
                remote_port=context.get("remote_port"),
                cid=cid,
                timestamp=now,
            )
            for note in read
        ]
    )
    return len(read)
