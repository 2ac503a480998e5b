"""Typed text: names are one line, no text holds control or bidirectional-override characters
or characters that could not be read, and every text has something visible in it. The forms
of accounts, orgs and tutoring and the roster import refuse such text with a message; the
calendar feed writes out whatever was stored before without failing."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import SlotFactory, TopicFactory, UserFactory
from tutori.accounts import calendar
from tutori.accounts.models import User
from tutori.core.forms import MultiLineTextField, SingleLineTextField, clean_text
from tutori.core.text import printable, text_problem
from tutori.orgs import roster
from tutori.tutoring.models import Slot, Topic

ODD = {
    "line break": "Anna\r\nAho",
    "line feed": "Anna\nAho",
    "unicode line separator": "Anna\u2028Aho",
    "tab": "Anna\tAho",
    "NUL": "Anna\x00Aho",
    "escape": "Anna\x1b[31mAho",
    "right-to-left override": "Anna\u202eohA",
    "isolate": "\u2067Anna Aho",
    "only zero-width": "\u200b\u200c\u200d\ufeff",
    "only blank letters": "\u3164\u3164",
    "replacement character": "Anna\ufffd\ufffdAho",
    "lone surrogate": "Anna\ud800Aho",
}
# What a browser can send: a request is bytes, so a lone surrogate never arrives in one.
SENDABLE = {key: value for key, value in ODD.items() if key != "lone surrogate"}
FINE = ["Anna Aho", "Åsa Öhman-Äijälä", "محمد علي", "Zoë 👩‍🏫", "O'Brien (sijainen)"]


@pytest.mark.parametrize("value", ODD.values(), ids=ODD.keys())
def test_a_single_line_field_refuses_odd_text(value):
    with pytest.raises(ValidationError):
        SingleLineTextField(max_length=150).clean(value)


@pytest.mark.parametrize("value", FINE)
def test_a_single_line_field_keeps_names_of_every_language(value):
    assert SingleLineTextField(max_length=150).clean(f"  {value} ") == value


def test_a_multi_line_field_keeps_line_breaks_and_tabs_as_newlines():
    field = MultiLineTextField(max_length=300)
    assert field.clean("Rivi 1\r\nRivi 2\r\tsisennys\u2028") == "Rivi 1\nRivi 2\n\tsisennys"
    for key in ("NUL", "escape", "right-to-left override", "only zero-width", "lone surrogate"):
        with pytest.raises(ValidationError):
            field.clean(ODD[key])


def test_the_messages_say_what_is_wrong_in_finnish():
    assert "yhdelle riville" in (text_problem("a\nb") or "")
    assert "ohjausmerkkejä" in (text_problem("a\x1bb") or "")
    assert "suuntaa" in (text_problem("a\u202eb") or "")
    assert "näkyvää" in (text_problem("\u200b") or "")
    assert "ei voitu lukea" in (text_problem("a\ufffdb") or "")
    assert text_problem("") is None and text_problem("a\n\tb", multiline=True) is None


def test_clean_text_takes_out_only_what_cannot_be_stored():
    assert clean_text(" a\x00b\ud800c\r\nd ") == "abc\nd"
    assert clean_text(None) == ""


def test_printable_makes_stored_odd_text_safe_to_write_out():
    assert printable("Anna\r\nAho\x1b\u202e\ud800") == "Anna Aho"
    assert printable("a\r\nb\tc", multiline=True) == "a\nb\tc"


# --- The forms and the import ---------------------------------------------------------------


@pytest.mark.parametrize("value", SENDABLE.values(), ids=SENDABLE.keys())
def test_the_own_profile_refuses_an_odd_name(client, world, value):
    client.force_login(world.member)
    response = client.post(
        reverse("accounts:profile"),
        {"display_name": value, "phone": "", "preferred_language": "fi"},
    )
    assert response.status_code == 200
    assert 'class="error' in response.content.decode()
    assert User.objects.get(pk=world.member.pk).display_name == "Olli Opettaja"


def test_the_own_profile_refuses_bytes_that_are_not_utf8(client, world):
    client.force_login(world.member)
    response = client.post(
        reverse("accounts:profile"),
        b"display_name=Anna%FF%FEAho&phone=&preferred_language=fi",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert "ei voitu lukea" in response.content.decode()
    assert User.objects.get(pk=world.member.pk).display_name == "Olli Opettaja"


def test_an_invitation_refuses_a_name_on_two_lines(client, world):
    client.force_login(world.coordinator)
    response = client.post(
        reverse("orgs:invite", args=[world.school_a.pk]),
        {"display_name": "Anna\r\nAho", "email": "anna@example.fi", "role": "member"},
    )
    assert response.status_code == 200
    assert "yhdelle riville" in response.content.decode()
    assert not User.objects.filter(email="anna@example.fi").exists()


def test_a_roster_line_with_a_name_on_two_lines_or_an_override_is_reported(world):
    data = (
        "name;email;organisation;role;phone\n"
        '"Anna\nAho";anna@example.fi;Koulu A;member;\n'
        "Bo\u202eB;bo@example.fi;Koulu A;member;\n"
        "Cecilia;c@example.fi;Koulu A;member;040\x1b1\n"
        "\u200b;d@example.fi;Koulu A;member;\n"
    )
    check = roster.roster_check(by=world.coordinator, filename="l.csv", data=data.encode())
    # Lines are the file's records: a quoted line break does not start a new one.
    assert [p.line for p in check.problems] == [2, 3, 4, 5]
    messages = {p.line: p.message for p in check.problems}
    assert "nimi: Kirjoita teksti yhdelle riville" in messages[2]
    assert "suuntaa" in messages[3]
    assert "puhelin: Tekstissä on ohjausmerkkejä" in messages[4]
    assert "näkyvää" in messages[5]
    assert check.preview is None


def test_a_topic_name_on_two_lines_is_refused(client, world):
    client.force_login(world.coordinator)
    response = client.post(
        reverse("tutoring:topics"),
        {"organisation": world.oulu.pk, "name": "Aihe\nkahdella rivillä", "description": ""},
    )
    assert "yhdelle riville" in response.content.decode()
    assert not Topic._default_manager.exists()


def test_a_time_with_a_place_on_two_lines_is_refused(client, world):
    client.force_login(world.tutor)
    response = client.post(
        reverse("tutoring:slot_new"),
        {
            "day": "2027-01-15",
            "start": "10:00",
            "end": "11:00",
            "organisation": world.school_a.pk,
            "mode": "individual",
            "capacity": 1,
            "place": "on_site",
            "location": "Luokka 12\r\nX-Injected: yes",
        },
    )
    assert response.status_code == 400
    assert not Slot._default_manager.exists()


# --- The calendar feed ----------------------------------------------------------------------


def test_the_feed_of_a_person_with_odd_text_stored_is_a_valid_calendar(client, world):
    # Stored before these rules (or past them): the feed must still open. A NUL byte can
    # be stored only on SQLite (PostgreSQL refuses it).
    from django.db import connection

    odd = "Anna\r\nAho\x1b\u202e" + ("\x00" if connection.vendor == "sqlite" else "")
    User.objects.filter(pk=world.tutor.pk).update(display_name=odd)
    tutor = User.objects.get(pk=world.tutor.pk)
    topic = TopicFactory(organisation=world.oulu, name="Aihe\r\nrivi")
    slot = SlotFactory(tutor=tutor, organisation=world.school_a, location="Luokka\n12\x0b")
    slot.topics.set([topic])
    token = calendar.feed_create(user=tutor)
    response = client.get(reverse("accounts:ical", args=[token]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "X-WR-CALNAME:Tutori: Anna Aho" in body
    assert "LOCATION:Luokka 12" in body
    assert not any(c in body.replace("\r\n", "") for c in "\n\r\x0b\x1b\x00\u202e")


def test_a_person_named_on_two_lines_by_a_service_still_has_a_working_feed(client, db):
    person = UserFactory(display_name="Bo\nBerg")
    token = calendar.feed_create(user=person)
    assert client.get(reverse("accounts:ical", args=[token])).status_code == 200


def test_without_unprintable_takes_out_exactly_the_unprintable_characters_of_every_plane():
    """The one-pattern version (fast enough for an export of a million cells) against the
    definition, character by character, over every code point."""
    from tutori.core.text import _unprintable, without_unprintable

    every = "".join(chr(code) for code in range(0x110000))
    kept = "".join(c for c in every if c in "\t\n\r" or not _unprintable(c))
    assert without_unprintable(every) == kept
    assert without_unprintable("a\x00b\u202ec\ufffe\U0010ffff\td\n") == "abc\td\n"
