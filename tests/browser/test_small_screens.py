"""Tutori on a 360 px phone and a 1280 px laptop, in a real browser.

Every page a person reaches by following links, in every demo role and signed out, fits a
360 × 740 screen without scrolling sideways; "Omat varaukset" keeps its cancel button in
reach; the menu folds behind "Valikko" on a phone, works with the keyboard and without
scripts, and the coordinator's menu is one line on a laptop.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterator
from datetime import timedelta
from io import StringIO
from itertools import count
from typing import Any
from urllib.parse import parse_qsl, urljoin, urlparse

import pytest
from django.core.management import call_command
from django.urls import Resolver404, resolve
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, Page, Response, expect

from tests.browser.conftest import check_a11y
from tests.factories import BookingFactory, SlotFactory, TopicFactory, UserFactory

PHONE = {"width": 360, "height": 740}
LAPTOP = {"width": 1280, "height": 800}
DEMO_ROLES = ["admin", "coordinator", "manager", "tutor", "coach", "member"]
DEMO_PASSWORD = "tutori-demo"
# Never followed: logging out, Django's admin, downloads and files.
SKIP = re.compile(
    r"/logout/|/admin/|/static/|/media/|/favicon|\.(ics|xlsx|csv|pdf|zip|svg)(\?|$)", re.I
)
# A role's crawl opens each kind of page (view and query parameters) first and then more
# of the same kind to find links only they have (a week with times, a second budget), up
# to this many pages; the demo's roles reach 5 to 45 kinds of page.
MAX_PAGES_PER_ROLE = 60
SAME_KIND_AT_MOST = 2

OVERFLOW = """() => {
  const width = window.innerWidth;
  if (document.documentElement.scrollWidth <= width) return null;
  const wide = [];
  for (const el of document.querySelectorAll("body *")) {
    const box = el.getBoundingClientRect();
    if (box.width && box.right > width + 1 && !el.closest(".visually-hidden")) {
      const name = el.className ? "." + String(el.className).split(" ")[0] : "";
      wide.push(el.tagName.toLowerCase() + name + " " + Math.round(box.right) + "px");
    }
  }
  return document.documentElement.scrollWidth + "px wide: " + wide.slice(-3).join(", ");
}"""


def _context(browser: Browser, **kwargs: Any) -> BrowserContext:
    context = browser.new_context(
        viewport=PHONE, locale="fi-FI", timezone_id="Europe/Helsinki", **kwargs
    )
    context.set_default_timeout(15_000)
    return context


def _sign_in(page: Page, base: str, email: str, password: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Sähköposti").fill(email)
    page.get_by_label("Salasana").fill(password)
    page.get_by_role("button", name="Kirjaudu", exact=True).click()
    expect(page.get_by_role("button", name="Valikko")).to_be_visible()


Kind = tuple[str, tuple[str, ...]]


def _kind(url: str) -> Kind:
    """The kind of a page: its view and the names of its query parameters."""
    parts = urlparse(url)
    try:
        view = resolve(parts.path).view_name
    except Resolver404:
        view = parts.path
    return view, tuple(sorted({name for name, _value in parse_qsl(parts.query)}))


def _crawl(page: Page, start: str) -> Iterator[tuple[str, Kind, Response | None]]:
    """Open the pages reached by same-site links (GET only) from ``start``, a kind of page
    not opened yet first, then kinds opened once, and so on; each is yielded while open."""
    site = urlparse(start).netloc
    seen: set[str] = set()
    opened: dict[Kind, int] = {}
    order = count()
    queue = [(0, next(order), start)]
    pages = 0
    while queue and pages < MAX_PAGES_PER_ROLE:
        rank, n, url = heapq.heappop(queue)
        kind = _kind(url)
        times = opened.get(kind, 0)
        if url in seen or times >= SAME_KIND_AT_MOST:
            continue
        if times > rank:  # its kind was opened since it was queued: it waits its turn
            heapq.heappush(queue, (times, n, url))
            continue
        seen.add(url)
        opened[kind] = times + 1
        pages += 1
        yield url, kind, page.goto(url)
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
            link = urljoin(url, href).split("#")[0]
            if urlparse(link).netloc == site and link not in seen and not SKIP.search(link):
                heapq.heappush(queue, (opened.get(_kind(link), 0), next(order), link))


def _problems(page: Page, response: Response | None, with_axe: bool) -> list[str]:
    """What is wrong with the open page on a phone."""
    if response is None or response.status >= 500:
        return [f"HTTP {response.status if response else '?'}"]
    if "html" not in response.headers.get("content-type", ""):
        return []
    wide = page.evaluate(OVERFLOW)
    found = [wide] if wide else []
    if with_axe:
        try:
            check_a11y(page)
        except AssertionError as serious:
            found.append(str(serious).split("\n", 1)[-1])
    return found


@pytest.fixture
def demo(transactional_db: None, settings: Any) -> None:
    # The demo's people get their passwords hashed quickly: only the pages are tested here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("demo_data", stdout=StringIO())


def test_every_page_fits_a_phone_in_every_role(live_server, browser: Browser, demo):
    problems: list[str] = []
    checked_by_axe: set[str] = set()
    visited: dict[str, int] = {}
    for role in [*DEMO_ROLES, "anonymous"]:
        context = _context(browser)
        page = context.new_page()
        if role == "anonymous":
            start = f"{live_server.url}/"
        else:
            _sign_in(page, live_server.url, f"{role}@demo.tutori.fi", DEMO_PASSWORD)
            start = page.url
        visited[role] = 0
        for url, kind, response in _crawl(page, start):
            # axe on a phone: each role's start page (the folded menu) and each view with a
            # table (its rows as cards), once
            with_axe = url == start or (
                kind[0] not in checked_by_axe and page.locator("main table").count() > 0
            )
            if with_axe:
                checked_by_axe.add(kind[0])
            path = url.removeprefix(live_server.url)
            problems += [f"{role} {path}: {p}" for p in _problems(page, response, with_axe)]
            visited[role] += 1
        context.close()
    assert not problems, "On a 360 px phone:\n" + "\n".join(problems)
    # The crawl really went round: every signed-in role reached pages beyond the dashboard.
    assert all(visited[role] >= 8 for role in DEMO_ROLES), visited
    assert len(checked_by_axe) >= 8, sorted(checked_by_axe)


def test_cancel_button_of_my_bookings_is_within_reach_on_a_phone(
    live_server, page: Page, world, login
):
    topic = TopicFactory(
        organisation=world.oulu,
        name="Digipedagogiikka ja oppimisympäristöjen yhteiskäyttöiset työkalut",
    )
    tutor = UserFactory(display_name="Maria-Kristiina Vähä-Heikkilä-Korhonen")
    start = timezone.localtime().replace(hour=14, minute=0, second=0, microsecond=0)
    for days in (7, 8, 9):
        slot = SlotFactory(
            organisation=world.school_a,
            tutor=tutor,
            starts_at=start + timedelta(days=days),
            ends_at=start + timedelta(days=days, hours=1),
            location="Opettajainhuone, B-siiven toinen kerros (hissi pääovelta)",
        )
        BookingFactory(slot=slot, person=world.member, topic=topic)
    page.set_viewport_size(PHONE)
    login(world.member)
    page.goto(f"{live_server.url}/tutoring/my/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Omat varaukset")
    assert page.evaluate(OVERFLOW) is None
    check_a11y(page)

    cancels = page.get_by_role("link", name=re.compile("^Peru"))
    expect(cancels).to_have_count(3)
    last = cancels.last
    last.scroll_into_view_if_needed()
    box = last.bounding_box()
    assert box is not None
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], box
    # Nothing covers it and nothing clips it: the point at its centre is the link itself.
    hit = page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y)?.closest('a')?.textContent.trim()",
        [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
    )
    assert hit and hit.startswith("Peru"), hit
    last.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Peru varaus")
    assert page.evaluate(OVERFLOW) is None


def test_phone_menu_folds_and_works_with_the_keyboard(live_server, page: Page, world, login):
    page.set_viewport_size(PHONE)
    login(world.coordinator)
    menu = page.get_by_role("navigation", name="Päävalikko")
    toggle = page.get_by_role("button", name="Valikko")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_hidden()

    # The skip link comes first and leads to the content.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Siirry pääsisältöön")).to_be_focused()
    page.keyboard.press("Tab")  # the brand
    page.keyboard.press("Tab")
    expect(toggle).to_be_focused()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(menu.get_by_role("link", name="Etusivu")).to_be_visible()
    check_a11y(page)

    # Tab order in the open menu: the language, the person's own links, then the menu.
    focus_order = []
    for _ in range(12):
        page.keyboard.press("Tab")
        focus_order.append(page.evaluate("document.activeElement.textContent.trim()"))
    assert focus_order[:7] == [
        "suomi",
        "svenska",
        "English",
        "Omat tiedot",
        "Kirjaudu ulos",
        "Etusivu",
        "Mihin voin saada apua?",
    ], focus_order
    seuranta = menu.locator("summary", has_text="Seuranta")
    seuranta.focus()
    page.keyboard.press("Enter")
    expect(menu.get_by_role("link", name="Sijaisbudjetit")).to_be_visible()
    page.keyboard.press("Tab")
    expect(menu.get_by_role("link", name="Raportit", exact=True)).to_be_focused()
    page.keyboard.press("Escape")  # closes the group, back on its button
    expect(menu.get_by_role("link", name="Raportit", exact=True)).to_be_hidden()
    expect(seuranta).to_be_focused()
    page.keyboard.press("Escape")  # closes the menu, back on "Valikko"
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(toggle).to_be_focused()
    expect(menu).to_be_hidden()

    toggle.click()
    seuranta.click()
    menu.get_by_role("link", name="Sijaisbudjetit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sijaisbudjetit")
    expect(page.get_by_role("button", name="Valikko")).to_have_attribute("aria-expanded", "false")


def test_coordinators_menu_is_one_line_on_a_laptop(live_server, page: Page, world, login):
    page.set_viewport_size(LAPTOP)
    world.coordinator.is_superuser = True  # the most entries: the admin link too
    world.coordinator.save(update_fields=["is_superuser"])
    login(world.coordinator)
    expect(page.get_by_role("button", name="Valikko")).to_be_hidden()
    for language, code in (("suomi", "fi"), ("svenska", "sv"), ("English", "en")):
        page.get_by_role("button", name=language).click()
        expect(page.locator("html")).to_have_attribute("lang", code)
        tops = page.eval_on_selector_all(
            ".nav > li", "items => items.map(li => Math.round(li.getBoundingClientRect().top))"
        )
        assert len(tops) >= 6 and len(set(tops)) == 1, (language, tops)
    page.get_by_role("button", name="suomi").click()

    # A group opens with the keyboard, Escape closes it, and focus is visible on its button.
    menu = page.get_by_role("navigation", name="Päävalikko")
    group = menu.locator("summary", has_text="Organisaatio")
    group.focus()
    page.keyboard.press("Enter")
    expect(menu.get_by_role("link", name="Tuo henkilölista")).to_be_visible()
    check_a11y(page)
    page.keyboard.press("Escape")
    expect(menu.get_by_role("link", name="Tuo henkilölista")).to_be_hidden()
    expect(group).to_be_focused()
    outline = group.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline != "none"
    # Tabbing out of an open group closes it; so does a click elsewhere.
    page.keyboard.press("Enter")
    for _ in range(3):  # Organisaatiot, Tuo henkilölista, Ylläpito
        page.keyboard.press("Tab")
    expect(menu.get_by_role("link", name="Ylläpito")).to_be_focused()
    page.keyboard.press("Tab")
    expect(menu.get_by_role("link", name="Tuo henkilölista")).to_be_hidden()
    group.click()
    page.get_by_role("heading", level=1).click()
    expect(menu.get_by_role("link", name="Tuo henkilölista")).to_be_hidden()


def test_the_tutors_pages_have_one_menu_and_one_new_time_link(
    live_server, page: Page, world, login
):
    login(world.tutor)
    menu = page.get_by_role("navigation", name="Päävalikko")
    menu.get_by_text("Tutorin työkalut").click()
    menu.get_by_role("link", name="Omat ajat").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Omat ajat")
    expect(page.get_by_role("navigation")).to_have_count(2)  # the menu and the weeks
    expect(page.get_by_role("link", name="Uusi aika", exact=True)).to_have_count(1)
    expect(menu.locator("summary[aria-current]")).to_have_text("Tutorin työkalut")
    expect(menu.locator("a[aria-current=page]")).to_have_text("Omat ajat")
    page.get_by_role("link", name="Uusi aika", exact=True).click()
    expect(page.get_by_role("navigation")).to_have_count(1)


def test_without_scripts_the_menu_stays_open_and_fits(live_server, browser: Browser, world):
    world.coordinator.set_password("salasana-123")
    world.coordinator.save(update_fields=["password"])
    context = _context(browser, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Sähköposti").fill(world.coordinator.email)
    page.get_by_label("Salasana").fill("salasana-123")
    page.get_by_role("button", name="Kirjaudu", exact=True).click()
    menu = page.get_by_role("navigation", name="Päävalikko")
    expect(menu.get_by_role("link", name="Etusivu")).to_be_visible()
    expect(page.get_by_role("button", name="Valikko")).to_be_hidden()
    menu.locator("summary", has_text="Seuranta").click()
    menu.get_by_role("link", name="Raportit", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tutorointitunnit")
    assert page.evaluate(OVERFLOW) is None
    context.close()
