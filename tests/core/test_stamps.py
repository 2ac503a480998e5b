"""Stamps tell kept pages their data changed: every raise counts, also when many writers
raise a stamp that does not exist yet at the same moment."""

from __future__ import annotations

import pytest
from django.db import transaction

from tests.racing import race
from tutori.core.stamps import raise_stamp, read_stamp


@pytest.mark.django_db
def test_a_stamp_starts_at_zero_and_counts_each_raise():
    assert read_stamp("test.things") == 0
    raise_stamp("test.things")
    raise_stamp("test.things")
    assert read_stamp("test.things") == 2
    assert read_stamp("test.other") == 0


@pytest.mark.django_db
def test_a_raise_rolled_back_with_its_write_leaves_the_stamp():
    raise_stamp("test.things")
    with pytest.raises(RuntimeError), transaction.atomic():
        raise_stamp("test.things")
        raise RuntimeError("the write failed")
    assert read_stamp("test.things") == 1


@pytest.mark.django_db(transaction=True)
def test_writers_raising_a_new_stamp_at_once_all_count():
    def write(_i: int) -> None:
        with transaction.atomic():
            raise_stamp("test.raced")

    results = race(6, write)

    assert [r for r in results if r is not None] == []
    assert read_stamp("test.raced") == 6
