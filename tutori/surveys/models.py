"""Surveys: instruments (reusable question sets), surveys built from them, their recipients
with personal links, and the answers.

Anonymity is structural: an anonymous survey's ``Response`` has no foreign key to a person or
to a ``Recipient``. The only thing kept per recipient is *that* they answered (for reminders),
without a time. A draft anonymous response is found again by ``resume_key`` — a hash of the
personal link's token under another prefix than the recipient's ``token_hash`` — so the
database holds no path from one to the other; the key is cleared when the answer is submitted.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tutori.core.scoping import ScopedModel
from tutori.orgs.models import Organisation, Role

# The five-level scale of seed 004's self-assessment, the default of a Likert question.
DEFAULT_SCALE = [
    "heikosti",
    "kohtalaisesti",
    "jonkin verran",
    "hyvin",
    "erinomaisesti",
]
GRADE_MIN, GRADE_MAX = 4, 10
TEXT_MAX = 5000  # characters of one free-text answer


def token_hash(token: str) -> str:
    """What is stored of a personal link's token (the token itself never is)."""
    return hashlib.sha256(f"recipient:{token}".encode()).hexdigest()


def resume_key(token: str) -> str:
    """The key of an anonymous draft: from the same token, not derivable from ``token_hash``."""
    return hashlib.sha256(f"draft:{token}".encode()).hexdigest()


class Purpose(models.TextChoices):
    NEEDS = "needs", _("tarvekartoitus")
    SELF_ASSESSMENT = "self_assessment", _("itsearviointi")
    FEEDBACK = "feedback", _("palaute")
    WILLINGNESS = "willingness", _("halukkuuskartoitus")
    OTHER = "other", _("muu")


class Survey(ScopedModel):
    """A survey (``is_instrument=False``) or an instrument, the reusable template a survey is
    made from (``is_instrument=True``; ``organisation`` None = built into the platform)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("luonnos")
        OPEN = "open", _("avoinna")
        CLOSED = "closed", _("suljettu")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="surveys",
        verbose_name=_("organisaatio"),
    )
    is_instrument = models.BooleanField(_("mittari (pohja)"), default=False)
    # The instrument a survey (or a copied instrument) was made from: pre and post surveys of
    # the same instrument are compared question by question through Question.key.
    instrument = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="made_from",
        verbose_name=_("mittari"),
    )
    title = models.CharField(_("nimi"), max_length=200)
    description = models.TextField(_("saate"), blank=True, max_length=5000)
    purpose = models.CharField(
        _("tarkoitus"), max_length=20, choices=Purpose.choices, default=Purpose.OTHER
    )
    anonymous = models.BooleanField(_("nimetön"), default=True)
    status = models.CharField(
        _("tila"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    opens_at = models.DateTimeField(_("avautuu"), null=True, blank=True)
    closes_at = models.DateTimeField(_("sulkeutuu"), null=True, blank=True)
    # Audience: members of these organisations (and of those below them when
    # ``include_descendants``) holding one of ``audience_roles`` (empty = any role).
    audience_organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="+", verbose_name=_("kohdeorganisaatiot")
    )
    include_descendants = models.BooleanField(_("myös alayksiköt"), default=True)
    audience_roles = models.JSONField(_("kohderoolit"), default=list, blank=True)
    # An uploaded list of people (with or without an account): [{"email", "name",
    # "language"}], checked in full when uploaded (services.distribution.audience_list_parse).
    audience_list = models.JSONField(_("ladattu vastaanottajalista"), default=list, blank=True)
    # Bumped when the wording of a question changes after answers came (QuestionRevision).
    version = models.PositiveIntegerField(default=1)
    # Sending to the audience runs in the task queue: how far it has come.
    send_total = models.PositiveIntegerField(default=0)
    send_started_at = models.DateTimeField(null=True, blank=True)
    send_finished_at = models.DateTimeField(null=True, blank=True)
    reminder_every_days = models.PositiveIntegerField(
        _("muistutus (päivän välein, 0 = ei)"),
        default=0,
        validators=[MaxValueValidator(60)],
    )
    # Swedish and English wording: {"sv": {"text": …, "help_text": …}, "en": {…}} (built-in
    # instruments have both; a coordinator may add them). See surveys.text.localized.
    translations = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # When the school tutoring plans' tallies (PlanTally) of a closed survey were counted;
    # a survey saved after it (reopened, edited) is counted again.
    plan_counted_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta(ScopedModel.Meta):
        verbose_name = _("kysely")
        verbose_name_plural = _("kyselyt")
        indexes = [models.Index(fields=["organisation", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__isnull=True)
                | Q(opens_at__isnull=True)
                | Q(closes_at__gt=models.F("opens_at")),
                name="survey_closes_after_opening",
            ),
            models.CheckConstraint(
                condition=Q(is_instrument=True) | Q(organisation__isnull=False),
                name="survey_has_organisation",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def audience_role_names(self) -> list[str]:
        return [str(Role(r).label) for r in self.audience_roles if r in Role.values]

    @property
    def uploaded_list_size(self) -> int:
        """The addresses of the uploaded list (rows of a chosen cohort carry "cohort")."""
        return sum(1 for row in self.audience_list or [] if not row.get("cohort"))

    @property
    def cohort_list_size(self) -> int:
        """The addresses taken from the chosen cohorts (a programme's participants)."""
        return len(self.audience_list or []) - self.uploaded_list_size


class Section(models.Model):
    """An area of a survey (seed 004: ammatillinen osaaminen, suunnittelutaidot, …)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(_("osion nimi"), max_length=200)
    help_text = models.TextField(_("ohje"), blank=True, max_length=2000)
    order = models.PositiveIntegerField(default=0)
    # Swedish and English wording: {"sv": {"text": …, "help_text": …}, "en": {…}} (built-in
    # instruments have both; a coordinator may add them). See surveys.text.localized.
    translations = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("osio")
        verbose_name_plural = _("osiot")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    class Kind(models.TextChoices):
        LIKERT = "likert", _("asteikko")
        GRADE = "grade", _("arvosana 4–10")
        SINGLE = "single", _("yksi vaihtoehto")
        MULTIPLE = "multiple", _("monta vaihtoehtoa")
        TEXT = "text", _("vapaa teksti")
        NUMBER = "number", _("luku")
        TOPICS = "topics", _("aiheet (tutorointiaiheista)")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    section = models.ForeignKey(
        Section, on_delete=models.CASCADE, null=True, blank=True, related_name="questions"
    )
    # Stable across copies of the same instrument: pre and post answers are paired by it.
    key = models.CharField(max_length=40)
    kind = models.CharField(_("tyyppi"), max_length=10, choices=Kind.choices)
    text = models.CharField(_("kysymys"), max_length=500)
    help_text = models.CharField(_("ohje"), max_length=500, blank=True)
    required = models.BooleanField(_("pakollinen"), default=False)
    order = models.PositiveIntegerField(default=0)
    # Likert: the labels of the points 1..n (default DEFAULT_SCALE).
    scale_labels = models.JSONField(default=list, blank=True)
    # A Likert question asking how much a topic is *needed* counts in the school plan.
    measures_need = models.BooleanField(_("mittaa tarvetta"), default=False)
    # The tutoring topic a need question asks about (by id through the registry, as
    # Answer.topic_id): its answers count for that topic in the school tutoring plan.
    topic_id = models.PositiveIntegerField(_("aihe"), null=True, blank=True)
    number_min = models.IntegerField(null=True, blank=True)
    number_max = models.IntegerField(null=True, blank=True)
    # Swedish and English wording: {"sv": {"text": …, "help_text": …, "scale_labels": […]},
    # "en": {…}} (built-in instruments have both; a coordinator may add them). See
    # surveys.text.localized.
    translations = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("kysymys")
        verbose_name_plural = _("kysymykset")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "key"], name="question_key_unique"),
        ]

    def __str__(self) -> str:
        return self.text


class QuestionRevision(models.Model):
    """The wording a question had before it was edited after answers came: answers given
    under an earlier survey version keep the meaning they were given with."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField()
    text = models.CharField(max_length=500)
    help_text = models.CharField(max_length=500, blank=True)
    # The rest of the wording as it was: {"scale_labels": […], "choices": {"<pk>": label},
    # "translations": {…}} (choices keep their rows, so old answers point to the same option).
    wording = models.JSONField(default=dict, blank=True)
    changed_at = models.DateTimeField(auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["question", "version"]

    def __str__(self) -> str:
        return f"{self.text} (v{self.version})"


class Choice(models.Model):
    """An option of a single or multiple choice question."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    label = models.CharField(_("vaihtoehto"), max_length=200)
    order = models.PositiveIntegerField(default=0)
    # Swedish and English wording: {"sv": {"label": …}, "en": {…}} (built-in
    # instruments have both; a coordinator may add them). See surveys.text.localized.
    translations = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.label


class Recipient(ScopedModel):
    """One person a survey was sent to, with their personal link (only its hash is kept)."""

    scope_path = "survey__organisation"

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="recipients")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # An uploaded list may name people without an account.
    email = models.EmailField(_("sähköposti"))
    name = models.CharField(_("nimi"), max_length=200, blank=True)
    language = models.CharField(max_length=10, blank=True)
    # The person's organisation and role when the survey was sent (for the response rate).
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    role = models.CharField(max_length=20, blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    send_count = models.PositiveIntegerField(default=0)
    reminded_at = models.DateTimeField(null=True, blank=True)
    # Only *that* the person answered (no time: it could be matched to an anonymous answer).
    answered = models.BooleanField(default=False)
    # Only *that* a draft was saved through the link: a reminder then does not replace the
    # link (an anonymous draft is found by the link's token alone), it points to the first.
    started = models.BooleanField(default=False)

    class Meta(ScopedModel.Meta):
        constraints = [
            models.UniqueConstraint(fields=["survey", "email"], name="recipient_once_per_survey"),
        ]
        indexes = [models.Index(fields=["survey", "answered"])]

    def __str__(self) -> str:
        return self.email


class Response(ScopedModel):
    """One respondent's answers. ``person`` is set only for identified surveys."""

    scope_path = "survey__organisation"

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Identified surveys: the recipient; anonymous surveys: always None.
    recipient = models.OneToOneField(
        Recipient, on_delete=models.SET_NULL, null=True, blank=True, related_name="response"
    )
    resume_key = models.CharField(max_length=64, null=True, blank=True, unique=True)
    # The respondent's organisation and role (for breakdowns; suppressed below five).
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    role = models.CharField(max_length=20, blank=True)
    language = models.CharField(max_length=10, blank=True)
    version = models.PositiveIntegerField(default=1)
    submitted = models.BooleanField(default=False)
    # A date only: a time could be matched to a recipient's sending and answering.
    submitted_on = models.DateField(null=True, blank=True)

    class Meta(ScopedModel.Meta):
        indexes = [models.Index(fields=["survey", "submitted", "organisation"])]


class Answer(models.Model):
    """One answer to one question; a multiple-choice or topic question has one row per
    chosen option, so results are counted by the database."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    # Likert point (1..n), grade (4..10) or number.
    number = models.IntegerField(null=True, blank=True)
    choice = models.ForeignKey(
        Choice, on_delete=models.CASCADE, null=True, blank=True, related_name="answers"
    )
    # A topic of the tutoring vocabulary (by id through the registry: surveys do not import
    # tutoring), and its name as it was.
    topic_id = models.PositiveIntegerField(null=True, blank=True)
    topic_label = models.CharField(max_length=200, blank=True)
    text = models.TextField(blank=True, max_length=TEXT_MAX)

    class Meta:
        indexes = [
            models.Index(fields=["question", "number"]),
            models.Index(fields=["question", "choice"]),
            models.Index(fields=["question", "topic_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.number or self.choice_id or self.topic_id or ''}"


class PlanTally(ScopedModel):
    """What a closed survey's answers of one organisation say about one tutoring topic,
    counted once for the school tutoring plans (surveys.selectors.plan): a closed survey's
    answers do not change, and counting 100 000 of them on every view would not do.
    ``topic_id`` 0 holds the organisation's number of answers."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    topic_id = models.PositiveIntegerField()
    answers = models.PositiveIntegerField(default=0)  # topic 0: submitted answers
    chosen = models.PositiveIntegerField(default=0)  # chose the topic in a topic question
    answered = models.PositiveIntegerField(default=0)  # answers to its need questions
    high = models.PositiveIntegerField(default=0)  # of them, at the two highest points
    points = models.PositiveIntegerField(default=0)  # the sum of their points

    class Meta(ScopedModel.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "organisation", "topic_id"], name="plan_tally_once"
            ),
        ]
