"""Finding help in the catalogue: a search finds times by what they, their topics and their
tutors say (in any letter case and language version), topic cards name the tutors who
offer the topic, the tutor's profile is shown where a time is chosen, the chosen topic goes
into the booking form, and topics speak the reader's language."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from tests.factories import (
    BookingFactory,
    MembershipFactory,
    SlotFactory,
    TopicFactory,
    UserFactory,
)
from tutori.core.scoping import scopes_disabled
from tutori.core.text import folded
from tutori.tutoring.models import Place, Slot, Topic, TutoringSession, TutorProfile


def _profile(user, organisation, topics=(), **fields):
    profile = TutorProfile._default_manager.create(user=user, organisation=organisation, **fields)
    profile.topics.set(topics)
    return profile


def _later(days: int) -> dict:
    starts = timezone.now() + timedelta(days=days)
    return {"starts_at": starts, "ends_at": starts + timedelta(hours=1)}


@pytest.fixture
def offer(world):
    """Oulu's topics Arviointi (described with Wilma, translated) and Digi; Tiina Tutor of
    Koulu A; Bertta from Koulu B, who gives the municipality's shared time and serves
    Koulu A. Times: a Teams time naming Arviointi, a remote time naming no topic, a shared
    time naming Digi, and a note with capital letters."""
    arviointi = TopicFactory(
        organisation=world.oulu,
        name="Arviointi",
        description="Formatiivinen arviointi ja arviointi Wilmassa.",
        name_sv="Bedömning",
        name_en="Assessment",
        description_sv="Formativ bedömning och bedömning i Wilma.",
        description_en="Formative assessment and assessment in Wilma.",
    )
    digi = TopicFactory(organisation=world.oulu, name="Digi", description="Välineet tutuiksi.")
    bertta = UserFactory(display_name="Bertta Äijälä")
    MembershipFactory(user=bertta, organisation=world.school_b, tutor=True)
    _profile(
        world.tutor,
        world.school_a,
        [arviointi],
        description="Autan kokeiden laatimisessa.",
        languages="suomi, ruotsi",
    )
    serving = _profile(bertta, world.school_b, [], description="Robotiikan ystävä.")
    serving.schools.set([world.school_a])
    teams = SlotFactory(
        organisation=world.school_a,
        tutor=world.tutor,
        location="Teams-linkki kalenterikutsussa",
        note="Teams-aika",
        **_later(3),
    )
    teams.topics.set([arviointi])
    remote = SlotFactory(
        organisation=world.school_a,
        tutor=world.tutor,
        place=Place.REMOTE,
        note="Etäaika",
        **_later(4),
    )
    shared = SlotFactory(
        organisation=world.oulu, tutor=bertta, is_shared=True, note="Yhteinen aika", **_later(5)
    )
    shared.topics.set([digi])
    loud = SlotFactory(
        organisation=world.school_a, tutor=world.tutor, note="ÄÄNEKÄS ÖISIN", **_later(6)
    )
    return {
        "arviointi": arviointi,
        "digi": digi,
        "bertta": bertta,
        "teams": teams,
        "remote": remote,
        "shared": shared,
        "loud": loud,
    }


def _found(client, user, **params):
    client.force_login(user)
    response = client.get(reverse("tutoring:catalogue"), params)
    assert response.status_code == 200
    return {slot.note for slot in response.context["page_obj"]}


# --- Search -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "notes"),
    [
        # the time's place or link
        ("teams", {"Teams-aika"}),
        ("TEAMS-LINKKI", {"Teams-aika"}),
        # a topic's description: the time naming it, and those naming none of a tutor
        # whose profile offers it
        ("wilma", {"Teams-aika", "Etäaika", "ÄÄNEKÄS ÖISIN"}),
        # a topic's Swedish and English names and descriptions
        ("bedömning", {"Teams-aika", "Etäaika", "ÄÄNEKÄS ÖISIN"}),
        ("ASSESSMENT", {"Teams-aika", "Etäaika", "ÄÄNEKÄS ÖISIN"}),
        # remote times ("etänä") and a note saying so
        ("etä", {"Etäaika"}),
        ("ETÄ", {"Etäaika"}),
        # letters beyond ASCII in another case than stored (SQLite's LIKE folds ASCII only)
        ("äänekäs", {"ÄÄNEKÄS ÖISIN"}),
        ("öisin", {"ÄÄNEKÄS ÖISIN"}),
        # the tutor's name, whatever its case
        ("äijälä", {"Yhteinen aika"}),
        # the tutor's profile: description and languages
        ("robotiikan", {"Yhteinen aika"}),
        ("ruotsi", {"Teams-aika", "Etäaika", "ÄÄNEKÄS ÖISIN"}),
        # the way and place, in any language
        ("på distans", {"Etäaika"}),
        ("kunnan yhteinen", {"Yhteinen aika"}),
        # a topic's name: the time naming it, and the tutor's time naming none
        ("digi", {"Yhteinen aika"}),
        ("välineet", {"Yhteinen aika"}),
        ("nothing like this", set()),
    ],
)
def test_a_search_finds_the_times_that_mention_it(client, world, offer, text, notes):
    assert _found(client, world.member, q=text) == notes


def test_a_time_naming_no_topic_is_found_by_its_tutors_profile_topics(client, world, offer):
    # Tiina's profile offers Arviointi: her times naming no topic offer it too.
    assert _found(client, world.member, q="formatiivinen") == {
        "Teams-aika",
        "Etäaika",
        "ÄÄNEKÄS ÖISIN",
    }


def test_search_and_topic_filter_together(client, world, offer):
    found = _found(client, world.member, q="etä", topic=offer["arviointi"].pk)
    assert found == {"Etäaika"}


def test_an_unpublished_profile_is_not_searched(client, world, offer):
    TutorProfile._default_manager.filter(user=world.tutor).update(is_published=False)
    assert _found(client, world.member, q="kokeiden") == set()


def test_the_search_text_follows_the_place_and_note(world, offer):
    slot = offer["remote"]
    slot.location = "Zoom-HUONE"
    slot.save(update_fields=["location"])
    assert Slot._default_manager.get(pk=slot.pk).search_text == folded("Zoom-HUONE", "Etäaika")
    made = Slot.objects.bulk_create(
        [Slot(tutor=world.tutor, organisation=world.school_a, note="Väinö", **_later(9))]
    )
    assert Slot._default_manager.get(pk=made[0].pk).search_text == "väinö"
    with scopes_disabled():
        assert Slot.objects.filter(pk=slot.pk).update(note="Öinen", capacity=1) == 1
    assert Slot._default_manager.get(pk=slot.pk).search_text == folded("Zoom-HUONE", "Öinen")


def test_the_migration_makes_earlier_times_searchable(world, offer):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("tutori.tutoring.migrations.0004_catalogue")
    Slot._default_manager.update(search_text="")
    migration.fill_search_text(apps, None)
    assert Slot._default_manager.get(pk=offer["teams"].pk).search_text == folded(
        "Teams-linkki kalenterikutsussa", "Teams-aika"
    )
    assert Slot._default_manager.get(pk=offer["loud"].pk).search_text == "äänekäs öisin"


@pytest.mark.parametrize("count", [5, 200])
def test_a_search_costs_no_query_more_than_the_plain_page(
    client, world, offer, count, django_assert_max_num_queries
):
    Slot.objects.bulk_create(
        [
            Slot(tutor=world.tutor, organisation=world.school_a, note=f"Teams {i}", **_later(10))
            for i in range(count)
        ]
    )
    client.force_login(world.member)
    url = reverse("tutoring:catalogue")
    client.get(url)  # the session settles
    with CaptureQueriesContext(connection) as plain:
        assert client.get(url).status_code == 200
    # The plain page's own count is constant (test_member_views); a search adds nothing.
    for params in ({"q": "teams"}, {"q": "wilma", "topic": offer["arviointi"].pk}):
        with django_assert_max_num_queries(len(plain)):
            assert client.get(url, params).status_code == 200


# --- Topic cards and the tutor filter ------------------------------------------------------


def _cards(client, user):
    client.force_login(user)
    response = client.get(reverse("tutoring:catalogue"))
    return {t.name: [u.display_name for u in t.tutors] for t in response.context["topics"]}


def test_topic_cards_name_the_tutors_who_offer_the_topic(client, world, offer):
    # Bertta (Koulu B) names Digi on the shared time; Tiina's profile lists Arviointi.
    assert _cards(client, world.member) == {
        "Arviointi": ["Tiina Tutor"],
        "Digi": ["Bertta Äijälä"],
    }
    html = client.get(reverse("tutoring:catalogue")).content.decode()
    assert "Tutorit: Bertta Äijälä" in html and "Tutorit: Tiina Tutor" in html


def test_a_tutor_serving_the_school_is_named_for_the_topics_of_their_profile(client, world, offer):
    TutorProfile._default_manager.get(user=offer["bertta"]).topics.set([offer["arviointi"]])
    offer["shared"].delete()
    assert _cards(client, world.member)["Arviointi"] == ["Bertta Äijälä", "Tiina Tutor"]


def test_a_new_topic_is_on_the_cards_and_in_the_filter_at_once(client, world, offer):
    client.force_login(world.coordinator)
    client.post(
        reverse("tutoring:topics"),
        {"organisation": world.oulu.pk, "name": "Kielitietoisuus", "description": "Uusi"},
    )
    topic = Topic._default_manager.get(name="Kielitietoisuus")
    client.force_login(world.member)
    response = client.get(reverse("tutoring:catalogue"))
    assert _cards(client, world.member)["Kielitietoisuus"] == []
    html = response.content.decode()
    assert f'<option value="{topic.pk}">Kielitietoisuus</option>' in html
    assert "Tähän aiheeseen ei vielä ole tutoria." in html
    assert "Tutorit: </p>" not in html


def test_the_tutor_filter_lists_every_tutor_whose_times_are_shown(client, world, offer):
    no_profile = UserFactory(display_name="Pekka Profiiliton")
    SlotFactory(organisation=world.oulu, tutor=no_profile, is_shared=True, note="Pekan aika")
    client.force_login(world.member)
    response = client.get(reverse("tutoring:catalogue"))
    listed = {u.display_name for u in response.context["filters"].offer.tutors}
    shown = {slot.tutor.display_name for slot in response.context["page_obj"]}
    assert shown <= listed
    assert listed == {"Tiina Tutor", "Bertta Äijälä", "Pekka Profiiliton"}
    assert _found(client, world.member, tutor=no_profile.pk) == {"Pekan aika"}


def test_another_municipalitys_tutors_and_profiles_stay_out(client, world, offer):
    kemi_tutor = UserFactory(display_name="Kemin Tutor")
    _profile(kemi_tutor, world.school_k, [], description="Kemin salaisuus")
    SlotFactory(organisation=world.school_k, tutor=kemi_tutor, note="Kemin aika")
    client.force_login(world.member)
    html = client.get(reverse("tutoring:catalogue")).content.decode()
    assert "Kemin" not in html
    assert _found(client, world.member, q="kemin") == set()


# --- The tutor's profile where a time is chosen --------------------------------------------


def test_the_time_list_shows_the_tutors_profile(client, world, offer):
    client.force_login(world.member)
    html = client.get(reverse("tutoring:catalogue"), {"q": "teams"}).content.decode()
    assert "Tutorin esittely" in html
    assert "Autan kokeiden laatimisessa." in html
    assert "<dt>Ohjauskielet</dt><dd>suomi, ruotsi</dd>" in html
    assert "<dt>Aiheet</dt><dd>Arviointi</dd>" in html


def test_the_booking_page_shows_the_tutors_profile(client, world, offer):
    client.force_login(world.member)
    html = client.get(reverse("tutoring:book", args=[offer["shared"].pk])).content.decode()
    # Bertta's profile is in Koulu B: shown because Koulu A's teacher may book her time.
    assert "Tutor: Bertta Äijälä" in html and "Robotiikan ystävä." in html


def test_an_unpublished_profile_is_not_shown(client, world, offer):
    TutorProfile._default_manager.filter(user=world.tutor).update(is_published=False)
    client.force_login(world.member)
    html = client.get(reverse("tutoring:book", args=[offer["teams"].pk])).content.decode()
    assert "Autan kokeiden laatimisessa." not in html
    html = client.get(reverse("tutoring:catalogue")).content.decode()
    assert "Autan kokeiden laatimisessa." not in html


# --- The chosen topic goes into the booking form -------------------------------------------


def test_the_varaa_link_carries_the_chosen_topic_and_the_form_preselects_it(client, world, offer):
    topic = offer["arviointi"]
    client.force_login(world.member)
    html = client.get(reverse("tutoring:catalogue"), {"topic": topic.pk}).content.decode()
    link = f"{reverse('tutoring:book', args=[offer['teams'].pk])}?topic={topic.pk}"
    assert f'href="{link}"' in html
    form = client.get(link).context["form"]
    assert form["topic"].value() == topic.pk
    assert (
        f'<option value="{topic.pk}" selected>Arviointi</option>'
        in client.get(link).content.decode()
    )


def test_a_topic_the_time_does_not_offer_is_not_preselected(client, world, offer):
    client.force_login(world.member)
    url = reverse("tutoring:book", args=[offer["teams"].pk])
    for value in (offer["digi"].pk, "x", "99999999999999999999", ""):
        response = client.get(url, {"topic": value})
        assert response.status_code == 200
        assert response.context["form"]["topic"].value() is None


def test_without_a_chosen_topic_the_link_has_none(client, world, offer):
    client.force_login(world.member)
    html = client.get(reverse("tutoring:catalogue")).content.decode()
    assert "?topic=" not in html.split('id="slot-results"')[1]


# --- Topics in the reader's language --------------------------------------------------------


def test_the_label_is_the_active_languages_version_or_finnish(world, offer):
    topic, digi = offer["arviointi"], offer["digi"]
    with translation.override("sv"):
        assert (topic.label, topic.local_description) == (
            "Bedömning",
            "Formativ bedömning och bedömning i Wilma.",
        )
        assert (digi.label, digi.local_description) == ("Digi", "Välineet tutuiksi.")
        assert str(topic) == "Bedömning"
    with translation.override("en"):
        assert topic.label == "Assessment"
    with translation.override("fi"):
        assert topic.label == "Arviointi"


def _swedish(client, user):
    user.preferred_language = "sv"
    user.save(update_fields=["preferred_language"])
    client.force_login(user)
    client.post(reverse("accounts:language"), {"language": "sv", "next": "/"})


def test_a_swedish_reader_sees_swedish_topic_names_everywhere(client, world, offer):
    topic = offer["arviointi"]
    _swedish(client, world.member)
    html = client.get(reverse("tutoring:catalogue")).content.decode()
    assert "Bedömning" in html and "Formativ bedömning och bedömning i Wilma." in html
    assert f'<option value="{topic.pk}">Bedömning</option>' in html
    assert ">Arviointi<" not in html
    book = client.get(reverse("tutoring:book", args=[offer["teams"].pk])).content.decode()
    assert f'<option value="{topic.pk}">Bedömning</option>' in book
    BookingFactory(slot=offer["remote"], person=world.member, topic=topic)
    mine = client.get(reverse("tutoring:my_bookings")).content.decode()
    assert "Bedömning" in mine and "Arviointi" not in mine


def test_the_report_by_topic_names_topics_in_the_readers_language(client, world, offer):
    TutoringSession._default_manager.create(
        tutor=world.tutor,
        organisation=world.school_a,
        date=timezone.localdate() - timedelta(days=1),
        duration_minutes=60,
        topic=offer["arviointi"],
    )
    _swedish(client, world.coordinator)
    response = client.get(reverse("tutoring:report_hours"), {"group": "topic"})
    assert response.status_code == 200
    assert "Bedömning" in response.content.decode()


def test_a_mail_names_the_topic_in_the_recipients_language(
    world, offer, mailoutbox, django_capture_on_commit_callbacks
):
    from tutori.tutoring.services import booking as services

    world.member.preferred_language = "en"
    world.member.save(update_fields=["preferred_language"])
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_create(person=world.member, slot=offer["teams"], topic=offer["arviointi"])
    to_member = [m for m in mailoutbox if world.member.email in m.to]
    assert to_member and "Assessment" in to_member[0].body
    assert "Arviointi" not in to_member[0].body


# --- Curating the translations -------------------------------------------------------------


def test_the_coordinator_adds_and_edits_the_swedish_and_english_versions(client, world):
    client.force_login(world.coordinator)
    response = client.post(
        reverse("tutoring:topics"),
        {
            "organisation": world.oulu.pk,
            "name": "Kielitietoisuus",
            "name_sv": "Språkmedvetenhet",
            "name_en": "Language awareness",
            "description": "Kieli kaikissa aineissa.",
            "description_sv": "Språket i alla ämnen.",
            "description_en": "",
        },
    )
    assert response.status_code == 302
    topic = Topic._default_manager.get(name="Kielitietoisuus")
    assert (topic.name_sv, topic.name_en, topic.description_sv, topic.description_en) == (
        "Språkmedvetenhet",
        "Language awareness",
        "Språket i alla ämnen.",
        "",
    )
    url = reverse("tutoring:topic_edit", args=[topic.pk])
    form = client.get(url).context["form"]
    assert form["name_sv"].value() == "Språkmedvetenhet"
    response = client.post(
        url,
        {
            "name": "Kielitietoisuus",
            "name_sv": "",
            "name_en": "Language awareness",
            "description": "Kieli kaikissa aineissa.",
            "description_sv": "Språket i alla ämnen.",
            "description_en": "Language in every subject.",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    topic.refresh_from_db()
    assert (topic.name_sv, topic.description_en) == ("", "Language in every subject.")
    with translation.override("sv"):
        assert topic.label == "Kielitietoisuus"
    # The vocabulary's search finds the other language versions too.
    html = client.get(reverse("tutoring:topics"), {"q": "awareness"}).content.decode()
    assert "Kielitietoisuus" in html


def test_a_translation_with_a_line_break_in_a_name_is_refused(client, world):
    client.force_login(world.coordinator)
    response = client.post(
        reverse("tutoring:topics"),
        {"organisation": world.oulu.pk, "name": "Aihe", "name_sv": "Rad\nbrytning"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["name_sv"]
    assert not Topic._default_manager.filter(name="Aihe").exists()
