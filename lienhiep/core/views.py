"""The pages of an export written in the background (core/exports.py): its progress, then its file; and the moves
a user makes on a file an import works on in the background (core/batches.py), which every import's views call."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lienhiep.core import exports, files, health, importers, permissions, services
from lienhiep.core.forms import ImportLayoutForm
from lienhiep.core.http import act, progress_response
from lienhiep.core.importers import Importer
from lienhiep.core.models import BatchStatus, ExportStatus, FileBatch
from lienhiep.core.spreadsheets import XLSX_TYPE, RowError, download


@require_GET
def export_detail(request: HttpRequest, pk: int) -> HttpResponse:
    export = permissions.get_export_for_user(request.user, pk)
    context = {
        "export": export,
        "source": exports.export_sources().get(export.source),
        "running": export.running,
        "kept_until": export.created_at + exports.EXPORT_KEEP,
    }
    return render(request, "core/export.html", context)


@require_GET
def export_progress(request: HttpRequest, pk: int) -> HttpResponse:
    export = permissions.get_export_for_user(request.user, pk)
    return progress_response(request, "core/_export_progress.html", {"export": export}, running=export.running)


@require_POST
def export_retry(request: HttpRequest, pk: int) -> HttpResponse:
    """Write again an export whose worker stopped."""
    return _export_action(request, pk, services.export_retry, _("It has been queued again; this page shows how far."))


@require_POST
def export_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Give up an export whose worker stopped."""
    return _export_action(request, pk, services.export_cancel, _("The export has been cancelled."))


def _export_action(request: HttpRequest, pk: int, service: Callable[..., Any], done: str) -> HttpResponse:
    export = permissions.get_export_for_user(request.user, pk)
    act(request, lambda: service(actor=request.user, export=export), done)
    return redirect(export.get_absolute_url())


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
    act(request, lambda: service(actor=request.user, batch=batch), done)
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


# --- The eight pages of a file import (core/importers.py builds their URLs, one set for every kind) ---------------


@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest, importer: Importer) -> HttpResponse:
    """Upload a file for a unit: checked for its size and content, kept, and read in the background."""
    node = importer.get_org_for_user(request.user, importer.node_asked(request))
    context: dict[str, Any] = {"node": node, "intro": importer.intro(node)}
    upload = request.FILES.get("file") if request.method == "POST" else None
    if request.method == "POST" and upload is None:
        context["problem"] = _("Choose a file to import.")
    elif upload is not None:
        try:
            if upload.size is not None and upload.size > importer.max_bytes:
                raise ValidationError(_("The file is larger than %(mb)s MB.") % {"mb": importer.max_bytes // 2**20})
            batch = importer.upload(actor=request.user, org=node, file_name=upload.name or "", data=upload.read())
        except ValidationError as error:
            context["problem"] = " ".join(error.messages)
        else:
            return redirect(importer.url("batch"), pk=batch.pk)
    mine = importer.batch_model.objects.filter(actor_id=request.user.pk)  # type: ignore[attr-defined]
    context["batches"] = mine.order_by("-created_at")[:10]
    return importers.page(importer, request, "core/import.html", context)


@require_GET
def import_template(request: HttpRequest, importer: Importer) -> HttpResponse:
    """The template to fill in, for the unit asked."""
    node = importer.get_org_for_user(request.user, importer.node_asked(request))
    return download(importer.template_xlsx(node), importer.template_file_name)


@require_GET
def import_batch(request: HttpRequest, importer: Importer, pk: int) -> HttpResponse:
    """A file as its reading and check stored it (never the file itself): the preview, its errors and notes."""
    batch = importer.get_batch_for_user(request.user, pk)
    layout = None
    if batch.status in (BatchStatus.CHECKED, BatchStatus.FAILED) and batch.table:
        layout = ImportLayoutForm(table=batch.table)
    context = {
        "batch": batch, "layout": layout, "table": batch.table, "node": batch.org,
        "errors": [RowError(*error) for error in batch.errors], "notes": [RowError(*note[:4]) for note in batch.notes],
        "done": importer.done_message(batch) if batch.status == BatchStatus.DONE else "",
        **importer.preview(batch),
    }  # fmt: skip
    return importers.page(importer, request, "core/import_batch.html", context)


@require_GET
def import_progress(request: HttpRequest, importer: Importer, pk: int) -> HttpResponse:
    batch = importer.get_batch_for_user(request.user, pk)
    context = {"batch": batch, "progress_url": reverse(importer.url("progress"), args=[batch.pk])}
    return progress_response(request, "partials/import_progress.html", context, running=batch.running)


@require_POST
def import_layout(request: HttpRequest, importer: Importer, pk: int) -> HttpResponse:
    """Read the file again from another sheet or header row (the file stays stored: no new upload)."""
    batch = importer.get_batch_for_user(request.user, pk)
    return batch_layout(request, batch, read=importer.request_read, page=importer.url("batch"))


@require_POST
def import_run(request: HttpRequest, importer: Importer, pk: int) -> HttpResponse:
    """Import a checked file, with what the run form asked (`Importer.run_options`)."""
    batch = importer.get_batch_for_user(request.user, pk)
    options = importer.run_options(request.POST, batch)
    service = functools.partial(importer.request_apply, **options)
    return batch_action(request, batch, service, page=importer.url("batch"))


@require_POST
def import_retry(request: HttpRequest, importer: Importer, pk: int) -> HttpResponse:
    """Run again the work of a file whose worker stopped."""
    batch = importer.get_batch_for_user(request.user, pk)
    return batch_action(request, batch, importer.retry, page=importer.url("batch"))


@require_POST
def import_cancel(request: HttpRequest, importer: Importer, pk: int) -> HttpResponse:
    """Give up a file whose worker stopped."""
    batch = importer.get_batch_for_user(request.user, pk)
    done = _("The import has been cancelled; nothing of it was written.")
    return batch_action(request, batch, importer.cancel, page=importer.url("batch"), done=done)
