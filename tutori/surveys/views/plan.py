"""School tutoring plans from a needs survey: the schools of its audience, and one school's
plan (the most needed topics, who offers them, the gap), printable."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from tutori.core.http import AuthenticatedHttpRequest, found_or_404, require
from tutori.core.privacy import SMALL_GROUP_LIMIT
from tutori.surveys import permissions
from tutori.surveys.selectors import plan as selectors
from tutori.surveys.selectors.results import kept_while_closed


@login_required
@require_GET
def plans(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    survey = found_or_404(selectors.plan_survey_get(user=request.user, pk=pk))
    require(permissions.can_see_results(request.user, survey))
    schools = selectors.plan_schools(user=request.user, survey=survey)
    return render(
        request,
        "surveys/plan_list.html",
        {"survey": survey, "schools": schools, "limit": SMALL_GROUP_LIMIT},
    )


@login_required
@require_GET
def plan(request: AuthenticatedHttpRequest, pk: int, school_id: int) -> HttpResponse:
    survey = found_or_404(selectors.plan_survey_get(user=request.user, pk=pk))
    school = found_or_404(selectors.plan_school_get(user=request.user, survey=survey, pk=school_id))
    require(permissions.can_see_school_plan(request.user, survey, school))

    def content() -> str:
        school_plan = selectors.school_plan(user=request.user, survey=survey, school=school)
        return render_to_string(
            "surveys/partials/_plan_content.html",
            {
                "survey": survey,
                "school": school,
                "plan": school_plan,
                "limit": SMALL_GROUP_LIMIT,
                "high_points": selectors.HIGH_POINTS,
            },
        )

    # A closed survey's counts no longer change; the topics' names and the tutors offering
    # them do, and the topic source's stamp changes with them: a closed survey's plan is
    # rendered once per stamp (and school name and place) and kept. Without a stamp, the
    # counts are still kept and the rest is read afresh.
    stamp = selectors.offers_stamp()
    if stamp is None:
        html = content()
    else:
        parts = (school.pk, school.name, school.path, stamp)
        html = kept_while_closed(survey, request.user, "plan-page", parts, content)
    return render(
        request,
        "surveys/plan.html",
        # Rendered by our own autoescaping template above.
        {"survey": survey, "school": school, "content_html": mark_safe(html)},  # noqa: S308
    )
