"""The people who gave an answer in an identified survey as a group ("surveys.answers"):
offered to those who may read every answer of the survey, never for an anonymous survey."""

from __future__ import annotations

from tests.factories import MembershipFactory, UserFactory
from tests.paths.people_setup import paths_of, template_of
from tests.surveys.factories import QuestionFactory, SurveyFactory, respond
from tutori.core import registry
from tutori.core.scoping import scopes_disabled
from tutori.paths.services import people as services
from tutori.surveys import answer_cohorts


def willing_survey(world, *, anonymous=False):
    survey = SurveyFactory(
        organisation=world.oulu, title="Vertaisohjaajakartoitus", anonymous=anonymous
    )
    question = QuestionFactory(
        survey=survey,
        single=True,
        text="Haluatko vertaisohjaajaksi?",
        choices=["Kyllä", "Ehkä", "Ei"],
    )
    with scopes_disabled():
        yes, maybe, no = list(question.choices.order_by("order"))
    return survey, question, yes, maybe, no


def test_the_source_is_declared():
    assert answer_cohorts.KEY in {s.key for s in registry.cohort_sources()}


def test_the_coordinator_sees_each_choice_as_a_group_and_its_people(world):
    survey, question, yes, _maybe, no = willing_survey(world)
    willing = [UserFactory() for _ in range(2)]
    for person in willing:
        respond(survey, {question: yes}, person=person)
    respond(survey, {question: no}, person=UserFactory())
    respond(survey, {question: yes}, person=UserFactory(), submitted=False)
    cohorts = dict(answer_cohorts.cohorts(world.coordinator))
    assert cohorts[str(yes.pk)] == "Vertaisohjaajakartoitus: Haluatko vertaisohjaajaksi? = Kyllä"
    assert str(no.pk) in cohorts
    assert sorted(answer_cohorts.members(str(yes.pk))) == sorted(p.pk for p in willing)
    assert answer_cohorts.members("x") == []
    assert answer_cohorts.members("9" * 40) == []


def test_an_anonymous_survey_is_never_a_group(world):
    survey, question, yes, _maybe, _no = willing_survey(world, anonymous=True)
    respond(survey, {question: yes})
    assert answer_cohorts.cohorts(world.coordinator) == []
    assert answer_cohorts.members(str(yes.pk)) == []


def test_those_who_may_not_read_every_answer_are_offered_nothing(world):
    willing_survey(world)
    for user in (world.outsider, world.manager, world.coach, world.member, world.nobody):
        assert answer_cohorts.cohorts(user) == []
    assert answer_cohorts.cohorts(world.admin) != []


def test_the_willing_are_put_on_the_path(client, world):
    survey, question, yes, _maybe, no = willing_survey(world)
    willing = UserFactory(display_name="Halukas Hanna")
    MembershipFactory(user=willing, organisation=world.school_a)
    respond(survey, {question: yes}, person=willing)
    respond(survey, {question: no}, person=world.member)
    template = template_of(world.oulu)
    client.force_login(world.coordinator)
    page = client.get(reverse_put_on(template)).content.decode()
    assert "Vertaisohjaajakartoitus: Haluatko vertaisohjaajaksi? = Kyllä" in page
    response = client.post(
        reverse_put_on(template), {"cohort": f"surveys.answers:{yes.pk}"}, follow=True
    )
    assert "Polulle liitettiin 1 henkilö: Halukas Hanna." in response.content.decode()
    assert len(paths_of(willing)) == 1 and paths_of(world.member) == []
    assert services.put_on  # the same service as one by one


def reverse_put_on(template):
    from django.urls import reverse

    return reverse("paths:put_on", args=[template.pk])
