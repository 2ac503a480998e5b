"""The coordinator's sending pages and the respondent's Omat kyselyt: what they show, the
upload's line-by-line report, progress by polling, and constant query counts."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tests.surveys.factories import RecipientFactory
from tests.surveys.permissions.distribution_setup import ready, sent
from tutori.core.scoping import scopes_disabled
from tutori.surveys.models import Survey


def _many_recipients(survey: Survey, n: int) -> None:
    with scopes_disabled():
        for i in range(n):
            RecipientFactory(survey=survey, email=f"r{i}@example.fi", sent_at=timezone.now())


def test_the_sending_page_reads_a_constant_number_of_queries(
    client, world, django_assert_max_num_queries
):
    survey, _r = sent(world)
    client.force_login(world.coordinator)
    url = reverse("surveys:distribution", args=[survey.pk])
    with django_assert_max_num_queries(14):
        page = client.get(url)
    assert "Muistuta vastaamattomia" in page.content.decode()
    _many_recipients(survey, 60)
    with django_assert_max_num_queries(14):
        assert client.get(url).status_code == 200


def test_the_recipients_list_searches_pages_and_keeps_its_query_count(
    client, world, django_assert_max_num_queries
):
    survey, _r = sent(world)
    _many_recipients(survey, 120)
    client.force_login(world.coordinator)
    url = reverse("surveys:recipients", args=[survey.pk])
    with django_assert_max_num_queries(12):
        page = client.get(url).content.decode()
    assert "121 vastaanottajaa" in page and "Sivu 1 / 3" in page
    found = client.get(url, {"q": "r11", "answered": "no"}, HTTP_HX_REQUEST="true")
    text = found.content.decode()
    assert "<html" not in text and "r110@example.fi" in text and "r2@example.fi" not in text
    assert client.get(url, {"answered": "yes"}).context["page_obj"].paginator.count == 0


def test_progress_is_polled_every_two_seconds_until_the_sending_is_done(client, world):
    survey = ready(world)
    Survey._default_manager.filter(pk=survey.pk).update(
        send_started_at=timezone.now(), send_total=5000
    )
    _many_recipients(survey, 3)
    client.force_login(world.coordinator)
    url = reverse("surveys:send_progress", args=[survey.pk])
    running = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 2s"' in running and "Lähetetään: 3 / 5000" in running
    Survey._default_manager.filter(pk=survey.pk).update(send_finished_at=timezone.now())
    done = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in done and "Lähetetty 3 vastaanottajalle." in done


def test_a_list_with_bad_lines_is_refused_whole_with_every_line_named(client, world):
    survey = ready(world)
    client.force_login(world.coordinator)
    upload = SimpleUploadedFile(
        "lista.csv", b"email,name\nhyva@example.fi,Hyva\nhuono,Huono\n,Tyhja\n", "text/csv"
    )
    response = client.post(
        reverse("surveys:audience", args=[survey.pk]),
        {"organisations": [world.school_a.pk], "include_descendants": "on", "file": upload},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Rivi 3" in html and "Rivi 4" in html and "sähköposti puuttuu" in html
    assert Survey._default_manager.get(pk=survey.pk).audience_list == []


def test_a_good_list_is_stored_with_repeats_merged(client, world):
    survey = ready(world)
    client.force_login(world.coordinator)
    upload = SimpleUploadedFile(
        "lista.csv", b"email,name,language\na@example.fi,A,sv\nA@example.fi,,\n", "text/csv"
    )
    response = client.post(
        reverse("surveys:audience", args=[survey.pk]), {"file": upload}, follow=True
    )
    assert "Listalla 1 osoitetta" in response.content.decode()
    assert Survey._default_manager.get(pk=survey.pk).audience_list == [
        {"email": "a@example.fi", "name": "A", "language": "sv"}
    ]


def test_sending_without_a_closing_time_says_why(client, world):
    survey = ready(world, closes_at=None)
    client.force_login(world.coordinator)
    response = client.post(reverse("surveys:send", args=[survey.pk]), follow=True)
    assert "Anna kyselylle sulkeutumisaika" in response.content.decode()


def test_omat_kyselyt_lists_the_open_surveys_sent_to_me(
    client, world, django_assert_max_num_queries
):
    survey, _r = sent(world, anonymous=False, title="Palautekysely")
    closed = ready(world, status=Survey.Status.CLOSED, title="Vanha kysely")
    RecipientFactory(survey=closed, person=world.member, email=world.member.email)
    client.force_login(world.member)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("surveys:mine")).content.decode()
    assert "Palautekysely" in page and "Vanha kysely" not in page
    assert reverse("surveys:answer", args=[survey.pk]) in page
    client.force_login(world.tutor)
    assert "Palautekysely" not in client.get(reverse("surveys:mine")).content.decode()
    assert closed.pk


def test_the_dashboard_counts_the_surveys_waiting_for_me(client, world):
    sent(world, title="Palautekysely")
    client.force_login(world.member)
    assert (
        "1 kysely odottaa vastaustasi"
        in client.get(reverse("dashboard:dashboard")).content.decode()
    )
    client.force_login(world.tutor)
    assert "odottaa vastaustasi" not in client.get(reverse("dashboard:dashboard")).content.decode()


def test_a_signed_in_person_answers_an_identified_survey_without_the_link(client, world):
    survey, _recipient = sent(world, anonymous=False)
    client.force_login(world.member)
    url = reverse("surveys:answer", args=[survey.pk])
    assert client.post(url, {"action": "draft"}).status_code == 302
    assert client.post(url, {"q-grade": "10", "action": "submit"}).status_code == 200
    assert "on jo vastattu" in client.get(url).content.decode()


def test_an_anonymous_survey_is_answered_through_a_fresh_link_not_the_account(client, world):
    survey, _r = sent(world)
    client.force_login(world.member)
    page = client.get(reverse("surveys:answer", args=[survey.pk])).content.decode()
    assert "Vastaa nimettömästi" in page
    assert 'name="q-grade"' not in page


def test_the_survey_page_links_to_sending_for_its_coordinator_only(client, world):
    survey, _r = sent(world)
    client.force_login(world.coordinator)
    page = client.get(reverse("surveys:detail", args=[survey.pk])).content.decode()
    assert reverse("surveys:distribution", args=[survey.pk]) in page
    client.force_login(world.manager)
    page = client.get(reverse("surveys:detail", args=[survey.pk])).content.decode()
    assert reverse("surveys:distribution", args=[survey.pk]) not in page


def test_the_sending_page_asks_for_a_closing_date_first(client, world):
    survey = ready(world, closes_at=None)
    client.force_login(world.coordinator)
    page = client.get(reverse("surveys:distribution", args=[survey.pk])).content.decode()
    assert "Anna kyselylle sulkeutumispäivä" in page
    assert reverse("surveys:edit", args=[survey.pk]) in page


def test_the_audience_page_sets_the_scheduled_reminders(client, world):
    survey = ready(world)
    client.force_login(world.coordinator)
    url = reverse("surveys:audience", args=[survey.pk])
    data = {"organisations": [world.school_a.pk], "reminder_every_days": "7"}
    assert client.post(url, data).status_code == 302
    assert Survey._default_manager.get(pk=survey.pk).reminder_every_days == 7
    refused = client.post(url, {**data, "reminder_every_days": "61"})
    assert refused.status_code == 200 and "reminder_every_days" in refused.context["form"].errors
    assert Survey._default_manager.get(pk=survey.pk).reminder_every_days == 7


def test_an_organisation_id_beyond_any_key_is_a_choice_error_not_a_crash(world):
    """SQLite cannot be asked about a number over 2**63 - 1 (OverflowError: a 500)."""
    from tutori.orgs.models import Organisation
    from tutori.surveys.forms.distribution import AudienceForm

    form = AudienceForm(
        {"organisations": [str(world.school_a.pk), "9223372036854775808"]},
        organisations=Organisation.internal_objects.all(),
    )
    assert not form.is_valid()
    assert "organisations" in form.errors


@pytest.mark.parametrize(
    "odd",
    [
        "9" * 5000,
        "00009223372036854775808",
        "9223372036854775807",
        "-9223372036854775809",
        "+9223372036854775808",
        "-" + "9" * 5000,
        "-1",
        "²",
        "١٢",
        " 12 ",
    ],
)
def test_odd_organisation_ids_are_choice_errors_not_crashes(world, odd):
    """Python's int() refuses numbers of over 4300 digits with a ValueError (found by the
    odd-input test); the largest key and odd digits are simply not an organisation."""
    from tutori.orgs.models import Organisation
    from tutori.surveys.forms.distribution import AudienceForm

    form = AudienceForm({"organisations": [odd]}, organisations=Organisation.internal_objects.all())
    assert not form.is_valid()
    assert "organisations" in form.errors
