"""A theme turned into follow-up work in one action (W3): a topic of the tutoring catalogue,
a question of a draft survey (both through the registry's targets), or a task with an owner
and a due date that the owner is told of by mail and marks done on their dashboard."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.workshops.results_setup import puimala
from tutori.core.errors import ApplicationError, PermissionDeniedError
from tutori.surveys.models import Question, Survey
from tutori.tutoring.models import Topic
from tutori.workshops.models import FollowUp, Phase
from tutori.workshops.results import open_tasks, panel_tasks
from tutori.workshops.services.follow_up import (
    follow_up_make,
    owner_candidates,
    task_create,
    task_done,
)


@pytest.fixture
def commit(django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _follow_ups(theme) -> list[FollowUp]:  # type: ignore[no-untyped-def]
    return list(FollowUp._default_manager.filter(theme=theme).order_by("pk"))


def _due():  # type: ignore[no-untyped-def]
    return timezone.localdate() + timedelta(days=30)


def test_a_theme_becomes_a_topic_of_the_workshops_organisation(client, world):
    made = puimala(world)
    theme = made.themes["Nimikkotutor"]
    client.force_login(world.coordinator)
    url = reverse("workshops:follow_up", args=[theme.pk])
    page = client.get(url).content.decode()
    assert "Aihe tutoroinnin aihesanastoon" in page
    assert "Kysymys kyselyluonnokseen" in page
    response = client.post(url, {"target": "tutoring.topic"}, follow=True)
    assert "Teemasta tehtiin aihe tutoroinnin aihesanastoon." in response.content.decode()
    topic = Topic._default_manager.get(organisation=world.oulu, name="Nimikkotutor")
    [follow_up] = _follow_ups(theme)
    assert (follow_up.kind, follow_up.target) == ("topic", f"tutoring.topic:{topic.pk}")
    # The results page links what it became.
    html = response.content.decode()
    assert reverse("tutoring:topic_edit", args=[topic.pk]) in html
    # Once is enough.
    again = client.post(url, {"target": "tutoring.topic"})
    assert again.status_code == 400
    assert "Teemasta on jo tehty tämä jatkotyö." in again.content.decode()
    assert len(_follow_ups(theme)) == 1


def test_the_themes_of_a_workshop_become_questions_of_one_draft_survey(world):
    made = puimala(world)
    for name in ("Nimikkotutor", "Kysely opettajille"):
        follow_up_make(by=world.coordinator, theme=made.themes[name], target_key="surveys.question")
    [survey] = Survey._default_manager.filter(organisation=world.oulu)
    assert survey.title == "Jatkokysely: Puimala 1" and survey.status == Survey.Status.DRAFT
    texts = list(Question.objects.filter(survey=survey).values_list("text", flat=True))
    assert texts == ["Nimikkotutor", "Kysely opettajille"]


def test_a_tutor_facilitating_may_not_add_to_the_coordinators_vocabulary(client, world):
    made = puimala(world, organisation=world.school_a)
    theme = made.themes["Nimikkotutor"]
    client.force_login(world.tutor)
    url = reverse("workshops:follow_up", args=[theme.pk])
    page = client.get(url).content.decode()
    assert "Aihe tutoroinnin aihesanastoon" not in page  # not offered
    assert client.post(url, {"target": "tutoring.topic"}).status_code == 403
    assert _follow_ups(theme) == []
    with pytest.raises(PermissionDeniedError):
        follow_up_make(by=world.tutor, theme=theme, target_key="surveys.question")


def test_an_unknown_target_is_a_clear_refusal(client, world):
    made = puimala(world)
    theme = made.themes["Nimikkotutor"]
    client.force_login(world.coordinator)
    url = reverse("workshops:follow_up", args=[theme.pk])
    response = client.post(url, {"target": "programmes.programme"})
    assert response.status_code == 400
    assert "Valitse, millaista jatkotyötä teemasta tehdään." in response.content.decode()
    with pytest.raises(ApplicationError):
        follow_up_make(by=world.coordinator, theme=theme, target_key="nothing")


def test_a_question_without_its_result_makes_no_follow_up_work(world):
    made = puimala(world)
    theme = made.voting.themes.get()
    with pytest.raises(PermissionDeniedError):
        task_create(by=world.coordinator, theme=theme, owner=world.tutor, due_on=_due())
    made.voting.phase = Phase.RESULTS
    made.voting.save()
    assert task_create(by=world.coordinator, theme=theme, owner=world.tutor, due_on=_due()).pk


def test_a_task_tells_its_owner_by_mail_and_waits_on_their_dashboard(
    client, world, mailoutbox, commit
):
    made = puimala(world)
    theme = made.themes["Kysely opettajille"]
    client.force_login(world.coordinator)
    url = reverse("workshops:follow_up", args=[theme.pk])
    page = client.get(url).content.decode()
    assert f'value="{world.tutor.pk}"' in page  # Koulu A's tutor, below Oulu
    assert f'value="{world.member.pk}"' not in page  # a member carries no follow-up work
    with commit():
        response = client.post(
            url,
            {
                "title": "Kysely syksyllä 📋",
                "owner": world.tutor.pk,
                "due_on": _due().isoformat(),
                "note": "Kiitos!",
            },
            follow=True,
        )
    assert "Tehtävä annettu. Vastuuhenkilölle lähtee viesti." in response.content.decode()
    [task] = _follow_ups(theme)
    assert (task.kind, task.title, task.owner, task.due_on, task.done) == (
        "task",
        "Kysely syksyllä 📋",
        world.tutor,
        _due(),
        False,
    )
    [mail] = mailoutbox
    assert mail.to == [world.tutor.email]
    assert "Työpajan jatkotehtävä: Kysely syksyllä 📋" in mail.subject
    assert "Puimala 1" in mail.body and "Kiitos!" in mail.body
    # The owner's dashboard lists it with its "Tehty" button.
    client.force_login(world.tutor)
    dashboard = client.get(reverse("dashboard:dashboard")).content.decode()
    assert "Työpajojen tehtävät" in dashboard and "Kysely syksyllä 📋" in dashboard
    done_url = reverse("workshops:task_done", args=[task.pk])
    assert done_url in dashboard
    response = client.post(done_url, {"next": reverse("dashboard:dashboard")}, follow=True)
    assert "Tehtävä merkitty tehdyksi." in response.content.decode()
    assert "Työpajojen tehtävät" not in response.content.decode()
    task.refresh_from_db()
    assert task.done and task.done_at is not None


def test_the_task_form_keeps_what_was_typed_on_an_error(client, world):
    made = puimala(world)
    client.force_login(world.coordinator)
    url = reverse("workshops:follow_up", args=[made.themes["Nimikkotutor"].pk])
    response = client.post(url, {"title": "Oma otsikko ✨", "owner": "", "due_on": "31.2.2027"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="Oma otsikko ✨"' in html
    assert FollowUp._default_manager.count() == 0


def test_an_owner_outside_the_organisation_is_refused(world):
    made = puimala(world)
    assert world.outsider not in owner_candidates(world.oulu)
    with pytest.raises(ApplicationError):
        task_create(
            by=world.coordinator,
            theme=made.themes["Nimikkotutor"],
            owner=world.outsider,
            due_on=_due(),
        )


def test_only_the_owner_or_a_facilitator_marks_a_task_done(world):
    made = puimala(world)
    task = task_create(
        by=world.coordinator, theme=made.themes["Nimikkotutor"], owner=world.tutor, due_on=_due()
    )
    for person in (world.member, world.manager, world.outsider):
        with pytest.raises(PermissionDeniedError):
            task_done(by=person, task=task)
    assert task_done(by=world.tutor, task=task).done
    assert not task_done(by=world.coordinator, task=task, done=False).done


def test_the_panel_lists_only_ones_own_open_tasks_earliest_first(
    world, django_assert_max_num_queries
):
    made = puimala(world)
    theme = made.themes["Nimikkotutor"]
    late = task_create(
        by=world.coordinator, theme=theme, owner=world.tutor, due_on=_due(), title="Myöhempi"
    )
    soon = task_create(
        by=world.coordinator,
        theme=theme,
        owner=world.tutor,
        due_on=_due() - timedelta(days=20),
        title="Pian",
    )
    task_create(by=world.coordinator, theme=theme, owner=world.coordinator, due_on=_due())
    done = task_create(by=world.coordinator, theme=theme, owner=world.tutor, due_on=_due())
    task_done(by=world.tutor, task=done)
    with django_assert_max_num_queries(2):
        panel = panel_tasks(user=world.tutor)
    assert panel is not None and [t.pk for t in panel["tasks"]] == [soon.pk, late.pk]
    assert panel_tasks(user=world.member) is None
    assert [t.pk for t in open_tasks(user=world.tutor)] == [soon.pk, late.pk]
