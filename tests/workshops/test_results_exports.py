"""The result as PDF, DOCX and Markdown: the ranked themes in order with their votes and
ideas, the ungrouped ideas after them, and nobody named — not the authors, not the voters,
whether the workshop is anonymous or not."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from tests.workshops.results_setup import NAMES, RANKED, UNGROUPED, puimala
from tutori.workshops.exports import markdown_text, md_escape
from tutori.workshops.results import ranked


def _download(client, user, workshop, fmt):  # type: ignore[no-untyped-def]
    client.force_login(user)
    response = client.get(reverse("workshops:results_export", args=[workshop.pk, fmt]))
    assert response.status_code == 200, response.status_code
    return response


def _in_order(text: str, names: list[str]) -> bool:
    places = [text.find(name) for name in names]
    return all(p >= 0 for p in places) and places == sorted(places)


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _docx_text(data: bytes) -> str:
    from docx import Document

    document = Document(io.BytesIO(data))
    props = document.core_properties
    return "\n".join(
        [p.text for p in document.paragraphs] + [props.author or "", props.last_modified_by or ""]
    )


@pytest.mark.parametrize("anonymous", [True, False])
def test_the_pdf_lists_the_ranked_themes_in_order_and_names_nobody(client, world, anonymous):
    made = puimala(world, anonymous=anonymous)
    response = _download(client, world.coordinator, made.workshop, "pdf")
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert "puimala-1-2018-11-06.pdf" in response["Content-Disposition"]
    text = " ".join(_pdf_text(response.content).split())
    assert _in_order(text, RANKED), text
    assert "3 ääntä" in text and "2 ääntä" in text and "1 ääni" in text
    assert "Ryhmittelemättömät ideat" in text
    # An emoji no font of the PDF has is a box, and the rest of the text stays readable.
    assert "Jäi yksin □" in text
    for name in NAMES:
        assert name not in text


@pytest.mark.parametrize("anonymous", [True, False])
def test_the_docx_lists_the_ranked_themes_in_order_and_names_nobody(client, world, anonymous):
    made = puimala(world, anonymous=anonymous)
    response = _download(client, world.coordinator, made.workshop, "docx")
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )
    text = _docx_text(response.content)
    assert _in_order(text, RANKED), text
    assert "Alueet näkyviksi = +tiedote" in text
    assert UNGROUPED in text
    for name in [*NAMES, world.coordinator.display_name]:
        assert name not in text


@pytest.mark.parametrize("anonymous", [True, False])
def test_the_markdown_is_the_seed_shape_and_names_nobody(client, world, anonymous):
    made = puimala(world, anonymous=anonymous)
    response = _download(client, world.coordinator, made.workshop, "md")
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    text = response.content.decode("utf-8")
    assert text.startswith("# Puimala 1\n")
    assert "## 1. Miten koulut toisivat paremmin esiin omat tarpeensa?" in text
    assert "1. **Tutoroinnin alueet näkyviksi** (3 ääntä)\n    - Mihin voin saada" in text
    assert "4. **Nimikkotutor** (1 ääni)" in text
    assert f"### Ryhmittelemättömät ideat\n\n- {UNGROUPED}" in text
    assert _in_order(text, RANKED)
    for name in NAMES:
        assert name not in text


def test_markdown_keeps_typed_text_as_text():
    assert md_escape("**lihava** [linkki](x) <b>") == r"\*\*lihava\*\* \[linkki\](x) \<b\>"
    assert md_escape("- ei lista") == r"\- ei lista"
    assert md_escape("1. ei lista") == r"1\. ei lista"
    assert md_escape("# ei otsikko\nrivi") == r"\# ei otsikko rivi"
    assert md_escape("Åsa 👩‍🏫") == "Åsa 👩‍🏫"


def test_the_facilitator_exports_the_live_tally_and_an_archive_reader_the_results(world):
    made = puimala(world)
    live = markdown_text(made.workshop, ranked(made.workshop, live=True))
    assert "Kunnan yhteinen tutoraika" in live
    read = markdown_text(made.workshop, ranked(made.workshop, live=False))
    assert "Kunnan yhteinen tutoraika" not in read


def test_an_unknown_format_is_not_found(client, world):
    made = puimala(world)
    client.force_login(world.coordinator)
    url = reverse("workshops:results_export", args=[made.workshop.pk, "exe"])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("fmt", ["pdf", "docx", "md"])
def test_a_participant_without_a_facilitators_or_archive_role_gets_no_file(client, world, fmt):
    made = puimala(world)
    client.force_login(world.member)
    url = reverse("workshops:results_export", args=[made.workshop.pk, fmt])
    assert client.get(url).status_code == 403
