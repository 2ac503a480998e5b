"""Part A: linking a programme's pre, post and feedback surveys — what is refused (with a
clear message, nothing changed) and what is warned about."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tests.evaluation.link_setup import fresh, link_all, linkable, make_survey
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.surveys.factories import SurveyFactory
from tests.writes import nothing_changes
from tutori.core.errors import ApplicationError, PermissionDeniedError
from tutori.core.scoping import scopes_disabled
from tutori.evaluation.models import ProgrammeEvaluation
from tutori.evaluation.services.link import (
    evaluation_link,
    evaluation_survey_create,
    link_warnings,
    same_instrument,
)
from tutori.programmes.models import Programme
from tutori.surveys.models import Purpose, Survey


def _link(world, setup, *, pre=None, post=None, feedback=None, by=None):  # type: ignore[no-untyped-def]
    return evaluation_link(
        by=by or world.coordinator,
        programme=setup.programme,
        pre_id=pre.pk if pre is not None else None,
        post_id=post.pk if post is not None else None,
        feedback_id=feedback.pk if feedback is not None else None,
    )


def _refused(world, setup, message, by=None, **chosen):  # type: ignore[no-untyped-def]
    with nothing_changes(), pytest.raises(ApplicationError) as error:
        _link(world, setup, by=by, **chosen)
    assert message in str(error.value.message)


def test_the_coordinator_links_pre_post_and_feedback(world):
    setup = linkable(world)
    evaluation = _link(world, setup, pre=setup.pre, post=setup.post, feedback=setup.feedback)
    got = fresh(evaluation)
    assert (got.pre_survey, got.post_survey, got.feedback_survey) == (
        setup.pre,
        setup.post,
        setup.feedback,
    )
    assert got.created_by == world.coordinator
    # Changing one keeps the evaluation (one per programme) and may clear a choice.
    _link(world, setup, pre=setup.pre, post=setup.post)
    with scopes_disabled():
        assert ProgrammeEvaluation.objects.filter(programme=setup.programme).count() == 1
    assert fresh(evaluation).feedback_survey is None


def test_pre_and_post_may_not_be_the_same_survey(world):
    setup = linkable(world)
    _refused(world, setup, "eivät voi olla sama kysely", pre=setup.pre, post=setup.pre)


def test_pre_and_post_of_different_instruments_are_refused(world):
    setup = linkable(world)
    other = make_survey(world, "feedback", "Väärä mittari")
    with scopes_disabled():
        Survey.objects.filter(pk=other.pk).update(purpose=Purpose.SELF_ASSESSMENT)
    _refused(world, setup, "samasta mittarista", pre=setup.pre, post=other)
    # A survey made without an instrument pairs with nothing.
    plain = SurveyFactory(organisation=world.oulu, purpose=Purpose.SELF_ASSESSMENT)
    assert plain.instrument_id is None
    _refused(world, setup, "samasta mittarista", pre=setup.pre, post=plain)


def test_an_organisations_copy_of_the_instrument_pairs_with_the_instrument(world):
    setup = linkable(world)
    with scopes_disabled():
        copy = SurveyFactory(
            organisation=world.oulu, is_instrument=True, instrument_id=setup.pre.instrument_id
        )
    from_copy = SurveyFactory(organisation=world.oulu, instrument_id=copy.pk)
    assert same_instrument(setup.pre, from_copy) and same_instrument(from_copy, setup.pre)
    evaluation = _link(world, setup, pre=setup.pre, post=from_copy)
    assert fresh(evaluation).post_survey == from_copy


def test_only_a_feedback_survey_is_the_feedback(world):
    setup = linkable(world)
    _refused(world, setup, "tarkoitus on palaute", feedback=setup.pre)


def test_a_survey_of_another_organisation_is_refused_never_an_error(world):
    setup = linkable(world)
    kemi = make_survey(world, "pre", "Kemin kysely", organisation=world.kemi, by=world.outsider)
    _refused(world, setup, "järjestäjän", pre=kemi)
    # A school's survey (below the organiser) is not the organiser's either.
    school = make_survey(world, "pre", "Koulun kysely", organisation=world.school_a)
    _refused(world, setup, "järjestäjän", pre=school)
    # Ids that name nothing, or an instrument, are refused the same way.
    with nothing_changes(), pytest.raises(ApplicationError):
        evaluation_link(
            by=world.coordinator,
            programme=setup.programme,
            pre_id=2**62,
            post_id=None,
            feedback_id=None,
        )
    with nothing_changes(), pytest.raises(ApplicationError):
        _link(world, setup, pre=setup.pre.instrument)


def test_a_survey_of_the_organisation_above_is_offered(world):
    """A programme of Koulu A may use its municipality's survey (the coordinator of Oulu
    builds surveys there)."""
    setup = linkable(world)
    with scopes_disabled():
        Programme.objects.filter(pk=setup.programme.pk).update(organisation=world.school_a)
        setup.programme.refresh_from_db()
    evaluation = _link(world, setup, pre=setup.pre)
    assert fresh(evaluation).pre_survey == setup.pre


def test_a_survey_of_another_programmes_evaluation_is_refused(world):
    setup = linkable(world)
    other = linkable(world)
    _link(world, other, pre=setup.pre)
    _refused(world, setup, "toisen koulutuksen arvioinnissa", pre=setup.pre)


def test_a_survey_whose_invitations_went_is_not_changed(world):
    setup = linkable(world)
    evaluation = link_all(setup, world.coordinator)
    with scopes_disabled():
        ProgrammeEvaluation.objects.filter(pk=evaluation.pk).update(pre_sent_at=timezone.now())
    another = make_survey(world, "pre", "Toinen alkuarviointi")
    _refused(
        world,
        setup,
        "Alkuarvioinnin kutsut on jo lähetetty",
        pre=another,
        post=setup.post,
        feedback=setup.feedback,
    )
    # The others may still change.
    _link(world, setup, pre=setup.pre, post=setup.post)
    assert fresh(evaluation).feedback_survey is None


def test_only_who_manages_the_programme_links(world):
    setup = linkable(world)
    steerer = UserFactory()
    setup.programme.steering_group.add(steerer)
    for person in (world.manager, world.outsider, steerer):
        with nothing_changes(), pytest.raises(PermissionDeniedError):
            _link(world, setup, pre=setup.pre, by=person)


def test_a_cancelled_programme_is_not_changed(world):
    setup = linkable(world, status=Programme.Status.CANCELLED)
    _refused(world, setup, "peruttu", pre=setup.pre)


def test_another_coordinators_choice_stays_when_one_changes_the_others(world):
    """A survey of Oulu linked by Oulu's coordinator stays when a coordinator of the school
    (the organiser), who cannot edit Oulu's surveys, changes the feedback survey."""
    setup = linkable(world)
    with scopes_disabled():
        Programme.objects.filter(pk=setup.programme.pk).update(organisation=world.school_a)
        setup.programme.refresh_from_db()
    _link(world, setup, pre=setup.pre, post=setup.post)
    school_coordinator = UserFactory()
    MembershipFactory(user=school_coordinator, organisation=world.school_a, coordinator=True)
    feedback = make_survey(world, "feedback", "Koulun palaute", organisation=world.school_a)
    evaluation = _link(
        world,
        setup,
        pre=setup.pre,
        post=setup.post,
        feedback=feedback,
        by=school_coordinator,
    )
    assert fresh(evaluation).feedback_survey == feedback
    # But they cannot choose another of Oulu's surveys.
    oulu_feedback = setup.feedback
    _refused(
        world,
        setup,
        "järjestäjän",
        by=school_coordinator,
        pre=setup.pre,
        post=setup.post,
        feedback=oulu_feedback,
    )


def test_anonymous_pre_or_post_is_warned_about(world):
    setup = linkable(world)
    with scopes_disabled():
        Survey.objects.filter(pk=setup.post.pk).update(anonymous=True)
    evaluation = _link(world, setup, pre=setup.pre, post=setup.post)
    with scopes_disabled():
        evaluation = ProgrammeEvaluation.objects.select_related(
            "pre_survey", "post_survey", "feedback_survey"
        ).get(pk=evaluation.pk)
    warnings = link_warnings(programme=setup.programme, evaluation=evaluation)
    assert any("nimetön" in w and "ei voi yhdistää" in w for w in warnings)


def test_creating_from_the_instrument_makes_pairing_drafts(world):
    setup = linkable(world)
    pre = evaluation_survey_create(by=world.coordinator, programme=setup.programme, kind="pre")
    post = evaluation_survey_create(by=world.coordinator, programme=setup.programme, kind="post")
    feedback = evaluation_survey_create(
        by=world.coordinator, programme=setup.programme, kind="feedback"
    )
    assert pre.status == post.status == feedback.status == Survey.Status.DRAFT
    assert pre.organisation == world.oulu and "Tutoropettajien koulutus" in pre.title
    assert same_instrument(pre, post) and feedback.purpose == Purpose.FEEDBACK
    with scopes_disabled():
        evaluation = ProgrammeEvaluation.objects.get(programme=setup.programme)
    assert (evaluation.pre_survey_id, evaluation.post_survey_id, evaluation.feedback_survey_id) == (
        pre.pk,
        post.pk,
        feedback.pk,
    )
    with nothing_changes(), pytest.raises(ApplicationError):
        evaluation_survey_create(by=world.coordinator, programme=setup.programme, kind="pre")
    with nothing_changes(), pytest.raises(ApplicationError):
        evaluation_survey_create(by=world.coordinator, programme=setup.programme, kind="x")


def test_the_post_is_made_from_the_pres_own_instrument(world):
    setup = linkable(world)
    with scopes_disabled():
        own = SurveyFactory(organisation=world.oulu, is_instrument=True)
    from tests.surveys.factories import QuestionFactory

    QuestionFactory(survey=own, key="oma1", likert=True)
    pre = SurveyFactory(organisation=world.oulu, instrument_id=own.pk, anonymous=False)
    _link(world, setup, pre=pre)
    post = evaluation_survey_create(by=world.coordinator, programme=setup.programme, kind="post")
    assert post.instrument_id == own.pk


def test_unused_organisation_is_harmless(world):
    # An organisation of its own with a coordinator sees nothing of Oulu's programme.
    other = OrganisationFactory(name="Muu")
    coordinator = UserFactory()
    MembershipFactory(user=coordinator, organisation=other, coordinator=True)
    setup = linkable(world)
    with nothing_changes(), pytest.raises(PermissionDeniedError):
        _link(world, setup, pre=setup.pre, by=coordinator)
