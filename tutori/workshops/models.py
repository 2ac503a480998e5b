"""Peer-learning workshops (Puimala), issue 17.

A facilitator's ``Workshop`` asks one or more ``WorkshopQuestion``s. Each question moves
through its own phases: ideas → grouping → voting → results. ``WorkshopParticipant``s (with
an account, or with a display name and a key kept in their session) post ``Idea``s; the
facilitator groups them into ``Theme``s; participants spend their ``Vote``s on the themes;
the result is the themes ranked by votes with their ideas beneath (seed 002). A theme can
become follow-up work (``FollowUp``).

The vote limits hold in the database: a vote takes a numbered ``slot`` of the participant's
votes on the question and a numbered ``theme_slot`` of their votes on the theme, both unique
and bounded by check constraints; the service picks the lowest free slot within the
workshop's limits and retries on a collision (two tabs clicking at once).

In an anonymous workshop nobody is ever shown or exported as the author of an idea or the
giver of a vote: ``Idea.participant`` and ``Vote.participant`` are kept only for "my ideas"
and the limits.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from tutori.core.scoping import ScopedModel
from tutori.orgs.models import Network, Organisation

TITLE_MAX = 200
DESCRIPTION_MAX = 5000
QUESTION_MAX = 300
IDEA_MAX = 500
THEME_MAX = 200
DISPLAY_NAME_MAX = 60
# The most votes a participant may have on one question (and so on one theme).
VOTES_MAX = 20
QUESTIONS_MAX = 20
# Join codes: six characters of an alphabet without look-alikes (no I, O, 0, 1).
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6


class Workshop(ScopedModel):
    """A workshop of an organisation, run by its facilitators. A network's workshop belongs
    to its organising organisation and names the ``network`` (one the organisation is in):
    once closed, its results are in the archive of the network's member organisations too."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("luonnos")
        OPEN = "open", _("käynnissä")
        CLOSED = "closed", _("päättynyt")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="workshops",
        verbose_name=_("organisaatio"),
    )
    network = models.ForeignKey(
        Network,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="workshops",
        verbose_name=_("verkosto"),
    )
    title = models.CharField(_("otsikko"), max_length=TITLE_MAX)
    description = models.TextField(_("kuvaus"), blank=True, max_length=DESCRIPTION_MAX)
    held_on = models.DateField(_("päivämäärä"))
    starts_at = models.TimeField(_("alkaa klo"), null=True, blank=True)
    status = models.CharField(_("tila"), max_length=8, choices=Status.choices, default=Status.DRAFT)
    votes_per_participant = models.PositiveSmallIntegerField(
        _("ääniä osallistujalla"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(VOTES_MAX)],
        help_text=_("Kullakin kysymyksellä."),
    )
    votes_per_theme = models.PositiveSmallIntegerField(
        _("ääniä yhdelle teemalle enintään"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(VOTES_MAX)],
    )
    anonymous = models.BooleanField(
        _("nimettömät ideat"),
        default=True,
        help_text=_("Kukaan ei näe, kuka kirjoitti idean tai antoi äänen."),
    )
    # Made when the workshop opens, kept after it closes (and then refused).
    join_code = models.CharField(
        _("liittymiskoodi"), max_length=CODE_LENGTH, unique=True, null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("työpaja")
        verbose_name_plural = _("työpajat")
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(votes_per_participant__gte=1, votes_per_participant__lte=VOTES_MAX),
                name="workshop_votes_range",
            ),
            models.CheckConstraint(
                condition=Q(
                    votes_per_theme__gte=1, votes_per_theme__lte=F("votes_per_participant")
                ),
                name="workshop_votes_per_theme_range",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "status"], name="workshop_org_status")]

    def __str__(self) -> str:
        return self.title


class Phase(models.TextChoices):
    """A question's phase, in the order it goes through them."""

    IDEAS = "ideas", _("ideointi")
    GROUPING = "grouping", _("ryhmittely")
    VOTING = "voting", _("äänestys")
    RESULTS = "results", _("tulokset")


PHASE_ORDER: list[str] = [Phase.IDEAS, Phase.GROUPING, Phase.VOTING, Phase.RESULTS]


class WorkshopQuestion(ScopedModel):
    """A question of a workshop, in its own phase. ``revision`` grows with every change to
    its ideas, themes and votes: the participants' pages poll it (one cheap query)."""

    scope_path = "workshop__organisation"

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("järjestys"), default=1)
    text = models.CharField(_("kysymys"), max_length=QUESTION_MAX)
    phase = models.CharField(_("vaihe"), max_length=10, choices=Phase.choices, default=Phase.IDEAS)
    revision = models.PositiveIntegerField(default=0)

    class Meta(ScopedModel.Meta):
        verbose_name = _("kysymys")
        verbose_name_plural = _("kysymykset")
        ordering = ["workshop", "position", "pk"]

    def __str__(self) -> str:
        return self.text


class WorkshopParticipant(ScopedModel):
    """Someone who joined: with their account (``user``), or without one (a display name and
    the hash of a random key kept in their session)."""

    scope_path = "workshop__organisation"

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="workshop_participations",
    )
    display_name = models.CharField(_("nimi"), max_length=DISPLAY_NAME_MAX, blank=True)
    key_hash = models.CharField(max_length=64, blank=True)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("osallistuja")
        verbose_name_plural = _("osallistujat")
        ordering = ["workshop", "joined_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "user"],
                condition=Q(user__isnull=False),
                name="workshop_participant_once",
            ),
            models.UniqueConstraint(
                fields=["key_hash"], condition=~Q(key_hash=""), name="workshop_participant_key"
            ),
        ]

    def __str__(self) -> str:
        return self.display_name or str(self.pk)


class Theme(ScopedModel):
    """A group of a question's ideas, named by the facilitator."""

    scope_path = "question__workshop__organisation"

    question = models.ForeignKey(WorkshopQuestion, on_delete=models.CASCADE, related_name="themes")
    name = models.CharField(_("teema"), max_length=THEME_MAX)
    position = models.PositiveIntegerField(_("järjestys"), default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("teema")
        verbose_name_plural = _("teemat")
        ordering = ["question", "position", "pk"]

    def __str__(self) -> str:
        return self.name


class Idea(ScopedModel):
    """An idea a participant posted to a question, kept as typed."""

    scope_path = "question__workshop__organisation"

    question = models.ForeignKey(WorkshopQuestion, on_delete=models.CASCADE, related_name="ideas")
    # Kept for "my ideas"; never shown or exported when the workshop is anonymous.
    participant = models.ForeignKey(
        WorkshopParticipant, on_delete=models.CASCADE, related_name="ideas"
    )
    text = models.TextField(_("idea"), max_length=IDEA_MAX)
    theme = models.ForeignKey(
        Theme, on_delete=models.SET_NULL, null=True, blank=True, related_name="ideas"
    )
    position = models.PositiveIntegerField(_("järjestys"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("idea")
        verbose_name_plural = _("ideat")
        ordering = ["question", "position", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class Vote(ScopedModel):
    """One of a participant's votes on a question, given to a theme. ``slot`` numbers the
    participant's votes on the question, ``theme_slot`` their votes on the theme: both are
    unique, so the limits hold whatever the concurrency."""

    scope_path = "question__workshop__organisation"

    participant = models.ForeignKey(
        WorkshopParticipant, on_delete=models.CASCADE, related_name="votes"
    )
    question = models.ForeignKey(WorkshopQuestion, on_delete=models.CASCADE, related_name="votes")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="votes")
    slot = models.PositiveSmallIntegerField()
    theme_slot = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("ääni")
        verbose_name_plural = _("äänet")
        ordering = ["question", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "question", "slot"], name="workshop_vote_slot"
            ),
            models.UniqueConstraint(
                fields=["participant", "theme", "theme_slot"], name="workshop_vote_theme_slot"
            ),
            models.CheckConstraint(
                condition=Q(slot__gte=1, slot__lte=VOTES_MAX), name="workshop_vote_slot_range"
            ),
            models.CheckConstraint(
                condition=Q(theme_slot__gte=1, theme_slot__lte=VOTES_MAX),
                name="workshop_vote_theme_slot_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.theme_id}/{self.slot}"


class FollowUp(ScopedModel):
    """Work a theme became: a topic in the tutoring catalogue, a draft survey question (both
    made through a registry declaration, referenced by ``target``), or a task of its own with
    an owner and a due date."""

    class Kind(models.TextChoices):
        TOPIC = "topic", _("aihe tutorointiin")
        SURVEY_QUESTION = "survey_question", _("kyselyn kysymys")
        TASK = "task", _("tehtävä")

    scope_path = "theme__question__workshop__organisation"

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="follow_ups")
    kind = models.CharField(_("laji"), max_length=16, choices=Kind.choices)
    # "<app.kind>:<id>" of what was made elsewhere, e.g. "tutoring.topic:12"; blank for a task.
    target = models.CharField(max_length=120, blank=True)
    title = models.CharField(_("otsikko"), max_length=TITLE_MAX)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="workshop_tasks",
        verbose_name=_("vastuuhenkilö"),
    )
    due_on = models.DateField(_("määräpäivä"), null=True, blank=True)
    done = models.BooleanField(_("tehty"), default=False)
    done_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("jatkotyö")
        verbose_name_plural = _("jatkotyöt")
        ordering = ["theme", "pk"]
        indexes = [models.Index(fields=["owner", "done"], name="workshop_followup_owner")]

    def __str__(self) -> str:
        return self.title
