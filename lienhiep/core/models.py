"""Base model mixins shared by every app, and the one table of core's plumbing: spreadsheets written in the
background (`Export`, core/exports.py). No domain tables live here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import Any, ClassVar, Self

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.translation import gettext_lazy as _

from lienhiep.core import events
from lienhiep.core.redaction import PersonalData, UndeclaredEventKeyError, undeclared_keys


def choice_labels(field: models.Field[Any, Any]) -> dict[Any, Any]:
    """{stored value: label} of a field with choices, made once per field. Django's `get_<field>_display` makes
    it on every call, hashing every label (each a lazy translation, translated to be hashed): 0.1 ms a call, and a
    list page calls it for each row (the member list: education and academic title, 50 rows)."""
    labels: dict[Any, Any] | None = field.__dict__.get("_lienhiep_choice_labels")
    if labels is None:
        labels = field.__dict__["_lienhiep_choice_labels"] = dict(field.flatchoices)
    return labels


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True

    def _get_FIELD_display(self, field: models.Field[Any, Any]) -> Any:  # noqa: N802 (Django's name)
        """`get_<field>_display()` from the field's labels made once (`choice_labels`); the label is translated at
        each call, as Django's is. A value that cannot be a key (a list) goes Django's way."""
        value = getattr(self, field.attname)
        try:
            label = choice_labels(field).get(value, value)
        except TypeError:
            return super()._get_FIELD_display(field)  # type: ignore[misc]
        return force_str(label, strings_only=True)


class RecordedModel(TimeStampedModel):
    """A record a user enters (an activity, an honour, a dossier, a contest entry…): when (`created_at`,
    `updated_at`) and by whom (`created_by`; none once that account is gone: the record stays)."""

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        abstract = True


# Dated spells. A record that holds over a period (a membership, a seat, a role, a unit's own life) keeps its
# `start` and its `end` (none: still holding) under names of its own; these make the rules every such table has
# one declaration each, with the name the constraint has always had (constraint names are kept: no migration).


def ends_after(start: str, end: str, *, name: str, same_day: bool = False) -> models.CheckConstraint:
    """No end yet, or an end after the start; with `same_day`, on the start or after it (a spell ended the day it
    began, [d, d), counts no day: a record entered by mistake is ended so and stays in the history)."""
    later = f"{end}__gte" if same_day else f"{end}__gt"
    return models.CheckConstraint(condition=Q(**{f"{end}__isnull": True}) | Q(**{later: models.F(start)}), name=name)


def reason_iff_ended(end: str, reason: str, *, name: str) -> models.CheckConstraint:
    """A spell that ended says why, and one still holding has no reason to end."""
    return models.CheckConstraint(
        condition=Q(**{f"{end}__isnull": True, reason: ""}) | Q(**{f"{end}__isnull": False}) & ~Q(**{reason: ""}),
        name=name,
    )


def one_open(*fields: str, end: str, name: str) -> models.UniqueConstraint:
    """At most one spell still holding (`end` null) for each value of `fields`."""
    return models.UniqueConstraint(fields=list(fields), condition=Q(**{f"{end}__isnull": True}), name=name)


class StoredFile(models.Model):
    """A file attached to a record: checked by core.files (content and size), kept under a generated name in
    private storage (`stored_name`), and served only through the record's access function (`response`). An app's
    file table subclasses it with its foreign key (and a kind where it has one): activities', nominations' and
    contest entries' files (an entry's stored name is not unique: a forwarded entry names the lower one's files;
    docs/files-and-spreadsheets.md)."""

    original_name = models.CharField(_("file"), max_length=255)
    stored_name = models.CharField(max_length=255, unique=True)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name

    def response(self, *, inline: bool = False) -> Any:
        """The file as a download (or shown, `inline`), for a view that has already checked access to it."""
        from lienhiep.core import files

        return files.serve(
            files.path(self.stored_name), filename=self.original_name, content_type=self.content_type, inline=inline
        )


class ImmutableEventError(Exception):
    """An event row was asked to change or go: the audit trail keeps what happened (`core.events`)."""

    def __init__(self, event: Any) -> None:
        super().__init__(f"{type(event).__name__} rows are never changed or deleted")


class AuditEvent(models.Model):
    """One change, in the shape every app's event table shares: what happened (`kind`, from the app's choices:
    a table redeclares the field with them), who did it (`actor`), when it was recorded (`at`), and the details
    as plain JSON (`data`: values before and after, the records involved). The audit trail and the timelines
    are these tables. Rows are written by services alone, through `record`, and never changed; each table adds
    what its rows are about (a node, a person, a target) and its own indexes."""

    kind = models.CharField(max_length=20)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    data = models.JSONField(default=dict)
    # The client of the request that wrote the row (none for a task's): filled by the defaults from the request
    # being served (`core.events.serving`), so that every writer — `record`, `build`, a bulk COPY — keeps them.
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True, default=events.client_ip)
    user_agent = models.CharField(_("browser"), max_length=255, blank=True, default=events.client_agent)
    # Which keys of `data` may carry a member's values: every concrete table declares its own (core/redaction.py).
    personal_data: ClassVar[PersonalData]

    class Meta:
        abstract = True
        ordering = ["-at", "-id"]

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Insert only: an event row is never changed (`core.events`)."""
        if not self._state.adding:
            raise ImmutableEventError(self)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ImmutableEventError(self)

    @classmethod
    def build(cls, *, actor: Any, kind: str, data: dict[str, Any] | None = None, **columns: Any) -> Self:
        """An unsaved row, its `data` made plain JSON (`core.events.jsonable`): for writers that insert many. With
        EVENT_KEYS_CHECKED on (tests, DEBUG), a key the table does not declare in `personal_data` is refused
        (`core.redaction`), so that an erasure finds every copy of a person's values."""
        plain = events.jsonable(data or {})
        if settings.EVENT_KEYS_CHECKED and (keys := undeclared_keys(cls, plain)):
            raise UndeclaredEventKeyError(cls, keys)
        return cls(actor=actor, kind=kind, data=plain, **columns)

    @classmethod
    def record(cls, *, actor: Any, kind: str, data: dict[str, Any] | None = None, **columns: Any) -> Self:
        """Write one event row: `kind`, `actor` and the table's own `columns` (its node, person, target…), with
        `data` made plain JSON."""
        event = cls.build(actor=actor, kind=kind, data=data, **columns)
        event.save()
        events.recorded(event)
        return event

    @classmethod
    def columns_of(cls, row: models.Model, given: Iterable[str]) -> dict[str, Any]:
        """The columns an event row about `row` takes from it, but those `given`: none here; a table whose rows are
        each about one record says which (`orgs.models.HeldRecordEvent`: its unit, its name and its id)."""
        return {}

    @classmethod
    def record_of(
        cls, row: models.Model, *, actor: Any, kind: str, data: dict[str, Any] | None = None, **columns: Any
    ) -> Self:
        """The event row of a move on `row`: the columns the table takes from the row (`columns_of`, read when
        called, so before a delete too) and the `columns` given, as `record` writes them."""
        return cls.record(actor=actor, kind=kind, data=data, **cls.columns_of(row, columns), **columns)

    @classmethod
    def save_and_record[R: models.Model](
        cls,
        row: R,
        *,
        actor: Any,
        kind: str,
        data: dict[str, Any] | Callable[[R], dict[str, Any]] | None = None,
        update_fields: Sequence[str] | None = None,
        validate_constraints: bool = True,
        **columns: Any,
    ) -> Self:
        """The tail of every service that writes a record: `row` checked (`full_clean`), saved (only
        `update_fields`, if given) and its event row written (`record_of`), in the caller's transaction or, outside
        one, in a transaction of their own, so that no record is saved unchecked or without its event. `data` is
        the event's details, or a function of the saved row that gives them (a snapshot read after the checks, an
        id given by the save)."""
        # Checked before the block: a refusal (a ValidationError a caller may catch and go on) writes nothing, and
        # so leaves the caller's transaction usable; the save and the event are one or neither.
        row.full_clean(validate_constraints=validate_constraints)
        with transaction.atomic(savepoint=False):
            row.save(update_fields=update_fields)
            details = data(row) if callable(data) else data
            return cls.record_of(row, actor=actor, kind=kind, data=details, **columns)

    @classmethod
    def record_many_of(
        cls, rows: Iterable[tuple[models.Model, dict[str, Any]]], *, actor: Any, kind: str
    ) -> list[Self]:
        """`record_of` for many records at once (`record_many`): each record with its event row's `data`."""
        return cls.record_many(
            actor=actor, kind=kind, rows=({**cls.columns_of(row, ()), "data": data} for row, data in rows)
        )

    @classmethod
    def record_many(cls, *, actor: Any, kind: str, rows: Iterable[dict[str, Any]], batch_size: int = 500) -> list[Self]:
        """Write many event rows of one `kind` by one `actor` in a few INSERTs (an import, a campaign's pre-fill):
        each of `rows` is a row's `data` and columns, as `record` takes them one at a time."""
        built = [cls.build(actor=actor, kind=kind, **row) for row in rows]
        written = cls._default_manager.bulk_create(built, batch_size=batch_size)
        for event in written:
            events.recorded(event)
        return written


class BatchStatus(models.TextChoices):
    """Where a file worked on in the background stands (`FileBatch`); each import says in its transition table
    which of these it goes through."""

    READING = "reading", _("Reading the file")
    UPLOADED = "uploaded", _("Uploaded")
    CHECKING = "checking", _("Checking")
    CHECKED = "checked", _("Checked")
    IMPORTING = "importing", _("Importing")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Failed")
    UNDONE = "undone", _("Undone")
    STOPPED = "stopped", _("Stopped")
    CANCELLED = "cancelled", _("Cancelled")


# The work a background task does on a batch; a batch in one of these whose heartbeat is older than
# IMPORT_STALE_AFTER lost its worker (`BackgroundWork.stalled`).
BATCH_RUNNING = (BatchStatus.READING, BatchStatus.CHECKING, BatchStatus.IMPORTING)

# The moves of a file imported all rows or none with no choice asked of the user (initiatives, experts): reading
# checks every row too; reading again (another sheet or header row) goes back to READING; a worker killed mid-task
# (its heartbeat went stale) leaves it STOPPED, run again or given up.
FILE_IMPORT_TRANSITIONS: dict[str, set[str]] = {
    BatchStatus.READING: {BatchStatus.CHECKED, BatchStatus.FAILED, BatchStatus.STOPPED},
    BatchStatus.CHECKED: {BatchStatus.IMPORTING, BatchStatus.READING},
    BatchStatus.IMPORTING: {BatchStatus.DONE, BatchStatus.FAILED, BatchStatus.STOPPED},
    BatchStatus.FAILED: {BatchStatus.READING},
    BatchStatus.DONE: set(),
    BatchStatus.STOPPED: {BatchStatus.READING, BatchStatus.IMPORTING, BatchStatus.CANCELLED},
    BatchStatus.CANCELLED: set(),
}


def heartbeat_stale(beat: dt.datetime, *, now: dt.datetime | None = None) -> bool:
    """The one rule for "its worker stopped": the last sign of life of a background task's work (a heartbeat, the
    last row or step it wrote) older than IMPORT_STALE_AFTER seconds. `BackgroundWork.stalled` and the work that
    keeps its progress in rows of its own (a campaign's pre-fill) ask it."""
    return (now or timezone.now()) - beat > dt.timedelta(seconds=settings.IMPORT_STALE_AFTER)


class BackgroundWork(models.Model):
    """A row a background task works on (a file import, a report's rendering or approval; core/batches.py): the
    heartbeat the task beats while it works, and the attempt it was queued for. In one of its `running_statuses`
    with a heartbeat older than IMPORT_STALE_AFTER, its worker stopped (killed, or the machine restarted): the page
    offers to run the work again or give it up (`core.batches.stopped`)."""

    # Written when the work is queued and by the task as it goes; `attempt` counts the runs, so that a task queued
    # for an earlier run does nothing.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    attempt = models.PositiveIntegerField(default=0)

    # The statuses in which a task works on the row (queued included: its task beats from then on), and the field
    # that counts how far it went (reset when the work is queued again).
    running_statuses: ClassVar[frozenset[str]] = frozenset()
    progress_field: ClassVar[str] = ""

    class Meta:
        abstract = True

    @property
    def running(self) -> bool:
        """Whether a task works on the row now: the page polls its progress."""
        return getattr(self, "status", "") in self.running_statuses and not self.stalled

    @property
    def stalled(self) -> bool:
        """Whether the work stopped with its worker: it is running and its heartbeat (or, for a row queued before
        it had one, its last save) is older than IMPORT_STALE_AFTER seconds."""
        beat = self.heartbeat_at or getattr(self, "updated_at", None)
        if getattr(self, "status", "") not in self.running_statuses or beat is None:
            return False
        return heartbeat_stale(beat)


class FileBatch(BackgroundWork, TimeStampedModel):
    """An uploaded file that background tasks read, check and write (an import; core/batches.py moves it): who
    uploaded it, the file kept under a generated name in private storage, where its table is (the sheet and header
    row chosen, empty: found; `table`, what the reading found: `core.spreadsheets.Table.summary`), the check's
    first errors, and how far the task went. The pages show what is stored here and never read the file."""

    running_statuses = frozenset(BATCH_RUNNING)
    progress_field = "done_rows"  # written by the task every PROGRESS_EVERY rows, with the heartbeat

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    file_name = models.CharField(_("file"), max_length=255)
    stored_file = models.CharField(max_length=255)
    status = models.CharField(_("status"), max_length=10, choices=BatchStatus.choices, default=BatchStatus.UPLOADED)
    sheet = models.CharField(max_length=255, blank=True)
    header_row = models.PositiveIntegerField(null=True, blank=True)
    table = models.JSONField(default=dict)
    errors = models.JSONField(default=list)  # the check's first errors: [row, column, value, reason]
    total_rows = models.PositiveIntegerField(default=0)
    done_rows = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.file_name

    @property
    def percent(self) -> int:
        return round(100 * self.done_rows / self.total_rows) if self.total_rows else 0


class FileImport(FileBatch):
    """A file imported all rows or none for a unit (`core.importers`: initiatives, experts, activities): the batch
    of its kind adds the unit (`org`, a node of `orgs`, which this layer does not know: `orgs.models.UnitFileImport`
    declares it). `notes`: what the check
    found that is not an error, said on the preview ([row, column, value, what the import will do, kind]);
    `created`: how many records the import wrote."""

    created = models.PositiveIntegerField(default=0)
    notes = models.JSONField(default=list)

    class Meta:
        abstract = True


class FileImportEvent(AuditEvent):
    """Every move of a `FileImport`: who, when, from which status (`before`, empty for the upload) to which (`kind`);
    the kind's table adds its `batch`, and declares its `personal_data` (its own, as every event table does)."""

    kind = models.CharField(max_length=20, choices=BatchStatus.choices)
    before = models.CharField(max_length=10)

    class Meta(AuditEvent.Meta):
        abstract = True

    def __str__(self) -> str:
        return f"{getattr(self, 'batch_id', '')}: {self.before} -> {self.kind}"


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    WRITING = "writing", _("Being written")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


# The moves an export may make; core.exports makes each one.
# Queued again (QUEUED) from a running status whose worker stopped (`core.batches.stopped`), by the user who asked.
EXPORT_TRANSITIONS: dict[str, set[str]] = {
    ExportStatus.QUEUED: {ExportStatus.WRITING, ExportStatus.FAILED, ExportStatus.QUEUED},
    ExportStatus.WRITING: {ExportStatus.DONE, ExportStatus.FAILED, ExportStatus.QUEUED},
    ExportStatus.DONE: set(),
    ExportStatus.FAILED: set(),
}


class Export(BackgroundWork, TimeStampedModel):
    """A list written to a spreadsheet in the background for the user who asked (a country's members take minutes):
    its rows are those the user saw when asking, read again by the app that owns the list (`source`, from the list's
    `query` string, as that user). The file is kept under a generated name in private storage, served only to that
    user, and deleted with the row after EXPORT_KEEP. Its task beats a heartbeat (BackgroundWork): if its worker
    stops, the page offers to write it again or give it up."""

    running_statuses = frozenset({ExportStatus.QUEUED, ExportStatus.WRITING})
    progress_field = "done_rows"

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    source = models.CharField(max_length=40)  # an ExportSource's name (core.exports)
    query = models.JSONField(default=dict)  # the list's filters: {name: [values]}
    language = models.CharField(max_length=10)  # the headers' and values' language
    title = models.CharField(_("list"), max_length=120)
    file_name = models.CharField(_("file"), max_length=120)
    stored_file = models.CharField(max_length=255, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED)
    total_rows = models.PositiveIntegerField(default=0)
    done_rows = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        indexes = [models.Index(fields=["created_at"], name="core_export_age")]  # the purge of old ones

    def __str__(self) -> str:
        return self.file_name

    def get_absolute_url(self) -> str:
        return reverse("exports:detail", args=[self.pk])

    @property
    def percent(self) -> int:
        if self.status == ExportStatus.DONE:
            return 100
        return min(99, round(100 * self.done_rows / self.total_rows)) if self.total_rows else 0


class WorkerHeartbeat(models.Model):
    """The last sign of life of each background worker (`manage.py db_worker`, core's, beats every
    WORKER_HEARTBEAT_EVERY seconds from a thread of its own, busy or idle): the health endpoint reads the latest
    (core/health.py). One row per worker process; rows of workers gone a day are dropped by the next beat."""

    worker_id = models.CharField(max_length=64, unique=True)
    hostname = models.CharField(max_length=255, blank=True)
    started_at = models.DateTimeField()
    beat_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["-beat_at"], name="core_heartbeat_latest")]

    def __str__(self) -> str:
        return f"{self.worker_id} {self.beat_at:%Y-%m-%d %H:%M:%S}"


class RequestKind(models.TextChoices):
    FORBIDDEN = "forbidden", _("Refused request")
    PERSON_VIEW = "person_view", _("Person page viewed")
    EXPORT = "export", _("Export")
    ERRORS_FILE = "errors_file", _("Errors file downloaded")


class RequestLog(AuditEvent):
    """Requests worth knowing of that change nothing: refusals (403), person pages viewed, exports and errors files
    downloaded. Written by `core.middleware.ClientMiddleware` alone (a view marks what it logs with
    `core.events.logged`): one INSERT, no read, since person views and refusals are frequent. What the request was
    about is `target` (a name, as in `orgs.models.HeldRecordEvent`) and `target_id`; `path` is the URL asked."""

    kind = models.CharField(_("kind"), max_length=20, choices=RequestKind.choices)
    path = models.CharField(_("address"), max_length=255)
    target = models.CharField(max_length=20, blank=True)
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    personal_data = PersonalData()  # the method and the view's name

    class Meta(AuditEvent.Meta):
        verbose_name = _("request log")
        verbose_name_plural = _("request logs")
        indexes = [
            # A person's or a file's history: who opened it, when.
            models.Index(fields=["target", "target_id", "at"], name="core_requestlog_target"),
            models.Index(fields=["actor", "at"], name="core_requestlog_actor"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.path}"


class ReminderLog(models.Model):
    """Every reminder `manage.py remind` sent (core/reminders.py): its key, never sent twice, whom it went to and
    when. The campaigns' board counts a unit's reminders from its own field; this is the record."""

    source = models.CharField(max_length=50)
    key = models.CharField(max_length=200)
    about = models.CharField(max_length=100, blank=True)
    recipients = models.JSONField(default=list)
    subject = models.CharField(max_length=255)
    sent_on = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reminder mailed")
        verbose_name_plural = _("reminders mailed")
        constraints = [models.UniqueConstraint(fields=["key"], name="core_reminder_once")]
        indexes = [models.Index(fields=["about", "sent_on"], name="core_reminder_about")]

    def __str__(self) -> str:
        return self.key
