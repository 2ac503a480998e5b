"""Oversight: substitute budgets and spend, a unit's overview and the tutoring-hours report."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tests.factories import (
    BookingFactory,
    OrganisationFactory,
    SlotFactory,
    TopicFactory,
    UserFactory,
)
from tutori.core.errors import ApplicationError, PermissionDeniedError
from tutori.tutoring.models import SubstituteBudget, SubstituteSpend, TutoringSession
from tutori.tutoring.selectors.budget import budget_get, budget_list
from tutori.tutoring.selectors.report import hours_report
from tutori.tutoring.services.budget import (
    OverdraftNotConfirmed,
    budget_create,
    spend_create,
    spend_decide,
)

AUTUMN = {"term": "syksy 2026", "starts_on": date(2026, 8, 1), "ends_on": date(2026, 12, 31)}
IN_TERM = date(2026, 9, 15)


def make_budget(school, amount="1000.00", **overrides):  # type: ignore[no-untyped-def]
    fields = {**AUTUMN, **overrides}
    return SubstituteBudget.objects.create(school=school, amount=Decimal(amount), **fields)


def make_spend(budget, amount, status=SubstituteSpend.Status.PROPOSED, **kwargs):  # type: ignore[no-untyped-def]
    fields = {"date": IN_TERM, "description": "Sijainen", "created_by": kwargs.pop("by", None)}
    fields.update(kwargs)
    if fields["created_by"] is None:
        fields["created_by"] = UserFactory()
    return SubstituteSpend.objects.create(
        budget=budget, amount=Decimal(amount), status=status, **fields
    )


def log_session(world, organisation=None, **kwargs):  # type: ignore[no-untyped-def]
    fields = {
        "tutor": world.tutor,
        "organisation": organisation or world.school_a,
        "date": IN_TERM,
        "duration_minutes": 60,
        "participant_count": 5,
    }
    fields.update(kwargs)
    return TutoringSession._default_manager.create(**fields)


def page(client, user, name, **kwargs):  # type: ignore[no-untyped-def]
    client.force_login(user)
    query = kwargs.pop("query", "")
    return client.get(reverse(name, kwargs=kwargs) + query)


# --- Budget arithmetic ----------------------------------------------------------------------


def test_remaining_is_the_amount_minus_approved_spend_and_proposed_is_shown_apart(world):
    budget = make_budget(world.school_a, "1000.00")
    make_spend(budget, "300.00", SubstituteSpend.Status.APPROVED)
    make_spend(budget, "200.00", SubstituteSpend.Status.PROPOSED)
    make_spend(budget, "500.00", SubstituteSpend.Status.REJECTED)

    annotated = budget_get(user=world.manager, pk=budget.pk)

    assert annotated is not None
    assert annotated.approved_total == Decimal("300.00")
    assert annotated.proposed_total == Decimal("200.00")
    assert annotated.remaining == Decimal("700.00")
    assert annotated.remaining_after_proposed == Decimal("500.00")


def test_a_budget_without_spend_has_its_whole_amount_left(world):
    budget = make_budget(world.school_a, "450.50")
    annotated = budget_get(user=world.coordinator, pk=budget.pk)
    assert annotated is not None
    assert (annotated.approved_total, annotated.remaining) == (Decimal(0), Decimal("450.50"))


def test_budget_page_shows_money_in_finnish_and_warns_when_proposed_spend_would_overdraw(
    client, world
):
    budget = make_budget(world.school_a, "1250.00")
    make_spend(budget, "1000.00", SubstituteSpend.Status.APPROVED)
    make_spend(budget, "400.00")
    html = page(client, world.manager, "tutoring:budget", pk=budget.pk).content.decode()
    assert "1\xa0250,00 €" in html
    assert "250,00 €" in html
    assert "budjetti menee miinukselle" in html


def test_budget_page_warns_when_approved_spend_already_overdraws(client, world):
    budget = make_budget(world.school_a, "100.00")
    make_spend(budget, "150.00", SubstituteSpend.Status.APPROVED)
    html = page(client, world.manager, "tutoring:budget", pk=budget.pk).content.decode()
    assert "Budjetti on miinuksella" in html
    assert "-50,00 €" in html


# --- Creating budgets -----------------------------------------------------------------------


def test_coordinator_creates_a_budget_for_a_school_of_their_municipality(client, world):
    client.force_login(world.coordinator)
    response = client.post(
        reverse("tutoring:budget_new"),
        {
            "school": world.school_b.pk,
            "term": " syksy 2026 ",
            "starts_on": "2026-08-01",
            "ends_on": "2026-12-31",
            "amount": "1250,50",
        },
    )
    budget = SubstituteBudget._default_manager.get(school=world.school_b)
    assert response.status_code == 302
    assert response.url == reverse("tutoring:budget", args=[budget.pk])
    assert (budget.term, budget.amount) == ("syksy 2026", Decimal("1250.50"))


def test_second_budget_for_the_same_school_and_term_is_a_form_error_not_a_500(client, world):
    make_budget(world.school_a)
    client.force_login(world.coordinator)
    response = client.post(
        reverse("tutoring:budget_new"),
        {
            "school": world.school_a.pk,
            "term": "syksy 2026",
            "starts_on": "2026-08-01",
            "ends_on": "2026-12-31",
            "amount": "10",
        },
    )
    assert response.status_code == 200
    assert "Sijaisbudjetti on jo olemassa: Koulu A, syksy 2026." in response.content.decode()
    assert SubstituteBudget._default_manager.filter(school=world.school_a).count() == 1


def test_budget_term_cannot_end_before_it_starts(client, world):
    client.force_login(world.coordinator)
    response = client.post(
        reverse("tutoring:budget_new"),
        {
            "school": world.school_a.pk,
            "term": "kevät 2027",
            "starts_on": "2027-07-31",
            "ends_on": "2027-01-01",
            "amount": "10",
        },
    )
    assert response.status_code == 200
    assert "ennen alkamispäivää" in response.content.decode()
    assert not SubstituteBudget._default_manager.exists()
    with pytest.raises(ApplicationError):
        budget_create(
            by=world.coordinator,
            school=world.school_a,
            term="kevät 2027",
            starts_on=date(2027, 7, 31),
            ends_on=date(2027, 1, 1),
            amount=Decimal(10),
        )


def test_coordinator_cannot_pick_another_municipalitys_school(client, world):
    client.force_login(world.coordinator)
    response = client.post(
        reverse("tutoring:budget_new"),
        {"school": world.school_k.pk, **{k: str(v) for k, v in AUTUMN.items()}, "amount": "5"},
    )
    assert response.status_code == 200
    assert not SubstituteBudget._default_manager.exists()
    with pytest.raises(PermissionDeniedError):
        budget_create(by=world.coordinator, school=world.school_k, amount=Decimal(5), **AUTUMN)


@pytest.mark.parametrize(
    "typed",
    ["1 200,50", "1\u00a0200,50", "1\u202f200,50", "1200.50", "1200,5", "1 200,50 €"],
)
def test_a_budget_amount_is_accepted_as_the_app_shows_it(client, world, typed):
    client.force_login(world.coordinator)
    response = client.post(
        reverse("tutoring:budget_new"),
        {"school": world.school_a.pk, **{k: str(v) for k, v in AUTUMN.items()}, "amount": typed},
    )
    assert response.status_code == 302
    assert SubstituteBudget._default_manager.get().amount == Decimal("1200.50")


@pytest.mark.parametrize("typed", ["12abc", "1 2 3", "1e3", "NaN", "1,2,3", "€"])
def test_a_budget_amount_that_is_no_number_is_refused_with_an_example(client, world, typed):
    client.force_login(world.coordinator)
    response = client.post(
        reverse("tutoring:budget_new"),
        {"school": world.school_a.pk, **{k: str(v) for k, v in AUTUMN.items()}, "amount": typed},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Anna summa euroina, esimerkiksi 1 200,50." in html
    assert "syksy 2026" in html  # what was typed stays
    assert not SubstituteBudget._default_manager.exists()


def test_the_budget_form_offers_schools_only(client, world):
    OrganisationFactory(name="Oulun työpaja", parent=world.oulu, kind="workshop")
    response = page(client, world.coordinator, "tutoring:budget_new")
    offered = [label for _value, label in response.context["form"].fields["school"].choices]
    assert offered[1:] == ["Koulu A", "Koulu B"]  # not Oulu, not the workshop


def test_a_budget_for_the_municipality_is_refused(client, world):
    client.force_login(world.coordinator)
    body = {"school": world.oulu.pk, **{k: str(v) for k, v in AUTUMN.items()}, "amount": "5"}
    assert client.post(reverse("tutoring:budget_new"), body).status_code == 200
    assert not SubstituteBudget._default_manager.exists()
    with pytest.raises(ApplicationError, match="Sijaisbudjetti lisätään koululle"):
        budget_create(by=world.coordinator, school=world.oulu, amount=Decimal(5), **AUTUMN)


def test_the_budget_period_column_says_what_it_holds(client, world):
    make_budget(world.school_a, term="Lukuvuosi 2026–2027", ends_on=date(2027, 7, 31))
    html = page(client, world.coordinator, "tutoring:budgets").content.decode()
    assert '<th scope="col">Budjettikausi</th>' in html
    assert "Lukukausi" not in html
    assert "Lukuvuosi 2026–2027</a>" in html


def test_a_manager_may_not_create_budgets(world):
    with pytest.raises(PermissionDeniedError):
        budget_create(by=world.manager, school=world.school_a, amount=Decimal(5), **AUTUMN)


# --- Spend ----------------------------------------------------------------------------------


def spend_form(amount, **extra):  # type: ignore[no-untyped-def]
    return {"date": "2026-09-15", "amount": amount, "description": "Sijainen 3 h", **extra}


def test_spend_that_fits_is_proposed_without_asking(client, world):
    budget = make_budget(world.school_a, "100.00")
    make_spend(budget, "40.00")
    client.force_login(world.coordinator)
    response = client.post(reverse("tutoring:spend_new", args=[budget.pk]), spend_form("60,00"))
    assert response.status_code == 302
    spend = SubstituteSpend._default_manager.get(description="Sijainen 3 h")
    assert spend.status == SubstituteSpend.Status.PROPOSED
    assert spend.created_by == world.coordinator


@pytest.mark.parametrize("typed", ["1 200,50", "1\u00a0200,50", "1200.50", "1200,5"])
def test_a_spend_amount_is_accepted_as_the_app_shows_it(client, world, typed):
    budget = make_budget(world.school_a, "5000.00")
    client.force_login(world.coordinator)
    response = client.post(reverse("tutoring:spend_new", args=[budget.pk]), spend_form(typed))
    assert response.status_code == 302
    assert SubstituteSpend._default_manager.get().amount == Decimal("1200.50")


def test_spend_that_would_overdraw_needs_confirmation_before_it_is_saved(client, world):
    budget = make_budget(world.school_a, "100.00")
    make_spend(budget, "80.00")  # proposed spend counts in the warning
    client.force_login(world.coordinator)
    url = reverse("tutoring:spend_new", args=[budget.pk])

    first = client.post(url, spend_form("30"))

    assert first.status_code == 200
    assert "Ymmärrän, että budjetti menee miinukselle" in first.content.decode()
    assert not SubstituteSpend._default_manager.filter(description="Sijainen 3 h").exists()

    second = client.post(url, spend_form("30", confirm_overdraft="on"))

    assert second.status_code == 302
    assert SubstituteSpend._default_manager.filter(description="Sijainen 3 h").exists()


def test_spend_overdrawn_by_someone_else_meanwhile_asks_for_confirmation_again(
    client, world, monkeypatch
):
    budget = make_budget(world.school_a, "100.00")

    def spent_meanwhile(**kwargs):  # type: ignore[no-untyped-def]
        raise OverdraftNotConfirmed("Budjetti menisi miinukselle.")

    monkeypatch.setattr("tutori.tutoring.services.budget.spend_create", spent_meanwhile)
    client.force_login(world.coordinator)
    response = client.post(reverse("tutoring:spend_new", args=[budget.pk]), spend_form("30"))

    assert response.status_code == 200
    form = response.context["form"]
    assert form.overdraft
    assert form.errors == {"confirm_overdraft": ["Budjetti menisi miinukselle."]}
    assert form["description"].value() == "Sijainen 3 h"


def test_the_service_refuses_an_unconfirmed_overdraft_too(world):
    budget = make_budget(world.school_a, "100.00")
    make_spend(budget, "100.00", SubstituteSpend.Status.APPROVED)
    with pytest.raises(OverdraftNotConfirmed):
        spend_create(
            by=world.coordinator,
            budget=budget,
            date=IN_TERM,
            amount=Decimal("0.01"),
            description="x",
        )
    spend = spend_create(
        by=world.coordinator,
        budget=budget,
        date=IN_TERM,
        amount=Decimal("0.01"),
        description="x",
        overdraft_confirmed=True,
    )
    assert spend.status == SubstituteSpend.Status.PROPOSED


def test_spend_outside_the_budget_term_is_refused(client, world):
    budget = make_budget(world.school_a)
    client.force_login(world.coordinator)
    response = client.post(
        reverse("tutoring:spend_new", args=[budget.pk]),
        {"date": "2027-01-10", "amount": "10", "description": "Sijainen"},
    )
    assert response.status_code == 200
    assert "budjetin lukukaudella" in response.content.decode()
    assert not SubstituteSpend._default_manager.exists()
    with pytest.raises(ApplicationError):
        spend_create(
            by=world.coordinator,
            budget=budget,
            date=date(2026, 7, 31),
            amount=Decimal(10),
            description="Sijainen",
        )


def test_spend_links_only_to_the_schools_sessions_during_lessons(client, world):
    budget = make_budget(world.school_a)
    during = log_session(world, during_lessons=True)
    after_school = log_session(world, during_lessons=False)
    other_school = log_session(world, organisation=world.school_b, during_lessons=True)
    response = page(client, world.coordinator, "tutoring:spend_new", pk=budget.pk)
    choices = {str(value) for value, _label in response.context["form"].fields["session"].choices}
    assert str(during.pk) in choices
    assert str(after_school.pk) not in choices
    assert str(other_school.pk) not in choices
    with pytest.raises(ApplicationError):
        spend_create(
            by=world.coordinator,
            budget=budget,
            date=IN_TERM,
            amount=Decimal(10),
            description="x",
            session=after_school,
        )


def test_a_manager_may_see_but_not_add_spend(world):
    budget = make_budget(world.school_a)
    with pytest.raises(PermissionDeniedError):
        spend_create(
            by=world.manager, budget=budget, date=IN_TERM, amount=Decimal(1), description="x"
        )


# --- Deciding -------------------------------------------------------------------------------


def test_manager_approves_a_proposed_spend_once(world):
    spend = make_spend(make_budget(world.school_a), "50.00", by=world.coordinator)

    spend_decide(by=world.manager, spend=spend, approve=True)

    spend.refresh_from_db()
    assert spend.status == SubstituteSpend.Status.APPROVED
    assert spend.decided_by == world.manager
    assert spend.decided_at is not None
    with pytest.raises(ApplicationError, match="Kulusta on jo päätetty"):
        spend_decide(by=world.admin, spend=spend, approve=False)
    spend.refresh_from_db()
    assert spend.status == SubstituteSpend.Status.APPROVED


@pytest.mark.parametrize("role", ["coordinator", "manager", "admin"])
def test_no_one_approves_a_spend_they_proposed_themselves(world, role):
    person = world.by_role(role)
    spend = make_spend(make_budget(world.school_a), "50.00", by=person)

    with pytest.raises(PermissionDeniedError, match="Et voi päättää kulusta, jonka lisäsit itse"):
        spend_decide(by=person, spend=spend, approve=True)

    spend.refresh_from_db()
    assert (spend.status, spend.decided_by) == (SubstituteSpend.Status.PROPOSED, None)


def test_the_audit_trail_shows_who_proposed_and_who_decided(world):
    from auditlog.models import LogEntry

    budget = make_budget(world.school_a)
    spend = spend_create(
        by=world.coordinator, budget=budget, date=IN_TERM, amount=Decimal(80), description="x"
    )
    spend_decide(by=world.manager, spend=spend, approve=True)

    created, decided = LogEntry.objects.get_for_object(spend).order_by("pk")
    assert created.action == LogEntry.Action.CREATE
    assert created.changes_dict["created_by"][1] == str(world.coordinator.pk)
    assert decided.action == LogEntry.Action.UPDATE
    assert decided.actor == world.manager
    assert decided.changes_dict["decided_by"] == ["None", str(world.manager.pk)]
    assert decided.changes_dict["status"] == ["proposed", "approved"]


def test_budget_page_hides_the_decision_on_ones_own_spend_and_says_why(client, world):
    budget = make_budget(world.school_a)
    make_spend(budget, "50.00", by=world.coordinator, description="Oma ehdotus")
    others = make_spend(budget, "60.00", description="Toisen ehdotus")

    html = page(client, world.coordinator, "tutoring:budget", pk=budget.pk).content.decode()

    assert html.count('name="decision" value="approve"') == 1
    assert reverse("tutoring:spend_decide", args=[others.pk]) in html
    assert "Lisäsit kulun itse, joten sen hyväksyy toinen koulun esihenkilö" in html
    # The principal decides both.
    html = page(client, world.manager, "tutoring:budget", pk=budget.pk).content.decode()
    assert html.count('name="decision" value="approve"') == 2
    assert "Lisäsit kulun itse" not in html


def test_deciding_again_through_the_page_is_a_message_not_a_500(client, world):
    spend = make_spend(make_budget(world.school_a), "50.00", by=world.manager)
    client.force_login(world.coordinator)
    url = reverse("tutoring:spend_decide", args=[spend.pk])

    assert client.post(url, {"decision": "reject"}).status_code == 302
    again = client.post(url, {"decision": "approve"}, follow=True)

    assert again.status_code == 200
    assert "Kulusta on jo päätetty" in again.content.decode()
    spend.refresh_from_db()
    assert spend.status == SubstituteSpend.Status.REJECTED


def test_decide_page_asks_before_deciding(client, world):
    spend = make_spend(make_budget(world.school_a), "50.00", by=world.coordinator)
    response = page(client, world.manager, "tutoring:spend_decide", pk=spend.pk)
    assert "Hyväksy kulu" in response.content.decode()
    spend.refresh_from_db()
    assert spend.status == SubstituteSpend.Status.PROPOSED


def test_unknown_decision_decides_nothing(client, world):
    spend = make_spend(make_budget(world.school_a), "50.00", by=world.coordinator)
    client.force_login(world.manager)
    response = client.post(reverse("tutoring:spend_decide", args=[spend.pk]), {"decision": "x"})
    assert response.status_code == 200
    spend.refresh_from_db()
    assert spend.status == SubstituteSpend.Status.PROPOSED


# --- Scoping --------------------------------------------------------------------------------


def test_manager_of_koulu_a_cannot_see_kemis_budgets(client, world):
    kemi_budget = make_budget(world.school_k, term="Kemin syksy")
    make_budget(world.school_a)

    assert list(budget_list(user=world.manager).values_list("school__name", flat=True)) == [
        "Koulu A"
    ]
    assert budget_get(user=world.manager, pk=kemi_budget.pk) is None
    html = page(client, world.manager, "tutoring:budgets").content.decode()
    assert "Kemin syksy" not in html
    assert page(client, world.manager, "tutoring:budget", pk=kemi_budget.pk).status_code == 404


@pytest.mark.parametrize("role", ["manager", "coordinator", "outsider", "tutor", "member"])
def test_budget_list_never_shows_another_municipalitys_budget(world, role):
    make_budget(world.school_a)
    make_budget(world.school_k)
    user = world.by_role(role)
    schools = set(budget_list(user=user).values_list("school__name", flat=True))
    assert ("Koulu K" in schools) == (role == "outsider")
    assert ("Koulu A" in schools) == (role in ("manager", "coordinator"))


def test_coordinator_sees_the_budgets_of_every_school_below_them(world):
    make_budget(world.school_a)
    make_budget(world.school_b)
    schools = list(budget_list(user=world.coordinator).values_list("school__name", flat=True))
    assert schools == ["Koulu A", "Koulu B"]


def test_report_never_counts_another_municipalitys_sessions(world):
    log_session(world, organisation=world.school_k, participant_count=7)
    log_session(world, participant_count=7)
    labels = [row.label for row in hours_report(user=world.coordinator, group="school").rows]
    assert labels == ["Koulu A"]


# --- A unit's overview ----------------------------------------------------------------------


def test_unit_page_shows_upcoming_bookings_hours_this_term_and_budgets(client, world):
    slot = SlotFactory(tutor=world.tutor, organisation=world.school_a)
    BookingFactory(slot=slot, person=world.member)
    today = timezone.localdate()
    log_session(world, date=today, duration_minutes=90)
    log_session(world, date=today - timedelta(days=400), duration_minutes=600)  # another term
    make_budget(world.school_a, term="Koulun oma budjetti")

    response = page(client, world.manager, "tutoring:unit", pk=world.school_a.pk)

    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["overview"].hours == Decimal("1.5")
    assert world.member.display_name in html
    assert "Koulun oma budjetti" in html


def test_a_municipalitys_overview_counts_its_schools(client, world):
    """Hours are logged at schools: the municipality's page adds them up (it showed 0,0 h)."""
    today = timezone.localdate()
    log_session(world, date=today, duration_minutes=90)
    log_session(world, organisation=world.school_b, date=today, duration_minutes=30)
    log_session(world, organisation=world.school_k, date=today, duration_minutes=600)  # Kemi
    slot = SlotFactory(tutor=world.tutor, organisation=world.school_a)
    BookingFactory(slot=slot, person=world.member)
    make_budget(world.school_b, term="Koulu B:n budjetti")

    response = page(client, world.coordinator, "tutoring:unit", pk=world.oulu.pk)

    overview = response.context["overview"]
    assert (overview.hours, overview.session_count) == (Decimal("2.0"), 2)
    html = response.content.decode()
    assert '<span class="stat">2,0</span>' in html
    assert world.member.display_name in html
    assert "<td>Koulu A</td>" in html  # where the booked time is offered
    assert "Koulu B:n budjetti" in html
    assert "<td>Koulu B</td>" in html  # whose budget it is


def test_a_schools_overview_does_not_count_its_neighbours(client, world):
    today = timezone.localdate()
    log_session(world, date=today, duration_minutes=60)
    log_session(world, organisation=world.school_b, date=today, duration_minutes=30)
    response = page(client, world.coordinator, "tutoring:unit", pk=world.school_a.pk)
    assert response.context["overview"].hours == Decimal("1.0")
    assert 'scope="col">Yksikkö</th>' not in response.content.decode()


def test_unit_bookings_are_paged_by_25(client, world):
    for _ in range(26):
        BookingFactory(slot=SlotFactory(tutor=world.tutor, organisation=world.school_a))
    response = page(client, world.manager, "tutoring:unit", pk=world.school_a.pk)
    assert len(response.context["page_obj"]) == 25
    second = page(client, world.manager, "tutoring:unit", pk=world.school_a.pk, query="?page=2")
    assert len(second.context["page_obj"]) == 1


# --- The hours report -----------------------------------------------------------------------


@pytest.fixture
def logged(world):  # type: ignore[no-untyped-def]
    """Koulu A: 2 h in September (Arviointi) and 1 h in October; Koulu B: 30 min, 2 people."""
    arviointi = TopicFactory(organisation=world.oulu, name="Arviointi")
    log_session(
        world, date=date(2026, 9, 3), duration_minutes=120, participant_count=6, topic=arviointi
    )
    log_session(world, date=date(2026, 10, 8), duration_minutes=60, participant_count=4)
    log_session(
        world,
        organisation=world.school_b,
        date=date(2026, 10, 9),
        duration_minutes=30,
        participant_count=2,
        topic=arviointi,
    )
    return world


def rows(report):  # type: ignore[no-untyped-def]
    return [(row.label, row.hours, row.people_shown) for row in report.rows]


def test_report_groups_hours_and_people_by_school(logged):
    report = hours_report(user=logged.coordinator, group="school")
    assert rows(report) == [("Koulu A", Decimal("3.0"), "10"), ("Koulu B", Decimal("0.5"), "< 5")]


def test_report_groups_by_topic_with_untopiced_sessions_apart(logged):
    report = hours_report(user=logged.coordinator, group="topic")
    assert rows(report) == [
        ("Arviointi", Decimal("2.5"), "8"),
        ("Ei aihetta", Decimal("1.0"), "< 5"),
    ]


def test_report_groups_by_month(logged):
    report = hours_report(user=logged.coordinator, group="month")
    assert rows(report) == [("9/2026", Decimal("2.0"), "6"), ("10/2026", Decimal("1.5"), "6")]


def test_report_date_range_limits_the_sessions(logged):
    report = hours_report(
        user=logged.coordinator, group="school", start=date(2026, 10, 1), end=date(2026, 10, 31)
    )
    assert rows(report) == [("Koulu A", Decimal("1.0"), "< 5"), ("Koulu B", Decimal("0.5"), "< 5")]


def test_manager_report_covers_only_their_school(logged):
    report = hours_report(user=logged.manager, group="school")
    assert [row.label for row in report.rows] == ["Koulu A"]


def test_report_includes_approved_substitute_spend_by_school(logged):
    budget = make_budget(logged.school_a)
    make_spend(budget, "120.00", SubstituteSpend.Status.APPROVED)
    make_spend(budget, "999.00", SubstituteSpend.Status.PROPOSED)
    report = hours_report(user=logged.coordinator, group="school")
    assert [(row.school, row.amount) for row in report.spend] == [("Koulu A", Decimal("120.00"))]


def test_small_groups_show_less_than_five_in_the_page_and_chart(client, logged):
    response = page(client, logged.coordinator, "tutoring:report_hours", query="?group=school")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<td>&lt; 5</td>" in html
    assert "<td>2</td>" not in html
    assert "<td>10</td>" in html
    # The chart's labels are drawn as paths, so check the data behind them.
    assert [row.people_shown for row in response.context["report"].rows] == ["10", "< 5"]


def test_report_chart_is_an_accessible_svg_figure_without_inline_styles(client, logged):
    html = page(client, logged.coordinator, "tutoring:report_hours").content.decode()
    figure = html[html.index("<figure>") : html.index("</figure>")]
    assert "<svg" in figure and 'role="img"' in figure and 'aria-label="' in figure
    assert "<figcaption>" in figure
    assert "style=" not in html and "<style" not in html and "<script>" not in html


def test_csv_export_suppresses_small_groups(client, logged):
    response = page(
        client, logged.coordinator, "tutoring:report_hours", query="?group=school&format=csv"
    )
    body = response.content.decode("utf-8")
    assert response["Content-Disposition"].startswith("attachment;")
    assert body.startswith("\ufeff")
    table = list(csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))
    assert table == [
        ["Koulu", "Tunnit", "Tavoitetut henkilöt"],
        ["Koulu A", "3,0", "10"],
        ["Koulu B", "0,5", "< 5"],
    ]


def test_csv_export_escapes_text_that_a_spreadsheet_would_run(client, world):
    for name in ('=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)"):
        log_session(world, topic=TopicFactory(organisation=world.oulu, name=name))
    response = page(
        client, world.coordinator, "tutoring:report_hours", query="?group=topic&format=csv"
    )
    body = response.content.decode("utf-8").lstrip("\ufeff")
    labels = {row[0] for row in list(csv.reader(io.StringIO(body), delimiter=";"))[1:]}
    assert labels == {'\'=HYPERLINK("http://x")', "'+1", "'-2", "'@SUM(A1)"}


def xlsx_rows(response):  # type: ignore[no-untyped-def]
    assert response["Content-Disposition"].startswith("attachment;")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    return [[v for v in row if v is not None] for row in sheet.iter_rows(values_only=True)]


def test_xlsx_export_opens_and_holds_the_same_table(client, logged):
    log_session(logged, topic=TopicFactory(organisation=logged.oulu, name="=2+2"))
    response = page(
        client, logged.coordinator, "tutoring:report_hours", query="?group=topic&format=xlsx"
    )
    values = xlsx_rows(response)
    assert ["Aihe", "Tunnit", "Tavoitetut henkilöt"] in values
    assert ["'=2+2", 1.0, 5] in values
    assert ["Ei aihetta", 1.0, "< 5"] in values


def test_xlsx_report_says_its_period_and_grouping_and_has_totals_and_substitute_costs(
    client, logged
):
    budget = make_budget(logged.school_a)
    make_spend(budget, "1200.50", SubstituteSpend.Status.APPROVED)
    make_spend(budget, "999.00")  # proposed: not a cost yet
    make_spend(make_budget(logged.school_b), "80.00", SubstituteSpend.Status.APPROVED)
    query = "?group=school&start=2026-09-01&end=2026-12-31&format=xlsx"

    values = xlsx_rows(page(client, logged.coordinator, "tutoring:report_hours", query=query))

    assert values == [
        ["Tutorointitunnit ja sijaiskulut"],
        ["Aikaväli", "1.9.2026–31.12.2026"],
        ["Ryhmittely", "Koulu"],
        [],
        ["Koulu", "Tunnit", "Tavoitetut henkilöt"],
        ["Koulu A", 3.0, 10],
        ["Koulu B", 0.5, "< 5"],
        ["Yhteensä", 3.5, 12],
        [],
        ["Hyväksytyt sijaiskulut"],
        ["Koulu", "Summa (€)"],
        ["Koulu A", 1200.5],
        ["Koulu B", 80.0],
        ["Yhteensä", 1280.5],
    ]


@pytest.mark.parametrize(
    ("query", "period"),
    [
        ("", "Koko kirjattu aika"),
        ("&start=2026-09-01", "1.9.2026 alkaen"),
        ("&end=2026-10-31", "31.10.2026 asti"),
    ],
)
def test_xlsx_report_period_without_one_end(client, logged, query, period):
    values = xlsx_rows(
        page(
            client,
            logged.coordinator,
            "tutoring:report_hours_export",
            fmt="xlsx",
            query="?group=month" + query,
        )
    )
    assert values[1:3] == [["Aikaväli", period], ["Ryhmittely", "Kuukausi"]]
    assert values[-1] == ["Yhteensä", 0]  # no approved substitute costs


# --- Totals that agree ----------------------------------------------------------------------


@pytest.fixture
def unevenly_rounded(world):  # type: ignore[no-untyped-def]
    """90 minutes in all: Koulu A 20 + 20 min, Koulu B 25 + 25 min, over two topics. Rounded
    group by group, the schools made 0,7 + 0,8 = 1,5 h and the topics 0,8 + 0,8 = 1,6 h."""
    first = TopicFactory(organisation=world.oulu, name="Arviointi")
    second = TopicFactory(organisation=world.oulu, name="Digipedagogiikka")
    for school, minutes in ((world.school_a, 20), (world.school_b, 25)):
        for topic in (first, second):
            log_session(world, organisation=school, topic=topic, duration_minutes=minutes)
    return world


def test_the_total_is_the_same_by_school_topic_and_month(unevenly_rounded):
    totals = {
        group: hours_report(user=unevenly_rounded.coordinator, group=group).total_hours
        for group in ("school", "topic", "month")
    }
    assert totals == {"school": Decimal("1.5"), "topic": Decimal("1.5"), "month": Decimal("1.5")}


@pytest.mark.parametrize("group", ["school", "topic", "month"])
def test_the_report_page_has_a_totals_row_of_the_summed_minutes(client, unevenly_rounded, group):
    response = page(
        client, unevenly_rounded.coordinator, "tutoring:report_hours", query=f"?group={group}"
    )
    html = response.content.decode()
    foot = html[html.index("<tfoot>") : html.index("</tfoot>")]
    assert '<th scope="row">Yhteensä</th><td>1,5</td><td>20</td>' in foot
    assert "Yhteensä 1,5 tuntia." in html


def test_the_report_page_says_its_period_in_the_tables_caption(client, logged):
    response = page(client, logged.coordinator, "tutoring:report_hours", query="?start=2026-09-01")
    assert "ryhmittäin: koulu (1.9.2026 alkaen)</caption>" in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "?group=bogus",
        "?start=not-a-date&end=2026-13-45",
        "?start=2026-12-01&end=2026-01-01",
        "?group=month&start=99999-01-01",
        "?page=x&format=pdf",
        "?start=%00",
    ],
)
def test_bad_report_parameters_fall_back_to_defaults(client, logged, query):
    response = page(client, logged.coordinator, "tutoring:report_hours", query=query)
    assert response.status_code == 200
    assert response.context["report"].group in ("school", "month")


def test_bad_dates_show_the_form_error(client, logged):
    response = page(client, logged.coordinator, "tutoring:report_hours", query="?start=31.2.2026")
    assert response.status_code == 200
    assert 'class="error-summary"' in response.content.decode()
    assert response.context["report"].start is None


def test_bad_group_in_an_export_still_exports(client, logged):
    response = page(
        client, logged.coordinator, "tutoring:report_hours", query="?group=x&format=csv"
    )
    assert response.status_code == 200
    assert response.content.decode("utf-8").lstrip("\ufeff").startswith("Koulu;")


# --- Query counts ---------------------------------------------------------------------------
# Every page pays for the session, the user, their memberships and the menu; what is counted
# here is that the page's own queries do not grow with its rows.


@pytest.mark.parametrize("count", [1, 30])
def test_budget_list_costs_the_same_queries_for_1_and_30_budgets(
    client, world, count, django_assert_max_num_queries
):
    for n in range(count):
        school = OrganisationFactory(parent=world.oulu, name=f"Koulu {n:02}")
        budget = make_budget(school)
        make_spend(budget, "10.00", SubstituteSpend.Status.APPROVED, by=world.coordinator)
        make_spend(budget, "5.00", by=world.coordinator)
    client.force_login(world.coordinator)
    with django_assert_max_num_queries(7):
        response = client.get(reverse("tutoring:budgets"))
    assert len(response.context["budgets"]) == count


@pytest.mark.parametrize("count", [1, 30])
def test_budget_page_costs_the_same_queries_for_1_and_30_spends(
    client, world, count, django_assert_max_num_queries
):
    budget = make_budget(world.school_a)
    session = log_session(world, during_lessons=True)
    for _ in range(count):
        make_spend(budget, "1.00", by=world.coordinator, session=session)
    client.force_login(world.manager)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("tutoring:budget", args=[budget.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 30])
@pytest.mark.parametrize("group", ["school", "topic", "month"])
def test_report_costs_the_same_queries_for_1_and_30_sessions(
    client, world, count, group, django_assert_max_num_queries
):
    for n in range(count):
        school = OrganisationFactory(parent=world.oulu, name=f"Koulu {n:02}")
        topic = TopicFactory(organisation=world.oulu, name=f"Aihe {n:02}")
        log_session(world, organisation=school, topic=topic, date=date(2026, 1 + n % 12, 1))
    client.force_login(world.coordinator)
    with django_assert_max_num_queries(9):
        response = client.get(reverse("tutoring:report_hours") + f"?group={group}")
    assert len(response.context["report"].rows) == (min(count, 12) if group == "month" else count)


@pytest.mark.parametrize("count", [1, 30])
def test_unit_page_costs_the_same_queries_for_1_and_30_bookings(
    client, world, count, django_assert_max_num_queries
):
    topic = TopicFactory(organisation=world.oulu)
    for _ in range(count):
        slot = SlotFactory(tutor=world.tutor, organisation=world.school_a)
        BookingFactory(slot=slot, topic=topic)
        log_session(world, date=timezone.localdate())
    make_budget(world.school_a)
    client.force_login(world.manager)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("tutoring:unit", args=[world.school_a.pk]))
    assert len(response.context["page_obj"]) == min(count, 25)


def test_export_urls_carry_the_file_type_and_refuse_others(client, world):
    client.force_login(world.coordinator)
    response = client.get(reverse("tutoring:report_hours_export", args=["csv"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    response = client.get(reverse("tutoring:report_hours_export", args=["xlsx"]))
    assert "spreadsheetml" in response["Content-Type"]
    assert client.get(reverse("tutoring:report_hours_export", args=["exe"])).status_code == 404
