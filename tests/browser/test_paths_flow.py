"""Issue 15's whole flow in a browser, as its people do it: the coordinator builds seed 003's
Parik path (the training, completed by itself when the training completes; the short
supervision 7–14 days and the long one 21–28 days after it), puts a teacher on it with a
coach, and later confirms the teacher's training; the coach then finds the short
supervision dated on Valmennettavat and records it. Axe on every page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import check_a11y, signed_in_page
from tests.programmes.permissions.completion_cases import ready_teacher
from tutori.core.scoping import scopes_disabled
from tutori.paths.models import PersonPath, PersonStep, SupervisionNote

WEEKDAYS = ["ma", "ti", "ke", "to", "pe", "la", "su"]


def _day(day: dt.date) -> str:
    return f"{WEEKDAYS[day.weekday()]} {day.day}.{day.month}."


def _signed_in(browser: Browser, live_server: Any, user: Any) -> Page:
    return signed_in_page(browser, live_server.url, user)


def _step(page: Page, title: str, kind: str, first: str, last: str, **more: str) -> None:
    page.get_by_role("link", name="Lisää vaihe").click()
    check_a11y(page)
    page.get_by_label("Vaiheen nimi").fill(title)
    page.get_by_label("Laji").select_option(label=kind)
    if "responsible" in more:
        page.get_by_label("Vastuussa").select_option(label=more["responsible"])
    if "anchor" in more:
        page.get_by_label(more["anchor"], exact=True).check()
    if "anchor_step" in more:
        page.get_by_label("Vaihe, jonka valmistumisesta ajoitus lasketaan").select_option(
            label=more["anchor_step"]
        )
    if "milestone" in more:
        page.get_by_label("Tapahtuma, josta ajoitus lasketaan").select_option(more["milestone"])
    if "completed_by" in more:
        page.get_by_label("Valmistuu itsestään, kun").select_option(more["completed_by"])
    page.get_by_label("Aikaisintaan (päivää)").fill(first)
    page.get_by_label("Viimeistään (päivää)").fill(last)
    page.get_by_role("button", name="Tallenna vaihe").click()
    expect(page.locator("#steps")).to_contain_text(title)


def test_parik_path_from_template_to_the_recorded_short_supervision(
    live_server, browser: Browser, world
):
    participant = ready_teacher(world)
    programme = participant.programme
    completed = f"programmes.completed:{programme.pk}"

    # The coordinator builds the path.
    page = _signed_in(browser, live_server, world.coordinator)
    page.goto(f"{live_server.url}/paths/templates/")
    check_a11y(page)
    page.get_by_role("link", name="Uusi polkupohja").click()
    page.get_by_label("Organisaatio").select_option(label="Oulu")
    page.get_by_label("Nimi").fill("Parik: vertaisohjaajan polku")
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Parik: vertaisohjaajan polku")
    check_a11y(page)
    _step(
        page,
        "Vertaisohjaajakoulutus",
        "koulutus",
        "0",
        "120",
        responsible="henkilö itse",
        completed_by=completed,
    )
    _step(
        page,
        "Lyhyt työnohjaus",
        "työnohjauskeskustelu",
        "7",
        "14",
        anchor="tapahtumasta",
        milestone=completed,
    )
    _step(
        page,
        "Pitkä työnohjaus",
        "työnohjauskeskustelu",
        "21",
        "28",
        anchor="toisen vaiheen valmistumisesta",
        anchor_step="Vertaisohjaajakoulutus",
    )
    check_a11y(page)

    # … puts the teacher on it with a coach.
    page.goto(f"{live_server.url}/paths/people/")
    page.get_by_text("Liitä henkilöitä polulle", exact=True).click()
    page.get_by_role("link", name="Parik: vertaisohjaajan polku").click()
    check_a11y(page)
    page.get_by_label("Hae henkilöä nimellä tai sähköpostilla").fill("Olli")
    page.get_by_role("button", name="Hae", exact=True).click()
    one = page.locator("form", has=page.get_by_role("button", name="Liitä polulle", exact=True))
    one.get_by_label("Olli Opettaja").check()
    one.get_by_label("Valmentaja").select_option(label="Ville Valmentaja")
    one.get_by_role("button", name="Liitä polulle", exact=True).click()
    expect(page.locator("body")).to_contain_text("Polulle liitettiin 1 henkilö: Olli Opettaja.")
    check_a11y(page)
    with scopes_disabled():
        path = PersonPath.objects.get(person=world.member, template__name__startswith="Parik")
        steps = {
            ps.step.title: ps for ps in PersonStep.objects.filter(path=path).select_related("step")
        }
    short = steps["Lyhyt työnohjaus"]
    assert short.due_from is None  # waits for the training

    # … and confirms the teacher's training.
    page.goto(f"{live_server.url}/programmes/{programme.pk}/")
    page.get_by_role("link", name="Suoritukset ja todistukset").click()
    page.get_by_label(f"Vahvista suoritus: {world.member.display_name}").check()
    page.get_by_role("button", name="Vahvista valitut suoritukset").click()
    page.get_by_role("button", name="Vahvista suoritukset").click()
    expect(page.get_by_text("Suoritus vahvistettu")).to_be_visible()
    check_a11y(page)

    # The coach finds the short supervision dated from today and records it.
    today = timezone.localdate()
    coach = _signed_in(browser, live_server, world.coach)
    coach.goto(f"{live_server.url}/paths/coach/")
    expect(coach.get_by_role("heading", level=1)).to_have_text("Valmennettavat")
    row = coach.locator(f"#step-{short.pk}")
    expect(row).to_contain_text("Lyhyt työnohjaus")
    expect(row).to_contain_text(_day(today + dt.timedelta(days=7)))
    expect(row).to_contain_text(_day(today + dt.timedelta(days=14)))
    check_a11y(coach)
    row.get_by_role("link", name="Kirjaa työnohjaus").click()
    expect(coach.get_by_role("heading", level=1)).to_have_text("Kirjaa työnohjauskeskustelu")
    check_a11y(coach)
    coach.get_by_label("Kesto (min)").fill("40")
    coach.get_by_label("Käsitellyt ongelmatilanteet").fill("Ryhmän aloitus jännitti.")
    coach.get_by_label("Yhdessä löydetyt ratkaisut").fill("Aloitetaan tutustumisleikillä.")
    coach.get_by_role("button", name="Tallenna keskustelu").click()
    expect(coach.get_by_text("Työnohjauskeskustelu kirjattu")).to_be_visible()
    check_a11y(coach)
    with scopes_disabled():
        assert PersonStep.objects.get(pk=short.pk).done_on is not None
        assert PersonStep.objects.get(pk=steps["Vertaisohjaajakoulutus"].pk).done_on == today
        long = PersonStep.objects.get(pk=steps["Pitkä työnohjaus"].pk)
        assert long.due_from == today + dt.timedelta(days=21)
        assert SupervisionNote.objects.filter(path=path, author=world.coach).count() == 1
