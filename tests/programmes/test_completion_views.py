"""Completion's pages: the coordinator's completion page, the certificate download, the
public verification page, leaving, the manager's page, the funnel and the profile badge."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from tests.programmes.factories import (
    AttendanceFactory,
    ParticipantFactory,
    ProgrammeFactory,
    SessionFactory,
)
from tests.programmes.permissions.completion_cases import ready_teacher
from tutori.programmes.models import Attendance, LeaveReason, Participant

pytestmark = pytest.mark.django_db


def completed(world):  # type: ignore[no-untyped-def]
    p = ready_teacher(world)
    Participant._default_manager.filter(pk=p.pk).update(
        status=Participant.Status.COMPLETED,
        completed_at=timezone.now(),
        certificate_code="Abc123xyz789",
    )
    p.refresh_from_db()
    return p


def test_the_completion_page_tells_who_meets_the_rule_and_why_not(
    client, world, django_assert_max_num_queries
):
    p = ready_teacher(world)
    short = ParticipantFactory(programme=p.programme, person__display_name="Vajaa Väinö")
    AttendanceFactory(session=p.programme.sessions.first(), participant=short)
    for _ in range(5):
        AttendanceFactory(
            session=p.programme.sessions.first(),
            participant=ParticipantFactory(programme=p.programme),
        )
    client.force_login(world.coordinator)
    url = reverse("programmes:completion", args=[p.programme_id])
    with django_assert_max_num_queries(16):
        response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'name="participants" value="{p.pk}"' in html
    assert f'name="participants" value="{short.pk}"' not in html
    assert "Läsnä 1 lähijaksossa, vaaditaan 2 (puuttuu 1)." in html


def test_the_person_downloads_their_certificate(client, world):
    p = completed(world)
    client.force_login(world.member)
    response = client.get(reverse("programmes:certificate", args=[p.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_no_certificate_before_completion(client, world):
    p = ready_teacher(world)
    client.force_login(world.member)
    assert client.get(reverse("programmes:certificate", args=[p.pk])).status_code == 404


def test_the_verification_page_shows_only_validity_programme_and_date(client, world):
    p = completed(world)
    response = client.get(reverse("programmes:verify", args=["Abc123xyz789"]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Todistus on aito ja voimassa." in html and p.programme.name in html
    assert world.member.display_name not in html and world.member.email not in html
    assert response["X-Robots-Tag"] == "noindex"


def test_an_unknown_code_gets_a_clear_page_and_many_are_throttled(client, world):
    cache.clear()
    completed(world)
    url = reverse("programmes:verify", args=["Wrong"])
    response = client.get(url)
    assert response.status_code == 404
    assert "Tällä koodilla ei löydy todistusta." in response.content.decode()
    for _ in range(40):
        response = client.get(url)
    assert response.status_code == 429
    cache.clear()


def test_a_participant_leaves_with_a_reason_and_the_page_keeps_the_note_on_error(client, world):
    p = ready_teacher(world)
    client.force_login(world.member)
    url = reverse("programmes:leave", args=[p.pk])
    response = client.post(url, {"note": "Työt muuttuivat"})
    assert response.status_code == 400 and "Työt muuttuivat" in response.content.decode()
    response = client.post(url, {"reason": LeaveReason.MOVED, "note": "Työt muuttuivat"})
    assert response.status_code == 302 and response["Location"] == reverse("programmes:my")


def test_the_funnel_on_the_programme_page(client, world):
    p = ready_teacher(world)
    programme = p.programme
    ParticipantFactory(programme=programme, status=Participant.Status.APPLIED)
    ParticipantFactory(
        programme=programme, status=Participant.Status.LEFT, leave_reason=LeaveReason.NO_TIME
    )
    ParticipantFactory(programme=programme, status=Participant.Status.COMPLETED)
    client.force_login(world.coordinator)
    html = client.get(reverse("programmes:detail", args=[programme.pk])).content.decode()
    assert "Osallistujapolku" in html
    assert "ei ehtinyt: 1" in html
    # applied 4, got a place 3, started 1 (the teacher attended), completed 1
    for n, pct in ((4, 100), (3, 75), (1, 25), (1, 25)):
        assert f"<td>{n}</td>\n        <td>{pct} %</td>" in html


def test_a_plain_viewer_sees_no_funnel(client, world):
    p = ready_teacher(world)
    client.force_login(world.tutor)
    html = client.get(reverse("programmes:detail", args=[p.programme_id])).content.decode()
    assert "Osallistujapolku" not in html


def test_the_manager_sees_their_peoples_progress(client, world, django_assert_max_num_queries):
    p = ready_teacher(world)
    Attendance.objects.filter(participant=p).update(
        status=Attendance.Status.PARTIAL, hours=Decimal("1.5")
    )
    for _ in range(3):
        ParticipantFactory(programme=p.programme, organisation=world.school_a)
    client.force_login(world.manager)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("programmes:people"))
    html = response.content.decode()
    assert response.status_code == 200
    assert world.member.display_name in html and "2/2" in html and ">3<" in html


def test_the_manager_does_not_see_other_organisations_people(client, world):
    ParticipantFactory(
        programme=ProgrammeFactory(organisation=world.oulu, published=True),
        organisation=world.school_b,
        person__display_name="Toisen Koulun Opettaja",
    )
    client.force_login(world.manager)
    assert "Toisen Koulun Opettaja" not in client.get(reverse("programmes:people")).content.decode()


def test_the_badge_is_on_the_profile(client, world):
    p = completed(world)
    p.programme.badge = "Vertaisohjaaja"
    p.programme.save(update_fields=["badge"])
    client.force_login(world.member)
    html = client.get(reverse("accounts:profile")).content.decode()
    assert "Vertaisohjaaja" in html and "Koulutukset ja merkit" in html


def test_my_programmes_link_the_certificate(client, world):
    p = completed(world)
    client.force_login(world.member)
    html = client.get(reverse("programmes:my")).content.decode()
    assert reverse("programmes:certificate", args=[p.pk]) in html


def test_a_follow_up_is_offered_for_invitation_on_the_programme_page(client, world):
    p = ready_teacher(world)
    session = SessionFactory(programme=p.programme, kind="follow_up", date=dt.date(2027, 9, 20))
    client.force_login(world.coordinator)
    html = client.get(reverse("programmes:detail", args=[p.programme_id])).content.decode()
    assert reverse("programmes:follow_up_invite", args=[session.pk]) in html
    page = client.get(reverse("programmes:follow_up_invite", args=[session.pk])).content.decode()
    assert world.member.display_name in page


def test_the_participant_sees_their_progress_on_the_programme_page(client, world):
    p = ready_teacher(world)
    client.force_login(world.member)
    html = client.get(reverse("programmes:detail", args=[p.programme_id])).content.decode()
    assert "Olet ollut läsnä 2/2 lähijaksossa (8 tuntia). Suorittamiseen tarvitaan 2." in html
    assert "Täytät suorittamisen ehdot." in html
