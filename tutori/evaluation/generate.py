"""Synthetic evaluations for the benchmark (``tutori generate``).

- Every municipality's finished training (the programmes step's, seed 004's shape) is
  evaluated: a pre and a post self-assessment from the built-in instrument and a course
  feedback survey; its participants answered the pre-assessment, those who completed the
  post-assessment and the feedback (a level or two higher at the end, grades around 8).
- The first municipality organises a national training, "Työvalmentajakoulutus,
  valtakunnallinen (benchmark)", whose participants come from schools across the country:
  its pre/post report alone covers about 100 000 answers at national scale (proportionally
  fewer at smaller scales), the size the issue asks one report to render quickly.

At national scale 301 evaluations, 903 surveys and about 230 000 answers, written with bulk
inserts in batches (surveys copied from the instruments in bulk, not one by one through the
builder). The bench coordinator manages the first municipality's programmes: the national
one's pre/post, attrition and funder report are the bench scenarios' pages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from random import Random
from typing import Any

from tutori.accounts.models import User
from tutori.core.scoping import scopes_disabled
from tutori.evaluation.models import ProgrammeEvaluation
from tutori.orgs.generate import BATCH, BENCH_DOMAIN
from tutori.orgs.models import Organisation, Role
from tutori.programmes.generate import FINISHED_NAME, LEAVE_REASONS, THEMES
from tutori.programmes.models import Participant, Programme
from tutori.surveys import instruments
from tutori.surveys.models import Answer, Question, Response, Section, Survey

NATIONAL_NAME = "Työvalmentajakoulutus, valtakunnallinen (benchmark)"
NATIONAL_ANSWERS = 100_000
NATIONAL_PEOPLE = 60_000
PER_SCHOOL = 8  # the national training's participants per school taking part
GRADES = [6, 7, 7, 8, 8, 8, 8, 9, 9, 10]


def national_participants(scale: dict[str, int], statements: int) -> int:
    """How many take part in the national training: pre answers of all, post answers of
    three in four, ``statements`` answers each, about NATIONAL_ANSWERS at national scale."""
    answers = NATIONAL_ANSWERS * scale["people"] / NATIONAL_PEOPLE
    return max(round(answers / (statements * 1.75)), 20)


def _copies(instrument: Survey, rows: list[Survey]) -> list[Survey]:
    """``rows`` (new surveys made from ``instrument``) with its sections and questions, in
    bulk: the same as the builder's copy, without a query per question."""
    surveys = Survey.objects.bulk_create(rows, batch_size=BATCH)
    sections = list(Section.objects.filter(survey=instrument).order_by("order", "pk"))
    questions = list(Question.objects.filter(survey=instrument).order_by("order", "pk"))
    new_sections = Section.objects.bulk_create(
        [
            Section(
                survey=survey,
                title=s.title,
                help_text=s.help_text,
                order=s.order,
                translations=s.translations,
            )
            for survey in surveys
            for s in sections
        ],
        batch_size=BATCH,
    )
    section_of = {
        (survey.pk, s.pk): new_sections[i * len(sections) + j]
        for i, survey in enumerate(surveys)
        for j, s in enumerate(sections)
    }
    Question.objects.bulk_create(
        [
            Question(
                survey=survey,
                section=section_of.get((survey.pk, q.section_id or 0)),
                key=q.key,
                kind=q.kind,
                text=q.text,
                help_text=q.help_text,
                required=q.required,
                order=q.order,
                scale_labels=q.scale_labels,
                translations=q.translations,
            )
            for survey in surveys
            for q in questions
        ],
        batch_size=BATCH,
    )
    return surveys


def _survey(
    instrument: Survey, programme: Programme, title: str, by: User | None, anonymous: bool
) -> Survey:
    assert programme.starts_on is not None
    return Survey(
        organisation_id=programme.organisation_id,
        instrument=instrument,
        title=f"{title} ({programme.organisation.name})"[:200],
        description=instrument.description,
        purpose=instrument.purpose,
        anonymous=anonymous,
        status=Survey.Status.CLOSED,
        translations=instrument.translations,
        created_by=by,
    )


class _Writer:
    """Responses and answers in batches (a response's answers follow it)."""

    def __init__(self, progress: Callable[..., None]) -> None:
        self.pending: list[tuple[Response, list[Answer]]] = []
        self.progress = progress
        self.answers = 0

    def add(self, response: Response, answers: list[Answer]) -> None:
        self.pending.append((response, answers))
        if len(self.pending) >= BATCH // 10:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        Response.objects.bulk_create([r for r, _a in self.pending])
        rows: list[Answer] = []
        for response, answers in self.pending:
            for answer in answers:
                answer.response = response
            rows += answers
        Answer.objects.bulk_create(rows, batch_size=BATCH)
        self.answers += len(rows)
        self.pending = []
        self.progress("evaluation answers", self.answers)


def _answer_all(
    writer: _Writer,
    rng: Random,
    surveys: tuple[Survey, Survey, Survey],
    participants: list[Participant],
    likert: dict[int, list[Question]],
    feedback_questions: dict[int, dict[str, Question]],
    programme: Programme,
) -> None:
    pre, post, feedback = surveys
    assert programme.starts_on is not None and programme.ends_on is not None
    for participant in participants:
        before = [rng.choice([1, 2, 2, 3, 3, 3, 4]) for _q in likert[pre.pk]]
        common = {
            "organisation_id": participant.organisation_id,
            "role": Role.MEMBER,
            "language": "fi",
            "submitted": True,
        }
        writer.add(
            Response(
                survey=pre,
                person_id=participant.person_id,
                submitted_on=programme.starts_on,
                **common,
            ),
            [
                Answer(question=q, number=value)
                for q, value in zip(likert[pre.pk], before, strict=True)
            ],
        )
        if participant.status != Participant.Status.COMPLETED:
            continue
        writer.add(
            Response(
                survey=post,
                person_id=participant.person_id,
                submitted_on=programme.ends_on,
                **common,
            ),
            [
                Answer(question=q, number=min(5, value + rng.choice([0, 1, 1, 1, 2])))
                for q, value in zip(likert[post.pk], before, strict=True)
            ],
        )
        asked = feedback_questions[feedback.pk]
        answers = [Answer(question=asked["cf_grade"], number=rng.choice(GRADES))]
        if rng.random() < 0.4:
            answers.append(
                Answer(question=asked["cf_reason"], text="Käytännönläheinen ja hyödyllinen.")
            )
        writer.add(Response(survey=feedback, submitted_on=programme.ends_on, **common), answers)


@scopes_disabled()
def evaluations(
    *, scale: dict[str, int], rng: Random, state: dict[str, Any], progress: Callable[..., None]
) -> None:
    towns: list[Organisation] = state["municipalities"]
    schools: list[Organisation] = state["schools"]
    members_by_school: list[list[int]] = state["members_by_school"]
    coordinator = User.objects.filter(email=f"coordinator@{BENCH_DOMAIN}").first()
    self_assessment = instruments.instrument_install(instruments.SELF_ASSESSMENT)
    course_feedback = instruments.instrument_install(instruments.COURSE_FEEDBACK)
    statements = Question.objects.filter(survey=self_assessment, kind=Question.Kind.LIKERT).count()

    # The national training of the first municipality, people from schools everywhere.
    wanted = national_participants(scale, statements)
    finished = list(
        Programme.objects.filter(name=FINISHED_NAME, organisation__in=towns)
        .select_related("organisation")
        .order_by("pk")
    )
    if not finished:
        return
    template = finished[0]
    assert template.starts_on is not None and template.ends_on is not None
    national = Programme.objects.create(
        organisation=towns[0],
        name=NATIONAL_NAME,
        credits=Decimal("5"),
        themes=THEMES,
        status=Programme.Status.FINISHED,
        starts_on=template.starts_on,
        ends_on=template.ends_on,
        capacity=wanted,
        completion_min_sessions=0,
        completion_all_assignments=False,
        created_by=coordinator,
    )
    chosen: list[tuple[int, int]] = []  # (person, school)
    order = list(range(len(schools)))
    rng.shuffle(order)
    for index in order:
        for pk in members_by_school[index][:PER_SCHOOL]:
            chosen.append((pk, schools[index].pk))
        if len(chosen) >= wanted:
            break
    chosen = chosen[:wanted]
    applied = dt.datetime.combine(template.starts_on - dt.timedelta(days=45), dt.time(12), dt.UTC)
    rows: list[Participant] = []
    for n, (pk, school) in enumerate(chosen):
        row = Participant(
            programme=national,
            person_id=pk,
            organisation_id=school,
            applied_at=applied,
            applied_by_id=pk,
            enrolled_at=applied,
        )
        if n % 4 == 3:
            row.status = Participant.Status.LEFT
            row.leave_reason = LEAVE_REASONS[n // 4 % len(LEAVE_REASONS)]
            row.left_at = applied + dt.timedelta(days=100)
        else:
            row.status = Participant.Status.COMPLETED
            row.completed_at = applied + dt.timedelta(days=200)
        rows.append(row)
    Participant.objects.bulk_create(rows, batch_size=BATCH)
    Programme.objects.filter(pk=national.pk).update(
        enrolled=sum(1 for r in rows if r.status in Participant.HOLDING)
    )
    national.organisation = towns[0]
    programmes = [national, *finished]
    progress("national training participants", len(rows))

    # Three surveys per evaluated programme, copied in bulk.
    made: list[Survey] = []
    for kind, title, anonymous in (
        ("pre", "Alkuarviointi", False),
        ("post", "Loppuarviointi", False),
        ("feedback", "Palaute", True),
    ):
        instrument = course_feedback if kind == "feedback" else self_assessment
        made += _copies(
            instrument,
            [_survey(instrument, p, title, coordinator, anonymous) for p in programmes],
        )
    count = len(programmes)
    pres, posts, feedbacks = made[:count], made[count : 2 * count], made[2 * count :]
    evaluations_made = ProgrammeEvaluation.objects.bulk_create(
        [
            ProgrammeEvaluation(
                programme=p,
                pre_survey=pre,
                post_survey=post,
                feedback_survey=feedback,
                pre_sent_at=dt.datetime.combine(p.starts_on, dt.time(8), dt.UTC)  # type: ignore[arg-type]
                if p.starts_on
                else None,
                post_sent_at=dt.datetime.combine(p.ends_on, dt.time(8), dt.UTC)  # type: ignore[arg-type]
                if p.ends_on
                else None,
                created_by=coordinator,
            )
            for p, pre, post, feedback in zip(programmes, pres, posts, feedbacks, strict=True)
        ],
        batch_size=BATCH,
    )
    progress("evaluations", len(evaluations_made))

    likert: dict[int, list[Question]] = {}
    for q in Question.objects.filter(
        survey__in=[*pres, *posts], kind=Question.Kind.LIKERT
    ).order_by("survey_id", "section__order", "order", "pk"):
        likert.setdefault(q.survey_id, []).append(q)
    feedback_questions: dict[int, dict[str, Question]] = {}
    for q in Question.objects.filter(survey__in=feedbacks):
        feedback_questions.setdefault(q.survey_id, {})[q.key] = q
    by_programme: dict[int, list[Participant]] = {}
    for participant in Participant.objects.filter(programme__in=programmes).order_by("pk"):
        by_programme.setdefault(participant.programme_id, []).append(participant)
    writer = _Writer(progress)
    for p, pre, post, feedback in zip(programmes, pres, posts, feedbacks, strict=True):
        _answer_all(
            writer,
            rng,
            (pre, post, feedback),
            [
                x
                for x in by_programme.get(p.pk, [])
                if x.status in (Participant.Status.COMPLETED, Participant.Status.LEFT)
            ],
            likert,
            feedback_questions,
            p,
        )
    writer.flush()
    state.update(
        evaluation_programme=national.pk,
        evaluation_first=finished[0].pk,
        evaluations=len(evaluations_made),
    )
