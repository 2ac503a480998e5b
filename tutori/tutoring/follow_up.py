"""A workshop's theme as a topic of the tutoring catalogue (core.registry.FollowUpTarget):
the workshops app turns a result into tutoring's work without importing tutoring."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from tutori.core.errors import ApplicationError, PermissionDeniedError
from tutori.core.forms import clean_text
from tutori.tutoring import permissions
from tutori.tutoring.models import Topic
from tutori.tutoring.services.vocabulary import topic_create

KEY = "tutoring.topic"
NAME_MAX = Topic._meta.get_field("name").max_length or 120


def _name(title: str) -> str:
    name = clean_text(title)
    return name if len(name) <= NAME_MAX else name[: NAME_MAX - 1].rstrip() + "…"


def create(user: Any, organisation: Any, title: str, text: str) -> str:
    """A topic named ``title`` in ``organisation``'s vocabulary, described as the result of
    the workshop ``text``; a topic of that name already there is the one referred to (the
    vocabulary holds a name once)."""
    name = _name(title)
    if not allowed(user, organisation):
        raise PermissionDeniedError(
            _("Vain organisaation koordinaattori voi muokata sen aihesanastoa.")
        )
    try:
        topic = topic_create(
            by=user,
            organisation=organisation,
            name=name,
            description=_("Työpajan tulos: %(workshop)s") % {"workshop": clean_text(text)},
        )
    except ApplicationError:
        existing = (
            Topic.objects.visible_to(user)
            .filter(organisation=organisation, name__iexact=name)
            .values_list("pk", flat=True)
            .first()
        )
        if existing is None:
            raise
        return f"{KEY}:{existing}"
    return f"{KEY}:{topic.pk}"


def url(ref: str) -> str:
    key, _sep, pk = ref.partition(":")
    if key != KEY or not pk.isdigit():
        return ""
    return reverse("tutoring:topic_edit", args=[int(pk)])


def allowed(user: Any, organisation: Any) -> bool:
    return bool(permissions.can_curate_in(user, organisation))
