"""The member's catalogue: topic areas, the free times to book, the named tutors."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from tutori.core.http import AuthenticatedHttpRequest
from tutori.tutoring.filters import CatalogueFilter
from tutori.tutoring.selectors import catalogue as selectors
from tutori.tutoring.selectors.policy import with_closed_reasons

SLOTS_PER_PAGE = 20


@login_required
@require_GET
def catalogue(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    # A search typed or a filter changed swaps the results list alone (hx-target
    # #slot-results): it shows neither the topic cards, the form nor the named tutors. A
    # history restore asks for the whole page.
    htmx = request.htmx
    results_only = (
        bool(htmx) and not htmx.history_restore_request and htmx.target in (None, "slot-results")
    )
    offer = selectors.catalogue_offer(user=user, cards=not results_only)
    filters = CatalogueFilter(request.GET or None, user=user, offer=offer)
    slots = selectors.catalogue_slots(user=user, filters=filters)
    page_obj = Paginator(slots, SLOTS_PER_PAGE).get_page(request.GET.get("page"))
    # A time outside the booking window or past its deadline shows why instead of "Varaa".
    page_obj.object_list = with_closed_reasons(
        selectors.with_profiles(page_obj.object_list, offer), user=user
    )
    context = {
        "form": filters.form,
        "topics": offer.topics,
        "page_obj": page_obj,
        "filters": filters,
        # The topic chosen in the search goes with "Varaa" into the booking form.
        "chosen_topic": filters.chosen_topic,
    }
    if results_only:
        return render(request, "tutoring/partials/_slot_results.html", context)
    context["named_tutors"] = selectors.named_tutors_for(user=user)
    return render(request, "tutoring/catalogue.html", context)
