"""The coach's dashboard "Valmennettavat" and panel: their people and progress, the steps
overdue first, then due this week, then later, each window with its weekdays; only the
paths they coach; a constant number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import UserFactory
from tests.paths.coach_setup import LONG, SHORT, TRAINING, WILLING, coached, elsewhere
from tutori.paths.selectors.coach import coach_dashboard, panel_coach, window_text
from tutori.paths.services import schedule

pytestmark = pytest.mark.django_db

# A Wednesday; the week is Monday 8.3.–Sunday 14.3.2027.
TODAY = dt.date(2027, 3, 10)
STARTED = dt.date(2027, 2, 28)  # a Sunday


def titles(rows):
    return [r.ps.step.title for r in rows]


def test_a_window_shows_its_weekdays_in_finnish():
    with translation.override("fi"):
        assert window_text(dt.date(2027, 3, 13), dt.date(2027, 3, 14)) == "la 13.3.–su 14.3.2027"
        assert window_text(dt.date(2027, 3, 15), dt.date(2027, 3, 15)) == "ma 15.3.2027"
        assert (
            window_text(dt.date(2027, 12, 30), dt.date(2028, 1, 3)) == "to 30.12.2027–ma 3.1.2028"
        )
        assert window_text(None, None) == ""


def test_a_window_shows_its_weekdays_in_swedish_and_english():
    with translation.override("sv"):
        assert window_text(dt.date(2027, 3, 13), dt.date(2027, 3, 14)).startswith("lör 13.3.")
    with translation.override("en"):
        assert window_text(dt.date(2027, 3, 13), dt.date(2027, 3, 14)).startswith("Sat 13.3.")


def test_overdue_steps_come_first_then_this_weeks_then_later_ones(world):
    coached(world, started_on=STARTED)
    board = coach_dashboard(user=world.coach, today=TODAY)
    assert (board.week_from, board.week_end) == (dt.date(2027, 3, 8), dt.date(2027, 3, 14))
    # Willingness was due on the day of the start: ten days late.
    assert titles(board.overdue) == [WILLING]
    assert board.overdue[0].days == 10
    # The short supervision's last day is this Sunday (a weekend window is kept as it is).
    assert titles(board.this_week) == [SHORT]
    with translation.override("fi"):
        assert window_text(board.this_week[0].ps.due_from, board.this_week[0].ps.due_to) == (
            "su 7.3.–su 14.3.2027"
        )
    # The training is open until May: later, not this week.
    assert titles(board.upcoming) == [TRAINING]
    # The long supervision waits for the short one to be done (no dates yet).
    assert board.waiting == 1
    [person] = board.people
    assert (person.done, person.total, person.overdue) == (0, 4, 1)
    assert person.next_step is not None and person.next_step.ps.step.title == WILLING


def test_the_most_overdue_step_comes_first_across_people(world):
    coached(world, started_on=STARTED)
    other = UserFactory(display_name="Aino Aikaisempi")
    coached(world, started_on=STARTED - dt.timedelta(days=5), person=other)
    board = coach_dashboard(user=world.coach, today=TODAY)
    assert [(r.path.person, r.ps.step.title, r.days) for r in board.overdue] == [
        (other, WILLING, 15),
        (world.member, WILLING, 10),
        (other, SHORT, 1),
    ]
    assert [p.path.person for p in board.people] == [other, world.member]  # by name


def test_a_step_done_leaves_the_lists_and_counts_as_progress(world):
    c = coached(world, started_on=STARTED)
    schedule.step_done(person_step=c.step(WILLING), by=world.coach, on=TODAY)
    schedule.step_done(person_step=c.step(SHORT), by=world.coach, on=TODAY)
    board = coach_dashboard(user=world.coach, today=TODAY)
    assert board.overdue == [] and board.this_week == []
    # The long supervision is dated from the short one: 21–28 days later, a Wednesday.
    assert titles(board.upcoming) == [TRAINING, LONG]
    assert board.upcoming[1].window.startswith("ke 31.3.")
    assert (board.people[0].done, board.people[0].total) == (2, 4)


def test_only_the_paths_one_coaches_are_shown(world):
    coached(world, started_on=STARTED)
    elsewhere(world)
    coached(world, started_on=STARTED, person=UserFactory(), coach=None)  # nobody coaches it
    board = coach_dashboard(user=world.coach, today=TODAY)
    assert [p.path.person for p in board.people] == [world.member]
    # Oulu's coordinator follows these paths but coaches none of them.
    assert coach_dashboard(user=world.coordinator, today=TODAY).people == []


def test_a_stopped_path_leaves_the_dashboard(world):
    c = coached(world, started_on=STARTED)
    type(c.path).internal_objects.filter(pk=c.path.pk).update(status="stopped")
    assert coach_dashboard(user=world.coach, today=TODAY).people == []


def test_the_panel_shows_overdue_and_this_weeks_steps(world):
    coached(world, started_on=STARTED)
    panel = panel_coach(user=world.coach, today=TODAY)
    assert panel is not None
    assert titles(panel["overdue"]) == [WILLING] and panel["overdue_count"] == 1
    assert titles(panel["this_week"]) == [SHORT] and panel["this_week_count"] == 1


def test_the_panel_is_left_out_for_those_with_nothing_due(world):
    assert panel_coach(user=world.coach, today=TODAY) is None
    assert panel_coach(user=world.member, today=TODAY) is None
    coached(world, started_on=TODAY)
    # Willingness is due today and the training opens today; the short supervision opens
    # next week.
    panel = panel_coach(user=world.coach, today=TODAY)
    assert panel is not None and titles(panel["this_week"]) == [WILLING, TRAINING]
    assert panel["overdue"] == []


def test_the_page_shows_the_coachs_people_and_steps(client, world):
    c = coached(world, days_ago=10)
    client.force_login(world.coach)
    response = client.get(reverse("paths:coach"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Valmennettavat" in html
    assert world.member.display_name in html
    assert html.index("Myöhässä") < html.index(WILLING) < html.index("Tällä viikolla")
    assert reverse("paths:step_done", args=[c.step(WILLING).pk]) in html
    assert reverse("paths:supervision_new", args=[c.path.pk]) in html


def test_a_coach_without_people_is_told_how_they_get_some(client, world):
    client.force_login(world.coach)
    response = client.get(reverse("paths:coach"))
    assert response.status_code == 200
    assert "Sinulla ei ole vielä valmennettavia" in response.content.decode()


def test_the_dashboard_panel_is_on_the_front_page(client, world):
    coached(world, days_ago=10)
    client.force_login(world.coach)
    html = client.get(reverse("dashboard:dashboard")).content.decode()
    assert 'id="paths-coach-heading"' in html and WILLING in html


def test_people_without_the_coach_role_are_refused(client, world):
    client.force_login(world.member)
    assert client.get(reverse("paths:coach")).status_code == 403


@pytest.mark.parametrize("people", [1, 8])
def test_the_page_makes_a_constant_number_of_queries(
    client, world, django_assert_max_num_queries, people
):
    for n in range(people):
        coached(world, days_ago=10 + n, person=UserFactory(display_name=f"Henkilö {n}"))
    client.force_login(world.coach)
    with django_assert_max_num_queries(9):
        response = client.get(reverse("paths:coach"))
    assert response.status_code == 200


def test_long_lists_show_the_first_steps_and_count_the_rest(client, world, monkeypatch):
    from tutori.paths.selectors import coach as selectors

    monkeypatch.setattr(selectors, "DUE_SHOWN", 1)
    coached(world, days_ago=10)
    coached(world, days_ago=10, person=UserFactory(display_name="Aino Aikaisempi"))
    board = coach_dashboard(user=world.coach)
    assert (len(board.overdue), board.overdue_more) == (1, 1)
    client.force_login(world.coach)
    html = client.get(reverse("paths:coach")).content.decode()
    assert "Lisäksi 1 myöhässä oleva vaihe." in html
