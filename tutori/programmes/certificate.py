"""The completion certificate as a PDF (WeasyPrint): name, programme, credits, hours,
themes, dates, organiser, the code and the public verification address.

Fonts are the system's (DejaVu from Debian, through fontconfig); nothing is fetched: the
document has no external resources and the URL fetcher refuses every address.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils import translation

from tutori.core.notify import site_url
from tutori.core.pdf import pdf_from_template
from tutori.programmes.models import Participant


def finnish_date_range(start: Any, end: Any) -> str:
    """11.1.–28.5.2027 (the year once when both dates share it), 1.12.2026–28.5.2027."""
    if start is None and end is None:
        return ""
    if start is None or end is None or start == end:
        d = start or end
        return f"{d.day}.{d.month}.{d.year}"
    if start.year == end.year:
        return f"{start.day}.{start.month}.\u2013{end.day}.{end.month}.{end.year}"
    return f"{start.day}.{start.month}.{start.year}\u2013{end.day}.{end.month}.{end.year}"


def number(value: Decimal | None) -> str:
    """4 or 4,5 (a decimal comma, no trailing zeros)."""
    if value is None:
        return ""
    text = f"{value.normalize():f}"
    return text.replace(".", ",")


def certificate_context(participant: Participant, hours: Decimal) -> dict[str, Any]:
    programme = participant.programme
    verify_path = reverse("programmes:verify", args=[participant.certificate_code])
    return {
        "participant": participant,
        "programme": programme,
        "name": participant.person.display_name or participant.person.email,
        "hours": number(hours),
        "credits": number(programme.credits),
        "dates": finnish_date_range(programme.starts_on, programme.ends_on),
        "completed_on": participant.completed_at,
        "themes": list(programme.themes or []),
        "code": participant.certificate_code,
        "verify_url": site_url(verify_path),
        "language": translation.get_language() or "fi",
    }


def render_pdf(participant: Participant, hours: Decimal) -> bytes:
    """The certificate of a completed participation, in the current language."""
    return pdf_from_template(
        "programmes/completion/certificate_pdf.html", certificate_context(participant, hours)
    )
