"""The catalogue's filters: each narrows the bookable times; bad values are ignored, never a 500."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import BookingFactory, SlotFactory, TopicFactory, UserFactory
from tutori.core.time import local
from tutori.tutoring.models import Mode, Place, TutorProfile


def _profile(user, organisation, topics=()):
    profile = TutorProfile._default_manager.create(user=user, organisation=organisation)
    profile.topics.set(topics)
    return profile


@pytest.fixture
def times(world):
    """Two tutors of Koulu A: an individual on-site time next week (booked full) and a
    remote group time in two weeks."""
    other = UserFactory(display_name="Otto Toinen")
    topic = TopicFactory(organisation=world.oulu, name="Arviointi")
    _profile(world.tutor, world.school_a, [topic])
    _profile(other, world.school_a)
    full = SlotFactory(organisation=world.school_a, tutor=world.tutor, note="Täysi aika")
    BookingFactory(slot=full)
    full.booked = 1
    full.save(update_fields=["booked"])
    later = timezone.now() + timedelta(days=14)
    group = SlotFactory(
        organisation=world.school_a,
        tutor=other,
        note="Etäryhmä",
        group=True,
        place=Place.REMOTE,
        starts_at=later,
        ends_at=later + timedelta(hours=1),
    )
    group.topics.set([topic])
    return {"full": full, "group": group, "other": other, "topic": topic}


def _notes(client, world, params):
    client.force_login(world.member)
    response = client.get(reverse("tutoring:catalogue"), params)
    assert response.status_code == 200
    return {slot.note for slot in response.context["page_obj"]}


def test_without_filters_every_bookable_time_is_listed(client, world, times):
    assert _notes(client, world, {}) == {"Täysi aika", "Etäryhmä"}


def test_each_filter_narrows_the_times(client, world, times):
    day = local(times["group"].starts_at).date().isoformat()
    assert _notes(client, world, {"tutor": times["other"].pk}) == {"Etäryhmä"}
    assert _notes(client, world, {"mode": Mode.GROUP}) == {"Etäryhmä"}
    assert _notes(client, world, {"place": Place.REMOTE}) == {"Etäryhmä"}
    assert _notes(client, world, {"day": day}) == {"Etäryhmä"}
    assert _notes(client, world, {"only_free": "on"}) == {"Etäryhmä"}
    assert _notes(client, world, {"q": "täysi"}) == {"Täysi aika"}
    # A time listing no topics offers its tutor's: both offer Arviointi.
    assert _notes(client, world, {"topic": times["topic"].pk}) == {"Täysi aika", "Etäryhmä"}


def test_the_form_keeps_the_finnish_labels_and_choices(client, world, times):
    client.force_login(world.member)
    html = client.get(reverse("tutoring:catalogue")).content.decode()
    for text in ("Hae", "Aihe", "Tutor", "Tapa", "Paikka", "Päivä", "Vain vapaat"):
        assert f">{text}</label>" in html or f"> {text}</label>" in html
    for text in ("Kaikki aiheet", "Kaikki tutorit", "Kaikki tavat", "Kaikki paikat"):
        assert f'<option value="" selected>{text}</option>' in html


@pytest.mark.parametrize(
    "params",
    [
        {"day": "9999-12-31"},
        {"day": "0001-01-01"},
        {"day": "2026-13-45"},
        {"topic": "99999999999999999999999"},
        {"topic": "x"},
        {"tutor": "-1"},
        {"mode": "bogus"},
        {"place": "\x00"},
        {"q": "a" * 500},
        {"q": "a\x00b"},
        {"tutor": "1.5"},
    ],
)
def test_a_bad_filter_value_lists_every_time_instead_of_failing(client, world, times, params):
    assert _notes(client, world, params) == {"Täysi aika", "Etäryhmä"}


def test_htmx_gets_only_the_results(client, world, times):
    client.force_login(world.member)
    response = client.get(
        reverse("tutoring:catalogue"), {"mode": Mode.GROUP}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert "<html" not in html and "Etäryhmä" in html and "Täysi aika" not in html
