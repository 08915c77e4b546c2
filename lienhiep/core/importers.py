"""One file import, declared once per kind of record (decision 0017): an `Importer` says what is its own — the batch
and event models, the columns, how a row is checked, how a checked file is written, the access function of the unit
it is for, the words its pages say — and this module does the rest for every kind: the services that move a batch
(upload, read again, run, retry, cancel, and the two background steps), the eight views and their URL patterns, one
set of templates (`core/import*.html`). Django's admin builds a model's pages from a ModelAdmin the same way.

An app lists its importers in its AppConfig (`importers`, dotted paths), so that the background tasks
(`core.tasks.file_import_read` / `file_import_apply`) find them by name. The lower steps (the stored upload, the moves
along `FILE_IMPORT_TRANSITIONS` with an event row each, the heartbeat) are `core.batches`'; reading a spreadsheet is
`core.spreadsheets`'. Members' import is not one of these (decision 0017 says why).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.urls import URLPattern, path
from django.utils.translation import gettext as _

from lienhiep.core import batches, declarations
from lienhiep.core.models import FILE_IMPORT_TRANSITIONS, BatchStatus, FileImport
from lienhiep.core.spreadsheets import UNCOMPUTED, Column, RowError, Table, cell_text, guess_mapping, missing_required
from lienhiep.core.spreadsheets.cells import Uncomputed


@dataclass
class Result:
    """What the check of a file found: the rows to write (whatever the kind's `write` takes), the errors (any one
    stops the import), the notes (not errors, said on the preview: kind, row), the required columns missing."""

    rows: list[Any] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    notes: list[tuple[str, RowError]] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    table: dict[str, Any] = field(default_factory=dict)


@dataclass
class Row:
    """One row of the table as a kind's check reads it: its number in the file, its cells, their text by column key
    (empty for a column the file lacks), and `error(key, reason)` to list a problem with its column and value."""

    number: int
    cells: list[Any]
    value: dict[str, str]
    at: dict[str, int]
    result: Result
    headers: Mapping[str, str]

    def error(self, key: str, reason: str, value: str | None = None) -> None:
        shown = self.value.get(key, "") if value is None else value
        self.result.errors.append(RowError(self.number, self.headers.get(key, ""), shown, reason))

    def note(self, kind: str, key: str, reason: str) -> None:
        self.result.notes.append(
            (kind, RowError(self.number, self.headers.get(key, ""), self.value.get(key, ""), reason))
        )

    def cell(self, key: str) -> Any:
        """The cell as read (a date, a number…), None where the file has no such column."""
        index = self.at.get(key)
        return self.cells[index] if index is not None and index < len(self.cells) else None


def rows(
    table: Table,
    columns: tuple[Column, ...],
    result: Result,
    *,
    progress: Callable[[int], None] | None = None,
    every: int = 200,
) -> Iterator[Row]:
    """The rows of `table` for a kind's check, with what every import does first: the columns matched (a required
    one missing: said in `result.missing`, no row), the empty rows passed over, a formula without its computed
    value listed as an error of its cell (the row then skipped), and `progress` told every `every` rows."""
    mapping = guess_mapping(table.headers, columns)
    result.missing = [column.header for column in missing_required(mapping, columns)]
    result.table = table.summary()
    if result.missing:
        return
    at = {key: index for index, key in mapping.items()}
    headers = {column.key: column.header for column in columns}
    for number, cells in enumerate(table.rows, start=table.first_row):
        done = number - table.first_row
        if progress is not None and done and done % every == 0:
            progress(done)
        if not cells:
            continue
        value = {key: cell_text(cells[at[key]]) if key in at and at[key] < len(cells) else "" for key in headers}
        row = Row(number, cells, value, at, result, headers)
        formulas = [key for key, i in at.items() if i < len(cells) and isinstance(cells[i], Uncomputed)]
        for key in formulas:
            row.error(key, str(UNCOMPUTED))
        if not formulas:
            yield row


class Importer:
    """A kind of file import. Subclass it in the app, set what is its own, and list the instance in the AppConfig's
    `importers`; its `urls()` go in the app's urlpatterns. What a subclass must give: the class attributes below
    without a default, and `check`, `write`, `template_xlsx`, `done_message`, `get_org_for_user`, `node_asked`,
    `require_may_import` (units' access: `orgs.importers.UnitImporter` gives the last three)."""

    name: ClassVar[str]  # how the tasks find it; unique across the project
    namespace: ClassVar[str]  # the app's URL namespace
    prefix: ClassVar[str]  # URL names: prefix, prefix_batch, _progress, _layout, _run, _retry, _cancel
    template_url_name: ClassVar[str]  # the template download's URL name
    batch_model: ClassVar[type[FileImport]]
    event_model: ClassVar[Any]
    columns: ClassVar[tuple[Column, ...]]
    max_rows: ClassVar[int]
    max_bytes: ClassVar[int] = 5 * 2**20
    progress_every: ClassVar[int] = 200
    template_file_name: ClassVar[str]
    list_url_name: ClassVar[str]  # the list the imported records join ("See the list")
    transitions: ClassVar[Mapping[str, set[str]]] = FILE_IMPORT_TRANSITIONS

    # --- What a kind says ---------------------------------------------------------------------------------

    def title(self) -> str:
        raise NotImplementedError

    def list_label(self) -> str:
        """The breadcrumb above the upload page: the list the records join."""
        raise NotImplementedError

    def intro(self, node: Any) -> list[str]:
        """The paragraphs above the upload form."""
        raise NotImplementedError

    def done_message(self, batch: Any) -> str:
        """What the page says once the file was written (`batch.created`: how many records)."""
        raise NotImplementedError

    def get_org_for_user(self, user: Any, pk: int | str | None) -> Any:
        """The unit the import is for, by the app's access function (404 outside, 403 without the right)."""
        raise NotImplementedError

    def node_asked(self, request: HttpRequest) -> str | None:
        """The unit the upload or the template is for, as the request names it."""
        raise NotImplementedError

    def require_may_import(self, actor: Any, org: Any) -> None:
        """For the services: PermissionDenied unless `actor` may import for `org`."""
        raise NotImplementedError

    def check(self, batch: Any, table: Table, progress: Callable[[int], None]) -> Result:
        """Check every row of `table` for `batch` (nothing written)."""
        raise NotImplementedError

    def write(self, batch: Any, result: Result) -> int:
        """Write a checked file with no row in error, inside the import's transaction; how many records it wrote."""
        raise NotImplementedError

    def template_xlsx(self, org: Any) -> bytes:
        raise NotImplementedError

    def run_options(self, post: Mapping[str, Any], batch: Any) -> dict[str, Any]:
        """What the run form asks beyond "import now" (a box, choices), as fields of the batch: written on the
        batch and in the event row of the run."""
        return {}

    def preview(self, batch: Any) -> dict[str, Any]:
        """More for the preview page's template (`preview_template`, included under the notes)."""
        return {}

    preview_template: ClassVar[str] = ""

    # --- URL names -------------------------------------------------------------------------------------------

    def url(self, step: str = "") -> str:
        if step == "template":
            return f"{self.namespace}:{self.template_url_name}"
        return f"{self.namespace}:{self.prefix}{'_' + step if step else ''}"

    @property
    def urls_by_step(self) -> dict[str, str]:
        """For the templates: `importer.urls_by_step.batch` and so on."""
        steps = ("", "template", "batch", "progress", "layout", "run", "retry", "cancel")
        return {step or "upload": self.url(step) for step in steps}

    def urls(self, base: str) -> list[URLPattern]:
        """The eight URL patterns under `base` ("import/"), named as `url` says."""
        from lienhiep.core import views

        def view(function: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
            def bound(request: HttpRequest, **kwargs: Any) -> HttpResponseBase:
                return function(request, self, **kwargs)

            bound.__name__ = bound.__qualname__ = f"{self.prefix}_{function.__name__}"
            bound.__doc__ = function.__doc__
            for attribute in ("csrf_exempt", "login_required"):
                if hasattr(function, attribute):
                    setattr(bound, attribute, getattr(function, attribute))
            return bound

        name = self.url("").split(":")[1]
        return [
            path(base, view(views.import_upload), name=name),
            path(f"{base}template/", view(views.import_template), name=self.template_url_name),
            path(f"{base}<int:pk>/", view(views.import_batch), name=f"{name}_batch"),
            path(f"{base}<int:pk>/progress/", view(views.import_progress), name=f"{name}_progress"),
            path(f"{base}<int:pk>/layout/", view(views.import_layout), name=f"{name}_layout"),
            path(f"{base}<int:pk>/run/", view(views.import_run), name=f"{name}_run"),
            path(f"{base}<int:pk>/retry/", view(views.import_retry), name=f"{name}_retry"),
            path(f"{base}<int:pk>/cancel/", view(views.import_cancel), name=f"{name}_cancel"),
        ]

    # --- Access ----------------------------------------------------------------------------------------------

    def get_batch_for_user(self, user: Any, pk: int) -> Any:
        """A file is seen only by whoever uploaded it (404 for anyone else), while they may still import for its
        unit (the unit's access function: 404 or 403 once they may not)."""
        from django.http import Http404

        batch = (
            self.batch_model.objects.select_related("org").filter(pk=pk, actor=user).first()  # type: ignore[attr-defined]
            if user.is_authenticated
            else None
        )
        if batch is None:
            raise Http404
        self.get_org_for_user(user, batch.org_id)
        return batch

    # --- Services --------------------------------------------------------------------------------------------

    def _move(self, batch: Any, to: str, actor: Any, /, **data: Any) -> None:
        batches.move(batch, to, actor, transitions=self.transitions, event=self.event_model, **data)

    def _queue(self, step: str) -> batches.Queue:
        def queue(batch_id: int, attempt: int) -> None:
            from lienhiep.core import tasks  # the tasks call these services

            getattr(tasks, f"file_import_{step}").enqueue(self.name, batch_id, attempt)

        return queue

    def upload(self, *, actor: Any, org: Any, file_name: str, data: bytes) -> Any:
        """Check a file for `org` by its size and content (a workbook's archive included), keep it under a generated
        name and queue its reading and check: a workbook is never parsed in a request."""
        self.require_may_import(actor, org)
        batches.check_upload(file_name, data, max_bytes=self.max_bytes)
        batch: Any = self.batch_model(
            actor=actor, file_name=Path(file_name).name[:255], stored_file=batches.store(file_name, data),
            status=BatchStatus.READING,
        )  # fmt: skip
        batch.org = org  # the kind's batch has the unit (this layer does not know units)
        batches.begin(batch, event=self.event_model, queue=self._queue("read"), bytes=len(data))
        return batch

    def request_read(self, *, actor: Any, batch: Any, sheet: str, header_row: int | None) -> Any:
        """Read and check the file again from another sheet or header row (empty / None: the reader finds them)."""
        with transaction.atomic():
            self._move(batch, BatchStatus.READING, actor, sheet=sheet, header_row=header_row)
            batch.sheet, batch.header_row = sheet, header_row
            batch.error_count, batch.errors, batch.notes, batch.message = 0, [], [], ""
            batches.start(batch, self._queue("read"))
        return batch

    def read_table(
        self, file_name: str, data: bytes, *, sheet: str | None = None, header_row: int | None = None
    ) -> Table:
        from lienhiep.core.spreadsheets import read_table

        return read_table(
            file_name, data, sheet=sheet, header_row=header_row, columns=self.columns, max_rows=self.max_rows
        )

    def _check(self, batch: Any) -> tuple[Table, Result]:
        """Read the stored file as the batch says (its chosen sheet and header row, else found) and check every row,
        beating the heartbeat as it goes."""
        table = self.read_table(
            batch.file_name, batches.path(batch.stored_file).read_bytes(), sheet=batch.sheet or None,
            header_row=batch.header_row,
        )  # fmt: skip
        model = self.batch_model
        batches.progress(model, batch.pk, 0)
        model.objects.filter(pk=batch.pk).update(total_rows=len(table.rows))  # type: ignore[attr-defined]
        return table, self.check(batch, table, lambda done: batches.progress(model, batch.pk, done))

    def _claim(self, batch_id: int, status: str, attempt: int | None) -> Any:
        return batches.claim(self.batch_model, batch_id, status, attempt, "actor", "org")

    def read(self, *, batch_id: int, attempt: int | None = None) -> Any:
        """The background reading: the table found (or as chosen), every row checked; the page shows what is stored
        (the first errors, the notes). A file that cannot be read, lacks a required column or has no rows fails the
        batch with the reason; its layout stays, to choose another header row."""
        from lienhiep.core import spreadsheets

        batch = self._claim(batch_id, BatchStatus.READING, attempt)
        if batch is None:
            return self.batch_model.objects.get(pk=batch_id)  # type: ignore[attr-defined]
        table = None
        try:
            table, result = self._check(batch)
        except (spreadsheets.ImportFileError, OSError) as error:
            problem = str(error)
        else:
            problem = ""
            if result.missing:
                problem = _("These columns are missing: %(columns)s.") % {"columns": ", ".join(result.missing)}
            elif not result.errors and not result.rows and not result.notes:
                problem = _("The file has no rows below the column headers.")
        with transaction.atomic():
            batch.refresh_from_db(fields=["done_rows", "heartbeat_at"])
            if table is not None:
                batch.table = table.summary()
                batch.total_rows = batch.table["rows"]
            if problem:
                self._move(batch, BatchStatus.FAILED, batch.actor, error=problem[:500])
                batch.message = problem
            else:
                shown = batches.ERRORS_SHOWN
                batch.error_count = len(result.errors)
                batch.errors = [[e.row, e.column, e.value, e.reason] for e in result.errors[:shown]]
                batch.notes = [[e.row, e.column, e.value, e.reason, kind] for kind, e in result.notes[:shown]]
                batch.done_rows = batch.total_rows
                where = {"sheet": table.sheet, "header_row": table.header_row} if table else {}
                self._move(batch, BatchStatus.CHECKED, batch.actor, rows=batch.total_rows, errors=batch.error_count,
                           found=len(result.rows), **where)  # fmt: skip
            batch.save()
        return batch

    def request_apply(self, *, actor: Any, batch: Any, **options: Any) -> Any:
        """Queue the import of a checked file with no row in error; `options` (the kind's `run_options`) are kept on
        the batch and said in the event row."""
        with transaction.atomic():
            if batch.status == BatchStatus.CHECKED and batch.error_count:
                raise ValidationError(_("Fix the rows in error before importing."), code="has_errors")
            self._move(batch, BatchStatus.IMPORTING, actor, **options)
            for name, value in options.items():
                setattr(batch, name, value)
            batches.start(batch, self._queue("apply"))
        return batch

    def apply(self, *, batch_id: int, attempt: int | None = None) -> Any:
        """Import a checked file: every row checked again (the records may have changed since), then all of them
        written in one transaction, or none."""
        batch = self._claim(batch_id, BatchStatus.IMPORTING, attempt)
        if batch is None:
            return self.batch_model.objects.get(pk=batch_id)  # type: ignore[attr-defined]
        try:
            _table, result = self._check(batch)
            if result.missing or result.errors:
                raise ValidationError(
                    _("%(n)s rows are no longer valid (the registry changed since the check). Check the file again.")
                    % {"n": len(result.errors) or len(result.missing)}
                )
            with batches.beating(self.batch_model, batch.pk), transaction.atomic():
                written = self.write(batch, result)
                batch.refresh_from_db(fields=["heartbeat_at"])
                batch.created = batch.done_rows = written
                self._move(batch, BatchStatus.DONE, batch.actor, written=written)
                batch.save()
        except Exception as error:  # noqa: BLE001 - the transaction rolled back; say why on the batch
            with transaction.atomic():
                batch.refresh_from_db()
                self._move(batch, BatchStatus.FAILED, batch.actor, error=repr(error)[:500])
                batch.message = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
                batch.save()
        return batch

    def retry(self, *, actor: Any, batch: Any) -> Any:
        """Run again the work of a file whose worker stopped (its heartbeat went stale): nothing of it was written,
        since the import writes all its rows in one transaction."""
        with transaction.atomic():
            batch, running = batches.stop(batch, actor, transitions=self.transitions, event=self.event_model)
            self._move(batch, running, actor)
            batches.start(batch, self._queue("read" if running == BatchStatus.READING else "apply"))
        return batch

    def cancel(self, *, actor: Any, batch: Any) -> Any:
        """Give up a file whose worker stopped; nothing of it was written."""
        with transaction.atomic():
            batch, _running = batches.stop(batch, actor, transitions=self.transitions, event=self.event_model)
            self._move(batch, BatchStatus.CANCELLED, actor)
            batch.save()
        return batch


def _registry() -> dict[str, Importer]:
    return {importer.name: importer for importer in declarations.imported("importers")}


def importer(name: str) -> Importer:
    """The importer a task was queued for, by its name."""
    return _registry()[name]


def importers() -> list[Importer]:
    return list(_registry().values())


def page(importer: Importer, request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    from django.shortcuts import render

    return render(request, template, {"importer": importer, "urls": importer.urls_by_step, **context})
