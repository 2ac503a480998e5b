"""``{% id_url name pk %}``: ``{% url name pk %}`` for an address whose one argument is a
row's integer id, reversed once per name (and script prefix) instead of once per row. A
programme's page links each session and participant two or three times, a coach's page each
step three or four; reversing each link costs about as much as the rest of its row."""

from __future__ import annotations

from functools import lru_cache

from django import template
from django.urls import get_script_prefix, get_urlconf, reverse

register = template.Library()

STAND_IN = 2_147_483_646  # an id no row has: where the row's id goes in the cached address


@lru_cache(maxsize=256)
def _around_id(name: str, prefix: str, urlconf: str | None) -> tuple[str, str]:
    """The address of ``name`` before and after its id."""
    url = reverse(name, args=[STAND_IN], urlconf=urlconf)
    head, found, tail = url.partition(str(STAND_IN))
    if not found or str(STAND_IN) in tail:
        raise ValueError(f"{name} does not take one id")
    return head, tail


def id_address(name: str, pk: int) -> str:
    head, tail = _around_id(name, get_script_prefix(), get_urlconf())
    return f"{head}{int(pk)}{tail}"


@register.simple_tag
def id_url(name: str, pk: int) -> str:
    return id_address(name, pk)
