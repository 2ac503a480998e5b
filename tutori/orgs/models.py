"""Organisations form a tree; people hold roles in them through memberships."""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tutori.core.scoping import ScopedManager, ScopedModel, scopes_disabled
from tutori.orgs.validators import validate_business_id


class Role(models.TextChoices):
    """Roles held in an organisation. Platform administration is ``User.is_superuser``."""

    COORDINATOR = "coordinator", _("koordinaattori")
    MANAGER = "manager", _("esihenkilö")
    TUTOR = "tutor", _("tutor")
    COACH = "coach", _("valmentaja")
    MEMBER = "member", _("jäsen")


# Other names people use for a role (a school's principal is its manager), translated like
# the roles' own names: a roster's role column accepts both.
ROLE_OTHER_NAMES = {
    Role.MANAGER: _("rehtori"),
    Role.TUTOR: _("tutoropettaja"),
    Role.MEMBER: _("opettaja"),
}

# Roles whose reach extends to every organisation below the one where they are held.
OVERSEEING_ROLES = frozenset({Role.COORDINATOR, Role.MANAGER})
# Strongest first: the role shown when a person holds several in one organisation.
ROLE_RANK = [Role.COORDINATOR, Role.MANAGER, Role.COACH, Role.TUTOR, Role.MEMBER]


# What each role means, shown beside a person's own roles.
ROLE_DESCRIPTIONS = {
    Role.COORDINATOR: _(
        "Koordinoit toimintaa: hallinnoit henkilöitä, rooleja ja tuot henkilölistoja tälle "
        "organisaatiolle ja sen alaorganisaatioille."
    ),
    Role.MANAGER: _("Esihenkilönä näet yksikkösi ja sen alayksiköiden henkilöt."),
    Role.TUTOR: _("Tutorina tarjoat ohjausta tämän organisaation henkilöille."),
    # What a coach can do today (no promise of the paths still to be built).
    Role.COACH: _(
        "Valmentajana ohjaat organisaatiosi valmentautujia. Tutorissa näet organisaatiosi ja "
        "verkostot, joihin se kuuluu."
    ),
    Role.MEMBER: _("Jäsenenä voit osallistua toimintaan ja saada ohjausta."),
}


class OrganisationKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("kunta")
    SCHOOL = "school", _("koulu")
    UNIT = "unit", _("yksikkö")
    FOUNDATION = "foundation", _("säätiö")
    WORKSHOP = "workshop", _("työpaja")
    ASSOCIATION = "association", _("yhdistys")
    AGENCY = "agency", _("viranomainen")
    OTHER = "other", _("muu")


def today() -> date:
    return timezone.localdate()


def path_ids(path: str) -> list[int]:
    """The organisation ids of a materialised path "/1/5/12/", root first."""
    return [int(part) for part in path.split("/") if part]


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def active(self) -> OrganisationQuerySet:
        return self.filter(is_active=True)


class Organisation(ScopedModel):
    name = models.CharField(_("nimi"), max_length=200)
    kind = models.CharField(
        _("tyyppi"), max_length=20, choices=OrganisationKind.choices, default=OrganisationKind.OTHER
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("yläorganisaatio"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    business_id = models.CharField(
        _("Y-tunnus"), max_length=9, blank=True, validators=[validate_business_id]
    )
    municipality_name = models.CharField(_("paikkakunta"), max_length=100, blank=True)
    description = models.TextField(_("kuvaus"), blank=True)
    is_active = models.BooleanField(_("aktiivinen"), default=True)
    # Materialised path of ids, "/1/5/12/": descendants are one indexed prefix query.
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    scope_path = "pk"
    objects: ClassVar[Any] = ScopedManager.from_queryset(OrganisationQuerySet)()

    class Meta(ScopedModel.Meta):
        verbose_name = _("organisaatio")
        verbose_name_plural = _("organisaatiot")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    @property
    def depth(self) -> int:
        return max(self.path.count("/") - 2, 0)

    def ancestor_ids(self) -> list[int]:
        return path_ids(self.path)[:-1]

    def clean(self) -> None:
        super().clean()
        self.name = (self.name or "").strip()
        if self.parent_id and self.pk:
            if self.parent_id == self.pk or f"/{self.pk}/" in (
                self.parent.path if self.parent else ""
            ):
                raise ValidationError(
                    {"parent": _("Organisaatio ei voi olla oma yläorganisaationsa.")}
                )

    def save(self, *args: Any, **kwargs: Any) -> None:
        old_path = self.path
        super().save(*args, **kwargs)
        new_path = (self.parent.path if self.parent_id and self.parent else "/") + f"{self.pk}/"
        if new_path != old_path:
            with scopes_disabled():
                type(self).objects.filter(pk=self.pk).update(path=new_path)
                self.path = new_path
                if old_path:
                    # Moving a subtree: rewrite every descendant's prefix in one statement.
                    type(self).objects.filter(path__startswith=old_path).exclude(pk=self.pk).update(
                        path=Concat(Value(new_path), Substr("path", len(old_path) + 1))
                    )


class Network(ScopedModel):
    """A regional network that joins organisations across municipalities."""

    name = models.CharField(_("nimi"), max_length=200, unique=True)
    description = models.TextField(_("kuvaus"), blank=True)
    organisations = models.ManyToManyField(
        Organisation, verbose_name=_("organisaatiot"), related_name="networks", blank=True
    )
    is_active = models.BooleanField(_("aktiivinen"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    scope_path = "organisations"

    class Meta(ScopedModel.Meta):
        verbose_name = _("verkosto")
        verbose_name_plural = _("verkostot")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active(self, on: date | None = None) -> MembershipQuerySet:
        on = on or today()
        return self.filter(Q(active_to__isnull=True) | Q(active_to__gt=on), active_from__lte=on)


class Membership(ScopedModel):
    """A person's role in one organisation, from a date to a date. Never deleted: ended."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("henkilö"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisaatio"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    role = models.CharField(_("rooli"), max_length=20, choices=Role.choices)
    active_from = models.DateField(_("alkaen"), default=today)
    active_to = models.DateField(_("päättyen"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects: ClassVar[Any] = ScopedManager.from_queryset(MembershipQuerySet)()
    # The newest invitation of the person into the organisation, where a page looked it up
    # (selectors.invitations_of_members).
    invitation: Invitation | None

    class Meta(ScopedModel.Meta):
        verbose_name = _("jäsenyys")
        verbose_name_plural = _("jäsenyydet")
        ordering = ["organisation__path", "user__display_name", "-active_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"],
                condition=Q(active_to__isnull=True),
                name="membership_one_open_per_person_and_org",
                violation_error_message=_(
                    "Henkilöllä on jo voimassa oleva rooli tässä organisaatiossa."
                ),
            ),
            models.CheckConstraint(
                condition=Q(active_to__isnull=True) | Q(active_to__gte=models.F("active_from")),
                name="membership_ends_after_it_starts",
                violation_error_message=_("Päättymispäivä ei voi olla ennen alkamispäivää."),
            ),
        ]
        indexes = [models.Index(fields=["organisation", "active_to"])]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"

    @property
    def role_description(self) -> str:
        description = ROLE_DESCRIPTIONS.get(Role(self.role)) if self.role in Role.values else None
        return str(description or "")

    @property
    def is_active(self) -> bool:
        on = today()
        return self.active_from <= on and (self.active_to is None or self.active_to > on)


class InvitationState(models.TextChoices):
    """Where an invitation stands, as the coordinator sees it."""

    WAITING = "waiting", _("kutsuttu")  # mailed, the link works
    EXPIRED = "expired", _("vanhentunut")  # not accepted in time: can be sent again
    ACCEPTED = "accepted", pgettext_lazy("kutsu", "hyväksytty")
    # withdrawn, or replaced by a newer invitation
    WITHDRAWN = "withdrawn", pgettext_lazy("kutsu", "peruttu")


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def open(self) -> InvitationQuerySet:
        """Neither accepted nor withdrawn: waiting, or expired and waiting to be sent again."""
        return self.filter(accepted_at__isnull=True, withdrawn_at__isnull=True)

    def waiting(self) -> InvitationQuerySet:
        return self.open().filter(expires_at__gt=timezone.now())

    def expired(self) -> InvitationQuerySet:
        return self.open().filter(expires_at__lte=timezone.now())

    def in_state(self, state: str) -> InvitationQuerySet:
        if state == InvitationState.WAITING:
            return self.waiting()
        if state == InvitationState.EXPIRED:
            return self.expired()
        if state == InvitationState.ACCEPTED:
            return self.filter(accepted_at__isnull=False)
        if state == InvitationState.WITHDRAWN:
            return self.filter(accepted_at__isnull=True, withdrawn_at__isnull=False)
        return self


class Invitation(ScopedModel):
    """An e-mailed link with which an invited person accepts a role (and sets a password if
    they have none).

    A person new to Tutori joins at once and the link lets them log in. A person who already
    had an account joins only by accepting (``membership_on_accept``): until then there is
    no membership, and the inviter sees the name they typed, not the account's.

    Every invitation is mailed when it is made (``sent_at``, ``send_count``); sending it
    again gives it a new link and a new expiry, and the old link stops working. A withdrawn
    invitation (or one replaced by a newer one) cannot be accepted.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    role = models.CharField(_("rooli"), max_length=20, choices=Role.choices)
    # The name the inviter typed, shown to them while the invitation waits.
    display_name = models.CharField(_("nimi"), max_length=150, blank=True)
    membership_on_accept = models.BooleanField(default=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # sha256 of the token: the link works like a password, so only its hash is stored.
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("voimassa asti"))
    accepted_at = models.DateTimeField(_("hyväksytty"), null=True, blank=True)
    # The last time the invitation's mail was queued, and how many times it was.
    sent_at = models.DateTimeField(_("lähetetty"), null=True, blank=True)
    send_count = models.PositiveSmallIntegerField(_("lähetyskertoja"), default=0)
    withdrawn_at = models.DateTimeField(_("peruttu"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects: ClassVar[Any] = ScopedManager.from_queryset(InvitationQuerySet)()

    class Meta(ScopedModel.Meta):
        verbose_name = _("kutsu")
        verbose_name_plural = _("kutsut")
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["organisation", "accepted_at", "withdrawn_at"],
                name="invitation_org_open_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.organisation}"

    @property
    def state(self) -> str:
        if self.accepted_at is not None:
            return InvitationState.ACCEPTED
        if self.withdrawn_at is not None:
            return InvitationState.WITHDRAWN
        if self.expires_at <= timezone.now():
            return InvitationState.EXPIRED
        return InvitationState.WAITING

    def get_state_display(self) -> str:
        return str(InvitationState(self.state).label)

    @property
    def is_open(self) -> bool:
        """Neither accepted nor withdrawn: it can be sent again or withdrawn."""
        return self.accepted_at is None and self.withdrawn_at is None


class RosterImport(ScopedModel):
    """A checked roster waiting for confirmation, then the record of what it did."""

    scope_path = "created_by"

    class Status(models.TextChoices):
        PREVIEW = "preview", _("esikatselu")
        APPLIED = "applied", _("tuotu")

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    filename = models.CharField(max_length=255)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PREVIEW)
    rows = models.JSONField(default=list)
    summary = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("henkilölistan tuonti")
        verbose_name_plural = _("henkilölistan tuonnit")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename
