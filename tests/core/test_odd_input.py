"""Odd input anywhere is a validation error, never an exception: every form of every app, the
roster importer's row check and the main pages that write, driven with generated text
(control characters, surrogates, bidirectional overrides, long strings), numbers (huge,
negative, not numbers) and dates (year 1 to 9999, the nights the clocks change in Helsinki).

Forms are found, not listed: every form class in a ``tutori.<app>.forms`` module (or package)
is built with plausible arguments and must answer ``is_valid()`` with a bool. What a valid
form hands on obeys the text and date rules of core.
"""

from __future__ import annotations

import csv
import importlib
import inspect
import io
import pkgutil
from datetime import date, time, timedelta
from decimal import Decimal
from types import ModuleType
from typing import Any
from urllib.parse import urlencode

import pytest
from django import forms
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tutori
from tests.factories import SlotFactory, SubstituteBudgetFactory, TopicFactory
from tutori.core.forms import BoundedDateField, DecimalInputField, SingleLineTextField
from tutori.core.text import text_problem
from tutori.orgs import roster
from tutori.orgs.models import Organisation

FAST = settings(
    max_examples=20,
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)


# --- What is generated ----------------------------------------------------------------------


def _last_sunday(year: int, month: int) -> date:
    day = date(year, month, 31)
    return day - timedelta(days=(day.weekday() - 6) % 7)


_YEARS = range(timezone.localdate().year - 1, timezone.localdate().year + 3)
CLOCK_CHANGES = [_last_sunday(y, m) for y in _YEARS for m in (3, 10)]

ODD_PIECES = [
    "\x00",
    "\r\n",
    "\n",
    "\r",
    "\t",
    "\x0b",
    "\x1b[31m",
    "\x85",
    "\u2028",
    "\u2029",
    "\u202e",
    "\u2066",
    "\u200b",
    "\u200d",
    "\ufeff",
    "\u3164",
    "\ufffd",
    "\ufffe",
    "\U0010ffff",
    "\ud800",
    "\udfff",
    "%00",
    "=1+1",
    "'; DROP TABLE x; --",
    "<script>",
    "Åsa Öhman",
    "محمد",
    "👩‍🏫",
    " ",
]
# Surrogates and every other code point; text of one odd piece repeated up to past any limit.
any_character = st.characters(exclude_categories=())
texts = st.one_of(
    st.text(any_character, max_size=40),
    st.lists(st.sampled_from([*ODD_PIECES, "Anna", "Aho", "a"]), max_size=8).map("".join),
    st.builds(
        lambda piece, n: piece * n, st.sampled_from([*ODD_PIECES, "x"]), st.integers(1, 3000)
    ),
)
numbers = st.one_of(
    st.integers(-(10**30), 10**30).map(str),
    st.sampled_from(
        ["9" * 5000, "1e999999", "-0", "NaN", "Infinity", "sNaN", "0x10", "1_000", "١٢", "2,5"]
    ),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
)
all_dates = st.one_of(
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
    st.sampled_from(CLOCK_CHANGES),
    st.dates(
        min_value=timezone.localdate() - timedelta(days=400),
        max_value=timezone.localdate() + timedelta(days=800),
    ),
)
dates = st.one_of(
    all_dates.map(date.isoformat),
    all_dates.map(lambda d: f"{d.day}.{d.month}.{d.year:04d}"),
    st.sampled_from(["0000-01-01", "10000-01-01", "2027-02-29", "2027-13-45", "-2027-01-01"]),
)
clock_times = st.one_of(
    st.times().map(lambda t: t.strftime("%H:%M")),
    st.builds(time, st.integers(2, 4), st.integers(0, 59)).map(lambda t: t.strftime("%H:%M")),
    st.sampled_from(["24:00", "03:30:00.5", "25:61", "-1:00"]),
)
anything = st.one_of(texts, numbers, dates, clock_times)

# What a browser can send: bytes. Text without surrogates (no request carries one), or any
# bytes at all, which Django decodes with U+FFFD where they are not UTF-8.
sendable_text = st.one_of(
    st.text(st.characters(exclude_categories=("Cs",)), max_size=40),
    st.lists(
        st.sampled_from([p for p in ODD_PIECES if p not in ("\ud800", "\udfff")]), max_size=6
    ).map("".join),
)
sendable = st.one_of(sendable_text, st.binary(max_size=30), numbers, dates, clock_times)


# Fields that keep what was typed byte for byte: passwords (hashed, never shown), the login
# name (looked up, never stored) and a path to go back to (checked against the host). They
# get what a request can carry: a lone surrogate reaches them only from code, and the
# password hasher and the database driver then raise (UnicodeEncodeError).
RAW_TEXT_FIELDS = {"username", "password", "password1", "password2", "next"}


def _keys(field: forms.Field) -> list[str]:
    return [str(getattr(key, "value", key)) for key, _label in getattr(field, "choices", [])]


def plausible_value(name: str, field: forms.Field) -> st.SearchStrategy[Any]:
    """What a person (or an attacker) would put in ``field``: often what it expects, often
    anything at all, sometimes nothing."""
    if isinstance(field, forms.FileField):
        return st.just(None)
    if name in RAW_TEXT_FIELDS:
        # Kept as typed and never stored as text: what a request can carry, nothing more.
        return st.one_of(sendable_text, st.just(""))
    if isinstance(field, forms.BooleanField):
        expected: st.SearchStrategy[Any] = st.sampled_from(["on", "", "false"])
    elif isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
        expected = st.lists(st.sampled_from(_keys(field) or ["1"]), max_size=3)
    elif isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
        expected = st.sampled_from(_keys(field) or ["1"])
    elif isinstance(field, forms.DateField):
        expected = dates
    elif isinstance(field, forms.TimeField):
        expected = clock_times
    elif isinstance(field, forms.IntegerField | forms.DecimalField):
        expected = numbers
    else:
        expected = texts
    return st.one_of(expected, expected, anything, st.just(""))


# --- Every form -----------------------------------------------------------------------------


def _modules(package: ModuleType) -> list[ModuleType]:
    found = [package]
    if hasattr(package, "__path__"):
        for info in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
            found.append(importlib.import_module(info.name))
    return found


def form_classes() -> list[type[forms.BaseForm]]:
    """Every form class defined in a ``tutori.<app>.forms`` module or package."""
    classes: dict[str, type[forms.BaseForm]] = {}
    for app in pkgutil.iter_modules(tutori.__path__):
        if not app.ispkg:
            continue
        name = f"tutori.{app.name}.forms"
        try:
            package = importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name != name:
                raise
            continue
        for module in _modules(package):
            for value in vars(module).values():
                if (
                    inspect.isclass(value)
                    and issubclass(value, forms.BaseForm)
                    and value.__module__ == module.__name__
                ):
                    classes[f"{value.__module__}.{value.__qualname__}"] = value
    return [classes[key] for key in sorted(classes)]


FORMS = form_classes()


def test_the_forms_are_found():
    names = {f.__name__ for f in FORMS}
    assert {"ProfileForm", "InviteForm", "SlotForm", "SeriesForm", "SessionForm"} <= names
    assert {"BudgetForm", "SpendForm", "TopicCreateForm", "BookingForm", "LoginForm"} <= names


@pytest.fixture
def arguments(world, rf: RequestFactory) -> dict[str, Any]:
    """A plausible value for every keyword a form of Tutori takes."""
    request = rf.post("/")
    request.user = world.coordinator
    request.session = {}  # type: ignore[assignment]
    topic = TopicFactory(organisation=world.oulu)
    return {
        "user": world.coordinator,
        "request": request,
        "topics": [topic],
        "schools": [world.school_a, world.school_b],
        "slots": [SlotFactory(tutor=world.tutor, organisation=world.school_a)],
        "candidates": [world.tutor, world.member],
        "organisations": Organisation.objects.visible_to(world.coordinator),
        "budget": SubstituteBudgetFactory(school=world.school_a),
        "available": Decimal("100.00"),
        "tutors": [world.tutor],
        "survey": (survey := _survey_of_every_kind(world)),
        "surveys": [survey],  # evaluation's LinkForm: the surveys one may link
        "units": [world.school_a, world.school_b],  # tutoring impact: the units to choose
        "networks": [world.network],  # a programme's or a workshop's network to choose
        **_programme_arguments(world),
    }


def _programme_arguments(world: Any) -> dict[str, Any]:
    """A programme asking two criteria, an application to it and the people a manager may
    apply for (the programmes' application and decision forms)."""
    from tests.programmes.applications_setup import applicant, open_programme

    programme = open_programme(world, criteria=["Tehtäväsi?", "Montako asiakasta?"])
    participant = applicant(programme, world.member, world.school_a)
    return {
        "programme": programme,
        "programmes": [programme],  # the funder report: the programmes one may choose
        "participant": participant,
        "people": [world.member, world.tutor],
        "ready": [participant],  # completion's ConfirmForm: who may be confirmed
    }


def _survey_of_every_kind(world: Any) -> Any:
    """A survey with a question of every kind (the answer form builds a field per question)."""
    from tests.surveys.factories import QuestionFactory, SectionFactory, SurveyFactory
    from tutori.surveys.models import Question

    survey = SurveyFactory(organisation=world.oulu)
    section = SectionFactory(survey=survey)
    for kind in Question.Kind.values:
        QuestionFactory(
            survey=survey,
            section=section,
            kind=kind,
            key=kind,
            required=kind == "likert",
            choices=["a", "b"] if kind in ("single", "multiple") else [],
            number_min=0 if kind == "number" else None,
        )
    return survey


def build(form_class: type[forms.BaseForm], arguments: dict[str, Any], data: Any = None) -> Any:
    parameters = inspect.signature(form_class.__init__).parameters
    kwargs = {name: arguments[name] for name in parameters if name in arguments}
    missing = [
        name
        for name, parameter in parameters.items()
        if parameter.kind == parameter.KEYWORD_ONLY
        and parameter.default is parameter.empty
        and name not in arguments
    ]
    assert not missing, f"{form_class.__name__}: give the fixture a plausible {missing}"
    form: Any = form_class(data=data, files=MultiValueDict(), **kwargs)
    if hasattr(form, "set_choices"):
        form.set_choices(
            list(Organisation.objects.visible_to(arguments["user"])), arguments["topics"]
        )
    if hasattr(form, "set_tutors"):
        form.set_tutors(arguments["tutors"])
    return form


def _check_what_passes(form: Any) -> None:
    for name, field in form.fields.items():
        value = form.cleaned_data.get(name)
        if isinstance(field, SingleLineTextField) and isinstance(value, str):
            assert text_problem(value, multiline=field.multiline) is None, (name, value)
        if isinstance(field, BoundedDateField) and isinstance(value, date):
            assert field.bounds.contains(value), (name, value)


@pytest.mark.parametrize("form_class", FORMS, ids=lambda f: f"{f.__module__}.{f.__name__}")
def test_every_form_answers_odd_input_with_validation_errors(form_class, arguments):
    fields = build(form_class, arguments).fields

    @FAST
    @given(st.data())
    def check(draw: st.DataObject) -> None:
        data = MultiValueDict()
        for name, field in fields.items():
            value = draw.draw(plausible_value(name, field), label=name)
            if value is None:
                continue
            data.setlist(name, value if isinstance(value, list) else [value])
        form = build(form_class, arguments, data)
        valid = form.is_valid()
        assert isinstance(valid, bool)
        if valid:
            _check_what_passes(form)

    check()


@pytest.mark.parametrize("form_class", FORMS, ids=lambda f: f"{f.__module__}.{f.__name__}")
def test_every_text_and_date_field_follows_the_rules_of_core(form_class, arguments):
    form = build(form_class, arguments)
    for name, field in form.fields.items():
        if type(field) is forms.CharField:
            assert name in RAW_TEXT_FIELDS, f"{form_class.__name__}.{name}: use a core text field"
        if isinstance(field, forms.DateField):
            assert isinstance(field, BoundedDateField), f"{form_class.__name__}.{name}"
        if isinstance(field, forms.DecimalField):
            # Money and decimals are read as the app shows them ("1 200,50").
            assert isinstance(field, DecimalInputField), f"{form_class.__name__}.{name}"


# --- The roster import's row check ----------------------------------------------------------

ROSTER_HEADER = ["name", "email", "organisation", "role", "phone", "language"]
cells = st.one_of(texts, numbers, dates, st.sampled_from(["Koulu A", "member", "fi", "a@b.fi"]))


@FAST
@given(rows=st.lists(st.lists(cells, min_size=0, max_size=7), min_size=1, max_size=5))
def test_the_roster_check_answers_odd_rows_with_line_problems(world, rows):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows([ROSTER_HEADER, *rows])
    data = buffer.getvalue().encode("utf-8", "surrogatepass")
    check = roster.roster_check(by=world.coordinator, filename="lista.csv", data=data)
    for row in check.rows:
        assert text_problem(row["name"]) is None and text_problem(row["phone"]) is None


# --- The pages that write -------------------------------------------------------------------
# Each request is a plausible, mostly valid form with one or two fields replaced by odd input,
# so that the odd input reaches the services and the database, not only the first check.

TODAY = timezone.localdate()


def _days(start: int, end: int) -> st.SearchStrategy[str]:
    return st.one_of(
        st.dates(TODAY + timedelta(days=start), TODAY + timedelta(days=end)),
        st.sampled_from(CLOCK_CHANGES),
    ).map(date.isoformat)


words = st.text(st.characters(categories=("L", "N"), exclude_characters="\x00"), min_size=1)
hours = st.builds(time, st.integers(1, 21), st.sampled_from([0, 10, 30, 45])).map(
    lambda t: t.strftime("%H:%M")
)


def good_values(world: Any) -> dict[str, st.SearchStrategy[Any]]:
    """A valid value for every field the pages below post."""
    return {
        "display_name": words,
        "phone": st.from_regex(r"\A\+?[0-9 ]{5,15}\Z"),
        "preferred_language": st.sampled_from(["fi", "sv", "en"]),
        "email": st.integers(1, 10**6).map(lambda n: f"henkilo{n}@example.fi"),
        "role": st.sampled_from(["member", "tutor"]),
        "day": _days(1, 700),
        "start": hours,
        "end": hours,
        "organisation": st.just(str(world.school_a.pk)),
        "school": st.just(str(world.school_a.pk)),
        "mode": st.sampled_from(["individual", "group"]),
        "capacity": st.integers(1, 200).map(str),
        "place": st.sampled_from(["on_site", "remote"]),
        "location": words,
        "note": words,
        "weekday": st.integers(0, 6).map(str),
        "duration_minutes": st.integers(15, 480).map(str),
        "first_date": _days(-300, 300),
        "until": _days(0, 700),
        "exceptions": st.just(""),
        "publish_on_days_off": st.sampled_from(["on", ""]),
        "scope": st.sampled_from(["one", "following"]),
        "date": st.dates(TODAY - timedelta(days=300), TODAY).map(date.isoformat),
        "participant_count": st.integers(1, 500).map(str),
        "during_lessons": st.sampled_from(["on", ""]),
        "topic": st.just(""),
        "name": words,
        "description": words,
        "languages": words,
        "term": words,
        "starts_on": st.dates(date(2000, 1, 1), date(2100, 12, 31)).map(date.isoformat),
        "ends_on": st.dates(date(2000, 1, 1), date(2100, 12, 31)).map(date.isoformat),
        "amount": st.one_of(
            st.decimals(0, 10**7, places=2).map(lambda d: str(d).replace(".", ",")),
            # As the app shows it: thousands grouped by a non-breaking space.
            st.decimals(0, 10**7, places=2).map(lambda d: f"{d:,}".replace(",", "\u00a0")),
        ),
        "need": words,
        "reason": words,
        # Query parameters
        "q": words,
        "tutor": st.just(""),
        "page": st.integers(-5, 10**20).map(str),
        "group": st.sampled_from(["school", "topic", "month"]),
        "format": st.sampled_from(["", "csv", "xlsx"]),
        "week": _days(-400, 800),
        "status": st.sampled_from(["active", "ended", "all"]),
        "sub": st.sampled_from(["on", ""]),
        # Surveys
        "title": words,
        "title_sv": words,
        "purpose": st.sampled_from(["needs", "feedback", "other"]),
        "anonymous": st.sampled_from(["1", "0"]),
        "opens_on": _days(-30, 300),
        "closes_on": _days(0, 400),
        "kind": st.sampled_from(["likert", "grade", "single", "multiple", "text", "number"]),
        "text": words,
        "text_sv": words,
        "help_text": words,
        "scale_labels": st.lists(words, min_size=2, max_size=10).map("\n".join),
        "choices": st.lists(words, min_size=2, max_size=6).map("\n".join),
        "choices_sv": st.lists(words, max_size=6).map("\n".join),
        "number_min": st.integers(-100, 0).map(str),
        "number_max": st.integers(0, 10**9).map(str),
        # Programmes' applications
        "motivation": words,
        "answer_0": words,
        "decision": st.sampled_from(["accept", "waitlist", "decline"]),
        "message": words,
    }


def mostly_valid(world: Any, names: list[str]) -> st.SearchStrategy[dict[str, Any]]:
    good = good_values(world)

    @st.composite
    def build(draw: Any) -> dict[str, Any]:
        values = {name: draw(good[name], label=name) for name in names}
        if "end" in values:  # a time that ends after it starts, often across 3–4 at night
            start = time.fromisoformat(values["start"])
            minutes = start.hour * 60 + start.minute + draw(st.integers(15, 240), label="length")
            values["end"] = f"{min(minutes // 60, 23):02d}:{minutes % 60:02d}"
        for name in draw(st.sets(st.sampled_from(names), max_size=2), label="odd fields"):
            values[name] = draw(sendable, label=f"odd {name}")
        return values

    return build()


def _query(fields: dict[str, Any]) -> str:
    return urlencode(list(fields.items()))


WRITES = {
    # who posts, to which page (and the objects in its address), which fields
    "profile": ("member", "accounts:profile", [], ["display_name", "phone", "preferred_language"]),
    "invite": ("coordinator", "orgs:invite", ["school_a"], ["display_name", "email", "role"]),
    "slot": (
        "tutor",
        "tutoring:slot_new",
        [],
        ["day", "start", "end", "organisation", "mode", "capacity", "place", "location", "note"],
    ),
    "series": (
        "tutor",
        "tutoring:series_new",
        [],
        [
            *("weekday", "start", "duration_minutes", "first_date", "until", "exceptions"),
            *("organisation", "mode", "capacity", "place", "location", "note"),
            "publish_on_days_off",
        ],
    ),
    "changing a time": (
        "tutor",
        "tutoring:slot_edit",
        ["slot"],
        ["scope", "day", "start", "end", "place", "location", "capacity"],
    ),
    "school break": ("coordinator", "tutoring:breaks", [], ["name", "starts_on", "ends_on"]),
    "log": (
        "tutor",
        "tutoring:log_new",
        [],
        [
            *("date", "duration_minutes", "organisation", "mode", "place", "participant_count"),
            *("note", "during_lessons", "topic"),
        ],
    ),
    "topic": ("coordinator", "tutoring:topics", [], ["organisation", "name", "description"]),
    "budget": (
        "coordinator",
        "tutoring:budget_new",
        [],
        ["school", "term", "starts_on", "ends_on", "amount"],
    ),
    "tutor profile": ("tutor", "tutoring:profile", [], ["description", "languages"]),
    "booking": ("member", "tutoring:book", ["slot"], ["topic", "need"]),
    "cancelling a time": ("tutor", "tutoring:slot_cancel", ["slot"], ["reason"]),
    "survey": (
        "coordinator",
        "surveys:new",
        [],
        [
            *("organisation", "title", "description", "purpose", "anonymous"),
            *("opens_on", "closes_on", "title_sv"),
        ],
    ),
    "survey question": (
        "coordinator",
        "surveys:question_new",
        ["survey"],
        [
            *("kind", "text", "help_text", "scale_labels", "choices"),
            *("number_min", "number_max", "text_sv", "choices_sv"),
        ],
    ),
    "programme": (
        "coordinator",
        "programmes:new",
        [],
        ["organisation", "name", "description", "starts_on", "ends_on", "capacity"],
    ),
    "application": ("member", "programmes:apply", ["open_programme"], ["motivation", "answer_0"]),
    "decision": ("coordinator", "programmes:application", ["application"], ["decision", "message"]),
}
READS = {
    "catalogue": ("member", "tutoring:catalogue", [], ["q", "day", "topic", "tutor", "page"]),
    "report": ("coordinator", "tutoring:report_hours", [], ["group", "start", "end", "format"]),
    "week": ("tutor", "tutoring:week", [], ["week"]),
    "own times": ("tutor", "tutoring:availability", [], ["week"]),
    "people": ("coordinator", "orgs:people", ["oulu"], ["q", "role", "status", "sub"]),
    "surveys": ("coordinator", "surveys:list", [], ["q", "status", "page"]),
    "programmes": ("member", "programmes:list", [], ["q", "status", "page"]),
    "applications": (
        "coordinator",
        "programmes:applications",
        ["open_programme"],
        ["q", "status", "page"],
    ),
    "enrol search": ("coordinator", "programmes:enrol", ["open_programme"], ["q"]),
}


def _url(world: Any, name: str, objects: list[str]) -> str:
    args = []
    for attribute in objects:
        if attribute == "slot":
            args.append(SlotFactory(tutor=world.tutor, organisation=world.school_a, group=True).pk)
        elif attribute == "survey":
            from tests.surveys.factories import SurveyFactory

            args.append(SurveyFactory(organisation=world.oulu).pk)
        elif attribute in ("open_programme", "application"):
            from tests.programmes.applications_setup import applicant, open_programme

            programme = open_programme(world)
            if attribute == "application":
                args.append(applicant(programme, world.member, world.school_a).pk)
            else:
                args.append(programme.pk)
        else:
            args.append(getattr(world, attribute).pk)
    return reverse(name, args=args)


@pytest.mark.parametrize("write", WRITES.values(), ids=WRITES.keys())
def test_posting_odd_input_to_the_pages_that_write_never_fails(client, world, write):
    role, url_name, objects, names = write
    url = _url(world, url_name, objects)
    client.force_login(getattr(world, role))

    @FAST
    @given(mostly_valid(world, names))
    def check(fields: dict[str, Any]) -> None:
        body = _query(fields)
        response = client.post(url, body, content_type="application/x-www-form-urlencoded")
        assert response.status_code < 500

    check()


@pytest.mark.parametrize("read", READS.values(), ids=READS.keys())
def test_odd_query_parameters_never_fail(client, world, read):
    role, url_name, objects, names = read
    url = _url(world, url_name, objects)
    client.force_login(getattr(world, role))

    @FAST
    @given(mostly_valid(world, names), st.booleans())
    def check(fields: dict[str, Any], htmx: bool) -> None:
        headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
        response = client.get(f"{url}?{_query(fields)}", **headers)
        assert response.status_code < 500

    check()
