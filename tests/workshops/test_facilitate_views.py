"""The facilitator's pages: the list (search, status, paging, only one's own organisations'
workshops, few queries), the form keeping what was typed, the workshop's page (who joined,
names only when not anonymous), opening, phases, closing after asking, the join code with
its QR code, and the grouping page (themes, the move form, drag and drop's htmx answer)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.workshops.workshop_setup import join, make_workshop, phase, questions, themed
from tutori.core.scoping import scopes_disabled
from tutori.workshops.models import Idea, Phase, Theme, Workshop
from tutori.workshops.services import participation

pytestmark = pytest.mark.django_db


def test_the_list_shows_ones_own_organisations_workshops_and_searches(client, world):
    make_workshop(world, title="Puimala Oulu")
    make_workshop(world, title="Toinen paja", opened=False)
    make_workshop(world, title="Kemin paja", by=world.outsider, organisation=world.kemi)
    client.force_login(world.coordinator)
    page = client.get(reverse("workshops:list")).content.decode()
    assert "Puimala Oulu" in page and "Toinen paja" in page and "Kemin paja" not in page
    found = client.get(reverse("workshops:list"), {"q": "puimala"}).content.decode()
    assert "Puimala Oulu" in found and "Toinen paja" not in found
    drafts = client.get(reverse("workshops:list"), {"status": "draft"}).content.decode()
    assert "Toinen paja" in drafts and "Puimala Oulu" not in drafts
    odd = client.get(reverse("workshops:list"), {"q": "\x00" * 3, "status": "x", "page": "9e9"})
    assert odd.status_code == 200


def test_the_list_takes_the_same_queries_for_one_or_many(
    client, world, django_assert_max_num_queries
):
    client.force_login(world.coordinator)
    make_workshop(world)
    with django_assert_max_num_queries(12) as one:
        client.get(reverse("workshops:list"))
    for i in range(10):
        make_workshop(world, title=f"Paja {i}")
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(reverse("workshops:list"))


def test_a_member_or_manager_has_no_workshop_list(client, world):
    for user in (world.member, world.manager):
        client.force_login(user)
        assert client.get(reverse("workshops:list")).status_code == 403


def test_a_new_workshop_from_the_form(client, world):
    client.force_login(world.coordinator)
    response = client.post(
        reverse("workshops:new"),
        {
            "organisation": world.oulu.pk,
            "title": "Puimala 🙂",
            "held_on": "2026-11-20",
            "starts_at": "09:00",
            "questions": "Mitä koulutuksessa pitäisi olla?\r\n\r\nMiten arkeen?",
            "votes_per_participant": "3",
            "votes_per_theme": "1",
            "anonymous": "on",
        },
    )
    with scopes_disabled():
        workshop = Workshop.objects.get(title="Puimala 🙂")
    assert response.status_code == 302
    assert response["Location"] == reverse("workshops:workshop", args=[workshop.pk])
    assert [q.text for q in questions(workshop)] == [
        "Mitä koulutuksessa pitäisi olla?",
        "Miten arkeen?",
    ]


def test_a_form_with_errors_keeps_what_was_typed(client, world):
    client.force_login(world.coordinator)
    response = client.post(
        reverse("workshops:new"),
        {
            "organisation": world.oulu.pk,
            "title": "Säilyvä otsikko",
            "held_on": "2026-11-20",
            "questions": "Säilyvä kysymys?",
            "votes_per_participant": "2",
            "votes_per_theme": "3",
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Säilyvä otsikko" in page and "Säilyvä kysymys?" in page
    assert "Yhdelle teemalle ei voi antaa" in page


def test_editing_keeps_answered_questions(client, world):
    workshop = make_workshop(world, questions=["A?", "B?"])
    participation.idea_post(participant=join(workshop), question=questions(workshop)[0], text="x")
    client.force_login(world.coordinator)
    url = reverse("workshops:edit", args=[workshop.pk])
    assert "A?" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "title": "Uusi otsikko",
            "held_on": "2026-11-21",
            "questions": "C?",
            "votes_per_participant": "3",
            "votes_per_theme": "1",
        },
    )
    assert response.status_code == 302
    assert [q.text for q in questions(workshop)] == ["A?", "C?"]


def test_the_workshop_page_counts_anonymous_participants_and_names_named_ones(client, world):
    anonymous = make_workshop(world)
    join(anonymous, "Salainen Sanna")
    named = make_workshop(world, anonymous=False)
    join(named, "Nimetty Niina")
    client.force_login(world.coordinator)
    page = client.get(reverse("workshops:workshop", args=[anonymous.pk])).content.decode()
    assert "1 osallistuja on liittynyt" in page and "Salainen Sanna" not in page
    page = client.get(reverse("workshops:workshop", args=[named.pk])).content.decode()
    assert "Nimetty Niina" in page


def test_open_phase_and_close_after_asking(client, world):
    workshop = make_workshop(world, opened=False)
    client.force_login(world.coordinator)
    client.post(reverse("workshops:open", args=[workshop.pk]))
    with scopes_disabled():
        workshop.refresh_from_db()
    assert workshop.status == "open" and workshop.join_code
    q = questions(workshop)[0]
    client.post(reverse("workshops:question_phase", args=[q.pk]), {"phase": "grouping"})
    assert questions(workshop)[0].phase == Phase.GROUPING
    client.post(reverse("workshops:phase", args=[workshop.pk]), {"phase": "voting"})
    assert {x.phase for x in questions(workshop)} == {Phase.VOTING}
    back = client.post(
        reverse("workshops:question_phase", args=[q.pk]), {"phase": "ideas"}, follow=True
    )
    assert "Kysymystä ei voi siirtää tähän vaiheeseen" in back.content.decode()
    asked = client.get(reverse("workshops:close", args=[workshop.pk]))
    assert "Päättämistä ei voi perua" in asked.content.decode()
    with scopes_disabled():
        assert Workshop.objects.get(pk=workshop.pk).status == "open"
    client.post(reverse("workshops:close", args=[workshop.pk]))
    with scopes_disabled():
        assert Workshop.objects.get(pk=workshop.pk).status == "closed"


def test_the_code_page_shows_the_code_and_a_qr_code_of_the_join_link(client, world):
    workshop = make_workshop(world)
    client.force_login(world.coordinator)
    page = client.get(reverse("workshops:code", args=[workshop.pk])).content.decode()
    assert workshop.join_code in page
    assert "<svg" in page
    assert f"/workshops/join/{workshop.join_code}/" in page
    draft = make_workshop(world, opened=False)
    assert client.get(reverse("workshops:code", args=[draft.pk])).status_code == 302


def test_grouping_with_the_forms(client, world):
    workshop = make_workshop(world)
    q = questions(workshop)[0]
    me = join(workshop)
    idea = participation.idea_post(participant=me, question=q, text="Vertaistuki 💬")
    phase(world, q, Phase.GROUPING)
    client.force_login(world.coordinator)
    url = reverse("workshops:grouping", args=[q.pk])
    client.post(reverse("workshops:theme_new", args=[q.pk]), {"name": "Tuki"})
    with scopes_disabled():
        theme = Theme.objects.get(question=q)
    client.post(reverse("workshops:idea_move", args=[idea.pk]), {"theme": theme.pk})
    with scopes_disabled():
        assert Idea.objects.get(pk=idea.pk).theme == theme
    page = client.get(url).content.decode()
    assert "Vertaistuki 💬" in page and "Siirrä teemaan" in page and 'draggable="true"' in page
    client.post(reverse("workshops:theme_rename", args=[theme.pk]), {"name": "Vertaistuki"})
    assert client.get(url).content.decode().count("Vertaistuki") >= 2
    # Drag and drop: htmx posts the place; the answer is the board alone.
    board = client.post(
        reverse("workshops:idea_move", args=[idea.pk]),
        {"theme": "", "position": "0"},
        HTTP_HX_REQUEST="true",
    )
    assert board.status_code == 200 and "<h1" not in board.content.decode()
    with scopes_disabled():
        assert Idea.objects.get(pk=idea.pk).theme is None


def test_merge_and_delete_from_the_page(client, world):
    workshop = make_workshop(world)
    q = questions(workshop)[0]
    t = themed(world, q, {"A": ["a"], "B": ["b"], "C": ["c"]})
    client.force_login(world.coordinator)
    bad = client.post(
        reverse("workshops:themes_merge", args=[q.pk]), {"into": t["A"].pk, "merged": []}
    )
    assert bad.status_code == 400
    client.post(
        reverse("workshops:themes_merge", args=[q.pk]),
        {"into": t["A"].pk, "merged": [t["B"].pk]},
    )
    asked = client.get(reverse("workshops:theme_delete", args=[t["C"].pk]))
    assert "Sen ideat eivät katoa" in asked.content.decode()
    client.post(reverse("workshops:theme_delete", args=[t["C"].pk]))
    with scopes_disabled():
        assert list(Theme.objects.filter(question=q).values_list("name", flat=True)) == ["A"]
        assert Idea.objects.filter(question=q, theme__isnull=True).count() == 1


def test_grouping_outside_its_phase_shows_the_board_without_forms(client, world):
    workshop = make_workshop(world)
    q = questions(workshop)[0]
    participation.idea_post(participant=join(workshop), question=q, text="Idea")
    client.force_login(world.coordinator)
    page = client.get(reverse("workshops:grouping", args=[q.pk])).content.decode()
    assert "ideointivaiheessa" in page and "Siirrä teemaan" not in page


def test_the_joined_count_refreshes_itself_as_a_fragment(
    client, world, django_assert_max_num_queries
):
    workshop = make_workshop(world)
    client.force_login(world.coordinator)
    url = reverse("workshops:workshop", args=[workshop.pk])
    assert 'hx-trigger="every 5s"' in client.get(url).content.decode()
    join(workshop, "Uusi")
    with django_assert_max_num_queries(8):
        fragment = client.get(url, {"part": "joined"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<h1" not in fragment and "1 osallistuja on liittynyt" in fragment


def test_the_workshop_page_tells_of_ideas_left_without_a_theme_while_grouping(client, world):
    workshop = make_workshop(world)
    q = questions(workshop)[0]
    themed(world, q, {"T": ["ryhmässä"]})
    client.force_login(world.coordinator)
    page = client.get(reverse("workshops:workshop", args=[workshop.pk])).content.decode()
    assert "ilman teemaa" not in page
    phase(world, q, Phase.IDEAS)
    participation.idea_post(participant=join(workshop), question=q, text="irrallinen")
    phase(world, q, Phase.GROUPING)
    page = client.get(reverse("workshops:workshop", args=[workshop.pk])).content.decode()
    assert "1 idea on vielä ilman teemaa" in page


def test_the_grouping_and_workshop_pages_take_the_same_queries_for_few_or_many(
    client, world, django_assert_max_num_queries
):
    few = make_workshop(world)
    many = make_workshop(world, questions=[f"K{i}?" for i in range(8)])
    themed(world, questions(few)[0], {"A": ["a"]})
    for q in questions(many):
        themed(world, q, {f"T{i}": [f"idea {i}", f"toinen {i}"] for i in range(6)})
    client.force_login(world.coordinator)
    for name, few_arg, many_arg in [
        ("workshops:grouping", questions(few)[0].pk, questions(many)[0].pk),
        ("workshops:workshop", few.pk, many.pk),
    ]:
        with django_assert_max_num_queries(30) as counted:
            client.get(reverse(name, args=[few_arg]))
        with django_assert_max_num_queries(len(counted.captured_queries)):
            assert client.get(reverse(name, args=[many_arg])).status_code == 200
