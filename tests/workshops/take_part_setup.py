"""Helpers of the taking-part tests (W2): a workshop Koulu A's teacher (``member``) joined
with their account, a joiner without an account in their own browser, an idea, a theme."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from tests.workshops.workshop_setup import join, make_workshop, phase, questions, themed
from tutori.workshops.models import Idea, Phase, Theme, Workshop, WorkshopQuestion
from tutori.workshops.services import participation


def joined_workshop(world: Any, **kwargs: Any) -> Workshop:
    """An open workshop of Oulu, run by Oulu's coordinator, that the member joined."""
    workshop = make_workshop(world, **kwargs)
    join(workshop, user=world.member)
    return workshop


def first_question(workshop: Workshop) -> WorkshopQuestion:
    return questions(workshop)[0]


def member_idea(world: Any, workshop: Workshop, text: str = "Vertaisryhmä joka kuukausi") -> Idea:
    participant = join(workshop, user=world.member)
    return participation.idea_post(
        participant=participant, question=first_question(workshop), text=text
    )


def voting_theme(world: Any, workshop: Workshop) -> Theme:
    """A theme of the first question, which is put to the vote."""
    question = first_question(workshop)
    themes = themed(world, question, {"Aikaa tutoroinnille": ["Tunti viikossa"]})
    phase(world, question, Phase.VOTING)
    return themes["Aikaa tutoroinnille"]


def code_joiner(workshop: Workshop, name: str = "Maija 🙂") -> Client:
    """A browser of someone who joined by the code with a display name only."""
    client = Client()
    response = client.post(
        reverse("workshops:join"), {"code": workshop.join_code, "display_name": name}
    )
    assert response.status_code == 302, response.status_code
    return client
