"""`tutori demo` says the address it really serves on (TUTORI_BIND), and its mails link there."""

from __future__ import annotations

import os

import pytest

from tutori import cli


@pytest.mark.parametrize(
    ("bind", "url"),
    [
        ("127.0.0.1:8000", "http://127.0.0.1:8000/"),
        ("0.0.0.0:8080", "http://127.0.0.1:8080/"),
        ("[::]:9000", "http://127.0.0.1:9000/"),
        ("localhost", "http://localhost:8000/"),
        ("tutori.example.fi:8443", "http://tutori.example.fi:8443/"),
        ("unix:/run/tutori.sock", None),
    ],
)
def test_the_address_a_browser_on_this_machine_opens(bind, url):
    assert cli.browser_url(bind) == url


def _run_demo(monkeypatch, bind: str | None) -> tuple[dict[str, str], list[list[str]]]:
    environ = {
        k: v
        for k, v in os.environ.items()
        if k not in {"TUTORI_DEMO", "TUTORI_SITE_URL", "TUTORI_BIND"}
    }
    if bind is not None:
        environ["TUTORI_BIND"] = bind
    monkeypatch.setattr(os, "environ", environ)  # what the demo sets stays in this test
    ran: list[list[str]] = []
    monkeypatch.setattr(
        "django.core.management.execute_from_command_line", lambda argv: ran.append(argv)
    )
    monkeypatch.setattr(cli, "_serve_with_worker", lambda args: ran.append(["serve"]))
    cli.main(["demo"])
    return environ, ran


def test_demo_prints_the_address_it_serves_on_and_its_mails_link_there(monkeypatch, capsys):
    environ, ran = _run_demo(monkeypatch, "0.0.0.0:8080")
    out = capsys.readouterr().out
    assert "Tutori serves on 0.0.0.0:8080 (TUTORI_BIND)" in out
    assert "Open http://127.0.0.1:8080/ in a browser" in out
    assert "ALLOWED_HOSTS" in out
    assert environ["TUTORI_SITE_URL"] == "http://127.0.0.1:8080"
    assert ran[-2] == ["tutori", "demo_data"]
    assert ran[-1] == ["serve"]
    assert cli._gunicorn([])[cli._gunicorn([]).index("--bind") + 1] == "0.0.0.0:8080"


def test_demo_serves_on_the_loopback_port_8000_by_default(monkeypatch, capsys):
    environ, _ran = _run_demo(monkeypatch, None)
    out = capsys.readouterr().out
    assert "Tutori serves on 127.0.0.1:8000 (TUTORI_BIND): open http://127.0.0.1:8000/" in out
    assert environ["TUTORI_SITE_URL"] == "http://127.0.0.1:8000"
