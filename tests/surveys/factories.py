"""Factories of surveys, their sections, questions and answers (shared by the surveys tests)."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from tutori.surveys.models import (
    DEFAULT_SCALE,
    Answer,
    Choice,
    Question,
    Recipient,
    Response,
    Section,
    Survey,
    token_hash,
)


class SurveyFactory(DjangoModelFactory):
    class Meta:
        model = Survey

    title = factory.Sequence(lambda n: f"Kysely {n}")
    organisation = None

    class Params:
        instrument = factory.Trait(is_instrument=True)
        open = factory.Trait(status=Survey.Status.OPEN)
        closed = factory.Trait(status=Survey.Status.CLOSED)
        identified = factory.Trait(anonymous=False)


class SectionFactory(DjangoModelFactory):
    class Meta:
        model = Section

    survey = factory.SubFactory(SurveyFactory)
    title = factory.Sequence(lambda n: f"Osio {n}")
    order = factory.Sequence(lambda n: n)


class QuestionFactory(DjangoModelFactory):
    class Meta:
        model = Question
        skip_postgeneration_save = True

    survey = factory.SubFactory(SurveyFactory)
    key = factory.Sequence(lambda n: f"k{n}")
    kind = Question.Kind.TEXT
    text = factory.Sequence(lambda n: f"Kysymys {n}?")
    order = factory.Sequence(lambda n: n)

    class Params:
        likert = factory.Trait(kind=Question.Kind.LIKERT, scale_labels=list(DEFAULT_SCALE))
        grade = factory.Trait(kind=Question.Kind.GRADE)
        single = factory.Trait(kind=Question.Kind.SINGLE)
        multiple = factory.Trait(kind=Question.Kind.MULTIPLE)
        number = factory.Trait(kind=Question.Kind.NUMBER)
        topics = factory.Trait(kind=Question.Kind.TOPICS)

    @factory.post_generation
    def choices(self, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        """``QuestionFactory(single=True, choices=["kyllä", "ei"])``."""
        for i, label in enumerate(extracted or []):
            Choice.objects.create(question=self, label=label, order=i)


class RecipientFactory(DjangoModelFactory):
    class Meta:
        model = Recipient

    survey = factory.SubFactory(SurveyFactory)
    email = factory.Sequence(lambda n: f"vastaaja{n}@example.fi")
    token_hash = factory.Sequence(lambda n: token_hash(f"token-{n}"))


class ResponseFactory(DjangoModelFactory):
    class Meta:
        model = Response

    survey = factory.SubFactory(SurveyFactory)
    submitted = True


class AnswerFactory(DjangoModelFactory):
    class Meta:
        model = Answer

    response = factory.SubFactory(ResponseFactory)
    question = factory.SubFactory(QuestionFactory)
