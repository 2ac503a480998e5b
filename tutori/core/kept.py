"""What a page keeps while nothing it shows can change (a closed survey's counted results):
first in the worker's own memory, then in the cache every worker on the machine shares
(``CACHES["kept"]``: files under the var directory unless ``KEPT_CACHE_URL`` says
otherwise). A worker started after another one counted a page reads the count instead of
counting again — a big survey's first count takes most of a second."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.core.cache import caches

T = TypeVar("T")


def kept(key: str, compute: Callable[[], T], seconds: int) -> T:
    """The value kept under ``key``, or ``compute()`` kept for ``seconds``."""
    own = caches["default"]
    value = own.get(key)
    if value is not None:
        return value  # type: ignore[no-any-return]
    shared = caches["kept"]
    value = shared.get(key)
    if value is None:
        value = compute()
        shared.set(key, value, seconds)
    own.set(key, value, seconds)
    return value  # type: ignore[no-any-return]
