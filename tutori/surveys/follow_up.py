"""A workshop's theme as a question of a draft survey (core.registry.FollowUpTarget): the
workshops app turns a result into a survey to send later without importing surveys.

The themes of one workshop gather in one draft, "Jatkokysely: <workshop>", made by the first
of them; each theme adds a free-text question worded as the theme's name (the coordinator
rewords it, or changes it into a scale question, before sending). When that draft was sent
already, or renamed, the next theme starts a new draft."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from tutori.core.errors import PermissionDeniedError
from tutori.core.forms import clean_text
from tutori.surveys import permissions
from tutori.surveys.models import Question, Survey
from tutori.surveys.services.builder import question_create, survey_create

KEY = "surveys.question"
TITLE_MAX = Survey._meta.get_field("title").max_length or 200
TEXT_MAX = Question._meta.get_field("text").max_length or 500


def _shortened(text: str, limit: int) -> str:
    text = clean_text(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def draft_title(workshop_title: str) -> str:
    title = _("Jatkokysely: %(workshop)s") % {"workshop": clean_text(workshop_title)}
    return _shortened(title, TITLE_MAX)


@transaction.atomic
def create(user: Any, organisation: Any, title: str, text: str) -> str:
    """A free-text question ``title`` in the organisation's draft survey named after the
    workshop ``text`` (made now when there is none)."""
    if not allowed(user, organisation):
        raise PermissionDeniedError(
            _("Vain organisaation koordinaattori voi laatia sen kyselyitä.")
        )
    name = draft_title(text)
    survey = (
        Survey.objects.visible_to(user)
        .filter(
            organisation=organisation,
            is_instrument=False,
            status=Survey.Status.DRAFT,
            send_started_at__isnull=True,
            title=name,
        )
        .order_by("pk")
        .first()
    )
    if survey is None:
        survey = survey_create(
            by=user,
            organisation=organisation,
            title=name,
            description=_(
                "Kysymykset ovat työpajan tuloksen teemoja. Muotoile ne ennen lähettämistä."
            ),
        )
    question = question_create(
        by=user, survey=survey, kind=Question.Kind.TEXT, text=_shortened(title, TEXT_MAX)
    )
    return f"{KEY}:{question.pk}"


def url(ref: str) -> str:
    key, _sep, pk = ref.partition(":")
    if key != KEY or not pk.isdigit():
        return ""
    survey_id = Question.objects.filter(pk=int(pk)).values_list("survey_id", flat=True).first()
    if survey_id is None:
        return ""
    return reverse("surveys:detail", args=[survey_id]) + f"#question-{pk}"


def allowed(user: Any, organisation: Any) -> bool:
    return bool(permissions.can_build_in(user, organisation))
