"""Follow-up paths (palvelupolut) and supervision (työnohjaus), issue 15.

A coordinator's ``PathTemplate`` has numbered ``PathVersion``s; a version's ``PathStep``s say
what happens (a kind), who is responsible, and when: a due window of days counted from a
milestone (the person was put on the path, another step was done, or something that happens
in another app: a training completes, a survey is answered — ``core.milestones``). A step may
also be completed by such a milestone (a survey step is done when the survey is answered) and
may depend on other steps.

A person on a path is a ``PersonPath`` (always on one version: editing a template that
people follow makes a new version, and they keep theirs), with one ``PersonStep`` per step
holding its dates: ``anchor_on`` (the milestone's date, None while it hasn't happened),
``due_from``/``due_to`` (the window, kept as computed even on a weekend; a coach may
reschedule with a reason) and ``done_on``. Dates are calendar dates in Europe/Helsinki.

``SupervisionNote`` is a coach's record of a supervision conversation: restricted to its
author, the person, and the roles the organisation's ``NotePolicy`` names; every read by
someone else is recorded. ``Reflection`` is the person's own text on their path.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from tutori.core.scoping import ScopedModel
from tutori.orgs.models import Organisation

NAME_MAX = 200
TEXT_MAX = 10000
# The furthest a window may reach from its milestone: two years.
DAYS_MAX = 730
# A supervision conversation lasts at most a working day.
MINUTES_MAX = 8 * 60


class PathTemplate(ScopedModel):
    """A path a coordinator defines for their organisation (seed 003: the Parik peer mentor's
    path: willingness mapped → training → acting as a peer mentor → short supervision 1–2
    weeks after the training → long supervision 3–4 weeks after → feedback)."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="path_templates",
        verbose_name=_("organisaatio"),
    )
    name = models.CharField(_("nimi"), max_length=NAME_MAX)
    description = models.TextField(_("kuvaus"), blank=True, max_length=TEXT_MAX)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # An archived template takes no new people; those on it go on.
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("polkupohja")
        verbose_name_plural = _("polkupohjat")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class PathVersion(ScopedModel):
    """One version of a template's steps. The latest is the one new people are put on; it is
    edited in place until someone follows it, then an edit makes the next version."""

    scope_path = "template__organisation"

    template = models.ForeignKey(PathTemplate, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta(ScopedModel.Meta):
        constraints = [
            models.UniqueConstraint(fields=["template", "number"], name="path_version_once"),
        ]
        ordering = ["template", "-number"]

    def __str__(self) -> str:
        return f"{self.template} v{self.number}"


class StepKind(models.TextChoices):
    SURVEY = "survey", _("kysely")
    PROGRAMME = "programme", _("koulutus")
    SUPERVISION = "supervision", _("työnohjauskeskustelu")
    ROLE = "role", _("roolin aktivointi")
    FEEDBACK = "feedback", _("palaute")
    TASK = "task", _("muu tehtävä")


class Responsible(models.TextChoices):
    COACH = "coach", _("valmentaja")
    COORDINATOR = "coordinator", _("koordinaattori")
    PERSON = "person", _("henkilö itse")


class Anchor(models.TextChoices):
    """What a step's window counts from."""

    START = "start", _("polulle liittämisestä")
    STEP = "step", _("toisen vaiheen valmistumisesta")
    MILESTONE = "milestone", _("tapahtumasta")


class PathStep(models.Model):
    """One step of a version. Reached only through its (visible) version."""

    version = models.ForeignKey(PathVersion, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(_("järjestys"))
    title = models.CharField(_("nimi"), max_length=NAME_MAX)
    kind = models.CharField(_("laji"), max_length=12, choices=StepKind.choices)
    responsible = models.CharField(
        _("vastuussa"), max_length=12, choices=Responsible.choices, default=Responsible.COACH
    )
    instructions = models.TextField(_("ohje"), blank=True, max_length=TEXT_MAX)
    anchor = models.CharField(
        _("ajoitus alkaa"), max_length=10, choices=Anchor.choices, default=Anchor.START
    )
    # Anchor.STEP: the step of the same version whose completion starts the window.
    anchor_step = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Anchor.MILESTONE: "<source key>:<id>" (core.milestones), e.g. "programmes.completed:12".
    milestone = models.CharField(_("tapahtuma"), max_length=120, blank=True)
    due_after_days = models.PositiveSmallIntegerField(
        _("aikaisintaan (päivää)"), default=0, validators=[MaxValueValidator(DAYS_MAX)]
    )
    due_within_days = models.PositiveSmallIntegerField(
        _("viimeistään (päivää)"), default=0, validators=[MaxValueValidator(DAYS_MAX)]
    )
    # A milestone that completes the step by itself ("surveys.answered:5"); blank: someone
    # marks it done.
    completed_by = models.CharField(_("valmistuu kun"), max_length=120, blank=True)
    depends_on = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="dependants",
        verbose_name=_("edellyttää"),
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "position"], name="path_step_position"),
            models.CheckConstraint(
                condition=Q(due_within_days__gte=F("due_after_days")),
                name="path_step_window_order",
            ),
        ]
        ordering = ["version", "position"]

    def __str__(self) -> str:
        return self.title


class PersonPath(ScopedModel):
    """A person on a path, in an organisation (their workshop or unit), with a coach."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("käynnissä")
        COMPLETED = "completed", _("valmis")
        STOPPED = "stopped", _("keskeytetty")

    template = models.ForeignKey(
        PathTemplate, on_delete=models.PROTECT, related_name="person_paths"
    )
    version = models.ForeignKey(PathVersion, on_delete=models.PROTECT, related_name="person_paths")
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="person_paths",
        verbose_name=_("organisaatio"),
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="paths",
        verbose_name=_("henkilö"),
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coached_paths",
        verbose_name=_("valmentaja"),
    )
    status = models.CharField(
        _("tila"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    started_on = models.DateField(_("aloitettu"))
    completed_on = models.DateField(null=True, blank=True)
    stopped_on = models.DateField(null=True, blank=True)
    stop_reason = models.CharField(_("keskeytyksen syy"), max_length=NAME_MAX, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("henkilön polku")
        verbose_name_plural = _("henkilöiden polut")
        constraints = [
            # One running path per person per template.
            models.UniqueConstraint(
                fields=["template", "person"],
                condition=Q(status="active"),
                name="person_path_one_active",
            ),
        ]
        indexes = [
            models.Index(fields=["coach", "status"]),
            models.Index(fields=["person", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.template} – {self.person_id}"


class PersonStep(models.Model):
    """A step of one person's path, with its dates. Reached only through its PersonPath."""

    path = models.ForeignKey(PersonPath, on_delete=models.CASCADE, related_name="steps")
    step = models.ForeignKey(PathStep, on_delete=models.PROTECT, related_name="+")
    # The date of the milestone the window counts from; None while it hasn't happened.
    anchor_on = models.DateField(null=True, blank=True)
    due_from = models.DateField(null=True, blank=True)
    due_to = models.DateField(null=True, blank=True)
    done_on = models.DateField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # A coach's new window, with the reason (the computed one is kept in the audit trail).
    rescheduled_reason = models.CharField(_("syy"), max_length=NAME_MAX, blank=True)
    rescheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Reminders, each claimed by a conditional UPDATE (never sent twice).
    reminded_open_at = models.DateTimeField(null=True, blank=True)
    reminded_overdue_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["path", "step"], name="person_step_once"),
            models.CheckConstraint(
                condition=Q(due_from__isnull=True)
                | Q(due_to__isnull=True)
                | Q(due_to__gte=F("due_from")),
                name="person_step_window_order",
            ),
        ]
        indexes = [
            models.Index(fields=["done_on", "due_to"]),
            models.Index(fields=["done_on", "due_from"]),
            # Open (and overdue) steps of given paths, the coach's dashboard and the path
            # report: without it SQLite, which has no statistics, reads every open step in
            # the country by the indexes above (at national scale 45 ms instead of 0.5 ms
            # for the dashboard, 750 ms instead of 0.3 ms for the report's overdue count).
            models.Index(fields=["path", "done_on", "due_to"]),
        ]

    def __str__(self) -> str:
        return f"{self.path_id}/{self.step_id}"


class NotePolicy(ScopedModel):
    """Which roles of an organisation, besides a note's author and its person, may read the
    supervision notes of the paths there (none unless the coordinator names them)."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="note_policy"
    )
    roles = models.JSONField(_("roolit"), default=list, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)


class SupervisionNote(models.Model):
    """A coach's record of a supervision conversation (seed 003: problem situations, the
    solutions developed together, feedback and tips both ways, development ideas; the
    person's own view). Restricted: see ``permissions.can_read_note``."""

    path = models.ForeignKey(PersonPath, on_delete=models.CASCADE, related_name="notes")
    person_step = models.ForeignKey(
        PersonStep, on_delete=models.SET_NULL, null=True, blank=True, related_name="notes"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField(_("päivä"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("kesto (min)"), validators=[MinValueValidator(1), MaxValueValidator(MINUTES_MAX)]
    )
    problems = models.TextField(_("käsitellyt ongelmatilanteet"), blank=True, max_length=TEXT_MAX)
    solutions = models.TextField(_("löydetyt ratkaisut"), blank=True, max_length=TEXT_MAX)
    feedback_given = models.TextField(_("annettu palaute"), blank=True, max_length=TEXT_MAX)
    feedback_received = models.TextField(_("saatu palaute"), blank=True, max_length=TEXT_MAX)
    ideas = models.TextField(_("kehittämisideat"), blank=True, max_length=TEXT_MAX)
    person_view = models.TextField(_("henkilön oma näkemys"), blank=True, max_length=TEXT_MAX)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.held_on}"


class Reflection(models.Model):
    """The person's own reflection on their path (or one step of it)."""

    path = models.ForeignKey(PersonPath, on_delete=models.CASCADE, related_name="reflections")
    person_step = models.ForeignKey(
        PersonStep, on_delete=models.SET_NULL, null=True, blank=True, related_name="reflections"
    )
    text = models.TextField(_("pohdinta"), max_length=TEXT_MAX)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.path_id}/{self.pk}"
