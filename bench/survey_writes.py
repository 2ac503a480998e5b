"""The surveys' write in the benchmark: people answering a survey through their personal
links, as fast as they can.

The survey is the built-in course-feedback instrument (grade 4–10 and free text), open and
anonymous, made once in the first municipality of the generated database. Each run mints
fresh personal links (a link answers once), so runs can follow each other on one database.
Afterwards the database must hold exactly one submitted answer per accepted submission and
every such link marked answered; anything else counts as an error.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

TITLE = "Benchmark: koulutuksen palaute"
# Links minted per client: more than a client can use in the longest run.
LINKS_PER_CLIENT = 800


def prepare(clients: int) -> tuple[int, list[list[str]], str]:
    """The benchmark's open feedback survey (made on first use), ``clients`` lists of fresh
    personal links to it, and the form body that answers every one of its questions."""
    from django.db import transaction
    from django.utils import timezone

    from tutori.accounts.models import User
    from tutori.core.scoping import scopes_disabled
    from tutori.orgs.models import Organisation, OrganisationKind
    from tutori.surveys.instruments import COURSE_FEEDBACK, built_in, survey_from_instrument
    from tutori.surveys.models import Recipient, Survey
    from tutori.surveys.services.distribution import new_token

    now = timezone.now()
    with scopes_disabled(), transaction.atomic():
        town = (
            Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY).order_by("pk").first()
        )
        assert town is not None, "the benchmark database has no municipality"
        survey = Survey.objects.filter(title=TITLE, organisation=town).first()
        if survey is None:
            instrument = built_in(COURSE_FEEDBACK)
            assert instrument is not None, "the built-in feedback instrument is missing"
            survey = survey_from_instrument(
                instrument,
                organisation=town,
                title=TITLE,
                by=User.objects.get(email="coordinator@bench.tutori.fi"),
                status=Survey.Status.OPEN,
                opens_at=now - timedelta(days=1),
            )
        Survey.objects.filter(pk=survey.pk).update(
            status=Survey.Status.OPEN, closes_at=now + timedelta(days=30)
        )
        links: list[list[str]] = []
        rows = []
        for _client in range(clients):
            mine = []
            for _ in range(LINKS_PER_CLIENT):
                token, hashed = new_token()
                mine.append(token)
                rows.append(
                    Recipient(
                        survey=survey,
                        email=f"answer-{hashed[:24]}@bench.tutori.fi",
                        organisation=town,
                        token_hash=hashed,
                        sent_at=now,
                    )
                )
            links.append(mine)
        Recipient.objects.bulk_create(rows, batch_size=2000)
        body = urlencode(answers(survey), doseq=True)
    return survey.pk, links, body


def answers(survey: Any) -> list[tuple[str, str]]:
    """A full answer to every question of ``survey`` as form fields (submitted)."""
    from tutori.surveys.forms.answer import field_name
    from tutori.surveys.models import Question

    Kind = Question.Kind
    fields: list[tuple[str, str]] = []
    for q in survey.questions.order_by("order", "pk").prefetch_related("choices"):
        name = field_name(q)
        if q.kind == Kind.LIKERT:
            fields.append((name, "4"))
        elif q.kind == Kind.GRADE:
            fields.append((name, "8"))
        elif q.kind in (Kind.SINGLE, Kind.MULTIPLE):
            fields.append((name, str(q.choices.all()[0].pk)))
        elif q.kind == Kind.NUMBER:
            fields.append((name, str(q.min_value if q.min_value is not None else 1)))
        elif q.kind == Kind.TEXT:
            fields.append((name, "Käytännön esimerkit auttoivat. Lisää aikaa keskustelulle!"))
    fields.append(("action", "submit"))
    return fields


def survey_writes(
    post: Callable[[str, str, str | None], tuple[int, str]], duration: float, clients: int
) -> dict[str, Any]:
    """``clients`` respondents each submit a full answer through one personal link after
    another for ``duration`` seconds; answers per second, errors, and the database check."""
    from django.db import connection

    from tutori.core.scoping import scopes_disabled
    from tutori.surveys.models import Recipient, Response

    survey, links, body = prepare(clients)
    stats = {"answered": 0, "errors": 0}
    lock = threading.Lock()
    deadline = time.monotonic() + duration

    def client(mine: list[str]) -> None:
        for token in mine:
            if time.monotonic() >= deadline:
                break
            status, _location = post(f"/surveys/answer/{token}/", body, None)
            with lock:
                if status == 200:  # the thank-you page (a refusal is 4xx)
                    stats["answered"] += 1
                else:
                    stats["errors"] += 1
        connection.close()

    with scopes_disabled():
        before = Response.objects.filter(survey_id=survey, submitted=True).count()
        marked_before = Recipient.objects.filter(survey_id=survey, answered=True).count()
    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(mine,)) for mine in links]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    with scopes_disabled():
        submitted = Response.objects.filter(survey_id=survey, submitted=True).count() - before
        marked = Recipient.objects.filter(survey_id=survey, answered=True).count() - marked_before
    # Every accepted answer stored once, and its link used up; nothing else.
    mismatched = int(submitted != stats["answered"]) + int(marked != stats["answered"])
    return {
        **stats,
        "clients": clients,
        "seconds": round(elapsed, 1),
        "answers_per_s": round(stats["answered"] / elapsed, 1) if elapsed else 0.0,
        "mismatched": mismatched,
    }
