"""The coordinator's curation: the topic vocabulary and each school's named tutor."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from tests.authz import ROLES
from tests.factories import MembershipFactory, OrganisationFactory, TopicFactory, UserFactory
from tests.tutoring.authz_curation import ROWS
from tutori.core.errors import ApplicationError, PermissionDeniedError
from tutori.orgs.models import Membership, today
from tutori.tutoring.models import NamedTutor, Topic, TutorProfile
from tutori.tutoring.services.named_tutors import named_tutor_set
from tutori.tutoring.services.vocabulary import topic_create, topic_update

TOPICS_URL = reverse("tutoring:topics")
NAMED_URL = reverse("tutoring:named_tutors")


def _messages(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(m) for m in response.context["messages"]]


def _profile_using(topic: Topic, **kwargs) -> TutorProfile:  # type: ignore[no-untyped-def]
    profile = TutorProfile._default_manager.create(
        user=kwargs.get("user") or UserFactory(), organisation=topic.organisation
    )
    profile.topics.add(topic)
    return profile


# --- Who may open the pages (the rows the authorization matrix merges) ----------------------


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(ROWS))
def test_get_status(client, world, name, role):
    row = ROWS[name]
    user = world.by_role(role)
    if user is not None:
        client.force_login(user)
    response = client.get(reverse(name, kwargs=row.kwargs(world)))
    assert response.status_code == row.status_for(role), (name, role)


# --- Topics: services ------------------------------------------------------------------------


def test_a_coordinator_adds_topics_to_the_municipality_and_its_schools(world):
    topic = topic_create(
        by=world.coordinator, organisation=world.oulu, name="  Arviointi ", description="Kokeet"
    )
    assert (topic.organisation, topic.name, topic.description) == (
        world.oulu,
        "Arviointi",
        "Kokeet",
    )
    assert topic.is_active
    assert topic_create(by=world.coordinator, organisation=world.school_a, name="Arviointi").pk


def test_a_duplicate_name_in_the_same_organisation_is_refused_whatever_its_case(world):
    topic_create(by=world.coordinator, organisation=world.oulu, name="Arviointi")
    for name in ("Arviointi", "arviointi"):
        with pytest.raises(ApplicationError) as info:
            topic_create(by=world.coordinator, organisation=world.oulu, name=name)
        assert "jo tämän niminen aihe" in str(info.value.message)
    assert Topic._default_manager.filter(organisation=world.oulu).count() == 1


def test_only_coordinators_of_the_organisation_curate_its_topics(world):
    for person in (world.outsider, world.manager, world.tutor, world.nobody):
        with pytest.raises(PermissionDeniedError):
            topic_create(by=person, organisation=world.oulu, name="Arviointi")
    topic = TopicFactory(organisation=world.oulu)
    with pytest.raises(PermissionDeniedError):
        topic_update(by=world.outsider, topic=topic, name="Muu", description="", is_active=True)
    assert not Topic._default_manager.filter(name="Arviointi").exists()


def test_a_topic_is_renamed_deactivated_and_reactivated_but_never_deleted(world):
    topic = TopicFactory(organisation=world.oulu, name="Arvionti")
    topic_update(
        by=world.coordinator, topic=topic, name="Arviointi", description="Uusi", is_active=True
    )
    topic_update(
        by=world.coordinator, topic=topic, name="Arviointi", description="Uusi", is_active=False
    )
    topic.refresh_from_db()
    assert (topic.name, topic.description, topic.is_active) == ("Arviointi", "Uusi", False)
    topic_update(
        by=world.coordinator, topic=topic, name="Arviointi", description="Uusi", is_active=True
    )
    topic.refresh_from_db()
    assert topic.is_active


def test_renaming_to_an_existing_name_is_refused(world):
    TopicFactory(organisation=world.oulu, name="Arviointi")
    topic = TopicFactory(organisation=world.oulu, name="Digi")
    with pytest.raises(ApplicationError):
        topic_update(
            by=world.coordinator, topic=topic, name="ARVIOINTI", description="", is_active=True
        )
    topic.refresh_from_db()
    assert topic.name == "Digi"


# --- Topics: pages ---------------------------------------------------------------------------


def test_adding_a_topic_on_the_page_says_so(client, world):
    client.force_login(world.coordinator)
    response = client.post(
        TOPICS_URL,
        {"organisation": world.oulu.pk, "name": "Arviointi", "description": "Kokeet"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == TOPICS_URL
    assert "Aihe lisätty: Arviointi" in _messages(response)
    assert Topic._default_manager.get(organisation=world.oulu, name="Arviointi").description == (
        "Kokeet"
    )


def test_a_duplicate_topic_is_a_form_error_that_keeps_what_was_typed(client, world):
    TopicFactory(organisation=world.oulu, name="Arviointi")
    client.force_login(world.coordinator)
    response = client.post(
        TOPICS_URL,
        {"organisation": world.oulu.pk, "name": "arviointi", "description": "Oma kuvaus"},
    )
    assert response.status_code == 200
    assert (
        "Organisaatiossa on jo tämän niminen aihe." in response.context["form"].non_field_errors()
    )
    html = response.content.decode()
    assert 'value="arviointi"' in html
    assert "Oma kuvaus" in html
    assert Topic._default_manager.filter(organisation=world.oulu).count() == 1


def test_a_topic_cannot_be_added_to_an_organisation_the_user_does_not_curate(client, world):
    client.force_login(world.coordinator)
    response = client.post(TOPICS_URL, {"organisation": world.kemi.pk, "name": "Arviointi"})
    assert response.status_code == 200
    assert response.context["form"].errors["organisation"]
    assert not Topic._default_manager.exists()


def test_the_organisation_is_chosen_among_curated_ones_and_preselected_when_only_one(client, world):
    client.force_login(world.coordinator)
    choices = list(response_form(client).fields["organisation"].queryset)
    assert set(choices) == {world.oulu, world.school_a, world.school_b}

    school_coordinator = UserFactory()
    MembershipFactory(user=school_coordinator, organisation=world.school_b, coordinator=True)
    client.force_login(school_coordinator)
    form = response_form(client)
    assert list(form.fields["organisation"].queryset) == [world.school_b]
    assert form["organisation"].value() == world.school_b.pk


def response_form(client):  # type: ignore[no-untyped-def]
    return client.get(TOPICS_URL).context["form"]


def test_another_municipalitys_coordinator_neither_sees_nor_edits_oulus_topics(client, world):
    topic = TopicFactory(organisation=world.oulu, name="Oulun salainen aihe")
    TopicFactory(organisation=world.kemi, name="Kemin aihe")
    client.force_login(world.outsider)
    html = client.get(TOPICS_URL).content.decode()
    assert "Kemin aihe" in html
    assert "Oulun salainen aihe" not in html
    edit_url = reverse("tutoring:topic_edit", args=[topic.pk])
    assert client.get(edit_url).status_code == 403
    response = client.post(edit_url, {"name": "Kaapattu", "is_active": ""})
    assert response.status_code == 403
    topic.refresh_from_db()
    assert (topic.name, topic.is_active) == ("Oulun salainen aihe", True)


def test_a_topic_outside_the_users_reach_is_not_found(client, world):
    topic = TopicFactory(organisation=OrganisationFactory(name="Muu kunta", municipality=True))
    client.force_login(world.coordinator)
    assert client.get(reverse("tutoring:topic_edit", args=[topic.pk])).status_code == 404
    assert client.get(reverse("tutoring:topic_edit", args=[2**40])).status_code == 404


def test_deactivating_a_topic_on_the_edit_page_keeps_it(client, world):
    topic = TopicFactory(organisation=world.oulu, name="Arviointi")
    client.force_login(world.coordinator)
    response = client.post(
        reverse("tutoring:topic_edit", args=[topic.pk]),
        {"name": "Arviointi", "description": "Vanha aihe"},  # the is_active box left unticked
        follow=True,
    )
    assert "Aihe poistettu käytöstä: Arviointi. Sen historia säilyy." in _messages(response)
    topic.refresh_from_db()
    assert (topic.is_active, topic.description) == (False, "Vanha aihe")
    assert "poistettu käytöstä" in response.content.decode()  # still listed, with its state

    response = client.post(
        reverse("tutoring:topic_edit", args=[topic.pk]),
        {"name": "Arviointi", "description": "", "is_active": "on"},
        follow=True,
    )
    assert "Aihe otettu taas käyttöön: Arviointi" in _messages(response)
    topic.refresh_from_db()
    assert topic.is_active


def test_renaming_to_a_taken_name_on_the_edit_page_is_a_form_error(client, world):
    TopicFactory(organisation=world.oulu, name="Arviointi")
    topic = TopicFactory(organisation=world.oulu, name="Digi")
    client.force_login(world.coordinator)
    response = client.post(
        reverse("tutoring:topic_edit", args=[topic.pk]), {"name": "Arviointi", "is_active": "on"}
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert 'value="Arviointi"' in response.content.decode()
    topic.refresh_from_db()
    assert topic.name == "Digi"


def test_the_list_counts_the_tutor_profiles_that_use_each_topic(client, world):
    used = TopicFactory(organisation=world.oulu, name="Arviointi")
    TopicFactory(organisation=world.oulu, name="Digi")
    _profile_using(used)
    _profile_using(used)
    client.force_login(world.coordinator)
    counts = {t.name: t.profile_count for t in client.get(TOPICS_URL).context["page_obj"]}
    assert counts == {"Arviointi": 2, "Digi": 0}


def test_search_finds_topics_by_name_or_description(client, world):
    TopicFactory(organisation=world.oulu, name="Arviointi")
    TopicFactory(organisation=world.school_a, name="Digi", description="Arvioinnin työkalut")
    TopicFactory(organisation=world.oulu, name="Liikunta")
    client.force_login(world.coordinator)
    response = client.get(TOPICS_URL, {"q": "arvioin"})
    assert {t.name for t in response.context["page_obj"]} == {"Arviointi", "Digi"}
    htmx = client.get(TOPICS_URL, {"q": "liikunta"}, headers={"HX-Request": "true"})
    assert "<h1>" not in htmx.content.decode()
    assert [t.name for t in htmx.context["page_obj"]] == ["Liikunta"]


def test_topics_are_listed_25_to_a_page(client, world):
    for n in range(30):
        TopicFactory(organisation=world.oulu, name=f"Aihe {n:02d}")
    client.force_login(world.coordinator)
    first = client.get(TOPICS_URL).context["page_obj"]
    second = client.get(TOPICS_URL, {"page": 2}).context["page_obj"]
    assert (len(first), len(second)) == (25, 5)
    assert {t.name for t in first}.isdisjoint({t.name for t in second})


@pytest.mark.parametrize("count", [1, 40])
def test_the_topic_list_takes_a_constant_number_of_queries(
    client, world, django_assert_max_num_queries, count
):
    for n in range(count):
        _profile_using(TopicFactory(organisation=world.school_a if n % 2 else world.oulu))
    client.force_login(world.coordinator)
    with django_assert_max_num_queries(11):
        response = client.get(TOPICS_URL)
    assert response.status_code == 200
    assert len(response.context["page_obj"]) == min(count, 25)


# --- Named tutors ----------------------------------------------------------------------------


def test_a_coordinator_sets_and_changes_a_schools_named_tutor(world):
    named = named_tutor_set(by=world.coordinator, school=world.school_a, tutor=world.tutor)
    assert (named.tutor, named.set_by) == (world.tutor, world.coordinator)
    # A tutor or coordinator of the municipality above the school may be chosen too.
    named_tutor_set(by=world.admin, school=world.school_a, tutor=world.coordinator)
    named = NamedTutor._default_manager.get(school=world.school_a)
    assert (named.tutor, named.set_by) == (world.coordinator, world.admin)
    assert NamedTutor._default_manager.count() == 1


def test_a_named_tutor_must_be_a_tutor_in_the_school_or_its_municipality(world):
    tutor_of_b = MembershipFactory(organisation=world.school_b, tutor=True).user
    tutor_of_kemi = MembershipFactory(organisation=world.kemi, tutor=True).user
    ended = MembershipFactory(
        organisation=world.school_a,
        tutor=True,
        active_from=today() - timedelta(days=30),
        active_to=today(),
    ).user
    for person in (world.member, world.manager, world.coach, tutor_of_b, tutor_of_kemi, ended):
        with pytest.raises(ApplicationError):
            named_tutor_set(by=world.coordinator, school=world.school_a, tutor=person)
    assert not NamedTutor._default_manager.exists()


def test_only_the_schools_coordinators_set_its_named_tutor(world):
    for person in (world.outsider, world.manager, world.tutor):
        with pytest.raises(PermissionDeniedError):
            named_tutor_set(by=person, school=world.school_a, tutor=world.tutor)
    with pytest.raises(ApplicationError):  # a municipality is no school
        named_tutor_set(by=world.coordinator, school=world.oulu, tutor=world.coordinator)
    assert not NamedTutor._default_manager.exists()


def test_the_page_lists_the_coordinators_schools_with_the_tutors_to_choose_from(client, world):
    MembershipFactory(organisation=world.school_b, tutor=True, user__display_name="Bertta B-tutor")
    client.force_login(world.coordinator)
    entries = client.get(NAMED_URL).context["entries"]
    rows = {row.school.name: {u.display_name for u in row.candidates} for row, _form in entries}
    assert rows == {
        "Koulu A": {"Tiina Tutor", "Kaisa Koordinaattori"},
        "Koulu B": {"Bertta B-tutor", "Kaisa Koordinaattori"},
    }


def test_setting_a_named_tutor_on_the_page_says_so(client, world):
    client.force_login(world.coordinator)
    response = client.post(
        NAMED_URL, {"school": world.school_a.pk, "tutor": world.tutor.pk}, follow=True
    )
    assert "Nimikkotutor asetettu: Koulu A – Tiina Tutor" in _messages(response)
    assert NamedTutor._default_manager.get(school=world.school_a).tutor == world.tutor
    response = client.post(
        NAMED_URL, {"school": world.school_a.pk, "tutor": world.coordinator.pk}, follow=True
    )
    assert "Nimikkotutor asetettu: Koulu A – Kaisa Koordinaattori" in _messages(response)
    assert NamedTutor._default_manager.get(school=world.school_a).tutor == world.coordinator


def test_an_ineligible_tutor_posted_on_the_page_is_refused(client, world):
    client.force_login(world.coordinator)
    response = client.post(NAMED_URL, {"school": world.school_a.pk, "tutor": world.member.pk})
    assert response.status_code == 200
    assert response.context["posted_form"].errors["tutor"]
    assert not NamedTutor._default_manager.exists()


@pytest.mark.parametrize("school", ["school_k", "oulu", "missing", "not-a-number"])
def test_a_school_the_user_does_not_curate_is_refused_on_the_page(client, world, school):
    school_id = {"missing": 2**40, "not-a-number": "x"}.get(school) or getattr(world, school).pk
    MembershipFactory(organisation=world.school_k, tutor=True)
    client.force_login(world.coordinator)
    response = client.post(NAMED_URL, {"school": school_id, "tutor": world.coordinator.pk})
    assert response.status_code == 200
    assert response.context["refusal"] == "Et voi asettaa nimikkotutoria tälle koululle."
    assert "Et voi asettaa nimikkotutoria tälle koululle." in response.content.decode()
    assert not NamedTutor._default_manager.exists()


def test_a_named_tutor_whose_role_ended_is_flagged(client, world):
    named_tutor_set(by=world.coordinator, school=world.school_a, tutor=world.tutor)
    Membership._default_manager.filter(user=world.tutor).update(
        active_from=today() - timedelta(days=10), active_to=today()
    )
    client.force_login(world.coordinator)
    response = client.get(NAMED_URL)
    row = next(row for row, _form in response.context["entries"] if row.school == world.school_a)
    assert row.current is not None and not row.current_is_eligible
    assert "ei enää tutor" in response.content.decode()


@pytest.mark.parametrize("schools", [1, 15])
def test_the_named_tutor_page_takes_a_constant_number_of_queries(
    client, world, django_assert_max_num_queries, schools
):
    for n in range(schools):
        school = OrganisationFactory(name=f"Lisäkoulu {n}", parent=world.oulu)
        tutor = MembershipFactory(organisation=school, tutor=True).user
        NamedTutor.objects.create(school=school, tutor=tutor, set_by=world.coordinator)
    client.force_login(world.coordinator)
    with django_assert_max_num_queries(8):
        response = client.get(NAMED_URL)
    assert len(response.context["entries"]) == schools + 2


def test_coordinator_sets_booking_rules_that_schools_inherit(client, world):
    from tutori.tutoring.models import BookingPolicy
    from tutori.tutoring.services.policy import policy_for

    client.force_login(world.coordinator)
    url = reverse("tutoring:policies")
    assert "oletukset" in client.get(url).content.decode()
    response = client.post(
        f"{url}?org={world.oulu.pk}",
        {
            "booking_deadline_hours": 24,
            "cancellation_deadline_hours": 4,
            "max_open_bookings_per_week": 2,
            "booking_window_weeks": 6,
            "reminder_hours_before": 0,
        },
    )
    assert response.status_code == 302
    policy = policy_for(world.school_a)
    assert (policy.booking_deadline_hours, policy.cancellation_deadline_hours) == (24, 4)
    assert policy.organisation_id == world.oulu.pk
    assert policy.reminder_hours_before == 0  # no reminders in Oulu
    html = client.get(f"{url}?org={world.school_a.pk}").content.decode()
    assert "peritään organisaatiolta Oulu" in html
    bad = client.post(
        f"{url}?org={world.oulu.pk}",
        {
            "booking_deadline_hours": -1,
            "cancellation_deadline_hours": "x",
            "max_open_bookings_per_week": 0,
            "booking_window_weeks": 6,
        },
    )
    assert bad.status_code == 400
    assert BookingPolicy._default_manager.get().booking_deadline_hours == 24


def test_coordinator_of_another_municipality_cannot_set_oulus_rules(client, world):
    from tutori.tutoring.models import BookingPolicy

    client.force_login(world.outsider)
    client.post(
        f"{reverse('tutoring:policies')}?org={world.oulu.pk}",
        {
            "booking_deadline_hours": 1,
            "cancellation_deadline_hours": 1,
            "max_open_bookings_per_week": 9,
            "booking_window_weeks": 6,
        },
    )
    assert not BookingPolicy._default_manager.filter(organisation=world.oulu).exists()
