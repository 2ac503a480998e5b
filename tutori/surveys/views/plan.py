"""School tutoring plans from a needs survey: the schools of its audience, and one school's
plan (the most needed topics, who offers them, the gap), printable."""

from __future__ import annotations

import hashlib

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
    school_plan = selectors.school_plan(user=request.user, survey=survey, school=school)

    def content() -> str:
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

    # The same plan (its counts, the tutors offering its topics and their names) renders
    # the same page: a closed survey's is rendered once per such state and kept.
    shown = repr(
        (school.name, school_plan.answers, school_plan.has_need_questions, school_plan.needs)
    )
    fingerprint = hashlib.sha256(shown.encode()).hexdigest()
    html = kept_while_closed(survey, request.user, "plan-page", (school.pk, fingerprint), content)
    return render(
        request,
        "surveys/plan.html",
        # Rendered by our own autoescaping template above.
        {"survey": survey, "school": school, "plan": school_plan, "content_html": mark_safe(html)},  # noqa: S308
    )
