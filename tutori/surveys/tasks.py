"""Surveys' background jobs: sending a survey, mailing invitations and reminders in batches,
and the periodic job that opens, closes and reminds on schedule (``apps.py`` declares it).

A batch of mails carries its recipients' personal links in the task's arguments (the links
are stored nowhere else): like every queued mail's body, they stay in the queue's table only
until ``core.tasks.task_results_prune`` deletes the finished row.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from tutori.core.mail import mail_send
from tutori.core.notify import site_url
from tutori.core.scoping import scopes_disabled
from tutori.core.time import HELSINKI
from tutori.surveys.models import Survey
from tutori.surveys.text import localized

PERIODIC_EVERY = timedelta(minutes=15)


@task()
def survey_send_job(*, survey_id: int) -> int:
    """Send a survey to the people of its audience not sent to yet."""
    from tutori.surveys.services.distribution import survey_send_run

    return survey_send_run(survey_id=survey_id)


@task()
def survey_remind_job(*, survey_id: int) -> int:
    """The coordinator's button: remind those who have not answered (once a day at most)."""
    from tutori.surveys.services.distribution import MANUAL_REMINDER_GAP, reminders_run

    with scopes_disabled():
        survey = Survey.objects.filter(pk=survey_id).first()
    if survey is None:
        return 0
    return reminders_run(survey=survey, gap=MANUAL_REMINDER_GAP)


@task()
def surveys_periodic() -> dict[str, int]:
    """Open, close and remind as the surveys' dates and reminder intervals say."""
    from tutori.surveys.services.distribution import surveys_due

    return surveys_due()


@task()
def invitations_mail(*, survey_id: int, items: list[dict[str, str]], kind: str) -> int:
    """Queue one mail per item (``email``, ``name``, ``language``, ``token`` — a reminder to
    someone who saved a draft has no token: it points to the first link), each in the
    recipient's language. ``kind`` is "invitation" or "reminder"."""
    with scopes_disabled():
        survey = Survey.objects.filter(pk=survey_id).first()
    if survey is None or survey.status == Survey.Status.CLOSED:
        return 0
    sent = 0
    for item in items:
        language = item.get("language") or settings.LANGUAGE_CODE
        with translation.override(language), timezone.override(HELSINKI):
            title = localized(survey, "title", language)
            token = item.get("token")
            context = {
                "survey": survey,
                "title": title,
                "description": localized(survey, "description", language),
                "name": item.get("name", ""),
                "link": site_url(reverse("surveys:respond", args=[token])) if token else "",
                "closes_at": survey.closes_at,
                "opens_at": survey.opens_at
                if survey.opens_at and survey.opens_at > timezone.now()
                else None,
                "anonymous": survey.anonymous,
                "mine_url": site_url(reverse("surveys:mine")),
            }
            if kind == "reminder":
                subject = _("Muistutus: %(title)s") % {"title": title}
                template = "surveys/email/reminder.txt"
            else:
                subject = _("Kysely: %(title)s") % {"title": title}
                template = "surveys/email/invitation.txt"
            mail_send(
                to=[item["email"]],
                subject=" ".join(subject.split()),
                body=render_to_string(template, context),
            )
        sent += 1
    return sent
