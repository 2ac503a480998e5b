"""Keeping secrets out of the logs: URLs that carry a secret (calendar-feed tokens, password
reset and invitation links) are masked in every log line, Django's and gunicorn's alike.

A feed token is a password to a person's calendar and a reset or invitation link signs one
in, so an access log that records them hands them to whoever reads the log. The same path
also reaches Django's request log ("Not Found: /accounts/ical/….ics") and gunicorn's error
log, and the Referer of the next request repeats it: everything a log line says is masked.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from gunicorn.glogging import Logger as _GunicornLogger

MASK = "***"

# "/" or its percent-encoded form (a path inside ?next=…); a secret segment runs to the
# next separator, query, fragment, quote or space.
_SEP = r"(?:/|%2[fF])"
_SEGMENT = r"[^/?#&\s\"'%]+(?:%(?!2[fF])[^/?#&\s\"'%]*)*"

_FEED = re.compile(rf"({_SEP}ical{_SEP})({_SEGMENT})")
_INVITATION = re.compile(rf"({_SEP}invitation{_SEP})({_SEGMENT})")
# A survey's personal link: /surveys/answer/<token>/
_SURVEY_LINK = re.compile(rf"({_SEP}surveys{_SEP}answer{_SEP})({_SEGMENT})")
# /password-reset/<uidb64>/<token>/ and, after Django moves the token into the session,
# /password-reset/<uidb64>/set-password/; /password-reset/sent/ and /complete/ are not
# secret (they have one segment only).
_RESET = re.compile(rf"({_SEP}password-reset{_SEP})({_SEGMENT})({_SEP})({_SEGMENT})")


def _feed(match: re.Match[str]) -> str:
    suffix = ".ics" if match[2].endswith(".ics") else ""
    return f"{match[1]}{MASK}{suffix}"


def _reset(match: re.Match[str]) -> str:
    token = match[4] if match[4] == "set-password" else MASK
    return f"{match[1]}{MASK}{match[3]}{token}"


def mask_secrets(text: str) -> str:
    """``text`` with the secret parts of Tutori's secret URLs replaced by ``***``."""
    if (
        "ical" not in text
        and "invitation" not in text
        and "password-reset" not in text
        and "answer" not in text
    ):
        return text
    text = _FEED.sub(_feed, text)
    text = _INVITATION.sub(rf"\g<1>{MASK}", text)
    text = _SURVEY_LINK.sub(rf"\g<1>{MASK}", text)
    return _RESET.sub(_reset, text)


class SecretsFilter(logging.Filter):
    """Masks secret URLs in a record's message (and traceback) before any handler sees it.

    On a logger it masks what that logger emits, before propagation; on a handler, all that
    reaches the handler. It never drops a record.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_secrets(message)
        if masked != message:
            record.msg, record.args = masked, ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_secrets(record.exc_text)
        return True


SECRETS_FILTER = SecretsFilter()


class GunicornLogger(_GunicornLogger):
    """Gunicorn's logger with secret URLs masked in the access log (the whole formatted
    line: request line, path, query, Referer, any atom a format names) and the error log.

    ``tutori serve`` and ``tutori demo`` start gunicorn with ``--logger-class`` naming it.
    """

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            log.addFilter(SECRETS_FILTER)  # once: the same filter object is not added twice
