"""Writes of core's plumbing: spreadsheets exported in the background (core/exports.py) and the files of a
record (`uploads_stored`, `stored_file_add`: every app's uploaded photos and documents, kept one way). The log of
requests that change nothing (`RequestLog`) is written by `core.middleware.ClientMiddleware` alone."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lienhiep.core import batches, files
from lienhiep.core.exports import EXPORT_DIR, EXPORT_KEEP, PROGRESS_EVERY, export_sources
from lienhiep.core.models import EXPORT_TRANSITIONS, Export, ExportStatus, StoredFile
from lienhiep.core.spreadsheets import write_xlsx
from lienhiep.core.transitions import step


def _query(values: Mapping[str, list[str]]) -> QueryDict:
    query = QueryDict(mutable=True)
    for key, items in values.items():
        query.setlist(key, items)
    return query


def _move(export: Export, status: str, **fields: Any) -> None:
    refusal = _("An export that is “%(before)s” cannot become “%(after)s”.")
    step(export, status, EXPORT_TRANSITIONS, ExportStatus, refusal, code="export_transition", **fields)
    export.save()


@transaction.atomic
def export_request(*, actor: Any, source: str, query: QueryDict) -> Export:
    """Queue the export of `source`'s list as `query` (the list page's query string) filters it; the task is
    enqueued once the row is committed (`core.batches.start`: its first attempt, its heartbeat from now). Old exports
    are purged first."""
    exports_purge()
    spec = export_sources()[source]
    kept = {key: query.getlist(key) for key in query if key != "format"}
    export = Export(
        actor=actor,
        source=source,
        query=kept,
        language=translation.get_language() or "vi",
        title=str(spec.title),
        file_name=f"{spec.file_stem}-{timezone.localdate():%Y%m%d}.xlsx",
    )
    batches.start(export, _queue_export)
    return export


def _queue_export(export_id: int, attempt: int) -> None:
    from lienhiep.core import tasks

    tasks.export_write.enqueue(export_id, attempt)


def export_write(*, export_id: int, attempt: int | None = None) -> Export:
    """The task's work: read the rows as the user who asked, write the workbook, and say how far it got every
    PROGRESS_EVERY rows (each update committed, with the heartbeat, so that the page polling it sees it move). A task
    queued for an earlier attempt (the export was queued again, or given up, after its worker stopped) does
    nothing, and one that comes back after that leaves the export as it finds it."""
    export = batches.claim(Export, export_id, ExportStatus.QUEUED, attempt, "actor")
    if export is None:
        return Export.objects.get(pk=export_id)  # queued twice, for an earlier attempt, or already handled
    stored = files.generated_name(EXPORT_DIR, ".xlsx")
    try:
        with translation.override(export.language):
            with batches.beating(Export, export.pk):  # a country's rows are counted before the first one is written
                rows = export_sources()[export.source].read(export.actor, _query(export.query))
                total = rows.total()
            with transaction.atomic():
                if batches.still_mine(export, export.attempt, {ExportStatus.QUEUED}) is None:
                    return Export.objects.get(pk=export_id)
                _move(export, ExportStatus.WRITING, total_rows=total, done_rows=0)
            target = files.path(stored)
            target.parent.mkdir(parents=True, exist_ok=True)
            write_xlsx(
                _counted(export, rows.rows),
                target,
                title=rows.sheet[:31],
                widths=rows.widths,
                heading=rows.heading,
                formats=rows.formats,
            )
    except Exception as error:  # noqa: BLE001 - any failure is reported on the export, never lost
        files.remove(stored)
        with translation.override(export.language):
            message = _("The file could not be written: %(error)s") % {"error": error}
        _end(export, ExportStatus.FAILED, message=message)
        return export
    if not _end(export, ExportStatus.DONE, stored_file=stored):
        files.remove(stored)
    return export


def _end(export: Export, status: str, **fields: Any) -> bool:
    """Move the export to where its task ended, unless it was queued again or given up meanwhile (its worker was
    taken for stopped): then its task leaves it. Returns whether it moved."""
    with transaction.atomic():
        if batches.still_mine(export, export.attempt, export.running_statuses) is None:
            return False
        export.refresh_from_db(fields=["status"])
        _move(export, status, **fields)
    return True


@transaction.atomic
def export_retry(*, actor: Any, export: Export) -> Export:
    """Write again an export whose worker stopped (its heartbeat went stale): queued for a new attempt."""
    export = _stopped_export(export)
    _move(export, ExportStatus.QUEUED)
    batches.start(export, _queue_export)
    return export


@transaction.atomic
def export_cancel(*, actor: Any, export: Export) -> Export:
    """Give up an export whose worker stopped: failed, with the reason in its message."""
    export = _stopped_export(export)
    with translation.override(export.language):
        _move(export, ExportStatus.FAILED, message=_("The export was cancelled after its work stopped."))
    return export


def _stopped_export(export: Export) -> Export:
    stopped: Export = batches.stopped(export, running=_("The file is still being written."), code="export_running")
    return stopped


def _counted(export: Export, rows: Iterable[list[object]]) -> Iterator[list[object]]:
    done = -1  # the header is not a row
    for row in rows:
        yield row
        done += 1
        if done and done % PROGRESS_EVERY == 0:
            batches.progress(Export, export.pk, done)
    export.done_rows = max(done, 0)


def exports_purge(*, now: dt.datetime | None = None) -> int:
    """Delete the exports asked for more than EXPORT_KEEP ago, and their files. Returns how many."""
    old = Export.objects.filter(created_at__lt=(now or timezone.now()) - EXPORT_KEEP)
    stored = list(old.exclude(stored_file="").values_list("stored_file", flat=True))
    count, _by_model = old.delete()
    for name in stored:
        files.remove(name)
    return count


def only_fields(values: Mapping[str, Any], allowed: Iterable[str], what: str) -> None:
    """Refuse a service's keyword values that are not fields it writes (a caller's typo would otherwise be dropped or
    set as a stray attribute): `TypeError("not {what}: [names]")`."""
    unknown = set(values) - set(allowed)
    if unknown:
        raise TypeError(f"not {what}: {sorted(unknown)}")


# --- The files of a record ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StoredUpload:
    """An upload checked by its content and size and kept under a generated name in private storage, waiting for its
    row (`stored_file_add`)."""

    checked: files.Checked
    stored_name: str


@contextmanager
def uploads_stored(
    uploads: Iterable[File],
    *,
    folder: str,
    max_bytes: int = files.MAX_BYTES,
    thumbnails: bool = False,
    field: str | None = None,
) -> Iterator[list[StoredUpload]]:
    """Check every upload by its content and size (`core.files.check_upload`: a photo re-encoded, a document by its
    format's structure, nothing that is also a page or a script) and store it under a generated name in `folder`
    (with `thumbnails`, a photo's small copy beside it, `files.thumb_name`), before the caller opens its transaction:
    re-encoding a phone's photo keeps Pillow busy for a while, and a transaction open meanwhile would hold every
    other writer. The block writes the rows (`stored_file_add`); all or none: a refused upload stores nothing, and
    if the block raises, the files stored for it are removed. With `field`, a refusal is that form field's error."""
    try:
        checked = [files.check_upload(upload, max_bytes=max_bytes) for upload in uploads]
    except ValidationError as error:
        if field is None:
            raise
        raise ValidationError({field: error.messages}) from error
    stored: list[StoredUpload] = []
    try:
        for one in checked:
            name = files.generated_name(folder, one.ext)
            stored.append(StoredUpload(one, name))  # before it is written: a write that fails halfway is removed too
            files.write(name, one.content)
            if thumbnails and one.kind == "photo":
                files.write(files.thumb_name(name), files.thumbnail(one.content))
        yield stored
    except BaseException:
        for kept in stored:
            files.remove(kept.stored_name)
        raise


def stored_file_add[F: StoredFile](
    model: type[F], stored: StoredUpload, *, actor: Any, event: Callable[[F], object], **columns: Any
) -> F:
    """The row of a stored upload in `model` (a `core.models.StoredFile` table), with the table's own `columns` (the
    record it belongs to, a kind), and the event row the caller declares for it (`event(row)`, the app's own table
    and words): inside the caller's transaction, within `uploads_stored`."""
    checked = stored.checked
    row = model._default_manager.create(
        original_name=checked.name, stored_name=stored.stored_name, content_type=checked.content_type,
        size=len(checked.content), uploaded_by=actor, **columns,
    )  # fmt: skip
    event(row)
    return row
