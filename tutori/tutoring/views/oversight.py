"""Oversight: a unit's bookings and hours, substitute budgets, the tutoring-hours report."""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
from collections import OrderedDict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats, translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from tutori.core.errors import ApplicationError
from tutori.core.http import found_or_404, require
from tutori.orgs import access
from tutori.orgs.selectors import organisation_get
from tutori.tutoring.forms_oversight import (
    BudgetForm,
    HoursReportForm,
    SpendDecisionForm,
    SpendForm,
)
from tutori.tutoring.models import SubstituteSpend
from tutori.tutoring.selectors import oversight as selectors
from tutori.tutoring.services import budget as services

BOOKINGS_PER_PAGE = 25


@login_required
@require_GET
def unit(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = found_or_404(organisation_get(user=request.user, pk=pk))
    require(access.can_oversee(request.user, organisation))  # type: ignore[arg-type]
    overview = selectors.unit_overview(user=request.user, organisation=organisation)
    page_obj = Paginator(overview.bookings, BOOKINGS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "tutoring/oversight/unit.html",
        {
            "organisation": organisation,
            "overview": overview,
            "page_obj": page_obj,
            "can_curate": access.can_curate_in(request.user, organisation),  # type: ignore[arg-type]
        },
    )


@login_required
@require_GET
def budgets(request: HttpRequest) -> HttpResponse:
    require(access.oversees_anywhere(request.user))  # type: ignore[arg-type]
    return render(
        request,
        "tutoring/oversight/budgets.html",
        {
            "budgets": selectors.budget_list(user=request.user),
            "can_create": access.curates_anywhere(request.user),  # type: ignore[arg-type]
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def budget_new(request: HttpRequest) -> HttpResponse:
    require(access.curates_anywhere(request.user))  # type: ignore[arg-type]
    form = BudgetForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.budget_create(by=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        except ApplicationError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("Sijaisbudjetti lisätty."))
            return redirect("tutoring:budget", pk=created.pk)
    return render(request, "tutoring/oversight/budget_new.html", {"form": form})


@login_required
@require_GET
def budget(request: HttpRequest, pk: int) -> HttpResponse:
    item = found_or_404(selectors.budget_get(user=request.user, pk=pk))
    user: Any = request.user
    return render(
        request,
        "tutoring/oversight/budget.html",
        {
            "budget": item,
            "spends": selectors.budget_spends(budget=item),
            "can_add_spend": access.can_curate_in(user, item.school),
            "can_decide": access.can_oversee(user, item.school),
            "overdrawn": item.remaining < 0,  # type: ignore[attr-defined]
            "proposed_would_overdraw": item.remaining >= 0  # type: ignore[attr-defined]
            and item.remaining_after_proposed < 0,  # type: ignore[attr-defined]
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def spend_new(request: HttpRequest, pk: int) -> HttpResponse:
    item = found_or_404(selectors.budget_get(user=request.user, pk=pk))
    user: Any = request.user
    require(access.can_curate_in(user, item.school))
    form = SpendForm(
        request.POST or None,
        user=user,
        budget=item,
        available=item.remaining_after_proposed,  # type: ignore[attr-defined]
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.spend_create(
                by=user,
                budget=item,
                date=data["date"],
                amount=data["amount"],
                description=data["description"],
                session=data.get("session"),
                overdraft_confirmed=bool(data.get("confirm_overdraft")),
            )
        except services.OverdraftNotConfirmed as error:
            # Someone else proposed spend meanwhile: ask again, with the fresh balance.
            form.overdraft = True
            form.add_error("confirm_overdraft", str(error.message))
        except ApplicationError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("Kulu lisätty. Se odottaa hyväksyntää."))
            return redirect("tutoring:budget", pk=item.pk)
    return render(request, "tutoring/oversight/spend_new.html", {"budget": item, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def spend_decide(request: HttpRequest, pk: int) -> HttpResponse:
    spend = found_or_404(selectors.spend_get(user=request.user, pk=pk))
    user: Any = request.user
    require(access.can_oversee(user, spend.budget.school))
    form = SpendDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        try:
            services.spend_decide(by=user, spend=spend, approve=approve)
        except ApplicationError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("Kulu hyväksytty.") if approve else _("Kulu hylätty."))
        return redirect("tutoring:budget", pk=spend.budget_id)
    return render(
        request,
        "tutoring/oversight/spend_decide.html",
        {
            "spend": spend,
            "form": form,
            "is_proposed": spend.status == SubstituteSpend.Status.PROPOSED,
        },
    )


# --- The hours report -----------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    """A spreadsheet cell: text that would start a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _group_label(group: str) -> str:
    return {
        selectors.Grouping.SCHOOL: _("Koulu"),
        selectors.Grouping.TOPIC: _("Aihe"),
        selectors.Grouping.MONTH: _("Kuukausi"),
    }[group]


def _report_table(report: selectors.HoursReport) -> tuple[list[str], list[list[Any]]]:
    """The report as exported: a header and rows of (label, hours, people reached)."""
    header = [_group_label(report.group), _("Tunnit"), _("Tavoitetut henkilöt")]
    rows: list[list[Any]] = [
        [row.label, row.hours, row.people_shown if row.suppressed else row.people]
        for row in report.rows
    ]
    return header, rows


def _export_name(report: selectors.HoursReport, extension: str) -> str:
    return f"tutorointitunnit-{report.group}.{extension}"


def _csv_response(report: selectors.HoursReport) -> HttpResponse:
    header, rows = _report_table(report)
    buffer = io.StringIO()
    # Semicolons and decimal commas: what a Finnish spreadsheet opens without asking.
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(header)
    for label, hours, people in rows:
        writer.writerow(
            [_cell(label), formats.number_format(hours, 1, use_l10n=True), _cell(str(people))]
        )
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_export_name(report, "csv")}"'
    return response


def _xlsx_response(report: selectors.HoursReport) -> HttpResponse:
    from openpyxl import Workbook

    header, rows = _report_table(report)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new workbook always has one sheet
    sheet.title = _("Tutorointitunnit")[:31]
    sheet.append(header)
    for label, hours, people in rows:
        sheet.append([_cell(label), float(hours), _cell(people)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_export_name(report, "xlsx")}"'
    return response


_SVG_NS = "http://www.w3.org/2000/svg"
_XLINK_NS = "http://www.w3.org/1999/xlink"


def _styles_to_attributes(root: ET.Element) -> None:
    """Move matplotlib's inline CSS into SVG presentation attributes: the CSP forbids
    ``style`` attributes and elements, not ``fill="…"``."""
    for parent in list(root.iter()):
        for child in list(parent):
            if child.tag in (f"{{{_SVG_NS}}}style", f"{{{_SVG_NS}}}metadata"):
                parent.remove(child)
    for element in root.iter():
        style = element.attrib.pop("style", None)
        if not style:
            continue
        for declaration in style.split(";"):
            name, _sep, value = declaration.partition(":")
            name, value = name.strip(), value.strip()
            if re.fullmatch(r"[a-z-]+", name) and value:
                element.set(name, value)
    root.set("stroke-linejoin", "round")
    root.set("stroke-linecap", "butt")


# Drawing the chart costs tens of milliseconds (bench/: the report page was eight times
# slower than its XLSX export); the same figures give the same picture, so each worker
# keeps the last few.
_CHART_CACHE: OrderedDict[tuple[Any, ...], SafeString] = OrderedDict()
_CHART_CACHE_SIZE = 64


def _chart_svg(rows: Iterable[selectors.ReportRow], *, title: str) -> SafeString:
    rows = list(rows)
    key = (
        translation.get_language(),
        title,
        tuple((row.label, str(row.hours), str(row.people_shown)) for row in rows),
    )
    svg = _CHART_CACHE.get(key)
    if svg is None:
        svg = _draw_chart_svg(rows, title=title)
        _CHART_CACHE[key] = svg
        while len(_CHART_CACHE) > _CHART_CACHE_SIZE:
            _CHART_CACHE.popitem(last=False)
    else:
        _CHART_CACHE.move_to_end(key)
    return svg


def _draw_chart_svg(rows: list[selectors.ReportRow], *, title: str) -> SafeString:
    """Horizontal bars of hours per group, as SVG text to embed in the page."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    rows = list(rows)
    with matplotlib.rc_context(
        {"svg.fonttype": "path", "svg.hashsalt": "tutori", "text.parse_math": False}
    ):
        figure = Figure(figsize=(8, 1.2 + 0.45 * len(rows)))
        FigureCanvasAgg(figure)
        axes = figure.add_subplot()
        positions = list(range(len(rows)))
        bars = axes.barh(positions, [float(row.hours) for row in rows], color="#00507a")
        axes.set_yticks(positions, [row.label[:40] for row in rows])
        axes.invert_yaxis()
        axes.bar_label(
            bars,
            labels=[
                _("%(hours)s h · %(people)s hlö")
                % {"hours": formats.number_format(row.hours, 1), "people": row.people_shown}
                for row in rows
            ],
            padding=4,
            fontsize=9,
        )
        axes.set_xlabel(_("Tunnit"))
        axes.margins(x=0.25)
        axes.spines[["top", "right"]].set_visible(False)
        figure.tight_layout()
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})

    ET.register_namespace("", _SVG_NS)
    ET.register_namespace("xlink", _XLINK_NS)
    # Re-serialising drops comments (matplotlib writes each text into one) and escapes text.
    root = ET.fromstring(buffer.getvalue())  # noqa: S314 - our own matplotlib output
    _styles_to_attributes(root)
    root.set("role", "img")
    root.set("aria-label", title)
    root.set("width", "100%")
    root.attrib.pop("height", None)
    return mark_safe(ET.tostring(root, encoding="unicode"))  # noqa: S308 - serialised by ET


@login_required
@require_GET
def report_hours(request: HttpRequest, fmt: str = "") -> HttpResponse:
    if fmt and fmt not in ("csv", "xlsx"):
        raise Http404
    require(access.oversees_anywhere(request.user))  # type: ignore[arg-type]
    form = HoursReportForm(request.GET or None)
    # Bad input falls back to the defaults (valid fields are kept); the form shows the errors.
    filters: dict[str, Any] = {}
    if form.is_bound:
        form.is_valid()
        filters = form.cleaned_data
    report = selectors.hours_report(
        user=request.user,
        group=filters.get("group") or selectors.Grouping.SCHOOL,
        start=filters.get("start"),
        end=filters.get("end"),
    )
    export = fmt or request.GET.get("format")
    if export == "csv":
        return _csv_response(report)
    if export == "xlsx":
        return _xlsx_response(report)
    title = _("Tutorointitunnit: %(group)s") % {"group": _group_label(report.group).lower()}
    chart = _chart_svg(report.rows, title=title) if report.rows else None
    query = request.GET.copy()
    query.pop("format", None)
    return render(
        request,
        "tutoring/oversight/report_hours.html",
        {
            "form": form,
            "report": report,
            "group_label": _group_label(report.group),
            "chart": chart,
            "chart_title": title,
            "total_spend": sum((row.amount for row in report.spend), Decimal(0)),
            "export_query": query.urlencode(),
        },
    )
