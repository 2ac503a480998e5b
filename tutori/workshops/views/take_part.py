"""Taking part in a workshop (W2): joining with an account or by the code (a display name
only), the participant's page of the workshop's questions in their phases, posting and
deleting one's ideas, voting and taking votes back, and the small fragment the page polls.

Participants without an account are anonymous visitors: they are let in by the key their
session keeps (``selectors.participant_of``), never by a rule on a user. Everyone who is not
a participant of the workshop finds none of these pages (404); an anonymous visitor is sent
to the join page instead.
"""

from __future__ import annotations

import functools
import math
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.contrib import messages
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_ratelimit.core import get_usage

from tutori.accounts.throttle import client_network
from tutori.core.errors import ApplicationError
from tutori.core.http import service_errors
from tutori.core.scoping import ScopedManager
from tutori.workshops import selectors
from tutori.workshops.forms.take_part import IdeaForm, JoinForm
from tutori.workshops.models import (
    DISPLAY_NAME_MAX,
    Idea,
    Phase,
    Theme,
    Workshop,
    WorkshopParticipant,
    WorkshopQuestion,
)
from tutori.workshops.services import participation

# Wrong or expired join codes, counted per client network (an IPv6 client by its /64) in the
# cache, as the certificate check counts unknown codes. Generous: a class behind one address
# mistypes too. Codes are 6 of 32 characters (about 10⁹), so guessing an open one at this
# rate would take years.
CODE_MISSES = "tutori.workshops.join-code-misses"
CODE_MISS_RATE = "100/10m"
# A stamp longer than this is nobody's (the page sends what it was given: "<phase>.<n>").
STAMP_MAX = 40
# An anonymous participant's session has the platform's idle lifetime; their page's polls
# renew it at most this often, so a workshop longer than the idle time keeps them in.
RENEW_AFTER = getattr(settings, "SESSION_RENEW_AFTER", 60)
SEEN_KEY = "workshop_seen_at"

Row = TypeVar("Row", bound=Model)


# --- Throttling wrong codes -------------------------------------------------------------------


def _code_misses(request: HttpRequest, *, increment: bool) -> int:
    """Seconds until the client may try codes again (0 while within its limit)."""
    usage = get_usage(
        request,
        group=CODE_MISSES,
        key=lambda group, request: client_network(request),
        rate=getattr(settings, "THROTTLE_WORKSHOP_CODE_MISSES", CODE_MISS_RATE),
        increment=increment,
    )
    if not usage or not usage["should_limit"]:
        return 0
    return max(int(usage["time_left"]), 1)


def _throttled(request: HttpRequest, retry_after: int) -> HttpResponse:
    minutes = math.ceil(retry_after / 60)
    response = render(
        request, "workshops/take_part/throttled.html", {"minutes": minutes}, status=429
    )
    response["Retry-After"] = str(retry_after)
    return response


def _unless_throttled(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A page that reads join codes: 429 while the client has tried too many wrong ones."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        retry_after = _code_misses(request, increment=False)
        if retry_after:
            return _throttled(request, retry_after)
        return view(request, *args, **kwargs)

    return wrapped


# --- Who is asking ----------------------------------------------------------------------------


def _renew(request: HttpRequest) -> None:
    """Keep an anonymous participant's session alive while their page is open."""
    if request.user.is_authenticated:
        return  # the platform's session middleware renews signed-in sessions
    now = time.time()
    seen = request.session.get(SEEN_KEY)
    if not isinstance(seen, int | float) or now - float(seen) > RENEW_AFTER:
        request.session[SEEN_KEY] = now


def _joined(request: HttpRequest, workshop: Workshop) -> WorkshopParticipant | None:
    """The requester's participant row of ``workshop``, looked up once per request."""
    found: dict[int, WorkshopParticipant | None] = request.__dict__.setdefault(
        "_workshop_participants", {}
    )
    if workshop.pk not in found:
        participant = selectors.participant_of(request, workshop)
        if participant is not None:
            # The participant's workshop is the one the caller holds (read once).
            participant.workshop = workshop
        found[workshop.pk] = participant
    return found[workshop.pk]


class NotJoined(Http404):
    """The requester is no participant of the workshop (or no longer: a joiner without an
    account whose session ended while their phone slept)."""


def _rejoin(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A participant's htmx request from a page whose participant is gone: the page reloads
    (and sends an anonymous visitor to the join page) instead of failing silently."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except NotJoined:
            if not _htmx(request):
                raise
            response = HttpResponse(status=200)
            response["HX-Refresh"] = "true"
            return response

    return wrapped


def _participant_sees(request: HttpRequest) -> Callable[[Any, Workshop], bool]:
    return lambda user, workshop: _joined(request, workshop) is not None


def _of_joined(
    request: HttpRequest,
    rows: ScopedManager[Row],
    pk: int,
    workshop_of: Callable[[Row], Workshop],
    related: tuple[str, ...],
) -> tuple[Row, WorkshopParticipant]:
    """The row ``pk`` of a workshop the requester joined, and their participant row; 404 for
    everyone else (a facilitator who has not joined takes part through the join page)."""
    row = rows.shown(
        request.user,
        pk,
        sees=lambda user, found: _joined(request, workshop_of(found)) is not None,
        related=related,
    )
    participant = _joined(request, workshop_of(row)) if row is not None else None
    if row is None or participant is None:
        raise NotJoined
    return row, participant


def _question(request: HttpRequest, pk: int) -> tuple[WorkshopQuestion, WorkshopParticipant]:
    return _of_joined(
        request,
        WorkshopQuestion.objects,
        pk,
        lambda question: question.workshop,
        ("workshop", "workshop__organisation"),
    )


_OF_QUESTION = ("question", "question__workshop", "question__workshop__organisation")


def _idea(request: HttpRequest, pk: int) -> tuple[Idea, WorkshopParticipant]:
    """One's own idea, with its question and workshop; 404 for anyone else's."""
    idea, participant = _of_joined(
        request, Idea.objects, pk, lambda idea: idea.question.workshop, _OF_QUESTION
    )
    if idea.participant_id != participant.pk:
        raise NotJoined
    return idea, participant


def _theme(request: HttpRequest, pk: int) -> tuple[Theme, WorkshopParticipant]:
    return _of_joined(
        request, Theme.objects, pk, lambda theme: theme.question.workshop, _OF_QUESTION
    )


def _htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


# --- What a question shows --------------------------------------------------------------------


def _page_url(question: WorkshopQuestion) -> str:
    return reverse("workshops:take_part", args=[question.workshop_id]) + f"#question-{question.pk}"


def _idea_form(question: WorkshopQuestion, data: Any = None) -> IdeaForm:
    form = IdeaForm(data, auto_id=f"id_q{question.pk}_%s")
    text_id = f"id_q{question.pk}_text"
    form.fields["text"].widget.attrs.update(
        {"data-counter": f"{text_id}_counter", "data-counter-live": f"{text_id}_counter_live"}
    )
    return form


def question_context(
    question: WorkshopQuestion,
    participant: WorkshopParticipant,
    *,
    form: IdeaForm | None = None,
    result: selectors.QuestionResult | None = None,
) -> dict[str, Any]:
    """What one question's section shows the participant in its phase."""
    workshop = question.workshop
    item: dict[str, Any] = {
        "question": question,
        "stamp": selectors.question_stamp(question),
        "closed": workshop.status == Workshop.Status.CLOSED,
        "live": workshop.status == Workshop.Status.OPEN and question.phase != Phase.RESULTS,
    }
    if question.phase == Phase.IDEAS:
        item["ideas"] = selectors.ideas_of(question, viewer=participant)
        item["form"] = form or _idea_form(question)
    elif question.phase in (Phase.GROUPING, Phase.VOTING):
        item["themes"] = selectors.themes_of(question, viewer=participant)
        item["ungrouped"] = selectors.ideas_of(question, viewer=participant, theme=None)
        if question.phase == Phase.VOTING:
            mine = selectors.my_votes(participant, question)
            item["votes_left"] = selectors.votes_left(participant, question)
            item["votable"] = [(theme, mine.get(theme.id, 0)) for theme in item["themes"]]
    else:
        if result is None:
            result = next(
                (
                    r
                    for r in selectors.results(workshop, named=True)
                    if r.question.pk == question.pk
                ),
                None,
            )
        item["themes"] = result.themes if result else []
        item["ungrouped"] = result.ungrouped if result else []
    return item


def _section(
    request: HttpRequest,
    question: WorkshopQuestion,
    participant: WorkshopParticipant,
    *,
    status: str = "",
    error: str = "",
    retarget: bool = False,
) -> HttpResponse:
    """One question's whole section (after a vote, or when its phase moved: ``retarget``
    tells htmx to swap the section instead of the part that asked)."""
    item = question_context(question, participant)
    response = render(
        request,
        "workshops/take_part/partials/_section.html",
        {"item": item, "workshop": question.workshop, "status": status, "error": error},
    )
    if retarget:
        response["HX-Retarget"] = f"#question-{question.pk}"
        response["HX-Reswap"] = "outerHTML"
    return response


def _fresh(question: WorkshopQuestion) -> None:
    """Read again what a write may have found changed: the phase, the workshop's status."""
    question.refresh_from_db(fields=["phase", "revision"])
    question.workshop.refresh_from_db(fields=["status"])


# --- Joining ----------------------------------------------------------------------------------


def _join(request: HttpRequest, workshop: Workshop, form: JoinForm) -> HttpResponse | None:
    """Join ``workshop`` with the account, or with the display name the form holds; the
    participant's page, or None when the service refused (the form then says why)."""
    user = request.user if request.user.is_authenticated else None
    name = (
        getattr(user, "display_name", "")[:DISPLAY_NAME_MAX]
        if user
        else form.cleaned_data["display_name"]
    )
    with service_errors(request, form) as outcome:
        participant, key = participation.participant_join(
            workshop=workshop, user=user, display_name=name
        )
    if outcome.failed:
        return None
    if key is not None:
        # A new key in a session that may have been handed to the visitor: a new session id.
        request.session.cycle_key()
        participation.participant_remember(request.session, workshop, key)
    messages.success(
        request,
        _("Olet mukana työpajassa %(title)s nimellä %(name)s.")
        % {"title": workshop.title, "name": participant.display_name or name},
    )
    return redirect("workshops:take_part", pk=workshop.pk)


@require_http_methods(["GET", "POST"])
@_unless_throttled
def join(request: HttpRequest) -> HttpResponse:
    """The join page: the code the facilitator shows, and a display name from those who
    join without an account. A wrong or expired code says so, and is counted (throttled)."""
    needs_name = not request.user.is_authenticated
    form = JoinForm(request.POST if request.method == "POST" else None, needs_name=needs_name)
    if request.method == "POST":
        if form.is_valid():
            workshop = _workshop_of_code(request, form.cleaned_data["code"], form)
            if workshop is not None:
                if _joined(request, workshop) is not None:
                    return redirect("workshops:take_part", pk=workshop.pk)
                joined = _join(request, workshop, form)
                if joined is not None:
                    return joined
        elif form.has_error("code"):
            _code_misses(request, increment=True)
    status = 400 if form.is_bound else 200
    return render(
        request,
        "workshops/take_part/join.html",
        {"form": form, "needs_name": needs_name},
        status=status,
    )


def _workshop_of_code(request: HttpRequest, code: str, form: JoinForm) -> Workshop | None:
    try:
        return participation.workshop_by_code(code)
    except ApplicationError as error:
        _code_misses(request, increment=True)
        form.add_error("code", str(error.message))
        return None


@require_http_methods(["GET", "POST"])
@_unless_throttled
def join_code(request: HttpRequest, code: str) -> HttpResponse:
    """The page a QR code opens: the workshop's name and a button (with a display name for
    those without an account). One who already joined goes straight to the workshop."""
    try:
        workshop = participation.workshop_by_code(code[:STAMP_MAX])
    except ApplicationError as error:
        _code_misses(request, increment=True)
        return render(
            request,
            "workshops/take_part/code_unusable.html",
            {"message": error.message},
            status=404,
        )
    if _joined(request, workshop) is not None:
        return redirect("workshops:take_part", pk=workshop.pk)
    needs_name = not request.user.is_authenticated
    form = JoinForm(
        request.POST if request.method == "POST" else None, needs_name=needs_name, with_code=False
    )
    if request.method == "POST" and form.is_valid():
        joined = _join(request, workshop, form)
        if joined is not None:
            return joined
    return render(
        request,
        "workshops/take_part/join_code.html",
        {"form": form, "workshop": workshop, "needs_name": needs_name, "code": workshop.join_code},
        status=400 if form.is_bound else 200,
    )


# --- The participant's page -------------------------------------------------------------------


@require_GET
def take_part(request: HttpRequest, pk: int) -> HttpResponse:
    """The workshop as a participant sees it: each question in its phase."""
    workshop = Workshop.objects.shown(
        request.user, pk, sees=_participant_sees(request), related=("organisation",)
    )
    participant = _joined(request, workshop) if workshop is not None else None
    if workshop is None or participant is None:
        if not request.user.is_authenticated:
            return redirect("workshops:join")
        raise Http404
    _renew(request)
    return _page(request, workshop, participant)


def _page(
    request: HttpRequest,
    workshop: Workshop,
    participant: WorkshopParticipant,
    *,
    bound: dict[int, IdeaForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    questions = selectors.questions_of(workshop)
    results: dict[int, selectors.QuestionResult] = {}
    if any(q.phase == Phase.RESULTS for q in questions):
        results = {r.question.pk: r for r in selectors.results(workshop, named=True)}
    items = []
    for question in questions:
        question.workshop = workshop
        items.append(
            question_context(
                question,
                participant,
                form=(bound or {}).get(question.pk),
                result=results.get(question.pk),
            )
        )
    return render(
        request,
        "workshops/take_part/workshop.html",
        {"workshop": workshop, "participant": participant, "items": items},
        status=status,
    )


@require_GET
@_rejoin
def live(request: HttpRequest, pk: int) -> HttpResponse:
    """What the page polls every two seconds: 204 when nothing changed (two queries by
    key); the question's list when its ideas or themes changed; its whole section when its
    phase moved (htmx is told to swap that instead)."""
    question, participant = _question(request, pk)
    _renew(request)
    stamp = selectors.question_stamp(question)
    seen = request.GET.get("stamp", "")[:STAMP_MAX]
    if seen == stamp:
        return HttpResponse(status=204)
    phase_seen = seen.split(".", 1)[0]
    if phase_seen != question.phase or question.workshop.status != Workshop.Status.OPEN:
        return _section(request, question, participant, retarget=True)
    if question.phase == Phase.VOTING:
        # Others' votes change nothing a voter sees (totals are shown with the results).
        return HttpResponse(status=204)
    return render(
        request,
        "workshops/take_part/partials/_live.html",
        {"item": question_context(question, participant), "oob": True},
    )


# --- Ideas ------------------------------------------------------------------------------------


@require_POST
def idea_post(request: HttpRequest, pk: int) -> HttpResponse:
    """Post an idea to a question in its ideas phase. With htmx the answer is a fresh form
    and the question's list (what was typed stays in the form on an error); without, the
    page again."""
    try:
        question, participant = _question(request, pk)
    except NotJoined:
        if not _htmx(request):
            raise
        return _idea_not_kept(request, pk)
    form = _idea_form(question, request.POST)
    posted = False
    if form.is_valid():
        with service_errors(request, form) as outcome:
            participation.idea_post(
                participant=participant, question=question, text=form.cleaned_data["text"]
            )
        posted = not outcome.failed
    _fresh(question)
    moved = question.phase != Phase.IDEAS or question.workshop.status != Workshop.Status.OPEN
    if _htmx(request):
        if moved:
            # The phase moved meanwhile: the whole section, with the refusal above it.
            error = "; ".join(str(e) for e in form.non_field_errors())
            return _section(request, question, participant, error=error, retarget=True)
        item = question_context(question, participant, form=None if posted else form)
        return render(
            request,
            "workshops/take_part/partials/_idea_posted.html",
            {"item": item, "posted": posted},
        )
    if posted:
        messages.success(request, _("Idea tallennettu."))
        return redirect(_page_url(question))
    if moved:
        # The phase moved meanwhile: the page in its new phase says why nothing was saved.
        for refusal in form.non_field_errors():
            messages.error(request, str(refusal))
        return redirect(_page_url(question))
    return _page(request, question.workshop, participant, bound={question.pk: form}, status=400)


def _idea_not_kept(request: HttpRequest, pk: int) -> HttpResponse:
    """The idea form of one who is no longer a participant (their session ended): what they
    typed stays, with a way back in."""
    form = IdeaForm(request.POST, auto_id=f"id_q{pk}_%s")
    form.is_valid()
    form.add_error(
        None,
        _(
            "Et ole enää mukana työpajassa (istuntosi on päättynyt), joten ideaa ei "
            "tallennettu. Kopioi ideasi talteen ja liity uudelleen koodilla."
        ),
    )
    return render(
        request,
        "workshops/take_part/partials/_idea_form.html",
        {"item": {"question": {"pk": pk}}, "form": form, "rejoin": True},
    )


@require_http_methods(["GET", "POST"])
@_rejoin
def idea_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete one's own idea while its question collects ideas: asks first."""
    idea, participant = _idea(request, pk)
    question = idea.question
    if request.method == "POST":
        with service_errors(request) as outcome:
            participation.idea_delete(participant=participant, idea=idea)
        if not outcome.failed:
            messages.success(request, _("Idea poistettu."))
        return redirect(_page_url(question))
    return render(
        request,
        "workshops/take_part/idea_delete.html",
        {"idea": idea, "workshop": question.workshop, "back": _page_url(question)},
    )


# --- Votes ------------------------------------------------------------------------------------


def _vote(
    request: HttpRequest,
    pk: int,
    act: Callable[[WorkshopParticipant, Theme], str],
) -> HttpResponse:
    theme, participant = _theme(request, pk)
    question = theme.question
    status = error = ""
    try:
        status = act(participant, theme)
    except ApplicationError as refusal:
        error = str(refusal.message)
    if _htmx(request):
        _fresh(question)
        return _section(request, question, participant, status=status, error=error)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, status)
    return redirect(_page_url(question))


@require_POST
@_rejoin
def vote_cast(request: HttpRequest, pk: int) -> HttpResponse:
    """Give one of one's votes to a theme (the database holds the limits)."""

    def act(participant: WorkshopParticipant, theme: Theme) -> str:
        participation.vote_cast(participant=participant, theme=theme)
        left = selectors.votes_left(participant, theme.question)
        return _("Ääni annettu teemalle %(theme)s. Ääniä jäljellä %(left)s.") % {
            "theme": theme.name,
            "left": left,
        }

    return _vote(request, pk, act)


@require_POST
@_rejoin
def vote_take_back(request: HttpRequest, pk: int) -> HttpResponse:
    """Take back one's newest vote on a theme while voting runs."""

    def act(participant: WorkshopParticipant, theme: Theme) -> str:
        if not participation.vote_take_back(participant=participant, theme=theme):
            raise ApplicationError(_("Et ole antanut ääntä tälle teemalle."))
        left = selectors.votes_left(participant, theme.question)
        return _("Ääni peruttu teemalta %(theme)s. Ääniä jäljellä %(left)s.") % {
            "theme": theme.name,
            "left": left,
        }

    return _vote(request, pk, act)
