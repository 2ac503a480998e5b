"""Planning a programme (part A): creating and editing it, publishing, finishing and
cancelling it, its sessions (add, edit, cancel, delete while no attendance is marked), its
materials (files and links) and copying it for the next cohort with every date shifted.

Every change is checked here (the views ask too): a coordinator of the organiser plans; the
programme's trainers may add materials. Bad input is an ``ApplicationError`` with a message
for the person; nothing is half-saved (each call is one transaction).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import PurePath
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tutori.core.errors import ApplicationError, PermissionDeniedError
from tutori.core.forms import clean_text
from tutori.core.notify import notify_all
from tutori.core.registry import NotificationKind
from tutori.core.scoping import scopes_disabled
from tutori.core.time import LocalTimeError, local_span
from tutori.orgs.models import Network, Organisation
from tutori.programmes import permissions
from tutori.programmes.calendar import session_ics
from tutori.programmes.models import (
    FILE_MAX_BYTES,
    NAME_MAX,
    SESSION_HOURS_MAX,
    Attendance,
    Material,
    Participant,
    Programme,
    Session,
)

Status = Programme.Status
SESSION_CANCELLED = "programmes.session_cancelled"
PROGRAMME_CANCELLED = "programmes.programme_cancelled"
KINDS = (
    NotificationKind(
        SESSION_CANCELLED,
        gettext_lazy("Koulutuksen tapaaminen peruttu"),
        essential=False,
        order=403,
    ),
    # Everyone who took part, waited or applied must hear it: it cannot be switched off.
    NotificationKind(
        PROGRAMME_CANCELLED,
        gettext_lazy("Koko koulutus peruttu"),
        essential=True,
        order=402,
    ),
)
# Who hears that the whole programme is cancelled: not those who already left, withdrew or
# were declined.
TOLD_OF_PROGRAMME_CANCEL = (
    Participant.Status.APPLIED,
    Participant.Status.WAITLISTED,
    Participant.Status.ENROLLED,
    Participant.Status.COMPLETED,
)
REASON_MAX = 300
THEMES_MAX = 20
CRITERIA_MAX = 20
# The file types a material or a returned assignment may be, by extension, with the first
# bytes each must start with (None: text that must read as UTF-8).
FILE_TYPES: dict[str, tuple[bytes, ...] | None] = {
    "pdf": (b"%PDF",),
    "docx": (b"PK\x03\x04",),
    "odt": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
    "pptx": (b"PK\x03\x04",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "txt": None,
}


class PlanError(ApplicationError):
    """The plan would not make sense (dates, hours, a wrong state)."""


class FileRefused(ApplicationError):
    """An uploaded file of the wrong type or too large."""


# --- Checks ---------------------------------------------------------------------------------


def _require_manage(by: Any, programme: Programme) -> None:
    if not permissions.can_manage_programme(by, programme):
        raise PermissionDeniedError(_("Vain koulutuksen koordinaattori voi muuttaa sitä."))


def check_upload(upload: UploadedFile) -> None:
    """Refuses a file that is not one of FILE_TYPES (by extension and content) or is over
    FILE_MAX_BYTES, with a message that says what is allowed."""
    allowed = ", ".join(sorted({k for k in FILE_TYPES if k != "jpeg"}))
    if upload.size is not None and upload.size > FILE_MAX_BYTES:
        raise FileRefused(
            _("Tiedosto on liian suuri (enintään %(mb)s Mt).") % {"mb": FILE_MAX_BYTES // 2**20}
        )
    extension = PurePath(upload.name or "").suffix.lower().lstrip(".")
    if extension not in FILE_TYPES:
        raise FileRefused(
            _("Tiedostotyyppiä ei voi tallentaa. Sallitut tyypit: %(types)s.") % {"types": allowed}
        )
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    starts = FILE_TYPES[extension]
    if starts is None:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as error:
            # A cut in the middle of a character at the end of the sample is fine.
            if error.start < len(head) - 3:
                raise FileRefused(
                    _("Tiedoston sisältö ei vastaa sen tyyppiä (%(ext)s).") % {"ext": extension}
                ) from None
    elif not any(head.startswith(s) for s in starts):
        raise FileRefused(
            _("Tiedoston sisältö ei vastaa sen tyyppiä (%(ext)s).") % {"ext": extension}
        )


def _lines(values: Iterable[str], limit: int, what: str) -> list[str]:
    out: list[str] = []
    for value in values:
        text = clean_text(value)
        if text and text not in out:
            if len(text) > NAME_MAX:
                raise PlanError(
                    _("Rivi on liian pitkä (%(what)s): enintään %(n)s merkkiä.")
                    % {"what": what, "n": NAME_MAX}
                )
            out.append(text)
    if len(out) > limit:
        raise PlanError(_("Enintään %(n)s riviä (%(what)s).") % {"n": limit, "what": what})
    return out


def _check_dates(
    *,
    starts_on: date | None,
    ends_on: date | None,
    applications_open_on: date | None,
    applications_close_on: date | None,
) -> None:
    if starts_on and ends_on and ends_on < starts_on:
        raise PlanError(_("Koulutus ei voi päättyä ennen kuin se alkaa."))
    if applications_open_on and applications_close_on:
        if applications_close_on < applications_open_on:
            raise PlanError(_("Haku ei voi päättyä ennen kuin se alkaa."))
    if bool(applications_open_on) != bool(applications_close_on):
        raise PlanError(
            _("Anna hakuajalle sekä alkamis- että päättymispäivä, tai jätä molemmat tyhjiksi.")
        )
    if applications_close_on and ends_on and applications_close_on > ends_on:
        raise PlanError(_("Haun on päätyttävä viimeistään koulutuksen päättymispäivänä."))


def _eligible_people_ids(by: Any, organisation: Organisation, network: Network | None) -> set[int]:
    from tutori.programmes.selectors.programmes import people_for

    return {
        p.pk
        for p in people_for(
            user=by, organisation=organisation, network_id=network.pk if network else None
        )
    }


def _check_people(
    by: Any,
    organisation: Organisation,
    network: Network | None,
    people: Sequence[Any],
    keep: set[int],
) -> None:
    wanted = {p.pk for p in people} - keep
    if wanted and not wanted <= _eligible_people_ids(by, organisation, network):
        raise PlanError(
            _("Kouluttajat ja ohjausryhmä valitaan järjestäjän ja sen verkoston ihmisistä.")
        )


PLAN_FIELDS = (
    "name",
    "description",
    "credits",
    "target_group",
    "themes",
    "starts_on",
    "ends_on",
    "applications_open_on",
    "applications_close_on",
    "criteria",
    "capacity",
    "completion_min_sessions",
    "completion_all_assignments",
    "grants_role",
    "badge",
    "info_letter",
    "network",
)


def _apply(programme: Programme, data: dict[str, Any]) -> None:
    for key in PLAN_FIELDS:
        if key in data:
            setattr(programme, key, data[key])
    programme.name = clean_text(programme.name)
    if not programme.name:
        raise PlanError(_("Anna koulutukselle nimi."))
    programme.description = clean_text(programme.description)
    programme.target_group = clean_text(programme.target_group)
    programme.badge = clean_text(programme.badge)
    programme.info_letter = clean_text(programme.info_letter)
    programme.themes = _lines(programme.themes or [], THEMES_MAX, _("teemat"))
    programme.criteria = _lines(programme.criteria or [], CRITERIA_MAX, _("hakukriteerit"))
    _check_dates(
        starts_on=programme.starts_on,
        ends_on=programme.ends_on,
        applications_open_on=programme.applications_open_on,
        applications_close_on=programme.applications_close_on,
    )
    if programme.capacity is not None and programme.capacity < programme.enrolled:
        raise PlanError(
            _("Paikkoja ei voi olla vähemmän kuin osallistujia on jo (%(n)s).")
            % {"n": programme.enrolled}
        )


def _network_ok(organisation: Organisation, network: Network | None) -> None:
    if network is None:
        return
    with scopes_disabled():
        member = Organisation.networks.through.objects.filter(
            organisation_id=organisation.pk, network_id=network.pk
        ).exists()
    if not member:
        raise PlanError(_("Järjestäjä ei kuulu valittuun verkostoon."))


# --- Programmes -----------------------------------------------------------------------------


@transaction.atomic
def programme_create(
    *,
    by: Any,
    organisation: Organisation,
    trainers: Sequence[Any] = (),
    steering_group: Sequence[Any] = (),
    **data: Any,
) -> Programme:
    """A new draft programme of ``organisation`` (only its coordinators may)."""
    if not permissions.can_organise_in(by, organisation):
        raise PermissionDeniedError(_("Voit järjestää koulutuksia vain omassa organisaatiossasi."))
    programme = Programme(organisation=organisation, created_by=by, status=Status.DRAFT)
    _apply(programme, data)
    _network_ok(organisation, programme.network)
    _check_people(by, organisation, programme.network, [*trainers, *steering_group], set())
    programme.save()
    programme.trainers.set(trainers)
    programme.steering_group.set(steering_group)
    return programme


@transaction.atomic
def programme_update(
    *,
    by: Any,
    programme: Programme,
    trainers: Sequence[Any] | None = None,
    steering_group: Sequence[Any] | None = None,
    **data: Any,
) -> Programme:
    """Changes the programme's details. A finished or cancelled programme stays as it was."""
    _require_manage(by, programme)
    with scopes_disabled():
        programme = Programme.objects.select_for_update().get(pk=programme.pk)
    if programme.status in (Status.FINISHED, Status.CANCELLED):
        raise PlanError(_("Päättynyttä tai peruttua koulutusta ei voi enää muuttaa."))
    _apply(programme, data)
    _network_ok(programme.organisation, programme.network)
    _check_sessions_within(programme)
    keep = set(programme.trainers.values_list("pk", flat=True)) | set(
        programme.steering_group.values_list("pk", flat=True)
    )
    _check_people(
        by,
        programme.organisation,
        programme.network,
        [*(trainers or []), *(steering_group or [])],
        keep,
    )
    programme.save()
    if trainers is not None:
        programme.trainers.set(trainers)
    if steering_group is not None:
        programme.steering_group.set(steering_group)
    if programme.status == Status.PUBLISHED:
        # More places than before: the people waiting get them, in their order (applications).
        from tutori.programmes.services import enrolment

        enrolment.promote_waiting(programme, by=by)
    return programme


def _check_sessions_within(programme: Programme) -> None:
    with scopes_disabled():
        meetings = Session.objects.filter(
            programme=programme, kind=Session.Kind.MEETING, cancelled_at__isnull=True
        )
        outside = meetings.none()
        if programme.starts_on:
            outside = outside | meetings.filter(date__lt=programme.starts_on)
        if programme.ends_on:
            outside = outside | meetings.filter(date__gt=programme.ends_on)
        first = outside.order_by("date").first()
    if first is not None:
        raise PlanError(
            _(
                "Tapaaminen %(day)s jäisi koulutuksen ajan ulkopuolelle. Muuta ensin "
                "tapaamisen päivää tai valitse koulutukselle pidempi aika."
            )
            % {"day": f"{first.date.day}.{first.date.month}.{first.date.year}"}
        )


def _transition(by: Any, programme: Programme, allowed: Sequence[str], to: str) -> Programme:
    _require_manage(by, programme)
    with scopes_disabled():
        programme = Programme.objects.select_for_update().get(pk=programme.pk)
    if programme.status not in allowed:
        raise PlanError(
            _("Koulutuksen tila on jo %(status)s.") % {"status": programme.get_status_display()}
        )
    programme.status = to
    programme.save(update_fields=["status", "updated_at"])
    return programme


@transaction.atomic
def programme_publish(*, by: Any, programme: Programme) -> Programme:
    """Shows the programme to the people who may apply (it needs dates and a session)."""
    if not programme.starts_on or not programme.ends_on:
        raise PlanError(_("Anna koulutukselle alkamis- ja päättymispäivä ennen julkaisemista."))
    with scopes_disabled():
        has_session = Session.objects.filter(
            programme=programme, cancelled_at__isnull=True
        ).exists()
    if not has_session:
        raise PlanError(_("Lisää koulutukseen vähintään yksi tapaaminen ennen julkaisemista."))
    return _transition(by, programme, [Status.DRAFT], Status.PUBLISHED)


@transaction.atomic
def programme_unpublish(*, by: Any, programme: Programme) -> Programme:
    """Back to a draft while nobody has applied or been enrolled (``may_return_to_draft``,
    which also decides whether the programme page offers it)."""
    from tutori.programmes.selectors.programmes import may_return_to_draft

    _require_manage(by, programme)
    with scopes_disabled():
        current = Programme.objects.select_for_update().get(pk=programme.pk)
    if current.status == Status.PUBLISHED and not may_return_to_draft(current):
        raise PlanError(
            _(
                "Koulutukseen on jo hakijoita tai osallistujia, joten sitä ei voi palauttaa "
                "luonnokseksi."
            )
        )
    return _transition(by, current, [Status.PUBLISHED], Status.DRAFT)


@transaction.atomic
def programme_finish(*, by: Any, programme: Programme) -> Programme:
    """Marks a published programme finished (its completions are still confirmed)."""
    return _transition(by, programme, [Status.PUBLISHED], Status.FINISHED)


@transaction.atomic
def programme_cancel(*, by: Any, programme: Programme, reason: str = "") -> Programme:
    """Cancels a draft or a published programme: its sessions leave the calendars, and its
    participants, waitlisted and pending applicants, trainers and steering group are told by
    mail (with the reason and a cancelling ``.ics`` of each coming session), queued with the
    write. A draft was never shown to anyone: its cancelling tells nobody."""
    was_draft = programme.status == Status.DRAFT
    programme = _transition(by, programme, [Status.DRAFT, Status.PUBLISHED], Status.CANCELLED)
    reason = clean_text(reason)[:REASON_MAX]
    with scopes_disabled():
        open_sessions = Session.objects.filter(programme=programme, cancelled_at__isnull=True)
        coming = list(
            open_sessions.filter(date__gte=timezone.localdate())
            .select_related("host")
            .prefetch_related("trainers")
            .order_by("date", "starts_at", "pk")
        )
        open_sessions.update(
            cancelled_at=timezone.now(), cancel_reason=reason or _("Koulutus peruttiin.")
        )
        for session in coming:
            session.programme = programme
        if was_draft:
            return programme
        _tell_cancelled(
            programme,
            coming,
            statuses=TOLD_OF_PROGRAMME_CANCEL,
            kind=PROGRAMME_CANCELLED,
            subject=lambda: _("Koulutus peruttu: %(name)s") % {"name": programme.name},
            template="programmes/email/programme_cancelled.txt",
            context={"reason": reason},
        )
    return programme


def _shift(day: date | None, days: int) -> date | None:
    return day + timedelta(days=days) if day else None


@transaction.atomic
def programme_copy(*, by: Any, programme: Programme, starts_on: date, name: str = "") -> Programme:
    """A draft copy for the next cohort: the details, themes, criteria, trainers, steering
    group, sessions (not cancelled ones), assignments and materials that are links, with
    every date moved by as many days as the start moves. Participants are not copied."""
    _require_manage(by, programme)
    if programme.starts_on is None:
        raise PlanError(_("Kopioitavalla koulutuksella ei ole alkamispäivää."))
    days = (starts_on - programme.starts_on).days
    with scopes_disabled():
        source = Programme.objects.get(pk=programme.pk)
        copy = Programme.objects.get(pk=programme.pk)
        copy.pk = None
        copy.id = None
        copy._state.adding = True
        copy.name = clean_text(name) or source.name
        copy.status = Status.DRAFT
        copy.enrolled = 0
        copy.info_letter_sent_at = None
        copy.copied_from = source
        copy.created_by = by
        for attr in ("starts_on", "ends_on", "applications_open_on", "applications_close_on"):
            setattr(copy, attr, _shift(getattr(source, attr), days))
        copy.save()
        copy.trainers.set(source.trainers.all())
        copy.steering_group.set(source.steering_group.all())
        session_map: dict[int, Session] = {}
        for s in Session.objects.filter(
            programme=source, cancelled_at__isnull=True
        ).prefetch_related("trainers"):
            trainers = list(s.trainers.all())
            s._prefetched_objects_cache = {}  # the copy's trainers are written below
            old_pk = s.pk
            s.pk = None
            s.id = None
            s._state.adding = True
            s.programme = copy
            s.date = s.date + timedelta(days=days)
            s.save()
            s.trainers.set(trainers)
            session_map[old_pk] = s
        for a in source.assignments.all():
            a.pk = None
            a.id = None
            a._state.adding = True
            a.programme = copy
            a.session = session_map.get(a.session_id) if a.session_id else None
            a.due_on = _shift(a.due_on, days)
            a.save()
        for m in source.materials.all():
            if m.session_id and m.session_id not in session_map:
                continue
            m.pk = None
            m.id = None
            m._state.adding = True
            m.programme = copy
            m.session = session_map.get(m.session_id) if m.session_id else None
            m.created_by = by
            # The file itself is shared with the original (never deleted by either).
            m.save()
    return copy


# --- Sessions -------------------------------------------------------------------------------


def _hours_between(starts_at: time, ends_at: time) -> Decimal:
    minutes = (
        datetime.combine(date.min, ends_at) - datetime.combine(date.min, starts_at)
    ).seconds // 60
    return (Decimal(minutes) / Decimal(60)).quantize(Decimal("0.01"))


def _check_session(
    programme: Programme, data: dict[str, Any], *, current_theme: str = ""
) -> dict[str, Any]:
    """The session's values checked; ``current_theme``: the theme an edited session already
    has, kept even when the programme's themes no longer list it (renamed since)."""
    day, starts_at, ends_at = data["date"], data["starts_at"], data["ends_at"]
    if ends_at <= starts_at:
        raise PlanError(_("Tapaaminen ei voi päättyä ennen kuin se alkaa."))
    try:  # a time the clocks skip, or one across the night the clocks change
        local_span(day, starts_at, ends_at)
    except LocalTimeError as error:
        raise PlanError(error.message) from None
    hours = data.get("hours")
    if hours is None:
        hours = _hours_between(starts_at, ends_at)
    if hours < 0 or hours > SESSION_HOURS_MAX:
        raise PlanError(_("Tunteja voi olla 0–%(max)s.") % {"max": SESSION_HOURS_MAX.normalize()})
    if hours > _hours_between(starts_at, ends_at):
        raise PlanError(_("Tunteja ei voi olla enemmän kuin tapaamisen alun ja lopun välissä."))
    kind = data.get("kind") or Session.Kind.MEETING
    if kind == Session.Kind.MEETING:
        if (programme.starts_on and day < programme.starts_on) or (
            programme.ends_on and day > programme.ends_on
        ):
            raise PlanError(
                _(
                    "Tapaamisen päivä on koulutuksen ajan ulkopuolella. Valitse päivä koulutuksen "
                    "ajalta tai muuta koulutuksen aikaa."
                )
            )
    elif programme.ends_on and day <= programme.ends_on:
        raise PlanError(_("Seurantatapaaminen pidetään koulutuksen päättymisen jälkeen."))
    theme = clean_text(data.get("theme", ""))
    if theme and theme not in (programme.themes or []) and theme != current_theme:
        raise PlanError(_("Valitse teema koulutuksen teemoista."))
    host = data.get("host")
    if host is not None:
        from tutori.programmes.selectors.programmes import host_organisations

        if host.pk not in {o.pk for o in host_organisations(programme=programme)}:
            raise PlanError(_("Isäntä valitaan järjestäjän ja sen verkoston organisaatioista."))
    return {
        "kind": kind,
        "title": clean_text(data.get("title", "")),
        "date": day,
        "starts_at": starts_at,
        "ends_at": ends_at,
        "hours": hours,
        "host": data.get("host"),
        "place": clean_text(data.get("place", "")),
        "remote_url": clean_text(data.get("remote_url", "")),
        "theme": theme,
        "description": clean_text(data.get("description", "")),
    }


def _require_open(programme: Programme) -> None:
    if programme.status in (Status.FINISHED, Status.CANCELLED):
        raise PlanError(_("Päättyneen tai perutun koulutuksen tapaamisia ei voi muuttaa."))


@transaction.atomic
def session_create(
    *, by: Any, programme: Programme, trainers: Sequence[Any] = (), **data: Any
) -> Session:
    _require_manage(by, programme)
    _require_open(programme)
    values = _check_session(programme, data)
    keep = set(programme.trainers.values_list("pk", flat=True))
    _check_people(by, programme.organisation, programme.network, trainers, keep)
    with scopes_disabled():
        session = Session.objects.create(programme=programme, **values)
    session.trainers.set(trainers)
    return session


@transaction.atomic
def session_update(
    *, by: Any, session: Session, trainers: Sequence[Any] | None = None, **data: Any
) -> Session:
    programme = session.programme
    _require_manage(by, programme)
    _require_open(programme)
    if session.is_cancelled:
        raise PlanError(_("Peruttua tapaamista ei voi muuttaa."))
    values = _check_session(programme, data, current_theme=session.theme)
    keep = set(programme.trainers.values_list("pk", flat=True)) | set(
        session.trainers.values_list("pk", flat=True)
    )
    _check_people(by, programme.organisation, programme.network, trainers or [], keep)
    with scopes_disabled():
        Session.objects.filter(pk=session.pk).update(**values)
        session.refresh_from_db()
    if trainers is not None:
        session.trainers.set(trainers)
    return session


@transaction.atomic
def session_cancel(*, by: Any, session: Session, reason: str = "") -> Session:
    """Cancels a session (it stays in the timetable, struck out, and leaves the calendars).
    A coming session of a published programme is cancelled by mail too: to its participants
    (enrolled or completed) and trainers, queued with the write."""
    _require_manage(by, session.programme)
    if session.is_cancelled:
        raise PlanError(_("Tapaaminen on jo peruttu."))
    session.cancelled_at = timezone.now()
    session.cancel_reason = clean_text(reason)[:300]
    with scopes_disabled():
        session.save(update_fields=["cancelled_at", "cancel_reason"])
        programme = session.programme
        if programme.status == Status.PUBLISHED and session.date >= timezone.localdate():
            _tell_session_cancelled(session)
    return session


def _tell_session_cancelled(session: Session) -> int:
    programme = session.programme
    return _tell_cancelled(
        programme,
        [session],
        statuses=Participant.HOLDING,
        kind=SESSION_CANCELLED,
        subject=lambda: _("Tapaaminen peruttu: %(name)s") % {"name": programme.name},
        template="programmes/email/session_cancelled.txt",
        context={"session": session},
    )


def _tell_cancelled(
    programme: Programme,
    sessions: Sequence[Session],
    *,
    statuses: Sequence[str],
    kind: str,
    subject: Callable[[], str],
    template: str,
    context: dict[str, Any],
) -> int:
    """Mail the cancelling of ``sessions`` (one, or the coming ones of a cancelled programme)
    to the programme's participants of ``statuses``, its trainers and steering group (whose
    calendar feeds hold the sessions) and the sessions' trainers, each once in their own
    language, with a cancelling ``.ics`` of each session."""
    people = [
        p.person
        for p in Participant.objects.filter(programme=programme, status__in=statuses)
        .select_related("person")
        .order_by("pk")
    ]
    people += programme.trainers.all()
    people += programme.steering_group.all()
    for session in sessions:
        people += session.trainers.all()
    return notify_all(
        people,
        kind=kind,
        subject=subject,
        template=template,
        context={"programme": programme, "sessions": sessions, **context},
        action_path=reverse("programmes:detail", args=[programme.pk]),
        ics=lambda: [session_ics(s, cancelled=True) for s in sessions],
    )


@transaction.atomic
def session_delete(*, by: Any, session: Session) -> None:
    """Deletes a session without marked attendance (with attendance it is cancelled)."""
    _require_manage(by, session.programme)
    with scopes_disabled():
        if Attendance.objects.filter(session=session).exists():
            raise PlanError(
                _(
                    "Tapaamiseen on jo merkitty läsnäoloja, joten sitä ei voi poistaa. Peru se "
                    "sen sijaan."
                )
            )
        Session.objects.filter(pk=session.pk).delete()


# --- Materials ------------------------------------------------------------------------------


@transaction.atomic
def material_add(
    *,
    by: Any,
    programme: Programme,
    title: str,
    session: Session | None = None,
    file: UploadedFile | None = None,
    url: str = "",
) -> Material:
    """A file (checked: type and size) or a link for the programme or one of its sessions;
    by its coordinator or trainers."""
    if not permissions.can_train(by, programme):
        raise PermissionDeniedError(
            _("Vain koulutuksen kouluttajat ja koordinaattori voivat lisätä materiaalia.")
        )
    if session is not None and session.programme_id != programme.pk:
        raise PlanError(_("Tapaaminen ei kuulu tähän koulutukseen."))
    title = clean_text(title)
    url = clean_text(url)
    if not title:
        raise PlanError(_("Anna materiaalille nimi."))
    if bool(file) == bool(url):
        raise PlanError(_("Anna joko tiedosto tai linkki (ei molempia)."))
    if file:
        check_upload(file)
    material = Material(programme=programme, session=session, title=title, url=url, created_by=by)
    if file:
        material.file.save(PurePath(file.name or "tiedosto").name, file, save=False)
    material.save()
    return material


@transaction.atomic
def material_delete(*, by: Any, material: Material) -> None:
    if not permissions.can_train(by, material.programme):
        raise PermissionDeniedError(
            _("Vain koulutuksen kouluttajat ja koordinaattori voivat poistaa materiaalia.")
        )
    name = material.file.name if material.file else ""
    storage = material.file.storage if material.file else None
    material.delete()
    if name and storage is not None:
        with scopes_disabled():
            shared = Material.objects.filter(file=name).exists()
        if not shared:
            transaction.on_commit(lambda: storage.delete(name))
