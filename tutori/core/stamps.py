"""Stamps: one counter per kind of data, raised by every write to it, read by the pages that
keep a rendered part in their process's cache (``core.models.Stamp``).

A kept part's key holds the stamp it was rendered under; a write raises the stamp inside
its own transaction, so once it commits every process's next read of the stamp misses the
old part. Reading a stamp is one query by primary key; raising one is one UPDATE (the row
is made on first use).
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F

from tutori.core.models import Stamp


def raise_stamp(name: str) -> None:
    """Mark that the data under ``name`` changed (call inside the write's transaction)."""
    if Stamp.objects.filter(name=name).update(version=F("version") + 1):
        return
    try:
        with transaction.atomic():
            Stamp.objects.create(name=name, version=1)
    except IntegrityError:  # made by a concurrent first write meanwhile
        Stamp.objects.filter(name=name).update(version=F("version") + 1)


def read_stamp(name: str) -> int:
    """The current value of the stamp ``name`` (0 before its first change)."""
    return Stamp.objects.filter(pk=name).values_list("version", flat=True).first() or 0
