"""What typed text may hold: the one rule every form, import and feed applies to names,
notes and descriptions.

Text is refused (never silently changed) when it holds
- control characters: a line break in a name breaks calendar feeds, CSV and mail headers;
  multi-line fields keep line breaks and tabs;
- bidirectional embedding, override and isolate characters (U+202A–U+202E, U+2066–U+2069):
  they make text read differently from what it is ("Trojan Source");
- characters that could not be read: U+FFFD, which Django puts where the request had bytes
  that are not UTF-8, and lone surrogates, which no database can store;
- nothing visible: a name made only of spaces, zero-width or other blank characters.
"""

from __future__ import annotations

import re
import unicodedata

from django.utils.translation import gettext as _

BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Letters and symbols that are drawn as nothing (favourites for "invisible" names).
BLANK_CHARACTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800\u180e")
UNREADABLE = "\ufffd"
# Unicode categories that draw nothing by themselves: controls, format characters (zero-width
# space and joiners, soft hyphen …), separators, marks, surrogates, unassigned, private use.
INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Cn", "Co", "Zs", "Zl", "Zp", "Mn", "Me"})
LINE_BREAKS = ("\r\n", "\r", "\u2028", "\u2029")


def normalise_line_breaks(value: str) -> str:
    """Every kind of line break (Windows', old Mac's, Unicode's) as ``\\n``."""
    for kind in LINE_BREAKS:
        value = value.replace(kind, "\n")
    return value


def _is_surrogate(character: str) -> bool:
    return "\ud800" <= character <= "\udfff"


def _is_noncharacter(character: str) -> bool:
    code = ord(character)
    return 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE


def is_visible(character: str) -> bool:
    return (
        unicodedata.category(character) not in INVISIBLE_CATEGORIES
        and character not in BLANK_CHARACTERS
    )


def text_problem(value: str, *, multiline: bool = False) -> str | None:
    """Why ``value`` cannot be stored as typed text, in the user's language, or None.

    ``multiline`` text may hold line breaks (``\\n``, after ``normalise_line_breaks``) and
    tabs. Empty text is no problem here: whether a field is required is the field's say."""
    if not value:
        return None
    if UNREADABLE in value or any(_is_surrogate(c) for c in value):
        return _(
            "Tekstissä on merkkejä, joita ei voitu lukea. Kirjoita teksti uudelleen "
            "(tiedostossa käytä merkistöä UTF-8)."
        )
    if any(c in BIDI_CONTROLS for c in value):
        return _("Tekstissä on tekstin suuntaa muuttavia ohjausmerkkejä. Poista ne.")
    allowed = "\n\t" if multiline else ""
    for character in value:
        category = unicodedata.category(character)
        line_break = category in ("Zl", "Zp") or character in "\n\r\x0b\x0c\x1c\x1d\x1e\x85"
        if line_break and not multiline:
            return _("Kirjoita teksti yhdelle riville, ilman rivinvaihtoja.")
        if (category == "Cc" and character not in allowed) or _is_noncharacter(character):
            return _("Tekstissä on ohjausmerkkejä, joita ei voi tallentaa. Poista ne.")
    if not any(is_visible(c) for c in value):
        return _("Tekstissä ei ole yhtään näkyvää merkkiä.")
    return None


def _unprintable(character: str) -> bool:
    return (
        unicodedata.category(character) == "Cc"
        or character in BIDI_CONTROLS
        or _is_surrogate(character)
        or _is_noncharacter(character)
    )


# What ``_unprintable`` finds, as one character class (the C0 and C1 controls are exactly
# Unicode's "Cc"), so that an export of a million cells does not test each character in
# Python: tabs and line breaks stay.
_UNPRINTABLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
    + "".join(sorted(BIDI_CONTROLS))
    + "\ud800-\udfff\ufdd0-\ufdef"
    + "".join(chr(plane << 16 | low) for plane in range(17) for low in (0xFFFE, 0xFFFF))
    + "]"
)


def without_unprintable(value: str) -> str:
    """``value`` without the characters no output should hold: control characters (but tabs
    and line breaks, kept as they are), bidirectional controls, surrogates, noncharacters."""
    return _UNPRINTABLE.sub("", value)


def printable(value: str, *, multiline: bool = False) -> str:
    """``value`` without what ``text_problem`` refuses (line breaks and tabs become spaces
    unless ``multiline``): for writing out text that was stored before these rules, e.g.
    in a calendar feed, where one odd character must not break the whole file."""
    value = without_unprintable(normalise_line_breaks(value))
    return value if multiline else value.replace("\n", " ").replace("\t", " ")


def folded(*parts: str) -> str:
    """``parts`` as a search compares them: Unicode-normalised (NFKC), case-folded and joined
    by line breaks. Searches compare folded text with folded text, because SQLite's LIKE
    folds only ASCII letters ("ETÄ" would not find "etä")."""
    return "\n".join(unicodedata.normalize("NFKC", part).casefold() for part in parts if part)
