"""Invitations in a real browser, with axe on each page: the coordinator invites a teacher,
sees "kutsuttu" with the time the mail went out, sends it again and looks at the
organisation's invitations; the teacher opens the link from the mail, sets a password and is
logged in; the first link, replaced, says why it no longer works."""

from __future__ import annotations

import re

from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.conftest import check_a11y
from tutori.accounts.models import User
from tutori.orgs.models import Invitation

EMAIL = "uusi.opettaja@example.fi"
PASSWORD = "Vahva-salasana-2026"


def link_in(body: str) -> str:
    return next(word for word in body.split() if "/orgs/invitation/" in word)


def test_coordinator_invites_resends_and_the_teacher_logs_in_from_the_mail(
    live_server, page: Page, world, login
):
    login(world.coordinator)
    page.goto(f"{live_server.url}/orgs/{world.school_a.pk}/")
    check_a11y(page)
    page.get_by_role("link", name="Kutsu henkilö").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kutsu henkilö: Koulu A")
    check_a11y(page)
    page.get_by_label("Nimi").fill("Ulla Uusi")
    page.get_by_label("Sähköposti").fill(EMAIL)
    page.get_by_label("Rooli").select_option(label="tutor")
    page.get_by_role("button", name="Lähetä kutsu").click()

    # The people page: the mail went out, and the row says when.
    expect(page.get_by_text(f"Kutsu lähetetty osoitteeseen {EMAIL}.")).to_be_visible()
    invitation = Invitation._default_manager.get(user__email=EMAIL)
    sent = timezone.localtime(invitation.sent_at).strftime("%-d.%-m.%Y %H:%M")
    row = page.get_by_role("row").filter(has_text="Ulla Uusi")
    expect(row).to_contain_text("kutsuttu")
    expect(row).to_contain_text(f"lähetetty {sent}")
    check_a11y(page)
    [first] = [m for m in mail.outbox if m.to == [EMAIL]]
    assert "Koulu A" in first.subject and "Kaisa Koordinaattori" in first.body

    # Sent again: a new link; the page is the same people page, with the news.
    row.get_by_role("button", name=re.compile("^Lähetä uudelleen")).click()
    expect(page.get_by_text("Kutsu lähetetty uudelleen")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Henkilöt")
    check_a11y(page)
    second = [m for m in mail.outbox if m.to == [EMAIL]][-1]
    assert "Tämä on uusi kutsu" in second.body
    assert Invitation._default_manager.get(pk=invitation.pk).send_count == 2

    # The organisation's invitations, and the withdrawal's question (not answered).
    page.get_by_role("link", name="Kaikki kutsut").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kutsut – Koulu A")
    expect(page.get_by_role("row").filter(has_text="Ulla Uusi")).to_contain_text("2 kertaa")
    check_a11y(page)
    page.get_by_role("link", name=re.compile("^Peru kutsu")).click()
    expect(page.get_by_text("Haluatko varmasti perua kutsun?")).to_be_visible()
    check_a11y(page)
    page.get_by_role("link", name="Peruuta").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kutsut – Koulu A")
    page.get_by_role("button", name="Kirjaudu ulos").click()

    # The first link was replaced: it says so and changes nothing.
    page.goto(link_in(first.body).replace("http://testserver", live_server.url))
    expect(page.get_by_role("heading", level=1)).to_have_text("Kutsulinkki ei toimi")
    expect(page.get_by_text("Mitään ei muutettu.")).to_be_visible()
    check_a11y(page)

    # The teacher opens the link of the newest mail, sets a password and is logged in.
    link = link_in(second.body)
    assert link.startswith(live_server.url)
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Kutsu Tutoriin")
    check_a11y(page)
    page.get_by_label(re.compile(r"^Uusi salasana\W*$")).fill(PASSWORD)
    page.get_by_label(re.compile("^Uusi salasana uudelleen")).fill(PASSWORD)
    page.get_by_role("button", name="Hyväksy kutsu").click()
    expect(page.get_by_text("Tervetuloa Tutoriin!")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/dashboard/"))
    check_a11y(page)
    assert User.objects.get(email=EMAIL).check_password(PASSWORD)


def test_the_coordinator_sends_an_expired_invitation_again(live_server, page: Page, world, login):
    from datetime import timedelta

    from tests.factories import MembershipFactory, UserFactory

    person = UserFactory(invited=True, email="vanha@example.fi", display_name="Vilma Vanha")
    MembershipFactory(organisation=world.school_a, user=person)
    sent = timezone.now() - timedelta(days=20)
    Invitation._default_manager.create(
        user=person,
        organisation=world.school_a,
        role="member",
        display_name="Vilma Vanha",
        invited_by=world.coordinator,
        token_hash="0" * 64,
        expires_at=sent + timedelta(days=14),
        sent_at=sent,
        send_count=1,
    )
    login(world.coordinator)
    expect(page.get_by_text("Vanhentuneet kutsut", exact=True)).to_be_visible()
    check_a11y(page)
    page.get_by_role("link", name="Vanhentuneet kutsut: Oulu").click()
    row = page.get_by_role("row").filter(has_text="Vilma Vanha")
    expect(row).to_contain_text("vanhentunut")
    check_a11y(page)
    row.get_by_role("button", name=re.compile("^Lähetä uudelleen")).click()
    expect(
        page.get_by_text("Kutsu lähetetty uudelleen osoitteeseen vanha@example.fi")
    ).to_be_visible()
    check_a11y(page)
    assert [m.to for m in mail.outbox] == [["vanha@example.fi"]]
