"""A results export larger than TUTORI_EXPORT_INLINE_ROWS goes through the task queue after the
same checks as a small one: the person lands on the job page, the worker builds the very rows
the request would have, writes the same audit entry, and the file is downloaded from there."""

from __future__ import annotations

import csv
import io

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from tests.core.test_tasks import DATABASE_QUEUE, run_worker_batch
from tests.factories import MembershipFactory, UserFactory
from tests.surveys.factories import QuestionFactory, SurveyFactory, respond
from tests.surveys.test_results_views import answer_many
from tests.surveys.test_results_views import survey as survey  # the fixture
from tutori.core.models import ExportJob
from tutori.orgs.models import Membership, Role


@pytest.fixture(autouse=True)
def _small_inline_limit(settings):  # type: ignore[no-untyped-def]
    settings.TUTORI_EXPORT_INLINE_ROWS = 10


def _url(survey, fmt="csv", query=""):  # type: ignore[no-untyped-def]
    return reverse("surveys:results_export", args=[survey.pk, fmt]) + (f"?{query}" if query else "")


def _csv(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def _download(client, job):  # type: ignore[no-untyped-def]
    response = client.get(reverse("core:export_download", args=[job.pk]))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def _identified(world):  # type: ignore[no-untyped-def]
    survey = SurveyFactory(organisation=world.oulu, identified=True, open=True, title="Osaaminen")
    question = QuestionFactory(survey=survey, number=True, text="Montako?")
    for i in range(12):
        person = UserFactory(display_name=f"Opettaja {i:02}")
        MembershipFactory(user=person, organisation=world.school_a)
        respond(survey, {question: i}, person=person, organisation=world.school_a)
    return survey


@pytest.mark.django_db
def test_a_large_export_is_queued_and_its_file_has_the_rows_of_the_inline_export(
    client, world, settings, django_capture_on_commit_callbacks
):
    survey = _identified(world)
    client.force_login(world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):  # the queue runs the task here
        response = client.get(_url(survey))
    job = ExportJob.internal_objects.get()
    assert response.status_code == 302 and response.url == reverse("core:export", args=[job.pk])
    assert job.params == {"survey": survey.pk, "organisation": None, "role": "", "with_names": True}
    assert (job.status, job.rows, job.requested_by) == ("done", 12, world.coordinator)
    assert job.title == "Kyselyn vastaukset: Osaaminen"
    queued = _download(client, job)

    settings.TUTORI_EXPORT_INLINE_ROWS = 5000
    inline = client.get(_url(survey)).content
    assert queued == inline  # the named rows are sorted: byte for byte the same
    rows = _csv(queued)
    assert rows[0] == ["Organisaatio", "Rooli", "Nimi", "Sähköposti", "Montako?"]
    assert [row[2] for row in rows[1:]] == [f"Opettaja {i:02}" for i in range(12)]
    first, second = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).order_by("pk")
    assert first.changes == second.changes  # the same audit entry, written at the build
    assert "csv; 12 rows; Kaikki vastaukset; names" in str(first.changes)


@pytest.mark.django_db
def test_the_queued_xlsx_holds_the_same_cells(
    client, world, settings, django_capture_on_commit_callbacks
):
    from openpyxl import load_workbook

    survey = _identified(world)
    client.force_login(world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(_url(survey, "xlsx"))
    job = ExportJob.internal_objects.get()
    queued = load_workbook(io.BytesIO(_download(client, job))).active
    settings.TUTORI_EXPORT_INLINE_ROWS = 5000
    inline = load_workbook(io.BytesIO(client.get(_url(survey, "xlsx")).content)).active
    assert queued.title == inline.title == "Vastaukset"
    cells = [[c.value for c in row] for row in queued.iter_rows()]
    assert cells == [[c.value for c in row] for row in inline.iter_rows()]
    assert len(cells) == 13


@pytest.mark.django_db
def test_an_anonymous_survey_queues_no_identifiers(
    client, world, survey, django_capture_on_commit_callbacks
):
    answer_many(survey, 8, organisation=world.school_a)
    answer_many(survey, 6, organisation=world.school_b, role=Role.TUTOR)
    client.force_login(world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(_url(survey))
    job = ExportJob.internal_objects.get()
    assert job.params["with_names"] is False
    rows = _csv(_download(client, job))
    assert rows[0][:2] == ["Organisaatio", "Rooli"] and "Nimi" not in rows[0]
    assert len(rows) == 15
    member, tutor = str(Role.MEMBER.label), str(Role.TUTOR.label)
    assert sorted((row[0], row[1]) for row in rows[1:]) == sorted(
        [("Koulu A", member)] * 8 + [("Koulu B", tutor)] * 6
    )


@pytest.mark.django_db
def test_the_refusals_are_told_at_once_and_queue_nothing(client, world, survey):
    answer_many(survey, 12, organisation=world.school_a)
    answer_many(survey, 3, organisation=world.school_b)
    client.force_login(world.coordinator)

    few = client.get(_url(survey, query=f"organisation={world.school_b.pk}"), follow=True)
    assert "Alle 5 vastausta" in few.content.decode()
    rest = client.get(_url(survey, query=f"organisation={world.school_a.pk}"), follow=True)
    assert "Rajaus jättää pois alle 5 vastausta" in rest.content.decode()
    client.force_login(world.member)
    assert client.get(_url(survey)).status_code == 404
    assert not ExportJob.internal_objects.exists()
    assert not LogEntry.objects.filter(action=LogEntry.Action.ACCESS).exists()


@pytest.mark.django_db
def test_a_manager_who_lost_the_unit_gets_nothing(
    client, world, survey, django_capture_on_commit_callbacks
):
    answer_many(survey, 12, organisation=world.school_a)
    client.force_login(world.manager)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(_url(survey, query=f"organisation={world.school_a.pk}"))
    job = ExportJob.internal_objects.get()
    assert job.status == "done" and job.params["organisation"] == world.school_a.pk
    assert job.title == "Kyselyn vastaukset: Tarvekartoitus (Organisaatio: Koulu A)"
    Membership._default_manager.filter(user=world.manager).delete()
    client.force_login(world.manager)
    assert client.get(reverse("core:export_download", args=[job.pk])).status_code == 403


@pytest.mark.django_db(transaction=True)
def test_through_the_database_queue_the_request_only_queues(client, world, settings):
    settings.TASKS = DATABASE_QUEUE
    survey = _identified(world)
    client.force_login(world.coordinator)
    response = client.get(_url(survey))
    job = ExportJob.internal_objects.get()
    assert job.status == "queued"
    page = client.get(response.url).content.decode()
    assert "jonossa" in page and 'hx-trigger="every 2s"' in page
    run_worker_batch()
    job.refresh_from_db()
    assert (job.status, job.rows) == ("done", 12)
    assert len(_csv(_download(client, job))) == 13
