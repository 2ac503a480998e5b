"""Browser tests: Debian's Chromium driven by Playwright against Django's live server.

Every page a test visits goes through ``check_a11y`` (axe-core): a serious or critical
violation fails the test.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect

# Playwright's sync API runs an event loop in this thread; the test's own ORM calls are
# still plain synchronous code, so Django's async-safety guard must not stop them.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("TUTORI_CHROMIUM", "/usr/bin/chromium")
SERIOUS = {"serious", "critical"}
DEMO_PASSWORD = "salasana-123"

_axe = Axe()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-default-apps",
            "--disable-sync",
            "--no-first-run",
            "--disable-dev-shm-usage",
        ],
    }


@pytest.fixture
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "locale": "fi-FI", "timezone_id": "Europe/Helsinki"}


def _run_axe(page: Page) -> Any:
    """Run axe once the page has loaded.

    A click on a link returns as soon as the navigation starts; axe run in that moment sees
    no document (or its context is destroyed under it). Wait for the load, and run again once
    if a navigation still swapped the document away mid-run.
    """
    for attempt in range(3):
        page.wait_for_load_state("load")
        try:
            return _axe.run(page)
        except PlaywrightError as error:
            message = str(error)
            swapped = "documentElement" in message or "context was destroyed" in message
            if not swapped or attempt == 2:
                raise
    raise AssertionError("unreachable")


def check_a11y(page: Page) -> None:
    """Fail on serious or critical axe-core findings on the current page."""
    results = _run_axe(page)
    violations = [v for v in results.response["violations"] if v.get("impact") in SERIOUS]
    details = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in violations
    ]
    assert not violations, f"axe on {page.url}:\n" + "\n".join(details)


@pytest.fixture
def a11y() -> Callable[[Page], None]:
    return check_a11y


@pytest.fixture
def login(live_server: Any, page: Page) -> Callable[..., Page]:
    """Log in through the login form as a person would."""

    def do(user: Any, password: str = DEMO_PASSWORD) -> Page:
        page.set_default_timeout(10_000)
        user.set_password(password)
        user.save(update_fields=["password"])
        page.goto(f"{live_server.url}/accounts/login/")
        check_a11y(page)
        page.get_by_label("Sähköposti").fill(user.email)
        page.get_by_label("Salasana").fill(password)
        page.get_by_role("button", name="Kirjaudu", exact=True).click()
        expect(page.locator("h1")).to_be_visible()
        return page

    return do


# A phone's screen: every page must fit it (tests/browser/test_small_screens.py).
PHONE_SIZE = {"width": 360, "height": 740}


def signed_in_page(browser: Any, base_url: str, user: Any, *, phone: bool = False) -> Page:
    """A new browser context in Finnish on Helsinki time (a 360 px phone when ``phone``),
    signed in through the login form as ``user`` — for a test where several people act."""
    options: dict[str, Any] = {"locale": "fi-FI", "timezone_id": "Europe/Helsinki"}
    if phone:
        options["viewport"] = PHONE_SIZE
    page = browser.new_context(**options).new_page()
    page.set_default_timeout(15_000)
    user.set_password(DEMO_PASSWORD)
    user.save(update_fields=["password"])
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Sähköposti").fill(user.email)
    page.get_by_label("Salasana").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Kirjaudu", exact=True).click()
    expect(page.locator("h1")).to_be_visible()
    return page
