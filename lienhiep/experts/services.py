"""Writes to the expert registry: keyword-only, atomic, an event row for every change; a refused write raises
ValidationError (Vietnamese) and changes nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lienhiep.accounts import services as account_services
from lienhiep.accounts.models import User
from lienhiep.core import batches
from lienhiep.core.events import jsonable
from lienhiep.core.models import BatchStatus
from lienhiep.core.redaction import Erased, Subject
from lienhiep.core.text import fold, nfc, person_sort_key
from lienhiep.experts.models import (
    EXPERT_IMPORT_TRANSITIONS,
    EventKind,
    Expert,
    ExpertEvent,
    ExpertImport,
    ExpertImportEvent,
)
from lienhiep.orgs.models import Org
from lienhiep.orgs.permissions import Access, require_can

# The values a form sets, and the event rows record before and after.
EXPERT_FIELDS = (
    "full_name", "person", "education", "academic_title", "degrees", "workplace", "position", "specialty", "email",
    "phone", "available", "notes",
)  # fmt: skip
TEXTS = ("full_name", "degrees", "workplace", "position", "specialty", "notes", "phone")


def _values(expert: Expert) -> dict[str, Any]:
    values = {name: getattr(expert, name) for name in EXPERT_FIELDS}
    values["fields"] = sorted(expert.fields.values_list("name", flat=True)) if expert.pk else []
    return jsonable(values)  # type: ignore[no-any-return]


def _normalise(values: dict[str, Any]) -> dict[str, Any]:
    out = dict(values)
    for name in TEXTS:
        if name in out and out[name] is not None:
            out[name] = " ".join(nfc(out[name]).split()) if name != "notes" else nfc(out[name]).strip()
    if "email" in out:
        out["email"] = (out["email"] or "").strip().lower()
    return out


def _save(expert: Expert, fields: Any) -> None:
    if not expert.full_name:
        raise ValidationError({"full_name": _("Enter the expert's name.")})
    expert.name_folded = fold(expert.full_name)
    expert.name_sort = person_sort_key(expert.full_name)
    expert.workplace_folded = fold(expert.workplace)
    expert.full_clean()
    expert.save()
    if fields is not None:
        expert.fields.set(fields)


@transaction.atomic
def expert_create(*, actor: Any, org: Org, fields: Any = (), **values: Any) -> Expert:
    """Put an expert on the list of `org` (a union or an association: whoever keeps one)."""
    require_can(actor, org, Access.EDIT)
    expert = Expert(org=org, **_normalise(values))
    _save(expert, list(fields))
    ExpertEvent.record(
        actor=actor, kind=EventKind.CREATE, org=org, target="expert", target_id=expert.pk,
        data={"expert": expert, "after": _values(expert)},
    )  # fmt: skip
    return expert


@transaction.atomic
def expert_update(*, actor: Any, expert: Expert, fields: Any = None, **values: Any) -> Expert:
    require_can(actor, expert.org, Access.EDIT)
    before = _values(expert)
    for name, value in _normalise(values).items():
        if name not in EXPERT_FIELDS:
            raise TypeError(name)
        setattr(expert, name, value)
    _save(expert, list(fields) if fields is not None else None)
    after = _values(expert)
    changed = {k for k in after if after[k] != before.get(k)}
    if changed:
        ExpertEvent.record(
            actor=actor, kind=EventKind.UPDATE, org=expert.org, target="expert", target_id=expert.pk,
            data={"expert": expert, "before": {k: before[k] for k in changed}, "after": {k: after[k] for k in changed}},
        )  # fmt: skip
    return expert


@transaction.atomic
def expert_account_create(
    *, actor: Any, expert: Expert, username: str, password: str, check_password: bool = True
) -> User:
    """An account for the expert to log in with: no role, so it reaches only what is granted to it (their
    assignments, orgs/grants.py); the second factor optional, as for every account without an officer's role.
    Its name and e-mail are the expert's. An officer of the unit keeping the list creates it. The password passes
    the site's rules (`check_password`: off only for the demo, whose accounts share one known password)."""
    require_can(actor, expert.org, Access.MANAGE)
    if expert.user_id is not None:
        raise ValidationError(_("This expert already has an account."), code="expert_account_exists")
    username = nfc(username).strip()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("This username is taken: choose another.")}, code="username_taken")
    if expert.email and User.objects.filter(email__iexact=expert.email).exists():
        raise ValidationError(
            _("An account already uses this expert's e-mail address: ask the system administrator."),
            code="email_taken",
        )
    candidate = User(username=username, full_name=expert.full_name, email=expert.email)
    try:
        if check_password:
            validate_password(password, candidate)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from error
    user = account_services.user_create(
        username=username, password=password, full_name=expert.full_name, email=expert.email, phone=expert.phone
    )
    expert.user = user
    expert.save(update_fields=["user", "updated_at"])
    ExpertEvent.record(
        actor=actor, kind=EventKind.ACCOUNT, org=expert.org, target="expert", target_id=expert.pk,
        data={"expert": expert, "account": user},
    )  # fmt: skip
    return user


def person_erased(subject: Subject) -> Erased:
    """The erasure of a member (members' `person_erase`, through `ExpertsConfig.person_erasure`): each expert record
    linked to them keeps its link, its fields and degrees, and loses what names or reaches them — name (the erased
    record's), workplace, position, contacts, notes —; it is no longer offered for assignments."""
    rows = list(Expert.objects.filter(person_id=subject.person_id))
    for expert in rows:
        expert.full_name = subject.label
        expert.name_folded = fold(expert.full_name)
        expert.name_sort = person_sort_key(expert.full_name)
        expert.workplace = expert.workplace_folded = expert.position = expert.email = expert.phone = ""
        expert.notes = ""
        expert.available = False
    Expert.objects.bulk_update(
        rows,
        ["full_name", "name_folded", "name_sort", "workplace", "workplace_folded", "position", "email", "phone",
         "notes", "available"],
    )  # fmt: skip
    return Erased(changed={Expert._meta.label: len(rows)})


# --- A file of experts, read, checked and imported in the background (core.batches) ------------------------------


def _import_move(batch: ExpertImport, to: str, actor: Any, /, **data: Any) -> None:
    batches.move(batch, to, actor, transitions=EXPERT_IMPORT_TRANSITIONS, event=ExpertImportEvent, **data)


def _import_queue(task: str) -> batches.Queue:
    def queue(batch_id: int, attempt: int) -> None:
        from lienhiep.experts import tasks  # tasks call this module's services

        getattr(tasks, task).enqueue(batch_id, attempt)

    return queue


def expert_import_upload(*, actor: Any, org: Org, file_name: str, data: bytes) -> ExpertImport:
    """Check a file of experts for the list of `org` by its size and content, keep it under a generated name and queue
    its reading and check (`tasks.expert_import_read`): a workbook is never parsed in a request."""
    from lienhiep.experts import importing

    require_can(actor, org, Access.EDIT)
    batches.check_upload(file_name, data, max_bytes=importing.MAX_BYTES)
    batch = ExpertImport(
        actor=actor, org=org, file_name=Path(file_name).name[:255], stored_file=batches.store(file_name, data),
        status=BatchStatus.READING,
    )  # fmt: skip
    batches.begin(batch, event=ExpertImportEvent, queue=_import_queue("expert_import_read"), bytes=len(data))
    return batch


@transaction.atomic
def expert_import_request_read(*, actor: Any, batch: ExpertImport, sheet: str, header_row: int | None) -> ExpertImport:
    """Read and check the file again from another sheet or header row (empty / None: the reader finds them)."""
    _import_move(batch, BatchStatus.READING, actor, sheet=sheet, header_row=header_row)
    batch.sheet, batch.header_row = sheet, header_row
    batch.error_count, batch.errors, batch.notes, batch.message = 0, [], [], ""
    batches.start(batch, _import_queue("expert_import_read"))
    return batch


def _import_check(batch: ExpertImport) -> Any:
    from lienhiep.experts import importing

    table = importing.read(
        batch.file_name, batches.path(batch.stored_file).read_bytes(), sheet=batch.sheet or None,
        header_row=batch.header_row,
    )  # fmt: skip
    batches.progress(ExpertImport, batch.pk, 0)
    ExpertImport.objects.filter(pk=batch.pk).update(total_rows=len(table.rows))
    return table, importing.validate(
        table, org=batch.org, progress=lambda done: batches.progress(ExpertImport, batch.pk, done)
    )


def expert_import_read(*, batch_id: int, attempt: int | None = None) -> ExpertImport:
    """The background reading: the table found (or as chosen), every row checked; the page shows what is stored (the
    first errors, and the notes: rows merged, already listed, names in capitals). A file that cannot be read, lacks
    the name column or has no rows fails the batch with the reason."""
    from lienhiep.core import spreadsheets

    batch = batches.claim(ExpertImport, batch_id, BatchStatus.READING, attempt, "actor", "org")
    if batch is None:
        return ExpertImport.objects.get(pk=batch_id)
    table = None
    try:
        table, result = _import_check(batch)
    except (spreadsheets.ImportFileError, OSError) as error:
        problem = str(error)
    else:
        problem = ""
        if result.missing:
            problem = _("These columns are missing: %(columns)s.") % {"columns": ", ".join(result.missing)}
        elif not result.errors and not result.experts and not result.notes:
            problem = _("The file has no rows below the column headers.")
    with transaction.atomic():
        batch.refresh_from_db(fields=["done_rows", "heartbeat_at"])
        if table is not None:
            batch.table = table.summary()
            batch.total_rows = batch.table["rows"]
        if problem:
            _import_move(batch, BatchStatus.FAILED, batch.actor, error=problem[:500])
            batch.message = problem
        else:
            batch.error_count = len(result.errors)
            batch.errors = [[e.row, e.column, e.value, e.reason] for e in result.errors[: batches.ERRORS_SHOWN]]
            batch.notes = [
                [e.row, e.column, e.value, e.reason, kind] for kind, e in result.notes[: batches.ERRORS_SHOWN]
            ]
            batch.done_rows = batch.total_rows
            where = {"sheet": table.sheet, "header_row": table.header_row} if table else {}
            _import_move(batch, BatchStatus.CHECKED, batch.actor, rows=batch.total_rows, errors=batch.error_count,
                         experts=len(result.experts), **where)  # fmt: skip
        batch.save()
    return batch


@transaction.atomic
def expert_import_request_apply(*, actor: Any, batch: ExpertImport, proper_case: bool = False) -> ExpertImport:
    """Queue the import of a checked file with no row in error (`tasks.expert_import_apply`); `proper_case`: write
    the names typed in capitals in proper case."""
    if batch.status == BatchStatus.CHECKED and batch.error_count:
        raise ValidationError(_("Fix the rows in error before importing."), code="has_errors")
    _import_move(batch, BatchStatus.IMPORTING, actor, proper_case=proper_case)
    batch.proper_case = proper_case
    batches.start(batch, _import_queue("expert_import_apply"))
    return batch


def expert_import_apply(*, batch_id: int, attempt: int | None = None) -> ExpertImport:
    """Import a checked file: every row checked again (the list may have changed since), then every expert written
    through `expert_create` (its event row each) in one transaction, or none."""
    batch = batches.claim(ExpertImport, batch_id, BatchStatus.IMPORTING, attempt, "actor", "org")
    if batch is None:
        return ExpertImport.objects.get(pk=batch_id)
    try:
        _table, result = _import_check(batch)
        if result.missing or result.errors:
            raise ValidationError(
                _("%(n)s rows are no longer valid (the registry changed since the check). Check the file again.")
                % {"n": len(result.errors) or len(result.missing)}
            )
        with batches.beating(ExpertImport, batch.pk), transaction.atomic():
            for row in result.experts:
                values = dict(row.values)
                if batch.proper_case and row.proper:
                    values["full_name"] = row.proper
                expert_create(actor=batch.actor, org=batch.org, fields=row.fields, **values)
            batch.refresh_from_db(fields=["heartbeat_at"])
            batch.created = batch.done_rows = len(result.experts)
            _import_move(batch, BatchStatus.DONE, batch.actor, experts=len(result.experts))
            batch.save()
    except Exception as error:  # noqa: BLE001 - the transaction rolled back; say why on the batch
        with transaction.atomic():
            batch.refresh_from_db()
            _import_move(batch, BatchStatus.FAILED, batch.actor, error=repr(error)[:500])
            batch.message = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            batch.save()
    return batch


@transaction.atomic
def expert_import_retry(*, actor: Any, batch: ExpertImport) -> ExpertImport:
    """Run again the work of a file whose worker stopped: nothing of it was written (one transaction)."""
    batch, running = batches.stop(batch, actor, transitions=EXPERT_IMPORT_TRANSITIONS, event=ExpertImportEvent)
    _import_move(batch, running, actor)
    tasks: dict[str, str] = {BatchStatus.READING: "expert_import_read", BatchStatus.IMPORTING: "expert_import_apply"}
    task = tasks[running]
    batches.start(batch, _import_queue(task))
    return batch


@transaction.atomic
def expert_import_cancel(*, actor: Any, batch: ExpertImport) -> ExpertImport:
    """Give up a file whose worker stopped; nothing of it was written."""
    batch, _running = batches.stop(batch, actor, transitions=EXPERT_IMPORT_TRANSITIONS, event=ExpertImportEvent)
    _import_move(batch, BatchStatus.CANCELLED, actor)
    batch.save()
    return batch
