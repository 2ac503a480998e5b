"""core.notify: a mail to a person in their language, with the action link and an .ics for a
time; nothing for a switched-off kind (unless essential), a person without an address or a
deactivated one, nor for a write that rolls back."""

from __future__ import annotations

import contextlib
from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from icalendar import Calendar

from tests.factories import UserFactory
from tutori.core.notify import IcsEvent, ics_text, notify, notify_all, site_url, wants
from tutori.core.registry import NotificationKind, registry

OPTIONAL = "test.optional"
ESSENTIAL = "test.essential"


@pytest.fixture(autouse=True)
def kinds():  # type: ignore[no-untyped-def]
    """Two kinds declared for these tests only."""
    added = {
        OPTIONAL: NotificationKind(OPTIONAL, "Optional"),
        ESSENTIAL: NotificationKind(ESSENTIAL, "Essential", essential=True),
    }
    registry.notification_kinds.update(added)
    yield
    for key in added:
        registry.notification_kinds.pop(key, None)


@pytest.fixture
def template(settings, tmp_path):  # type: ignore[no-untyped-def]
    """A mail template that shows the language, the person, both links and a date."""
    (tmp_path / "mail.txt").write_text(
        '{% load i18n %}{% translate "Hei!" %} {{ person.display_name }} {{ thing }}\n'
        "{{ action_url }}\n{{ profile_url }}\n"
    )
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [str(tmp_path)]}]
    return "mail.txt"


def event(**changes):  # type: ignore[no-untyped-def]
    start = timezone.now().replace(microsecond=0) + timedelta(days=2)
    fields = {
        "uid": "booking-7@tutori.example",
        "summary": "Tutorointi: Tiina Tutor",
        "starts_at": start,
        "ends_at": start + timedelta(hours=1),
        "location": "Teams",
        **changes,
    }
    return IcsEvent(**fields)


def send(person, template, **kwargs):  # type: ignore[no-untyped-def]
    return notify(
        person,
        kind=kwargs.pop("kind", OPTIONAL),
        subject=kwargs.pop("subject", _("Omat varaukset")),
        template=template,
        context={"thing": "X"},
        action_path="/tutoring/my/",
        **kwargs,
    )


@pytest.mark.parametrize(
    ("language", "hello", "subject"),
    [
        ("fi", "Hei!", "Omat varaukset"),
        ("sv", "Hej!", "Mina bokningar"),
        ("en", "Hello!", "My bookings"),
    ],
)
def test_the_mail_is_in_the_recipients_language(
    db, template, django_capture_on_commit_callbacks, language, hello, subject
):
    person = UserFactory(display_name="Olli Opettaja", preferred_language=language)
    with django_capture_on_commit_callbacks(execute=True):
        assert send(person, template) is True
    [message] = mail.outbox
    assert message.to == [person.email]
    assert message.subject == subject
    assert message.body.startswith(f"{hello} Olli Opettaja X")


def test_the_mail_links_where_the_person_acts_and_where_mails_are_chosen(
    db, template, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://tutori.example"
    person = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        send(person, template)
    body = mail.outbox[0].body
    assert "https://tutori.example/tutoring/my/" in body
    assert "https://tutori.example/accounts/profile/" in body
    assert site_url("/x/") == "https://tutori.example/x/"


def test_a_lazy_subject_callable_renders_in_the_language(
    db, template, django_capture_on_commit_callbacks
):
    person = UserFactory(preferred_language="sv")
    with django_capture_on_commit_callbacks(execute=True):
        send(person, template, subject=lambda: str(_("Omat varaukset")) + "\n  (1)")
    assert mail.outbox[0].subject == "Mina bokningar (1)"  # one line


def test_a_switched_off_kind_is_not_sent(db, template, django_capture_on_commit_callbacks):
    person = UserFactory(notifications_off=[OPTIONAL])
    with django_capture_on_commit_callbacks(execute=True):
        assert send(person, template) is False
    assert mail.outbox == []
    assert not wants(person, OPTIONAL)


def test_an_essential_kind_is_sent_even_when_switched_off(
    db, template, django_capture_on_commit_callbacks
):
    person = UserFactory(notifications_off=[OPTIONAL, ESSENTIAL])
    with django_capture_on_commit_callbacks(execute=True):
        assert send(person, template, kind=ESSENTIAL) is True
    assert [m.to for m in mail.outbox] == [[person.email]]


def test_no_address_or_a_deactivated_person_gets_nothing(
    db, template, django_capture_on_commit_callbacks
):
    without = UserFactory(email=None)
    gone = UserFactory(is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert send(without, template, kind=ESSENTIAL) is False
        assert send(gone, template, kind=ESSENTIAL) is False
    assert mail.outbox == []


def test_an_undeclared_kind_is_a_programming_error(db, template):
    with pytest.raises(LookupError):
        send(UserFactory(), template, kind="test.nobody-declared-this")


def test_a_time_comes_as_an_ics_attachment(db, template, django_capture_on_commit_callbacks):
    person = UserFactory(preferred_language="en")
    when = event()
    with django_capture_on_commit_callbacks(execute=True):
        send(person, template, ics=lambda: when)
    [(name, content, mimetype)] = mail.outbox[0].attachments
    assert (name, mimetype) == ("tutori.ics", "text/calendar")
    calendar = Calendar.from_ical(content)
    assert calendar["method"] == "PUBLISH"
    [item] = calendar.walk("VEVENT")
    assert str(item["uid"]) == "booking-7@tutori.example"
    assert str(item["summary"]) == "Tutorointi: Tiina Tutor"
    assert str(item["location"]) == "Teams"
    assert str(item["status"]) == "CONFIRMED"
    assert item.decoded("dtstart") == when.starts_at
    assert item.decoded("dtend") == when.ends_at


def test_a_cancelled_time_is_a_cancel_with_a_higher_sequence(db):
    calendar = Calendar.from_ical(ics_text(event(cancelled=True, sequence=3)))
    assert calendar["method"] == "CANCEL"
    [item] = calendar.walk("VEVENT")
    assert str(item["status"]) == "CANCELLED" and int(item["sequence"]) == 3


def test_several_times_come_as_one_attachment_each(
    db, template, django_capture_on_commit_callbacks
):
    person = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        send(person, template, ics=[event(uid="a@x"), event(uid="b@x", cancelled=True)])
    names = [name for name, _content, _type in mail.outbox[0].attachments]
    assert names == ["tutori-1.ics", "tutori-2.ics"]


def test_a_rolled_back_write_sends_nothing(db, template, django_capture_on_commit_callbacks):
    person = UserFactory()
    with (
        django_capture_on_commit_callbacks(execute=True),
        contextlib.suppress(RuntimeError),
        transaction.atomic(),
    ):
        send(person, template)
        raise RuntimeError("the write fails")
    assert mail.outbox == []


def test_notify_all_mails_each_person_once(db, template, django_capture_on_commit_callbacks):
    one, two = UserFactory(), UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        sent = notify_all(
            [one, two, one, None], kind=OPTIONAL, subject="S", template=template, context={}
        )
    assert sent == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([one.email, two.email])
