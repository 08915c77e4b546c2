"""The PostgreSQL trigger that keeps the audit trail as written: every event table (each concrete model on
`core.models.AuditEvent`, whatever app it lives in) refuses UPDATE and DELETE, row by row, unless the transaction
went through `core.events.rewriting` (the erasure of a person, the undo of an import). The model refuses the same
on every database; this guard also holds for the admin, a shell, a bulk update or raw SQL. TRUNCATE (the test
database's flush) is not refused.

After every `migrate` the triggers are made again for the event tables the code declares, so a new app's table is
covered without a migration of its own. The SQL is built from model metadata, never from anything a user typed.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper

from lienhiep.core.events import REWRITE_SETTING
from lienhiep.core.models import AuditEvent

TRIGGER = "lh_event_immutable"
FUNCTION = "lh_event_immutable()"

_FUNCTION_SQL = f"""
CREATE OR REPLACE FUNCTION {FUNCTION} RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF coalesce(current_setting('{REWRITE_SETTING}', true), '') = '' THEN
        RAISE EXCEPTION 'event rows are never changed or deleted (%)', TG_TABLE_NAME
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$;
"""


def event_tables() -> list[str]:
    """The tables of every concrete event model, in a stable order."""
    return sorted(
        model._meta.db_table
        for model in apps.get_models()
        if issubclass(model, AuditEvent) and not model._meta.abstract and not model._meta.proxy
    )


def install(connection: BaseDatabaseWrapper) -> list[str]:
    """Make the trigger on every event table (PostgreSQL only); the tables it guards."""
    if connection.vendor != "postgresql":
        return []
    tables = event_tables()
    with connection.cursor() as cursor:
        cursor.execute(_FUNCTION_SQL)
        for table in tables:
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER} ON {quoted}")
            cursor.execute(
                f"CREATE TRIGGER {TRIGGER} BEFORE UPDATE OR DELETE ON {quoted} FOR EACH ROW EXECUTE FUNCTION {FUNCTION}"
            )
    return tables


def install_after_migrate(using: str = "default", **kwargs: Any) -> None:
    from lienhiep.core.redaction import install_text_indexes

    install(connections[using])
    install_text_indexes(connections[using])  # the erasure's search (core/redaction.py)
