"""Who may do what in tutoring: the role sets, the object rules (registered as ``rules``
permissions ``tutoring.*``) and the visibility of every tutoring model, all built on the
scope engine. Views, services, templates (``{% has_perm %}``) and the API ask these."""

from __future__ import annotations

from typing import Any

import rules
from django.db.models import Q
from django.utils import timezone

from tutori.access import engine
from tutori.core.scoping import visibility
from tutori.orgs.models import Organisation, Role
from tutori.tutoring.models import (
    Booking,
    BookingPolicy,
    NamedTutor,
    SchoolBreak,
    Slot,
    SlotSeries,
    SubstituteBudget,
    SubstituteSpend,
    Topic,
    TutoringSession,
    TutorProfile,
)

# Roles that may publish availability and log tutoring.
TUTOR_ROLES = frozenset({Role.TUTOR, Role.COORDINATOR})
# Roles that curate the topic vocabulary, set named tutors and manage substitute budgets.
CURATOR_ROLES = frozenset({Role.COORDINATOR})
# Roles that see a unit's bookings, delivered hours and budget and approve substitute spend.
OVERSIGHT_ROLES = frozenset({Role.COORDINATOR, Role.MANAGER})


# --- Object rules ---------------------------------------------------------------------------


def _has(user: Any, organisation: Organisation | None, roles: frozenset[str]) -> bool:
    return organisation is not None and bool(engine.reach(user).roles_in(organisation) & roles)


@rules.predicate
def can_tutor_in(user: Any, organisation: Organisation | None) -> bool:
    return _has(user, organisation, TUTOR_ROLES) and bool(organisation and organisation.is_active)


@rules.predicate
def can_curate_in(user: Any, organisation: Organisation | None) -> bool:
    return _has(user, organisation, CURATOR_ROLES) and bool(organisation and organisation.is_active)


@rules.predicate
def can_oversee(user: Any, organisation: Organisation | None) -> bool:
    return _has(user, organisation, OVERSIGHT_ROLES)


@rules.predicate
def tutors_anywhere(user: Any) -> bool:
    return engine.reach(user).holds(TUTOR_ROLES)


@rules.predicate
def curates_anywhere(user: Any) -> bool:
    return engine.reach(user).holds(CURATOR_ROLES)


@rules.predicate
def oversees_anywhere(user: Any) -> bool:
    return engine.reach(user).holds(OVERSIGHT_ROLES)


@rules.predicate
def can_book_in(user: Any, organisation: Organisation | None) -> bool:
    """A person may book time offered in their organisation or any organisation above it."""
    if organisation is None:
        return False
    r = engine.reach(user)
    return r.is_admin or organisation.pk in r.upward_ids()


def is_tutor_within(user: Any, organisation: Organisation) -> bool:
    """A tutor in ``organisation`` or in any organisation below it (e.g. a school's tutor
    giving the municipality's shared tutor time)."""
    return bool(organisation.is_active) and engine.reach(user).within(organisation, TUTOR_ROLES)


@rules.predicate
def can_cancel_slot(user: Any, slot: Slot | None) -> bool:
    """The slot's tutor, or a coordinator of where it is offered."""
    if slot is None:
        return False
    return slot.tutor_id == user.pk or can_curate_in(user, slot.organisation)


@rules.predicate
def can_edit_slot(user: Any, slot: Slot | None) -> bool:
    """Change a time's clock time, place or places: the slot's tutor, or a coordinator of
    where it is offered (as for cancelling it)."""
    return can_cancel_slot(user, slot)


@rules.predicate
def can_edit_series(user: Any, series: SlotSeries | None) -> bool:
    """Change or cancel the rest of a weekly time: its tutor, or a coordinator of where it
    is offered (who publishes the municipality's shared time for tutors)."""
    if series is None:
        return False
    return series.tutor_id == user.pk or can_curate_in(user, series.organisation)


@rules.predicate
def can_edit_school_break(user: Any, school_break: SchoolBreak | None) -> bool:
    """A break is set by the coordinators of its organisation (and of those above it)."""
    return school_break is not None and can_curate_in(user, school_break.organisation)


@rules.predicate
def can_decide_booking(user: Any, booking: Booking | None) -> bool:
    """The tutor of the booked time, or who oversees where it is offered."""
    if booking is None:
        return False
    return booking.slot.tutor_id == user.pk or can_oversee(user, booking.slot.organisation)


@rules.predicate
def can_edit_topic(user: Any, topic: Topic | None) -> bool:
    return topic is not None and can_curate_in(user, topic.organisation)


@rules.predicate
def can_add_spend(user: Any, budget: SubstituteBudget | None) -> bool:
    return budget is not None and can_curate_in(user, budget.school)


@rules.predicate
def is_own_spend(user: Any, spend: SubstituteSpend | None) -> bool:
    """The person proposed this spend themselves."""
    return spend is not None and spend.created_by_id == user.pk


@rules.predicate
def can_decide_spend(user: Any, spend: SubstituteSpend | None) -> bool:
    """Who oversees the school, except who proposed the spend: four eyes on money, so no
    one (not even a platform admin) approves their own spend."""
    return (
        spend is not None
        and not is_own_spend(user, spend)
        and can_oversee(user, spend.budget.school)
    )


@rules.predicate
def can_undo_spend_decision(user: Any, spend: SubstituteSpend | None) -> bool:
    """Who decided on the spend and still oversees its school (whether the decision can
    still be undone, as it is not yet used, the service says: selectors.budget.undo_until)."""
    return (
        spend is not None
        and spend.decided_by_id is not None
        and spend.decided_by_id == user.pk
        and can_decide_spend(user, spend)
    )


rules.add_perm("tutoring.publish", tutors_anywhere)
rules.add_perm("tutoring.publish_in", can_tutor_in)
rules.add_perm("tutoring.curate", curates_anywhere)
rules.add_perm("tutoring.curate_in", can_curate_in)
rules.add_perm("tutoring.oversee", can_oversee)
rules.add_perm("tutoring.oversee_any", oversees_anywhere)
rules.add_perm("tutoring.book_in", can_book_in)
rules.add_perm("tutoring.cancel_slot", can_cancel_slot)
rules.add_perm("tutoring.edit_slot", can_edit_slot)
rules.add_perm("tutoring.edit_series", can_edit_series)
rules.add_perm("tutoring.edit_school_break", can_edit_school_break)
rules.add_perm("tutoring.decide_booking", can_decide_booking)
rules.add_perm("tutoring.edit_topic", can_edit_topic)
rules.add_perm("tutoring.add_spend", can_add_spend)
rules.add_perm("tutoring.decide_spend", can_decide_spend)
rules.add_perm("tutoring.undo_spend_decision", can_undo_spend_decision)


# --- Visibility (lists) ---------------------------------------------------------------------


def _offered_to(user: Any) -> Q:
    """Organisations whose offer the person sees: their own and those above, those they
    reach by role, and those sharing a network with them."""
    r = engine.reach(user)
    return (
        Q(organisation_id__in=r.upward_ids())
        | Q(organisation_id__in=r.ids())
        | Q(organisation_id__in=engine.network_peer_ids(user))
    )


def _overseen(user: Any, field: str = "organisation_id") -> Q:
    return engine.ids_q(user, field, OVERSIGHT_ROLES)


@visibility(Organisation, "tutoring.tutor")
def organisations_tutored(qs: Any, user: Any) -> Any:
    """Active organisations where the person may publish times and log tutoring."""
    return engine.scoped(qs, user, lambda: engine.ids_q(user, "pk", TUTOR_ROLES)).filter(
        is_active=True
    )


@visibility(Organisation, "tutoring.curate")
def organisations_curated(qs: Any, user: Any) -> Any:
    return engine.scoped(qs, user, lambda: engine.ids_q(user, "pk", CURATOR_ROLES)).filter(
        is_active=True
    )


@visibility(Organisation, "tutoring.oversee")
def organisations_overseen(qs: Any, user: Any) -> Any:
    return engine.scoped(qs, user, lambda: engine.ids_q(user, "pk", OVERSIGHT_ROLES))


@visibility(Topic)
def topics_visible(qs: Any, user: Any) -> Any:
    return engine.scoped(qs, user, lambda: _offered_to(user))


@visibility(TutorProfile)
def profiles_visible(qs: Any, user: Any) -> Any:
    """Tutor profiles are seen where the topics are seen, and always by their owner."""
    return engine.scoped(qs, user, lambda: Q(user=user) | _offered_to(user))


@visibility(TutorProfile, "tutoring.catalogue")
def profiles_in_catalogue(qs: Any, user: Any) -> Any:
    """Published profiles shown where a person looks for help: those seen where the topics
    are seen, those of tutors serving one of the person's organisations, and those of the
    tutors whose times the person may book (a school's tutor giving the municipality's
    shared time)."""
    r = engine.reach(user)

    def rule() -> Q:
        bookable = Slot.objects.visible_to(user, "tutoring.book").filter(
            status=Slot.Status.OPEN, starts_at__gte=timezone.now()
        )
        serving = TutorProfile.schools.through.objects.filter(
            organisation_id__in=r.upward_ids()
        ).values("tutorprofile_id")
        return _offered_to(user) | Q(pk__in=serving) | Q(user_id__in=bookable.values("tutor_id"))

    return engine.scoped(qs, user, rule).filter(is_published=True)


@visibility(Slot)
def slots_visible(qs: Any, user: Any) -> Any:
    """Times the person may book (offered in their organisations or above), times in the
    units they oversee, and their own times as a tutor."""
    return engine.scoped(
        qs,
        user,
        lambda: (
            Q(tutor=user) | Q(organisation_id__in=engine.reach(user).upward_ids()) | _overseen(user)
        ),
    )


@visibility(Slot, "tutoring.book")
def slots_bookable(qs: Any, user: Any) -> Any:
    """Times the person may book: the same rule as can_book_in."""
    return engine.scoped(qs, user, lambda: Q(organisation_id__in=engine.reach(user).upward_ids()))


@visibility(SlotSeries)
def series_visible(qs: Any, user: Any) -> Any:
    return engine.scoped(qs, user, lambda: Q(tutor=user) | _overseen(user))


@visibility(SchoolBreak)
def school_breaks_visible(qs: Any, user: Any) -> Any:
    """Breaks apply down the tree: seen where the person belongs (and above), and where
    they reach by role."""
    return engine.scoped(
        qs,
        user,
        lambda: (
            Q(organisation_id__in=engine.reach(user).upward_ids())
            | engine.ids_q(user, "organisation_id")
        ),
    )


@visibility(Booking)
def bookings_visible(qs: Any, user: Any) -> Any:
    """Own bookings, bookings of one's own times, and bookings in overseen units."""
    return engine.scoped(
        qs,
        user,
        lambda: Q(person=user) | Q(slot__tutor=user) | _overseen(user, "slot__organisation_id"),
    )


@visibility(TutoringSession)
def sessions_visible(qs: Any, user: Any) -> Any:
    """Logged tutoring: one's own, and that of overseen units."""
    return engine.scoped(qs, user, lambda: Q(tutor=user) | _overseen(user))


@visibility(NamedTutor)
def named_tutors_visible(qs: Any, user: Any) -> Any:
    """The named tutors of the person's own organisations and those above, and of the
    schools they oversee."""
    return engine.scoped(
        qs,
        user,
        lambda: Q(school_id__in=engine.reach(user).upward_ids()) | _overseen(user, "school_id"),
    )


@visibility(NamedTutor, "tutoring.own")
def named_tutors_of_own_organisations(qs: Any, user: Any) -> Any:
    """The named tutors of the person's own organisations and those above (the catalogue's
    "your school's tutor"); an administrator, who belongs nowhere, has none."""
    r = engine.reach(user)
    if not r.is_authenticated:
        return qs.none()
    return qs.filter(school_id__in=r.upward_ids())


@visibility(BookingPolicy)
def policies_visible(qs: Any, user: Any) -> Any:
    """Booking rules apply down the tree: seen where the person books or has a role."""
    return engine.scoped(
        qs,
        user,
        lambda: (
            Q(organisation_id__in=engine.reach(user).upward_ids())
            | engine.ids_q(user, "organisation_id")
        ),
    )


@visibility(SubstituteBudget)
def budgets_visible(qs: Any, user: Any) -> Any:
    return engine.scoped(qs, user, lambda: _overseen(user, "school_id"))


@visibility(SubstituteSpend)
def spends_visible(qs: Any, user: Any) -> Any:
    return engine.scoped(qs, user, lambda: _overseen(user, "budget__school_id"))
