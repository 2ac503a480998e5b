"""A coordinator's day with the foundation, in a real browser: log in, switch language, browse
the tree, find people, invite, change a role, end a membership and import a roster."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import check_a11y
from tutori.accounts.models import User
from tutori.orgs.models import Membership, Role


def test_login_and_language_choice_is_remembered(live_server, page: Page, world, login):
    login(world.member)
    expect(page).to_have_url(re.compile(r"/dashboard/"))
    expect(page.locator("html")).to_have_attribute("lang", "fi")
    page.get_by_role("button", name="svenska").click()
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    check_a11y(page)
    page.goto(f"{live_server.url}/orgs/")
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.get_by_role("heading", level=1)).to_have_text("Organisationer")
    world.member.refresh_from_db()
    assert world.member.preferred_language == "sv"
    page.get_by_role("button", name="suomi").click()
    expect(page.locator("html")).to_have_attribute("lang", "fi")


def test_wrong_password_is_refused_in_finnish(live_server, page: Page, world):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Sähköposti").fill(world.member.email)
    page.get_by_label("Salasana").fill("väärä-salasana")
    page.get_by_role("button", name="Kirjaudu", exact=True).click()
    expect(page.get_by_text("Sähköposti tai salasana on väärin.")).to_be_visible()
    check_a11y(page)


def test_coordinator_browses_tree_finds_invites_and_changes_people(
    live_server, page: Page, world, login
):
    login(world.coordinator)
    menu = page.get_by_role("navigation", name="Päävalikko")
    menu.get_by_text("Organisaatio", exact=True).click()
    menu.get_by_role("link", name="Organisaatiot").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Organisaatiot")
    check_a11y(page)
    expect(page.get_by_role("link", name="Koulu K")).to_have_count(0)
    page.get_by_role("link", name="Koulu A").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Koulu A")
    check_a11y(page)

    page.get_by_role("link", name="Henkilöt").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Henkilöt")
    check_a11y(page)
    page.get_by_label("Hae nimellä tai sähköpostilla").fill("tiina")
    # htmx swaps the results without a page load
    expect(page.locator("#people-results")).not_to_contain_text("Olli Opettaja")
    expect(page.locator("#people-results")).to_contain_text("Tiina Tutor")
    page.get_by_label("Hae nimellä tai sähköpostilla").fill("")
    expect(page.locator("#people-results")).to_contain_text("Olli Opettaja")

    page.get_by_role("link", name="Kutsu henkilö").first.click()
    check_a11y(page)
    page.get_by_label("Nimi").fill("Uuno Uusi")
    page.get_by_label("Sähköposti").fill("ei-osoite")
    page.get_by_role("button", name="Lähetä kutsu").click()
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.get_by_label("Nimi")).to_have_value("Uuno Uusi")  # what was typed stays
    check_a11y(page)
    page.get_by_label("Sähköposti").fill("uuno@example.fi")
    page.get_by_role("button", name="Lähetä kutsu").click()
    expect(page.get_by_text("Kutsu lähetetty osoitteeseen uuno@example.fi.")).to_be_visible()
    assert User.objects.filter(email="uuno@example.fi").exists()

    # Kemi's coordinator has an account: invited, not a member, shown by the name typed here.
    page.get_by_role("link", name="Kutsu henkilö").first.click()
    page.get_by_label("Nimi").fill("Kalle K.")
    page.get_by_label("Sähköposti").fill("kemi@example.fi")
    page.get_by_role("button", name="Lähetä kutsu").click()
    expect(page.get_by_text("Kutsu lähetetty osoitteeseen kemi@example.fi.")).to_be_visible()
    results = page.locator("#people-results")
    expect(results).to_contain_text("1 kutsu odottaa hyväksymistä")
    expect(results).to_contain_text("Kalle K.")
    expect(results).not_to_contain_text("Kalle Kemiläinen")
    check_a11y(page)
    assert not Membership._default_manager.filter(user=world.outsider, organisation=world.school_a)

    page.get_by_role("link", name=re.compile(r"Vaihda rooli\W+Olli Opettaja")).click()
    check_a11y(page)
    page.get_by_label("Uusi rooli").select_option(Role.TUTOR.value)
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_text("Rooli vaihdettu.")).to_be_visible()
    assert (
        Membership._default_manager.get(
            user=world.member, organisation=world.school_a, active_to__isnull=True
        ).role
        == Role.TUTOR
    )

    page.get_by_role("link", name=re.compile(r"Päätä jäsenyys\W+Uuno Uusi")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Päätä jäsenyys")
    check_a11y(page)
    page.get_by_role("button", name="Kyllä, päätä jäsenyys").click()
    expect(page.get_by_text("Jäsenyys päätetty: Uuno Uusi")).to_be_visible()
    assert Membership._default_manager.filter(user__email="uuno@example.fi").get().active_to


def test_roster_import_with_an_error_then_a_good_file(live_server, page: Page, world, login):
    login(world.coordinator)
    page.goto(f"{live_server.url}/orgs/import/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tuo henkilölista")
    check_a11y(page)
    bad = (
        "name;email;organisation;role\n"
        "Aino Aalto;aino@example.fi;Koulu A;member\n"
        "Bo;;Koulu X;kuningas\n"
    )
    page.get_by_label("Henkilölista (CSV tai XLSX)").set_input_files(
        files=[{"name": "lista.csv", "mimeType": "text/csv", "buffer": bad.encode()}]
    )
    page.get_by_role("button", name="Tarkista tiedosto").click()
    problems = page.locator("#roster-problems")
    expect(problems).to_contain_text("Mitään ei tallennettu")
    expect(problems).to_contain_text("Rivi 3")
    expect(problems).to_contain_text("sähköposti puuttuu")
    expect(problems).to_contain_text("Koulu X")
    check_a11y(page)
    assert not User.objects.filter(email="aino@example.fi").exists()

    good = (
        "name;email;organisation;role\n"
        "Aino Aalto;aino@example.fi;Koulu A;member\n"
        "Bo Berg;bo@example.fi;Koulu B;tutor\n"
    )
    page.get_by_label("Henkilölista (CSV tai XLSX)").set_input_files(
        files=[{"name": "lista.csv", "mimeType": "text/csv", "buffer": good.encode()}]
    )
    page.get_by_role("button", name="Tarkista tiedosto").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Henkilölistan esikatselu")
    expect(page.get_by_role("table")).to_contain_text("Aino Aalto")
    check_a11y(page)
    assert not User.objects.filter(email="aino@example.fi").exists()
    page.get_by_role("button", name="Vahvista tuonti").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Henkilölista tuotu")
    check_a11y(page)
    assert User.objects.filter(email__in=["aino@example.fi", "bo@example.fi"]).count() == 2
