"""Exports built in the task worker (core.export_jobs): a job is claimed once however many
runs race for it, records its progress in steps, fails with a key (never a traceback),
expires with its file, and its download is the requester's alone, only while the exporter
still allows them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory
from tests.racing import race
from tutori.core import export_jobs
from tutori.core.export_jobs import ExportRefused, export_build_run, export_queue, exports_prune
from tutori.core.exports import csv_response
from tutori.core.models import ExportJob
from tutori.core.registry import Exporter, registry

NAME = "tests.rows"
# Who the test exporter allows (ids); emptied by the fixture.
ALLOWED: set[int] = set()
# What the test builder does besides yielding rows.
BEHAVIOUR: dict[str, object] = {}
HEADER = ["Nro", "Teksti", "Luku"]


def _rows(n: int) -> list[list[object]]:
    return [[i, f"=rivi {i}", i / 4] for i in range(n)]


def _build(job, progress):  # type: ignore[no-untyped-def]
    if BEHAVIOUR.get("refuse"):
        raise ExportRefused("too_few")
    if BEHAVIOUR.get("crash"):
        raise RuntimeError("Olli Opettaja's answers broke it")  # personal data in the text
    n = job.params["n"]
    progress(0, n)
    yield HEADER
    yield from _rows(n)


def _allowed(user, params):  # type: ignore[no-untyped-def]
    return user.pk in ALLOWED


@pytest.fixture
def exporter():  # type: ignore[no-untyped-def]
    ALLOWED.clear()
    BEHAVIOUR.clear()
    registry.exporters[NAME] = Exporter(NAME, _build, _allowed)
    yield
    registry.exporters.pop(NAME, None)


def _queue(user, n=10, fmt="csv"):  # type: ignore[no-untyped-def]
    ALLOWED.add(user.pk)
    return export_queue(
        user=user,
        exporter_name=NAME,
        params={"n": n},
        fmt=fmt,
        title="Testirivit",
        filename=f"rivit.{fmt}",
    )


def _job(pk: int) -> ExportJob:
    return ExportJob.internal_objects.get(pk=pk)


def _built() -> int:
    """How many jobs hold a file."""
    return ExportJob.internal_objects.filter(content__isnull=False).count()


@pytest.mark.django_db
def test_the_file_holds_what_the_inline_export_would(exporter):
    user = UserFactory()
    job = _queue(user, n=25)
    assert _job(job.pk).status == ExportJob.Status.QUEUED  # the task runs after the commit
    assert export_build_run(job_id=job.pk) == "done"
    job = _job(job.pk)
    assert (job.status, job.rows, job.done, job.total) == ("done", 25, 25, 25)
    inline = csv_response(HEADER, _rows(25), filename="rivit.csv").content
    assert bytes(job.content) == inline


@pytest.mark.django_db(transaction=True)
def test_two_runs_racing_for_one_job_build_it_once(exporter):
    user = UserFactory()
    built = _queue(user, n=50)  # here the queue's task runs at the commit: built at once
    assert _job(built.pk).status == "done"
    job = ExportJob.internal_objects.create(
        requested_by=user,
        exporter=NAME,
        params={"n": 50},
        format="csv",
        title="Testirivit",
        filename="rivit.csv",
        expires_at=timezone.now() + timedelta(days=7),
    )
    results = race(2, lambda i: export_build_run(job_id=job.pk))
    assert sorted(map(str, results)) == ["done", "skipped"]
    assert export_build_run(job_id=job.pk) == "skipped"  # and a third, later
    assert _built() == 2


@pytest.mark.django_db
def test_progress_is_written_in_steps_not_per_row(
    exporter, monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr(export_jobs, "PROGRESS_EVERY", 100)
    seen: list[tuple[int, int]] = []
    original = export_jobs._Progress._write

    def spy(self):  # type: ignore[no-untyped-def]
        seen.append((self.done, self.total))
        original(self)

    monkeypatch.setattr(export_jobs._Progress, "_write", spy)
    job = _queue(UserFactory(), n=1000)
    with django_assert_max_num_queries(25):
        export_build_run(job_id=job.pk)
    assert seen[0] == (0, 1000)
    assert seen[-1] == (1000, 1000)
    assert len(seen) <= 12  # the start, every 100th row, the end
    assert _job(job.pk).rows == 1000


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_failure_is_a_key_the_page_translates_never_the_error_text(exporter, client, caplog, fmt):
    user = UserFactory()
    BEHAVIOUR["crash"] = True
    job = _queue(user, fmt=fmt)
    assert export_build_run(job_id=job.pk) == "failed"
    job = _job(job.pk)
    assert (job.status, job.error, job.content) == ("failed", "failed", None)
    assert "Olli" not in caplog.text
    client.force_login(user)
    page = client.get(reverse("core:export", args=[job.pk])).content.decode()
    assert "Viennin tekeminen epäonnistui" in page
    assert "Olli" not in page and "RuntimeError" not in page
    assert client.get(reverse("core:export_download", args=[job.pk])).status_code == 404


@pytest.mark.django_db
def test_a_builders_refusal_and_a_lost_right_are_told_by_their_keys(exporter):
    user = UserFactory()
    BEHAVIOUR["refuse"] = True
    refused = _queue(user)
    export_build_run(job_id=refused.pk)
    assert _job(refused.pk).error == "too_few"
    BEHAVIOUR.clear()
    lost = _queue(user)
    ALLOWED.clear()  # the right went while the job waited in the queue
    assert export_build_run(job_id=lost.pk) == "not_allowed"
    assert _job(lost.pk).status == "failed" and _built() == 0


@pytest.mark.django_db
def test_expired_jobs_go_with_their_files_and_lost_workers_are_marked_failed(exporter):
    user = UserFactory()
    old, fresh, stuck = _queue(user, n=1), _queue(user, n=2), _queue(user, n=3)
    export_build_run(job_id=old.pk)
    export_build_run(job_id=fresh.pk)
    assert _built() == 2
    now = timezone.now()
    ExportJob.internal_objects.filter(pk=old.pk).update(expires_at=now - timedelta(minutes=1))
    ExportJob.internal_objects.filter(pk=stuck.pk).update(
        status="running", created_at=now - timedelta(hours=3)
    )
    assert exports_prune(now=now) == {"expired": 1, "stale": 1}
    assert not ExportJob.internal_objects.filter(pk=old.pk).exists()
    assert _built() == 1 and _job(fresh.pk).status == "done"
    assert _job(stuck.pk).status == "failed"


@pytest.mark.django_db
def test_the_download_is_the_requesters_alone_and_only_while_allowed(exporter, client):
    owner, other = UserFactory(), UserFactory()
    job = _queue(owner, n=7)
    export_build_run(job_id=job.pk)
    ALLOWED.add(other.pk)  # even someone the exporter would allow: not their job
    for url in ("core:export", "core:export_download"):
        client.force_login(other)
        assert client.get(reverse(url, args=[job.pk])).status_code == 404
    client.force_login(owner)
    download = client.get(reverse("core:export_download", args=[job.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith('attachment; filename="rivit.csv"')
    assert b"".join(download.streaming_content).count(b"\r\n") == 8
    ALLOWED.discard(owner.pk)  # the right is gone: nothing more, not even from the list
    assert client.get(reverse("core:export_download", args=[job.pk])).status_code == 403
    page = client.get(reverse("core:export", args=[job.pk])).content.decode()
    assert "Sinulla ei ole enää oikeutta" in page
    assert reverse("core:export_download", args=[job.pk]) not in page


@pytest.mark.django_db
def test_the_job_page_polls_while_running_and_stops_when_done(exporter, client):
    user = UserFactory()
    job = _queue(user, n=3)
    client.force_login(user)
    page = client.get(reverse("core:export", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in page and 'role="status"' in page
    assert "jonossa" in page
    fragment = client.get(reverse("core:export", args=[job.pk]), headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    ExportJob.internal_objects.filter(pk=job.pk).update(status="running", done=1000, total=4000)
    running = client.get(reverse("core:export", args=[job.pk]), headers={"HX-Request": "true"})
    assert running.status_code == 200
    assert "Tehdään: 1000 / 4000 riviä (25 %)" in running.content.decode()
    ExportJob.internal_objects.filter(pk=job.pk).update(status="queued", done=0, total=0)
    export_build_run(job_id=job.pk)
    done = client.get(reverse("core:export", args=[job.pk]), headers={"HX-Request": "true"})
    assert done.status_code == 286  # htmx stops polling and shows the download
    assert reverse("core:export_download", args=[job.pk]) in done.content.decode()
    page = client.get(reverse("core:export", args=[job.pk])).content.decode()
    assert "hx-trigger" not in page


@pytest.mark.django_db
def test_the_list_is_the_persons_own_newest_first_with_a_constant_number_of_queries(
    exporter, client, django_assert_max_num_queries
):
    user, other = UserFactory(), UserFactory()
    first = _queue(user)
    export_build_run(job_id=first.pk)
    second = _queue(user)
    _queue(other)
    client.force_login(user)
    page = client.get(reverse("core:exports")).content.decode()
    assert page.index(f"/exports/{second.pk}/") < page.index(f"/exports/{first.pk}/")
    assert page.count("Testirivit") == 2
    assert reverse("core:export_download", args=[first.pk]) in page
    for i in range(5):
        _queue(user, n=20 + i)
    with django_assert_max_num_queries(8):
        client.get(reverse("core:exports"))


@pytest.mark.django_db
def test_erasing_the_person_deletes_their_exports(exporter):
    from tutori.core.personal_data import person_erase, person_export

    user = UserFactory()
    job = _queue(user)
    export_build_run(job_id=job.pk)
    assert person_export(person=user)["core.ExportJob"][0]["title"] == "Testirivit"
    person_erase(person=user)
    assert not ExportJob.internal_objects.filter(pk=job.pk).exists()


@pytest.mark.django_db
def test_a_second_press_while_the_export_is_made_follows_the_same_job(exporter):
    user = UserFactory()
    first = _queue(user, n=5)
    assert _queue(user, n=5).pk == first.pk
    assert _queue(user, n=6).pk != first.pk  # another export
    assert _queue(user, n=5, fmt="xlsx").pk != first.pk
    export_build_run(job_id=first.pk)
    assert _queue(user, n=5).pk != first.pk  # done: a new press makes a new file
