"""Sending through the real database queue, as in production: the request writes one task
row and nothing else; the worker creates the recipients and queues their mails in batches;
the next round delivers them; a second press while the job waits adds no second job."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from tests.core.test_tasks import DATABASE_QUEUE, run_worker_batch
from tests.surveys.sending import links, ready_survey
from tutori.surveys.models import Recipient, Survey, token_hash


@pytest.mark.django_db(transaction=True)
def test_the_send_button_queues_one_job_and_the_worker_does_the_rest(client, world, settings):
    settings.TASKS = DATABASE_QUEUE
    survey = ready_survey(world)
    client.force_login(world.coordinator)
    url = reverse("surveys:send", args=[survey.pk])

    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 302  # a second press: the job is already queued
    [job] = DBTaskResult.objects.all()
    assert job.task_path.endswith("survey_send_job")
    assert not Recipient._default_manager.filter(survey=survey).exists()
    progress = client.get(reverse("surveys:send_progress", args=[survey.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in progress

    run_worker_batch()  # the job, its batch of mails, and the mails it queued
    run_worker_batch()
    assert Recipient._default_manager.filter(survey=survey).count() == 4
    assert len(mail.outbox) == 4
    for recipient in Recipient._default_manager.filter(survey=survey):
        assert recipient.token_hash == token_hash(links()[recipient.email])
    survey = Survey._default_manager.get(pk=survey.pk)
    assert survey.status == Survey.Status.OPEN and survey.send_finished_at is not None
    done = client.get(reverse("surveys:send_progress", args=[survey.pk])).content.decode()
    assert "hx-trigger" not in done
