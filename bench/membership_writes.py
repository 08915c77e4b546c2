"""What the database's triggers cost a write of memberships (PostgreSQL): one statement inserting N memberships into
a unit of a province, of persons new to the registry and of persons already members elsewhere (whose other rows'
`shared` flag then changes), one deleting N memberships and one ending N; each in a transaction rolled back,
after a one-row update in the same session (the triggers' plans are kept from their first call).

    DATABASE_URL=postgres://…/lienhiep_pages_bench .venv/bin/python bench/membership_writes.py [--n 1 1000] [--reps 5]

Each write under EXPLAIN ANALYZE, which says the time spent in each trigger; the median over `--reps` runs of each
trigger's time and of the statement's, in ms. Reads bench/pages.py's database (or any with members); writes nothing
that stays.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import tree  # noqa: E402, F401  (sets up Django)
from django.db import connection, transaction  # noqa: E402

TRIGGER = re.compile(r"Trigger (\S+): time=([\d.]+) calls=(\d+)")
TOTAL = re.compile(r"Execution Time: ([\d.]+) ms")

# A unit under a province with members: the one whose memberships are written to.
UNIT = """SELECT m.org_id FROM members_membership m JOIN orgs_org o ON o.id = m.org_id
WHERE o.kind = 'association' AND m.left_on IS NULL GROUP BY m.org_id ORDER BY count(*) DESC LIMIT 1"""
WRITES = {
    "insert, new persons": """INSERT INTO members_membership (created_at, updated_at, joined_on, left_on, leave_reason,
        card_number, org_id, person_id, name_folded, shared)
        SELECT now(), now(), date '2024-03-10', NULL, '', '', %(unit)s, p, '', false
        FROM generate_series(1, %(n)s) g, LATERAL (SELECT %(new)s + g AS p) x""",
    "insert, persons already members elsewhere": """INSERT INTO members_membership (created_at, updated_at, joined_on,
        left_on, leave_reason, card_number, org_id, person_id, name_folded, shared)
        SELECT now(), now(), date '2024-03-10', NULL, '', '', %(unit)s, person_id, '', false
        FROM (SELECT DISTINCT person_id FROM members_membership WHERE org_id <> %(unit)s AND left_on IS NULL
              AND NOT shared ORDER BY person_id LIMIT %(n)s) p""",
    "delete, persons with another membership": """DELETE FROM members_membership WHERE id IN (
        SELECT id FROM members_membership WHERE shared ORDER BY id LIMIT %(n)s)""",
    # as `collective_end` or a unit's members ended at once: after one row's update in the same session (the
    # trigger's first call, whose plans PostgreSQL keeps for the session, then sees one row)
    "update, end dates, after one row's": """UPDATE members_membership SET left_on = date '2026-11-28',
        leave_reason = 'other' WHERE id IN (SELECT id FROM members_membership WHERE left_on IS NULL
        AND joined_on < date '2026-11-01' ORDER BY id LIMIT %(n)s)""",
}
# Run once before the writes above, in the same session: what a request or a task has written before.
FIRST = (
    """UPDATE members_membership SET card_number = card_number WHERE id = (SELECT min(id) FROM members_membership)"""
)


def run(sql: str, params: dict[str, int]) -> tuple[float, dict[str, float]]:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, SUMMARY ON) " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        transaction.set_rollback(True)
    total = float(TOTAL.search(plan).group(1))  # type: ignore[union-attr]
    return total, {name: float(ms) for name, ms, _calls in TRIGGER.findall(plan)}


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--n", type=int, nargs="+", default=[1, 1000])
    parser.add_argument("--reps", type=int, default=5)
    options = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("PostgreSQL only: EXPLAIN ANALYZE's trigger times")
    with connection.cursor() as cursor:
        cursor.execute(UNIT)
        unit = cursor.fetchone()[0]
        cursor.execute("SELECT coalesce(max(id), 0) + 1000 FROM members_person")
        new = cursor.fetchone()[0]  # ids no person has (the foreign key is checked at commit, which never comes)
        cursor.execute(FIRST)
    print("| write | rows | statement ms | trigger ms |\n|---|---:|---:|---|")
    for label, sql in WRITES.items():
        for n in options.n:
            totals: list[float] = []
            triggers: dict[str, list[float]] = defaultdict(list)
            run(sql, {"unit": unit, "n": n, "new": new})  # warm-up: plans cached, pages read
            for _ in range(options.reps):
                total, spent = run(sql, {"unit": unit, "n": n, "new": new})
                totals.append(total)
                for name, ms in spent.items():
                    triggers[name].append(ms)
            cells = ", ".join(f"{name} {statistics.median(ms):.1f}" for name, ms in sorted(triggers.items()))
            print(f"| {label} | {n} | {statistics.median(totals):.1f} | {cells} |", flush=True)


if __name__ == "__main__":
    main()
