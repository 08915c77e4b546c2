"""Writes to the member registry. Keyword-only, atomic, with an actor; every change writes a PersonEvent."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lienhiep.core import bulk
from lienhiep.core.text import fold, nfc, person_sort_key
from lienhiep.members.models import (
    IMPORT_TRANSITIONS,
    CollectiveMember,
    Consent,
    EventKind,
    ExportLog,
    Field,
    ImportBatch,
    ImportEvent,
    ImportStatus,
    IntellectualEstimate,
    LeaveReason,
    Membership,
    Person,
    PersonEvent,
    digits,
)
from lienhiep.orgs.models import Org, OrgKind

PERSON_FIELDS = (
    "full_name", "gender", "birth_date", "id_number", "phone", "email", "address", "education",
    "academic_title", "workplace", "position", "party_member", "health_note", "notes",
)  # fmt: skip
MEMBER_KINDS = (OrgKind.ASSOCIATION, OrgKind.BRANCH)


def _d(value: dt.date) -> str:
    return value.strftime("%d/%m/%Y")


def _event(person: Person, kind: str, actor: Any, /, **data: Any) -> PersonEvent:
    return PersonEvent.objects.create(person=person, kind=kind, actor=actor, data=data)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _normalised(values: dict[str, Any]) -> dict[str, Any]:
    """Person values as stored: NFC, single spaces, and the keys search and sorting use."""
    out = dict(values)
    out["full_name"] = " ".join(nfc(out.get("full_name") or "").split())
    if not out["full_name"]:
        raise ValidationError({"full_name": _("The full name must not be empty.")})
    out["name_folded"] = fold(out["full_name"])
    out["name_sort"] = person_sort_key(out["full_name"])
    out["phone_digits"] = digits(out.get("phone") or "")
    out["id_number"] = (out.get("id_number") or "").strip() or None
    for name in ("address", "workplace", "position", "notes", "health_note"):
        out[name] = nfc(out.get(name) or "").strip()
    return out


def _normalise(person: Person) -> None:
    names = (*PERSON_FIELDS, "name_folded", "name_sort", "phone_digits")
    for name, value in _normalised({name: getattr(person, name) for name in PERSON_FIELDS}).items():
        if name in names:
            setattr(person, name, value)


@transaction.atomic
def person_create(*, actor: Any, fields: list[Field] | None = None, **values: Any) -> Person:
    unknown = set(values) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"not a person field: {sorted(unknown)}")
    person = Person(**values)
    _normalise(person)
    person.full_clean()
    person.save()
    if fields:
        person.fields.set(fields)
    _event(person, EventKind.CREATE, actor, name=person.full_name)
    return person


@transaction.atomic
def person_update(*, actor: Any, person: Person, fields: list[Field] | None = None, **values: Any) -> Person:
    unknown = set(values) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"not a person field: {sorted(unknown)}")
    before = {k: getattr(person, k) for k in values}
    for key, value in values.items():
        setattr(person, key, value)
    _normalise(person)
    after = {k: getattr(person, k) for k in values}
    changed = {k for k in values if before[k] != after[k]}
    old_fields = set(person.fields.values_list("pk", flat=True))
    new_fields = {f.pk for f in fields} if fields is not None else old_fields
    if not changed and old_fields == new_fields:
        return person
    person.full_clean()
    person.save()
    if fields is not None:
        person.fields.set(fields)
    # Protected values are recorded as changed, never copied into the log.
    secret = {"id_number", "party_member", "health_note"}
    _event(
        person,
        EventKind.UPDATE,
        actor,
        before={k: ("…" if k in secret else _jsonable(before[k])) for k in changed},
        after={k: ("…" if k in secret else _jsonable(after[k])) for k in changed},
        fields_changed=old_fields != new_fields,
    )
    return person


def _check_member_org(org: Org, on: dt.date) -> None:
    if org.kind not in MEMBER_KINDS:
        raise ValidationError(
            _("Members belong to a member association or a branch, not to %(name)s.") % {"name": org.name},
            code="member_org_kind",
        )
    org.check_exists_on(on)


@transaction.atomic
def member_admit(
    *, actor: Any, person: Person, org: Org, joined_on: dt.date, card_number: str = "", batch: Any = None
) -> Membership:
    _check_member_org(org, joined_on)
    if person.birth_date and joined_on < person.birth_date:
        raise ValidationError(_("The joining date is before the birth date."), code="joined_before_birth")
    overlapping = Membership.objects.filter(person=person, org=org).filter(
        Q(left_on__isnull=True) | Q(left_on__gt=joined_on)
    )
    if overlapping.exists():
        raise ValidationError(
            _("%(person)s is already a member of %(org)s on %(date)s.")
            % {"person": person.full_name, "org": org.name, "date": _d(joined_on)},
            code="already_member",
        )
    membership = Membership(
        person=person, org=org, joined_on=joined_on, card_number=card_number.strip().upper(), batch=batch
    )
    membership.full_clean(validate_constraints=False)
    membership.save()
    _event(person, EventKind.ADMIT, actor, org={"id": org.pk, "name": org.name}, on=joined_on.isoformat())
    return membership


@transaction.atomic
def membership_end(*, actor: Any, membership: Membership, on: dt.date, reason: str) -> Membership:
    if reason not in LeaveReason.values:
        raise ValidationError(_("Choose why the member left."), code="reason")
    if membership.left_on is not None:
        raise ValidationError(_("This membership has already ended."), code="ended")
    if on <= membership.joined_on:
        raise ValidationError(
            _("The leaving date must be after the joining date (%(date)s).") % {"date": _d(membership.joined_on)},
            code="left_before_joined",
        )
    membership.left_on, membership.leave_reason = on, reason
    membership.full_clean(validate_constraints=False)
    membership.save(update_fields=["left_on", "leave_reason", "updated_at"])
    _event(
        membership.person, EventKind.LEAVE, actor,
        org={"id": membership.org_id, "name": membership.org.name}, on=on.isoformat(), reason=reason,
    )  # fmt: skip
    return membership


@transaction.atomic
def membership_transfer(
    *, actor: Any, membership: Membership, to_org: Org, on: dt.date, card_number: str = ""
) -> Membership:
    """End the membership on `on` (transferred) and open one in `to_org` from the same day."""
    if to_org.pk == membership.org_id:
        raise ValidationError(_("Choose another association to transfer to."), code="same_org")
    _check_member_org(to_org, on)
    membership_end(actor=actor, membership=membership, on=on, reason=LeaveReason.TRANSFER)
    new = member_admit(
        actor=actor,
        person=membership.person,
        org=to_org,
        joined_on=on,
        card_number=card_number or membership.card_number,
    )
    _event(
        membership.person, EventKind.TRANSFER, actor,
        source={"id": membership.org_id, "name": membership.org.name},
        to={"id": to_org.pk, "name": to_org.name}, on=on.isoformat(),
    )  # fmt: skip
    return new


# --- Personal data -----------------------------------------------------------------------------


@transaction.atomic
def person_reveal_id(*, actor: Any, person: Person) -> str:
    """The full citizen ID, for a role allowed to see it; every reveal is logged."""
    _event(person, EventKind.REVEAL_ID, actor)
    return person.id_number or ""


@transaction.atomic
def consent_give(*, actor: Any, person: Person, purpose: str, notice_version: str) -> Consent:
    if Consent.objects.filter(person=person, purpose=purpose, withdrawn_at__isnull=True).exists():
        raise ValidationError(_("Consent for this purpose is already recorded."), code="consent_exists")
    consent = Consent(
        person=person, purpose=purpose, notice_version=notice_version, given_at=timezone.now(), recorded_by=actor
    )
    consent.full_clean()
    consent.save()
    _event(person, EventKind.CONSENT, actor, purpose=purpose, notice_version=notice_version)
    return consent


@transaction.atomic
def consent_withdraw(*, actor: Any, consent: Consent) -> Consent:
    if consent.withdrawn_at is not None:
        raise ValidationError(_("This consent was already withdrawn."), code="consent_withdrawn")
    consent.withdrawn_at = timezone.now()
    consent.save(update_fields=["withdrawn_at"])
    _event(consent.person, EventKind.CONSENT_WITHDRAWN, actor, purpose=consent.purpose)
    return consent


def person_data(person: Person) -> dict[str, Any]:
    """Everything the registry holds on a person (for an access request)."""
    return {
        "person": {k: _jsonable(getattr(person, k)) for k in PERSON_FIELDS},
        "fields": [f.name for f in person.fields.all()],
        "memberships": [
            {
                "org": m.org.name,
                "joined_on": _jsonable(m.joined_on),
                "left_on": _jsonable(m.left_on),
                "leave_reason": m.leave_reason,
                "card_number": m.card_number,
            }
            for m in person.memberships.select_related("org").order_by("joined_on")
        ],
        "consents": [
            {
                "purpose": c.purpose,
                "notice_version": c.notice_version,
                "given_at": c.given_at.isoformat(),
                "withdrawn_at": c.withdrawn_at.isoformat() if c.withdrawn_at else None,
            }
            for c in person.consents.order_by("given_at")
        ],
    }


@transaction.atomic
def person_export(*, actor: Any, person: Person) -> dict[str, Any]:
    data = person_data(person)
    _event(person, EventKind.EXPORT, actor)
    return data


def list_export_logged(
    rows: Iterator[list[object]], *, actor: Any, file_format: str, node: Org | None, filters: dict[str, Any]
) -> Iterator[list[object]]:
    """Log an export of the member list now, before any row leaves (so a download broken off halfway
    is still on record), and its row count once the last row has been written."""
    log = ExportLog.objects.create(actor=actor, file_format=file_format, node=node, filters=filters)

    def counted() -> Iterator[list[object]]:
        count = -1  # the header row is not a person
        for row in rows:
            count += 1
            yield row
        ExportLog.objects.filter(pk=log.pk).update(rows=max(count, 0), finished=True)

    return counted()


@transaction.atomic
def person_erase(*, actor: Any, person: Person) -> Person:
    """Anonymise on request. What figures count stays (gender, education, fields, birth year,
    memberships and their dates); what identifies the person goes."""
    if person.erased_at is not None:
        raise ValidationError(_("This person's data was already erased."), code="erased")
    person.full_name = _("Erased person #%(id)s") % {"id": person.pk}
    if person.birth_date:
        person.birth_date = dt.date(person.birth_date.year, 7, 1)
    person.id_number = None
    person.phone = person.email = person.address = person.workplace = person.position = ""
    person.party_member = None
    person.health_note = person.notes = ""
    person.erased_at = timezone.now()
    _normalise(person)
    person.save()
    person.memberships.update(card_number="")
    person.events.exclude(kind=EventKind.ERASE).update(data={})
    _event(person, EventKind.ERASE, actor)
    return person


# --- Bulk loading (imports, demo data) ----------------------------------------------------------


@dataclass
class MembershipRow:
    org: Org
    joined_on: dt.date
    left_on: dt.date | None = None
    leave_reason: str = ""
    card_number: str = ""


@dataclass
class PersonRow:
    """A person and their memberships, already validated (by the importer or the demo)."""

    values: dict[str, Any]
    memberships: list[MembershipRow] = dataclass_field(default_factory=list)
    fields: list[Field] = dataclass_field(default_factory=list)


@transaction.atomic
def persons_bulk_create(*, actor: Any, rows: list[PersonRow], batch: Any = None) -> list[int]:
    """Create many persons with their memberships, fields and events; return their ids in row order.

    Column values are built directly (no model instance per row) and written with COPY on PostgreSQL:
    an import of 100,000 rows spends its time in the database, not in Django."""
    now = timezone.now()
    actor_id = actor.pk if actor is not None else None
    batch_id = batch.pk if batch is not None else None
    people = [_normalised({**_PERSON_DEFAULTS, **row.values}) for row in rows]
    ids = _insert_persons(people, batch_id=batch_id, now=now)
    bulk.insert_rows(
        Person.fields.through, ("person_id", "field_id"),
        ((pk, field.pk) for pk, row in zip(ids, rows, strict=True) for field in row.fields),
    )  # fmt: skip
    bulk.insert_rows(
        Membership,
        ("person_id", "org_id", "joined_on", "left_on", "leave_reason", "card_number", "batch_id"),
        (
            (pk, m.org.pk, m.joined_on, m.left_on, m.leave_reason, m.card_number.strip().upper(), batch_id)
            for pk, row in zip(ids, rows, strict=True)
            for m in row.memberships
        ),
    )
    bulk.insert_rows(
        PersonEvent,
        ("person_id", "kind", "actor_id", "at", "data"),
        (
            (pk, EventKind.CREATE, actor_id, now, {"name": values["full_name"], "bulk": True})
            for pk, values in zip(ids, people, strict=True)
        ),
    )
    return ids


_PERSON_DEFAULTS: dict[str, Any] = {
    name: field.get_default()
    for name in PERSON_FIELDS
    if name != "full_name" and isinstance(field := Person._meta.get_field(name), models.Field)
}
_PERSON_COLUMNS = (*PERSON_FIELDS, "name_folded", "name_sort", "phone_digits", "batch_id", "created_at", "updated_at")


def _insert_persons(people: list[dict[str, Any]], *, batch_id: int | None, now: dt.datetime) -> list[int]:
    if connection.vendor == "postgresql":
        ids = bulk.reserve_ids(Person, len(people))
        columns = ("id", *_PERSON_COLUMNS)
        bulk.insert_rows(
            Person, columns,
            ((pk, *(v[c] for c in PERSON_FIELDS), v["name_folded"], v["name_sort"], v["phone_digits"], batch_id,
              now, now) for pk, v in zip(ids, people, strict=True)),
        )  # fmt: skip
        return ids
    created = Person.objects.bulk_create([Person(**v, batch_id=batch_id) for v in people], batch_size=1000)
    return [person.pk for person in created]


DEFAULT_FIELDS = [
    ("giao-duc", "Giáo dục"), ("y-te", "Y tế"), ("nong-nghiep", "Nông nghiệp"), ("xay-dung", "Xây dựng"),
    ("giao-thong", "Giao thông"), ("cong-nghe-thong-tin", "Công nghệ thông tin"), ("luat", "Luật"),
    ("kinh-te", "Kinh tế"), ("van-hoa", "Văn hóa"), ("bao-chi", "Báo chí"), ("kien-truc", "Kiến trúc"),
    ("moi-truong", "Môi trường"), ("cong-nghiep", "Công nghiệp"), ("quoc-phong-an-ninh", "Quốc phòng, an ninh"),
]  # fmt: skip


def fields_ensure_defaults() -> None:
    """The starting list of fields of expertise (also added by migration 0002)."""
    for order, (code, name) in enumerate(DEFAULT_FIELDS, start=1):
        Field.objects.get_or_create(code=code, defaults={"name": name, "order": order * 10})


# --- Imports -----------------------------------------------------------------------------------

MAX_IMPORT_BYTES = 20 * 1024 * 1024
IMPORT_DIR = "imports"


def _storage_path(relative: str) -> Path:
    return Path(settings.MEDIA_ROOT) / relative


def _move(batch: ImportBatch, to: str, actor: Any, /, **data: Any) -> None:
    """Move an import along IMPORT_TRANSITIONS, writing the event row; a disallowed move raises."""
    if to not in IMPORT_TRANSITIONS[batch.status]:
        raise ValidationError(
            _("This import cannot go from “%(before)s” to “%(after)s”.")
            % {"before": ImportStatus(batch.status).label, "after": ImportStatus(to).label},
            code="import_transition",
        )
    ImportEvent.objects.create(batch=batch, actor=actor, before=batch.status, after=to, data=data)
    batch.status = to


@transaction.atomic
def import_upload(*, actor: Any, file_name: str, data: bytes) -> ImportBatch:
    """Check the file by its content and size, keep it under a generated name, guess the columns."""
    from lienhiep.core import spreadsheets
    from lienhiep.members import importing

    if len(data) > MAX_IMPORT_BYTES:
        raise ValidationError(
            _("The file is larger than %(mb)s MB. Split it into smaller files.") % {"mb": MAX_IMPORT_BYTES // 2**20},
            code="too_big",
        )
    try:
        table = spreadsheets.read_table(file_name, data)
    except spreadsheets.ImportFileError as error:
        raise ValidationError(str(error), code="unreadable") from error
    suffix = ".xlsx" if data[:2] == b"PK" else ".csv"
    relative = f"{IMPORT_DIR}/{uuid.uuid4().hex}{suffix}"
    path = _storage_path(relative)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    batch = ImportBatch(
        actor=actor,
        file_name=Path(file_name).name[:255],
        stored_file=relative,
        total_rows=len(table.rows),
        mapping={str(k): v for k, v in spreadsheets.guess_mapping(table.headers, importing.COLUMNS).items()},
    )
    batch.save()
    ImportEvent.objects.create(batch=batch, actor=actor, before="", after=batch.status, data={"rows": batch.total_rows})
    return batch


def import_table(batch: ImportBatch) -> Any:
    from lienhiep.core import spreadsheets

    return spreadsheets.read_table(batch.file_name, _storage_path(batch.stored_file).read_bytes())


@transaction.atomic
def import_request_check(*, actor: Any, batch: ImportBatch, mapping: dict[int, str]) -> ImportBatch:
    """Save the column mapping and queue the check (the caller enqueues `tasks.import_check`)."""
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
    batch.done_rows, batch.error_count, batch.errors_file, batch.message = 0, 0, "", ""
    batch.save()
    return batch


@transaction.atomic
def import_request_apply(*, actor: Any, batch: ImportBatch) -> ImportBatch:
    """Queue the import of a checked batch (the caller enqueues `tasks.import_apply`)."""
    if batch.status == ImportStatus.CHECKED and batch.error_count:
        raise ValidationError(_("Fix the rows in error before importing."), code="has_errors")
    _move(batch, ImportStatus.IMPORTING, actor)
    batch.done_rows = 0
    batch.save()
    return batch


def _validate(batch: ImportBatch, *, show_progress: bool = False) -> Any:
    from lienhiep.members import importing, permissions

    table = import_table(batch)
    orgs = list(permissions.member_orgs_for(batch.actor))
    mapping = {int(k): v for k, v in batch.mapping.items()}

    def progress(done: int) -> None:
        # Outside any transaction (the check writes nothing), so the page sees it at once.
        ImportBatch.objects.filter(pk=batch.pk).update(done_rows=done)

    return table, importing.validate(
        table, mapping, orgs=orgs, today=timezone.localdate(), progress=progress if show_progress else None
    )


def import_check(*, batch_id: int) -> ImportBatch:
    """The dry run: every bad row with its row number, column and reason; nothing is written."""
    from lienhiep.core import spreadsheets

    batch = ImportBatch.objects.select_related("actor").get(pk=batch_id)
    if batch.status != ImportStatus.CHECKING:
        return batch  # queued twice, or already handled
    try:
        table, report = _validate(batch, show_progress=True)
    except Exception as error:  # noqa: BLE001 - any failure is reported on the batch, never lost
        with transaction.atomic():
            _move(batch, ImportStatus.FAILED, batch.actor, error=repr(error)[:500])
            batch.message = _("The file could not be checked: %(error)s") % {"error": error}
            batch.save()
        return batch
    with transaction.atomic():
        if report.errors:
            relative = f"{IMPORT_DIR}/{uuid.uuid4().hex}-errors.xlsx"
            _storage_path(relative).write_bytes(spreadsheets.errors_xlsx(table, report.errors))
            batch.errors_file = relative
        batch.error_count = len(report.errors)
        batch.total_rows = report.total
        batch.done_rows = report.total
        _move(batch, ImportStatus.CHECKED, batch.actor, errors=batch.error_count)
        batch.save()
    return batch


def import_errors(batch: ImportBatch, limit: int = 200) -> list[Any]:
    """The first errors of a checked batch, for the page (the full list is in the errors file)."""
    _table, report = _validate(batch)
    return list(report.errors[:limit])


def import_apply(*, batch_id: int) -> ImportBatch:
    """Import a checked batch: all rows or none."""
    batch = ImportBatch.objects.select_related("actor").get(pk=batch_id)
    if batch.status != ImportStatus.IMPORTING:
        return batch  # queued twice, or already handled
    try:
        _table, report = _validate(batch, show_progress=True)
        if report.errors:
            raise ValidationError(
                _("%(n)s rows are no longer valid (the registry changed since the check). Check the file again.")
                % {"n": len(report.errors)}
            )
        with transaction.atomic():
            persons = persons_bulk_create(actor=batch.actor, rows=report.rows, batch=batch)  # ids
            batch.created_persons = len(persons)
            batch.done_rows = len(persons)
            _move(batch, ImportStatus.DONE, batch.actor, persons=len(persons))
            batch.save()
    except Exception as error:  # noqa: BLE001 - the transaction rolled back; say why on the batch
        with transaction.atomic():
            batch.refresh_from_db()
            _move(batch, ImportStatus.FAILED, batch.actor, error=repr(error)[:500])
            batch.message = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            batch.save()
    return batch


@transaction.atomic
def import_undo(*, actor: Any, batch: ImportBatch) -> ImportBatch:
    """Remove everything a batch added: its memberships, and its persons who have no other membership."""
    _move(batch, ImportStatus.UNDONE, actor)
    Membership.objects.filter(batch=batch).delete()
    Person.objects.filter(batch=batch, memberships__isnull=True).delete()
    batch.save()
    return batch


# --- Collective members and intellectual estimates ------------------------------------------------


@transaction.atomic
def collective_admit(
    *, actor: Any, org: Org, name: str, joined_on: dt.date, representative: str = "", phone: str = "", email: str = ""
) -> CollectiveMember:
    _check_member_org(org, joined_on)
    member = CollectiveMember(
        org=org,
        name=" ".join(nfc(name).split()),
        representative=" ".join(nfc(representative).split()),
        phone=phone.strip(),
        email=email.strip(),
        joined_on=joined_on,
    )
    member.full_clean()
    if CollectiveMember.objects.filter(org=org, name__iexact=member.name, left_on__isnull=True).exists():
        raise ValidationError(
            _("%(name)s is already a collective member of %(org)s.") % {"name": member.name, "org": org.name},
            code="collective_duplicate",
        )
    member.save()
    return member


@transaction.atomic
def collective_end(*, actor: Any, member: CollectiveMember, on: dt.date) -> CollectiveMember:
    if member.left_on is not None:
        raise ValidationError(_("This membership has already ended."), code="ended")
    if on <= member.joined_on:
        raise ValidationError(
            _("The leaving date must be after the joining date (%(date)s).") % {"date": _d(member.joined_on)},
            code="left_before_joined",
        )
    member.left_on = on
    member.save(update_fields=["left_on", "updated_at"])
    return member


@transaction.atomic
def estimate_set(*, actor: Any, org: Org, year: int, count: int, source: str = "") -> IntellectualEstimate:
    """Record (or correct) the year's estimate of intellectuals in a node's area."""
    estimate, _created = IntellectualEstimate.objects.update_or_create(
        org=org, year=year, defaults={"count": count, "source": nfc(source).strip()}
    )
    return estimate
