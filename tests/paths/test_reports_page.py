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

from tests.paths.reports_setup import LONG, SECRET, SHORT, WILLING, reported
from tutori.paths.selectors.reports import path_report

pytestmark = pytest.mark.django_db


def cells(html: str, label: str) -> list[str]:
    """The cells of the table row whose header is ``label``, as text."""
    row = re.search(
        rf"<tr>\s*<th scope=\"row\">(?:<a [^>]*>)?{re.escape(label)}(?:</a>)?.*?</tr>", html, re.S
    )
    assert row, label
    return [
        unescape(re.sub(r"<[^>]+>", "", c)).strip()
        for c in re.findall(r"<td>(.*?)</td>", row.group(0), re.S)
    ]


def test_the_coordinator_lists_the_templates_with_their_counts(client, world):
    r = reported(world)
    client.force_login(world.coordinator)
    response = client.get(reverse("paths:reports"))
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("paths:report", args=[r.template.pk]) in html
    # Active 7, overdue 4, completed 1, stopped 1.
    assert cells(html, "Vertaisohjaajan polku")[1:] == ["7", "< 5", "< 5", "< 5"]


def test_the_report_counts_per_organisation_and_suppresses_small_ones(client, world):
    r = reported(world)
    client.force_login(world.coordinator)
    html = client.get(reverse("paths:report", args=[r.template.pk])).content.decode()
    assert cells(html, "Koulu A") == ["5", "< 5", "< 5", "< 5", "7"]
    assert cells(html, "Koulu B") == ["< 5"] * 5
    assert "Koulu K" not in html
    # The totals row.
    totals = html.split("<tfoot>")[1].split("</tfoot>")[0]
    assert unescape(re.sub(r"<[^>]+>|\s", "", totals)) == "Yhteensä7<5<5<59"
    # Koulu A's name leads to its own step table; Koulu B (under five) does not.
    assert f'href="?org={world.school_a.pk}"' in html
    assert f'href="?org={world.school_b.pk}"' not in html


def test_the_step_table_counts_and_medians(client, world):
    r = reported(world)
    client.force_login(world.coordinator)
    html = client.get(reverse("paths:report", args=[r.template.pk])).content.decode()
    # At the step, overdue, done, median days from the previous step.
    assert cells(html, WILLING) == ["< 5", "< 5", "8", "2"]
    assert cells(html, SHORT) == ["< 5", "< 5", "5", "9"]
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
    assert WILLING not in small.split("report-steps-heading")[1]
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
