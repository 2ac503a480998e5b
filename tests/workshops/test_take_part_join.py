"""Joining a workshop: by the code with a display name only (no e-mail), with one's account,
by the QR code's page; a wrong or expired code gets a clear message, writes nothing and is
throttled."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.workshops.take_part_setup import code_joiner, joined_workshop
from tests.workshops.workshop_setup import make_workshop
from tests.writes import nothing_changes
from tutori.core.scoping import scopes_disabled
from tutori.workshops.models import WorkshopParticipant
from tutori.workshops.services import participation
from tutori.workshops.services import workshops as workshop_services

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()
    yield
    cache.clear()


def _participants(workshop):
    with scopes_disabled():
        return list(WorkshopParticipant.objects.filter(workshop=workshop))


def test_the_join_page_asks_the_code_and_a_name_but_no_email(client, world):
    response = client.get(reverse("workshops:join"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="code"' in html and 'name="display_name"' in html
    assert 'type="email"' not in html and "email" not in html


def test_a_joiner_without_account_gets_in_with_a_name_typed_as_is(world):
    workshop = make_workshop(world)
    browser = code_joiner(workshop, name="Åsa Öberg 🙂")
    [participant] = _participants(workshop)
    assert participant.user is None
    assert participant.display_name == "Åsa Öberg 🙂"
    keys = browser.session[participation.SESSION_KEYS]
    assert participation.key_hash(keys[str(workshop.pk)]) == participant.key_hash
    page = browser.get(reverse("workshops:take_part", args=[workshop.pk]))
    assert page.status_code == 200
    assert "Åsa Öberg 🙂" in page.content.decode()


def test_the_code_may_be_typed_in_lower_case_with_a_space(client, world):
    workshop = make_workshop(world)
    code = workshop.join_code
    response = client.post(
        reverse("workshops:join"),
        {"code": f"{code[:3].lower()} {code[3:].lower()}", "display_name": "Pekka"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("workshops:take_part", args=[workshop.pk])


def test_a_signed_in_person_joins_with_their_account(client, world):
    workshop = make_workshop(world)
    client.force_login(world.member)
    form = client.get(reverse("workshops:join"))
    assert 'name="display_name"' not in form.content.decode()
    response = client.post(reverse("workshops:join"), {"code": workshop.join_code})
    assert response.status_code == 302
    [participant] = _participants(workshop)
    assert participant.user == world.member
    assert participant.display_name == "Olli Opettaja"


def test_the_qr_code_page_names_the_workshop_and_joins_on_one_button(client, world):
    workshop = make_workshop(world, title="Puimala: tutorin työ")
    url = reverse("workshops:join_code", args=[workshop.join_code])
    client.force_login(world.tutor)
    page = client.get(url)
    assert page.status_code == 200
    assert "Puimala: tutorin työ" in page.content.decode()
    response = client.post(url)
    assert response.status_code == 302
    assert [p.user for p in _participants(workshop)] == [world.tutor]
    # Who already joined goes straight to the workshop.
    again = client.get(url)
    assert again.status_code == 302
    assert again["Location"] == reverse("workshops:take_part", args=[workshop.pk])


def test_the_qr_code_page_asks_a_name_of_a_joiner_without_account(client, world):
    workshop = make_workshop(world)
    url = reverse("workshops:join_code", args=[workshop.join_code])
    with nothing_changes():
        refused = client.post(url, {"display_name": "   "})
    assert refused.status_code == 400
    assert 'value="   "' in refused.content.decode() or "näkyvää" in refused.content.decode()
    assert client.post(url, {"display_name": "Liisa"}).status_code == 302
    assert [p.display_name for p in _participants(workshop)] == ["Liisa"]


def test_a_wrong_code_gets_a_clear_message_and_keeps_what_was_typed(client, world):
    make_workshop(world)
    with nothing_changes():
        response = client.post(
            reverse("workshops:join"), {"code": "ZZZZZZ", "display_name": "Kaija"}
        )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Koodilla ei löydy työpajaa" in html
    assert 'value="Kaija"' in html


def test_a_closed_workshops_code_has_expired(client, world):
    workshop = make_workshop(world)
    workshop_services.workshop_close(by=world.coordinator, workshop=workshop)
    with nothing_changes():
        typed = client.post(
            reverse("workshops:join"), {"code": workshop.join_code, "display_name": "Kaija"}
        )
        scanned = client.get(reverse("workshops:join_code", args=[workshop.join_code]))
    assert typed.status_code == 400
    assert "Työpaja on päättynyt" in typed.content.decode()
    assert scanned.status_code == 404
    assert "Työpaja on päättynyt" in scanned.content.decode()


def test_a_code_of_the_wrong_length_is_refused_before_it_is_looked_up(client, world):
    response = client.post(reverse("workshops:join"), {"code": "ABC", "display_name": "K"})
    assert response.status_code == 400
    assert "Koodissa on 6 merkkiä" in response.content.decode()


def test_guessing_codes_is_throttled(client, world, settings):
    settings.THROTTLE_WORKSHOP_CODE_MISSES = "3/h"
    workshop = make_workshop(world)
    # Three misses are allowed, a fourth is counted and turned away from then on.
    for guess in ("AAAAAA", "BBBBBB", "CCCCCC", "DDDDDD"):
        assert (
            client.post(reverse("workshops:join"), {"code": guess, "display_name": "X"}).status_code
            == 400
        )
    blocked = client.post(
        reverse("workshops:join"), {"code": workshop.join_code, "display_name": "X"}
    )
    assert blocked.status_code == 429
    assert int(blocked["Retry-After"]) > 0
    assert "Liian monta yritystä" in blocked.content.decode()
    assert client.get(reverse("workshops:join_code", args=["EEEEEE"])).status_code == 429
    assert _participants(workshop) == []


def test_a_wrong_code_in_the_qr_address_counts_as_a_guess(client, world, settings):
    settings.THROTTLE_WORKSHOP_CODE_MISSES = "2/h"
    for guess in ("AAAAAA", "BBBBBB", "CCCCCC"):
        response = client.get(reverse("workshops:join_code", args=[guess]))
        assert response.status_code == 404
        assert "Koodilla ei löydy työpajaa" in response.content.decode()
    assert client.get(reverse("workshops:join")).status_code == 429


def test_an_odd_code_in_the_address_never_fails(client, world):
    for odd in ("%00", "ä" * 300, "<script>", "'; DROP"):
        assert client.get(f"/workshops/join/{odd}/").status_code in (404, 429)


def test_a_participant_who_joined_is_not_asked_again(world):
    workshop = joined_workshop(world)
    browser = code_joiner(workshop)
    response = browser.post(
        reverse("workshops:join"), {"code": workshop.join_code, "display_name": "Toinen nimi"}
    )
    assert response.status_code == 302
    assert len(_participants(workshop)) == 2  # the member and this one, once
