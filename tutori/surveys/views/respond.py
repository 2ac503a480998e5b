"""Answering a survey: by the personal link (no login), and "Omat kyselyt" for a signed-in
person (identified surveys answered there directly; anonymous ones through a fresh link)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tutori.core.http import AuthenticatedHttpRequest, found_or_404, service_errors
from tutori.surveys.forms.answer import AnswerForm, initial_from_answers
from tutori.surveys.models import Recipient
from tutori.surveys.selectors import distribution as selectors
from tutori.surveys.services import respond as services
from tutori.surveys.services.respond import LinkState
from tutori.surveys.text import localized

SUPPORTED = {code for code, _name in settings.LANGUAGES}
STATE_STATUS = {LinkState.CLOSED: 410, LinkState.ANSWERED: 200, LinkState.NOT_OPEN: 200}


def _language(request: HttpRequest, recipient: Recipient) -> str:
    """The page's language: the visitor's own choice (signed in, or the cookie), else the
    language the survey was sent in."""
    chosen = getattr(request.user, "is_authenticated", False) or request.COOKIES.get(
        settings.LANGUAGE_COOKIE_NAME
    )
    if not chosen and recipient.language in SUPPORTED:
        return recipient.language
    return request.LANGUAGE_CODE


def _answer_page(
    request: HttpRequest, recipient: Recipient, token: str | None, action_url: str
) -> HttpResponse:
    """The answer page of ``recipient`` (GET shows the form with the draft; POST saves or
    submits), or the page that says why it cannot be answered."""
    language = _language(request, recipient)
    with translation.override(language):
        survey = recipient.survey
        state = services.link_state(recipient)
        context: dict[str, Any] = {
            "survey": survey,
            "title": localized(survey, "title", language),
            "description": localized(survey, "description", language),
            "recipient": recipient,
        }
        if state != LinkState.OPEN:
            context["state"] = state
            return render(
                request, "surveys/respond_state.html", context, status=STATE_STATUS[state]
            )
        draft = services.draft_for(recipient, token)
        initial = initial_from_answers(services.draft_answers(draft))
        form = AnswerForm(survey, data=request.POST or None, initial=initial, language=language)
        submit = request.POST.get("action") == "submit"
        if request.method == "POST":
            if not submit:
                # A draft may leave required questions empty: they are checked on submit.
                for form_field in form.fields.values():
                    form_field.required = False
            if form.is_valid():
                with service_errors(request, form) as outcome:
                    services.response_save(
                        recipient=recipient,
                        token=token,
                        answers=form.cleaned_answers(),
                        submit=submit,
                        language=language,
                    )
                if not outcome.failed:
                    if submit:
                        return render(request, "surveys/respond_done.html", context, status=200)
                    messages.success(
                        request,
                        _(
                            "Vastauksesi on tallennettu. Voit jatkaa myöhemmin samasta linkistä "
                            "ennen kuin kysely sulkeutuu."
                        ),
                    )
                    return redirect(action_url)
        context.update(form=form, action_url=action_url, has_draft=draft is not None, submit=submit)
        status = 400 if request.method == "POST" else 200
        return render(request, "surveys/respond.html", context, status=status)


@require_http_methods(["GET", "POST"])
def respond(request: HttpRequest, token: str) -> HttpResponse:
    """The personal link. An unknown (or replaced, or tampered) link is a 404 page that says
    what may have happened."""
    recipient = services.recipient_for_token(token)
    if recipient is None:
        return render(request, "surveys/respond_unknown.html", status=404)
    return _answer_page(request, recipient, token, request.path)


@login_required
@require_GET
def mine(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Omat kyselyt: the open surveys sent to the person."""
    rows = selectors.surveys_waiting(user=request.user)
    return render(
        request,
        "surveys/mine.html",
        {
            "waiting": [r for r in rows if not r.answered],
            "answered": [r for r in rows if r.answered],
        },
    )


def _my_recipient(request: AuthenticatedHttpRequest, pk: int) -> Recipient:
    if not 0 < pk <= selectors.MAX_ID:
        raise Http404
    return found_or_404(services.my_recipient(user=request.user, survey_pk=pk))


@login_required
@require_http_methods(["GET", "POST"])
def answer(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """An identified survey answered signed in, without the link; an anonymous one offers a
    fresh personal link instead (the answer must not be tied to the account)."""
    recipient = _my_recipient(request, pk)
    if recipient.survey.anonymous:
        if request.method == "POST":
            return redirect("surveys:mine")
        return render(
            request,
            "surveys/answer_anonymous.html",
            {
                "survey": recipient.survey,
                "recipient": recipient,
                "state": services.link_state(recipient),
            },
        )
    return _answer_page(request, recipient, None, request.path)


@login_required
@require_POST
def answer_link(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A fresh personal link to an anonymous survey sent to the person: the answer goes
    through the link, and nothing ties it to the account."""
    recipient = _my_recipient(request, pk)
    if not recipient.survey.anonymous:
        return redirect("surveys:answer", pk=pk)
    with service_errors(request) as outcome:
        token = services.recipient_link_renew(user=request.user, recipient=recipient)
    if outcome.failed:
        return redirect("surveys:answer", pk=pk)
    return redirect("surveys:respond", token=token)
