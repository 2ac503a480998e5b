"""Finding help in a real browser: a teacher searches the catalogue for "Teams" and for a word
of a topic's description, reads the tutor's profile beside the time, chooses a topic and
finds it chosen in the booking form, and reads the topics in Swedish after switching the
language. axe on every page."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import check_a11y
from tests.factories import SlotFactory, TopicFactory
from tutori.tutoring.models import Place, TutorProfile


def test_teacher_searches_reads_the_profile_and_books_with_the_chosen_topic(
    live_server, page: Page, world, login
):
    arviointi = TopicFactory(
        organisation=world.oulu,
        name="Arviointi",
        description="Formatiivinen arviointi ja arviointi Wilmassa.",
        name_sv="Bedömning",
        description_sv="Formativ bedömning och bedömning i Wilma.",
    )
    digi = TopicFactory(
        organisation=world.oulu,
        name="Oppimisalustat",
        description="Classroom ja muut välineet tutuiksi.",
        name_sv="Lärplattformar",
    )
    profile = TutorProfile._default_manager.create(
        user=world.tutor,
        organisation=world.school_a,
        description="Olen käyttänyt Wilmaa kymmenen vuotta.",
        languages="suomi, ruotsi",
    )
    profile.topics.set([arviointi, digi])
    remote = SlotFactory(
        organisation=world.school_a,
        tutor=world.tutor,
        place=Place.REMOTE,
        location="Teams: linkki kalenterikutsussa",
        note="Etäklinikka",
    )
    remote.topics.set([arviointi])
    visit = SlotFactory(
        organisation=world.school_a,
        tutor=world.tutor,
        starts_at=remote.starts_at.replace(hour=10),
        ends_at=remote.starts_at.replace(hour=11),
        note="Luokkakäynti",
    )
    visit.topics.set([digi])

    login(world.member)
    page.get_by_role("navigation", name="Päävalikko").get_by_role(
        "link", name="Mihin voin saada apua?"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mihin voin saada apua?")
    check_a11y(page)
    results = page.locator("#slot-results")
    expect(results).to_contain_text("Etäklinikka")
    expect(results).to_contain_text("Luokkakäynti")

    # "Teams" is in the remote time's link only.
    page.get_by_label("Hae", exact=True).fill("Teams")
    expect(results).not_to_contain_text("Luokkakäynti")
    expect(results).to_contain_text("Etäklinikka")
    expect(results).to_contain_text("Teams: linkki kalenterikutsussa")
    check_a11y(page)
    # The tutor's profile is beside the time.
    results.get_by_text("Tutorin esittely").first.click()
    expect(results.get_by_text("Olen käyttänyt Wilmaa kymmenen vuotta.").first).to_be_visible()
    expect(results.get_by_text("suomi, ruotsi").first).to_be_visible()
    check_a11y(page)

    # "välineet" is a word of the Oppimisalustat topic's description.
    page.get_by_label("Hae", exact=True).fill("VÄLINEET")
    expect(results).not_to_contain_text("Etäklinikka")
    expect(results).to_contain_text("Luokkakäynti")
    check_a11y(page)

    # Choosing a topic: "Varaa" takes it into the booking form.
    page.get_by_label("Hae", exact=True).fill("")
    page.get_by_label("Aihe", exact=True).select_option(label="Arviointi")
    expect(results).not_to_contain_text("Luokkakäynti")
    results.get_by_role("link", name=re.compile("^Varaa")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Varaa aika")
    expect(page).to_have_url(re.compile(rf"\?topic={arviointi.pk}$"))
    expect(page.get_by_label("Aihe")).to_have_value(str(arviointi.pk))
    expect(page.get_by_role("heading", name="Tutor: Tiina Tutor")).to_be_visible()
    expect(page.get_by_text("Olen käyttänyt Wilmaa kymmenen vuotta.")).to_be_visible()
    check_a11y(page)

    # In Swedish the topics have their Swedish names (and the choice stays made).
    page.get_by_role("button", name="svenska").click()
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.get_by_label("Ämne")).to_have_value(str(arviointi.pk))
    expect(page.get_by_label("Ämne").locator("option:checked")).to_have_text("Bedömning")
    check_a11y(page)
    page.goto(f"{live_server.url}/tutoring/")
    expect(page.get_by_role("heading", name="Bedömning")).to_be_visible()
    expect(page.get_by_text("Formativ bedömning och bedömning i Wilma.")).to_be_visible()
    expect(page.get_by_role("heading", name="Lärplattformar")).to_be_visible()
    check_a11y(page)
    # A search in Swedish finds the time by the topic's Swedish name.
    page.get_by_label("Sök", exact=True).fill("bedömning")
    expect(results).to_contain_text("Etäklinikka")
    expect(results).not_to_contain_text("Luokkakäynti")
    check_a11y(page)
