"""A password reset answers alike for every address and does the same work either way: the
reset mail goes through the task queue, an address without an account queues a decoy that
sends nothing. Nothing about the answer, its content or its work, tells whether an account
exists."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.db import connection
from django.test import signals
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from tests.factories import UserFactory

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
UNKNOWN = "ei-tunnusta@example.fi"


@pytest.fixture
def queue(settings) -> None:  # type: ignore[no-untyped-def]
    settings.TASKS = DATABASE_QUEUE


def ask(client, email):  # type: ignore[no-untyped-def]
    """Ask for a reset link; return the answer, the templates rendered and the queries made."""
    rendered: list[str] = []

    def record(sender, template, context, **kwargs):  # type: ignore[no-untyped-def]
        rendered.append(template.name)

    signals.template_rendered.connect(record)
    try:
        with CaptureQueriesContext(connection) as queries:
            response = client.post(reverse("accounts:password_reset"), {"email": email})
    finally:
        signals.template_rendered.disconnect(record)
    return response, rendered, len(queries)


def queued() -> list[str]:
    return [
        path.rsplit(".", 1)[-1] for path in DBTaskResult.objects.values_list("task_path", flat=True)
    ]


def test_a_known_and_an_unknown_address_get_the_same_page(client, world):
    known = client.post(
        reverse("accounts:password_reset"), {"email": world.member.email}, follow=True
    )
    unknown = client.post(reverse("accounts:password_reset"), {"email": UNKNOWN}, follow=True)
    assert known.redirect_chain == unknown.redirect_chain
    assert known.redirect_chain == [(reverse("accounts:password_reset_done"), 302)]
    assert _without_csrf(known) == _without_csrf(unknown)


def _without_csrf(response) -> str:  # type: ignore[no-untyped-def]
    # The CSRF token is masked anew for every page, whoever asks.
    return re.sub(r"[A-Za-z0-9]{64}", "<csrf>", response.content.decode())


def test_a_known_address_queues_the_mail_and_an_unknown_one_a_decoy(client, world, queue):
    client.post(reverse("accounts:password_reset"), {"email": world.member.email})
    assert queued() == ["mail_deliver"]
    task = DBTaskResult.objects.get()
    assert task.args_kwargs["kwargs"]["to"] == [world.member.email]
    assert "/accounts/password-reset/" in task.args_kwargs["kwargs"]["body"]
    assert mail.outbox == []  # the worker sends it, not the request

    DBTaskResult.objects.all().delete()
    client.post(reverse("accounts:password_reset"), {"email": UNKNOWN})
    assert queued() == ["mail_discard"]
    decoy = DBTaskResult.objects.get()
    assert decoy.args_kwargs["kwargs"]["to"] == []  # no address is kept of someone unknown


def test_the_decoy_sends_nothing(client, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password_reset"), {"email": UNKNOWN})
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password_reset"), {"email": world.member.email})
    assert [m.to for m in mail.outbox] == [[world.member.email]]


@pytest.mark.parametrize(
    "other", ["unknown", "invited", "inactive", "over the mail limit"], ids=str
)
def test_every_way_does_the_same_work_as_a_mail_to_an_account(client, world, queue, other):
    if other == "unknown":
        address = UNKNOWN
    elif other == "over the mail limit":
        address = world.member.email
        for _ in range(3):
            ask(client, address)
    else:
        state = {"invited": {"invited": True}, "inactive": {"is_active": False}}[other]
        address = UserFactory(email="ei-kirjaudu@example.fi", **state).email
    DBTaskResult.objects.all().delete()
    mailed = ask(client, world.tutor.email)
    not_mailed = ask(client, address)
    response, templates, queries = mailed
    assert (response.status_code, response["Location"]) == (
        not_mailed[0].status_code,
        not_mailed[0]["Location"],
    )
    # The same mail templates rendered, the same queries (the lookup and the queued task).
    assert templates == not_mailed[1]
    assert "accounts/email/password_reset.txt" in templates
    assert queries == not_mailed[2]
    assert queued() == ["mail_deliver", "mail_discard"]


def test_the_mailed_link_sets_a_new_password(client, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password_reset"), {"email": world.member.email})
    link = re.search(r"http://testserver(\S+)", mail.outbox[0].body)
    assert link is not None
    form = client.get(link.group(1), follow=True)
    assert form.context["validlink"]
    new = "Uusi-salasana-2026"
    response = client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert response["Location"] == reverse("accounts:password_reset_complete")
    world.member.refresh_from_db()
    assert world.member.check_password(new)
