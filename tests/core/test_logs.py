"""No secret in a URL reaches a log: feed tokens, password-reset and invitation links are
masked in gunicorn's access and error logs and in Django's request log."""

from __future__ import annotations

import io
import logging
import sys
from datetime import timedelta
from types import SimpleNamespace

import pytest

from tutori import cli
from tutori.core.logs import GunicornLogger, SecretsFilter, mask_secrets

SECRET = "Zm9vYmFyYmF6cXV4LXNlY3JldC10b2tlbi0xMjM0NTY"


@pytest.mark.parametrize(
    ("line", "masked"),
    [
        (f"GET /accounts/ical/{SECRET}.ics HTTP/1.1", "GET /accounts/ical/***.ics HTTP/1.1"),
        (f"/tutoring/ical/{SECRET}.ics?v=2", "/tutoring/ical/***.ics?v=2"),
        (f"/accounts/ical/{SECRET}", "/accounts/ical/***"),
        (f"/accounts/password-reset/MTI/{SECRET}/", "/accounts/password-reset/***/***/"),
        (
            "/accounts/password-reset/MTI/set-password/",
            "/accounts/password-reset/***/set-password/",
        ),
        (
            f'"https://tutori.example.fi/orgs/invitation/{SECRET}/"',
            '"https://tutori.example.fi/orgs/invitation/***/"',
        ),
        (f"/accounts/invitation/{SECRET}/", "/accounts/invitation/***/"),
        (f"Not Found: /orgs/invitation/{SECRET}%20x/", "Not Found: /orgs/invitation/***/"),
        # A secret path inside a query (?next=…) is percent-encoded.
        (
            f"/accounts/login/?next=%2Forgs%2Finvitation%2F{SECRET}%2F",
            "/accounts/login/?next=%2Forgs%2Finvitation%2F***%2F",
        ),
    ],
)
def test_secret_parts_of_urls_are_masked(line, masked):
    assert mask_secrets(line) == masked


@pytest.mark.parametrize(
    "line",
    [
        "GET /accounts/calendar/ HTTP/1.1",
        "/accounts/password-reset/",
        "/accounts/password-reset/sent/",
        "/accounts/password-reset/complete/",
        "/orgs/1/people/invite/",
        "/tutoring/reports/hours.xlsx",
    ],
)
def test_urls_without_a_secret_are_left_as_they_are(line):
    assert mask_secrets(line) == line


def _gunicorn_logger() -> GunicornLogger:
    from gunicorn.config import Config

    cfg = Config()
    cfg.set("accesslog", "-")
    return GunicornLogger(cfg)


def _captured(log: logging.Logger) -> io.StringIO:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(message)s"))
    log.addHandler(handler)
    return stream


def test_gunicorns_access_log_masks_the_path_and_the_referer():
    logger = _gunicorn_logger()
    stream = _captured(logger.access_log)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/accounts/ical/{SECRET}.ics",
        "PATH_INFO": f"/accounts/ical/{SECRET}.ics",
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "10.1.2.3",
        "HTTP_REFERER": f"https://tutori.example.fi/orgs/invitation/{SECRET}/",
        "HTTP_USER_AGENT": "Kalenteri/1.0",
    }
    response = SimpleNamespace(status="200 OK", sent=120, headers=[])
    request = SimpleNamespace(headers=[("REFERER", environ["HTTP_REFERER"])])

    logger.access(response, request, environ, timedelta(milliseconds=3))

    line = stream.getvalue()
    assert "GET /accounts/ical/***.ics HTTP/1.1" in line
    assert "/orgs/invitation/***/" in line
    assert SECRET not in line


def test_gunicorns_error_log_masks_the_failed_request():
    logger = _gunicorn_logger()
    stream = _captured(logger.error_log)
    logger.error("Error handling request %s", f"/accounts/password-reset/MTI/{SECRET}/")
    assert "/accounts/password-reset/***/***/" in stream.getvalue()
    assert SECRET not in stream.getvalue()


def test_tutori_serve_starts_gunicorn_with_the_masking_logger():
    args = cli._gunicorn([])
    assert args[args.index("--logger-class") + 1] == "tutori.core.logs.GunicornLogger"
    assert "--access-logfile" in args


@pytest.mark.parametrize(
    "path",
    [f"/accounts/ical/{SECRET}.ics", f"/tutoring/ical/{SECRET}.ics", f"/orgs/invitation/{SECRET}/"],
)
def test_djangos_request_log_masks_a_secret_path(client, db, caplog, path):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert client.get(path).status_code == 404
    messages = [record.getMessage() for record in caplog.records]
    assert any("Not Found:" in message and "***" in message for message in messages)
    assert not any(SECRET in message for message in messages)


def test_a_traceback_is_masked_too():
    try:
        raise ValueError(f"/accounts/ical/{SECRET}.ics")
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "boom", (), None)
        record.exc_info = sys.exc_info()
    SecretsFilter().filter(record)
    assert record.exc_text and SECRET not in record.exc_text
    assert "/accounts/ical/***.ics" in record.exc_text
