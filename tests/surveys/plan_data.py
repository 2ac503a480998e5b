"""A needs survey of Oulu with answers from its schools, for the school-plan tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tests.conftest import World
from tests.factories import TopicFactory, UserFactory
from tutori.orgs.models import Organisation
from tutori.surveys.models import Answer, Purpose, Question, Response, Survey
from tutori.tutoring.models import NamedTutor, Topic, TutorProfile


@dataclass
class NeedsSurvey:
    survey: Survey
    topics_q: Question
    need_q: Question
    digi: Topic  # chosen by everybody; offered by Koulu A's tutor (named) and another
    arviointi: Topic  # asked about by the need question; nobody offers it: the gap
    robotiikka: Topic  # chosen by nobody


def answer(survey: NeedsSurvey, school: Organisation, *, topics: list[Topic], need: int) -> None:
    response = Response._default_manager.create(
        survey=survey.survey,
        organisation=school,
        role="member",
        submitted=True,
        submitted_on=date(2026, 10, 1),
    )
    rows = [
        Answer(response=response, question=survey.topics_q, topic_id=t.pk, topic_label=t.name)
        for t in topics
    ]
    rows.append(Answer(response=response, question=survey.need_q, number=need))
    Answer.objects.bulk_create(rows)


def needs_survey(w: World, *, in_a: int = 6, in_b: int = 3) -> NeedsSurvey:
    survey = Survey._default_manager.create(
        organisation=w.oulu,
        title="Opettajien tutorointitarpeet 2026",
        purpose=Purpose.NEEDS,
        status=Survey.Status.OPEN,
    )
    survey.audience_organisations.set([w.oulu])
    digi = TopicFactory(organisation=w.oulu, name="Digipedagogiikka")
    arviointi = TopicFactory(organisation=w.oulu, name="Arviointi")
    robotiikka = TopicFactory(organisation=w.oulu, name="Robotiikka")
    topics_q = Question.objects.create(
        survey=survey, key="tn_topics", kind=Question.Kind.TOPICS, text="Aiheet?"
    )
    need_q = Question.objects.create(
        survey=survey,
        key="tn_need_assessment",
        kind=Question.Kind.LIKERT,
        text="Arviointi",
        measures_need=True,
        topic_id=arviointi.pk,
        scale_labels=["ei lainkaan", "vähän", "jonkin verran", "paljon", "erittäin paljon"],
    )
    data = NeedsSurvey(survey, topics_q, need_q, digi, arviointi, robotiikka)
    other = UserFactory(display_name="Aapo Aalto")
    for user, organisation in ((w.tutor, w.school_a), (other, w.oulu)):
        profile = TutorProfile._default_manager.create(user=user, organisation=organisation)
        profile.topics.set([digi, robotiikka])
    NamedTutor._default_manager.create(school=w.school_a, tutor=w.tutor)
    # Koulu A: everybody chose digi; need for assessment 5, 4, 3, 2, 1, 5, …
    for n in range(in_a):
        answer(data, w.school_a, topics=[digi], need=5 - n % 5)
    for _n in range(in_b):
        answer(data, w.school_b, topics=[digi, arviointi], need=5)
    return data
