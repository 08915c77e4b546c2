"""On PostgreSQL, trigram indexes make `name contains …` and `phone contains …` searches use an index at
a million persons (SQLite scans, which is fine at the sizes one office keeps)."""

from django.db import migrations

INDEXES = [
    ("members_person_name_trgm", "members_person", "name_folded"),
    ("members_person_phone_trgm", "members_person", "phone_digits"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, column in INDEXES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({column} gin_trgm_ops)")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("members", "0002_fields_of_expertise")]
    operations = [migrations.RunPython(create, drop)]
