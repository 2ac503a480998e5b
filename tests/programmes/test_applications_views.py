"""The pages of applications: the form, "Omat koulutukset", the coordinator's list and
decision, direct enrolment, cancelling and the programme page's section."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.programmes.applications_setup import applicant, enrolled, open_programme, teachers
from tutori.programmes.models import Participant, Programme
from tutori.programmes.selectors.applications import detail_context

pytestmark = pytest.mark.django_db


def fresh(obj):  # type: ignore[no-untyped-def]
    return type(obj)._default_manager.get(pk=obj.pk)


# --- Applying ---------------------------------------------------------------------------------


def test_the_form_asks_the_motivation_and_each_criterion(client, world):
    programme = open_programme(world, criteria=["Tehtäväsi?", "Montako asiakasta?"])
    client.force_login(world.member)
    page = client.get(reverse("programmes:apply", args=[programme.pk])).content.decode()
    assert "Miksi haet koulutukseen?" in page
    assert "Tehtäväsi?" in page and "Montako asiakasta?" in page
    assert 'name="person"' not in page  # a teacher applies for themselves only


def test_a_missing_answer_is_a_clear_error_and_keeps_what_was_typed(client, world):
    programme = open_programme(world, criteria=["Tehtäväsi?", "Montako asiakasta?"])
    client.force_login(world.member)
    response = client.post(
        reverse("programmes:apply", args=[programme.pk]),
        {"motivation": "Haluan oppia ohjaamaan.", "answer_0": "Työvalmentaja", "answer_1": ""},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Tarkista tiedot" in page
    assert "Haluan oppia ohjaamaan." in page and "Työvalmentaja" in page
    assert not Participant._default_manager.exists()


def test_applying_lands_on_omat_koulutukset_with_the_state(client, world):
    programme = open_programme(world)
    client.force_login(world.member)
    response = client.post(
        reverse("programmes:apply", args=[programme.pk]),
        {"motivation": "Haluan oppia.", "answer_0": "Opettaja"},
        follow=True,
    )
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("programmes:my")
    assert "Hakemuksesi on lähetetty" in page
    assert "WIRE-valmennus" in page and "hakenut" in page
    assert "Peru hakemus" in page


def test_a_second_visit_says_the_application_is_made(client, world):
    programme = open_programme(world)
    applicant(programme, world.member, world.school_a)
    client.force_login(world.member)
    page = client.get(reverse("programmes:apply", args=[programme.pk])).content.decode()
    assert "Olet jo hakenut" in page
    assert "Lähetä hakemus" not in page


def test_a_closed_window_says_why(client, world):
    programme = open_programme(world)
    Programme._default_manager.filter(pk=programme.pk).update(
        applications_open_on=timezone.localdate() + dt.timedelta(days=2)
    )
    client.force_login(world.member)
    page = client.get(reverse("programmes:apply", args=[programme.pk])).content.decode()
    assert "Haku alkaa" in page
    assert "Lähetä hakemus" not in page


def test_the_manager_chooses_whose_behalf_among_their_people(client, world):
    programme = open_programme(world)
    client.force_login(world.manager)
    page = client.get(reverse("programmes:apply", args=[programme.pk])).content.decode()
    assert 'name="person"' in page
    assert world.member.display_name in page
    assert world.outsider.display_name not in page


# --- Omat koulutukset -------------------------------------------------------------------------


def test_omat_koulutukset_shows_each_state_and_only_ones_own(
    client, world, django_assert_max_num_queries
):
    a, b, c = (open_programme(world, name=f"Koulutus {n}") for n in "ABC")
    applicant(a, world.member, world.school_a)
    enrolled(b, world.member, world.school_a)
    applicant(c, world.member, world.school_a, status="waitlisted", waitlisted_at=timezone.now())
    applicant(c, world.tutor, world.school_a)
    client.force_login(world.member)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("programmes:my")).content.decode()
    assert "Koulutus A" in page and "Koulutus B" in page and "Koulutus C" in page
    assert "varasijalla" in page and "osallistuja" in page and "hakenut" in page
    assert "Peru osallistuminen" in page
    assert world.tutor.display_name not in page


def test_omat_koulutukset_makes_a_constant_number_of_queries(
    client, world, django_assert_max_num_queries
):
    client.force_login(world.member)
    for n in range(6):
        applicant(open_programme(world, name=f"K{n}"), world.member, world.school_a)
    with django_assert_max_num_queries(12):
        client.get(reverse("programmes:my"))


def test_after_the_start_the_enrolled_person_has_no_cancel_button(client, world):
    programme = open_programme(world, starts_on=timezone.localdate() - dt.timedelta(days=1))
    enrolled(programme, world.member, world.school_a)
    client.force_login(world.member)
    page = client.get(reverse("programmes:my")).content.decode()
    assert "Peru osallistuminen" not in page


def test_an_empty_omat_koulutukset_says_so(client, world):
    client.force_login(world.member)
    assert "Et ole vielä hakenut" in client.get(reverse("programmes:my")).content.decode()


# --- The coordinator's list and decision ------------------------------------------------------


def test_the_list_filters_by_state_and_searches(client, world, django_assert_max_num_queries):
    programme = open_programme(world)
    a, b = teachers(world, 2)
    applicant(programme, a, world.school_a)
    enrolled(programme, b, world.school_a)
    url = reverse("programmes:applications", args=[programme.pk])
    client.force_login(world.coordinator)
    with django_assert_max_num_queries(15):
        page = client.get(url + "?status=applied").content.decode()
    assert a.display_name in page and b.display_name not in page
    page = client.get(url + f"?q={b.display_name.split()[0]}").content.decode()
    assert b.display_name in page
    partial = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "<h1>" not in partial and a.display_name in partial


def test_the_list_makes_a_constant_number_of_queries(client, world, django_assert_max_num_queries):
    programme = open_programme(world)
    for person in teachers(world, 12):
        applicant(programme, person, world.school_a)
    client.force_login(world.coordinator)
    with django_assert_max_num_queries(15):
        client.get(reverse("programmes:applications", args=[programme.pk]))


def test_the_decision_page_shows_the_application(client, world):
    programme = open_programme(world, criteria=["Tehtäväsi?"])
    p = applicant(programme, world.member, world.school_a, criteria_answers=["Työvalmentaja"])
    client.force_login(world.coordinator)
    page = client.get(reverse("programmes:application", args=[p.pk])).content.decode()
    assert "Haluan oppia ohjaamaan asiakkaita." in page
    assert "Tehtäväsi?" in page and "Työvalmentaja" in page
    assert "Hyväksy osallistujaksi" in page and "Laita varasijalle" in page


def test_declining_without_a_message_keeps_the_choice_and_asks_for_it(client, world):
    p = applicant(open_programme(world), world.member, world.school_a)
    client.force_login(world.coordinator)
    response = client.post(
        reverse("programmes:application", args=[p.pk]), {"decision": "decline", "message": ""}
    )
    assert response.status_code == 200
    assert "Kirjoita hakijalle viesti" in response.content.decode()
    assert fresh(p).status == Participant.Status.APPLIED


def test_accepting_into_a_full_programme_is_a_clear_message(client, world):
    programme = open_programme(world, capacity=1)
    enrolled(programme, world.tutor, world.school_a)
    p = applicant(programme, world.member, world.school_a)
    client.force_login(world.coordinator)
    response = client.post(
        reverse("programmes:application", args=[p.pk]), {"decision": "accept", "message": ""}
    )
    assert response.status_code == 200
    assert "Koulutus on täynnä" in response.content.decode()
    assert fresh(p).status == Participant.Status.APPLIED


def test_waitlisting_from_the_page(client, world, mailoutbox, django_capture_on_commit_callbacks):
    p = applicant(open_programme(world), world.member, world.school_a)
    client.force_login(world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("programmes:application", args=[p.pk]),
            {"decision": "waitlist", "message": "Olet ensimmäisenä varasijalla."},
        )
    assert response.status_code == 302
    assert fresh(p).status == Participant.Status.WAITLISTED
    assert "Olet ensimmäisenä varasijalla." in mailoutbox[-1].body


# --- Direct enrolment and cancelling ----------------------------------------------------------


def test_the_enrol_search_finds_people_of_the_organisations_that_take_part(client, world):
    programme = open_programme(world)
    client.force_login(world.coordinator)
    url = reverse("programmes:enrol", args=[programme.pk])
    page = client.get(url + "?q=Olli").content.decode()
    assert world.member.display_name in page and "Ilmoita osallistujaksi" in page
    assert "Haulla ei löytynyt" in client.get(url + "?q=Kemiläinen").content.decode()


def test_enrolling_from_the_search_says_it_was_done(client, world):
    programme = open_programme(world)
    client.force_login(world.coordinator)
    url = reverse("programmes:enrol", args=[programme.pk])
    response = client.post(url + "?q=Olli", {"person": world.member.pk}, follow=True)
    page = response.content.decode()
    assert "on nyt osallistuja" in page
    assert fresh(programme).enrolled == 1


def test_the_cancel_page_asks_first(client, world):
    p = enrolled(open_programme(world), world.member, world.school_a)
    client.force_login(world.member)
    page = client.get(reverse("programmes:cancel", args=[p.pk])).content.decode()
    assert "Haluatko varmasti perua osallistumisesi?" in page
    assert fresh(p).status == Participant.Status.ENROLLED


def test_cancelling_after_the_start_is_refused_with_a_clear_message(client, world):
    programme = open_programme(world, starts_on=timezone.localdate() - dt.timedelta(days=1))
    p = enrolled(programme, world.member, world.school_a)
    client.force_login(world.member)
    response = client.post(reverse("programmes:cancel", args=[p.pk]), {"reason": ""})
    assert response.status_code == 200
    assert "Koulutus on jo alkanut" in response.content.decode()
    assert fresh(p).status == Participant.Status.ENROLLED


# --- The programme page's section -------------------------------------------------------------


def test_the_section_offers_applying_to_a_person(world, django_assert_max_num_queries):
    programme = open_programme(world)
    with django_assert_max_num_queries(3):
        context = detail_context(user=world.member, programme=programme)
    assert context["app_can_apply"] and not context["app_manages"]


def test_the_section_shows_the_coordinator_the_counts(world, django_assert_max_num_queries):
    programme = open_programme(world)
    applicant(programme, world.member, world.school_a)
    with django_assert_max_num_queries(4):
        context = detail_context(user=world.coordinator, programme=programme)
    assert context["app_manages"]
    assert context["app_waiting"] == 1


def test_the_section_shows_ones_own_state(world):
    programme = open_programme(world)
    p = applicant(programme, world.member, world.school_a)
    context = detail_context(user=world.member, programme=programme)
    assert context["app_mine"] == p
    assert not context["app_can_apply"] and context["app_can_cancel"]


# --- The dashboard panel ----------------------------------------------------------------------


def test_the_coordinator_sees_the_programmes_with_applications_waiting(client, world):
    programme = open_programme(world)
    applicant(programme, world.member, world.school_a)
    client.force_login(world.coordinator)
    page = client.get(reverse("dashboard:dashboard")).content.decode()
    assert "Hakemuksia odottaa päätöstäsi" in page
    assert reverse("programmes:applications", args=[programme.pk]) in page


def test_a_person_sees_their_own_application_on_the_dashboard(client, world):
    applicant(open_programme(world), world.member, world.school_a)
    client.force_login(world.member)
    page = client.get(reverse("dashboard:dashboard")).content.decode()
    assert "Omat hakemukset ja koulutukset" in page
    assert "Hakemuksia odottaa päätöstäsi" not in page


def test_no_panel_without_applications(world):
    from tutori.programmes.selectors.applications import panel_applications

    open_programme(world)
    assert panel_applications(user=world.member) is None
    assert panel_applications(user=world.coordinator) is None


def test_the_panel_makes_at_most_two_queries_after_the_reach(world, django_assert_max_num_queries):
    from tutori.access import engine
    from tutori.programmes.selectors.applications import panel_applications

    programme = open_programme(world)
    for person in teachers(world, 4):
        applicant(programme, person, world.school_a)
    engine.reach(world.coordinator)
    with django_assert_max_num_queries(2):
        panel_applications(user=world.coordinator)


def test_a_waiting_person_sees_their_place_in_the_queue(client, world):
    programme = open_programme(world, capacity=1)
    a, b = teachers(world, 2)
    now = timezone.now()
    for n, person in enumerate((a, b, world.member)):
        applicant(
            programme,
            person,
            world.school_a,
            status="waitlisted",
            waitlisted_at=now + dt.timedelta(minutes=n),
        )
    client.force_login(world.member)
    assert "Olet varasijalla 3." in client.get(reverse("programmes:my")).content.decode()


def test_the_programme_page_offers_applying_to_people_not_to_its_coordinator(client, world):
    programme = open_programme(world)
    url = reverse("programmes:detail", args=[programme.pk])
    client.force_login(world.member)
    assert reverse("programmes:apply", args=[programme.pk]) in client.get(url).content.decode()
    client.force_login(world.coordinator)
    page = client.get(url).content.decode()
    assert reverse("programmes:apply", args=[programme.pk]) not in page
    assert reverse("programmes:applications", args=[programme.pk]) in page
