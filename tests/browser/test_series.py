"""Weekly times around school breaks in a real browser, with axe on every page: the
coordinator adds the municipality's break; the tutor previews and publishes a weekly time
across it and sees the skipped days; changes one time; cancels the rest of the series and
the booker is told."""

from __future__ import annotations

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.conftest import check_a11y
from tests.factories import BookingFactory
from tutori.core.time import local
from tutori.tutoring.models import Booking, SchoolBreak, Slot, SlotSeries


def test_a_break_is_skipped_one_time_changed_and_the_rest_cancelled(
    live_server, page: Page, world, login, mailoutbox
):
    today = timezone.localdate()
    first = today + timedelta(days=7)
    break_start, break_end = first + timedelta(days=5), first + timedelta(days=11)

    # The coordinator sets Oulu's break from the dashboard.
    login(world.coordinator)
    page.get_by_role("main").get_by_role("link", name="Koulujen lomat").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lomat – Oulu")
    check_a11y(page)
    form = page.locator("form[aria-labelledby=new-break]")
    form.get_by_label("Loman nimi").fill("Talviloma")
    form.get_by_label("Ensimmäinen lomapäivä").fill(break_start.isoformat())
    form.get_by_label("Viimeinen lomapäivä").fill(break_end.isoformat())
    form.get_by_role("button", name="Lisää loma").click()
    expect(page.get_by_text("Loma lisätty: Talviloma")).to_be_visible()
    check_a11y(page)
    assert SchoolBreak._default_manager.get().organisation == world.oulu

    # The tutor previews a weekly time of four weeks across it, then publishes it.
    page.context.clear_cookies()
    login(world.tutor)
    page.get_by_role("main").get_by_role("link", name="Omat ajat", exact=True).click()
    page.get_by_role("link", name="Uusi toistuva aika").first.click()
    check_a11y(page)
    page.get_by_label("Viikonpäivä").select_option(value=str(first.weekday()))
    page.get_by_label("Alkaa").fill("14:00")
    page.get_by_label("Kesto (min)").fill("60")
    page.get_by_label("Ensimmäinen päivä").fill(first.isoformat())
    page.get_by_label("Viimeinen päivä").fill((first + timedelta(weeks=3)).isoformat())
    page.get_by_label("Kenelle aika on").select_option(label="Koulu A")
    page.get_by_label("Tapa").select_option(value="group")
    page.get_by_label("Paikkoja (ryhmäohjaus)").fill("4")
    page.get_by_role("button", name="Esikatsele").click()
    preview = page.get_by_role("region", name="Esikatselu")
    expect(preview).to_contain_text("Talviloma")
    expect(preview).to_contain_text(f"{break_start.day}.{break_start.month}.–")
    check_a11y(page)
    assert not Slot._default_manager.exists()
    page.get_by_role("button", name="Julkaise").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Toistuva aika")
    expect(page.get_by_text(re.compile(r"aikaa julkaistu\. Ohitettu: .*Talviloma"))).to_be_visible()
    check_a11y(page)
    series = SlotSeries._default_manager.get()
    days = [local(s.starts_at).date() for s in series.slots.order_by("starts_at")]
    assert not any(break_start <= d <= break_end for d in days)

    # One time moves to 15.00 in another room.
    slots = list(series.slots.order_by("starts_at"))
    second = slots[1]
    page.get_by_role("link", name=f"Muuta {local(second.starts_at):%-d.%-m.%Y %H:%M}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Muuta aikaa")
    check_a11y(page)
    page.get_by_label("Vain tämä kerta").check()
    page.get_by_label("Alkaa").fill("15:00")
    page.get_by_label("Päättyy").fill("16:00")
    page.get_by_label("Sijainti tai linkki").fill("Luokka 12")
    page.get_by_role("button", name="Tallenna muutokset").click()
    expect(page.get_by_text("Aika muutettu.")).to_be_visible()
    check_a11y(page)
    moved = Slot._default_manager.get(pk=second.pk)
    assert (local(moved.starts_at).hour, moved.location) == (15, "Luokka 12")

    # The teacher has booked the last time; the tutor cancels the rest from the second one.
    BookingFactory(slot=slots[-1], person=world.member)
    page.get_by_role("link", name="Peru loput kerrat").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Peru toistuvan ajan kerrat")
    check_a11y(page)
    page.get_by_label("Peru kerrat alkaen").select_option(value=str(second.pk))
    page.get_by_label("Peruutuksen syy").fill("Koulutusjakso")
    page.get_by_role("button", name="Kyllä, peru kerrat").click()
    expect(
        page.get_by_text(f"{len(slots) - 1} aikaa peruttu. Varanneille lähti viesti.")
    ).to_be_visible()
    check_a11y(page)
    statuses = [s.status for s in series.slots.order_by("starts_at")]
    assert statuses == ["open"] + ["cancelled"] * (len(slots) - 1)
    assert Booking._default_manager.get(person=world.member).status == "cancelled"
    assert any(world.member.email in m.to and "Koulutusjakso" in m.body for m in mailoutbox)
