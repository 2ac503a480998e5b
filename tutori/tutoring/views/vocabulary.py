"""The topic vocabulary a coordinator curates: listing, adding and editing topics."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tutori.core.http import AuthenticatedHttpRequest, found_or_404, require, service_errors
from tutori.tutoring import permissions
from tutori.tutoring.forms.vocabulary import (
    MAX_ID,
    TopicCreateForm,
    TopicEditForm,
    TopicSearchForm,
)
from tutori.tutoring.models import Topic
from tutori.tutoring.selectors import vocabulary as selectors
from tutori.tutoring.services import vocabulary as services

TOPICS_PER_PAGE = 25


@login_required
@require_http_methods(["GET", "POST"])
def topics(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(permissions.curates_anywhere(request.user))
    organisations = selectors.curatable_organisations(user=request.user)
    form = TopicCreateForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        with service_errors(request, form) as outcome:
            topic = services.topic_create(by=request.user, **form.cleaned_data)
        if not outcome.failed:
            messages.success(request, _("Aihe lisätty: %(name)s") % {"name": topic.label})
            return redirect("tutoring:topics")
    search = TopicSearchForm(request.GET or None)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    page_obj = Paginator(
        selectors.topic_list(user=request.user, query=query), TOPICS_PER_PAGE
    ).get_page(request.GET.get("page"))
    context = {"form": form, "search": search, "query": query, "page_obj": page_obj}
    if request.htmx and request.method == "GET":
        return render(request, "tutoring/curation/_topic_results.html", context)
    return render(request, "tutoring/curation/topics.html", context)


def _topic_to_curate(request: AuthenticatedHttpRequest, pk: int) -> Topic:
    topic = found_or_404(selectors.topic_get(user=request.user, pk=pk) if pk <= MAX_ID else None)
    require(permissions.can_edit_topic(request.user, topic))
    return topic


@login_required
@require_http_methods(["GET", "POST"])
def topic_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    topic = _topic_to_curate(request, pk)
    form = TopicEditForm(
        request.POST or None,
        initial={
            "name": topic.name,
            "description": topic.description,
            "is_active": topic.is_active,
            **{field: getattr(topic, field) for field in services.TRANSLATED},
        },
    )
    if request.method == "POST" and form.is_valid():
        was_active = topic.is_active
        with service_errors(request, form) as outcome:
            services.topic_update(by=request.user, topic=topic, **form.cleaned_data)
        if not outcome.failed:
            if was_active and not topic.is_active:
                message = _("Aihe poistettu käytöstä: %(name)s. Sen historia säilyy.")
            elif topic.is_active and not was_active:
                message = _("Aihe otettu taas käyttöön: %(name)s")
            else:
                message = _("Aihe tallennettu: %(name)s")
            messages.success(request, message % {"name": topic.label})
            return redirect("tutoring:topics")
        # The failed save changed the instance in memory; show the stored name in headings.
        topic.refresh_from_db(fields=["name", "description", "is_active", *services.TRANSLATED])
    return render(request, "tutoring/curation/topic_edit.html", {"topic": topic, "form": form})
