"""Imports of a member list: upload, read, check (a dry run), import (all rows or none), undo; a batch moves along
IMPORT_TRANSITIONS, one service per move, each writing an ImportEvent. Reading the file, the check and the import
run in the background (`members.tasks`): the request only checks the upload's size and content and stores it, and
the pages show what the reading and the check stored on the batch. A task beats a heartbeat as it goes; work whose
heartbeat went stale (its worker was killed) is run again or cancelled by the user (`import_retry`,
`import_cancel`). The mechanism (storage, moves, tasks queued per attempt, heartbeat) is core's, shared by every
import: `core.batches`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lienhiep.core import batches
from lienhiep.core.batches import ERRORS_SHOWN, beating
from lienhiep.core.events import rewriting
from lienhiep.core.text import proper_case_suggestion
from lienhiep.members.models import (
    IMPORT_TRANSITIONS,
    EventKind,
    ImportBatch,
    ImportEvent,
    ImportRow,
    ImportStatus,
    Membership,
    Person,
    PersonEvent,
    RowChoice,
)
from lienhiep.members.services.loading import persons_bulk_create
from lienhiep.members.services.memberships import member_admit
from lienhiep.orgs import permissions as org_permissions
from lienhiep.orgs import selectors as org_selectors
from lienhiep.orgs.models import Org
from lienhiep.orgs.permissions import Access

MAX_IMPORT_BYTES = 20 * 1024 * 1024


def _move(batch: ImportBatch, to: str, actor: Any, /, **data: Any) -> None:
    """Move an import along IMPORT_TRANSITIONS, writing the event row; a disallowed move raises."""
    batches.move(batch, to, actor, transitions=IMPORT_TRANSITIONS, event=ImportEvent, **data)


def _queue(task: str) -> batches.Queue:
    """Queues `task` of `members.tasks` for a batch's attempt."""

    def queue(batch_id: int, attempt: int) -> None:
        from lienhiep.members import tasks  # tasks call this module's services

        getattr(tasks, task).enqueue(batch_id, attempt)

    return queue


def _start(batch: ImportBatch, task: str) -> None:
    """Save a batch just moved to a running status and queue its task (of `members.tasks`) for this attempt."""
    batches.start(batch, _queue(task))


def import_upload(*, actor: Any, org: Org, file_name: str, data: bytes) -> ImportBatch:
    """Check the file by its size and content (a workbook's archive included), keep it under a generated name and
    queue its reading (`tasks.import_read`): parsing a workbook is never done in a request. The import is for
    `org`: its rows may name it and the units under it where the actor records members."""

    org_permissions.require_can(actor, org, Access.EDIT)
    batches.check_upload(file_name, data, max_bytes=MAX_IMPORT_BYTES)
    batch = ImportBatch(
        actor=actor, org=org, file_name=Path(file_name).name[:255], stored_file=batches.store(file_name, data),
        status=ImportStatus.READING,
    )  # fmt: skip
    batches.begin(batch, event=ImportEvent, queue=_queue("import_read"), bytes=len(data))
    return batch


@transaction.atomic
def import_request_read(*, actor: Any, batch: ImportBatch, sheet: str, header_row: int | None) -> ImportBatch:
    """Read the file again from another sheet or header row (empty / None: the reader finds them)."""
    _move(batch, ImportStatus.READING, actor, sheet=sheet, header_row=header_row)
    batch.sheet, batch.header_row = sheet, header_row
    batch.error_count, batch.errors, batch.errors_file, batch.message = 0, [], "", ""
    _start(batch, "import_read")
    return batch


def import_read(*, batch_id: int, attempt: int | None = None) -> ImportBatch:
    """Read the stored file: find its sheet and header row (or take the chosen ones), store what the pages show
    (`ImportBatch.table`) and guess the columns. An unreadable file fails the batch with the reason."""
    from lienhiep.core import spreadsheets
    from lienhiep.members import importing

    batch = batches.claim(ImportBatch, batch_id, ImportStatus.READING, attempt, "actor")
    if batch is None:
        return ImportBatch.objects.get(pk=batch_id)  # queued twice, for an earlier attempt, or already handled
    try:
        table = spreadsheets.read_table(
            batch.file_name,
            batches.path(batch.stored_file).read_bytes(),
            sheet=batch.sheet or None,
            header_row=batch.header_row,
            columns=importing.COLUMNS,
        )
    except spreadsheets.ImportFileError as error:
        with transaction.atomic():
            _move(batch, ImportStatus.FAILED, batch.actor, error=str(error)[:500])
            batch.message = str(error)
            batch.save()
        return batch
    with transaction.atomic():
        batch.table = table.summary()
        batch.total_rows = batch.table["rows"]
        batch.mapping = {str(k): v for k, v in spreadsheets.guess_mapping(table.headers, importing.COLUMNS).items()}
        _move(batch, ImportStatus.UPLOADED, batch.actor, rows=batch.total_rows, sheet=table.sheet,
              header_row=table.header_row)  # fmt: skip
        batch.save()
    return batch


def import_table(batch: ImportBatch) -> Any:
    """The table the batch's reading found (its sheet and header row), read again: for the background tasks. The
    import's columns tell the signature lines under the table as the reading told them."""
    from lienhiep.core import spreadsheets
    from lienhiep.members import importing

    return spreadsheets.read_table(
        batch.file_name,
        batches.path(batch.stored_file).read_bytes(),
        sheet=batch.table.get("sheet") or None,
        header_row=batch.table.get("header_row") or 1,
        columns=importing.COLUMNS,
    )


@transaction.atomic
def import_request_check(*, actor: Any, batch: ImportBatch, mapping: dict[int, str]) -> ImportBatch:
    """Save the column mapping and queue the check (`tasks.import_check`, once this commits)."""
    from lienhiep.core import spreadsheets
    from lienhiep.members import importing

    missing = spreadsheets.missing_required(mapping, importing.COLUMNS)
    if missing:
        raise ValidationError(
            _("Choose a column for: %(columns)s.") % {"columns": ", ".join(c.header for c in missing)},
            code="mapping_missing",
        )
    _move(batch, ImportStatus.CHECKING, actor)
    batch.mapping = {str(k): v for k, v in mapping.items()}
    batch.error_count, batch.errors, batch.errors_file, batch.message = 0, [], "", ""
    _start(batch, "import_check")
    return batch


def _log_refused_ids(batch: ImportBatch, refused: dict[str, list[int]]) -> None:
    """Each row whose CCCD another person holds was told only that it cannot be used here: the attempt is logged on
    the holder, as the admission form logs it (`refuse_used_id`), for the system administrator."""
    for holder in Person.objects.filter(id_number__in=list(refused)).order_by("pk"):
        rows = refused[holder.id_number or ""]
        PersonEvent.record(
            actor=batch.actor, kind=EventKind.ID_REFUSED, person=holder, data={"import": batch.pk, "rows": rows}
        )


def _store_repeats(batch: ImportBatch, warnings: list[Any]) -> None:
    """Keep the rows that likely repeat a member, for the user to resolve; a choice made at an earlier check stays
    where the row still repeats the same records."""
    before = {r.row: r for r in batch.repeats.all()}
    batch.repeats.all().delete()
    rows = []
    for warning in warnings:
        row = ImportRow(
            batch=batch, row=warning.row, full_name=warning.full_name[:150], reasons=warning.reasons,
            persons=warning.persons, twin_row=warning.twin_row,
        )  # fmt: skip
        old = before.get(warning.row)
        if old is not None and (old.persons, old.twin_row) == (row.persons, row.twin_row):
            row.choice, row.same_as_id = old.choice, old.same_as_id
        rows.append(row)
    ImportRow.objects.bulk_create(rows)


@transaction.atomic
def import_resolve(*, actor: Any, batch: ImportBatch, choices: dict[int, str]) -> ImportBatch:
    """Record, row by row, whether a row that likely repeats a member is that person: `"new"` (another person),
    `"row"` (the same as the earlier row of the file it repeats) or a person's id among those the row repeats."""
    if batch.status != ImportStatus.CHECKED:
        raise ValidationError(_("Only a checked import can be resolved."), code="not_checked")
    repeats = {r.row: r for r in batch.repeats.select_for_update()}
    done = {}
    for number, choice in choices.items():
        row = repeats.get(number)
        if row is None:
            raise ValidationError(_("Row %(row)s has nothing to resolve.") % {"row": number}, code="no_row")
        same_as = int(choice) if choice.isascii() and choice.isdigit() else None
        if choice == RowChoice.NEW:
            row.choice, row.same_as = RowChoice.NEW, None
        elif choice == "row" and row.twin_row is not None:
            row.choice, row.same_as = RowChoice.SAME, None
        elif same_as is not None and same_as in row.persons:
            row.choice, row.same_as_id = RowChoice.SAME, same_as
        else:
            raise ValidationError(_("Choose one of the answers offered for row %(row)s.") % {"row": number})
        row.save(update_fields=["choice", "same_as"])
        done[number] = choice
    # Not a move of the batch: an event of its current status, with the choices made.
    ImportEvent.record(actor=actor, kind=batch.status, batch=batch, before=batch.status, data={"resolved": done})
    return batch


@transaction.atomic
def import_request_apply(*, actor: Any, batch: ImportBatch, proper_case: bool = False) -> ImportBatch:
    """Queue the import of a checked batch (`tasks.import_apply`, once this commits): once every row that likely
    repeats a member has its choice. `proper_case`: the names the check found typed all in capitals (or all small)
    are written in proper case (`core.text.proper_case`), as the user chose for the whole batch."""
    if batch.status == ImportStatus.CHECKED and batch.error_count:
        raise ValidationError(_("Fix the rows in error before importing."), code="has_errors")
    if batch.status == ImportStatus.CHECKED and batch.repeats.filter(choice="").exists():
        raise ValidationError(
            _("Say for every row that may repeat a member whether it is the same person."), code="undecided"
        )
    batch.proper_case = proper_case and batch.name_suggestion_count > 0
    _move(batch, ImportStatus.IMPORTING, actor, proper_case=batch.proper_case)
    _start(batch, "import_apply")
    return batch


@transaction.atomic
def import_retry(*, actor: Any, batch: ImportBatch) -> ImportBatch:
    """Run again the work of a batch whose worker stopped (`ImportBatch.stalled`): it had written nothing, since
    the import writes all its rows in one transaction."""
    batch, running = _stop(actor, batch)
    _move(batch, running, actor)
    tasks: dict[str, str] = {ImportStatus.READING: "import_read", ImportStatus.CHECKING: "import_check"}
    _start(batch, tasks.get(running, "import_apply"))
    return batch


@transaction.atomic
def import_cancel(*, actor: Any, batch: ImportBatch) -> ImportBatch:
    """Give up a batch whose worker stopped; nothing of it was written."""
    batch, _running = _stop(actor, batch)
    _move(batch, ImportStatus.CANCELLED, actor)
    batch.save()
    return batch


def _stop(actor: Any, batch: ImportBatch) -> tuple[ImportBatch, str]:
    """Record that the batch's work stopped, if it did (`core.batches.stop`)."""
    return batches.stop(batch, actor, transitions=IMPORT_TRANSITIONS, event=ImportEvent)


def _validate(batch: ImportBatch, *, show_progress: bool = False) -> Any:
    from lienhiep.members import importing, permissions

    table = import_table(batch)
    orgs = permissions.member_orgs_for(batch.actor)
    if batch.org is not None:
        orgs = orgs.filter(pk__in=org_selectors.subtree_ids(batch.org, on=timezone.localdate()))
    mapping = {int(k): v for k, v in batch.mapping.items()}

    def progress(done: int) -> None:
        # Outside any transaction (the check writes nothing), so the page sees it at once: the heartbeat too.
        batches.progress(ImportBatch, batch.pk, done)

    return table, importing.validate(
        table, mapping, orgs=list(orgs), today=timezone.localdate(), progress=progress if show_progress else None,
        visible=org_permissions.org_ids_at_least(batch.actor, Access.VIEW),
    )  # fmt: skip


def import_check(*, batch_id: int, attempt: int | None = None) -> ImportBatch:
    """The dry run: every bad row with its row number, column and reason; nothing is written. The first errors
    are stored on the batch for its page, all of them in the errors file."""
    from lienhiep.core import spreadsheets

    batch = batches.claim(ImportBatch, batch_id, ImportStatus.CHECKING, attempt, "actor", "org")
    if batch is None:
        return ImportBatch.objects.get(pk=batch_id)  # queued twice, for an earlier attempt, or already handled
    try:
        table, report = _validate(batch, show_progress=True)
    except Exception as error:  # noqa: BLE001 - any failure is reported on the batch, never lost
        with transaction.atomic():
            _move(batch, ImportStatus.FAILED, batch.actor, error=repr(error)[:500])
            batch.message = _("The file could not be checked: %(error)s") % {"error": error}
            batch.save()
        return batch
    if report.errors:  # written before the transaction opens: a workbook of many rows takes a while
        batch.errors_file = batches.store(batch.file_name, spreadsheets.errors_xlsx(table, report.errors),
                                          suffix="-errors.xlsx")  # fmt: skip
    with transaction.atomic():
        _store_repeats(batch, report.warnings)
        _log_refused_ids(batch, report.refused_ids)
        batch.error_count = len(report.errors)
        batch.errors = [[e.row, e.column, e.value, e.reason] for e in report.errors[:ERRORS_SHOWN]]
        batch.name_suggestions = [list(name) for name in report.names[:ERRORS_SHOWN]]
        batch.name_suggestion_count = len(report.names)
        batch.total_rows = report.total
        batch.done_rows = report.total
        _move(batch, ImportStatus.CHECKED, batch.actor, errors=batch.error_count)
        batch.save()
    return batch


def import_errors(batch: ImportBatch) -> list[Any]:
    """The first errors of a checked batch, as the check stored them (the full list is in the errors file)."""
    from lienhiep.core.spreadsheets import RowError

    return [RowError(*error) for error in batch.errors]


def import_apply(*, batch_id: int, attempt: int | None = None) -> ImportBatch:
    """Import a checked batch: all rows or none."""
    batch = batches.claim(ImportBatch, batch_id, ImportStatus.IMPORTING, attempt, "actor", "org")
    if batch is None:
        return ImportBatch.objects.get(pk=batch_id)  # queued twice, for an earlier attempt, or already handled
    try:
        _table, report = _validate(batch, show_progress=True)
        if report.errors:
            raise ValidationError(
                _("%(n)s rows are no longer valid (the registry changed since the check). Check the file again.")
                % {"n": len(report.errors)}
            )
        if batch.proper_case:
            for row in report.rows:
                row.values["full_name"] = proper_case_suggestion(row.values["full_name"]) or row.values["full_name"]
        with beating(ImportBatch, batch.pk), transaction.atomic():
            persons, added = _write_rows(batch, report)
            batch.created_persons = len(persons)
            batch.done_rows = len(persons) + added
            _move(batch, ImportStatus.DONE, batch.actor, persons=len(persons), memberships_added=added)
            batch.save()
    except Exception as error:  # noqa: BLE001 - the transaction rolled back; say why on the batch
        with transaction.atomic():
            batch.refresh_from_db()
            _move(batch, ImportStatus.FAILED, batch.actor, error=repr(error)[:500])
            batch.message = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            batch.save()
    return batch


def _write_rows(batch: ImportBatch, report: Any) -> tuple[list[int], int]:
    """Write a checked batch as its choices say: a new person for every row but those said to be the same person,
    whose memberships go to the record chosen (or to the earlier row's person); a membership that person already
    has in the association is not written twice. Returns the persons created and the memberships added."""
    repeats = {r.row: r for r in batch.repeats.all()}
    warned = {w.row: w for w in report.warnings}
    if set(warned) != set(repeats) or any(
        (w.persons, w.twin_row) != (repeats[n].persons, repeats[n].twin_row) for n, w in warned.items()
    ):
        raise ValidationError(
            _("The rows that may repeat a member changed since the check (the registry changed). Check it again."),
            code="repeats_changed",
        )
    new = [(n, row) for n, row in zip(report.numbers, report.rows, strict=True) if _is_new(repeats.get(n))]
    ids = persons_bulk_create(actor=batch.actor, rows=[row for _n, row in new], batch=batch)
    person_of = {n: pk for (n, _row), pk in zip(new, ids, strict=True)}
    added = 0
    for n, row in zip(report.numbers, report.rows, strict=True):
        repeat = repeats.get(n)
        if repeat is None or _is_new(repeat):
            continue
        target = repeat.same_as_id
        seen: set[int] = set()
        while target is None and repeat is not None and repeat.twin_row is not None and repeat.row not in seen:
            seen.add(repeat.row)
            target = person_of.get(repeat.twin_row)
            if target is None:
                repeat = repeats.get(repeat.twin_row)
                target = repeat.same_as_id if repeat is not None else None
        if target is None:
            raise ValidationError(_("Row %(row)s is the same person as a row not imported.") % {"row": n})
        person_of[n] = target
        person = Person.objects.get(pk=target)
        for spell in row.memberships:
            overlapping = Membership.objects.filter(person=person, org=spell.org).filter(
                Q(left_on__isnull=True) | Q(left_on__gt=spell.joined_on)
            )
            if overlapping.exists():
                continue  # already a member there (as `member_admit` sees it): the row repeats the record
            member_admit(
                actor=batch.actor, person=person, org=spell.org, joined_on=spell.joined_on,
                card_number=spell.card_number, batch=batch,
            )  # fmt: skip
            added += 1
    return ids, added


def _is_new(repeat: ImportRow | None) -> bool:
    return repeat is None or repeat.choice == RowChoice.NEW


@transaction.atomic
def import_undo(*, actor: Any, batch: ImportBatch) -> ImportBatch:
    """Remove everything a batch added: its memberships, and its persons who have no other membership."""
    _move(batch, ImportStatus.UNDONE, actor)
    Membership.objects.filter(batch=batch).delete()
    with rewriting("undo"):  # persons that never stood go with their event rows (core.events)
        Person.objects.filter(batch=batch, memberships__isnull=True).delete()
    batch.save()
    return batch
