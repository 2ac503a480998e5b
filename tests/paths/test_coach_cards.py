"""Valmennettavat's step cards and table of paths, written in one pass per list
(paths/templatetags/coach_cards.py), and the dates written without Django's date formatter
(paths/dates.py): the same text, every typed text escaped, every state and action shown."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import formats, translation

from tests.factories import UserFactory
from tests.paths.coach_setup import LONG, SHORT, TRAINING, WILLING, coached
from tutori.core.scoping import scopes_disabled
from tutori.paths.dates import day_text, window_text
from tutori.paths.models import PersonStep
from tutori.paths.services import schedule

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_dates_are_djangos_date_format_in_each_language(language):
    days = [dt.date(2026, 12, 20) + dt.timedelta(days=n) for n in range(30)]
    days += [dt.date(2027, 3, 28), dt.date(2027, 10, 31), dt.date(2028, 2, 29)]
    with translation.override(language):
        for day in days:
            assert day_text(day) == formats.date_format(day, "D j.n.Y")
            later = day + dt.timedelta(days=9)
            first = "D j.n." if day.year == later.year else "D j.n.Y"
            assert window_text(day, later) == (
                f"{formats.date_format(day, first)}–{formats.date_format(later, 'D j.n.Y')}"
            )
            assert window_text(day, day) == formats.date_format(day, "D j.n.Y")
        assert day_text(None) == "" and window_text(days[0], None) == ""


def test_the_cards_and_the_table_escape_what_people_typed(client, world):
    typed = UserFactory(display_name='<b>Aino & "Bea"</b>')
    c = coached(world, person=typed)
    with scopes_disabled():
        PersonStep.objects.filter(pk=c.step(SHORT).pk).update(rescheduled_reason="<i>sairas</i>")
        type(c.path.template).objects.filter(pk=c.path.template_id).update(name="<u>Polku</u>")
    client.force_login(world.coach)
    html = client.get(reverse("paths:coach")).content.decode()
    assert "<b>Aino" not in html and "<i>sairas" not in html and "<u>Polku" not in html
    assert "&lt;b&gt;Aino &amp; &quot;Bea&quot;&lt;/b&gt;" in html
    assert "Aikataulua muutettu: &lt;i&gt;sairas&lt;/i&gt;" in html
    assert html.count("&lt;u&gt;Polku&lt;/u&gt;") >= 2  # the cards and the table


def test_each_card_shows_its_state_window_and_actions(client, world):
    # Ten days on the path: willingness overdue, the short supervision open (7–14 days).
    c = coached(world, days_ago=10)
    client.force_login(world.coach)
    html = client.get(reverse("paths:coach")).content.decode()
    willing, short, training = (c.step(t) for t in (WILLING, SHORT, TRAINING))
    assert '<span class="badge badge-warn">10 päivää myöhässä</span>' in html
    with translation.override("fi"):
        window = window_text(short.due_from, short.due_to)
    assert f'{window} <span class="badge badge-ok">avoinna nyt</span>' in html
    nxt = "?next=" + reverse("paths:coach")
    for ps in (willing, short, training):
        done = reverse("paths:step_done", args=[ps.pk]) + nxt
        assert f'href="{done}" hx-get="{done}" hx-target="#step-{ps.pk}-actions"' in html
        assert f'href="{reverse("paths:step_reschedule", args=[ps.pk])}{nxt}"' in html
    # The supervision can be recorded from its card; the training's card has no such link.
    record = reverse("paths:supervision_new", args=[c.path.pk])
    assert f'href="{record}?step={short.pk}&amp;next=/paths/coach/"' in html
    assert f"?step={training.pk}&amp;" not in html
    # The long supervision has no dates yet: counted, not carded.
    cards, table = html.split('id="coach-people-heading"')
    assert LONG not in cards and "1 vaihe odottaa tapahtumaa" in cards
    # The table: the person's progress, overdue count and next step.
    assert "0/4 vaihetta" in table and "1 myöhässä" in table and WILLING in table


def test_a_later_step_says_in_how_many_days_it_opens(client, world):
    c = coached(world, days_ago=10)
    # The short supervision done today: the long one opens in 21 days.
    schedule.step_done(person_step=c.step(SHORT), by=world.coach)
    client.force_login(world.coach)
    html = client.get(reverse("paths:coach")).content.decode()
    assert '<span class="badge">alkaa 21 päivän päästä</span>' in html and LONG in html


def test_the_swapped_in_card_of_a_step_done_says_when(client, world):
    c = coached(world)
    ps = c.step(WILLING)
    client.force_login(world.coach)
    day = ps.due_to
    answer = client.post(
        reverse("paths:step_done", args=[ps.pk]),
        {"done_on": day.isoformat(), "next": reverse("paths:coach")},
        HTTP_HX_REQUEST="true",
    )
    html = answer.content.decode()
    assert html.startswith(f'<li id="step-{ps.pk}" class="card">')
    with translation.override("fi"):
        done = f'<p role="status"><span class="badge badge-ok">tehty</span> {day_text(day)}</p>'
    assert done in html
    assert "Merkitse tehdyksi" not in html
