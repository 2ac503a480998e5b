"""The statements the law asks of a public service: the accessibility statement (laki
digitaalisten palvelujen tarjoamisesta 306/2019, 16 §) and the privacy notice (GDPR art. 13
and 14). Public pages, one template per language (long legal text reads better whole than
cut into msgids); the operator's details come from settings."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_GET

# When Tutori's own accessibility was last assessed (the self-assessment this version ships
# with); a deployment that assesses its own installation sets TUTORI_ACCESSIBILITY_ASSESSED_ON.
ASSESSED_ON = date(2026, 11, 30)
# The statement was first written on this day.
PREPARED_ON = date(2026, 11, 30)
# Days within which feedback on accessibility is answered (306/2019, 16 §: 14 days).
RESPONSE_DAYS = 14
LANGUAGES = ("fi", "sv", "en")


def assessed_on() -> date:
    configured = getattr(settings, "TUTORI_ACCESSIBILITY_ASSESSED_ON", "")
    if configured:
        try:
            return date.fromisoformat(configured)
        except ValueError:
            pass
    return ASSESSED_ON


def operator_details() -> dict[str, Any]:
    """The operator's details as settings give them, for the statements' templates."""
    return {
        "name": settings.TUTORI_OPERATOR_NAME,
        "email": settings.TUTORI_OPERATOR_EMAIL,
        "address": settings.TUTORI_OPERATOR_ADDRESS,
        "phone": settings.TUTORI_OPERATOR_PHONE,
        "dpo_email": settings.TUTORI_DPO_EMAIL,
        "accessibility_email": settings.TUTORI_ACCESSIBILITY_FEEDBACK_EMAIL,
    }


def _template(kind: str) -> str:
    language = translation.get_language() or settings.LANGUAGE_CODE
    language = language.split("-")[0]
    if language not in LANGUAGES:
        language = settings.LANGUAGE_CODE
    return f"core/statements/{kind}_{language}.html"


def _context() -> dict[str, Any]:
    return {
        "operator": operator_details(),
        "assessed_on": assessed_on(),
        "prepared_on": PREPARED_ON,
        "response_days": RESPONSE_DAYS,
        "invitation_days": settings.INVITATION_LIFETIME.days,
        "site_url": settings.SITE_URL,
    }


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, _template("accessibility"), _context())


@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, _template("privacy"), _context())
