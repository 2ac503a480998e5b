"""The facilitator's services: creating and editing a workshop, opening it with a join code,
moving its questions through the phases (forward, or grouping back to ideas), closing it."""

from __future__ import annotations

from datetime import date

import pytest

from tests.workshops.workshop_setup import join, make_workshop, phase, questions
from tutori.core.errors import ApplicationError, PermissionDeniedError
from tutori.core.scoping import scopes_disabled
from tutori.workshops.models import CODE_ALPHABET, Phase, Workshop, WorkshopQuestion
from tutori.workshops.services import participation
from tutori.workshops.services import workshops as services

pytestmark = pytest.mark.django_db


def test_a_coordinator_creates_a_draft_workshop_with_its_questions_in_order(world):
    workshop = make_workshop(world, opened=False, questions=["Eka?", "", "  Toka?  "])
    assert workshop.status == Workshop.Status.DRAFT
    assert workshop.join_code is None
    assert workshop.created_by == world.coordinator
    assert [(q.position, q.text, q.phase) for q in questions(workshop)] == [
        (1, "Eka?", Phase.IDEAS),
        (2, "Toka?", Phase.IDEAS),
    ]


def test_a_tutor_of_a_school_creates_one_and_a_member_or_outsider_cannot(world):
    assert make_workshop(world, by=world.tutor, organisation=world.school_a, opened=False)
    for user in (world.member, world.outsider, world.manager):
        with pytest.raises(PermissionDeniedError):
            make_workshop(world, by=user, organisation=world.school_a, opened=False)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"title": "  "}, "otsikko"),
        ({"questions": ["", " "]}, "kysymys"),
        ({"votes_per_participant": 0}, "Ääniä"),
        ({"votes_per_participant": 21}, "Ääniä"),
        ({"votes_per_participant": 2, "votes_per_theme": 3}, "teemalle"),
        ({"questions": ["x" * 301]}, "liian pitkä"),
    ],
)
def test_bad_details_are_refused_with_a_message(world, kwargs, message):
    with pytest.raises(ApplicationError, match=message):
        make_workshop(world, opened=False, **kwargs)


def test_opening_makes_a_six_character_code_of_the_unambiguous_alphabet(world):
    workshop = make_workshop(world)
    assert workshop.status == Workshop.Status.OPEN
    assert workshop.opened_at is not None
    assert len(workshop.join_code) == 6
    assert set(workshop.join_code) <= set(CODE_ALPHABET)
    with pytest.raises(ApplicationError):
        services.workshop_open(by=world.coordinator, workshop=workshop)


def test_phases_move_forward_and_grouping_may_go_back_to_ideas(world):
    q = questions(make_workshop(world))[0]
    q = phase(world, q, Phase.GROUPING)
    q = phase(world, q, Phase.IDEAS)
    q = phase(world, q, Phase.VOTING)  # a step may be skipped
    for back in (Phase.GROUPING, Phase.IDEAS):
        with pytest.raises(ApplicationError):
            phase(world, q, back)
    q = phase(world, q, Phase.RESULTS)
    assert q.phase == Phase.RESULTS


def test_a_draft_workshops_phases_do_not_move(world):
    q = questions(make_workshop(world, opened=False))[0]
    with pytest.raises(ApplicationError, match="Avaa"):
        phase(world, q, Phase.GROUPING)


def test_all_questions_move_at_once_and_those_ahead_stay(world):
    workshop = make_workshop(world, questions=["A?", "B?", "C?"])
    _a, _b, c = questions(workshop)
    phase(world, c, Phase.RESULTS)
    moved = services.workshop_phase_set(by=world.coordinator, workshop=workshop, phase="voting")
    assert moved == 2
    assert [q.phase for q in questions(workshop)] == ["voting", "voting", "results"]


def test_closing_shows_every_result_and_the_code_is_refused_after(world):
    workshop = make_workshop(world)
    code = workshop.join_code
    workshop = services.workshop_close(by=world.coordinator, workshop=workshop)
    assert workshop.status == Workshop.Status.CLOSED
    assert workshop.join_code == code
    assert {q.phase for q in questions(workshop)} == {Phase.RESULTS}
    with pytest.raises(ApplicationError, match="päättynyt"):
        participation.workshop_by_code(code)
    with pytest.raises(ApplicationError):
        services.workshop_update(by=world.coordinator, workshop=workshop, title="Uusi")


def test_only_a_facilitator_moves_phases_and_the_creator_is_one(world):
    workshop = make_workshop(world, by=world.tutor, organisation=world.school_a)
    q = questions(workshop)[0]
    for user in (world.manager, world.member, world.outsider):
        with pytest.raises(PermissionDeniedError):
            services.question_phase_set(by=user, question=q, phase="grouping")
    # The coordinator of the municipality above the school facilitates too.
    services.question_phase_set(by=world.coordinator, question=q, phase="grouping")


def test_anonymity_is_fixed_once_opened_and_vote_limits_once_voted(world):
    workshop = make_workshop(world, votes_per_participant=2)
    with pytest.raises(ApplicationError, match="Nimettömyyttä"):
        services.workshop_update(by=world.coordinator, workshop=workshop, anonymous=False)
    services.workshop_update(by=world.coordinator, workshop=workshop, votes_per_participant=4)
    from tests.workshops.workshop_setup import themed

    q = questions(workshop)[0]
    themes = themed(world, q, {"Teema": ["Idea"]})
    phase(world, q, Phase.VOTING)
    participation.vote_cast(participant=join(workshop), theme=themes["Teema"])
    with pytest.raises(ApplicationError, match="Äänten"):
        services.workshop_update(by=world.coordinator, workshop=workshop, votes_per_participant=5)
    # Other details still change.
    updated = services.workshop_update(
        by=world.coordinator, workshop=workshop, title="Puimala 2", held_on=date(2026, 12, 1)
    )
    assert (updated.title, updated.held_on) == ("Puimala 2", date(2026, 12, 1))


def test_questions_with_ideas_keep_their_text_and_the_others_follow_the_lines(world):
    workshop = make_workshop(world, questions=["A?", "B?", "C?"])
    a = questions(workshop)[0]
    participation.idea_post(participant=join(workshop), question=a, text="Idea")
    services.workshop_update(by=world.coordinator, workshop=workshop, questions=["B2?", "D?"])
    assert [q.text for q in questions(workshop)] == ["A?", "B2?", "D?"]
    with pytest.raises(ApplicationError):
        services.question_update(by=world.coordinator, question=a, text="Muutettu?")
    with pytest.raises(ApplicationError):
        services.question_remove(by=world.coordinator, question=a)


def test_question_add_and_remove(world):
    workshop = make_workshop(world, opened=False, questions=["A?"])
    b = services.question_add(by=world.coordinator, workshop=workshop, text="B?")
    assert b.position == 2
    a = questions(workshop)[0]
    services.question_remove(by=world.coordinator, question=a)
    with pytest.raises(ApplicationError, match="ainakin yksi"):
        services.question_remove(by=world.coordinator, question=questions(workshop)[0])
    with scopes_disabled():
        assert list(
            WorkshopQuestion.objects.filter(workshop=workshop).values_list("position", "text")
        ) == [(1, "B?")]
