"""Bulk loading of persons with their memberships (imports, demo data): column values written directly, COPY on
PostgreSQL."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from lienhiep.core import bulk
from lienhiep.members.models import (
    EventKind,
    Field,
    Membership,
    Person,
    PersonEvent,
)
from lienhiep.members.services.persons import PERSON_FIELDS, normalised
from lienhiep.orgs.models import Org


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
    people = [normalised({**_PERSON_DEFAULTS, **row.values}) for row in rows]
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
    # Event rows as columns, not through PersonEvent.record: COPY takes columns, and the data is plain JSON already.
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
