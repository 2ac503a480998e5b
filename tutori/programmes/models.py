"""Training programmes: a programme (a cohort of a training) with its sessions at host
organisations, materials, assignments, the people who applied or were enrolled
(``Participant``: one row per person per programme, from application to completion or
leaving), attendance per session, returned assignments and notes on a followed case.

Capacity is the database's: ``Programme.enrolled`` counts the enrolled participants and a
check constraint keeps it within ``capacity``; enrolling is a conditional UPDATE of the
counter (see services), never a read-then-write in Python.
"""

from __future__ import annotations

import secrets
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from tutori.core.scoping import ScopedModel
from tutori.orgs.models import Network, Organisation, Role

NAME_MAX = 200
TEXT_MAX = 10000
# An uploaded material or returned assignment (the rule: "over 20 MB" is refused).
FILE_MAX_BYTES = 20 * 1024 * 1024
# Hours of one session (a day of training at most).
SESSION_HOURS_MAX = Decimal("12")
CERTIFICATE_CODE_BYTES = 9  # 12 characters of URL-safe base64


def certificate_code() -> str:
    """The code printed on a certificate, checked on the public verification page."""
    return secrets.token_urlsafe(CERTIFICATE_CODE_BYTES)


class Programme(ScopedModel):
    """One cohort of a training (seed 004's WIRE 3 pilot; seed 003's Parik peer-mentor
    training). Organised by ``organisation``; shared with a network's organisations when
    ``network`` is set (participants of several organisations take part in one programme)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("luonnos")
        PUBLISHED = "published", _("julkaistu")
        FINISHED = "finished", _("päättynyt")
        CANCELLED = "cancelled", _("peruttu")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="programmes",
        verbose_name=_("järjestäjä"),
    )
    network = models.ForeignKey(
        Network,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="programmes",
        verbose_name=_("verkosto"),
    )
    name = models.CharField(_("nimi"), max_length=NAME_MAX)
    description = models.TextField(_("kuvaus"), blank=True, max_length=TEXT_MAX)
    credits = models.DecimalField(
        _("opintopisteet (op)"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("60"))],
    )
    target_group = models.CharField(_("kohderyhmä"), max_length=NAME_MAX, blank=True)
    # The programme's themes (seed 004: työ- ja toimintakyky, asiakkaan ohjaus,
    # yritysyhteistyö); a session names one of them.
    themes = models.JSONField(_("teemat"), default=list, blank=True)
    status = models.CharField(
        _("tila"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    starts_on = models.DateField(_("alkaa"), null=True, blank=True)
    ends_on = models.DateField(_("päättyy"), null=True, blank=True)
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="programmes_trained",
        verbose_name=_("kouluttajat"),
    )
    steering_group = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="programmes_steered",
        verbose_name=_("ohjausryhmä"),
    )
    # Applications: open between these dates (both inclusive); none = no applications
    # (the coordinator enrols people directly).
    applications_open_on = models.DateField(_("haku alkaa"), null=True, blank=True)
    applications_close_on = models.DateField(_("haku päättyy"), null=True, blank=True)
    # What an applicant is asked (seed 004's wish for a "hakukriteeristö"): a list of
    # question texts; answers are kept on the Participant in the same order.
    criteria = models.JSONField(_("hakukriteerit"), default=list, blank=True)
    capacity = models.PositiveIntegerField(
        _("paikkoja"), null=True, blank=True, validators=[MaxValueValidator(10000)]
    )
    enrolled = models.PositiveIntegerField(default=0, editable=False)
    # Completion rule: at least this many of the (not cancelled, not follow-up) sessions
    # attended (None = all of them), and every assignment accepted when so chosen.
    completion_min_sessions = models.PositiveSmallIntegerField(
        _("vähintään läsnäoloja"), null=True, blank=True
    )
    completion_all_assignments = models.BooleanField(_("kaikki tehtävät hyväksytty"), default=True)
    # Completing grants this role in the participant's organisation (e.g. tutor, peer
    # mentor as a member with a badge); empty = no role.
    grants_role = models.CharField(
        _("valmistuneelle annettava rooli"), max_length=20, choices=Role.choices, blank=True
    )
    badge = models.CharField(_("merkki (esim. vertaisohjaaja)"), max_length=100, blank=True)
    # Sent to the participants before the start (seed 004: an info letter and a
    # pre-assignment).
    info_letter = models.TextField(_("infokirje"), blank=True, max_length=TEXT_MAX)
    info_letter_sent_at = models.DateTimeField(null=True, blank=True)
    copied_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
        verbose_name=_("kopioitu"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    scope_path = "organisation"

    class Meta:
        ordering = ["-starts_on", "name"]
        verbose_name = _("koulutus")
        verbose_name_plural = _("koulutukset")
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(enrolled__lte=F("capacity")),
                name="programme_enrolled_within_capacity",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="programme_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(applications_close_on__isnull=True)
                | Q(applications_open_on__isnull=True)
                | Q(applications_close_on__gte=F("applications_open_on")),
                name="programme_applications_close_after_open",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "status"])]

    def __str__(self) -> str:
        return self.name

    @property
    def places_left(self) -> int | None:
        if self.capacity is None:
            return None
        return max(self.capacity - self.enrolled, 0)


class Session(ScopedModel):
    """A meeting of a programme (seed 004: ten meetings of four hours at the premises of
    different organisations), or the follow-up meeting months after the end. Scoped as its
    programme (it names a host organisation, which does not own it)."""

    scope_path = "programme__organisation"

    class Kind(models.TextChoices):
        MEETING = "meeting", _("lähijakso")
        FOLLOW_UP = "follow_up", _("seurantatapaaminen")

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("koulutus")
    )
    kind = models.CharField(_("laji"), max_length=10, choices=Kind.choices, default=Kind.MEETING)
    title = models.CharField(_("otsikko"), max_length=NAME_MAX, blank=True)
    date = models.DateField(_("päivä"))
    starts_at = models.TimeField(_("alkaa"))
    ends_at = models.TimeField(_("päättyy"))
    # Training hours credited for the session (default: the time between start and end).
    hours = models.DecimalField(
        _("tunnit"),
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(SESSION_HOURS_MAX)],
    )
    host = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hosted_sessions",
        verbose_name=_("isäntäorganisaatio"),
    )
    place = models.CharField(_("paikka ja osoite"), max_length=300, blank=True)
    remote_url = models.URLField(_("etäyhteyden linkki"), blank=True, max_length=500)
    theme = models.CharField(_("teema"), max_length=NAME_MAX, blank=True)
    description = models.TextField(_("sisältö"), blank=True, max_length=TEXT_MAX)
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("kouluttajat")
    )
    cancelled_at = models.DateTimeField(_("peruttu"), null=True, blank=True)
    cancel_reason = models.CharField(_("peruutuksen syy"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "starts_at", "pk"]
        verbose_name = _("tapaaminen")
        verbose_name_plural = _("tapaamiset")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="session_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(hours__gte=0) & Q(hours__lte=SESSION_HOURS_MAX),
                name="session_hours_in_range",
            ),
        ]
        indexes = [models.Index(fields=["programme", "date"])]

    def __str__(self) -> str:
        return f"{self.programme_id}: {self.date.isoformat()} {self.title or self.theme}"

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None


class Material(models.Model):
    """A file or a link for the whole programme or one session."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="materials", verbose_name=_("koulutus")
    )
    session = models.ForeignKey(
        Session,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="materials",
        verbose_name=_("tapaaminen"),
    )
    title = models.CharField(_("nimi"), max_length=NAME_MAX)
    file = models.FileField(_("tiedosto"), upload_to="programmes/materials/%Y/", blank=True)
    url = models.URLField(_("linkki"), blank=True, max_length=500)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["session__date", "title", "pk"]
        verbose_name = _("materiaali")
        verbose_name_plural = _("materiaalit")
        constraints = [
            models.CheckConstraint(
                condition=~Q(file="") | ~Q(url=""), name="material_file_or_link"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Assignment(models.Model):
    """A pre-assignment (ennakkotehtävä, sent with the info letter) or an assignment between
    sessions (välitehtävä) that the trainer accepts."""

    class Kind(models.TextChoices):
        PRE = "pre", _("ennakkotehtävä")
        INTERIM = "interim", _("välitehtävä")

    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="assignments",
        verbose_name=_("koulutus"),
    )
    kind = models.CharField(_("laji"), max_length=10, choices=Kind.choices, default=Kind.INTERIM)
    title = models.CharField(_("nimi"), max_length=NAME_MAX)
    instructions = models.TextField(_("ohje"), blank=True, max_length=TEXT_MAX)
    # The session after which it is due (optional) and the date it is due.
    session = models.ForeignKey(
        Session,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assignments",
        verbose_name=_("tapaaminen"),
    )
    due_on = models.DateField(_("palautettava viimeistään"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "due_on", "pk"]
        verbose_name = _("tehtävä")
        verbose_name_plural = _("tehtävät")

    def __str__(self) -> str:
        return self.title


class LeaveReason(models.TextChoices):
    """Why a participant left (seed 004's attrition: one moved to other duties, one dropped
    out, two found no time)."""

    MOVED = "moved", _("siirtyi muihin tehtäviin")
    DROPPED = "dropped", _("keskeytti")
    NO_TIME = "no_time", _("ei ehtinyt")
    OTHER = "other", _("muu syy")


class Participant(ScopedModel):
    """A person in a programme, from application (or direct enrolment) to completion or
    leaving. One row per person per programme."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("hakenut")
        WAITLISTED = "waitlisted", _("varasijalla")
        DECLINED = "declined", _("ei valittu")
        ENROLLED = "enrolled", _("osallistuja")
        COMPLETED = "completed", _("suorittanut")
        LEFT = "left", _("keskeyttänyt")
        WITHDRAWN = "withdrawn", _("perui hakemuksen")

    # Statuses that hold a place (counted in Programme.enrolled).
    HOLDING = (Status.ENROLLED, Status.COMPLETED)

    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="participants",
        verbose_name=_("koulutus"),
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="programme_participations",
        verbose_name=_("henkilö"),
    )
    # The participant's organisation (their manager follows their progress; a completed
    # programme's role is granted here).
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="programme_participants",
        verbose_name=_("organisaatio"),
    )
    status = models.CharField(
        _("tila"), max_length=12, choices=Status.choices, default=Status.APPLIED
    )
    # Application: by the person, or by their manager on their behalf.
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hakija"),
    )
    applied_at = models.DateTimeField(null=True, blank=True)
    motivation = models.TextField(_("motivaatio"), blank=True, max_length=TEXT_MAX)
    # Answers to Programme.criteria, in the same order.
    criteria_answers = models.JSONField(default=list, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_message = models.TextField(_("viesti hakijalle"), blank=True, max_length=TEXT_MAX)
    # When the person was put on the waiting list (its order) and enrolled.
    waitlisted_at = models.DateTimeField(null=True, blank=True)
    enrolled_at = models.DateTimeField(null=True, blank=True)
    # Before the start: personal goals (from the coordinator's talk with the participant)
    # and a followed case — a pseudonymous description, never a real name.
    goals = models.TextField(_("omat tavoitteet"), blank=True, max_length=TEXT_MAX)
    case_description = models.TextField(
        _("seurantacase (ei oikeita nimiä)"), blank=True, max_length=TEXT_MAX
    )
    # Leaving (after enrolment): when and why.
    left_at = models.DateTimeField(null=True, blank=True)
    leave_reason = models.CharField(
        _("keskeyttämisen syy"), max_length=10, choices=LeaveReason.choices, blank=True
    )
    leave_note = models.CharField(_("lisätieto"), max_length=300, blank=True)
    # Completion, confirmed by a coordinator; the certificate's public code.
    completed_at = models.DateTimeField(null=True, blank=True)
    completion_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    certificate_code = models.CharField(max_length=32, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    scope_path = "programme__organisation"

    class Meta:
        ordering = ["programme", "status", "pk"]
        verbose_name = _("osallistuja")
        verbose_name_plural = _("osallistujat")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "person"], name="participant_once_per_programme"
            ),
            models.CheckConstraint(
                condition=Q(status="left") | Q(leave_reason=""),
                name="participant_leave_reason_only_when_left",
            ),
        ]
        indexes = [
            models.Index(fields=["programme", "status"]),
            models.Index(fields=["person", "status"]),
            models.Index(fields=["organisation", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.programme_id}/{self.person_id}: {self.status}"


class Attendance(models.Model):
    """A participant at one session: present, absent (with a reason) or partly present
    (hours). The hours never exceed the session's (checked by the service and the form; a
    database check cannot see the session's hours)."""

    class Status(models.TextChoices):
        PRESENT = "present", _("läsnä")
        PARTIAL = "partial", _("osittain")
        ABSENT = "absent", _("poissa")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendances")
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="attendances"
    )
    status = models.CharField(_("läsnäolo"), max_length=10, choices=Status.choices)
    hours = models.DecimalField(
        _("tunnit"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(SESSION_HOURS_MAX)],
    )
    absence_reason = models.CharField(_("poissaolon syy"), max_length=300, blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    marked_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("läsnäolo")
        verbose_name_plural = _("läsnäolot")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "participant"], name="attendance_once_per_session"
            ),
            models.CheckConstraint(
                condition=Q(hours__gte=0) & Q(hours__lte=SESSION_HOURS_MAX),
                name="attendance_hours_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session_id}/{self.participant_id}: {self.status}"


class Submission(models.Model):
    """A participant's answer to an assignment (text and/or a file) and the trainer's
    review."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("palautettu")
        ACCEPTED = "accepted", _("hyväksytty")
        RETURNED = "returned", _("palautettu täydennettäväksi")

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="submissions")
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="submissions"
    )
    text = models.TextField(_("vastaus"), blank=True, max_length=TEXT_MAX)
    file = models.FileField(_("liite"), upload_to="programmes/submissions/%Y/", blank=True)
    status = models.CharField(
        _("tila"), max_length=10, choices=Status.choices, default=Status.SUBMITTED
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    feedback = models.TextField(_("palaute"), blank=True, max_length=TEXT_MAX)

    class Meta:
        verbose_name = _("palautus")
        verbose_name_plural = _("palautukset")
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "participant"], name="submission_once_per_assignment"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assignment_id}/{self.participant_id}: {self.status}"


class CaseNote(models.Model):
    """A participant's note on their followed case after a session (pseudonymous). Seen by
    the participant and the programme's trainers only."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="case_notes"
    )
    session = models.ForeignKey(
        Session,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tapaaminen"),
    )
    text = models.TextField(_("muistiinpano"), max_length=TEXT_MAX)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("case-muistiinpano")
        verbose_name_plural = _("case-muistiinpanot")

    def __str__(self) -> str:
        return f"{self.participant_id}: {self.created_at:%Y-%m-%d}"
