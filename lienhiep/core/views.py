"""The pages of an export written in the background (core/exports.py): its progress, then its file; and the moves
a user makes on a file an import works on in the background (core/batches.py), which every import's views call."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from lienhiep.core import exports, files, health, permissions
from lienhiep.core.forms import ImportLayoutForm
from lienhiep.core.http import progress_response
from lienhiep.core.models import ExportStatus, FileBatch
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


# --- Files worked on in the background (core/batches.py): the moves every import's page offers -----------


def batch_layout(request: HttpRequest, batch: FileBatch, *, read: Callable[..., Any], page: str) -> HttpResponse:
    """Read a batch's stored file again from the sheet and header row posted (`core.forms.ImportLayoutForm`) through
    the app's `read` service, then back to the batch's `page` (a URL name taking its pk)."""
    form = ImportLayoutForm(request.POST, table=batch.table)
    if not form.is_valid():
        messages.error(request, _("Choose the sheet and the header row among those listed."))
        return redirect(page, pk=batch.pk)
    sheet, header_row = form.choice()
    return batch_action(request, batch, lambda **kw: read(**kw, sheet=sheet, header_row=header_row), page=page)


def batch_action(
    request: HttpRequest, batch: FileBatch, service: Callable[..., Any], *, page: str, done: str = ""
) -> HttpResponse:
    """One move of a batch by the user (run, retry, cancel…): the app's `service(actor=, batch=)`, its refusal said
    as a message, `done` said once it moved; then back to the batch's `page`."""
    try:
        service(actor=request.user, batch=batch)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if done:
            messages.success(request, done)
    return redirect(page, pk=batch.pk)


@login_not_required
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """For the reverse proxy and monitoring: each check ok or failing (core/health.py), 503 when one fails. No data,
    no login, nothing counted; never cached."""
    answers = health.checks()
    failing = health.FAILING in answers.values()
    response = JsonResponse({"status": health.FAILING if failing else health.OK, "checks": answers})
    response.status_code = 503 if failing else 200
    response["Cache-Control"] = "no-store"
    return response
