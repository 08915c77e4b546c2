"""Schema changes that Django's own operations do not make safely here, for migrations to call.

SQLite changes a column by making the table again (a new table, the rows copied, the old one dropped, the new one
renamed), and the rename fails while a trigger of another table names the table (`error in trigger …: no such
table`): the membership table is named by the persons' triggers (its searched name, decision 0012) and by the
figures' triggers that reach units through it (`orgs.triggers`, `via`), the tree's closure by most figure triggers.
`triggers_set_aside` drops every trigger whose SQL names the table for the change and writes each again after it
(the figures' are made again after every migration in any case). Nothing to do on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def triggers_set_aside(schema_editor: Any, table: str, change: Callable[[], None]) -> None:
    """Run `change` (a schema editor's `add_field`, `remove_field`, `alter_field` on `table`) with every SQLite
    trigger that names `table` dropped, and written again after."""
    if schema_editor.connection.vendor != "sqlite":
        change()
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND sql LIKE %s", [f"%{table}%"])
        saved = cursor.fetchall()
    for name, _sql in saved:
        schema_editor.execute(f'DROP TRIGGER "{name}"')
    change()
    for _name, sql in saved:
        schema_editor.execute(sql)
