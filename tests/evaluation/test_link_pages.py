"""Part A's pages: the evaluation index (search, status filter, paging, answers counted,
links to the reports), the link page (choosing, refusals shown on the form keeping the
choice, the invitation states, making a survey from the instrument), the menu entry and the
dashboard panel; queries constant."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.evaluation.factories import seed004
from tests.evaluation.link_setup import fresh, link_all, linkable, make_survey
from tests.factories import UserFactory
from tests.programmes.factories import ProgrammeFactory
from tests.writes import nothing_changes
from tutori.core.scoping import scopes_disabled
from tutori.evaluation.models import ProgrammeEvaluation
from tutori.evaluation.selectors.index import linked_of, panel_evaluations
from tutori.programmes.models import Programme
from tutori.surveys.models import Survey

INDEX = reverse("evaluation:index")


def _link_url(setup) -> str:  # type: ignore[no-untyped-def]
    return reverse("evaluation:link", args=[setup.programme.pk])


def test_the_index_lists_the_programmes_with_their_evaluation(client, world):
    s = seed004(organisation=world.oulu)
    client.force_login(s.coordinator)
    response = client.get(INDEX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Työvalmentajakoulutus (WIRE 3)" in html
    assert "WIRE 3: alkuarviointi" in html and "WIRE 3: palaute" in html
    # Answers so far: 16 before, 12 after, 12 feedback.
    assert "16 vastausta" in html and "12 vastausta" in html
    assert reverse("evaluation:link", args=[s.programme.pk]) in html
    for name in ("evaluation:prepost", "evaluation:feedback", "evaluation:attrition"):
        try:
            url = reverse(name, args=[s.programme.pk])
        except Exception:  # the part is not there yet
            continue
        assert url in html


def test_search_status_and_paging(client, world):
    for n in range(27):
        ProgrammeFactory(organisation=world.oulu, name=f"Koulutus {n:02}", status="published")
    ProgrammeFactory(organisation=world.oulu, name="Mentorikoulutus", status="draft")
    ProgrammeFactory(organisation=world.kemi, name="Kemin koulutus", status="published")
    client.force_login(world.coordinator)
    html = client.get(INDEX).content.decode()
    assert "28 koulutusta" in html and "Kemin koulutus" not in html
    assert "Sivu 1 / 2" in html
    html = client.get(INDEX, {"q": "mentori"}).content.decode()
    assert "1 koulutus" in html and "Mentorikoulutus" in html
    html = client.get(INDEX, {"status": "draft"}).content.decode()
    assert "Mentorikoulutus" in html and "Koulutus 01" not in html
    # A bad status keeps the page (the form says what is wrong), never an error.
    response = client.get(INDEX, {"status": "nonsense", "q": "x" * 500, "page": "zz"})
    assert response.status_code == 200
    assert "x" * 100 in response.content.decode()
    # htmx gets the results alone.
    partial = client.get(INDEX, {"q": "mentori"}, HTTP_HX_REQUEST="true")
    assert "<h1>" not in partial.content.decode()


def test_a_steering_group_member_reaches_the_index_and_sees_only_their_programme(client, world):
    setup = linkable(world)
    link_all(setup, world.coordinator)
    ProgrammeFactory(organisation=world.oulu, name="Toinen koulutus")
    steerer = UserFactory()
    setup.programme.steering_group.add(steerer)
    client.force_login(steerer)
    html = client.get(INDEX).content.decode()
    assert setup.programme.name in html and "Toinen koulutus" not in html
    # They read, not link.
    assert _link_url(setup) not in html
    assert client.get(_link_url(setup)).status_code == 403


def test_the_index_asks_a_constant_number_of_queries(client, world, django_assert_max_num_queries):
    def programmes(n: int) -> None:
        for _i in range(n):
            setup = linkable(world)
            link_all(setup, world.coordinator)

    programmes(2)
    client.force_login(world.coordinator)
    with django_assert_max_num_queries(12) as few:
        client.get(INDEX)
    programmes(6)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(INDEX).status_code == 200


def test_the_link_page_shows_the_choices_and_the_invitations(client, world):
    setup = linkable(world)
    evaluation = link_all(setup, world.coordinator)
    with scopes_disabled():
        ProgrammeEvaluation.objects.filter(pk=evaluation.pk).update(
            pre_sent_at=timezone.make_aware(dt.datetime(2026, 1, 16, 8))
        )
    client.force_login(world.coordinator)
    html = client.get(_link_url(setup)).content.decode()
    assert "kutsut lähetetty 16.1.2026" in html
    ends = setup.programme.ends_on
    assert f"kutsut lähtevät {ends.day}.{ends.month}.{ends.year}" in html
    # The feedback choice lists the feedback surveys, the pre and post the others.
    assert html.count(">Palaute (Oulu") == 1


def test_linking_through_the_page(client, world):
    setup = linkable(world)
    client.force_login(world.coordinator)
    response = client.post(
        _link_url(setup),
        {"pre": setup.pre.pk, "post": setup.post.pk, "feedback": setup.feedback.pk},
    )
    assert response.status_code == 302
    with scopes_disabled():
        evaluation = ProgrammeEvaluation.objects.get(programme=setup.programme)
    assert fresh(evaluation).feedback_survey == setup.feedback
    page = client.get(response["Location"]).content.decode()
    assert "Arviointikyselyt tallennettiin." in page


def test_a_refusal_is_shown_on_the_form_which_keeps_the_choice(client, world):
    setup = linkable(world)
    client.force_login(world.coordinator)
    with nothing_changes():
        response = client.post(_link_url(setup), {"pre": setup.pre.pk, "post": setup.pre.pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Alku- ja loppuarviointi eivät voi olla sama kysely." in html
    assert f'<option value="{setup.pre.pk}" selected>' in html


@pytest.mark.parametrize("bad", ["abc", "-1", "99999999999999999999999", str(2**63)])
def test_odd_ids_are_form_errors(client, world, bad):
    setup = linkable(world)
    kemi = make_survey(world, "pre", "Kemin", organisation=world.kemi, by=world.outsider)
    client.force_login(world.coordinator)
    for value in (bad, str(kemi.pk)):
        with nothing_changes():
            response = client.post(_link_url(setup), {"pre": value})
        assert response.status_code == 200
        assert "error-summary" in response.content.decode()


def test_making_the_surveys_from_the_instruments(client, world):
    setup = linkable(world)
    client.force_login(world.coordinator)
    for kind in ("pre", "post", "feedback"):
        response = client.post(_link_url(setup), {"create": kind})
        assert response.status_code == 302
    with scopes_disabled():
        evaluation = ProgrammeEvaluation.objects.get(programme=setup.programme)
    assert evaluation.pre_survey_id and evaluation.post_survey_id and evaluation.feedback_survey_id
    html = client.get(_link_url(setup)).content.decode()
    assert "Tee alkuarviointi" not in html
    # A second press is refused with a message, nothing changed.
    with nothing_changes():
        response = client.post(_link_url(setup), {"create": "pre"}, follow=True)
    assert "Kysely on jo valittu" in response.content.decode()


def test_the_link_page_asks_a_constant_number_of_queries(
    client, world, django_assert_max_num_queries
):
    setup = linkable(world)
    link_all(setup, world.coordinator)
    client.force_login(world.coordinator)
    with django_assert_max_num_queries(20) as few:
        client.get(_link_url(setup))
    for n in range(10):
        make_survey(world, "pre", f"Lisäkysely {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(_link_url(setup)).status_code == 200


def test_the_menu_has_the_entry_for_coordinators_only(client, world):
    client.force_login(world.coordinator)
    assert INDEX in client.get(reverse("dashboard:dashboard")).content.decode()
    client.force_login(world.member)
    assert INDEX not in client.get(reverse("dashboard:dashboard")).content.decode()


def test_the_dashboard_panel(client, world):
    setup = linkable(world)
    link_all(setup, world.coordinator)
    steerer = UserFactory()
    setup.programme.steering_group.add(steerer)
    panel = panel_evaluations(user=steerer)
    assert panel is not None and [r["programme"] for r in panel["rows"]] == [setup.programme]
    assert panel_evaluations(user=world.member) is None
    assert panel_evaluations(user=world.outsider) is None
    client.force_login(steerer)
    html = client.get(reverse("dashboard:dashboard")).content.decode()
    assert 'id="evaluation-panel-heading"' in html and setup.programme.name in html
    # A cancelled programme is not in it.
    with scopes_disabled():
        Programme.objects.filter(pk=setup.programme.pk).update(status="cancelled")
    assert panel_evaluations(user=steerer) is None


def test_the_panel_is_one_query(world, django_assert_num_queries):
    setup = linkable(world)
    link_all(setup, world.coordinator)
    from tutori.access import engine

    engine.reach(world.coordinator)
    with django_assert_num_queries(1):
        panel_evaluations(user=world.coordinator)


def test_the_invitation_states(world):
    today = timezone.localdate()
    setup = linkable(world, starts_on=today - dt.timedelta(days=100), ends_on=today)
    evaluation = link_all(setup, world.coordinator)
    with scopes_disabled():
        Survey.objects.filter(pk=setup.post.pk).update(send_started_at=timezone.now())
        Survey.objects.filter(pk=setup.feedback.pk).update(status=Survey.Status.CLOSED)
        evaluation = ProgrammeEvaluation.objects.select_related(
            "pre_survey", "post_survey", "feedback_survey"
        ).get(pk=evaluation.pk)
    states = [item.state for item in linked_of(setup.programme, evaluation, {})]
    assert states == ["late", "by_hand", "closed"]
    setup.programme.status = Programme.Status.DRAFT
    assert linked_of(setup.programme, evaluation, {})[0].state == "draft"
    setup.programme.status = Programme.Status.PUBLISHED
    setup.programme.starts_on = None
    assert linked_of(setup.programme, evaluation, {})[0].state == "no_date"
    assert [item.state for item in linked_of(setup.programme, None, {})] == ["", "", ""]
