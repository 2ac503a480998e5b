"""Reports: a unit's overview (its bookings, hours and budgets, with those of the units
below it) and the tutoring-hours report, on the page and as CSV (the table) or Excel (the
report: its period, grouping, table with a totals row, and the approved substitute costs)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import formats
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from tutori.core import charts, exports
from tutori.core.http import AuthenticatedHttpRequest, found_or_404, require
from tutori.orgs.selectors import organisation_get
from tutori.tutoring import permissions
from tutori.tutoring.forms.report import HoursReportForm
from tutori.tutoring.selectors import report as selectors

BOOKINGS_PER_PAGE = 25


@login_required
@require_GET
def unit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    organisation = found_or_404(organisation_get(user=request.user, pk=pk))
    require(permissions.can_oversee(request.user, organisation))
    overview = selectors.unit_overview(user=request.user, organisation=organisation)
    page_obj = Paginator(overview.bookings, BOOKINGS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "tutoring/oversight/unit.html",
        {
            "organisation": organisation,
            "overview": overview,
            "page_obj": page_obj,
            # Bookings of the units below: the table names where each time is offered.
            "bookings_below": any(
                b.slot.organisation_id != organisation.pk for b in page_obj.object_list
            ),
            "can_curate": permissions.can_curate_in(request.user, organisation),
        },
    )


# --- The hours report -----------------------------------------------------------------------


def _group_label(group: str) -> str:
    return {
        selectors.Grouping.SCHOOL: _("Koulu"),
        selectors.Grouping.TOPIC: _("Aihe"),
        selectors.Grouping.MONTH: _("Kuukausi"),
    }[group]


def _exported(row: selectors.ReportRow) -> list[Any]:
    return [row.label, row.hours, row.people_shown if row.suppressed else row.people]


def _report_table(report: selectors.HoursReport) -> tuple[list[str], list[list[Any]]]:
    """The report as exported: a header and rows of (label, hours, people reached)."""
    header = [_group_label(report.group), _("Tunnit"), _("Tavoitetut henkilöt")]
    return header, [_exported(row) for row in report.rows]


def _day(day: date) -> str:
    return formats.date_format(day, "j.n.Y")


def period_label(start: date | None, end: date | None) -> str:
    """The report's period in words: "1.9.2026–31.10.2026", "1.9.2026 alkaen", …"""
    if start and end:
        return f"{_day(start)}–{_day(end)}"
    if start:
        return _("%(start)s alkaen") % {"start": _day(start)}
    if end:
        return _("%(end)s asti") % {"end": _day(end)}
    return _("Koko kirjattu aika")


def _xlsx_report(report: selectors.HoursReport) -> HttpResponse:
    """The report as one sheet: what it covers, the hours with their totals row and the
    approved substitute costs with theirs."""
    header, rows = _report_table(report)
    return exports.xlsx_report_response(
        filename=_export_name(report, "xlsx"),
        sheet_title=_("Tutorointitunnit"),
        title=_("Tutorointitunnit ja sijaiskulut"),
        facts=[
            (_("Aikaväli"), period_label(report.start, report.end)),
            (_("Ryhmittely"), _group_label(report.group)),
        ],
        tables=[
            exports.Table(header=header, rows=rows, total=_exported(report.total)),
            exports.Table(
                title=_("Hyväksytyt sijaiskulut"),
                header=[_("Koulu"), _("Summa (€)")],
                rows=[[row.school, row.amount] for row in report.spend],
                total=[_("Yhteensä"), report.total_spend],
            ),
        ],
    )


def _export_name(report: selectors.HoursReport, extension: str) -> str:
    return f"tutorointitunnit-{report.group}.{extension}"


def _chart(report: selectors.HoursReport, *, title: str) -> SafeString:
    """Horizontal bars of hours per group, as SVG text to embed in the page."""
    return charts.bar_chart_svg(
        labels=[row.label for row in report.rows],
        values=[row.hours for row in report.rows],
        bar_labels=[
            _("%(hours)s h · %(people)s hlö")
            % {"hours": formats.number_format(row.hours, 1), "people": row.people_shown}
            for row in report.rows
        ],
        value_label=_("Tunnit"),
        title=title,
    )


@login_required
@require_GET
def report_hours(request: AuthenticatedHttpRequest, fmt: str = "") -> HttpResponse:
    if fmt and fmt not in ("csv", "xlsx"):
        raise Http404
    require(permissions.oversees_anywhere(request.user))
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
        header, rows = _report_table(report)
        return exports.csv_response(header, rows, filename=_export_name(report, "csv"))
    if export == "xlsx":
        return _xlsx_report(report)
    title = _("Tutorointitunnit: %(group)s") % {"group": _group_label(report.group).lower()}
    chart = _chart(report, title=title) if report.rows else None
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
            "period": period_label(report.start, report.end),
            "export_query": query.urlencode(),
        },
    )
