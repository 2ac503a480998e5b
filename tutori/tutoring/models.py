"""Topics, tutors' availability (slots), bookings, the tutoring log and substitute budgets."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any, ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from tutori.core.scoping import ScopedManager, ScopedModel
from tutori.core.text import folded
from tutori.orgs.models import Organisation


class Mode(models.TextChoices):
    """How tutoring is given: to one person or to a group."""

    INDIVIDUAL = "individual", _("henkilökohtainen ohjaus")
    GROUP = "group", _("ryhmäohjaus")


class Place(models.TextChoices):
    ON_SITE = "on_site", _("tutorin luona")
    IN_CLASS = "in_class", _("luokassa / työpaikalla")
    REMOTE = "remote", _("etänä")


class BookingPolicy(ScopedModel):
    """Booking rules of an organisation; the nearest policy up the tree applies."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="booking_policy"
    )
    booking_deadline_hours = models.PositiveIntegerField(
        _("varaus viimeistään (tuntia ennen)"), default=2, validators=[MaxValueValidator(24 * 30)]
    )
    cancellation_deadline_hours = models.PositiveIntegerField(
        _("peruutus viimeistään (tuntia ennen)"), default=2, validators=[MaxValueValidator(24 * 30)]
    )
    max_open_bookings_per_week = models.PositiveIntegerField(
        _("avoimia varauksia enintään viikossa"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
    )
    booking_window_weeks = models.PositiveIntegerField(
        _("varattavissa enintään (viikkoa eteenpäin)"),
        default=8,
        validators=[MinValueValidator(1), MaxValueValidator(52)],
    )
    reminder_hours_before = models.PositiveIntegerField(
        _("muistutus (tuntia ennen, 0 = ei muistutusta)"),
        default=24,
        validators=[MaxValueValidator(24 * 7)],
    )

    class Meta(ScopedModel.Meta):
        verbose_name = _("varaussäännöt")
        verbose_name_plural = _("varaussäännöt")

    def __str__(self) -> str:
        return str(self.organisation)


class Topic(ScopedModel):
    """A topic area of the shared vocabulary ("digipedagogiikka", "arviointi")."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisaatio"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("nimi"), max_length=120)
    description = models.TextField(_("kuvaus"), blank=True)
    # Swedish and English versions; an empty one shows the Finnish text.
    name_sv = models.CharField(_("nimi ruotsiksi"), max_length=120, blank=True)
    name_en = models.CharField(_("nimi englanniksi"), max_length=120, blank=True)
    description_sv = models.TextField(_("kuvaus ruotsiksi"), blank=True)
    description_en = models.TextField(_("kuvaus englanniksi"), blank=True)
    is_active = models.BooleanField(_("käytössä"), default=True)

    # The fields of a name in every language, for reads that take values() (reports).
    NAME_FIELDS = ("name", "name_sv", "name_en")

    class Meta(ScopedModel.Meta):
        verbose_name = _("aihe")
        verbose_name_plural = _("aiheet")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"],
                name="topic_unique_name_per_organisation",
                violation_error_message=_("Organisaatiossa on jo tämän niminen aihe."),
            )
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The name in the active language (Finnish when there is no translation): what
        every page, form, report and mail shows."""
        return in_language(self.name, self.name_sv, self.name_en)

    @property
    def local_description(self) -> str:
        """The description in the active language (Finnish when there is no translation)."""
        return in_language(self.description, self.description_sv, self.description_en)

    @property
    def search_text(self) -> str:
        """Names and descriptions in every language, folded for search (core.text)."""
        return folded(
            self.name,
            self.name_sv,
            self.name_en,
            self.description,
            self.description_sv,
            self.description_en,
        )

    @staticmethod
    def label_of(row: dict[str, Any], prefix: str = "") -> str:
        """The name in the active language from a values() row holding ``NAME_FIELDS``
        (each after ``prefix``, e.g. ``"topic__"``)."""
        return in_language(*(row[prefix + field] or "" for field in Topic.NAME_FIELDS))


def in_language(finnish: str, swedish: str, english: str) -> str:
    """The text of the active language, or the Finnish text when that one is empty."""
    language = (get_language() or settings.LANGUAGE_CODE)[:2]
    return {"sv": swedish, "en": english}.get(language, "") or finnish


class TutorProfile(ScopedModel):
    """What a tutor offers in one organisation: topics, description, languages, schools."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="tutor_profiles"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisaatio"), on_delete=models.PROTECT, related_name="+"
    )
    description = models.TextField(_("kuvaus"), blank=True)
    languages = models.CharField(_("ohjauskielet"), max_length=100, blank=True, default="suomi")
    topics = models.ManyToManyField(Topic, verbose_name=_("aiheet"), blank=True)
    schools = models.ManyToManyField(
        Organisation, verbose_name=_("palvelee kouluja"), blank=True, related_name="+"
    )
    is_published = models.BooleanField(_("näkyy luettelossa"), default=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("tutorprofiili")
        verbose_name_plural = _("tutorprofiilit")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="tutor_profile_one_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.organisation})"


class NamedTutor(ScopedModel):
    """The school's own tutor (nimikkotutor) who knows it and invites others when needed."""

    scope_path = "school"

    school = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="named_tutor"
    )
    tutor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    set_at = models.DateTimeField(auto_now=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("nimikkotutor")
        verbose_name_plural = _("nimikkotutorit")

    def __str__(self) -> str:
        return f"{self.school}: {self.tutor}"


class SchoolBreak(ScopedModel):
    """A school break of an organisation (syysloma, joululoma, talviloma…): weekly times of
    the organisation and of every unit below it skip the days from ``starts_on`` to
    ``ends_on``."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisaatio"), on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(_("nimi"), max_length=80)
    starts_on = models.DateField(_("alkaa"))
    ends_on = models.DateField(_("päättyy"))

    class Meta(ScopedModel.Meta):
        verbose_name = _("loma")
        verbose_name_plural = _("lomat")
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="school_break_ends_after_start"
            )
        ]
        indexes = [models.Index(fields=["organisation", "starts_on"])]

    def __str__(self) -> str:
        return f"{self.name} {self.starts_on}–{self.ends_on}"


class SlotSeries(ScopedModel):
    """A weekly recurring time, expanded into slots from ``first_date`` to ``until``."""

    tutor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    weekday = models.PositiveSmallIntegerField(_("viikonpäivä"), validators=[MaxValueValidator(6)])
    start_time = models.TimeField(_("alkaa"))
    duration_minutes = models.PositiveIntegerField(
        _("kesto (min)"), validators=[MinValueValidator(15), MaxValueValidator(8 * 60)]
    )
    first_date = models.DateField(_("ensimmäinen päivä"))
    until = models.DateField(_("viimeinen päivä"))
    exceptions = models.JSONField(_("poikkeuspäivät"), default=list, blank=True)
    # The occurrences left out when the series was published, with their reason: public
    # holidays, school breaks and typed exceptions ({"date", "kind", "name", "from", "to"}).
    skipped = models.JSONField(_("ohitetut päivät"), default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("toistuva aika")
        verbose_name_plural = _("toistuvat ajat")
        constraints = [
            models.CheckConstraint(
                condition=Q(until__gte=F("first_date")), name="series_until_after_first_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.tutor} {self.weekday} {self.start_time}"


class SlotQuerySet(models.QuerySet["Slot"]):
    def bulk_create(self, objs: Iterable[Slot], *args: Any, **kwargs: Any) -> list[Slot]:
        """Times made in bulk (weekly series, generators) are searchable as saved ones."""
        slots = list(objs)
        for slot in slots:
            slot.search_text = slot.folded_text()
        return super().bulk_create(slots, *args, **kwargs)

    def update(self, **kwargs: Any) -> int:
        """An UPDATE of the place or note keeps ``search_text`` in step (two more queries)."""
        if "search_text" in kwargs or not {"location", "note"} & kwargs.keys():
            return super().update(**kwargs)
        pks = list(self.values_list("pk", flat=True))
        count = super().update(**kwargs)
        if pks:
            fresh = list(
                SlotQuerySet(self.model, using=self.db)
                .filter(pk__in=pks)
                .only("pk", "location", "note")
            )
            for slot in fresh:
                slot.search_text = slot.folded_text()
            SlotQuerySet(self.model, using=self.db).bulk_update(fresh, ["search_text"])
        return count


class Slot(ScopedModel):
    """A bookable time of a tutor. ``booked`` counts confirmed bookings; the database keeps it
    within ``capacity``. ``search_text`` follows ``location`` and ``note`` when a time is
    saved, made in bulk or updated through ``objects``."""

    class Status(models.TextChoices):
        OPEN = "open", _("avoin")
        CANCELLED = "cancelled", _("peruttu")

    tutor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tutor"),
        on_delete=models.PROTECT,
        related_name="slots",
    )
    # Who may book: members of this organisation and of its descendants (a school's own
    # slots), or the whole municipality for shared tutor time.
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisaatio"), on_delete=models.PROTECT, related_name="+"
    )
    series = models.ForeignKey(
        SlotSeries, null=True, blank=True, on_delete=models.SET_NULL, related_name="slots"
    )
    starts_at = models.DateTimeField(_("alkaa"), db_index=True)
    ends_at = models.DateTimeField(_("päättyy"))
    mode = models.CharField(_("tapa"), max_length=12, choices=Mode.choices, default=Mode.INDIVIDUAL)
    place = models.CharField(
        _("paikka"), max_length=12, choices=Place.choices, default=Place.ON_SITE
    )
    location = models.CharField(_("sijainti tai linkki"), max_length=200, blank=True)
    capacity = models.PositiveIntegerField(
        _("paikkoja"), default=1, validators=[MinValueValidator(1), MaxValueValidator(200)]
    )
    booked = models.PositiveIntegerField(default=0, editable=False)
    requires_approval = models.BooleanField(_("vaatii tutorin hyväksynnän"), default=False)
    is_shared = models.BooleanField(_("kunnan yhteinen tutoraika"), default=False)
    topics = models.ManyToManyField(Topic, verbose_name=_("aiheet"), blank=True)
    note = models.CharField(_("lisätieto"), max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    # When the tutor was reminded of this time (tutoring.tasks.reminders_send claims it).
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The location and note folded (core.text.folded): what the catalogue's search matches.
    search_text = models.TextField(blank=True, default="", editable=False)

    objects: ClassVar[Any] = ScopedManager.from_queryset(SlotQuerySet)()

    class Meta(ScopedModel.Meta):
        verbose_name = _("vapaa aika")
        verbose_name_plural = _("vapaat ajat")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(booked__lte=F("capacity")), name="slot_booked_within_capacity"
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="slot_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(mode="group") | Q(capacity=1), name="slot_individual_has_one_place"
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "starts_at"]),
            models.Index(fields=["tutor", "starts_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.tutor} {self.starts_at:%Y-%m-%d %H:%M}"

    def folded_text(self) -> str:
        return folded(self.location, self.note)

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = self.folded_text()
        fields = kwargs.get("update_fields")
        if fields is not None and {"location", "note"} & set(fields):
            kwargs["update_fields"] = {*fields, "search_text"}
        super().save(*args, **kwargs)

    @property
    def free_places(self) -> int:
        return max(self.capacity - self.booked, 0)

    @property
    def duration_minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)


class BookingQuerySet(models.QuerySet["Booking"]):
    def holding(self) -> BookingQuerySet:
        """Bookings that reserve the person's time: confirmed or awaiting approval."""
        return self.filter(status__in=Booking.HOLDING)


class Booking(ScopedModel):
    scope_path = "slot__organisation"

    class Status(models.TextChoices):
        PENDING = "pending", _("odottaa hyväksyntää")
        CONFIRMED = "confirmed", _("vahvistettu")
        WAITING = "waiting", _("jonossa")
        CANCELLED = "cancelled", _("peruttu")
        DECLINED = "declined", _("hylätty")

    HOLDING = (Status.PENDING, Status.CONFIRMED)
    ACTIVE = (Status.PENDING, Status.CONFIRMED, Status.WAITING)

    slot = models.ForeignKey(Slot, on_delete=models.PROTECT, related_name="bookings")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="bookings"
    )
    topic = models.ForeignKey(
        Topic,
        verbose_name=_("aihe"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    need = models.TextField(_("mihin tarvitset apua"), max_length=1000, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CONFIRMED)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.CharField(_("perumisen syy"), max_length=300, blank=True)
    proposed_slot = models.ForeignKey(
        Slot, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # When the booker was reminded of the time (tutoring.tasks.reminders_send claims it).
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects: ClassVar[Any] = ScopedManager.from_queryset(BookingQuerySet)()

    class Meta(ScopedModel.Meta):
        verbose_name = _("varaus")
        verbose_name_plural = _("varaukset")
        ordering = ["slot__starts_at", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["slot", "person"],
                condition=Q(status__in=["pending", "confirmed", "waiting"]),
                name="booking_one_active_per_person_and_slot",
                violation_error_message=_("Sinulla on jo varaus tähän aikaan."),
            )
        ]
        indexes = [
            models.Index(fields=["person", "status"]),
            models.Index(fields=["slot", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.person} → {self.slot}"


class TutoringSession(ScopedModel):
    """Delivered tutoring: what reports count. Booked through Tutori or not."""

    tutor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tutor"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("koulu tai yksikkö"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    date = models.DateField(_("päivä"), db_index=True)
    duration_minutes = models.PositiveIntegerField(
        _("kesto (min)"), validators=[MinValueValidator(5), MaxValueValidator(12 * 60)]
    )
    topic = models.ForeignKey(
        Topic,
        verbose_name=_("aihe"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    mode = models.CharField(_("tapa"), max_length=12, choices=Mode.choices, default=Mode.INDIVIDUAL)
    place = models.CharField(
        _("paikka"), max_length=12, choices=Place.choices, default=Place.ON_SITE
    )
    participant_count = models.PositiveIntegerField(
        _("osallistujia"), default=1, validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("osallistujat"), blank=True, related_name="+"
    )
    during_lessons = models.BooleanField(_("oppituntien aikana (sijainen)"), default=False)
    note = models.CharField(_("lyhyt muistiinpano"), max_length=500, blank=True)
    booking = models.OneToOneField(
        Booking, null=True, blank=True, on_delete=models.SET_NULL, related_name="session"
    )
    slot = models.ForeignKey(
        Slot, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("toteutunut tutorointi")
        verbose_name_plural = _("toteutuneet tutoroinnit")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["organisation", "date"])]

    def __str__(self) -> str:
        return f"{self.tutor} {self.date}"


class SubstituteBudget(ScopedModel):
    """A school's substitute budget for a term (sijaisbudjetti)."""

    scope_path = "school"

    school = models.ForeignKey(
        Organisation, verbose_name=_("koulu"), on_delete=models.PROTECT, related_name="+"
    )
    term = models.CharField(_("budjettikausi"), max_length=40)
    starts_on = models.DateField(_("alkaa"))
    ends_on = models.DateField(_("päättyy"))
    amount = models.DecimalField(
        _("budjetti (€)"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0))],
    )

    class Meta(ScopedModel.Meta):
        verbose_name = _("sijaisbudjetti")
        verbose_name_plural = _("sijaisbudjetit")
        ordering = ["school__name", "-starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "term"], name="budget_one_per_school_and_term"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="budget_term_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school} {self.term}"


class SubstituteSpend(ScopedModel):
    scope_path = "budget__school"

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("odottaa hyväksyntää")
        APPROVED = "approved", _("hyväksytty")
        REJECTED = "rejected", _("hylätty")

    budget = models.ForeignKey(SubstituteBudget, on_delete=models.PROTECT, related_name="spends")
    session = models.ForeignKey(
        TutoringSession, null=True, blank=True, on_delete=models.SET_NULL, related_name="spends"
    )
    date = models.DateField(_("päivä"))
    amount = models.DecimalField(
        _("summa (€)"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    description = models.CharField(_("kuvaus"), max_length=200)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.CharField(_("perustelu"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("sijaiskulu")
        verbose_name_plural = _("sijaiskulut")
        ordering = ["-date", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="spend_positive")]

    def __str__(self) -> str:
        return f"{self.budget} {self.amount} €"
