"""A person's workshop data: their participations and ideas are in their export; erasing
them blanks their name on the participant row and keeps the ideas and votes counted."""

from __future__ import annotations

import pytest

from tests.workshops.workshop_setup import join, make_workshop, questions
from tutori.core.personal_data import person_erase, person_export
from tutori.core.scoping import scopes_disabled
from tutori.workshops.models import Idea, WorkshopParticipant
from tutori.workshops.services import participation

pytestmark = pytest.mark.django_db


def test_export_holds_ones_participation_and_ideas_and_erasure_keeps_the_result(world):
    workshop = make_workshop(world, anonymous=False)
    q = questions(workshop)[0]
    me = join(workshop, "Olli O.", user=world.member)
    other = join(workshop, "Joku muu")
    participation.idea_post(participant=me, question=q, text="Oma idea")
    participation.idea_post(participant=other, question=q, text="Toisen idea")

    exported = person_export(person=world.member)
    ideas = [row["text"] for row in exported["workshops.Idea"]]
    assert ideas == ["Oma idea"]
    assert [row["display_name"] for row in exported["workshops.WorkshopParticipant"]] == ["Olli O."]

    person_erase(person=world.member)
    with scopes_disabled():
        assert WorkshopParticipant.objects.get(pk=me.pk).display_name == ""
        assert Idea.objects.filter(question=q).count() == 2
