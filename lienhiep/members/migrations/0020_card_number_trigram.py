"""On PostgreSQL, a trigram index lets the member search find a card number typed in part (`card_number LIKE
'%0417%'`: the last digits, the middle) without reading every membership (SQLite scans, which is fine at the
sizes one office keeps). The btree index on the column stays, for the whole number and the import's checks."""

from django.db import migrations

NAME = "members_membership_card_trgm"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {NAME} ON members_membership USING gin (card_number gin_trgm_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("members", "0019_phone_digits_as_searched")]
    operations = [migrations.RunPython(create, drop)]
