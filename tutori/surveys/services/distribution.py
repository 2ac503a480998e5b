"""Sending a survey: its audience, the personal links, reminders and closing.

The request that sends only claims the survey and queues one job (``tasks.survey_send_job``);
the job works out the audience, creates the recipients in batches and queues their mails in
batches, so sending to thousands answers at once and the page follows the progress.

Exactly once, twice over: a survey is claimed for sending by a conditional UPDATE (a second
press or a second tab finds it claimed), and a recipient is one row per survey and address
(``recipient_once_per_survey``): a job that runs again only adds the people missing, and mails
only the rows it inserted itself. A personal link is ``secrets.token_urlsafe(32)``; only its
hash is stored, so the link travels in the mail (and the queued mail) only.

Reminders are claimed the same way: one UPDATE stamps ``reminded_at`` on the recipients due
(not answered, not reminded or invited within the gap) and the job mails exactly the rows
carrying its own stamp, so two schedulers, or a button pressed while the schedule runs, never
remind anyone twice. A reminder carries a new link (the old one stops working: the first is
not stored) unless the person has saved a draft through the first one: an anonymous draft is
found by that link alone, so the reminder points to it instead.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import rules
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tutori.accounts.models import User, email_normalise
from tutori.core import registry
from tutori.core.errors import ApplicationError, PermissionDeniedError
from tutori.core.forms import clean_text
from tutori.core.mail import enqueue_with_write
from tutori.core.scoping import scopes_disabled
from tutori.core.tables import TableLimits, table_rows
from tutori.core.text import text_problem
from tutori.orgs.models import Membership, Organisation, Role
from tutori.surveys.models import Question, Recipient, Response, Survey, token_hash

BATCH = 500
# A send job that has not finished in this time is taken to have died (a worker killed): the
# survey may be sent again; the job is idempotent, so nobody gets a second mail.
SEND_STALE = timedelta(minutes=30)
MANUAL_REMINDER_GAP = timedelta(days=1)
LANGUAGES = ("fi", "sv", "en")
NAME_MAX = Recipient._meta.get_field("name").max_length or 200

# Column names accepted in an uploaded list's header row, in each UI language.
LIST_COLUMNS: dict[str, set[str]] = {
    "email": {"email", "e-mail", "sähköposti", "sahkoposti", "e-post", "epost"},
    "name": {"name", "nimi", "namn"},
    "language": {"language", "kieli", "språk", "sprak"},
}


def new_token() -> tuple[str, str]:
    """A personal link's token and the hash that is stored of it."""
    token = secrets.token_urlsafe(32)
    return token, token_hash(token)


def _require_edit(by: Any, survey: Survey) -> None:
    if not rules.has_perm("surveys.edit", by, survey):
        raise PermissionDeniedError(_("Sinulla ei ole oikeutta lähettää tätä kyselyä."))


def _stamp(moment: datetime) -> datetime:
    """``moment`` plus a random fraction of a millisecond: the stamp a claim marks its rows
    with, so two claims started at the same moment never read each other's rows."""
    return moment + timedelta(microseconds=1 + secrets.randbelow(999))


# --- Audience -------------------------------------------------------------------------------


def audience_organisations(*, user: Any) -> Any:
    """The active organisations ``user`` may send surveys to: those where they build surveys
    (a coordinator's own and every one below it)."""
    from tutori.access import engine
    from tutori.surveys.permissions import BUILDER_ROLES

    reach = engine.reach(user)
    organisations = Organisation.objects.visible_to(user).filter(is_active=True)
    if not reach.is_admin:
        organisations = organisations.filter(pk__in=reach.ids(BUILDER_ROLES))
    return organisations.order_by("path")


@dataclass
class ListProblem:
    line: int
    message: str


@dataclass
class ListCheck:
    rows: list[dict[str, str]] = field(default_factory=list)
    problems: list[ListProblem] = field(default_factory=list)
    merged: int = 0  # lines that repeated an address given above

    @property
    def ok(self) -> bool:
        return not self.problems


def audience_list_parse(*, filename: str, data: bytes) -> ListCheck:
    """Check an uploaded list (CSV or XLSX: e-mail, name, optional language) in full.

    Every line with a problem is reported with its number (the header is line 1); the list
    is used only when there are none. An address given twice is one recipient (the first
    name and language given win)."""
    limits = TableLimits(max_bytes=settings.ROSTER_MAX_BYTES, max_rows=settings.ROSTER_MAX_ROWS)
    try:
        numbered = table_rows(filename=filename, data=data, limits=limits)
    except ApplicationError as error:
        return ListCheck(problems=[ListProblem(0, str(error.message))])
    if not numbered:
        return ListCheck(problems=[ListProblem(0, _("Tiedosto on tyhjä."))])
    header_line, header = numbered[0]
    positions: dict[str, int] = {}
    for index, heading in enumerate(header):
        name = heading.strip().casefold()
        for column, aliases in LIST_COLUMNS.items():
            if name in aliases and column not in positions:
                positions[column] = index
    if "email" not in positions:
        return ListCheck(
            problems=[
                ListProblem(
                    header_line,
                    _(
                        "Otsikkoriviltä puuttuu sähköpostisarake. Sarakkeet: email, name "
                        "(valinnainen: language)."
                    ),
                )
            ]
        )
    if len(numbered) == 1:
        return ListCheck(problems=[ListProblem(0, _("Tiedostossa ei ole yhtään henkilöriviä."))])

    def cell(row: list[str], column: str) -> str:
        index = positions.get(column)
        return clean_text(row[index]) if index is not None and index < len(row) else ""

    check = ListCheck()
    seen: dict[str, dict[str, str]] = {}
    for line, row in numbered[1:]:
        problems: list[str] = []
        email = email_normalise(cell(row, "email"))
        name = cell(row, "name")
        language = cell(row, "language").lower()
        if not email:
            problems.append(_("sähköposti puuttuu"))
        else:
            try:
                validate_email(email)
            except ValidationError:
                problems.append(
                    _("sähköpostiosoite ”%(email)s” ei ole kelvollinen") % {"email": email[:80]}
                )
        if len(name) > NAME_MAX:
            problems.append(_("nimi on liian pitkä"))
        elif name and (problem := text_problem(name)):
            problems.append(f"{_('nimi')}: {problem}")
        if language and language not in LANGUAGES:
            problems.append(
                _("tuntematon kieli ”%(language)s” (sallitut: fi, sv, en)")
                % {"language": language[:10]}
            )
        if problems:
            check.problems.append(ListProblem(line, "; ".join(problems)))
            continue
        if email in seen:
            earlier = seen[email]
            earlier["name"] = earlier["name"] or name
            earlier["language"] = earlier["language"] or language
            check.merged += 1
            continue
        seen[email] = {"email": email, "name": name, "language": language}
    if not check.problems:
        check.rows = list(seen.values())
    return check


@transaction.atomic
def survey_audience_set(
    *,
    by: Any,
    survey: Survey,
    organisations: list[Organisation],
    include_descendants: bool,
    roles: list[str],
    list_rows: list[dict[str, str]] | None = None,
    clear_list: bool = False,
    reminder_every_days: int | None = None,
    cohorts: list[str] | None = None,
) -> Survey:
    """Save who the survey goes to. ``list_rows`` (a checked list) replaces the uploaded list;
    ``clear_list`` removes it; neither keeps the one stored. ``reminder_every_days`` sets the
    scheduled reminders (0: none; None: unchanged). ``cohorts`` (ids from
    ``audience_cohorts``) replaces the chosen cohorts (None: unchanged): their people with an
    address are kept as list rows marked with their cohort, as they are when saved."""
    _require_edit(by, survey)
    if survey.status == Survey.Status.CLOSED:
        raise ApplicationError(_("Kysely on suljettu: sen vastaanottajia ei voi enää muuttaa."))
    allowed = set(audience_organisations(user=by).values_list("pk", flat=True))
    if any(o.pk not in allowed for o in organisations):
        raise PermissionDeniedError(_("Et voi lähettää kyselyä valitsemaasi organisaatioon."))
    unknown = [r for r in roles if r not in Role.values]
    if unknown:
        raise ApplicationError(_("Tuntematon rooli: %(role)s") % {"role": unknown[0][:40]})
    stored = list(survey.audience_list or [])
    uploaded = [row for row in stored if not row.get(COHORT)]
    cohort_rows = [row for row in stored if row.get(COHORT)]
    if cohorts is not None:
        allowed = {key for key, _label in audience_cohorts(user=by)}
        if any(key not in allowed for key in cohorts):
            raise PermissionDeniedError(
                _("Et voi lähettää kyselyä valitsemasi koulutuksen osallistujille.")
            )
        cohort_rows = _cohort_rows(sorted(set(cohorts)))
    survey.include_descendants = include_descendants
    survey.audience_roles = sorted(set(roles))
    if list_rows is not None:
        uploaded = list_rows
    elif clear_list:
        uploaded = []
    listed = {row["email"] for row in uploaded}
    survey.audience_list = uploaded + [row for row in cohort_rows if row["email"] not in listed]
    if reminder_every_days is not None:
        survey.reminder_every_days = reminder_every_days
    survey.full_clean()
    survey.save(
        update_fields=[
            "include_descendants",
            "audience_roles",
            "audience_list",
            "reminder_every_days",
        ]
    )
    survey.audience_organisations.set(organisations)
    return survey


# A list row that came from a cohort (core.registry.CohortSource) names it under this key.
COHORT = "cohort"


def audience_cohorts(*, user: Any) -> list[tuple[str, str]]:
    """The cohorts ``user`` may send surveys to (a programme's participants, when an app
    declares such groups): ``("<source>:<id>", label)``."""
    return [
        (f"{source.key}:{cohort_id}", label)
        for source in registry.cohort_sources()
        for cohort_id, label in source.cohorts(user)
    ]


def audience_list_size(survey: Survey) -> int:
    """The addresses of the uploaded list (not those of the chosen cohorts)."""
    return survey.uploaded_list_size


def chosen_cohorts(survey: Survey) -> list[str]:
    return sorted({row[COHORT] for row in survey.audience_list or [] if row.get(COHORT)})


@scopes_disabled()
def _cohort_rows(cohorts: list[str]) -> list[dict[str, str]]:
    """The people of the cohorts with an active account and an address, once per address."""
    sources = {source.key: source for source in registry.cohort_sources()}
    rows: dict[str, dict[str, str]] = {}
    for key in cohorts:
        source_key, _sep, cohort_id = key.partition(":")
        source = sources.get(source_key)
        if source is None:
            continue
        people = (
            User.objects.filter(pk__in=source.members(cohort_id), is_active=True)
            .exclude(email__isnull=True)
            .exclude(email="")
            .order_by("pk")
            .values("email", "display_name", "preferred_language")
        )
        for person in people:
            email = email_normalise(person["email"])
            rows.setdefault(
                email,
                {
                    "email": email,
                    "name": person["display_name"] or "",
                    "language": person["preferred_language"] or "",
                    COHORT: key,
                },
            )
    return list(rows.values())


@dataclass(frozen=True)
class Person:
    """One recipient-to-be, from a membership or from the uploaded list."""

    email: str
    name: str = ""
    language: str = ""
    person_id: int | None = None
    organisation_id: int | None = None
    role: str = ""


@scopes_disabled()
def audience_people(survey: Survey) -> list[Person]:
    """Everyone the survey's audience names, once per address: members first (their own
    language; the organisation and role of their first membership in the tree), then the
    uploaded list (linked to an account with the same address, if there is one)."""
    people: dict[str, Person] = {}
    organisations = list(survey.audience_organisations.all().only("id", "path"))
    if organisations:
        where = Q()
        for organisation in organisations:
            where |= (
                Q(organisation__path__startswith=organisation.path)
                if survey.include_descendants
                else Q(organisation_id=organisation.pk)
            )
        memberships = (
            Membership.objects.active()
            .filter(where, organisation__is_active=True, user__is_active=True)
            .exclude(user__email="")
        )
        if survey.audience_roles:
            memberships = memberships.filter(role__in=survey.audience_roles)
        for row in memberships.order_by("organisation__path", "pk").values(
            "user_id",
            "user__email",
            "user__display_name",
            "user__preferred_language",
            "organisation_id",
            "role",
        ):
            email = email_normalise(row["user__email"])
            if email and email not in people:
                people[email] = Person(
                    email=email,
                    name=row["user__display_name"] or "",
                    language=row["user__preferred_language"] or "",
                    person_id=row["user_id"],
                    organisation_id=row["organisation_id"],
                    role=row["role"],
                )
    listed = [r for r in survey.audience_list or [] if r.get("email") not in people]
    if listed:
        accounts = {
            str(u["email"]): u
            for u in User.objects.filter(
                email__in=[r["email"] for r in listed], is_active=True
            ).values("id", "email", "preferred_language")
        }
        for row in listed:
            account = accounts.get(row["email"])
            people[row["email"]] = Person(
                email=row["email"],
                name=row.get("name", ""),
                language=row.get("language") or (account["preferred_language"] if account else ""),
                person_id=account["id"] if account else None,
            )
    return list(people.values())


# --- Sending --------------------------------------------------------------------------------


def survey_send(*, by: Any, survey: Survey, now: datetime | None = None) -> bool:
    """Queue the sending of ``survey`` to its audience (the people not sent to yet).

    False when a sending of the survey is already under way (a second press). The job is
    queued in the same transaction as the claim."""
    from tutori.surveys.tasks import survey_send_job

    _require_edit(by, survey)
    now = now or timezone.now()
    if survey.is_instrument:
        raise ApplicationError(_("Mittaria ei lähetetä: tee siitä ensin kysely."))
    if survey.status == Survey.Status.CLOSED:
        raise ApplicationError(_("Kysely on suljettu."))
    if survey.closes_at is None or survey.closes_at <= now:
        raise ApplicationError(
            _("Anna kyselylle sulkeutumisaika tulevaisuudessa ennen kuin lähetät sen.")
        )
    with scopes_disabled():
        has_questions = Question.objects.filter(survey=survey).exists()
    if not has_questions:
        raise ApplicationError(_("Kyselyssä ei ole yhtään kysymystä."))
    if not survey.audience_organisations.exists() and not survey.audience_list:
        raise ApplicationError(_("Valitse ensin vastaanottajat: organisaatiot tai ladattu lista."))
    with transaction.atomic(), scopes_disabled():
        claimed = (
            Survey.objects.filter(pk=survey.pk)
            .exclude(status=Survey.Status.CLOSED)
            .filter(
                Q(send_started_at__isnull=True)
                | Q(send_finished_at__isnull=False)
                | Q(send_started_at__lt=now - SEND_STALE)
            )
            .update(send_started_at=now, send_finished_at=None)
        )
        if not claimed:
            return False
        enqueue_with_write(survey_send_job, survey_id=survey.pk)
    survey.send_started_at, survey.send_finished_at = now, None
    return True


def survey_send_scheduled(
    *,
    survey_id: int,
    cohorts: list[str],
    open_for: timedelta,
    now: datetime | None = None,
) -> bool:
    """Send a survey on the platform's behalf to the people of ``cohorts`` (ids of
    ``audience_cohorts``): another app's schedule, such as evaluation's invitations at a
    programme's start and end. The audience becomes those people alone; a survey without a
    closing time after its sending (or its opening) closes ``open_for`` after it.

    Claimed as ``survey_send`` claims it: False, and nothing changed, when the survey was
    sent already (by hand or by another run), is closed, is an instrument or has no
    questions. Called inside the caller's own claim: the job is queued with the write."""
    from tutori.surveys.tasks import survey_send_job

    now = now or timezone.now()
    with transaction.atomic(), scopes_disabled():
        survey = (
            Survey.objects.filter(pk=survey_id, is_instrument=False, send_started_at__isnull=True)
            .exclude(status=Survey.Status.CLOSED)
            .first()
        )
        if survey is None or not Question.objects.filter(survey=survey).exists():
            return False
        claimed = (
            Survey.objects.filter(pk=survey.pk, send_started_at__isnull=True)
            .exclude(status=Survey.Status.CLOSED)
            .update(send_started_at=now, send_finished_at=None)
        )
        if not claimed:
            return False
        survey.audience_list = _cohort_rows(sorted(set(cohorts)))
        survey.audience_roles = []
        starts = max(now, survey.opens_at or now)
        if survey.closes_at is None or survey.closes_at <= starts:
            survey.closes_at = starts + open_for
        survey.save(update_fields=["audience_list", "audience_roles", "closes_at"])
        survey.audience_organisations.clear()
        enqueue_with_write(survey_send_job, survey_id=survey.pk)
    return True


def survey_send_newcomers(*, survey_id: int, now: datetime | None = None) -> bool:
    """Send an open survey whose sending finished once more, on the platform's behalf: the
    job mails only the people of its audience not sent to yet (another app's schedule, such
    as evaluation's pre survey to those who joined a programme after its start).

    Claimed as ``survey_send`` claims a second sending: False, and nothing queued, while a
    sending is under way or when the survey is closed or past its closing time."""
    from tutori.surveys.tasks import survey_send_job

    now = now or timezone.now()
    with transaction.atomic(), scopes_disabled():
        claimed = (
            Survey.objects.filter(
                pk=survey_id,
                is_instrument=False,
                send_finished_at__isnull=False,
                closes_at__gt=now,
            )
            .exclude(status=Survey.Status.CLOSED)
            .update(send_started_at=now, send_finished_at=None)
        )
        if not claimed:
            return False
        # The chosen cohorts' people as they are now (their rows are written at sending).
        survey = Survey.objects.get(pk=survey_id)
        cohorts = chosen_cohorts(survey)
        if cohorts:
            uploaded = [row for row in survey.audience_list or [] if not row.get(COHORT)]
            listed = {row.get("email") for row in uploaded}
            survey.audience_list = uploaded + [
                row for row in _cohort_rows(cohorts) if row["email"] not in listed
            ]
            survey.save(update_fields=["audience_list"])
        enqueue_with_write(survey_send_job, survey_id=survey_id)
    return True


@scopes_disabled()
def survey_send_run(*, survey_id: int, now: datetime | None = None) -> int:
    """The job: create the recipients not yet sent to, in batches, and queue their
    invitations; the number of recipients added."""
    from tutori.surveys.tasks import invitations_mail

    now = now or timezone.now()
    survey = Survey.objects.filter(pk=survey_id).first()
    if survey is None or survey.status == Survey.Status.CLOSED:
        return 0
    people = audience_people(survey)
    existing = set(Recipient.objects.filter(survey=survey).values_list("email", flat=True))
    new = [p for p in people if p.email not in existing]
    Survey.objects.filter(pk=survey.pk).update(send_total=len(existing) + len(new))
    added = 0
    for start in range(0, len(new), BATCH):
        batch = new[start : start + BATCH]
        tokens: dict[str, str] = {}
        rows = []
        for p in batch:
            token, hashed = new_token()
            tokens[hashed] = token
            rows.append(
                Recipient(
                    survey=survey,
                    person_id=p.person_id,
                    email=p.email,
                    name=p.name[:NAME_MAX],
                    language=p.language if p.language in LANGUAGES else "",
                    organisation_id=p.organisation_id,
                    role=p.role,
                    token_hash=hashed,
                    sent_at=now,
                    send_count=1,
                )
            )
        with transaction.atomic():
            # A row another job inserted meanwhile is skipped by the constraint; only the
            # rows carrying this job's hashes are mailed.
            Recipient.objects.bulk_create(rows, ignore_conflicts=True)
            mine = set(
                Recipient.objects.filter(survey=survey, token_hash__in=tokens).values_list(
                    "token_hash", flat=True
                )
            )
            items = [
                {"email": r.email, "name": r.name, "language": r.language, "token": tokens[h]}
                for r in rows
                if (h := r.token_hash) in mine
            ]
            if items:
                enqueue_with_write(
                    invitations_mail, survey_id=survey.pk, items=items, kind="invitation"
                )
        added += len(mine)
    opens = survey.opens_at is None or survey.opens_at <= now
    finished = Survey.objects.filter(pk=survey.pk)
    finished.update(send_finished_at=timezone.now())
    if opens:
        finished.filter(status=Survey.Status.DRAFT).update(status=Survey.Status.OPEN)
    return added


@dataclass(frozen=True)
class SendProgress:
    total: int
    done: int
    running: bool
    started_at: datetime | None
    finished_at: datetime | None

    @property
    def percent(self) -> int:
        return 100 if not self.total else min(100, round(100 * self.done / self.total))


def send_progress(survey: Survey) -> SendProgress:
    """How far the sending has come (one query: the recipients created)."""
    with scopes_disabled():
        done = Recipient.objects.filter(survey=survey).count()
    running = survey.send_started_at is not None and survey.send_finished_at is None
    return SendProgress(
        total=max(survey.send_total, done),
        done=done,
        running=running,
        started_at=survey.send_started_at,
        finished_at=survey.send_finished_at,
    )


# --- Reminders ------------------------------------------------------------------------------


def survey_remind(*, by: Any, survey: Survey) -> None:
    """The button: queue reminders to those who have not answered (at most one a day each)."""
    from tutori.surveys.tasks import survey_remind_job

    _require_edit(by, survey)
    if survey.status != Survey.Status.OPEN:
        raise ApplicationError(_("Muistuttaa voi vain avoinna olevasta kyselystä."))
    if survey.closes_at is not None and survey.closes_at <= timezone.now():
        raise ApplicationError(_("Kysely on jo sulkeutunut."))
    with transaction.atomic():
        enqueue_with_write(survey_remind_job, survey_id=survey.pk)


@scopes_disabled()
def reminders_run(*, survey: Survey, gap: timedelta, now: datetime | None = None) -> int:
    """Remind, once, everyone of ``survey`` who has not answered and was neither invited nor
    reminded within ``gap``; the number reminded (see the module's text)."""
    from tutori.surveys.tasks import invitations_mail

    now = now or timezone.now()
    stamp = _stamp(now)
    cutoff = now - gap
    if survey.status != Survey.Status.OPEN or (
        survey.closes_at is not None and survey.closes_at <= now
    ):
        return 0
    with transaction.atomic():
        Recipient.objects.filter(survey=survey, answered=False).filter(
            Q(reminded_at__isnull=True, sent_at__lte=cutoff) | Q(reminded_at__lte=cutoff)
        ).update(reminded_at=stamp)
        claimed = list(
            Recipient.objects.filter(survey=survey, reminded_at=stamp, answered=False)
            .select_related("person")
            .only(
                "pk",
                "email",
                "name",
                "language",
                "started",
                "token_hash",
                "person__notifications_off",
                "person__is_active",
            )
            .order_by("pk")
        )
        renewed: list[Recipient] = []
        items: list[dict[str, str]] = []
        mailed: list[int] = []
        for recipient in claimed:
            person = recipient.person
            if person is not None and "surveys.reminder" in (person.notifications_off or []):
                continue
            item = {
                "email": recipient.email,
                "name": recipient.name,
                "language": recipient.language,
            }
            # An identified draft is found by the recipient, an anonymous one only by the
            # first link: that one is kept.
            if not recipient.started or not survey.anonymous:
                token, recipient.token_hash = new_token()
                renewed.append(recipient)
                item["token"] = token
            items.append(item)
            mailed.append(recipient.pk)
        Recipient.objects.bulk_update(renewed, ["token_hash"], batch_size=BATCH)
        Recipient.objects.filter(pk__in=mailed).update(send_count=F("send_count") + 1)
        for start in range(0, len(items), BATCH):
            enqueue_with_write(
                invitations_mail,
                survey_id=survey.pk,
                items=items[start : start + BATCH],
                kind="reminder",
            )
    return len(items)


@scopes_disabled()
def surveys_due(*, now: datetime | None = None) -> dict[str, int]:
    """The periodic job: open the sent surveys whose opening time came, close those whose
    closing time came, and send the scheduled reminders."""
    now = now or timezone.now()
    opened = Survey.objects.filter(
        status=Survey.Status.DRAFT,
        is_instrument=False,
        send_finished_at__isnull=False,
        opens_at__lte=now,
    ).update(status=Survey.Status.OPEN)
    due = list(
        Survey.objects.filter(
            status=Survey.Status.OPEN, closes_at__isnull=False, closes_at__lte=now
        ).values_list("pk", flat=True)
    )
    closed = Survey.objects.filter(pk__in=due, status=Survey.Status.OPEN).update(
        status=Survey.Status.CLOSED
    )
    _drafts_discard(due)
    reminded = 0
    for survey in Survey.objects.filter(
        status=Survey.Status.OPEN, is_instrument=False, reminder_every_days__gt=0
    ).order_by("pk"):
        reminded += reminders_run(
            survey=survey, gap=timedelta(days=survey.reminder_every_days), now=now
        )
    return {"opened": opened, "closed": closed, "reminded": reminded}


# --- Closing --------------------------------------------------------------------------------


def _drafts_discard(survey_ids: list[int]) -> None:
    """Answers saved but never sent go when their survey closes: the respondent did not give
    them (and an anonymous draft's key is the last trace of a link)."""
    if survey_ids:
        Response.objects.filter(survey_id__in=survey_ids, submitted=False).delete()


def survey_close(*, by: Any, survey: Survey) -> bool:
    """Close the survey now: its links stop taking answers and unsent drafts are discarded.
    False if it was closed already."""
    _require_edit(by, survey)
    with transaction.atomic(), scopes_disabled():
        closed = (
            Survey.objects.filter(pk=survey.pk)
            .exclude(status=Survey.Status.CLOSED)
            .update(status=Survey.Status.CLOSED)
        )
        if closed:
            _drafts_discard([survey.pk])
    if closed:
        survey.status = Survey.Status.CLOSED
    return bool(closed)
