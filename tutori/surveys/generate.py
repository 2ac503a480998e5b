"""Synthetic surveys for the benchmark: the first municipality's teachers' needs survey, made
from the built-in instrument and closed, with 100 000 submitted answers at national scale
(proportionally fewer at smaller scales) from its schools, and its recipients. A generator
step (see tutori/orgs/generate.py); written with bulk inserts in batches."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import timedelta
from random import Random
from typing import Any

from django.utils import timezone

from tutori.accounts.models import User
from tutori.core import registry
from tutori.core.scoping import scopes_disabled
from tutori.orgs.generate import BATCH, BENCH_DOMAIN
from tutori.orgs.models import Role
from tutori.surveys import instruments
from tutori.surveys.models import Answer, Choice, Question, Recipient, Response, Survey, token_hash
from tutori.surveys.services.plan import plan_tallies_store

NATIONAL_RESPONSES = 100_000
NATIONAL_PEOPLE = 60_000
TITLE = "Opettajien tutorointitarpeet (benchmark)"
NEED_KEYS = [key for key, _text in instruments.NEED_AREAS]


def response_count(scale: dict[str, int]) -> int:
    return max(round(NATIONAL_RESPONSES * scale["people"] / NATIONAL_PEOPLE), 10)


@scopes_disabled()
def surveys(
    *, scale: dict[str, int], rng: Random, state: dict[str, Any], progress: Callable[..., None]
) -> None:
    town = state["municipalities"][0]
    schools = [s for s in state["schools"] if s.parent_id == town.pk]
    source = registry.topic_source()
    topic_ids = [pk for pk, _label in source.topics(town.pk)] if source else []
    labels = dict(source.topics(town.pk)) if source else {}
    instrument = instruments.instrument_install(instruments.TRAINING_NEEDS)
    now = timezone.now()
    survey = instruments.survey_from_instrument(
        instrument,
        organisation=town,
        title=TITLE,
        by=User.objects.get(email=f"coordinator@{BENCH_DOMAIN}"),
        status=Survey.Status.CLOSED,
        opens_at=now - timedelta(days=60),
        closes_at=now - timedelta(days=30),
        audience_roles=[Role.MEMBER],
    )
    survey.audience_organisations.set([town])
    questions = {q.key: q for q in Question.objects.filter(survey=survey)}
    for index, key in enumerate(NEED_KEYS):
        if topic_ids:
            questions[key].topic_id = topic_ids[index % len(topic_ids)]
            questions[key].save(update_fields=["topic_id"])
    modes = list(Choice.objects.filter(question=questions["tn_mode"]))
    total = response_count(scale)
    closes = (now - timedelta(days=30)).date()
    # Each school weighs the topics its own way (a need profile per school).
    weights = {
        school.pk: {pk: rng.choice([0.05, 0.1, 0.2, 0.35, 0.6]) for pk in topic_ids}
        for school in schools
    }
    done = 0
    while done < total:
        size = min(BATCH // 2, total - done)
        batch_schools = [schools[(done + n) % len(schools)] for n in range(size)]
        responses = Response.objects.bulk_create(
            [
                Response(
                    survey=survey,
                    organisation=school,
                    role=Role.MEMBER,
                    language="fi",
                    submitted=True,
                    submitted_on=closes - timedelta(days=rng.randrange(30)),
                )
                for school in batch_schools
            ]
        )
        answers: list[Answer] = []
        for response, school in zip(responses, batch_schools, strict=True):
            need = weights[school.pk]
            chosen = [pk for pk in topic_ids if rng.random() < need[pk]] or topic_ids[:1]
            answers += [
                Answer(
                    response=response,
                    question=questions["tn_topics"],
                    topic_id=pk,
                    topic_label=labels[pk],
                )
                for pk in chosen
            ]
            answers += [
                Answer(
                    response=response,
                    question=questions[key],
                    number=rng.choice((3, 4, 5))
                    if questions[key].topic_id in chosen
                    else rng.choice((1, 2, 2, 3, 4)),
                )
                for key in NEED_KEYS
            ]
            answers.append(
                Answer(response=response, question=questions["tn_mode"], choice=rng.choice(modes))
            )
            if rng.random() < 0.05:
                answers.append(
                    Answer(
                        response=response,
                        question=questions["tn_free"],
                        text="Aikaa tutorointiin pitäisi olla lukujärjestyksessä.",
                    )
                )
        Answer.objects.bulk_create(answers, batch_size=BATCH)
        done += size
        progress("needs survey answers", done, total)
    # Those it was sent to: everyone who answered and a tenth more who did not.
    sent = total + total // 10
    for start in range(0, sent, BATCH):
        Recipient.objects.bulk_create(
            [
                Recipient(
                    survey=survey,
                    email=f"vastaaja{n}@bench.tutori.fi",
                    organisation=schools[n % len(schools)],
                    role=Role.MEMBER,
                    token_hash=token_hash(secrets.token_hex(16) + str(n)),
                    sent_at=now - timedelta(days=60),
                    send_count=1,
                    answered=n < total,
                )
                for n in range(start, min(start + BATCH, sent))
            ]
        )
    Survey.objects.filter(pk=survey.pk).update(send_total=sent)
    progress("needs survey recipients", sent)
    # Closed: its school plans read the answers counted once (as its first view would).
    survey.refresh_from_db()
    progress("school plan tallies", plan_tallies_store(survey=survey))
    state.update(survey=survey.pk, survey_responses=total)
