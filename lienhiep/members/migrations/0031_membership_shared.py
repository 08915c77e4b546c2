"""A membership's `shared`: whether its person has another membership, kept by the database (decision 0024). Filled
for the rows there are, then set again for a person's every membership whenever one of theirs is inserted, deleted
or moved to another person (a merge), whoever writes.

On PostgreSQL the trigger first locks the person's row (FOR NO KEY UPDATE): two transactions adding a membership of
one person at the same time would each count only its own and leave both rows unshared; the second now waits for the
first to commit, and its count (a statement of its own, read committed) sees the first's row.

SQLite adds a column by making the table again, which fails while a trigger of another table names it: the triggers
are set aside around it (`core.schema.triggers_set_aside`)."""

from django.db import migrations, models

from lienhiep.core.schema import triggers_set_aside

PG = [
    """CREATE OR REPLACE FUNCTION members_membership_shared() RETURNS trigger LANGUAGE plpgsql AS $body$
DECLARE
  person bigint;
BEGIN
  FOREACH person IN ARRAY (CASE TG_OP
      WHEN 'INSERT' THEN ARRAY[NEW.person_id]
      WHEN 'DELETE' THEN ARRAY[OLD.person_id]
      ELSE ARRAY[OLD.person_id, NEW.person_id] END) LOOP
    PERFORM 1 FROM members_person WHERE id = person FOR NO KEY UPDATE;
    UPDATE members_membership m SET shared = c.n > 1
    FROM (SELECT count(*) AS n FROM members_membership WHERE person_id = person) c
    WHERE m.person_id = person AND m.shared IS DISTINCT FROM (c.n > 1);
  END LOOP;
  RETURN NULL;
END
$body$""",
    "CREATE TRIGGER members_membership_shared AFTER INSERT OR DELETE ON members_membership FOR EACH ROW "
    "EXECUTE FUNCTION members_membership_shared()",
    "CREATE TRIGGER members_membership_shared_upd AFTER UPDATE OF person_id ON members_membership FOR EACH ROW "
    "WHEN (OLD.person_id IS DISTINCT FROM NEW.person_id) EXECUTE FUNCTION members_membership_shared()",
]
PG_DROP = [
    "DROP TRIGGER IF EXISTS members_membership_shared ON members_membership",
    "DROP TRIGGER IF EXISTS members_membership_shared_upd ON members_membership",
    "DROP FUNCTION IF EXISTS members_membership_shared()",
]


# SQLite: one writer at a time, no lock needed. The person's every membership set from their count, those already
# right untouched; for the old person, the same with OLD.
SHARED_OF_NEW = (
    "UPDATE members_membership SET shared = "
    "((SELECT count(*) FROM members_membership WHERE person_id = NEW.person_id) > 1) WHERE person_id = NEW.person_id "
    "AND shared IS NOT ((SELECT count(*) FROM members_membership WHERE person_id = NEW.person_id) > 1); "
)
SHARED_OF_OLD = SHARED_OF_NEW.replace("NEW.", "OLD.")
SQLITE = [
    "CREATE TRIGGER members_membership_shared_ins AFTER INSERT ON members_membership FOR EACH ROW BEGIN "
    + SHARED_OF_NEW
    + "END",
    "CREATE TRIGGER members_membership_shared_del AFTER DELETE ON members_membership FOR EACH ROW BEGIN "
    + SHARED_OF_OLD
    + "END",
    "CREATE TRIGGER members_membership_shared_upd AFTER UPDATE OF person_id ON members_membership FOR EACH ROW "
    "WHEN OLD.person_id IS NOT NEW.person_id BEGIN " + SHARED_OF_OLD + SHARED_OF_NEW + "END",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS members_membership_shared_ins",
    "DROP TRIGGER IF EXISTS members_membership_shared_del",
    "DROP TRIGGER IF EXISTS members_membership_shared_upd",
]


def _column(apps, schema_editor, *, add: bool) -> None:  # type: ignore[no-untyped-def]
    """The column added (or removed) through the schema editor, with SQLite's triggers set aside around it."""
    membership = apps.get_model("members", "Membership")
    field = models.BooleanField(default=False, editable=False)
    field.set_attributes_from_name("shared")
    field.model = membership
    change = schema_editor.add_field if add else schema_editor.remove_field
    triggers_set_aside(schema_editor, "members_membership", lambda: change(membership, field))


def add_column(apps, schema_editor):
    _column(apps, schema_editor, add=True)


def drop_column(apps, schema_editor):
    _column(apps, schema_editor, add=False)


def create(apps, schema_editor):
    schema_editor.execute(
        "UPDATE members_membership SET shared = TRUE WHERE person_id IN "
        "(SELECT person_id FROM members_membership GROUP BY person_id HAVING count(*) > 1)"
    )
    for statement in PG if schema_editor.connection.vendor == "postgresql" else SQLITE:
        schema_editor.execute(statement)


def drop(apps, schema_editor):
    for statement in PG_DROP if schema_editor.connection.vendor == "postgresql" else SQLITE_DROP:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0030_event_names"),
        ("orgs", "0013_figures_open_pieces"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="membership",
                    name="shared",
                    field=models.BooleanField(default=False, editable=False),
                ),
            ],
            database_operations=[migrations.RunPython(add_column, drop_column)],
        ),
        migrations.RunPython(create, drop),
        migrations.AddIndex(
            model_name="membership",
            index=models.Index(
                condition=models.Q(("shared", True)),
                fields=["org", "joined_on", "left_on", "person"],
                name="members_ms_shared",
            ),
        ),
    ]
