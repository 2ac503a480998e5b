"""Pages about one programme read it by its key and keep it when a check in memory says the
person surely sees it (``Programme.objects.shown`` with ``permissions.surely_visible``):
that check must never show a programme the visibility rule hides, and everyone else must
get what the rule gives. The programme page reads each of its rows once: its sections share
the person's own participation, the sessions and the counts of participations."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import MembershipFactory, UserFactory
from tests.programmes.factories import (
    AttendanceFactory,
    ParticipantFactory,
    ProgrammeFactory,
    SessionFactory,
)
from tutori.core.scoping import scopes_disabled
from tutori.orgs.models import Role
from tutori.programmes import permissions
from tutori.programmes.models import Participant, Programme, Session
from tutori.programmes.selectors.programmes import programme_get, session_get

pytestmark = pytest.mark.django_db

PEOPLE = (
    "admin",
    "coordinator",
    "manager",
    "tutor",
    "coach",
    "member",
    "outsider",
    "nobody",
    "trainer",
    "steering",
    "participant",
)


@pytest.fixture
def programmes(world):
    """Every status of programme in every kind of place of the small world, one shared with
    the network, and people who reach some only as trainer, steering group member or
    participant (from another municipality)."""
    world.trainer = UserFactory()
    world.steering = UserFactory()
    world.participant = UserFactory()
    for person in (world.trainer, world.steering, world.participant):
        MembershipFactory(user=person, organisation=world.school_k)
    # A coordinator of a school (not of the municipality) organises the school's own.
    MembershipFactory(user=world.member, organisation=world.school_b, role=Role.COORDINATOR)
    made = []
    for organisation in (world.oulu, world.school_a, world.school_b, world.kemi, world.school_k):
        for status in Programme.Status.values:
            made.append(ProgrammeFactory(organisation=organisation, status=status))
    shared = ProgrammeFactory(organisation=world.oulu, published=True, network=world.network)
    draft = ProgrammeFactory(organisation=world.school_b)
    for p in (shared, draft):
        p.trainers.set([world.trainer])
        p.steering_group.set([world.steering])
        ParticipantFactory(programme=p, person=world.participant, organisation=world.school_k)
    made += [shared, draft]
    return made


def test_the_check_in_memory_never_shows_what_the_rule_hides(world, programmes):
    for name in PEOPLE:
        person = getattr(world, name)
        visible = set(Programme.objects.visible_to(person).values_list("pk", flat=True))
        for programme in programmes:
            with scopes_disabled():
                programme = Programme.objects.get(pk=programme.pk)
            if permissions.surely_visible(person, programme):
                assert programme.pk in visible, (name, programme.organisation, programme.status)


def test_programme_get_gives_what_the_rule_gives(world, programmes):
    for name in PEOPLE:
        person = getattr(world, name)
        visible = set(Programme.objects.visible_to(person).values_list("pk", flat=True))
        for programme in programmes:
            found = programme_get(user=person, pk=programme.pk)
            assert (found is not None) == (programme.pk in visible), (name, programme.pk)
    assert programme_get(user=world.admin, pk=10**9) is None


def test_session_get_gives_what_the_rule_gives(world, programmes):
    sessions = [SessionFactory(programme=p) for p in programmes]
    for name in PEOPLE:
        person = getattr(world, name)
        visible = set(Session.objects.visible_to(person).values_list("pk", flat=True))
        for session in sessions:
            found = session_get(user=person, pk=session.pk)
            assert (found is not None) == (session.pk in visible), (name, session.pk)
            if found is not None:
                assert found.programme.organisation.name  # read beside it


def _page_with_people(world):
    p = ProgrammeFactory(organisation=world.oulu, published=True, capacity=30)
    p.trainers.set([world.tutor])
    sessions = [SessionFactory(programme=p) for _ in range(4)]
    me = ParticipantFactory(programme=p, person=world.member, organisation=world.school_a)
    AttendanceFactory(session=sessions[0], participant=me)
    for n in range(6):
        person = UserFactory()
        MembershipFactory(user=person, organisation=world.school_b)
        other = ParticipantFactory(
            programme=p,
            person=person,
            organisation=world.school_b,
            status=Participant.Status.LEFT if n == 5 else Participant.Status.ENROLLED,
        )
        AttendanceFactory(session=sessions[n % 4], participant=other)
    return p


# The programme page's queries per role (session, user and reach included): the programme
# and its trainers and steering group, the sessions with their marks and trainers, the
# materials, the person's own participation, and what the role's sections add (the
# submissions waiting for review are read only when some wait: none here).
PAGE_QUERIES = {"coordinator": 14, "tutor": 14, "member": 13}


@pytest.mark.parametrize("role", sorted(PAGE_QUERIES))
def test_the_programme_page_reads_its_rows_once(client, world, role, django_assert_max_num_queries):
    p = _page_with_people(world)
    client.force_login(getattr(world, role))
    url = reverse("programmes:detail", args=[p.pk])
    client.get(url)  # the first request after signing in stores the session
    with django_assert_max_num_queries(PAGE_QUERIES[role]):
        response = client.get(url)
    assert response.status_code == 200
    text = response.content.decode()
    assert "4 lähijaksoa, 16 tuntia" in text
    if role == "coordinator":
        assert "Osallistujapolku" in text and "Käsittele hakemuksia" in text


def test_the_attendance_inputs_are_the_widgets_own_markup(world):
    """The attendance list writes its hours and reason inputs without a widget template per
    row (``text_input``): the same markup as the widget's own, typed values, the language's
    decimal comma and the error attributes included."""
    from decimal import Decimal

    from django.utils import translation

    from tutori.programmes.forms.participation import AttendanceForm, text_input
    from tutori.programmes.models import Attendance

    p = _page_with_people(world)
    with scopes_disabled():
        session = p.sessions.order_by("date").first()
        people = list(Participant.objects.filter(programme=p).order_by("pk"))
    first, second = people[0], people[1]
    marked = Attendance(participant=first, session=session, status="partial", hours=Decimal("2.5"))
    rows = [(first, marked), (second, None)]
    posted = {
        f"status_{first.pk}": "partial",
        f"hours_{first.pk}": "kaksi",
        f"status_{second.pk}": "absent",
        f"reason_{second.pk}": "rivi\nrivi",
        f"reason_{first.pk}": "<b>\"Sairas\" & 'poissa'</b>",
    }
    with translation.override("fi"):
        for form in (
            AttendanceForm(None, session=session, rows=rows),
            AttendanceForm(posted, session=session, rows=rows),
        ):
            form.is_valid()
            for row in form.rows:
                for name in ("hours", "reason"):
                    assert text_input(row[name]) == str(row[name])
        assert 'value="2,5"' in text_input(
            AttendanceForm(None, session=session, rows=rows)[f"hours_{first.pk}"]
        )
        invalid = AttendanceForm(posted, session=session, rows=rows)
        assert not invalid.is_valid()
        assert 'aria-invalid="true"' in text_input(invalid[f"hours_{first.pk}"])
        assert 'aria-invalid="true"' in text_input(invalid[f"reason_{second.pk}"])


def test_id_url_gives_what_the_url_tag_gives():
    """``{% id_url %}`` (the programme page's row links) is ``{% url %}`` reversed once."""
    from django.template import Context, Template
    from django.urls import URLPattern

    from tutori.core.templatetags.id_urls import id_address
    from tutori.programmes import urls

    names = [
        f"programmes:{p.name}"
        for p in urls.urlpatterns
        if isinstance(p, URLPattern) and list(p.pattern.converters) == ["pk"]
    ]
    assert "programmes:session_edit" in names and "programmes:participant" in names
    for name in names:
        for pk in (1, 42, 2_147_483_647):
            assert id_address(name, pk) == reverse(name, args=[pk]), name
    html = Template("{% load id_urls %}{% id_url 'programmes:attendance' 7 %}").render(Context())
    assert html == reverse("programmes:attendance", args=[7])


def _radios_as_django_iterates_them(field):
    """Each choice as ``for radio in field`` gives it (the markup _radios reproduces)."""
    from django.forms.utils import flatatt
    from django.utils.html import format_html

    return [
        (
            radio.id_for_label,
            radio.choice_label,
            format_html(
                '<input type="{}" name="{}" value="{}"{}>',
                radio.data["type"],
                radio.data["name"],
                radio.data["value"],
                flatatt(radio.data["attrs"]),
            ),
        )
        for radio in field
    ]


def test_the_attendance_choices_are_djangos_own_markup(world):
    from decimal import Decimal

    from tutori.programmes.forms.participation import AttendanceForm, _radios
    from tutori.programmes.models import Attendance

    p = _page_with_people(world)
    with scopes_disabled():
        session = p.sessions.order_by("date").first()
        first, second, third = list(Participant.objects.filter(programme=p).order_by("pk"))[:3]
    marked = Attendance(participant=first, session=session, status="partial", hours=Decimal("2"))
    rows = [(first, marked), (second, None), (third, None)]
    posted = {f"status_{second.pk}": "absent", f"status_{third.pk}": "nonsense"}
    for form in (
        AttendanceForm(None, session=session, rows=rows),
        AttendanceForm(posted, session=session, rows=rows),
    ):
        form.is_valid()
        for row in form.rows:
            assert _radios(row["status"]) == _radios_as_django_iterates_them(row["status"])
    invalid = AttendanceForm(posted, session=session, rows=rows)
    assert not invalid.is_valid()
    assert any("checked" in str(tag) for _i, _l, tag in _radios(invalid[f"status_{second.pk}"]))
    assert all(
        'aria-invalid="true"' in tag for _i, _l, tag in _radios(invalid[f"status_{third.pk}"])
    )


def test_ones_own_participations_are_what_the_rule_shows_of_them(world, programmes):
    """The pages read one's own participations by person alone: the same rows as the
    participants' rule gives of them, for everyone (an inactive person too: none)."""
    from tutori.programmes.selectors.applications import my_participation, my_participations
    from tutori.programmes.selectors.participation import my_participant
    from tutori.programmes.selectors.programmes import own_participation

    gone = UserFactory()
    MembershipFactory(user=gone, organisation=world.school_a)
    for p in programmes[:3]:
        ParticipantFactory(programme=p, person=gone, organisation=world.school_a)
        ParticipantFactory(programme=p, person=world.member, organisation=world.school_a)
    gone.is_active = False
    gone.save()
    for person in [*(getattr(world, name) for name in PEOPLE), gone]:
        ruled = set(
            Participant.objects.visible_to(person)
            .filter(person=person)
            .values_list("pk", flat=True)
        )
        assert {p.pk for p in my_participations(user=person)} == ruled
        for programme in programmes:
            expected = next((pk for pk in ruled if pk in _ids_of(programme)), None)
            for found in (
                my_participation(user=person, programme=programme),
                own_participation(user=person, programme=programme),
            ):
                assert (found.pk if found else None) == expected
            held = my_participant(user=person, programme=programme)
            assert held is None or held.pk == expected


def _ids_of(programme):
    with scopes_disabled():
        return set(programme.participants.values_list("pk", flat=True))
