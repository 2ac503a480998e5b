"""Deciding on substitute spend: an optional reason, undoing one's own decision until the
spend is used (until the end of the substitute's day, or of the day of the decision for a
spend entered afterwards), and who is told by mail: whoever can decide, of a spend waiting
for them; who proposed it, of the decision (with its reason) and of its undoing; each in their
own language."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tests.factories import MembershipFactory, SubstituteBudgetFactory, UserFactory
from tutori.core.errors import ApplicationError, PermissionDeniedError
from tutori.core.notify import site_url
from tutori.tutoring.models import SubstituteSpend
from tutori.tutoring.selectors.budget import can_still_undo, undo_until
from tutori.tutoring.services.budget import (
    spend_create,
    spend_decide,
    spend_deciders,
    spend_undo,
)

APPROVED = SubstituteSpend.Status.APPROVED
REJECTED = SubstituteSpend.Status.REJECTED
PROPOSED = SubstituteSpend.Status.PROPOSED


def today():  # type: ignore[no-untyped-def]
    return timezone.localdate()


@pytest.fixture
def budget(world):  # type: ignore[no-untyped-def]
    return SubstituteBudgetFactory(school=world.school_a, term="syksy 2026", amount=5000)


@pytest.fixture
def proposed(world, budget):  # type: ignore[no-untyped-def]
    """Oulu's coordinator proposed 1 200,50 € for a substitute in three days."""
    return SubstituteSpend._default_manager.create(
        budget=budget,
        date=today() + timedelta(days=3),
        amount=Decimal("1200.50"),
        description="Sijainen tutoroinnin ajaksi",
        created_by=world.coordinator,
    )


def fresh(spend):  # type: ignore[no-untyped-def]
    return SubstituteSpend._default_manager.get(pk=spend.pk)


# --- The reason -----------------------------------------------------------------------------


def test_the_principal_rejects_with_a_reason_that_the_budget_page_shows(client, world, proposed):
    client.force_login(world.manager)
    url = reverse("tutoring:spend_decide", args=[proposed.pk])
    response = client.post(url, {"decision": "reject", "reason": "  Ei sijaista tarvita.  "})
    assert response.status_code == 302
    spend = fresh(proposed)
    assert (spend.status, spend.decision_reason) == (REJECTED, "Ei sijaista tarvita.")
    html = client.get(reverse("tutoring:budget", args=[proposed.budget_id])).content.decode()
    assert "Perustelu: Ei sijaista tarvita." in html


def test_the_budget_page_leads_to_deciding_with_a_reason(client, world, proposed):
    client.force_login(world.manager)
    html = client.get(reverse("tutoring:budget", args=[proposed.budget_id])).content.decode()
    link = f'<a href="{reverse("tutoring:spend_decide", args=[proposed.pk])}">Päätä perustellen'
    assert link in html


def test_the_reason_is_optional(world, proposed):
    spend_decide(by=world.manager, spend=proposed, approve=True)
    assert (fresh(proposed).status, fresh(proposed).decision_reason) == (APPROVED, "")


@pytest.mark.parametrize("reason", ["rivi\nrivi", "\u202eväärin päin", "x" * 501])
def test_a_reason_that_breaks_the_text_rules_is_a_form_error(client, world, proposed, reason):
    client.force_login(world.manager)
    url = reverse("tutoring:spend_decide", args=[proposed.pk])
    response = client.post(url, {"decision": "approve", "reason": reason})
    assert response.status_code == 200
    assert 'class="error"' in response.content.decode()
    assert fresh(proposed).status == PROPOSED
    with pytest.raises(ApplicationError):
        spend_decide(by=world.manager, spend=proposed, approve=True, reason=reason)


def test_the_decide_page_says_until_when_the_decision_can_be_undone(client, world, proposed):
    client.force_login(world.manager)
    html = client.get(reverse("tutoring:spend_decide", args=[proposed.pk])).content.decode()
    day = proposed.date
    assert f"Voit perua päätöksesi {day.day}.{day.month}.{day.year} asti" in html
    assert 'name="reason"' in html


# --- Undoing --------------------------------------------------------------------------------


@pytest.mark.parametrize("approve", [True, False])
def test_the_principal_undoes_their_decision_and_the_spend_waits_again(
    client, world, proposed, approve
):
    spend_decide(by=world.manager, spend=proposed, approve=approve, reason="Harkittu")
    client.force_login(world.manager)
    budget_page = client.get(reverse("tutoring:budget", args=[proposed.budget_id]))
    undo_url = reverse("tutoring:spend_undo", args=[proposed.pk])
    assert undo_url in budget_page.content.decode()

    asked = client.get(undo_url)
    assert asked.status_code == 200
    assert fresh(proposed).status != PROPOSED  # asking changes nothing
    assert 'method="post"' in asked.content.decode()

    response = client.post(undo_url, follow=True)

    assert response.status_code == 200
    assert "Päätös peruttu. Kulu odottaa taas päätöstä." in response.content.decode()
    spend = fresh(proposed)
    assert (spend.status, spend.decided_by, spend.decided_at, spend.decision_reason) == (
        PROPOSED,
        None,
        None,
        "",
    )
    # Decided again, by anyone who may.
    spend_decide(by=world.admin, spend=spend, approve=True)
    assert fresh(proposed).status == APPROVED


def test_undoing_is_in_the_audit_trail(world, proposed):
    spend_decide(by=world.manager, spend=proposed, approve=True)
    spend_undo(by=world.manager, spend=fresh(proposed))
    undone = LogEntry.objects.get_for_object(proposed).order_by("pk").last()
    assert undone is not None
    assert undone.actor == world.manager
    assert undone.changes_dict["status"] == ["approved", "proposed"]
    assert undone.changes_dict["decided_by"] == [str(world.manager.pk), "None"]


def test_only_who_decided_undoes(client, world, proposed):
    spend_decide(by=world.manager, spend=proposed, approve=True)
    with pytest.raises(PermissionDeniedError):
        spend_undo(by=world.admin, spend=fresh(proposed))
    client.force_login(world.admin)
    html = client.get(reverse("tutoring:budget", args=[proposed.budget_id])).content.decode()
    assert reverse("tutoring:spend_undo", args=[proposed.pk]) not in html
    assert fresh(proposed).status == APPROVED


def test_a_used_spend_cannot_be_undone(client, world, proposed, monkeypatch):
    """After the substitute's day the substitute has worked: the decision stands."""
    spend_decide(by=world.manager, spend=proposed, approve=True)
    spend = fresh(proposed)
    assert can_still_undo(spend, today=spend.date)
    assert not can_still_undo(spend, today=spend.date + timedelta(days=1))

    later = spend.date + timedelta(days=1)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: later)
    with pytest.raises(ApplicationError, match="Päätöstä ei voi enää perua"):
        spend_undo(by=world.manager, spend=spend)
    client.force_login(world.manager)
    undo_url = reverse("tutoring:spend_undo", args=[proposed.pk])
    asked = client.get(undo_url).content.decode()
    assert "Päätöstä ei voi enää perua" in asked and "Peru päätös</button>" not in asked
    response = client.post(undo_url, follow=True)
    assert "Päätöstä ei voi enää perua" in response.content.decode()
    assert fresh(proposed).status == APPROVED


def test_a_spend_entered_afterwards_can_be_undone_on_the_day_of_the_decision(world, budget):
    past = SubstituteSpend._default_manager.create(
        budget=budget,
        date=today() - timedelta(days=5),
        amount=Decimal("185.00"),
        description="Sijainen viime viikolla",
        created_by=world.coordinator,
    )
    spend_decide(by=world.manager, spend=past, approve=True)
    spend = fresh(past)
    assert undo_until(spend) == today()
    assert not can_still_undo(spend, today=today() + timedelta(days=1))
    spend_undo(by=world.manager, spend=spend)
    assert fresh(past).status == PROPOSED


def test_undoing_twice_is_a_message_not_a_500(client, world, proposed):
    spend_decide(by=world.manager, spend=proposed, approve=True)
    stale = fresh(proposed)
    spend_undo(by=world.manager, spend=fresh(proposed))
    spend_decide(by=world.admin, spend=fresh(proposed), approve=False)
    with pytest.raises(PermissionDeniedError):
        spend_undo(by=world.manager, spend=fresh(proposed))  # no longer their decision
    with pytest.raises(ApplicationError, match="Päätös on jo muuttunut"):
        spend_undo(by=world.manager, spend=stale)


# --- Mail -----------------------------------------------------------------------------------


def test_whoever_can_decide_is_told_of_a_waiting_spend(
    world, budget, django_capture_on_commit_callbacks
):
    other_principal = UserFactory(display_name="Raili Rehtori", email="raili@example.fi")
    MembershipFactory(user=other_principal, organisation=world.school_a, manager=True)
    assert spend_deciders(SubstituteSpend(budget=budget, created_by=world.coordinator)) == [
        other_principal,
        world.manager,
    ]

    with django_capture_on_commit_callbacks(execute=True):
        spend = spend_create(
            by=world.coordinator,
            budget=budget,
            date=today(),
            amount=Decimal("1200.50"),
            description="Sijainen koulutuspäivälle",
        )

    assert sorted(m.to[0] for m in mail.outbox) == ["raili@example.fi", "rehtori@example.fi"]
    message = mail.outbox[0]
    assert message.subject == "Sijaiskulu odottaa päätöstäsi: Koulu A"
    assert "1\xa0200,50 €" in message.body
    assert "Sijainen koulutuspäivälle" in message.body
    assert "Lisännyt: Kaisa Koordinaattori" in message.body
    assert site_url(reverse("tutoring:spend_decide", args=[spend.pk])) in message.body


def test_the_proposer_is_not_told_of_their_own_spend_nor_a_principal_elsewhere(
    world, django_capture_on_commit_callbacks
):
    """A principal proposes: the municipality's coordinator decides, and Koulu B's or Kemi's
    overseers hear nothing."""
    budget_b = SubstituteBudgetFactory(school=world.school_b)
    principal_b = UserFactory(email="rehtori-b@example.fi")
    MembershipFactory(user=principal_b, organisation=world.school_b, manager=True)
    budget_a = SubstituteBudgetFactory(school=world.school_a)
    with django_capture_on_commit_callbacks(execute=True):
        SubstituteSpend._default_manager.create(
            budget=budget_b,
            date=today(),
            amount=Decimal(1),
            description="x",
            created_by=principal_b,
        )
        spend_create(
            by=world.coordinator, budget=budget_a, date=today(), amount=Decimal(5), description="y"
        )
    assert [m.to for m in mail.outbox] == [["rehtori@example.fi"]]


def test_a_principal_who_switched_the_mail_off_gets_none(
    world, budget, django_capture_on_commit_callbacks
):
    world.manager.notifications_off = ["tutoring.spend_to_decide"]
    world.manager.save()
    with django_capture_on_commit_callbacks(execute=True):
        spend_create(
            by=world.coordinator, budget=budget, date=today(), amount=Decimal(5), description="y"
        )
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("language", "subject", "waiting"),
    [
        ("fi", "Sijaiskulu odottaa päätöstäsi: Koulu A", "Päätä kulusta"),
        ("sv", "En vikariekostnad väntar på ditt beslut: Koulu A", "Besluta om kostnaden"),
        ("en", "A substitute cost awaits your decision: Koulu A", "Decide on the cost"),
    ],
)
def test_the_principal_is_told_in_their_language(
    world, budget, django_capture_on_commit_callbacks, language, subject, waiting
):
    world.manager.preferred_language = language
    world.manager.save()
    with django_capture_on_commit_callbacks(execute=True):
        spend_create(
            by=world.coordinator,
            budget=budget,
            date=today(),
            amount=Decimal("1200.50"),
            description="Sijainen",
        )
    (message,) = mail.outbox
    assert message.subject == subject
    assert waiting in message.body
    assert ("1,200.50 €" if language == "en" else "1\xa0200,50 €") in message.body


@pytest.mark.parametrize(
    ("language", "approve", "subject", "said", "reason"),
    [
        ("fi", True, "Sijaiskulu hyväksytty: Koulu A", "on hyväksytty", "Perustelu: Tarpeen"),
        ("fi", False, "Sijaiskulu hylätty: Koulu A", "on hylätty", "Perustelu: Tarpeen"),
        ("sv", True, "Vikariekostnaden godkändes: Koulu A", "har godkänts", "Motivering: Tarpeen"),
        ("sv", False, "Vikariekostnaden avslogs: Koulu A", "har avslagits", "Motivering: Tarpeen"),
        ("en", True, "Substitute cost approved: Koulu A", "has been approved", "Reason: Tarpeen"),
        ("en", False, "Substitute cost declined: Koulu A", "has been declined", "Reason: Tarpeen"),
    ],
)
def test_the_proposer_is_told_of_the_decision_with_its_reason_in_their_language(
    world, proposed, django_capture_on_commit_callbacks, language, approve, subject, said, reason
):
    world.coordinator.preferred_language = language
    world.coordinator.save()
    with django_capture_on_commit_callbacks(execute=True):
        spend_decide(by=world.manager, spend=proposed, approve=approve, reason="Tarpeen")
    (message,) = mail.outbox
    assert message.to == ["koordinaattori@example.fi"]
    assert message.subject == subject
    assert said in message.body
    assert reason in message.body
    assert "Reijo Rehtori" in message.body
    assert site_url(reverse("tutoring:budget", args=[proposed.budget_id])) in (message.body)


def test_a_decision_mail_reaches_the_proposer_even_with_mails_switched_off(
    world, proposed, django_capture_on_commit_callbacks
):
    world.coordinator.notifications_off = ["tutoring.spend_decision"]
    world.coordinator.save()
    with django_capture_on_commit_callbacks(execute=True):
        spend_decide(by=world.manager, spend=proposed, approve=False)
    assert [m.to for m in mail.outbox] == [["koordinaattori@example.fi"]]


@pytest.mark.parametrize(
    ("language", "subject", "said"),
    [
        ("fi", "Päätös sijaiskulusta peruttiin: Koulu A", "Kulu odottaa taas päätöstä."),
        ("sv", "Beslutet om vikariekostnaden återkallades: Koulu A", "väntar igen på beslut"),
        ("en", "Decision on a substitute cost undone: Koulu A", "awaits a decision again"),
    ],
)
def test_the_proposer_is_told_when_the_decision_is_undone(
    world, proposed, django_capture_on_commit_callbacks, language, subject, said
):
    world.coordinator.preferred_language = language
    world.coordinator.save()
    spend_decide(by=world.manager, spend=proposed, approve=True)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        spend_undo(by=world.manager, spend=fresh(proposed))
    (message,) = mail.outbox
    assert message.subject == subject
    assert said in message.body
    assert "Reijo Rehtori" in message.body


def test_nothing_is_mailed_when_the_write_is_refused(
    world, proposed, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(PermissionDeniedError):
        spend_decide(by=world.coordinator, spend=proposed, approve=True)  # their own
    assert mail.outbox == []
