"""A person's exports built in the worker (core.export_jobs): "Omat viennit", one export's
page whose progress refreshes itself, and the download, served only after the exporter has
said again that the person may have it."""

from __future__ import annotations

import io
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from tutori.core import exports
from tutori.core.export_jobs import error_message, export_allowed
from tutori.core.http import AuthenticatedHttpRequest, found_or_404
from tutori.core.models import ExportJob

PER_PAGE = 20
# The job page asks again this often while the file is being made (seconds).
REFRESH_SECONDS = 2


def _jobs(request: AuthenticatedHttpRequest, *, with_file: bool = False) -> Any:
    """The person's own jobs (without their files unless asked)."""
    jobs = ExportJob.objects.visible_to(request.user)
    return jobs if with_file else jobs.defer("content")


def _job(request: AuthenticatedHttpRequest, pk: int, *, with_file: bool = False) -> ExportJob:
    """The person's own job; another person's (or none) is 404."""
    return found_or_404(_jobs(request, with_file=with_file).filter(pk=pk).first())


@login_required
@require_GET
def export_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = Paginator(_jobs(request), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "core/exports/list.html", {"page_obj": page, "jobs": page.object_list})


def _job_context(request: AuthenticatedHttpRequest, job: ExportJob) -> dict[str, object]:
    downloadable = job.status == ExportJob.Status.DONE
    allowed = downloadable and export_allowed(job, request.user)
    error = job.error if job.status == ExportJob.Status.FAILED else ""
    if downloadable and not allowed:
        error = "not_allowed"
    return {
        "job": job,
        "allowed": allowed,
        "error": error_message(error) if error else "",
        "refresh_seconds": REFRESH_SECONDS,
    }


@login_required
@require_GET
def export_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    context = _job_context(request, job)
    if request.htmx:
        response = render(request, "core/exports/_progress.html", context)
        if not job.running:
            response.status_code = 286  # htmx stops asking (and still shows the answer)
        return response
    return render(request, "core/exports/detail.html", context)


@login_required
@require_GET
def export_download(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    job = _job(request, pk, with_file=True)
    if job.status != ExportJob.Status.DONE or job.content is None:
        raise Http404
    if not export_allowed(job, request.user):
        raise PermissionDenied
    response = FileResponse(
        io.BytesIO(bytes(job.content)),
        as_attachment=True,
        filename=job.filename,
        content_type=exports.CONTENT_TYPES[job.format],
    )
    response["Cache-Control"] = "private, no-store"
    return response
