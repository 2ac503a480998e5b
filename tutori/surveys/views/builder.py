"""The survey builder's pages: the lists of surveys and instruments, a survey's page, its
details, sections and questions (add, edit, remove, reorder), the respondent's preview, copies
and instruments."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tutori.core import registry
from tutori.core.http import AuthenticatedHttpRequest, found_or_404, require, service_errors
from tutori.surveys import permissions
from tutori.surveys.forms.answer import AnswerForm, topic_choices
from tutori.surveys.forms.builder import (
    FromInstrumentForm,
    InstrumentSaveForm,
    InstrumentSearchForm,
    MoveForm,
    QuestionForm,
    ReorderForm,
    SectionForm,
    SurveyForm,
    SurveySearchForm,
)
from tutori.surveys.models import Question, Section, Survey
from tutori.surveys.selectors import surveys as selectors
from tutori.surveys.services import builder as services
from tutori.surveys.text import localized

MAX_ID = 2**31 - 1
PER_PAGE = 25


def _status(form: Any) -> int:
    return 400 if form.errors else 200


def _survey(request: AuthenticatedHttpRequest, pk: int, *, edit: bool = False) -> Survey:
    survey = found_or_404(selectors.survey_get(user=request.user, pk=pk) if pk <= MAX_ID else None)
    if edit:
        require(permissions.can_edit_survey(request.user, survey))
    return survey


def _section(request: AuthenticatedHttpRequest, pk: int) -> Section:
    section = found_or_404(
        selectors.section_get(user=request.user, pk=pk) if pk <= MAX_ID else None
    )
    require(permissions.can_edit_survey(request.user, section.survey))
    return section


def _question(request: AuthenticatedHttpRequest, pk: int) -> Question:
    question = found_or_404(
        selectors.question_get(user=request.user, pk=pk) if pk <= MAX_ID else None
    )
    require(permissions.can_edit_survey(request.user, question.survey))
    return question


def _detail_url(survey: Survey, anchor: str = "") -> str:
    url = reverse("surveys:detail", args=[survey.pk])
    return f"{url}#{anchor}" if anchor else url


# --- Lists ----------------------------------------------------------------------------------


@login_required
@require_GET
def survey_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    require(permissions.sees_results_anywhere(user) or permissions.builds_anywhere(user))
    search = SurveySearchForm(request.GET or None)
    data = search.cleaned_data if search.is_valid() else {}
    query, status = data.get("q", ""), data.get("status", "")
    page_obj = Paginator(
        selectors.survey_list(user=user, query=query, status=status), PER_PAGE
    ).get_page(request.GET.get("page"))
    context = {
        "search": search,
        "query": query,
        "page_obj": page_obj,
        "can_build": permissions.builds_anywhere(user),
    }
    if request.htmx:
        return render(request, "surveys/partials/_survey_results.html", context)
    return render(request, "surveys/list.html", context)


@login_required
@require_GET
def instrument_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(permissions.builds_anywhere(request.user))
    search = InstrumentSearchForm(request.GET or None)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    page_obj = Paginator(
        selectors.instrument_list(user=request.user, query=query), PER_PAGE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "surveys/instruments.html",
        {"search": search, "query": query, "page_obj": page_obj},
    )


# --- A survey -------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def survey_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(permissions.builds_anywhere(request.user))
    organisations = selectors.buildable_organisations(user=request.user)
    require(bool(organisations))
    form = SurveyForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        with service_errors(request, form) as outcome:
            survey = services.survey_create(
                by=request.user,
                organisation=form.cleaned_data["organisation"],
                **form.service_kwargs(),
            )
        if not outcome.failed:
            messages.success(request, _("Kysely luotu. Lisää siihen osiot ja kysymykset."))
            return redirect(_detail_url(survey))
    return render(
        request,
        "surveys/survey_form.html",
        {"form": form, "title": _("Uusi kysely")},
        status=_status(form),
    )


@login_required
@require_GET
def survey_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    user = request.user
    can_edit = survey.organisation_id is not None and permissions.can_edit_survey(user, survey)
    return render(
        request,
        "surveys/detail.html",
        {
            "survey": survey,
            "structure": selectors.survey_structure(survey=survey),
            "can_edit": can_edit,
            "can_build": permissions.builds_anywhere(user),
            "answered": survey.answered,  # type: ignore[attr-defined]
            "kinds": Question.Kind.choices,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def survey_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk, edit=True)
    form = SurveyForm(request.POST or None, initial=SurveyForm.initial_of(survey))
    if request.method == "POST" and form.is_valid():
        with service_errors(request, form) as outcome:
            services.survey_update(by=request.user, survey=survey, **form.service_kwargs())
        if not outcome.failed:
            messages.success(request, _("Kyselyn tiedot tallennettu."))
            return redirect(_detail_url(survey))
        survey.refresh_from_db()
    return render(
        request,
        "surveys/survey_form.html",
        {"form": form, "survey": survey, "title": _("Muokkaa kyselyn tietoja")},
        status=_status(form),
    )


def _delete_after_asking(
    request: AuthenticatedHttpRequest,
    *,
    survey: Survey,
    delete: Callable[[], Any],
    done: str,
    success: str,
    page: dict[str, Any],
) -> HttpResponse:
    """A removal: GET asks first (the shared confirmation page), POST removes through the
    service and goes to ``done``, or back to the survey with the refusal."""
    if request.method != "POST":
        return render(request, "surveys/confirm_delete.html", {"survey": survey, **page})
    with service_errors(request) as outcome:
        delete()
    if outcome.failed:
        return redirect(_detail_url(survey))
    messages.success(request, success)
    return redirect(done)


@login_required
@require_http_methods(["GET", "POST"])
def survey_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk, edit=True)
    return _delete_after_asking(
        request,
        survey=survey,
        delete=lambda: services.survey_delete(by=request.user, survey=survey),
        done=reverse("surveys:instruments" if survey.is_instrument else "surveys:list"),
        success=_("Kysely poistettu: %(title)s") % {"title": survey.title},
        page={
            "title": _("Poista kysely: %(title)s") % {"title": survey.title},
            "explanation": _("Luonnos ja sen kaikki osiot ja kysymykset poistetaan."),
            "button": _("Kyllä, poista kysely"),
        },
    )


@login_required
@require_GET
def survey_preview(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    language = request.GET.get("lang")
    language = language if language in ("fi", "sv", "en") else None
    return render(
        request,
        "surveys/preview.html",
        {
            "survey": survey,
            "title": localized(survey, "title", language),
            "description": localized(survey, "description", language),
            "form": AnswerForm(survey, language=language),
            "language": language or "",
        },
    )


# --- Sections -------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def section_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk, edit=True)
    form = SectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_errors(request, form) as outcome:
            section = services.section_create(
                by=request.user, survey=survey, **form.service_kwargs()
            )
        if not outcome.failed:
            messages.success(request, _("Osio lisätty: %(title)s") % {"title": section.title})
            return redirect(_detail_url(survey, f"section-{section.pk}"))
    return render(
        request,
        "surveys/section_form.html",
        {"form": form, "survey": survey, "title": _("Uusi osio")},
        status=_status(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def section_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    section = _section(request, pk)
    form = SectionForm(request.POST or None, initial=SectionForm.initial_of(section))
    if request.method == "POST" and form.is_valid():
        with service_errors(request, form) as outcome:
            services.section_update(by=request.user, section=section, **form.service_kwargs())
        if not outcome.failed:
            messages.success(request, _("Osio tallennettu: %(title)s") % {"title": section.title})
            return redirect(_detail_url(section.survey, f"section-{section.pk}"))
    return render(
        request,
        "surveys/section_form.html",
        {
            "form": form,
            "survey": section.survey,
            "section": section,
            "title": _("Muokkaa osiota"),
        },
        status=_status(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def section_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    section = _section(request, pk)
    return _delete_after_asking(
        request,
        survey=section.survey,
        delete=lambda: services.section_delete(by=request.user, section=section),
        done=_detail_url(section.survey),
        success=_("Osio poistettu: %(title)s") % {"title": section.title},
        page={
            "title": _("Poista osio: %(title)s") % {"title": section.title},
            "explanation": _("Osio poistetaan kysymyksineen."),
            "button": _("Kyllä, poista osio"),
        },
    )


@login_required
@require_POST
def section_move(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    section = _section(request, pk)
    form = MoveForm(request.POST)
    if form.is_valid():
        with service_errors(request) as outcome:
            moved = services.section_move(
                by=request.user, section=section, direction=form.cleaned_data["direction"]
            )
        if not outcome.failed and moved:
            messages.success(request, _("Osio siirretty: %(title)s") % {"title": section.title})
    return redirect(_detail_url(section.survey, f"section-{section.pk}"))


# --- Questions ------------------------------------------------------------------------------


def _question_form_context(survey: Survey) -> dict[str, Any]:
    sections = list(survey.sections.order_by("order", "pk"))
    topics = topic_choices(survey.organisation_id) if registry.topic_source() else []
    return {"sections": sections, "topic_choices": topics}


@login_required
@require_http_methods(["GET", "POST"])
def question_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk, edit=True)
    options = _question_form_context(survey)
    initial: dict[str, Any] = {}
    if request.GET.get("kind") in Question.Kind.values:
        initial["kind"] = request.GET["kind"]
    section_id = request.GET.get("section", "")
    if section_id.isdigit() and any(str(s.pk) == section_id for s in options["sections"]):
        initial["section"] = int(section_id)
    elif options["sections"]:  # a new question goes at the end: in the last section
        initial["section"] = options["sections"][-1].pk
    form = QuestionForm(request.POST or None, initial=initial, **options)
    if request.method == "POST" and form.is_valid():
        with service_errors(request, form) as outcome:
            question = services.question_create(
                by=request.user, survey=survey, **form.service_kwargs(options["sections"])
            )
        if not outcome.failed:
            messages.success(request, _("Kysymys lisätty."))
            if "another" in request.POST:
                return redirect(
                    f"{reverse('surveys:question_new', args=[survey.pk])}?kind={question.kind}"
                    + (f"&section={question.section_id}" if question.section_id else "")
                )
            return redirect(_detail_url(survey, f"question-{question.pk}"))
    return render(
        request,
        "surveys/question_form.html",
        {"form": form, "survey": survey, "title": _("Uusi kysymys"), "new": True},
        status=_status(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def question_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    question = _question(request, pk)
    survey = question.survey
    answered = services.has_responses(survey)
    options = _question_form_context(survey)
    form = QuestionForm(
        request.POST or None,
        initial=QuestionForm.initial_of(question),
        fixed_kind=answered,
        **options,
    )
    if request.method == "POST" and form.is_valid():
        with service_errors(request, form) as outcome:
            reworded = services.question_update(
                by=request.user, question=question, **form.service_kwargs(options["sections"])
            )
        if not outcome.failed:
            if reworded:
                messages.warning(
                    request,
                    _(
                        "Kysymyksen sanamuoto muuttui, vaikka siihen on jo vastattu. Aiempi "
                        "sanamuoto on tallessa, ja kyselyn versio on nyt %(version)s."
                    )
                    % {"version": survey.version},
                )
            else:
                messages.success(request, _("Kysymys tallennettu."))
            return redirect(_detail_url(survey, f"question-{question.pk}"))
    return render(
        request,
        "surveys/question_form.html",
        {
            "form": form,
            "survey": survey,
            "question": question,
            "answered": answered,
            "revisions": list(question.revisions.order_by("-version")),
            "title": _("Muokkaa kysymystä"),
        },
        status=_status(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def question_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    question = _question(request, pk)
    return _delete_after_asking(
        request,
        survey=question.survey,
        delete=lambda: services.question_delete(by=request.user, question=question),
        done=_detail_url(question.survey),
        success=_("Kysymys poistettu."),
        page={
            "title": _("Poista kysymys"),
            "quote": question.text,
            "explanation": _("Kysymys ja sen vaihtoehdot poistetaan."),
            "button": _("Kyllä, poista kysymys"),
        },
    )


@login_required
@require_POST
def question_move(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    question = _question(request, pk)
    form = MoveForm(request.POST)
    if form.is_valid():
        direction = form.cleaned_data["direction"]
        with service_errors(request) as outcome:
            moved = services.question_move(by=request.user, question=question, direction=direction)
        if not outcome.failed:
            if moved:
                messages.success(
                    request,
                    _("Kysymys siirretty ylös.")
                    if direction == "up"
                    else _("Kysymys siirretty alas."),
                )
            else:
                messages.info(request, _("Kysymys on jo osionsa ensimmäinen tai viimeinen."))
    return redirect(_detail_url(question.survey, f"question-{question.pk}"))


@login_required
@require_POST
def questions_reorder(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The new order of a section's questions after a drag (the move buttons do the same one
    step at a time). Answers JSON to the script; a plain form post is sent back to the page."""
    survey = _survey(request, pk, edit=True)
    form = ReorderForm(request.POST)
    wants_json = request.headers.get("Accept", "").startswith("application/json")
    if not form.is_valid():
        message = _("Järjestys on virheellinen.")
        if wants_json:
            return JsonResponse({"ok": False, "message": message}, status=400)
        messages.error(request, message)
        return redirect(_detail_url(survey))
    section = None
    if form.cleaned_data["section"]:
        section = found_or_404(survey.sections.filter(pk=form.cleaned_data["section"]).first())
    with service_errors(request) as outcome:
        services.questions_reorder(
            by=request.user, survey=survey, section=section, question_ids=form.cleaned_data["order"]
        )
    if wants_json:
        if outcome.error is not None:
            # service_errors queued the message for the next page; the script reloads it.
            return JsonResponse({"ok": False, "message": str(outcome.error.message)}, status=400)
        return JsonResponse({"ok": True, "message": _("Uusi järjestys tallennettu.")})
    if not outcome.failed:
        messages.success(request, _("Uusi järjestys tallennettu."))
    return redirect(_detail_url(survey))


# --- Copies and instruments -----------------------------------------------------------------


@login_required
@require_POST
def survey_copy(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk, edit=True)
    with service_errors(request) as outcome:
        copy = services.survey_copy(by=request.user, survey=survey)
    if outcome.failed:
        return redirect(_detail_url(survey))
    messages.success(request, _("Kopio tehty. Voit muokata sitä vapaasti."))
    return redirect(_detail_url(copy))


@login_required
@require_http_methods(["GET", "POST"])
def survey_save_instrument(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk, edit=True)
    form = InstrumentSaveForm(request.POST or None, initial={"title": survey.title})
    if request.method == "POST" and form.is_valid():
        with service_errors(request, form) as outcome:
            instrument = services.survey_save_as_instrument(
                by=request.user, survey=survey, title=form.cleaned_data["title"]
            )
        if not outcome.failed:
            messages.success(
                request,
                _("Mittari tallennettu: %(title)s. Siitä voi tehdä uusia kyselyitä.")
                % {"title": instrument.title},
            )
            return redirect(_detail_url(instrument))
    return render(
        request,
        "surveys/instrument_save.html",
        {"form": form, "survey": survey},
        status=_status(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def survey_from_instrument(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    instrument = _survey(request, pk)
    if not instrument.is_instrument:
        return redirect(_detail_url(instrument))
    require(permissions.builds_anywhere(request.user))
    organisations = selectors.buildable_organisations(user=request.user)
    require(bool(organisations))
    form = FromInstrumentForm(
        request.POST or None, organisations=organisations, initial={"title": instrument.title}
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        with service_errors(request, form) as outcome:
            made = services.survey_from_instrument(
                by=request.user,
                instrument=instrument,
                organisation=d["organisation"],
                title=d["title"],
                as_instrument=d["as_instrument"],
            )
        if not outcome.failed:
            messages.success(
                request,
                _("Oma mittari tehty. Voit muokata sitä.")
                if made.is_instrument
                else _("Kysely tehty mittarista. Tarkista tiedot ja päivämäärät."),
            )
            return redirect(_detail_url(made))
    return render(
        request,
        "surveys/from_instrument.html",
        {"form": form, "instrument": instrument},
        status=_status(form),
    )
