"""Part D: the path reports. A coordinator sees their organisations' templates with the
paths' counts, and a template's report: per organisation (a count under five shown as
"< 5", an organisation with fewer than five paths without a breakdown), and per step (how
many are at it, overdue, done, the median days from the previous step when five or more
people make it), for all organisations or one. Counts only: a supervision note's text never
shows. Another municipality's coordinator finds nothing; the pages read in constant
queries."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.urls import reverse

from tests.paths.reports_setup import LONG, SECRET, SHORT, WILLING, more_in_school_b, reported
from tutori.paths.selectors.reports import path_report

pytestmark = pytest.mark.django_db


def cells_or_none(html: str, label: str) -> list[str] | None:
    """The cells of the table row whose header is ``label``, as text (None: no such row)."""
    row = re.search(
        rf"<tr>\s*<th scope=\"row\">(?:<a [^>]*>)?{re.escape(label)}(?:</a>)?.*?</tr>", html, re.S
    )
    if row is None:
        return None
    return [
        unescape(re.sub(r"<[^>]+>", "", c)).strip()
        for c in re.findall(r"<td[^>]*>(.*?)</td>", row.group(0), re.S)
    ]


def cells(html: str, label: str) -> list[str]:
    found = cells_or_none(html, label)
    assert found is not None, label
    return found


def test_the_coordinator_lists_the_templates_with_their_counts(client, world):
    r = reported(world)
    more_in_school_b(world, r)
    client.force_login(world.coordinator)
    response = client.get(reverse("paths:reports"))
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("paths:report", args=[r.template.pk]) in html
    # Active 10, overdue 7, completed 1, stopped 1.
    assert cells(html, "Vertaisohjaajan polku")[1:] == ["10", "7", "< 5", "< 5"]


def test_the_list_hides_totals_that_would_reveal_a_small_organisation(client, world):
    reported(world)  # Koulu A 7 paths, Koulu B 2: the totals minus Koulu A's are Koulu B's
    client.force_login(world.coordinator)
    html = client.get(reverse("paths:reports")).content.decode()
    assert cells(html, "Vertaisohjaajan polku")[1:] == ["Luvut organisaatioittain raportissa"]


def test_the_report_counts_per_organisation_and_suppresses_small_ones(client, world):
    r = reported(world)
    client.force_login(world.coordinator)
    html = client.get(reverse("paths:report", args=[r.template.pk])).content.decode()
    assert cells(html, "Koulu A") == ["5", "< 5", "< 5", "< 5", "7"]
    assert cells(html, "Koulu B") == ["< 5"] * 5
    assert "Koulu K" not in html
    # Koulu A's name leads to its own step table; Koulu B (under five) does not.
    assert f'href="?org={world.school_a.pk}"' in html
    assert f'href="?org={world.school_b.pk}"' not in html
    # The totals minus Koulu A would be Koulu B's two paths: neither the totals row nor the
    # step table of all organisations.
    assert "<tfoot>" not in html
    assert "Yhteensä-riviä ei näytetä" in html
    assert "Kaikkien organisaatioiden vaiheittaista erittelyä ei näytetä" in html
    assert cells_or_none(html, WILLING) is None


def test_the_totals_and_the_step_table_of_all_organisations(client, world):
    r = reported(world)
    more_in_school_b(world, r)
    client.force_login(world.coordinator)
    html = client.get(reverse("paths:report", args=[r.template.pk])).content.decode()
    assert cells(html, "Koulu B") == ["5", "5", "< 5", "< 5", "5"]
    totals = html.split("<tfoot>")[1].split("</tfoot>")[0]
    assert unescape(re.sub(r"<[^>]+>|\s", "", totals)) == "Yhteensä107<5<512"
    # At the step, overdue, done, median days from the previous step.
    assert cells(html, WILLING) == ["< 5", "< 5", "8", "2"]
    # Every undone short supervision's window (0–14 days) has closed: seven overdue.
    assert cells(html, SHORT) == ["< 5", "7", "5", "9"]
    assert cells(html, LONG) == ["< 5", "< 5", "< 5", "alle 5 tehtyä"]


def test_the_report_of_one_organisation(client, world):
    r = reported(world)
    client.force_login(world.coordinator)
    url = reverse("paths:report", args=[r.template.pk])
    html = client.get(url, {"org": world.school_a.pk}).content.decode()
    assert "Vaiheittain: Koulu A" in html
    assert cells(html, WILLING) == ["< 5", "< 5", "7", "2"]
    assert cells(html, SHORT) == ["< 5", "< 5", "5", "9"]
    small = client.get(url, {"org": world.school_b.pk}).content.decode()
    assert "vaiheittaista erittelyä ei näytetä" in small
    assert cells_or_none(small, WILLING) is None
    for bad in (world.school_k.pk, "abc", "1" * 40, "²"):
        assert client.get(url, {"org": bad}).status_code == 404


def test_the_report_never_shows_a_note(client, world):
    r = reported(world)
    client.force_login(world.coordinator)
    for url in (reverse("paths:reports"), reverse("paths:report", args=[r.template.pk])):
        assert SECRET not in client.get(url).content.decode()


def test_another_municipalitys_coordinator_finds_nothing(client, world):
    r = reported(world)
    client.force_login(world.outsider)
    listing = client.get(reverse("paths:reports")).content.decode()
    assert reverse("paths:report", args=[r.template.pk]) not in listing
    assert "Kemin polku" in listing
    assert client.get(reverse("paths:report", args=[r.template.pk])).status_code == 404
    client.force_login(world.coach)
    assert client.get(reverse("paths:reports")).status_code == 403
    assert client.get(reverse("paths:report", args=[r.template.pk])).status_code == 403


def test_a_report_counts_only_what_the_coordinator_reaches(world):
    r = reported(world)
    with_admin = path_report(user=world.admin, template=r.template)
    assert with_admin is not None and with_admin.total.total == 9
    assert path_report(user=world.coordinator, template=r.template, organisation_id=0) is None


def test_the_pages_read_in_constant_queries(client, world, django_assert_max_num_queries):
    r = reported(world)
    client.force_login(world.coordinator)
    client.get(reverse("paths:reports"))  # the session and the reach, read once
    with django_assert_max_num_queries(12):
        assert client.get(reverse("paths:reports")).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(reverse("paths:report", args=[r.template.pk])).status_code == 200


def test_a_row_never_lets_a_small_count_be_subtracted_from_its_total(world):
    from tutori.paths.selectors.reports import OrganisationRow

    row = OrganisationRow(1, "Paja", active=10, completed=6, stopped=2, overdue=3)
    active, overdue, completed, stopped, total = row.cells
    assert (active, completed, stopped, total) == ("10", "–", "< 5", "18")
    assert overdue == "< 5"
