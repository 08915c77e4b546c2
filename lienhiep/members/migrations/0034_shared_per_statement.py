"""On PostgreSQL, `Membership.shared` is set once per statement, not once per row (decision 0024, "Amended").

The row trigger of 0031 ran an UPDATE for each membership inserted or deleted, and each UPDATE that changed a flag
fired the figures' statement trigger on `members_membership` (orgs.triggers) once more: inserting 1.000
memberships of persons who were already members elsewhere took 2,8 s in these triggers, 0,22 s for new persons
(`bench/membership_writes.py`, docs/benchmarks.md "Session 25"). Now one statement trigger per insert, delete or
update reads the persons the statement touched from its transition table, locks their rows in order of id (two
statements over the same persons wait for each other rather than deadlock) and sets their memberships' flags with
one UPDATE: the figures' trigger fires once for the statement.

An UPDATE trigger with transition tables may not name columns, so the one for updates fires on every UPDATE of the
table, its own included, and goes on only for rows whose person changed (a merge). SQLite has no statement
triggers and keeps 0031's row triggers."""

from django.db import migrations

PERSONS = {
    "INSERT": "SELECT person_id FROM new_rows",
    "DELETE": "SELECT person_id FROM old_rows",
    # both persons of a row moved from one to another (a merge), grouped by row rather than the transition tables
    # joined: a join's plan is kept from the session's first call, and made for a few rows (orgs.triggers._pg_pairs)
    "UPDATE": (
        "SELECT unnest(array_agg(DISTINCT u.person_id)) AS person_id FROM (SELECT id, person_id FROM old_rows "
        "UNION ALL SELECT id, person_id FROM new_rows) u GROUP BY u.id HAVING count(DISTINCT u.person_id) > 1"
    ),
}


def _function(op: str) -> str:
    # The SQL is this module's constants, nothing a user typed.
    return f"""CREATE OR REPLACE FUNCTION members_membership_shared_{op.lower()}() RETURNS trigger LANGUAGE plpgsql AS $body$
DECLARE
  persons bigint[];
BEGIN
  SELECT array_agg(DISTINCT p.person_id ORDER BY p.person_id) INTO persons FROM ({PERSONS[op]}) p;
  IF persons IS NULL THEN
    RETURN NULL;
  END IF;
  PERFORM 1 FROM members_person WHERE id = ANY (persons) ORDER BY id FOR NO KEY UPDATE;
  UPDATE members_membership m SET shared = c.n > 1
  FROM (SELECT person_id, count(*) AS n FROM members_membership WHERE person_id = ANY (persons) GROUP BY person_id) c
  WHERE m.person_id = c.person_id AND m.shared IS DISTINCT FROM (c.n > 1);
  RETURN NULL;
END
$body$"""  # noqa: S608


def _trigger(op: str) -> str:
    table = "NEW TABLE AS new_rows" if op == "INSERT" else "OLD TABLE AS old_rows"
    if op == "UPDATE":
        table = "OLD TABLE AS old_rows NEW TABLE AS new_rows"
    return (
        f"CREATE TRIGGER members_membership_shared_{op.lower()} AFTER {op} ON members_membership "
        f"REFERENCING {table} FOR EACH STATEMENT EXECUTE FUNCTION members_membership_shared_{op.lower()}()"
    )


PER_ROW = [
    "DROP TRIGGER IF EXISTS members_membership_shared ON members_membership",
    "DROP TRIGGER IF EXISTS members_membership_shared_upd ON members_membership",
    "DROP FUNCTION IF EXISTS members_membership_shared()",
]
PER_STATEMENT = [statement for op in PERSONS for statement in (_function(op), _trigger(op))]
PER_STATEMENT_DROP = [
    statement
    for op in PERSONS
    for statement in (
        f"DROP TRIGGER IF EXISTS members_membership_shared_{op.lower()} ON members_membership",
        f"DROP FUNCTION IF EXISTS members_membership_shared_{op.lower()}()",
    )
]


def per_statement(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in PER_ROW + PER_STATEMENT:
        schema_editor.execute(statement)


def per_row(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from importlib import import_module

    before = import_module("lienhiep.members.migrations.0031_membership_shared")
    for statement in PER_STATEMENT_DROP + before.PG:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("members", "0033_breakdown_shared")]

    operations = [migrations.RunPython(per_statement, per_row)]
