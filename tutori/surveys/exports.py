"""A survey's results export built in the task worker (core.export_jobs), for exports too
large to answer in the request (more than ``TUTORI_EXPORT_INLINE_ROWS`` rows).

The request has checked the person's right and the privacy limits (fewer than five answers,
a filter that reveals the rest) before queuing; the worker asks again, as the requester, and
builds the very rows the request would have (``selectors.results_export``). The job's
parameters are the survey's id, the filter's organisation id and role, and whether names
were asked for: no personal data. The audit entry is written once the file is stored, with
the rows it holds (an export refused or failed in the worker took nothing out).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from tutori.core import privacy
from tutori.core.export_jobs import ExportRefused, export_queue
from tutori.core.exports import Table
from tutori.core.models import ExportJob
from tutori.surveys import permissions
from tutori.surveys.models import Survey
from tutori.surveys.selectors import results as selectors
from tutori.surveys.services.results import results_export_record
from tutori.surveys.text import localized

if TYPE_CHECKING:
    from tutori.accounts.models import User

EXPORTER = "surveys.results"


def export_filename(survey: Survey, fmt: str) -> str:
    return f"kysely-{survey.pk}-vastaukset.{fmt}"


def sheet_title() -> str:
    return _("Vastaukset")


def results_export_queue(
    *, user: User, survey: Survey, filters: selectors.Filters, fmt: str, with_names: bool
) -> ExportJob:
    """Queue the export of ``survey``'s answers under ``filters`` for ``user`` (the caller
    has made the request's checks)."""
    title = _("Kyselyn vastaukset: %(title)s") % {"title": localized(survey, "title")}
    if filters.active:
        title = f"{title} ({filters.describe()})"
    return export_queue(
        user=user,
        exporter_name=EXPORTER,
        params={
            "survey": survey.pk,
            "organisation": filters.organisation.pk if filters.organisation else None,
            "role": filters.role,
            "with_names": with_names,
        },
        fmt=fmt,
        title=title,
        filename=export_filename(survey, fmt),
    )


def _survey(user: Any, params: dict[str, Any]) -> Survey | None:
    pk = params.get("survey")
    if not isinstance(pk, int):
        return None
    return selectors.results_survey_get(user=user, pk=pk)


def allowed(user: Any, params: dict[str, Any]) -> bool:
    """The person still sees the survey's results (and every answer, if names were asked)."""
    survey = _survey(user, params)
    if survey is None or not permissions.can_see_results(user, survey):
        return False
    if params.get("with_names"):
        return not survey.anonymous and bool(permissions.sees_all_results(user, survey))
    return True


def _filters(user: Any, survey: Survey, params: dict[str, Any]) -> selectors.Filters:
    organisation = None
    if params.get("organisation") is not None:
        organisation = next(
            (
                option
                for option in selectors.organisation_options(user=user, survey=survey)
                if option.pk == params["organisation"]
            ),
            None,
        )
        if organisation is None:  # no longer among those the person sees answers of
            raise ExportRefused("not_allowed")
    role = params.get("role") or ""
    if role and role not in dict(selectors.role_options()):
        raise ExportRefused("unavailable")
    return selectors.Filters(organisation=organisation, role=role)


def _job_survey(job: ExportJob) -> Survey:
    survey = _survey(job.requested_by, job.params)
    if survey is None:
        raise ExportRefused("unavailable")
    return survey


def build(job: ExportJob, progress: Callable[[int, int], None]) -> Table:
    user = job.requested_by
    survey = _job_survey(job)
    filters = _filters(user, survey, job.params)
    # The answers may have changed since the request: the privacy limits again.
    n = selectors.submitted_responses(user=user, survey=survey, filters=filters).count()
    left_out = selectors.left_out(user=user, survey=survey, filters=filters, n=n)
    results = selectors.Results(survey=survey, filters=filters, n=n, left_out=left_out)
    if privacy.is_small(n) or results.reveals_the_rest:
        raise ExportRefused("too_few")
    progress(0, n)
    table = selectors.results_export(
        user=user,
        survey=survey,
        filters=filters,
        with_names=bool(job.params.get("with_names")) and not survey.anonymous,
    )
    return Table(header=table.header, rows=table.rows, title=sheet_title())


def built(job: ExportJob) -> None:
    """The audit entry, as the request writes it for a small export."""
    survey = _job_survey(job)
    results_export_record(
        survey=survey,
        by=job.requested_by,
        fmt=job.format,
        rows=job.rows or 0,
        covers=_filters(job.requested_by, survey, job.params).describe(),
        with_names=bool(job.params.get("with_names")) and not survey.anonymous,
    )
