"""Bulk writes that skip Django's per-object work where an import needs the speed.

PostgreSQL gets `COPY … FROM STDIN` (one stream per table, no SQL to compile per row); other databases
get Django's `bulk_create`. Callers pass plain column values, already normalised and validated.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection, models
from django.utils import timezone


def copies[M: models.Model](rows: Iterable[M], fields: Sequence[str], **values: Any) -> list[M]:
    """Unsaved copies of `rows` for one `bulk_create`: each with its `fields` (attnames: `person_id`, not
    `person`, so no related row is read) and `values` set over them (the new parent: `entry=higher`)."""
    return [type(row)(**{name: getattr(row, name) for name in fields}, **values) for row in rows]


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """`count` fresh primary keys from the table's sequence (PostgreSQL only)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [model._meta.db_table, _field(model, model._meta.pk.name).column, count],  # type: ignore[union-attr]
        )
        return [row[0] for row in cursor.fetchall()]


def insert_rows(model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Insert rows given as tuples of the named fields (attnames). The other columns get what Django
    would give them (`auto_now`/`auto_now_add`: now; a default; NULL). JSON fields take Python values."""
    if connection.vendor != "postgresql":
        objects = [model(**dict(zip(columns, row, strict=True))) for row in rows]
        model._default_manager.bulk_create(objects, batch_size=1000)
        return
    fields = [_field(model, name) for name in columns]
    given = {field.attname for field in fields}
    now = timezone.now()
    rest = [
        (field, now if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False) else
         field.get_default())
        for field in model._meta.concrete_fields
        if field.attname not in given and not field.primary_key
    ]  # fmt: skip
    filled = tuple(value for _field_, value in rest)
    fields += [field for field, _value in rest]
    json_at = [i for i, field in enumerate(fields) if isinstance(field, models.JSONField)]
    names = ", ".join(connection.ops.quote_name(field.column or field.name) for field in fields)
    sql = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({names}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:  # type: ignore[attr-defined]
        for row in rows:
            values = [*row, *filled]
            for i in json_at:
                values[i] = fields[i].get_db_prep_save(values[i], connection)
            copy.write_row(values)


def _field(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field):
        raise TypeError(f"{model.__name__}.{name} is not a column")
    return field
