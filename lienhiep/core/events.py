"""Event rows, the audit trail of every app: how their details become plain JSON, and how a preview sees the rows
an operation would write. Each app keeps its own table on `core.models.AuditEvent` and writes it through
`record` (its services alone)."""

from __future__ import annotations

import contextvars
import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from django.db import models

_recorder: contextvars.ContextVar[list[Any] | None] = contextvars.ContextVar("recorded_events", default=None)


def jsonable(value: Any) -> Any:
    """`value` as plain JSON: dates as ISO text, whole amounts as numbers (others as exact text), a record as
    `{"id", "name"}` (so the trail still names it once it is gone), sets and tuples as lists."""
    if isinstance(value, dt.date):  # a datetime too
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else str(value)
    if isinstance(value, models.Model):
        return {"id": value.pk, "name": str(value)}
    if isinstance(value, dict):
        return {str(key): jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(item) for item in value]
    return value


def recorded(event: Any) -> None:
    """Called by `AuditEvent.record` for every row it writes, so that `recording` sees it."""
    events = _recorder.get()
    if events is not None:
        events.append(event)


@contextmanager
def recording() -> Iterator[list[Any]]:
    """The event rows written inside the block, of every table: what an operation changed (a preview runs it and
    rolls it back)."""
    events: list[Any] = []
    token = _recorder.set(events)
    try:
        yield events
    finally:
        _recorder.reset(token)
