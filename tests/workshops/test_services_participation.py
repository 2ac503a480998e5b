"""Taking part: joining by account or code, posting and deleting ideas, casting and taking
back votes within the workshop's limits; a closed phase refuses late ideas and votes."""

from __future__ import annotations

import pytest

from tests.workshops.workshop_setup import join, make_workshop, phase, questions, themed
from tutori.core.errors import ApplicationError, PermissionDeniedError
from tutori.core.scoping import scopes_disabled
from tutori.workshops.models import Idea, Phase, Vote
from tutori.workshops.services import participation as services
from tutori.workshops.services import workshops as workshop_services

pytestmark = pytest.mark.django_db


def test_a_code_is_found_as_typed_in_lower_case_or_with_spaces(world):
    workshop = make_workshop(world)
    code = workshop.join_code
    typed = f" {code[:3].lower()} {code[3:]} "
    assert services.workshop_by_code(typed) == workshop


@pytest.mark.parametrize("code", ["", "ABC", "ZZZZZZ", "ZZZZZZZ", "\x00\x00", "ä" * 6])
def test_a_wrong_code_gets_a_clear_message(world, code):
    make_workshop(world)
    with pytest.raises(ApplicationError, match="Koodilla ei löydy"):
        services.workshop_by_code(code)


def test_joining_without_an_account_keeps_only_the_hash_of_the_key(world):
    workshop = make_workshop(world)
    participant, key = services.participant_join(workshop=workshop, display_name=" Maija 🙂 ")
    assert key and len(key) >= 40
    assert participant.display_name == "Maija 🙂"
    assert participant.key_hash == services.key_hash(key) != key
    with pytest.raises(ApplicationError, match="nimi"):
        services.participant_join(workshop=workshop, display_name="  ")


def test_an_account_joins_once(world):
    workshop = make_workshop(world)
    first, key = services.participant_join(workshop=workshop, user=world.member)
    again, _key = services.participant_join(workshop=workshop, user=world.member)
    assert key is None
    assert first == again
    assert first.display_name == "Olli Opettaja"


def test_a_draft_or_closed_workshop_takes_nobody(world):
    draft = make_workshop(world, opened=False)
    with pytest.raises(ApplicationError, match="auki"):
        services.participant_join(workshop=draft, display_name="X")
    closed = workshop_services.workshop_close(by=world.coordinator, workshop=make_workshop(world))
    with pytest.raises(ApplicationError, match="päättynyt"):
        services.participant_join(workshop=closed, user=world.member)


def test_an_idea_is_kept_as_typed(world):
    workshop = make_workshop(world)
    q = questions(workshop)[0]
    text = "Åsa ja Jörö: vertaistuki 💡\nkahdella rivillä"
    idea = services.idea_post(participant=join(workshop), question=q, text=f"  {text}\x00 ")
    assert idea.text == text


def test_an_idea_too_long_or_empty_is_refused(world):
    workshop = make_workshop(world)
    q, me = questions(workshop)[0], join(workshop)
    with pytest.raises(ApplicationError, match="liian pitkä"):
        services.idea_post(participant=me, question=q, text="x" * 501)
    with pytest.raises(ApplicationError):
        services.idea_post(participant=me, question=q, text="   ")
    assert services.idea_post(participant=me, question=q, text="x" * 500)


def test_a_late_idea_after_the_phase_moved_is_refused_and_not_written(world):
    workshop = make_workshop(world)
    q, me = questions(workshop)[0], join(workshop)
    phase(world, q, Phase.GROUPING)
    # The participant's page still shows the ideas phase: the question object is stale.
    with pytest.raises(ApplicationError, match="Ideointi on päättynyt"):
        services.idea_post(participant=me, question=q, text="Myöhässä")
    with scopes_disabled():
        assert not Idea.objects.filter(question=q).exists()


def test_a_participant_of_another_workshop_cannot_post_or_vote_here(world):
    workshop, other = make_workshop(world), make_workshop(world)
    q = questions(workshop)[0]
    stranger = join(other)
    with pytest.raises(PermissionDeniedError):
        services.idea_post(participant=stranger, question=q, text="Idea")


def test_own_ideas_are_deleted_in_the_ideas_phase_only(world):
    workshop = make_workshop(world)
    q, me, other = questions(workshop)[0], join(workshop), join(workshop, "Toinen")
    idea = services.idea_post(participant=me, question=q, text="Poistettava")
    with pytest.raises(PermissionDeniedError):
        services.idea_delete(participant=other, idea=idea)
    kept = services.idea_post(participant=me, question=q, text="Jää")
    services.idea_delete(participant=me, idea=idea)
    phase(world, q, Phase.GROUPING)
    with pytest.raises(ApplicationError):
        services.idea_delete(participant=me, idea=kept)
    with scopes_disabled():
        assert list(Idea.objects.filter(question=q).values_list("text", flat=True)) == ["Jää"]


def _voting(world, **kwargs):
    workshop = make_workshop(world, **kwargs)
    q = questions(workshop)[0]
    themes = themed(world, q, {"A": ["a"], "B": ["b"], "C": ["c"], "D": ["d"]})
    phase(world, q, Phase.VOTING)
    return workshop, q, themes


def test_votes_stop_at_the_limit_with_a_clear_message(world):
    workshop, _q, t = _voting(world, votes_per_participant=3)
    me = join(workshop)
    for name in "ABC":
        services.vote_cast(participant=me, theme=t[name])
    with pytest.raises(ApplicationError, match="Äänesi on käytetty"):
        services.vote_cast(participant=me, theme=t["D"])
    with scopes_disabled():
        assert sorted(Vote.objects.filter(participant=me).values_list("slot", flat=True)) == [
            1,
            2,
            3,
        ]


def test_one_vote_per_theme_unless_the_facilitator_allows_more(world):
    workshop, _q, t = _voting(world, votes_per_participant=3)
    me = join(workshop)
    services.vote_cast(participant=me, theme=t["A"])
    with pytest.raises(ApplicationError, match="enimmäismäärän"):
        services.vote_cast(participant=me, theme=t["A"])

    workshop, _q, t = _voting(world, votes_per_participant=3, votes_per_theme=2)
    me = join(workshop)
    services.vote_cast(participant=me, theme=t["A"])
    services.vote_cast(participant=me, theme=t["A"])
    with pytest.raises(ApplicationError):
        services.vote_cast(participant=me, theme=t["A"])


def test_a_vote_taken_back_frees_its_slot(world):
    workshop, _q, t = _voting(world, votes_per_participant=2)
    me = join(workshop)
    services.vote_cast(participant=me, theme=t["A"])
    services.vote_cast(participant=me, theme=t["B"])
    assert services.vote_take_back(participant=me, theme=t["A"]) is True
    assert services.vote_take_back(participant=me, theme=t["A"]) is False
    vote = services.vote_cast(participant=me, theme=t["C"])
    assert vote.slot == 1


def test_votes_outside_voting_are_refused(world):
    workshop, q, t = _voting(world)
    me = join(workshop)
    phase(world, q, Phase.RESULTS)
    with pytest.raises(ApplicationError, match="Äänestys ei ole käynnissä"):
        services.vote_cast(participant=me, theme=t["A"])
    with pytest.raises(ApplicationError):
        services.vote_take_back(participant=me, theme=t["A"])


def test_a_theme_merged_away_while_the_vote_waited_for_the_lock_is_refused(world, monkeypatch):
    """The merge takes the question's lock between the vote's first read and its own lock:
    the vote is refused with a message (not an integrity error at commit)."""
    from tutori.workshops.models import Theme

    workshop, _q, t = _voting(world)
    me = join(workshop)
    original = services.lock_question

    def merged_meanwhile(question_id):  # type: ignore[no-untyped-def]
        with scopes_disabled():
            Theme.objects.filter(pk=t["A"].pk).delete()
        return original(question_id)

    monkeypatch.setattr(services, "lock_question", merged_meanwhile)
    with pytest.raises(ApplicationError, match="Teemaa ei enää ole"):
        services.vote_cast(participant=me, theme=t["A"])
    with scopes_disabled():
        assert not Vote.objects.filter(participant=me).exists()
