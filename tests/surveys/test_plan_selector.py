"""The school tutoring plan: needs counted by the database, the tutors who offer them, the
gap, suppression below five answers, and who may open which school's plan."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.surveys.plan_data import answer, needs_survey
from tutori.surveys.models import PlanTally, Survey
from tutori.surveys.selectors import plan as selectors
from tutori.tutoring.models import TutorProfile

pytestmark = pytest.mark.django_db


def test_topics_are_ranked_by_need_with_their_tutors_and_the_gap(world):
    data = needs_survey(world, in_a=6)
    plan = selectors.school_plan(user=world.coordinator, survey=data.survey, school=world.school_a)
    assert plan.answers == 6
    assert not plan.suppressed
    digi, arviointi = plan.needs
    assert (digi.label, digi.chosen, digi.chosen_percent, digi.percent) == (
        "Digipedagogiikka",
        6,
        100,
        100,
    )
    assert digi.mean is None and digi.high_percent is None
    assert [(o.name, o.named) for o in digi.offers] == [
        ("Tiina Tutor", True),
        ("Aapo Aalto", False),
    ]
    # Points 5, 4, 3, 2, 1, 5: three of six at the two highest points.
    assert (arviointi.label, arviointi.chosen, arviointi.high, arviointi.answered) == (
        "Arviointi",
        0,
        3,
        6,
    )
    assert arviointi.percent == arviointi.high_percent == 50
    assert arviointi.mean == pytest.approx(20 / 6)
    assert arviointi.scale_max == 5
    assert [n.label for n in plan.gaps] == ["Arviointi"]


def test_a_topic_chosen_and_needed_highly_takes_the_larger_share(world):
    data = needs_survey(world, in_a=0, in_b=5)
    for _n in range(5):
        answer(data, world.school_b, topics=[data.digi], need=1)
    plan = selectors.school_plan(user=world.coordinator, survey=data.survey, school=world.school_b)
    by_label = {n.label: n for n in plan.needs}
    assert by_label["Arviointi"].chosen_percent == 50
    assert by_label["Arviointi"].high_percent == 50
    assert by_label["Digipedagogiikka"].percent == 100
    assert [n.label for n in plan.needs] == ["Digipedagogiikka", "Arviointi"]


def test_a_closed_survey_is_counted_once_and_counted_again_when_saved(
    world, django_assert_max_num_queries
):
    data = needs_survey(world, in_a=6)
    data.survey.status = Survey.Status.CLOSED
    data.survey.save()
    selectors.school_plan(user=world.coordinator, survey=data.survey, school=world.school_a)
    assert PlanTally._default_manager.filter(survey=data.survey).exists()
    # Counted: the next view reads the stored rows.
    answer(data, world.school_a, topics=[data.robotiikka], need=5)
    plan = selectors.school_plan(user=world.coordinator, survey=data.survey, school=world.school_a)
    assert plan.answers == 6
    # Reopened and closed again: counted again.
    data.survey.save()
    plan = selectors.school_plan(user=world.coordinator, survey=data.survey, school=world.school_a)
    assert plan.answers == 7
    assert "Robotiikka" in [n.label for n in plan.needs]


def test_below_five_answers_the_plan_is_suppressed(world):
    data = needs_survey(world, in_a=4)
    plan = selectors.school_plan(user=world.coordinator, survey=data.survey, school=world.school_a)
    assert plan.suppressed
    assert plan.needs == []


def test_the_schools_list_counts_answers_and_shows_a_principal_only_their_school(world):
    data = needs_survey(world, in_a=6, in_b=3)
    rows = selectors.plan_schools(user=world.coordinator, survey=data.survey)
    assert [(r.school.name, r.answers, r.suppressed) for r in rows] == [
        ("Koulu A", 6, False),
        ("Koulu B", 3, True),
    ]
    rows = selectors.plan_schools(user=world.manager, survey=data.survey)
    assert [r.school.name for r in rows] == ["Koulu A"]


def test_the_plan_page_takes_the_same_queries_for_few_and_many_answers(
    world, client, django_assert_max_num_queries
):
    data = needs_survey(world, in_a=5)
    client.force_login(world.coordinator)
    url = reverse("surveys:plan", args=[data.survey.pk, world.school_a.pk])
    client.get(url)
    with django_assert_max_num_queries(20) as few:
        assert client.get(url).status_code == 200
    for n in range(60):
        answer(data, world.school_a, topics=[data.digi, data.robotiikka], need=n % 5 + 1)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
    assert "Robotiikka" in response.content.decode()


def test_a_closed_surveys_plan_page_reads_stored_counts_in_constant_queries(
    world, client, django_assert_max_num_queries
):
    data = needs_survey(world, in_a=5)
    for n in range(60):
        answer(data, world.school_a, topics=[data.digi, data.robotiikka], need=n % 5 + 1)
    data.survey.status = Survey.Status.CLOSED
    data.survey.save()
    client.force_login(world.coordinator)
    url = reverse("surveys:plan", args=[data.survey.pk, world.school_a.pk])
    assert client.get(url).status_code == 200  # counts the answers once
    with django_assert_max_num_queries(20):
        response = client.get(url)
    assert response.status_code == 200
    assert "Koulusta 65 vastausta." in response.content.decode()
    with django_assert_max_num_queries(20):
        assert client.get(reverse("surveys:plans", args=[data.survey.pk])).status_code == 200


def test_the_plan_page_shows_the_gap_and_how_need_is_counted(world, client):
    data = needs_survey(world, in_a=6)
    client.force_login(world.manager)
    page = client.get(reverse("surveys:plan", args=[data.survey.pk, world.school_a.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Tutorointisuunnitelma: Koulu A" in text
    assert "Aukot: aiheet ilman tutoria" in text
    assert "Miten tarve lasketaan" in text
    assert "nimikkotutor" in text


def test_a_principal_of_school_a_cannot_open_school_bs_plan(world, client):
    data = needs_survey(world, in_a=6, in_b=6)
    client.force_login(world.manager)
    page = client.get(reverse("surveys:plan", args=[data.survey.pk, world.school_b.pk]))
    assert page.status_code in (403, 404)


def test_another_municipality_sees_no_plan(world, client):
    data = needs_survey(world, in_a=6)
    client.force_login(world.outsider)
    assert client.get(reverse("surveys:plans", args=[data.survey.pk])).status_code == 404
    page = client.get(reverse("surveys:plan", args=[data.survey.pk, world.school_a.pk]))
    assert page.status_code == 404


def test_the_suppressed_page_says_why(world, client):
    data = needs_survey(world, in_a=2)
    client.force_login(world.coordinator)
    page = client.get(reverse("surveys:plan", args=[data.survey.pk, world.school_a.pk]))
    assert "suunnitelmaa ei näytetä" in page.content.decode()
    assert "Digipedagogiikka" not in page.content.decode()


def test_a_principal_reads_only_their_own_schools_counted_answers(world):
    data = needs_survey(world, in_a=6, in_b=6)
    data.survey.status = Survey.Status.CLOSED
    data.survey.save()
    selectors.plan_schools(user=world.coordinator, survey=data.survey)  # counts them
    seen = set(
        PlanTally.objects.visible_to(world.manager).values_list("organisation_id", flat=True)
    )
    assert seen == {world.school_a.pk}
    assert not PlanTally.objects.visible_to(world.outsider).exists()
    assert PlanTally.objects.visible_to(world.coordinator).count() > 2


def test_the_plan_page_speaks_swedish_and_english(world, client):
    data = needs_survey(world, in_a=6)
    client.force_login(world.coordinator)
    url = reverse("surveys:plan", args=[data.survey.pk, world.school_a.pk])
    world.coordinator.preferred_language = "en"
    world.coordinator.save(update_fields=["preferred_language"])
    text = client.get(url).content.decode()
    assert "Tutoring plan: Koulu A" in text and "How need is counted" in text
    world.coordinator.preferred_language = "sv"
    world.coordinator.save(update_fields=["preferred_language"])
    text = client.get(url).content.decode()
    assert "Tutorplan: Koulu A" in text and "Luckor: ämnen utan tutor" in text


def test_a_closed_surveys_kept_plan_page_follows_the_tutors_offering_its_topics(world, client):
    """The page of a closed survey's plan is kept rendered, but a tutor who starts offering
    a needed topic (the gap closes) or stops shows at once."""
    data = needs_survey(world, in_a=6)
    data.survey.status = Survey.Status.CLOSED
    data.survey.save()
    client.force_login(world.coordinator)
    url = reverse("surveys:plan", args=[data.survey.pk, world.school_a.pk])
    before = client.get(url).content.decode()
    assert "Aapo Aalto" in before
    profile = TutorProfile._default_manager.get(user__display_name="Aapo Aalto")
    assert "Arviointi: tarve" in before  # the gap
    profile.topics.add(data.arviointi)
    after = client.get(url).content.decode()
    assert "Jokaiselle tarvitulle aiheelle on ainakin yksi tutor." in after
    assert "Arviointi: tarve" not in after
    profile.is_published = False
    profile.save()
    hidden = client.get(url).content.decode()
    assert "Aapo Aalto" not in hidden


def test_a_closed_surveys_kept_plan_page_follows_names_of_topics_and_tutors(world, client):
    """A renamed topic, a tutor's new name and a named tutor chosen after the page was kept
    show at once."""
    data = needs_survey(world, in_a=6)
    data.survey.status = Survey.Status.CLOSED
    data.survey.save()
    client.force_login(world.coordinator)
    url = reverse("surveys:plan", args=[data.survey.pk, world.school_a.pk])
    assert "Arviointi" in client.get(url).content.decode()

    data.arviointi.name = "Arviointi ja palaute"
    data.arviointi.save()
    tutor = TutorProfile._default_manager.get(user__display_name="Aapo Aalto").user
    tutor.display_name = "Aapo Aalto-Berg"
    tutor.save(update_fields=["display_name"])
    text = client.get(url).content.decode()

    assert "Arviointi ja palaute" in text
    assert "Aapo Aalto-Berg" in text


def test_a_kept_plan_page_is_not_read_again_while_nothing_changes(
    world, client, django_assert_max_num_queries
):
    """Once kept, a closed survey's plan asks only whether the offers changed (one query
    for the stamp), not who offers what."""
    data = needs_survey(world, in_a=6)
    data.survey.status = Survey.Status.CLOSED
    data.survey.save()
    client.force_login(world.coordinator)
    url = reverse("surveys:plan", args=[data.survey.pk, world.school_a.pk])
    first = client.get(url).content.decode()
    world.coordinator.last_login = None  # a login does not count as a change
    world.coordinator.save(update_fields=["last_login"])

    with CaptureQueriesContext(connection) as queries:
        again = client.get(url).content.decode()

    assert "Aapo Aalto" in first and "Aapo Aalto" in again
    read = " ".join(q["sql"] for q in queries.captured_queries)
    assert "tutoring_tutorprofile" not in read
    assert "tutoring_topic" not in read
