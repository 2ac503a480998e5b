"""Applying, deciding, enrolling and cancelling (services/enrolment.py): the rules, the
places kept by the database's counter, the waiting list moving up and who is told."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.programmes.applications_setup import applicant, enrolled, open_programme, teachers
from tutori.core.errors import PermissionDeniedError
from tutori.programmes.models import Participant, Programme
from tutori.programmes.services import enrolment
from tutori.programmes.services.enrolment import EnrolmentRefused

pytestmark = pytest.mark.django_db


@pytest.fixture
def commit(django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    """``with commit():`` runs the block's on-commit work (the queued mail) at its end."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def fresh(obj):  # type: ignore[no-untyped-def]
    return type(obj)._default_manager.get(pk=obj.pk)


# --- Applying ---------------------------------------------------------------------------------


def test_a_teacher_applies_with_a_motivation_and_answers_and_gets_a_receipt(
    world, mailoutbox, commit
):
    programme = open_programme(world)
    with commit():
        p = enrolment.apply(
            programme=programme,
            person=world.member,
            by=world.member,
            motivation="  Haluan oppia.  ",
            answers=["Työvalmentaja"],
        )
    p = fresh(p)
    assert p.status == Participant.Status.APPLIED
    assert p.organisation == world.school_a
    assert p.motivation == "Haluan oppia."
    assert p.criteria_answers == ["Työvalmentaja"]
    assert p.applied_by == world.member
    assert fresh(programme).enrolled == 0
    receipt, news = mailoutbox
    assert receipt.to == [world.member.email]
    assert "WIRE-valmennus" in receipt.subject
    assert "/programmes/my/" in receipt.body
    # The organiser's coordinator hears of it, with a link to decide.
    assert news.to == [world.coordinator.email]
    assert world.member.display_name in news.body
    assert f"/programmes/applications/{p.pk}/" in news.body


def test_every_criterion_must_be_answered(world):
    programme = open_programme(world, criteria=["Tehtäväsi?", "Montako asiakasta?"])
    with pytest.raises(EnrolmentRefused) as refusal:
        enrolment.apply(
            programme=programme,
            person=world.member,
            by=world.member,
            motivation="Haluan oppia.",
            answers=["Työvalmentaja", "  "],
        )
    assert refusal.value.code == "answers"
    assert not Participant._default_manager.exists()


def test_a_motivation_is_needed(world):
    with pytest.raises(EnrolmentRefused) as refusal:
        enrolment.apply(
            programme=open_programme(world),
            person=world.member,
            by=world.member,
            motivation=" ",
            answers=["x"],
        )
    assert refusal.value.code == "motivation"


@pytest.mark.parametrize(
    ("opens", "closes", "status"),
    [
        (1, 10, Programme.Status.PUBLISHED),  # not yet open
        (-10, -1, Programme.Status.PUBLISHED),  # closed
        (None, None, Programme.Status.PUBLISHED),  # no applications at all
        (-1, 10, Programme.Status.DRAFT),
        (-1, 10, Programme.Status.CANCELLED),
    ],
)
def test_applications_outside_the_window_are_refused(world, opens, closes, status):
    today = timezone.localdate()
    programme = open_programme(world)
    Programme._default_manager.filter(pk=programme.pk).update(
        status=status,
        applications_open_on=None if opens is None else today + dt.timedelta(days=opens),
        applications_close_on=None if closes is None else today + dt.timedelta(days=closes),
    )
    assert enrolment.applications_closed_reason(fresh(programme))
    with pytest.raises(EnrolmentRefused) as refusal:
        enrolment.apply(
            programme=programme, person=world.member, by=world.member, motivation="x", answers=["x"]
        )
    assert refusal.value.code == "closed"


def test_the_window_is_inclusive_at_both_ends(world):
    today = timezone.localdate()
    programme = open_programme(world)
    programme.applications_open_on = today
    programme.applications_close_on = today
    assert enrolment.application_window_open(programme, today)
    assert not enrolment.application_window_open(programme, today + dt.timedelta(days=1))


def test_a_person_of_no_organisation_that_takes_part_is_refused(world):
    with pytest.raises(EnrolmentRefused, match="organisaatiosi ei osallistu"):
        enrolment.apply(
            programme=open_programme(world),
            person=world.nobody,
            by=world.nobody,
            motivation="x",
            answers=["x"],
        )


def test_people_of_the_organisers_network_may_apply(world):
    """Kemi shares Oulu's network: a teacher of Koulu K takes part through Koulu K."""
    teacher = UserFactory()
    MembershipFactory(user=teacher, organisation=world.school_k)
    p = enrolment.apply(
        programme=open_programme(world), person=teacher, by=teacher, motivation="x", answers=["x"]
    )
    assert p.organisation == world.school_k


def test_an_unrelated_organisations_people_may_not_apply(world):
    teacher = UserFactory()
    MembershipFactory(user=teacher, organisation=OrganisationFactory(name="Muu kunta"))
    with pytest.raises(EnrolmentRefused):
        enrolment.apply(
            programme=open_programme(world),
            person=teacher,
            by=teacher,
            motivation="x",
            answers=["x"],
        )


def test_the_manager_applies_on_behalf_of_their_teacher_who_is_told(world, mailoutbox, commit):
    with commit():
        p = enrolment.apply(
            programme=open_programme(world),
            person=world.member,
            by=world.manager,
            motivation="Hyvä valmentaja.",
            answers=["Opettaja"],
        )
    p = fresh(p)
    assert p.person == world.member
    assert p.applied_by == world.manager
    assert [m.to for m in mailoutbox] == [[world.member.email], [world.coordinator.email]]
    assert world.manager.display_name in mailoutbox[0].body


def test_a_tutor_may_not_apply_on_behalf_of_a_colleague(world):
    with pytest.raises(PermissionDeniedError):
        enrolment.apply(
            programme=open_programme(world),
            person=world.member,
            by=world.tutor,
            motivation="x",
            answers=["x"],
        )


def test_a_second_application_is_refused_but_a_withdrawn_one_may_be_made_again(world):
    programme = open_programme(world)
    first = enrolment.apply(
        programme=programme, person=world.member, by=world.member, motivation="x", answers=["x"]
    )
    with pytest.raises(EnrolmentRefused) as refusal:
        enrolment.apply(
            programme=programme, person=world.member, by=world.member, motivation="y", answers=["y"]
        )
    assert refusal.value.code == "duplicate"
    enrolment.cancel(participant=first, by=world.member)
    again = enrolment.apply(
        programme=programme, person=world.member, by=world.member, motivation="z", answers=["z"]
    )
    assert again.pk == first.pk
    assert fresh(again).status == Participant.Status.APPLIED
    assert fresh(again).motivation == "z"


# --- Decisions --------------------------------------------------------------------------------


def test_accepting_enrols_counts_the_place_and_tells_the_applicant(world, mailoutbox, commit):
    programme = open_programme(world)
    p = applicant(programme, world.member, world.school_a)
    with commit():
        enrolment.accept(participant=p, by=world.coordinator, message="Tervetuloa!")
    p = fresh(p)
    assert p.status == Participant.Status.ENROLLED
    assert p.enrolled_at is not None
    assert p.decided_by == world.coordinator
    assert fresh(programme).enrolled == 1
    assert "Tervetuloa!" in mailoutbox[-1].body
    assert mailoutbox[-1].to == [world.member.email]


def test_a_full_programme_refuses_the_accept_and_changes_nothing(world, mailoutbox, commit):
    programme = open_programme(world, capacity=1)
    enrolled(programme, world.tutor, world.school_a)
    p = applicant(programme, world.member, world.school_a)
    with pytest.raises(EnrolmentRefused) as refusal:
        enrolment.accept(participant=p, by=world.coordinator)
    assert refusal.value.code == "full"
    assert fresh(p).status == Participant.Status.APPLIED
    assert fresh(programme).enrolled == 1
    assert mailoutbox == []


def test_a_programme_without_a_capacity_takes_everyone(world):
    programme = open_programme(world, capacity=None)
    for person in teachers(world, 5):
        enrolment.accept(
            participant=applicant(programme, person, world.school_a), by=world.coordinator
        )
    assert fresh(programme).enrolled == 5


def test_waitlisting_and_declining_tell_the_applicant(world, mailoutbox, commit):
    programme = open_programme(world)
    a, b = teachers(world, 2)
    with commit():
        pa = enrolment.waitlist(
            participant=applicant(programme, a, world.school_a), by=world.coordinator
        )
        pb = enrolment.decline(
            participant=applicant(programme, b, world.school_a),
            by=world.coordinator,
            message="Haku painottui työvalmentajiin.",
        )
    assert fresh(pa).status == Participant.Status.WAITLISTED
    assert fresh(pa).waitlisted_at is not None
    assert fresh(pb).status == Participant.Status.DECLINED
    assert [m.to[0] for m in mailoutbox] == [a.email, b.email]
    assert "Haku painottui työvalmentajiin." in mailoutbox[1].body
    assert fresh(programme).enrolled == 0


def test_declining_needs_a_message(world):
    p = applicant(open_programme(world), world.member, world.school_a)
    with pytest.raises(EnrolmentRefused) as refusal:
        enrolment.decline(participant=p, by=world.coordinator, message="  ")
    assert refusal.value.code == "message"


def test_a_decided_application_is_not_decided_again(world):
    programme = open_programme(world)
    p = applicant(programme, world.member, world.school_a)
    enrolment.accept(participant=p, by=world.coordinator)
    with pytest.raises(EnrolmentRefused):
        enrolment.accept(participant=p, by=world.coordinator)
    with pytest.raises(EnrolmentRefused):
        enrolment.decline(participant=p, by=world.coordinator, message="x")
    assert fresh(programme).enrolled == 1


@pytest.mark.parametrize("role", ["manager", "tutor", "member", "outsider"])
def test_only_the_organisers_coordinator_decides(world, role):
    programme = open_programme(world)
    p = applicant(programme, world.coach, world.school_a)
    for decide in (enrolment.accept, enrolment.waitlist):
        with pytest.raises(PermissionDeniedError):
            decide(participant=p, by=world.by_role(role))
    assert fresh(p).status == Participant.Status.APPLIED


def test_a_trainer_may_not_decide_either(world):
    programme = open_programme(world)
    programme.trainers.add(world.tutor)
    p = applicant(programme, world.member, world.school_a)
    with pytest.raises(PermissionDeniedError):
        enrolment.accept(participant=p, by=world.tutor)


# --- Direct enrolment -------------------------------------------------------------------------


def test_the_coordinator_enrols_a_person_directly(world, mailoutbox, commit):
    programme = open_programme(world)
    with commit():
        p = enrolment.enrol(programme=programme, person=world.member, by=world.coordinator)
    p = fresh(p)
    assert p.status == Participant.Status.ENROLLED
    assert p.applied_at is None
    assert p.organisation == world.school_a
    assert fresh(programme).enrolled == 1
    assert mailoutbox[-1].to == [world.member.email]


def test_direct_enrolment_accepts_an_earlier_application(world):
    programme = open_programme(world)
    p = applicant(programme, world.member, world.school_a)
    again = enrolment.enrol(programme=programme, person=world.member, by=world.coordinator)
    assert again.pk == p.pk
    assert fresh(p).status == Participant.Status.ENROLLED
    assert fresh(programme).enrolled == 1


def test_direct_enrolment_respects_the_capacity_and_the_duplicate(world):
    programme = open_programme(world, capacity=1)
    enrolment.enrol(programme=programme, person=world.member, by=world.coordinator)
    with pytest.raises(EnrolmentRefused) as refusal:
        enrolment.enrol(programme=programme, person=world.member, by=world.coordinator)
    assert refusal.value.code == "duplicate"
    with pytest.raises(EnrolmentRefused) as refusal:
        enrolment.enrol(programme=programme, person=world.tutor, by=world.coordinator)
    assert refusal.value.code == "full"
    assert fresh(programme).enrolled == 1


def test_a_person_outside_the_programmes_organisations_is_not_enrolled(world):
    with pytest.raises(EnrolmentRefused) as refusal:
        enrolment.enrol(programme=open_programme(world), person=world.nobody, by=world.coordinator)
    assert refusal.value.code == "not_eligible"


def test_only_the_coordinator_enrols(world):
    with pytest.raises(PermissionDeniedError):
        enrolment.enrol(programme=open_programme(world), person=world.member, by=world.manager)


# --- Cancelling and the waiting list ----------------------------------------------------------


def test_cancelling_an_enrolment_moves_the_first_waiting_person_up(world, mailoutbox, commit):
    programme = open_programme(world, capacity=2)
    a, b, c, d = teachers(world, 4)
    pa = enrolled(programme, a, world.school_a)
    enrolled(programme, b, world.school_a)
    now = timezone.now()
    # c waited first (earlier waitlisted_at) although d's row is older.
    pd = applicant(
        programme, d, world.school_a, status="waitlisted", waitlisted_at=now - dt.timedelta(hours=1)
    )
    pc = applicant(
        programme, c, world.school_a, status="waitlisted", waitlisted_at=now - dt.timedelta(hours=2)
    )
    with commit():
        enrolment.cancel(participant=pa, by=a, reason="Muuttuneet työtehtävät")
    assert fresh(pa).status == Participant.Status.WITHDRAWN
    assert fresh(pc).status == Participant.Status.ENROLLED
    assert fresh(pd).status == Participant.Status.WAITLISTED
    assert fresh(programme).enrolled == 2
    # The person who cancelled themselves is not mailed; the promoted one is.
    assert [m.to for m in mailoutbox] == [[c.email]]
    assert "varasijalta" in mailoutbox[0].subject


def test_withdrawing_an_application_frees_no_place(world):
    programme = open_programme(world, capacity=1)
    a, b = teachers(world, 2)
    enrolled(programme, a, world.school_a)
    pb = applicant(programme, b, world.school_a, status="waitlisted", waitlisted_at=timezone.now())
    mine = enrolment.apply(
        programme=programme, person=world.member, by=world.member, motivation="x", answers=["x"]
    )
    enrolment.cancel(participant=mine, by=world.member)
    assert fresh(mine).status == Participant.Status.WITHDRAWN
    assert fresh(pb).status == Participant.Status.WAITLISTED
    assert fresh(programme).enrolled == 1


def test_the_person_cannot_cancel_after_the_start_but_the_coordinator_can(
    world, mailoutbox, commit
):
    today = timezone.localdate()
    programme = open_programme(world, starts_on=today - dt.timedelta(days=1))
    p = enrolled(programme, world.member, world.school_a)
    with pytest.raises(EnrolmentRefused) as refusal:
        enrolment.cancel(participant=p, by=world.member)
    assert refusal.value.code == "started"
    assert fresh(programme).enrolled == 1
    with commit():
        enrolment.cancel(participant=p, by=world.coordinator, reason="Ei aloittanut")
    assert fresh(p).status == Participant.Status.WITHDRAWN
    assert fresh(p).decision_message == "Ei aloittanut"
    assert fresh(programme).enrolled == 0
    assert mailoutbox[-1].to == [world.member.email]
    assert "Ei aloittanut" in mailoutbox[-1].body


@pytest.mark.parametrize("role", ["manager", "tutor", "coach", "outsider"])
def test_others_may_not_cancel(world, role):
    programme = open_programme(world)
    p = enrolled(programme, world.member, world.school_a)
    with pytest.raises(PermissionDeniedError):
        enrolment.cancel(participant=p, by=world.by_role(role))
    assert fresh(p).status == Participant.Status.ENROLLED


def test_a_completed_participation_is_not_cancelled(world):
    programme = open_programme(world)
    p = enrolled(programme, world.member, world.school_a)
    Participant._default_manager.filter(pk=p.pk).update(status=Participant.Status.COMPLETED)
    with pytest.raises(EnrolmentRefused):
        enrolment.cancel(participant=p, by=world.coordinator)


def test_raising_the_capacity_promotes_as_many_as_fit(world, mailoutbox, commit):
    programme = open_programme(world, capacity=1)
    a, b, c, d = teachers(world, 4)
    enrolled(programme, a, world.school_a)
    now = timezone.now()
    waiting = [
        applicant(
            programme,
            person,
            world.school_a,
            status="waitlisted",
            waitlisted_at=now + dt.timedelta(seconds=n),
        )
        for n, person in enumerate((b, c, d))
    ]
    Programme._default_manager.filter(pk=programme.pk).update(capacity=3)
    with commit():
        promoted = enrolment.promote_waiting(fresh(programme), by=world.coordinator)
    assert [p.pk for p in promoted] == [waiting[0].pk, waiting[1].pk]
    assert fresh(waiting[2]).status == Participant.Status.WAITLISTED
    assert fresh(programme).enrolled == 3
    assert [m.to[0] for m in mailoutbox] == [b.email, c.email]


def test_place_released_lowers_the_counter_without_promoting(world):
    programme = open_programme(world, capacity=1)
    a, b = teachers(world, 2)
    enrolled(programme, a, world.school_a)
    pb = applicant(programme, b, world.school_a, status="waitlisted", waitlisted_at=timezone.now())
    enrolment.place_released(programme)
    assert fresh(programme).enrolled == 0
    assert fresh(pb).status == Participant.Status.WAITLISTED


def test_mail_is_in_the_recipients_language(world, mailoutbox, commit):
    world.member.preferred_language = "sv"
    world.member.save(update_fields=["preferred_language"])
    programme = open_programme(world)
    with commit():
        enrolment.accept(
            participant=applicant(programme, world.member, world.school_a), by=world.coordinator
        )
    assert "Hej!" in mailoutbox[-1].body
    assert "Hei!" not in mailoutbox[-1].body


def test_raising_the_capacity_in_the_plan_gives_the_waiting_people_their_places(world):
    from tutori.programmes.services.programmes import programme_update

    programme = open_programme(world, capacity=1)
    a, b, c = teachers(world, 3)
    enrolled(programme, a, world.school_a)
    now = timezone.now()
    pb, pc = (
        applicant(
            programme,
            person,
            world.school_a,
            status="waitlisted",
            waitlisted_at=now + dt.timedelta(seconds=n),
        )
        for n, person in enumerate((b, c))
    )
    programme_update(by=world.coordinator, programme=fresh(programme), capacity=2)
    assert fresh(pb).status == Participant.Status.ENROLLED
    assert fresh(pc).status == Participant.Status.WAITLISTED
    assert fresh(programme).enrolled == 2


def test_a_coordinator_who_switched_the_news_off_is_not_told(world, mailoutbox, commit):
    world.coordinator.notifications_off = [enrolment.APPLICATION_NEW]
    world.coordinator.save(update_fields=["notifications_off"])
    with commit():
        enrolment.apply(
            programme=open_programme(world),
            person=world.member,
            by=world.member,
            motivation="x",
            answers=["x"],
        )
    assert [m.to for m in mailoutbox] == [[world.member.email]]
