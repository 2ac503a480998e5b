"""Tutoring's topic source as surveys see it through the registry: the topics usable in an
organisation and who offers them to a school (named tutor first, only published profiles,
never another municipality's topics)."""

from __future__ import annotations

import pytest
from django.utils import translation

from tests.factories import TopicFactory, UserFactory
from tutori.core.registry import topic_source
from tutori.tutoring.models import NamedTutor, TutorProfile

pytestmark = pytest.mark.django_db


def _profile(user, organisation, topics, *, schools=(), published=True):
    profile = TutorProfile._default_manager.create(
        user=user, organisation=organisation, is_published=published
    )
    profile.topics.set(topics)
    profile.schools.set(schools)
    return profile


def test_tutoring_declares_its_topics_in_the_registry():
    source = topic_source()
    assert source is not None and source.key == "tutoring.topics"


def test_topics_are_those_of_the_organisation_and_above_in_the_active_language(world):
    own = TopicFactory(organisation=world.oulu, name="Arviointi", name_sv="Bedömning")
    TopicFactory(organisation=world.kemi, name="Kemin aihe")
    TopicFactory(organisation=world.oulu, name="Vanha", is_active=False)
    school_topic = TopicFactory(organisation=world.school_a, name="Koulun oma")
    source = topic_source()
    assert source.topics(world.school_a.pk) == [
        (own.pk, "Arviointi"),
        (school_topic.pk, "Koulun oma"),
    ]
    assert source.topics(world.school_b.pk) == [(own.pk, "Arviointi")]
    with translation.override("sv"):
        assert source.topics(world.oulu.pk) == [(own.pk, "Bedömning")]


def test_offers_list_the_named_tutor_first_and_only_published_profiles(world):
    topic = TopicFactory(organisation=world.oulu, name="Digipedagogiikka")
    first = UserFactory(display_name="Aapo Aalto")
    hidden = UserFactory(display_name="Piilo Profiili")
    _profile(first, world.oulu, [topic])
    _profile(world.tutor, world.school_a, [topic])
    _profile(hidden, world.oulu, [topic], published=False)
    NamedTutor._default_manager.create(school=world.school_a, tutor=world.tutor)
    offered = topic_source().offers(world.school_a.pk, [topic.pk])[topic.pk]
    assert [(o.name, o.named) for o in offered] == [("Tiina Tutor", True), ("Aapo Aalto", False)]
    assert offered[0].url == f"/tutoring/?tutor={world.tutor.pk}"
    assert offered[0].email == "tutor@example.fi"


def test_a_school_is_offered_tutors_of_its_own_municipality_or_serving_it(world):
    topic = TopicFactory(organisation=world.oulu, name="Arviointi")
    other_school = UserFactory(display_name="Bertta B")
    serving = UserFactory(display_name="Cecilia Kemi")
    _profile(other_school, world.school_b, [topic])
    _profile(serving, world.kemi, [topic], schools=[world.school_a])
    offered = topic_source().offers(world.school_a.pk, [topic.pk])[topic.pk]
    assert [o.name for o in offered] == ["Cecilia Kemi"]


def test_another_municipalitys_topics_are_not_offered_and_gaps_are_empty(world):
    kemi_topic = TopicFactory(organisation=world.kemi, name="Kemin aihe")
    gap = TopicFactory(organisation=world.oulu, name="Kukaan ei tarjoa")
    _profile(world.outsider, world.kemi, [kemi_topic], schools=[world.school_a])
    offered = topic_source().offers(world.school_a.pk, [kemi_topic.pk, gap.pk])
    assert offered == {kemi_topic.pk: [], gap.pk: []}


def test_offers_take_constant_queries(world, django_assert_max_num_queries):
    topics = [TopicFactory(organisation=world.oulu) for _ in range(5)]
    for _n in range(6):
        _profile(UserFactory(), world.oulu, topics)
    with django_assert_max_num_queries(4):
        offered = topic_source().offers(world.school_a.pk, [t.pk for t in topics])
    assert all(len(v) == 6 for v in offered.values())
