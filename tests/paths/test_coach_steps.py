"""A coach marks a step done (asked first; in place with htmx) and moves a step's window with
a reason, through the path engine."""

from __future__ import annotations

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from tests.paths.coach_setup import LONG, SHORT, WILLING, coached, fresh
from tutori.core.errors import ApplicationError, PermissionDeniedError
from tutori.paths.services import coach as services

pytestmark = pytest.mark.django_db


def test_marking_done_asks_first(client, world):
    c = coached(world)
    client.force_login(world.coach)
    url = reverse("paths:step_done", args=[c.step(WILLING).pk])
    response = client.get(url)
    assert response.status_code == 200
    assert "Merkitäänkö vaihe tehdyksi?" in response.content.decode()
    assert fresh(c.step(WILLING)).done_on is None


def test_the_coach_marks_a_step_done_and_returns_where_they_came_from(client, world):
    c = coached(world)
    client.force_login(world.coach)
    url = reverse("paths:step_done", args=[c.step(SHORT).pk])
    today = timezone.localdate()
    response = client.post(url, {"done_on": today.isoformat(), "next": "/paths/coach/?x=1"})
    assert response.status_code == 302 and response["Location"] == "/paths/coach/?x=1"
    done = fresh(c.step(SHORT))
    assert (done.done_on, done.done_by) == (today, world.coach)
    # The long supervision is dated from the short one's day.
    long = fresh(c.step(LONG))
    assert long.due_from == today + dt.timedelta(days=21)


def test_a_done_step_may_be_recorded_for_an_earlier_day_but_not_a_later_one(client, world):
    c = coached(world)
    client.force_login(world.coach)
    url = reverse("paths:step_done", args=[c.step(WILLING).pk])
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = client.post(url, {"done_on": tomorrow.isoformat()})
    assert response.status_code == 400
    assert fresh(c.step(WILLING)).done_on is None
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    client.post(url, {"done_on": yesterday.isoformat()})
    assert fresh(c.step(WILLING)).done_on == yesterday


def test_an_address_elsewhere_is_not_followed_after_marking_done(client, world):
    c = coached(world)
    client.force_login(world.coach)
    url = reverse("paths:step_done", args=[c.step(WILLING).pk])
    today = timezone.localdate().isoformat()
    response = client.post(url, {"done_on": today, "next": "https://evil.example/"})
    assert response["Location"] == reverse("paths:coach")


def test_with_htmx_the_question_and_the_done_row_come_in_place(client, world):
    c = coached(world)
    ps = c.step(WILLING)
    client.force_login(world.coach)
    url = reverse("paths:step_done", args=[ps.pk])
    question = client.get(url, HTTP_HX_REQUEST="true")
    html = question.content.decode()
    assert question.status_code == 200 and "<h1" not in html
    assert f'hx-target="#step-{ps.pk}-actions"' in html and f'id="step-{ps.pk}-done_on"' in html
    today = timezone.localdate()
    answer = client.post(url, {"done_on": today.isoformat()}, HTTP_HX_REQUEST="true")
    assert answer.status_code == 200
    assert answer["HX-Retarget"] == f"#step-{ps.pk}" and answer["HX-Reswap"] == "outerHTML"
    assert 'role="status"' in answer.content.decode()
    assert fresh(ps).done_on == today


def test_with_htmx_an_error_stays_in_the_question(client, world):
    c = coached(world)
    client.force_login(world.coach)
    url = reverse("paths:step_done", args=[c.step(WILLING).pk])
    answer = client.post(url, {"done_on": "2999-01-01"}, HTTP_HX_REQUEST="true")
    assert answer.status_code == 200
    assert "Anna päivä väliltä" in answer.content.decode()
    assert "HX-Retarget" not in answer


def test_a_step_done_already_is_not_done_twice(client, world):
    c = coached(world)
    services.step_complete(by=world.coach, person_step=c.step(WILLING))
    client.force_login(world.coach)
    url = reverse("paths:step_done", args=[c.step(WILLING).pk])
    response = client.post(url, {"done_on": timezone.localdate().isoformat()}, follow=True)
    assert "Vaihe on jo tehty." in response.content.decode()


def test_the_coach_moves_a_window_with_a_reason(client, world):
    c = coached(world)
    ps = c.step(SHORT)
    client.force_login(world.coach)
    url = reverse("paths:step_reschedule", args=[ps.pk])
    assert client.get(url).status_code == 200
    first = timezone.localdate() + dt.timedelta(days=20)
    last = first + dt.timedelta(days=3)
    response = client.post(
        url,
        {"due_from": first.isoformat(), "due_to": last.isoformat(), "reason": "Sairasloma"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("paths:coach")
    assert "Vaiheen aikataulu muutettu" in response.content.decode()
    moved = fresh(ps)
    assert (moved.due_from, moved.due_to) == (first, last)
    assert (moved.rescheduled_reason, moved.rescheduled_by) == ("Sairasloma", world.coach)
    # The computed window is kept in the audit trail.
    entry = LogEntry.objects.get_for_object(moved).filter(action=LogEntry.Action.UPDATE).first()
    assert entry is not None and "due_from" in entry.changes_dict


@pytest.mark.parametrize(
    "body, message",
    [
        ({"due_from": "2027-03-10", "due_to": "2027-03-12"}, "Kerro syy aikataulun muutokselle."),
        (
            {"due_from": "2027-03-10", "due_to": "2027-03-01", "reason": "x"},
            "Viimeinen päivä ei voi olla ennen ensimmäistä.",
        ),
        ({"due_from": "", "due_to": "2027-03-01", "reason": "x"}, "Anna ensimmäinen päivä."),
    ],
)
def test_a_move_without_a_reason_or_backwards_is_refused_and_keeps_what_was_typed(
    client, world, body, message
):
    c = coached(world)
    ps = c.step(SHORT)
    client.force_login(world.coach)
    response = client.post(reverse("paths:step_reschedule", args=[ps.pk]), body)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert f'value="{body["due_to"]}"' in html
    assert fresh(ps).due_from == ps.due_from


def test_the_services_refuse_anyone_but_the_coach_and_the_coordinators(world):
    c = coached(world)
    with pytest.raises(PermissionDeniedError):
        services.step_complete(by=world.manager, person_step=c.step(WILLING))
    with pytest.raises(PermissionDeniedError):
        services.step_move(
            by=world.member,
            person_step=c.step(WILLING),
            due_from=timezone.localdate(),
            due_to=timezone.localdate(),
            reason="x",
        )
    services.step_complete(by=world.coordinator, person_step=c.step(WILLING))
    assert fresh(c.step(WILLING)).done_by == world.coordinator


def test_a_done_step_cannot_be_moved(world):
    c = coached(world)
    services.step_complete(by=world.coach, person_step=c.step(WILLING))
    with pytest.raises(ApplicationError):
        services.step_move(
            by=world.coach,
            person_step=fresh(c.step(WILLING)),
            due_from=timezone.localdate(),
            due_to=timezone.localdate(),
            reason="x",
        )
