"""Applying a roster: the largest file the README allows (ROSTER_MAX_ROWS lines) is applied
through the page in one request, in bulk, all or nothing; and neither the preview nor its
outcome page tells a coordinator who has an account elsewhere."""

from __future__ import annotations

import re
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tutori.accounts.models import User
from tutori.orgs import roster
from tutori.orgs.models import Invitation, Membership, Role, RosterImport

HEADER = "name;email;organisation;role;phone;language\n"


def roster_of(people: int, *extra: str) -> bytes:
    """``people`` people new to Tutori in Koulu A and B, then the ``extra`` lines."""
    lines = [
        f"Henkilö {n};henkilo.{n}@example.fi;Koulu {'AB'[n % 2]};member;040 {n:07d};fi"
        for n in range(people)
    ]
    return (HEADER + "\n".join([*lines, *extra]) + "\n").encode()


def upload(client: Any, data: bytes) -> str:
    response = client.post(reverse("orgs:import"), {"file": SimpleUploadedFile("lista.csv", data)})
    assert response.status_code == 302, response.context and response.context["problems"][:3]
    return str(response["Location"])


def main_of(html: str) -> str:
    """The page's main content, without the (per-request) CSRF token."""
    main = html[html.index("<main") : html.index("</main>")]
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", main)


def state() -> tuple[int, int, int, int]:
    return (
        User.objects.count(),
        Membership._default_manager.count(),
        Invitation._default_manager.count(),
        LogEntry.objects.count(),
    )


def test_the_largest_roster_allowed_applies_through_the_page_in_one_request(
    client, world, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    assert settings.ROSTER_MAX_ROWS == 5000
    data = roster_of(
        4998,
        "Olli O.;opettaja@example.fi;Koulu B;member;;",  # an account: invited
        "Tiina Tutor;tutor@example.fi;Koulu A;coordinator;;",  # a role change
    )
    client.force_login(world.coordinator)
    preview_url = upload(client, data)
    people, memberships, _invitations, _entries = state()
    # One insert per kind of row, which Django splits into batches because SQLite takes at
    # most 999 values in one statement (99 people, 142 memberships or 71 audit entries a
    # batch, 66 invitations): about 340 statements for 5,000 people, where a service call
    # per row made tens of thousands and timed out. (The invitations' mails are queued in
    # the same transaction: on the database queue, one insert each, as every mail.)
    with (
        django_capture_on_commit_callbacks(execute=True),
        django_assert_max_num_queries(350),
    ):
        response = client.post(preview_url)
    assert response.status_code == 302
    # Every person on the list gets their invitation: 4,998 new people set a password,
    # Olli accepts his role.
    assert len(mail.outbox) == 4998 + 1
    assert Invitation._default_manager.filter(send_count=1, sent_at__isnull=False).count() == (
        4998 + 1
    )
    assert RosterImport._default_manager.get().status == RosterImport.Status.APPLIED
    assert User.objects.count() == people + 4998
    assert Membership._default_manager.count() == memberships + 4998 + 1
    assert Membership._default_manager.get(user__email="henkilo.4997@example.fi").organisation == (
        world.school_b
    )
    assert Invitation._default_manager.get(user=world.member).display_name == "Olli O."
    assert Membership._default_manager.get(
        user=world.tutor, organisation=world.school_a, active_to__isnull=True
    ).role == (Role.COORDINATOR)
    # Every person and membership written in bulk is in the audit trail, made by the
    # coordinator; the ended role as an update.
    made = LogEntry.objects.filter(actor=world.coordinator)
    assert made.filter(action=LogEntry.Action.CREATE).count() == 4998 + 4998 + 1
    assert made.filter(action=LogEntry.Action.UPDATE).count() == 1
    assert "Henkilölista tuotu: 5000 riviä." in client.get(preview_url).content.decode()


def test_a_failure_while_applying_writes_nothing(client, world, monkeypatch):
    client.force_login(world.coordinator)
    preview_url = upload(client, roster_of(1000, "Olli O.;opettaja@example.fi;Koulu B;member;;"))
    before = state()

    def mail_server_on_fire(**kwargs: Any) -> None:
        raise RuntimeError("the last step fails, after every row was written")

    monkeypatch.setattr(roster, "invitation_mail", mail_server_on_fire)
    with pytest.raises(RuntimeError):
        client.post(preview_url)
    assert state() == before
    assert RosterImport._default_manager.get().status == RosterImport.Status.PREVIEW


def test_the_preview_says_the_same_for_a_known_and_an_unknown_address(client, world):
    """Kemi's coordinator has an account; the other address has none."""
    client.force_login(world.coordinator)
    known = upload(client, roster_of(0, "Kalle K.;kemi@example.fi;Koulu B;member;;"))
    unknown = upload(client, roster_of(0, "Kalle K.;kalle.k@example.fi;Koulu B;member;;"))
    previews = [main_of(client.get(url).content.decode()) for url in (known, unknown)]
    assert previews[0].replace("kemi@example.fi", "X") == previews[1].replace(
        "kalle.k@example.fi", "X"
    )
    assert "lisätään" in previews[0]
    assert "uusi henkilö" not in previews[0] and "uusi rooli" not in previews[0]
    summaries = [
        RosterImport._default_manager.get(pk=url.rstrip("/").split("/")[-1]).summary
        for url in (known, unknown)
    ]
    assert summaries[0] == summaries[1] == {"add": 1, "change": 0, "unchanged": 0, "total": 1}
