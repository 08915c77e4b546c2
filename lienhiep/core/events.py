"""Event rows, the audit trail of every app: how their details become plain JSON, how a preview sees the rows
an operation would write, which client a row's request came from, and the one way a row may change. Each app keeps
its own table on `core.models.AuditEvent` and writes it through `record` (its services alone).

Rows are never changed or deleted: the model refuses it, the admin offers neither, and on PostgreSQL a trigger on
every event table (`core.triggers`) refuses UPDATE and DELETE unless the transaction went through `rewriting`: the
erasure of a person (their values redacted inside the rows) and the undo of what never stood (an import undone)."""

from __future__ import annotations

import contextvars
import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

from django.db import connection, models

_View = TypeVar("_View", bound=Callable[..., Any])
_recorder: contextvars.ContextVar[list[Any] | None] = contextvars.ContextVar("recorded_events", default=None)


@dataclass(frozen=True)
class Client:
    """Who sent the request being served: its address (`core.http.client_ip`) and its user agent."""

    ip: str | None
    user_agent: str


_client: contextvars.ContextVar[Client | None] = contextvars.ContextVar("request_client", default=None)
# The PostgreSQL setting the event tables' trigger reads (`core.triggers`); set for one transaction only.
REWRITE_SETTING = "lienhiep.audit_rewrite"
USER_AGENT_LENGTH = 255


@contextmanager
def serving(client: Client) -> Iterator[None]:
    """The request being served comes from `client`: every event row written meanwhile keeps its address and user
    agent (`core.middleware.ClientMiddleware` wraps each request; tasks run without one)."""
    token = _client.set(client)
    try:
        yield
    finally:
        _client.reset(token)


def client_ip() -> str | None:
    """The default of every event row's `ip`: the served request's client, None outside a request."""
    client = _client.get()
    return client.ip if client else None


def client_agent() -> str:
    """The default of every event row's `user_agent`."""
    client = _client.get()
    return client.user_agent[:USER_AGENT_LENGTH] if client else ""


@contextmanager
def rewriting(reason: str) -> Iterator[None]:
    """Allow event rows to be changed or deleted inside the block, for `reason` ("erasure", "undo"), and only
    there: the services that erase a person or undo an import call it around their one UPDATE or DELETE of event
    rows. On PostgreSQL it sets the trigger's setting for the current transaction and clears it after (it must run
    inside `transaction.atomic`); elsewhere the model's refusal of `save`/`delete` is the guard, and querysets'
    `update`/`delete` are used by these services alone."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config(%s, %s, true)", [REWRITE_SETTING, reason])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config(%s, '', true)", [REWRITE_SETTING])


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


def changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """What an update changed, as its event row keeps it: `{"before": …, "after": …}` holding the keys of `after`
    whose value differs from `before`'s (two snapshots of the record), in `after`'s order; both empty when nothing
    changed."""
    keys = [key for key in after if after[key] != before.get(key)]
    return {"before": {key: before.get(key) for key in keys}, "after": {key: after[key] for key in keys}}


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


# The response types an export writes: an attachment of one of these is logged as an export (`RequestLog`).
EXPORT_TYPES = (
    "text/csv",
    "application/json",
    "application/pdf",
    "application/vnd.openxmlformats-officedocument",
    "application/vnd.ms-excel",
    "application/msword",
)


def logged(kind: str, *, target: str = "") -> Callable[[_View], _View]:
    """Log every successful answer of the decorated view as a `core.models.RequestLog` row of `kind` (a person page
    viewed, an errors file downloaded), about `target` and the URL's `pk`. `core.middleware.ClientMiddleware` writes
    it (one INSERT, no read); an undecorated view's attachment of an EXPORT_TYPES type is logged as an export."""

    def mark(view: _View) -> _View:
        view.audit_log = (kind, target)  # type: ignore[attr-defined]
        return view

    return mark
