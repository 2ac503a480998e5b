"""The response rate on a survey's own page (the results part's place on it)."""

from __future__ import annotations

from typing import Any

from django import template

from tutori.surveys import permissions
from tutori.surveys.models import Survey

register = template.Library()


@register.inclusion_tag("surveys/partials/_results_rate_block.html", takes_context=True)
def survey_response_rate(context: template.Context, survey: Survey) -> dict[str, Any]:
    """The rate and a link to the results, for those who may see them (nothing otherwise)."""
    from tutori.surveys.views.results import rate_context

    request = context.get("request")
    user = getattr(request, "user", None)
    if request is None or survey.is_instrument or not permissions.can_see_results(user, survey):
        return {"allowed": False}
    return {"allowed": True, **rate_context(request, survey)}
