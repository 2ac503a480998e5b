"""Personal data: every model that refers to a person is declared (what it holds, how it is
exported and erased) or exempted with a reason; export and erasure follow the declarations."""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.db import models

from tests.factories import BookingFactory, MembershipFactory, SlotFactory
from tutori.accounts.models import User
from tutori.core.personal_data import person_erase, person_export
from tutori.core.registry import PersonalData, PersonalDataExempt, registry
from tutori.core.scoping import scopes_disabled
from tutori.tutoring.models import Booking

USER = apps.get_model(settings.AUTH_USER_MODEL)


def _person_links(model: type[models.Model]) -> list[str]:
    return [
        f.name
        for f in model._meta.get_fields()
        if isinstance(f, models.ForeignKey | models.OneToOneField | models.ManyToManyField)
        and f.related_model is USER
        and not f.auto_created
    ]


def test_every_model_that_refers_to_a_person_is_declared_or_exempted():
    missing = [
        model._meta.label
        for model in apps.get_models()
        if model.__module__.startswith("tutori.")
        and (model is USER or _person_links(model))
        and model not in registry.personal_data
    ]
    assert missing == []


def test_every_link_to_a_person_is_exported_or_named_as_an_actor():
    """A declared model names each of its person links: as the person whose data it is, or
    as the actor who did something (created_by, decided_by), kept when a person is erased."""
    unnamed = []
    for model, item in registry.personal_data.items():
        if isinstance(item, PersonalDataExempt):
            assert item.reason
            continue
        covered = {p.split("__")[0] for p in item.paths} | set(item.actor_paths)
        unnamed += [f"{model._meta.label}.{f}" for f in _person_links(model) if f not in covered]
        if item.erase == "retain":
            assert item.reason, model
    assert unnamed == []


def test_export_holds_the_persons_rows_and_no_one_elses(world):
    slot = SlotFactory(organisation=world.school_a, tutor=world.tutor)
    BookingFactory(slot=slot, person=world.member, need="Apua arviointiin")
    other = SlotFactory(organisation=world.school_a, tutor=world.tutor)
    BookingFactory(slot=other, person=world.manager, need="Toisen tarve")
    data = person_export(person=world.member)
    assert [b["need"] for b in data["tutoring.Booking"]] == ["Apua arviointiin"]
    assert data["accounts.User"][0]["email"] == world.member.email
    assert [m["organisation__name"] for m in data["orgs.Membership"]] == ["Koulu A"]


def test_erasure_anonymises_the_person_and_keeps_the_others_data(world):
    slot = SlotFactory(organisation=world.school_a, tutor=world.tutor)
    mine = BookingFactory(slot=slot, person=world.member, need="Henkilökohtainen asia")
    theirs = BookingFactory(
        slot=SlotFactory(organisation=world.school_a, tutor=world.tutor),
        person=world.manager,
        need="Toisen tarve",
    )
    MembershipFactory(user=world.member, organisation=world.school_b)
    person_erase(person=world.member)
    person = User.objects.get(pk=world.member.pk)
    assert person.email is None and not person.is_active and not person.has_usable_password()
    assert "Olli" not in person.display_name
    with scopes_disabled():
        assert Booking.objects.get(pk=mine.pk).need == ""
        assert Booking.objects.get(pk=theirs.pk).need == "Toisen tarve"
    assert person_export(person=world.manager)["accounts.User"][0]["email"]


def test_declarations_name_real_fields(db):
    for item in registry.personal_data.values():
        if isinstance(item, PersonalData):
            with scopes_disabled():
                list(item.model.objects.values(*item.fields)[:1])


def test_the_commands_export_and_erase_by_address(world, capsys):
    import json

    from django.core.management import call_command

    call_command("person_export", world.member.email.upper())
    data = json.loads(capsys.readouterr().out)
    assert data["accounts.User"][0]["display_name"] == world.member.display_name
    call_command("person_erase", world.member.email, "--yes")
    assert User.objects.filter(email=world.member.email).count() == 0


def test_erasure_leaves_no_name_or_address_in_the_audit_trail(world, client):
    from auditlog.models import LogEntry

    client.force_login(world.member)
    client.post(
        "/accounts/profile/",
        {"display_name": "Olli Uusinimi", "phone": "0401234567", "preferred_language": "fi"},
    )
    assert "Uusinimi" in str(list(LogEntry.objects.values_list("changes", flat=True)))
    address = world.member.email
    person_erase(person=world.member)
    trail = str(list(LogEntry.objects.values("changes", "changes_text", "object_repr")))
    assert "Uusinimi" not in trail and "0401234567" not in trail
    assert address not in str(list(LogEntry.objects.values("actor_email")))
