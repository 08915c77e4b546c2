"""The pages of an export written in the background (core/exports.py): its progress, then its file."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.views.decorators.http import require_GET

from lienhiep.core import exports, files, permissions
from lienhiep.core.http import progress_response
from lienhiep.core.models import ExportStatus
from lienhiep.core.spreadsheets import XLSX_TYPE

RUNNING = (ExportStatus.QUEUED, ExportStatus.WRITING)


@require_GET
def export_detail(request: HttpRequest, pk: int) -> HttpResponse:
    export = permissions.get_export_for_user(request.user, pk)
    context = {
        "export": export,
        "source": exports.export_sources().get(export.source),
        "running": export.status in RUNNING,
        "kept_until": export.created_at + exports.EXPORT_KEEP,
    }
    return render(request, "core/export.html", context)


@require_GET
def export_progress(request: HttpRequest, pk: int) -> HttpResponse:
    export = permissions.get_export_for_user(request.user, pk)
    return progress_response(
        request, "core/_export_progress.html", {"export": export}, running=export.status in RUNNING
    )


@require_GET
def export_file(request: HttpRequest, pk: int) -> HttpResponseBase:
    export = permissions.get_export_for_user(request.user, pk)
    if export.status != ExportStatus.DONE or not files.path(export.stored_file).is_file():
        raise Http404
    return files.serve(files.path(export.stored_file), filename=export.file_name, content_type=XLSX_TYPE)
