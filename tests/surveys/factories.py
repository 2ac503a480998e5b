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


def respond(survey, answers, **response_fields):  # type: ignore[no-untyped-def]
    """A submitted response of ``survey`` (``submitted=False`` for a draft) with ``answers``:
    ``{question: value}`` where a value is a number (scale, grade, number), a text, a Choice,
    a list of Choices (multiple) or a list of ``(topic_id, label)`` pairs (topics)."""
    response = ResponseFactory(survey=survey, **response_fields)
    rows = []
    for question, value in answers.items():
        values = value if isinstance(value, list) else [value]
        for item in values:
            if isinstance(item, Choice):
                rows.append(Answer(response=response, question=question, choice=item))
            elif isinstance(item, tuple):
                topic_id, label = item
                rows.append(
                    Answer(
                        response=response, question=question, topic_id=topic_id, topic_label=label
                    )
                )
            elif isinstance(item, int):
                rows.append(Answer(response=response, question=question, number=item))
            else:
                rows.append(Answer(response=response, question=question, text=item))
    Answer.objects.bulk_create(rows)
    return response
