"""Work done in the background, the mechanism every kind shares: the task queued for each attempt once the move
that asks for it commits, the heartbeat the task beats, and what a user may do when it stops beating (its worker
was killed): run the work again or give it up. Any `core.models.BackgroundWork` row uses it (`start`, `claim`,
`progress`, `beating`, `stopped`): every import's batch, and reporting's renderings (a report's files, its
approval).

Files worked on in the background (every import) add the upload kept under a generated name and the moves of a
batch along its app's transition table with an event row each. A batch is a `core.models.FileBatch` of the app's
(members' `ImportBatch`, activities' `InitiativeImport`); its app gives its transition table and its event table
(a `core.models.AuditEvent` with `batch` and `before`) to each call, and keeps the services that say what its
reading, check and import do.
"""

from __future__ import annotations

import contextlib
import threading
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lienhiep.core import files
from lienhiep.core.models import BATCH_RUNNING, BackgroundWork, BatchStatus, FileBatch
from lienhiep.core.transitions import Transitions, check_move

UPLOAD_DIR = "imports"
ERRORS_SHOWN = 200  # errors stored for the batch's page

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
    refusal = _("This import cannot go from “%(before)s” to “%(after)s”.")
    check_move(transitions, BatchStatus, batch.status, to, refusal, code="import_transition")
    event.record(actor=actor, kind=to, batch=batch, before=batch.status, data=data)
    batch.status = to
    if to in BATCH_RUNNING:  # queued: the task beats from here on
        batch.heartbeat_at = timezone.now()


def start(work: BackgroundWork, queue: Queue) -> None:
    """Save work just moved to a running status (a batch, a rendering) and queue its task for this attempt once the
    transaction commits (a worker that started earlier would not see the new status); its heartbeat starts now,
    so that work no worker ever takes is seen stopped too."""
    work.attempt += 1
    setattr(work, work.progress_field, 0)
    work.heartbeat_at = timezone.now()
    work.save()
    pk, attempt = work.pk, work.attempt
    transaction.on_commit(lambda: queue(pk, attempt))


def claim(model: type[BackgroundWork], work_id: int, status: str, attempt: int | None, *related: str) -> Any:
    """The row a task was queued for, if the work is still its to do: in `status`, and queued for the row's
    current attempt (None: whichever, a task queued before attempts were counted). A task queued twice, or for an
    earlier attempt, gets None."""
    work = model.objects.select_related(*related).get(pk=work_id)  # type: ignore[attr-defined]
    if work.status != status or attempt not in (None, work.attempt):
        return None
    return work


def still_mine(work: BackgroundWork, attempt: int, statuses: Any) -> Any:
    """The row, locked and read afresh, if the task of `attempt` may still end it: in one of `statuses` and not
    queued again since (a worker that was taken for stopped, and comes back after a user ran the work again or gave
    it up, must leave it); else None."""
    work = type(work).objects.select_for_update().get(pk=work.pk)  # type: ignore[attr-defined]
    return work if getattr(work, "status", None) in statuses and work.attempt == attempt else None


def stopped(work: BackgroundWork, *, running: str, code: str = "still_running") -> Any:
    """The row, locked and read afresh, if its work stopped: its heartbeat is stale (read under a lock, so that two
    users, or a worker that comes back, do not both move it). Raises `running` (the kind's words) if it is still
    running."""
    work = type(work).objects.select_for_update().get(pk=work.pk)  # type: ignore[attr-defined]
    if not work.stalled:
        raise ValidationError(running, code=code)
    return work


def stop(batch: FileBatch, actor: Any, /, *, transitions: Transitions, event: Any) -> tuple[Any, str]:
    """Record that the batch's work stopped, if it did (`stopped`), with its event row. Returns the batch, locked,
    and the status it was running in."""
    batch = stopped(batch, running=_("This import is still running."), code="import_running")
    running = batch.status
    heartbeat = batch.heartbeat_at.isoformat() if batch.heartbeat_at else ""
    move(batch, BatchStatus.STOPPED, actor, transitions=transitions, event=event, heartbeat=heartbeat)
    return batch, running


def progress(model: type[BackgroundWork], work_id: int, done: int) -> None:
    """How far the task went (rows, steps: the model's `progress_field`), and its heartbeat: written outside any
    transaction, so that the page sees it at once."""
    fields = {model.progress_field: done, "heartbeat_at": timezone.now()}
    model.objects.filter(pk=work_id).update(**fields)  # type: ignore[attr-defined]


@contextlib.contextmanager
def beating(model: type[BackgroundWork], batch_id: int) -> Iterator[None]:
    """Beat the row's heartbeat from a thread of its own, on a connection of its own, while one long step runs (an
    import's write transaction, a report's document built or its PDF written): nothing that transaction writes is
    seen before it commits, and on PostgreSQL a write of 200,000 rows takes longer than IMPORT_STALE_AFTER. SQLite
    has one writer at a time, so there the step goes without a heartbeat: an office's file is written, and a
    union's report built, in seconds."""
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

    thread = threading.Thread(target=beat, name=f"{model._meta.label_lower}-{batch_id}-heartbeat", daemon=True)
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
