"""Participation pages: the attendance list (one save, input kept on an error, constant
queries), the participant's own page, the trainer's view and review, the info letter, the
trainer's dashboard panel; and what a participant never sees of another's work."""

from __future__ import annotations

import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import MembershipFactory, UserFactory
from tests.programmes.participation_setup import course, enrol, note, submitted
from tutori.programmes.models import Attendance, Submission

pytestmark = pytest.mark.django_db


# --- Attendance -------------------------------------------------------------------------------


def test_the_trainer_marks_the_whole_list_in_one_save(client, world):
    c = course(world)
    client.force_login(world.tutor)
    url = reverse("programmes:attendance", args=[c.session.pk])
    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert world.member.display_name in text and "Maija Muu" in text
    response = client.post(
        url,
        {
            f"status_{c.member.pk}": "present",
            f"status_{c.other.pk}": "absent",
            f"reason_{c.other.pk}": "Sairas",
        },
    )
    assert response.status_code == 302
    marks = {a.participant_id: a for a in Attendance.objects.filter(session=c.session)}
    assert marks[c.member.pk].hours == 4 and marks[c.other.pk].absence_reason == "Sairas"
    again = client.get(url).content.decode()
    assert re.search(rf'name="status_{c.member.pk}" value="present"[^>]* checked', again)
    assert 'value="Sairas"' in again


def test_too_many_hours_keep_what_was_typed_and_save_nothing(client, world):
    c = course(world)
    client.force_login(world.tutor)
    url = reverse("programmes:attendance", args=[c.session.pk])
    response = client.post(
        url,
        {
            f"status_{c.member.pk}": "partial",
            f"hours_{c.member.pk}": "4,5",
            f"status_{c.other.pk}": "absent",
            f"reason_{c.other.pk}": "Lapsi sairas",
        },
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "enintään tapaamisen verran" in text
    assert 'value="4,5"' in text and 'value="Lapsi sairas"' in text
    assert not Attendance.objects.exists()


def test_the_attendance_page_makes_the_same_queries_for_many_participants(
    client, world, django_assert_max_num_queries
):
    c = course(world)
    client.force_login(world.tutor)
    url = reverse("programmes:attendance", args=[c.session.pk])
    client.get(url)
    with django_assert_max_num_queries(7) as few:
        assert client.get(url).status_code == 200
    for _ in range(8):
        person = UserFactory()
        MembershipFactory(user=person, organisation=world.school_b)
        enrol(c.programme, person, world.school_b)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


# --- The participant's own page and another's work --------------------------------------------


def test_a_participant_never_sees_another_participants_case_notes_or_submissions(client, world):
    c = course(world)
    note(c.member, "Oma muistiinpano: Asiakas A")
    note(c.other, "Toisen muistiinpano: Asiakas B")
    mine = submitted(c.member, c.interim, text="Oma vastaus")
    theirs = submitted(c.other, c.interim, text="Toisen vastaus")
    client.force_login(world.member)
    page = client.get(reverse("programmes:me", args=[c.programme.pk])).content.decode()
    assert "Oma muistiinpano" in page and "Toisen muistiinpano" not in page
    assert reverse("programmes:submission", args=[mine.pk]) in page
    assert reverse("programmes:submission", args=[theirs.pk]) not in page
    assert client.get(reverse("programmes:submission", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("programmes:submission_file", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("programmes:participant", args=[c.other.pk])).status_code == 404
    detail = client.get(reverse("programmes:detail", args=[c.programme.pk])).content.decode()
    assert "Toisen" not in detail and "Maija Muu" not in detail


def test_the_principal_follows_progress_but_never_reads_the_work(client, world):
    c = course(world)
    note(c.member, "Muistiinpano: Asiakas A")
    s = submitted(c.member, c.interim, text="Vastaus")
    client.force_login(world.manager)
    assert client.get(reverse("programmes:submission", args=[s.pk])).status_code == 404
    assert client.get(reverse("programmes:participant", args=[c.member.pk])).status_code == 403
    detail = client.get(reverse("programmes:detail", args=[c.programme.pk])).content.decode()
    assert "Muistiinpano: Asiakas A" not in detail


def test_the_trainer_reads_a_participants_goals_notes_and_work(client, world):
    c = course(world)
    note(c.member, "Asiakas A aloitti työkokeilun")
    submitted(c.member, c.interim, text="Vastaus")
    client.force_login(world.tutor)
    page = client.get(reverse("programmes:participant", args=[c.member.pk])).content.decode()
    assert "Asiakas A aloitti työkokeilun" in page and "Välitehtävä 1" in page


def test_the_participant_page_shows_the_never_a_real_name_hint_and_saves_notes(client, world):
    c = course(world)
    client.force_login(world.member)
    url = reverse("programmes:me", args=[c.programme.pk])
    page = client.get(url).content.decode()
    assert "älä koskaan kirjoita oikeaa nimeä" in page.lower()
    response = client.post(url, {"action": "note", "text": ""})
    assert response.status_code == 400
    response = client.post(
        url, {"action": "note", "text": "Asiakas A", "session": str(c.session.pk)}
    )
    assert response.status_code == 302


def test_the_participants_page_makes_a_constant_number_of_queries(
    client, world, django_assert_max_num_queries
):
    c = course(world)
    client.force_login(world.member)
    url = reverse("programmes:me", args=[c.programme.pk])
    client.get(url)
    with django_assert_max_num_queries(10) as few:
        client.get(url)
    for n in range(5):
        note(c.member, f"Muistiinpano {n}")
    submitted(c.member, c.pre)
    submitted(c.member, c.interim)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


# --- Returning and reviewing ------------------------------------------------------------------


def test_a_participant_returns_a_file_and_the_trainer_accepts_it(
    client, world, settings, tmp_path, mailoutbox, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    c = course(world)
    client.force_login(world.member)
    upload = SimpleUploadedFile("vastaus.txt", "Haastattelin työnantajaa.".encode())
    response = client.post(
        reverse("programmes:submit", args=[c.interim.pk]), {"text": "", "file": upload}
    )
    assert response.status_code == 302
    s = Submission.objects.get()
    client.force_login(world.tutor)
    file = client.get(reverse("programmes:submission_file", args=[s.pk]))
    assert b"".join(file.streaming_content) == "Haastattelin työnantajaa.".encode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("programmes:submission", args=[s.pk]), {"decision": "accept", "feedback": ""}
        )
    assert response.status_code == 302
    assert Submission.objects.get().status == Submission.Status.ACCEPTED
    assert mailoutbox[-1].to == [world.member.email]


def test_a_wrong_file_type_is_refused_with_a_message_and_the_text_kept(client, world):
    c = course(world)
    client.force_login(world.member)
    upload = SimpleUploadedFile("ohjelma.exe", b"MZ\x90\x00")
    response = client.post(
        reverse("programmes:submit", args=[c.interim.pk]), {"text": "Vastaukseni", "file": upload}
    )
    assert response.status_code == 400
    assert "Vastaukseni" in response.content.decode()
    assert not Submission.objects.exists()


def test_returning_without_feedback_is_refused(client, world):
    c = course(world)
    s = submitted(c.member, c.interim)
    s.file.save("x.txt", ContentFile(b"x"), save=True)
    client.force_login(world.tutor)
    response = client.post(
        reverse("programmes:submission", args=[s.pk]), {"decision": "return", "feedback": ""}
    )
    assert response.status_code == 400
    assert Submission.objects.get().status == Submission.Status.SUBMITTED


# --- The info letter, the programme page and the panel ------------------------------------------


def test_the_coordinator_saves_and_then_sends_the_letter_after_being_asked(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    c = course(world)
    client.force_login(world.coordinator)
    url = reverse("programmes:info_letter", args=[c.programme.pk])
    response = client.post(url, {"text": "Tervetuloa Työpajalle!", "send": "1"})
    assert response["Location"] == reverse("programmes:info_letter_send", args=[c.programme.pk])
    ask = client.get(response["Location"]).content.decode()
    assert "vain kerran" in ask
    with django_capture_on_commit_callbacks(execute=True):
        client.post(response["Location"])
    assert len(mailoutbox) == 2 and "Tervetuloa Työpajalle!" in mailoutbox[0].body
    page = client.get(url).content.decode()
    assert "lähetettiin" in page and "<textarea" not in page


def test_the_programme_page_shows_the_trainer_the_attendance_and_work_to_review(
    client, world, django_assert_max_num_queries
):
    c = course(world)
    submitted(c.member, c.interim)
    client.force_login(world.tutor)
    url = reverse("programmes:detail", args=[c.programme.pk])
    page = client.get(url).content.decode()
    assert reverse("programmes:attendance", args=[c.session.pk]) in page
    assert reverse("programmes:attendance", args=[c.later.pk]) not in page
    assert "Tarkastettavat palautukset" in page
    with django_assert_max_num_queries(15) as few:
        client.get(url)
    for _ in range(6):
        person = UserFactory()
        MembershipFactory(user=person, organisation=world.school_b)
        submitted(enrol(c.programme, person, world.school_b), c.interim)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_the_trainers_panel_shows_todays_session_and_work_to_review(client, world):
    c = course(world)
    submitted(c.member, c.interim)
    client.force_login(world.tutor)
    page = client.get(reverse("dashboard:dashboard")).content.decode()
    assert reverse("programmes:attendance", args=[c.session.pk]) in page
    assert "Tarkastettavat palautukset" in page
    client.force_login(world.member)
    page = client.get(reverse("dashboard:dashboard")).content.decode()
    assert reverse("programmes:attendance", args=[c.session.pk]) not in page


def test_omat_koulutukset_links_to_the_participants_own_page(client, world):
    c = course(world)
    client.force_login(world.member)
    page = client.get(reverse("programmes:my")).content.decode()
    assert reverse("programmes:me", args=[c.programme.pk]) in page


def test_a_future_sessions_list_waits_for_its_day(client, world):
    c = course(world)
    client.force_login(world.tutor)
    page = client.get(reverse("programmes:attendance", args=[c.later.pk])).content.decode()
    assert "tapaamispäivänä tai sen jälkeen" in page and "Tallenna läsnäolot" not in page


def test_the_programme_page_makes_the_same_queries_for_a_trainer_with_many_participants(
    client, world, django_assert_max_num_queries
):
    c = course(world)
    client.force_login(world.tutor)
    url = reverse("programmes:detail", args=[c.programme.pk])
    client.get(url)
    with django_assert_max_num_queries(15) as few:
        assert client.get(url).status_code == 200
    for _ in range(8):
        person = UserFactory()
        MembershipFactory(user=person, organisation=world.school_b)
        enrol(c.programme, person, world.school_b)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200
