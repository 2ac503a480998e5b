"""`tutori generate`: deterministic synthetic data, written once per database."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, F

from tutori.accounts.models import User
from tutori.orgs.models import Organisation
from tutori.tutoring.models import Booking, Slot, TutoringSession


def test_small_scale_generates_consistent_data_and_refuses_a_second_run(db, capsys):
    call_command("generate", "--scale", "small", "--seed", "7")
    assert Organisation._default_manager.count() == 6
    assert User.objects.filter(email="member@bench.tutori.fi").exists()
    assert Slot._default_manager.exists() and TutoringSession._default_manager.exists()
    # every slot's counter is its confirmed bookings, within capacity
    assert not Slot._default_manager.filter(booked__gt=F("capacity")).exists()
    counted = Slot._default_manager.annotate(n=Count("bookings")).exclude(n=F("booked"))
    assert not counted.exists()
    assert Booking._default_manager.count() == 4 * Slot._default_manager.count()
    with pytest.raises(CommandError, match="refuses to run twice"):
        call_command("generate", "--scale", "small")
    assert Organisation._default_manager.count() == 6


def test_the_same_seed_gives_the_same_data(db):
    from random import Random

    from tutori.orgs.generate import FIRST, LAST

    def names(seed: int) -> list[str]:
        rng = Random(seed)
        return [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(20)]

    call_command("generate", "--scale", "small", "--seed", "11")
    generated = list(
        User.objects.filter(email__startswith="p0-")
        .order_by("pk")
        .values_list("display_name", flat=True)
    )
    assert generated == names(11)[: len(generated)]
