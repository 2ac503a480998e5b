"""A template rendered as an A4 PDF (WeasyPrint), for every app's downloads: the evaluation
report, the completion certificate, a workshop's result.

Fonts are the system's (DejaVu from Debian, through fontconfig); nothing is fetched: a
document carries everything inline and the URL fetcher refuses every address.
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string


class NoFetching(Exception):
    """A document asked for an address while it was rendered."""


def _refuse(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    raise NoFetching(url)


def pdf_from_template(template: str, context: dict[str, Any]) -> bytes:
    """``template`` rendered with ``context`` as PDF bytes (no address is fetched)."""
    from weasyprint import HTML  # imported here: loading Pango is slow and needed only here

    html = render_to_string(template, context)
    return HTML(string=html, url_fetcher=_refuse).write_pdf()  # type: ignore[no-any-return]
