"""Numbers as people type them: what the app itself shows is read back.

Tutori shows money as ``1 200,50 €`` in Finnish and Swedish (a non-breaking space between the
thousands) and ``1,200.50 €`` in English. ``parse_decimal`` reads all of these, plus the
plain forms people type (``1200,5``, ``1200.50``), and refuses the rest: it is what every
number and money field of every form uses (``core.forms.DecimalInputField``).

The rules:
- the thousands may be grouped by a space (a normal, a non-breaking U+00A0, a narrow
  non-breaking U+202F or a thin space), and then every group after the first has three
  digits;
- one ``,`` or ``.`` followed by digits is the decimal separator, whatever the language
  (``1200,5`` and ``1200.5`` are the same number);
- both ``,`` and ``.`` (``1,200.50``, ``1.200,50``): the last one is the decimal separator,
  the other groups thousands;
- a separator appearing more than once (``1,200,000``) groups thousands;
- ``1,200`` alone is 1,2 except in a language whose decimal separator is ``.`` (English),
  where it is 1 200, as that language shows it;
- a leading ``-`` (or the minus sign U+2212) or ``+``, and a currency sign after or before
  the number (``1 200,50 €``) when the field expects one;
- only the digits 0–9; nothing else (no exponents, ``NaN``, underscores or other scripts).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from django.utils import formats

# Longer input is never a number a person means (and is not worth a regular expression).
MAX_LENGTH = 64
SPACES = " \u00a0\u202f\u2009\u2007"
MINUS_SIGNS = "-\u2212"

_SPACE = f"[{SPACES}]"
_GROUPED_BY_SPACE = re.compile(rf"\A([0-9]{{1,3}}(?:{_SPACE}[0-9]{{3}})+)(?:([.,])([0-9]+))?\Z")
_GROUPED_BY_COMMA = re.compile(r"\A([0-9]{1,3}(?:,[0-9]{3})+)(?:(\.)([0-9]+))?\Z")
_GROUPED_BY_DOT = re.compile(r"\A([0-9]{1,3}(?:\.[0-9]{3})+)(?:(,)([0-9]+))?\Z")
_PLAIN = re.compile(r"\A([0-9]*)(?:([.,])([0-9]+))?\Z")


def _decimal_separator() -> str:
    return str(formats.get_format("DECIMAL_SEPARATOR"))


def _unsigned(text: str) -> tuple[str, str] | None:
    """(whole digits, fraction digits) of ``text`` without a sign, or None."""
    match = _GROUPED_BY_SPACE.match(text)
    if match:
        return re.sub(_SPACE, "", match[1]), match[3] or ""
    match = _GROUPED_BY_COMMA.match(text)
    if match and (match[2] or text.count(",") > 1 or _decimal_separator() == "."):
        return match[1].replace(",", ""), match[3] or ""
    match = _GROUPED_BY_DOT.match(text)
    if match and (match[2] or text.count(".") > 1):
        return match[1].replace(".", ""), match[3] or ""
    match = _PLAIN.match(text)
    if match and (match[1] or match[3]):
        return match[1] or "0", match[3] or ""
    return None


def parse_decimal(value: str, *, currency: str = "") -> Decimal | None:
    """The number ``value`` says (see the module's rules), or None when it says none."""
    text = value.strip()
    if not text or len(text) > MAX_LENGTH:
        return None
    if currency:
        if text.endswith(currency):
            text = text.removesuffix(currency).rstrip(SPACES)
        elif text.startswith(currency):
            text = text.removeprefix(currency).lstrip(SPACES)
    negative = False
    if text and (text[0] in MINUS_SIGNS or text[0] == "+"):
        negative = text[0] in MINUS_SIGNS
        text = text[1:]
    parts = _unsigned(text)
    if parts is None:
        return None
    whole, fraction = parts
    digits = f"{whole}.{fraction}" if fraction else whole
    try:
        return Decimal(f"-{digits}" if negative else digits)
    except InvalidOperation:  # pragma: no cover - the patterns let only digits through
        return None


T = TypeVar("T")


def _first(pair: tuple[Any, int]) -> Any:
    return pair[0]


def middle_values(counts: Iterable[tuple[T, int]]) -> tuple[T, T] | None:
    """The two middle values of values given as ``(value, count)`` pairs (counted by the
    database), the same one twice when there is an odd number of them: their mean is the
    median. None when nothing is counted."""
    ordered = sorted(((value, count) for value, count in counts if count > 0), key=_first)
    n = sum(count for _value, count in ordered)
    if n == 0:
        return None

    def at(position: int) -> T:  # 1-based position in the sorted values
        seen = 0
        for value, count in ordered:
            seen += count
            if position <= seen:
                return value
        raise AssertionError("position past the values")

    return at((n + 1) // 2), at(n // 2 + 1)
