"""Files worked on in the background (every import), the mechanism they share: the upload kept under a generated
name, the moves of a batch along its app's transition table with an event row each, the background task queued
for each attempt once the move commits, the heartbeat the task beats, and what a user may do when it stops
beating (its worker was killed): run the work again or give it up.

A batch is a `core.models.FileBatch` of the app's (members' `ImportBatch`, activities' `InitiativeImport`); its
app gives its transition table and its event table (a `core.models.AuditEvent` with `batch` and `before`) to
each call, and keeps the services that say what its reading, check and import do.
"""

from __future__ import annotations

import contextlib
import threading
import uuid
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lienhiep.core import files
from lienhiep.core.models import BATCH_RUNNING, BatchStatus, FileBatch

UPLOAD_DIR = "imports"
ERRORS_SHOWN = 200  # errors stored for the batch's page

Transitions = Mapping[str, set[str]]
# Queues the batch's task for an attempt: (batch id, attempt) -> None; called once the move commits.
Queue = Callable[[int, int], Any]


def path(relative: str) -> Path:
    """Where a stored upload (or a file written from it) lives: under MEDIA_ROOT, served only by views that check
    access (`core.files.serve`)."""
    return Path(settings.MEDIA_ROOT) / relative


def store(file_name: str, data: bytes, *, suffix: str = "") -> str:
    """Keep an upload under a generated name (never the user's) and say where, relative to MEDIA_ROOT."""
    suffix = suffix or (".xlsx" if data[:2] == b"PK" else ".csv")
    relative = f"{UPLOAD_DIR}/{uuid.uuid4().hex}{suffix}"
    target = path(relative)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return relative


def move(batch: FileBatch, to: str, actor: Any, /, *, transitions: Transitions, event: Any, **data: Any) -> None:
    """Move a batch along its app's `transitions`, writing the `event` row (who, from which status, the details);
    a disallowed move raises and changes nothing. The batch is saved by the caller."""
    if to not in transitions[batch.status]:
        raise ValidationError(
            _("This import cannot go from “%(before)s” to “%(after)s”.")
            % {"before": BatchStatus(batch.status).label, "after": BatchStatus(to).label},
            code="import_transition",
        )
    event.record(actor=actor, kind=to, batch=batch, before=batch.status, data=data)
    batch.status = to
    if to in BATCH_RUNNING:  # queued: the task beats from here on
        batch.heartbeat_at = timezone.now()


def start(batch: FileBatch, queue: Queue) -> None:
    """Save a batch just moved to a running status and queue its task for this attempt once the transaction
    commits (a worker that started earlier would not see the batch's new status)."""
    batch.attempt += 1
    batch.done_rows = 0
    batch.save()
    pk, attempt = batch.pk, batch.attempt
    transaction.on_commit(lambda: queue(pk, attempt))


def claim(model: type[FileBatch], batch_id: int, status: str, attempt: int | None, *related: str) -> Any:
    """The batch a task was queued for, if the work is still its to do: in `status`, and queued for the batch's
    current attempt (None: whichever). A task queued twice, or for an earlier attempt, gets None."""
    batch = model.objects.select_related(*related).get(pk=batch_id)  # type: ignore[attr-defined]
    if batch.status != status or attempt not in (None, batch.attempt):
        return None
    return batch


def stop(batch: FileBatch, actor: Any, /, *, transitions: Transitions, event: Any) -> tuple[Any, str]:
    """Record that the batch's work stopped, if it did: its heartbeat is stale (read under a lock, so that two
    users, or a worker that comes back, do not both move it). Returns the batch, locked, and the status it was
    running in."""
    batch = type(batch).objects.select_for_update().get(pk=batch.pk)  # type: ignore[attr-defined]
    if not batch.stalled:
        raise ValidationError(_("This import is still running."), code="import_running")
    running = batch.status
    heartbeat = batch.heartbeat_at.isoformat() if batch.heartbeat_at else ""
    move(batch, BatchStatus.STOPPED, actor, transitions=transitions, event=event, heartbeat=heartbeat)
    return batch, running


def progress(model: type[FileBatch], batch_id: int, done: int) -> None:
    """How many rows the task has done, and its heartbeat: written outside any transaction, so that the page sees
    it at once."""
    model.objects.filter(pk=batch_id).update(done_rows=done, heartbeat_at=timezone.now())  # type: ignore[attr-defined]


@contextlib.contextmanager
def beating(model: type[FileBatch], batch_id: int) -> Iterator[None]:
    """Beat the batch's heartbeat from a thread of its own, on a connection of its own, while the import's write
    transaction runs: nothing that transaction writes is seen before it commits, and on PostgreSQL a write of
    200,000 rows takes longer than IMPORT_STALE_AFTER. SQLite has one writer at a time, so there the write goes
    without a heartbeat: an office's file is written in seconds."""
    if connection.vendor != "postgresql":
        yield
        return
    stop_beating = threading.Event()

    def beat() -> None:
        try:
            while not stop_beating.wait(settings.IMPORT_STALE_AFTER / 4):
                model.objects.filter(pk=batch_id).update(heartbeat_at=timezone.now())  # type: ignore[attr-defined]
        finally:
            connections.close_all()  # this thread's own connection

    thread = threading.Thread(target=beat, name=f"import-{batch_id}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop_beating.set()
        thread.join()


def check_upload(file_name: str, data: bytes, *, max_bytes: int) -> None:
    """What is told of an upload before it is kept: at most `max_bytes`, screened as every upload is
    (`core.files.screen`: no polyglot, no virus), and a table by its content (a workbook's archive checked:
    `core.spreadsheets.check_table_file`); nothing is parsed. Raises ValidationError."""
    from lienhiep.core import spreadsheets

    if len(data) > max_bytes:
        raise ValidationError(
            _("The file is larger than %(mb)s MB. Split it into smaller files.") % {"mb": max_bytes // 2**20},
            code="too_big",
        )
    files.screen(file_name, data)
    try:
        spreadsheets.check_table_file(file_name, data)
    except spreadsheets.ImportFileError as error:
        raise ValidationError(str(error), code="unreadable") from error


def begin(batch: FileBatch, *, event: Any, queue: Queue, **data: Any) -> None:
    """Save a new batch, already in its first running status, with its first event row (`before` empty), and
    queue its first task once that commits."""
    with transaction.atomic():
        batch.save()
        event.record(actor=batch.actor, kind=batch.status, batch=batch, before="", data=data)
        batch.heartbeat_at = timezone.now()
        start(batch, queue)
