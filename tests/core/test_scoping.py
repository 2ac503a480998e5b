"""The safety net of organisation-owned data: every scoped model answers only through
visible_to(user) or inside scopes_disabled(), and the places that use the escape hatch are
listed here with their reason. A new use fails this test until it is listed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.db import models

from tutori.core.scoping import (
    ScopedModel,
    ScopeError,
    registered_rules,
    scoped_models,
    scopes_disabled,
)

TUTORI = Path(__file__).resolve().parents[2] / "tutori"

# Module (relative to tutori/) -> why it may act without a person's scope.
ESCAPE_HATCH = {
    "core/scoping.py": "defines it",
    "core/management/commands/demo_data.py": "loads the demo as the system",
    "core/management/commands/generate.py": "writes the benchmark's data as the system",
    "core/tasks.py": "a notification event builds its mails as the system, by the ids it was given",
    "orgs/demo.py": "the demo loader",
    "orgs/generate.py": "the benchmark generator",
    "tutoring/demo.py": "the demo loader",
    "surveys/instruments.py": "built-in instruments belong to no organisation (after migrate)",
    "surveys/demo.py": "the demo loader",
    "surveys/generate.py": "the benchmark generator",
    "surveys/services/plan.py": "a closed survey's answers are counted once for all its schools",
    "tutoring/topics_source.py": (
        "a survey's own organisation's topics and tutors; the caller checks the permission"
    ),
    "tutoring/generate.py": "the benchmark generator",
    "orgs/models.py": "Organisation.save rewrites the paths of a moved subtree",
    "orgs/roster.py": "an import plans against every open role of the people it names",
    "orgs/services.py": "open-role checks and invitation tokens (the holder has no scope)",
    "orgs/selectors.py": "a network's member names are shown to whoever sees the network",
    "accounts/calendar.py": "the feed token is the credential of a caller without a session",
    "core/personal_data.py": "a person's own data in every organisation, to export or erase",
    "core/export_jobs.py": (
        "an export job is its requester's own (ExportJob, scoped to the requester); the worker "
        "claims it, records its progress and prunes expired ones on no person's request, and "
        "builds the file as the requester, through the exporter's own scoped reads"
    ),
    "tutoring/services/booking.py": "seat claims, waiting lists and rules act after the check",
    "tutoring/services/budget.py": "a budget's fresh balance while a spend is written",
    "tutoring/services/vocabulary.py": "unique topic names",
    "tutoring/services/named_tutors.py": "the one named tutor of a school",
    "tutoring/services/policy.py": (
        "booking rules inherited from organisations above; an organisation's one rule set"
    ),
    "tutoring/services/availability.py": "overlap checks and cancelling a time's bookings",
    "tutoring/services/log.py": "a booking is logged once",
    "tutoring/services/breaks.py": "the breaks above a unit apply to its weekly times",
    "tutoring/services/series.py": "changing and cancelling the times of a series and its bookings",
    "tutoring/tasks.py": "reminders are sent by the scheduler, on no person's request",
    "surveys/services/distribution.py": (
        "a send or reminder job runs on no person's request; one address once per survey"
    ),
    "surveys/services/respond.py": "the personal link's token is the credential, no session",
    "surveys/services/builder.py": (
        "whether anyone answered fixes a survey's questions, whoever may read the answers"
    ),
    "surveys/tasks.py": "mails and the schedule run on no person's request",
    "programmes/selectors/programmes.py": (
        "a visible programme's own sessions, materials and hosts; a network's staff offered "
        "as trainers"
    ),
    "programmes/services/programmes.py": "a programme's own rows while its coordinator plans it",
    "programmes/services/participation.py": (
        "a participant's or programme's own rows, re-read under a lock or claimed by a "
        "conditional update, after the view checked the person may act"
    ),
    "programmes/services/completion.py": (
        "confirming, leaving and inviting write the programme's own rows and grant a "
        "membership as the system, after the view checked the coordinator's right"
    ),
    "programmes/selectors/participation.py": (
        "the sessions and assignments of a programme the caller sees"
    ),
    "programmes/selectors/completion.py": (
        "the funnel of a programme the caller sees, and the public certificate check by its "
        "unguessable code (which shows only validity)"
    ),
    "programmes/permissions.py": (
        "one's own participations, chosen by person: the participants' rule always shows "
        "a signed-in person their own rows"
    ),
    "programmes/calendar.py": "the feed token is the credential: the person's own programmes",
    "programmes/demo.py": "the demo loader",
    "programmes/generate.py": "the benchmark generator",
    "programmes/cohorts.py": (
        "a cohort's people, for a survey's audience the caller checked it may address"
    ),
    "programmes/services/enrolment.py": (
        "places, waiting lists and eligibility act after the check (the programme's row lock)"
    ),
    "programmes/selectors/applications.py": (
        "a place in the waiting list counts others' rows; a visible programme's counts by "
        "state and the organisations its people may come from"
    ),
    "programmes/milestones.py": "whether a person completed a programme, for their own path",
    "surveys/milestones.py": (
        "whether a person answered a survey (its date; an anonymous one: the link's), for their "
        "own path"
    ),
    "surveys/answer_cohorts.py": (
        "the people who chose an answer in an identified survey, listed to those who may read "
        "every answer of it"
    ),
    "paths/services/people.py": (
        "putting people on a path and choosing its coach: the people and coaches of the "
        "template's organisation (and above it), after the service checked the right to act"
    ),
    "paths/services/schedule.py": (
        "a person's own path's steps, dated and completed by milestones as the system, after "
        "the view checked the right to act"
    ),
    "paths/permissions.py": (
        "one's own and coached paths (always one's own rows); an organisation's note policy"
    ),
    "evaluation/demo.py": "the demo loader",
    "evaluation/generate.py": "the benchmark generator",
    "evaluation/selectors/prepost.py": (
        "the answers of a programme's pre and post surveys, whose participants come from many "
        "organisations, counted for a reader the view checked may read its reports"
    ),
    "evaluation/selectors/feedback.py": (
        "the feedback survey's answers of a programme whose reports the view checked the "
        "reader may read"
    ),
    "evaluation/selectors/attrition.py": (
        "the funnel of a programme whose reports the reader may read: its participants come "
        "from many organisations"
    ),
    "evaluation/selectors/funder.py": (
        "a programme's held meetings and evaluation, for a reader the view checked may read "
        "its funder report"
    ),
    "paths/services/templates.py": (
        "a template's versions, steps and whether anyone follows a version, written by its "
        "organisation's coordinator after the view checked the right to act"
    ),
    "paths/tasks.py": "step reminders are sent by the scheduler, on no person's request",
    "paths/demo.py": "the demo loader",
    "paths/generate.py": "the benchmark generator",
    "workshops/demo.py": "the demo loader",
    "workshops/generate.py": "the benchmark generator",
    "workshops/permissions.py": (
        "whether the signed-in person joined a workshop (their own participant row)"
    ),
    "workshops/services/workshops.py": (
        "a workshop's own rows, locked while its facilitator (checked first) changes them"
    ),
    "workshops/services/grouping.py": (
        "a question's own ideas and themes, locked while its facilitator (checked first) "
        "groups them"
    ),
    "workshops/services/participation.py": (
        "a join code or a participant's session key is the credential (no account needed); "
        "a participant's own ideas and votes under the question's lock"
    ),
    "workshops/services/follow_up.py": (
        "a theme's follow-up work, locked while its facilitator (checked first) adds to it; "
        "who may own a task: the people of the workshop's organisation, also for a tutor who "
        "sees no memberships"
    ),
    "workshops/calendar.py": "a person's own workshops (made or joined) for their feed",
    "workshops/selectors.py": (
        "the rows of a workshop the caller was let into (facilitator, archive reader or a "
        "participant found by account or session key, who may have no account); the networks "
        "the facilitator's organisations are in, offered on the workshop's form"
    ),
    "evaluation/selectors/index.py": (
        "how many answered each survey of the programmes the caller manages or steers (counts, "
        "never answers)"
    ),
    "evaluation/services/link.py": (
        "the surveys named by id are checked against the organiser and the surveys.edit rule; "
        "one evaluation per programme, after the service checked the right to link"
    ),
    "evaluation/services/invite.py": (
        "the evaluations' invitations are sent by the scheduler, on no person's request"
    ),
    "tutoring/services/profile.py": "the tutor's own profile",
    "tutoring/selectors/booking.py": "a place in the waiting list counts others' rows",
    "tutoring/selectors/named_tutors.py": "who tutors above the coordinator's reach",
    "tutoring/selectors/profile.py": "the names of the municipality's schools for a tutor",
    "tutoring/selectors/policy.py": "booking rules apply to whoever books, not only to those "
    "who may read the rule rows",
}


def _modules_using(pattern: str) -> set[str]:
    found = set()
    for path in TUTORI.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        if re.search(pattern, path.read_text(encoding="utf-8")):
            found.add(path.relative_to(TUTORI).as_posix())
    return found


def test_only_the_listed_modules_use_the_escape_hatch():
    using = _modules_using(r"scopes_disabled\(")
    assert using - set(ESCAPE_HATCH) == set(), "unlisted use of scopes_disabled()"
    assert set(ESCAPE_HATCH) - using == set(), "listed but no longer used: remove the entry"


def test_app_code_never_names_the_plain_manager():
    assert _modules_using(r"\b_default_manager\b|\b_base_manager\b") == set()
    assert _modules_using(r"\binternal_objects\b") == {"core/scoping.py"}


def test_every_model_with_an_organisation_is_scoped():
    """A model with a foreign key to Organisation belongs to one: it must be scoped."""
    from tutori.orgs.models import Organisation

    unscoped = []
    for model in apps.get_models():
        if not model.__module__.startswith("tutori."):
            continue
        links = [
            f
            for f in model._meta.get_fields()
            if isinstance(f, models.ForeignKey | models.OneToOneField | models.ManyToManyField)
            and f.related_model is Organisation
            and not f.auto_created
        ]
        if links and not issubclass(model, ScopedModel):
            unscoped.append(model.__name__)
    assert unscoped == []


@pytest.mark.parametrize("model", scoped_models(), ids=lambda m: m.__name__)
def test_every_scoped_model_has_a_visibility_rule_and_a_plain_default_manager(model):
    assert (model, "view") in registered_rules()
    assert model._default_manager.name == "internal_objects"
    assert model._base_manager.__class__ is models.Manager


@pytest.mark.parametrize("model", scoped_models(), ids=lambda m: m.__name__)
def test_a_query_that_forgets_its_scope_raises(db, model):
    with pytest.raises(ScopeError):
        model.objects.filter(pk=1)
    with pytest.raises(ScopeError):
        model.objects.count()
    with scopes_disabled():
        assert model.objects.filter(pk=-1).count() == 0
    assert list(model.objects.none()) == []


@pytest.mark.parametrize("model", scoped_models(), ids=lambda m: m.__name__)
def test_anonymous_visitors_see_no_rows(db, model):
    from django.contrib.auth.models import AnonymousUser

    assert list(model.objects.visible_to(AnonymousUser())) == []


def test_scope_path_names_a_real_lookup(db):
    for model in scoped_models():
        model.internal_objects.filter(**{f"{model.scope_path}__isnull": False}).exists()
