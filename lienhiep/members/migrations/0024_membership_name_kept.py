"""A membership's `name_folded` is its person's, copied and kept by the database (decision 0012): filled for the
rows there are, then set on every membership written (insert, or a change of person: a merge moves memberships),
on every membership of a person whose name changes (an edit, an erasure), and on those of a person written after
their memberships (foreign keys are checked at commit), whoever writes."""

from django.db import migrations

PG = [
    """CREATE OR REPLACE FUNCTION members_membership_name() RETURNS trigger LANGUAGE plpgsql AS $body$
BEGIN
  NEW.name_folded := COALESCE((SELECT name_folded FROM members_person WHERE id = NEW.person_id), '');
  RETURN NEW;
END
$body$""",
    "CREATE TRIGGER members_membership_name BEFORE INSERT OR UPDATE OF person_id, name_folded "
    "ON members_membership FOR EACH ROW EXECUTE FUNCTION members_membership_name()",
    """CREATE OR REPLACE FUNCTION members_person_name() RETURNS trigger LANGUAGE plpgsql AS $body$
BEGIN
  UPDATE members_membership SET name_folded = NEW.name_folded
  WHERE person_id = NEW.id AND name_folded IS DISTINCT FROM NEW.name_folded;
  RETURN NULL;
END
$body$""",
    "CREATE TRIGGER members_person_name AFTER UPDATE OF name_folded ON members_person FOR EACH ROW "
    "WHEN (OLD.name_folded IS DISTINCT FROM NEW.name_folded) EXECUTE FUNCTION members_person_name()",
    # Foreign keys are checked at commit: rows loaded table by table (a backup put back, the tests' copies) may
    # bring a person after their memberships, which then held no name.
    "CREATE TRIGGER members_person_name_ins AFTER INSERT ON members_person FOR EACH ROW "
    "EXECUTE FUNCTION members_person_name()",
]
PG_DROP = [
    "DROP TRIGGER IF EXISTS members_membership_name ON members_membership",
    "DROP FUNCTION IF EXISTS members_membership_name()",
    "DROP TRIGGER IF EXISTS members_person_name ON members_person",
    "DROP TRIGGER IF EXISTS members_person_name_ins ON members_person",
    "DROP FUNCTION IF EXISTS members_person_name()",
]

# SQLite cannot assign NEW: the row is updated after it is written (its other triggers see only the name change,
# which no remembered figure reads: members.apps.MEMBERSHIP_DETAILS).
SQLITE = [
    "CREATE TRIGGER members_membership_name_ins AFTER INSERT ON members_membership FOR EACH ROW BEGIN "
    "UPDATE members_membership SET name_folded = "
    "COALESCE((SELECT name_folded FROM members_person WHERE id = NEW.person_id), '') WHERE id = NEW.id; END",
    "CREATE TRIGGER members_membership_name_upd AFTER UPDATE OF person_id, name_folded ON members_membership "
    "FOR EACH ROW WHEN NEW.name_folded IS NOT "
    "COALESCE((SELECT name_folded FROM members_person WHERE id = NEW.person_id), '') BEGIN "
    "UPDATE members_membership SET name_folded = "
    "COALESCE((SELECT name_folded FROM members_person WHERE id = NEW.person_id), '') WHERE id = NEW.id; END",
    "CREATE TRIGGER members_person_name AFTER UPDATE OF name_folded ON members_person FOR EACH ROW "
    "WHEN OLD.name_folded IS NOT NEW.name_folded BEGIN "
    "UPDATE members_membership SET name_folded = NEW.name_folded WHERE person_id = NEW.id; END",
    "CREATE TRIGGER members_person_name_ins AFTER INSERT ON members_person FOR EACH ROW BEGIN "
    "UPDATE members_membership SET name_folded = NEW.name_folded "
    "WHERE person_id = NEW.id AND name_folded IS NOT NEW.name_folded; END",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS members_membership_name_ins",
    "DROP TRIGGER IF EXISTS members_membership_name_upd",
    "DROP TRIGGER IF EXISTS members_person_name",
    "DROP TRIGGER IF EXISTS members_person_name_ins",
]


def create(apps, schema_editor):
    postgresql = schema_editor.connection.vendor == "postgresql"
    # One statement over every membership (about 3 minutes at a million on PostgreSQL: docs/benchmarks.md).
    if postgresql:
        schema_editor.execute(
            "UPDATE members_membership m SET name_folded = p.name_folded FROM members_person p "
            "WHERE p.id = m.person_id AND m.name_folded IS DISTINCT FROM p.name_folded"
        )
    else:
        schema_editor.execute(
            "UPDATE members_membership SET name_folded = (SELECT p.name_folded FROM members_person p "
            "WHERE p.id = members_membership.person_id)"
        )
    for statement in PG if postgresql else SQLITE:
        schema_editor.execute(statement)


def drop(apps, schema_editor):
    for statement in PG_DROP if schema_editor.connection.vendor == "postgresql" else SQLITE_DROP:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("members", "0023_membership_name_folded")]
    operations = [migrations.RunPython(create, drop)]
