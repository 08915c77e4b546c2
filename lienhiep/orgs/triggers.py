"""The database triggers that forget remembered figures (`orgs.figures`, decision 0006).

Each app declares what its figures read (`core.figures.FigureSource`); every source also reads the tree's closure
rows. After every `migrate` the triggers are dropped and made again from those declarations, so they always match
the code. A trigger deletes the remembered pieces a changed row belongs to — those containing its dates, before and
after the change, or (`Reads.since`, and the tree) every piece from its earliest date on — whoever writes the row:
a service, an import, the admin, a bulk update, raw SQL.

On PostgreSQL each trigger is statement-level, with the changed rows as transition tables (a bulk import or a COPY
forgets once per statement), and takes each source's advisory lock shared until its transaction ends
(`orgs.figures._may_store`). SQLite has only row-level triggers; each row's deletes find its pieces by index.

The SQL is built from model metadata and source names declared in code, never from anything a user typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db.backends.base.base import BaseDatabaseWrapper

from lienhiep.core.figures import Reads, Step, declared_sources
from lienhiep.orgs.figures import GENERATION_PREFIX, LOCK_CLASS, generation_sequence, lock_key
from lienhiep.orgs.models import Org, OrgClosure, RememberedFigure

TRIGGER_PREFIX = "lh_fig_"
TABLE = RememberedFigure._meta.db_table


@dataclass(frozen=True)
class Watch:
    """One table as some sources read it, resolved to columns."""

    sources: tuple[str, ...]
    step: Step | None  # the sources' step, where it matters (the pieces containing a date)
    table: str
    org: str  # the column of the row's unit: its pieces and those of the units above it change ("": every node's)
    node: str  # or the column of the one node whose pieces change
    via: tuple[str, str, str]  # (table, column matching `org`, unit column): the row's units through another table
    pk: str
    dates: tuple[str, ...]  # date columns
    years: tuple[str, ...]  # integer year columns
    since: bool
    columns: tuple[str, ...]  # the columns whose change matters on update (dates included)
    dated_by: tuple[tuple[str, str], ...]  # (column, date column)
    except_kinds: tuple[str, ...]  # with `org`: the kinds of node above the row's unit whose pieces it leaves


# Every source reads the tree: a node's figures read the closure rows below it (ancestor = the node), so a unit
# placed, moved or ended changes the figures of the nodes above it, from that date on. The `final` flag (which
# placement a unit kept to its end) counts from the day the placement ended.
TREE = Reads(
    "orgs.OrgClosure",
    node="ancestor",
    dates=("valid_from", "valid_to"),
    since=True,
    dated_by=(("final", "valid_to"),),
)


def watches() -> list[Watch]:
    """What the triggers watch: each table as the sources declare they read it (sources that read it alike share
    one watch), and the tree's closure rows for every source."""
    grouped: dict[tuple[Reads, Step | None], list[str]] = {}
    for source in declared_sources().values():
        for reads in (*source.reads, TREE):
            if source.step == "span" and (reads.dates or reads.years) and not reads.since:
                # A span's one piece holds every day of it: only "from its earliest date on" finds it.
                raise ValueError(f"{source.name}: a span source reads its dated tables `since`")
            step = None if reads.since or not (reads.dates or reads.years) else source.step
            grouped.setdefault((reads, step), []).append(source.name)
    return [_watch(reads, step, tuple(names)) for (reads, step), names in grouped.items()]


def _watch(reads: Reads, step: Step | None, sources: tuple[str, ...]) -> Watch:
    meta = apps.get_model(reads.model)._meta

    def column(name: str) -> str:
        return str(meta.get_field(name).column)  # type: ignore[union-attr]

    if reads.columns:
        columns = tuple(column(name) for name in reads.columns)
    else:
        ignored = {column(name) for name in reads.ignore}
        columns = tuple(
            str(f.column)
            for f in meta.concrete_fields
            # A row's own timestamps are never a figure.
            if not f.primary_key
            and f.column not in ignored
            and not (getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False))
        )
    return Watch(
        sources=sources,
        step=step,
        table=meta.db_table,
        org=column(reads.org) if reads.org else "",
        node=column(reads.node) if reads.node else "",
        via=_via(reads.via),
        pk=str(meta.pk.column),  # type: ignore[union-attr]
        dates=tuple(column(name) for name in reads.dates),
        years=tuple(column(name) for name in reads.years),
        since=reads.since,
        columns=columns,
        dated_by=tuple((column(name), column(date)) for name, date in reads.dated_by),
        except_kinds=reads.except_kinds,
    )


def _via(via: tuple[str, str, str] | tuple[()]) -> tuple[str, str, str]:
    if not via:
        return ("", "", "")
    meta = apps.get_model(via[0])._meta
    return (
        meta.db_table,
        str(meta.get_field(via[1]).column),  # type: ignore[union-attr]
        str(meta.get_field(via[2]).column),  # type: ignore[union-attr]
    )


# What a changed row forgets, whatever the database: for the rows a statement inserted, deleted or updated
# (`when`: a condition on both versions, over {o} and {n}), the days (lo, hi) of one version ({r}: o or n).
@dataclass(frozen=True)
class Part:
    when: str | None
    version: str  # "o" (old) or "n" (new)
    lo: str  # an expression over {r}
    hi: str


def _days(watch: Watch, column: str, *, year: bool = False) -> tuple[str, str]:
    if year:
        return f'make_year_start({{r}}."{column}")', f'make_year_end({{r}}."{column}")'
    return f'{{r}}."{column}"', f'{{r}}."{column}"'


def _changed(columns: tuple[str, ...] | list[str]) -> str:
    return "(" + " OR ".join(f'{{o}}."{c}" IS DISTINCT FROM {{n}}."{c}"' for c in columns) + ")"


def parts(watch: Watch, event: str) -> list[Part]:
    """What a row inserted, deleted or updated forgets. An empty list of days means: every piece of the sources."""
    days = [_days(watch, c) for c in watch.dates] + [_days(watch, c, year=True) for c in watch.years]
    if event in ("INSERT", "DELETE"):
        version = "n" if event == "INSERT" else "o"
        return [Part(None, version, lo, hi) for lo, hi in days] or [Part(None, version, "", "")]
    if not days:
        return [Part(_changed(watch.columns), version, "", "") for version in ("o", "n")]
    if not watch.since:
        # The pieces containing the row's dates before and after, if anything that matters changed.
        when = _changed(watch.columns)
        return [Part(when, version, lo, hi) for version in ("o", "n") for lo, hi in days]
    # From the earliest date that moved; from the row's earliest date if another column changed.
    dated = set(watch.dates) | set(watch.years)
    by_date = {date for _column, date in watch.dated_by}
    others = [c for c in watch.columns if c not in dated and c not in dict(watch.dated_by)]
    out = []
    for column, (lo, hi) in zip([*watch.dates, *watch.years], days, strict=True):
        moved = [column] + [c for c, date in watch.dated_by if date == column]
        out += [Part(_changed(moved), version, lo, hi) for version in ("o", "n")]
    if others:
        out += [Part(_changed(others), version, lo, hi) for version in ("o", "n") for lo, hi in days]
    assert by_date <= dated, watch  # noqa: S101 - a declaration error
    return out


def install_triggers(connection: BaseDatabaseWrapper) -> int:
    """(Re)create the triggers that forget remembered figures, from the sources apps declare. Run after every
    migration (orgs' post_migrate), so they always match the code. Returns the number of tables watched."""
    existing = set(connection.introspection.table_names())
    by_table: dict[str, list[Watch]] = {}
    for watch in watches():
        if watch.table in existing:
            by_table.setdefault(watch.table, []).append(watch)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname, tgrelid::regclass::text FROM pg_trigger WHERE tgname LIKE %s",
                [TRIGGER_PREFIX + "%"],
            )
            for name, table in cursor.fetchall():
                cursor.execute(f'DROP TRIGGER IF EXISTS "{name}" ON {table}')
            cursor.execute("SELECT oid::regprocedure::text FROM pg_proc WHERE proname LIKE %s", [TRIGGER_PREFIX + "%"])
            for (function,) in cursor.fetchall():
                cursor.execute(f"DROP FUNCTION IF EXISTS {function}")
            _pg_generations(cursor)
            for statement in [*_postgresql(by_table), *_PG_UNCHANGED]:
                cursor.execute(statement)
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s", [TRIGGER_PREFIX + "%"]
            )
            for (name,) in cursor.fetchall():
                cursor.execute(f'DROP TRIGGER IF EXISTS "{name}"')
            for statement in [*_sqlite(by_table), _SQLITE_UNCHANGED]:
                cursor.execute(statement)
    return len(by_table)


# A stored piece is never changed, only inserted and deleted: readers keep what they decoded of it by its id
# (`orgs.figures.remembered_each`), so the database refuses an update, whoever writes.
_UNCHANGED = "remembered figures are never changed: delete them, and they are computed again"
_PG_UNCHANGED = [
    f"CREATE FUNCTION {TRIGGER_PREFIX}unchanged() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    f"RAISE EXCEPTION '{_UNCHANGED}'; END $$",
    f"CREATE TRIGGER {TRIGGER_PREFIX}unchanged BEFORE UPDATE ON {TABLE} FOR EACH STATEMENT "
    f"EXECUTE FUNCTION {TRIGGER_PREFIX}unchanged()",
]
_SQLITE_UNCHANGED = (
    f"CREATE TRIGGER {TRIGGER_PREFIX}unchanged BEFORE UPDATE ON {TABLE} BEGIN SELECT RAISE(ABORT, '{_UNCHANGED}'); END"
)


def _pg_generations(cursor: Any) -> None:
    """One sequence per declared source, which its triggers advance (created once, kept across migrations: a
    sequence is never rolled back and never makes two writers wait); those of sources no longer declared go."""
    wanted = {generation_sequence(name) for name in declared_sources()}
    cursor.execute(
        "SELECT relname FROM pg_class WHERE relkind = 'S' AND relname LIKE %s AND pg_table_is_visible(oid)",
        [GENERATION_PREFIX + "%"],
    )
    for (name,) in cursor.fetchall():
        if name not in wanted:
            cursor.execute(f'DROP SEQUENCE IF EXISTS "{name}"')
    for name in sorted(wanted):
        cursor.execute(f'CREATE SEQUENCE IF NOT EXISTS "{name}"')


def installed_triggers(connection: BaseDatabaseWrapper) -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE tgname LIKE %s", [TRIGGER_PREFIX + "%"])
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s", [TRIGGER_PREFIX + "%"]
            )
        return {name for (name,) in cursor.fetchall()}


def _literal(text: str) -> str:
    # Source names and column names come from code (declarations and models), never from users.
    assert "'" not in text and '"' not in text, text  # noqa: S101
    return f"'{text}'"


# PostgreSQL: one statement-level trigger per table and event, with the changed rows as transition tables, so a
# bulk import or COPY forgets once per statement, not once per row.

_PG_YEARS = {"make_year_start": "make_date({}, 1, 1)", "make_year_end": "make_date({}, 12, 31)"}
_SQLITE_YEARS = {"make_year_start": "printf('%04d-01-01', {})", "make_year_end": "printf('%04d-12-31', {})"}


def _closing(text: str, opening: int) -> int:
    """The index of the parenthesis that closes the one at `opening` (a row may be written `(x.o)`)."""
    depth = 0
    for index in range(opening, len(text)):
        depth += {"(": 1, ")": -1}.get(text[index], 0)
        if depth == 0:
            return index
    raise ValueError(text)


def _render(expression: str, years: dict[str, str], **aliases: str) -> str:
    text = expression.format(**aliases)
    for name, template in years.items():
        while f"{name}(" in text:
            start = text.index(f"{name}(")
            end = _closing(text, start + len(name))
            text = text[:start] + template.format(text[start + len(name) + 1 : end]) + text[end + 1 :]
    return text


def _postgresql(by_table: dict[str, list[Watch]]) -> list[str]:
    statements = []
    for table, table_watches in sorted(by_table.items()):
        for event, short, referencing in (
            ("INSERT", "ins", "NEW TABLE AS new_rows"),
            ("UPDATE", "upd", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
            ("DELETE", "del", "OLD TABLE AS old_rows"),
        ):
            name = f"{TRIGGER_PREFIX}{table}_{short}"[:63]
            body = "\n".join(_pg_forget(watch, event) for watch in table_watches)
            statements.append(
                f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $body$\n"
                f"DECLARE since_day date;\nBEGIN\n{body}\nRETURN NULL;\nEND\n$body$"
            )
            statements.append(
                f'CREATE TRIGGER {name} AFTER {event} ON "{table}" REFERENCING {referencing} '
                f"FOR EACH STATEMENT EXECUTE FUNCTION {name}()"
            )
    return statements


def _pg_pairs(table: str, pk: str) -> str:
    """`WITH x`: an update's rows before and after (`x.o`, `x.n`, of the table's row type), paired by primary key in
    one grouping. Joining the transition tables instead (`old_rows JOIN new_rows`) let PostgreSQL reuse the plan of
    the function's first call in the session, made for a few rows: a nested loop, so an update of 5.000
    memberships after one of a single row compared 25 million pairs per block, 49 s (docs/benchmarks.md, "Session
    25"). A grouping is linear whatever it was planned for, and spills to disk rather than hold a whole table's
    update in memory. A key found on one side only (its primary key changed) is left out, as the join left it
    out; the test is on the key's rows, not `o IS NOT NULL`, which is false for a row with any NULL column."""
    return (
        "WITH x AS MATERIALIZED (SELECT (array_agg(t.r) FILTER (WHERE NOT t.after))[1] AS o, "
        "(array_agg(t.r) FILTER (WHERE t.after))[1] AS n "
        f'FROM (SELECT r."{pk}" AS k, r::"{table}" AS r, FALSE AS after FROM old_rows r '
        f'UNION ALL SELECT r."{pk}", r::"{table}", TRUE FROM new_rows r) t GROUP BY t.k '
        "HAVING bool_or(t.after) AND NOT bool_and(t.after)) "
    )


CLOSURE = OrgClosure._meta.db_table
ORG = Org._meta.db_table


def _kinds(watch: Watch) -> str:
    return ", ".join(_literal(kind) for kind in watch.except_kinds)


def _pg_forget(watch: Watch, event: str) -> str:
    sources = ", ".join(_literal(name) for name in watch.sources)
    rows = {"INSERT": "new_rows n", "DELETE": "old_rows o", "UPDATE": "x"}[event]
    aliases = {"o": "(x.o)", "n": "(x.n)"} if event == "UPDATE" else {"o": "o", "n": "n"}
    pairs = _pg_pairs(watch.table, watch.pk) if event == "UPDATE" else ""
    scoped = watch.org or watch.node
    selects = []
    for part in parts(watch, event):
        row = aliases[part.version]
        where = f" WHERE {_render(part.when, {}, **aliases)}" if part.when else ""
        lo = _render(part.lo, _PG_YEARS, r=row) or "NULL::date"
        hi = _render(part.hi, _PG_YEARS, r=row) or "NULL::date"
        unit = f'{row}."{scoped}" AS unit, ' if scoped else ""
        selects.append(f"SELECT {unit}{lo} AS lo, {hi} AS hi FROM {rows}{where}")
    days = f"({pairs}{' UNION ALL '.join(selects)}) d"  # an update's pairs made once per statement that reads `d`
    # The generation moves once the lock is held, never before: a reader that finds the lock free has seen every
    # move of a writer that could still commit unseen (`orgs.figures._quiet_generation`).
    lock = " ".join(
        f"PERFORM pg_advisory_xact_lock_shared({LOCK_CLASS}, {lock_key(name)}); "
        f"PERFORM nextval('\"{generation_sequence(name)}\"');"
        for name in watch.sources
    )
    dated = bool(watch.dates or watch.years)
    # The nodes whose pieces change: the row's unit and those above it (on the row's days), or the node itself.
    if watch.org:
        # The units above the row's unit during the pieces it belongs to (a figure of a year may count a record
        # where its unit stood at the year's end), or ever after its earliest date.
        first = "d.lo" if watch.since or watch.step in (None, "day") else f"date_trunc('{watch.step}', d.lo)::date"
        valid = "" if not dated else f" AND (c.valid_to IS NULL OR c.valid_to > {first})"
        if dated and not watch.since:
            last = "d.hi"
            if watch.step in ("month", "year"):
                last = f"(date_trunc('{watch.step}', d.hi) + interval '1 {watch.step}' - interval '1 day')::date"
            valid += f" AND c.valid_from <= {last}"
        unit = "d.unit"
        if watch.via[0]:
            table, link, unit_column = watch.via
            days += f' JOIN "{table}" v ON v."{link}" = d.unit'
            unit = f'v."{unit_column}"'
        nodes = f"{days} JOIN {CLOSURE} c ON c.descendant_id = {unit}{valid}"
        if watch.except_kinds:
            nodes += f" JOIN {ORG} k ON k.id = c.ancestor_id AND k.kind NOT IN ({_kinds(watch)})"
        node = "c.ancestor_id"
    else:
        nodes, node = days, "d.unit"
    where = " WHERE d.lo IS NOT NULL" if dated else ""
    test = f"IF EXISTS (SELECT 1 FROM {days}{where}) THEN\n  {lock}\n"
    if not dated and not scoped:
        return f"{test}  DELETE FROM {TABLE} WHERE source IN ({sources});\nEND IF;"
    if not dated:
        return (
            f"{test}  DELETE FROM {TABLE} f USING (SELECT DISTINCT {node} AS node FROM {nodes}) p "
            f"WHERE f.org_id = p.node AND f.source IN ({sources});\nEND IF;"
        )
    if watch.since and scoped:
        return (
            f"{test}  DELETE FROM {TABLE} f USING (SELECT {node} AS node, min(d.lo) AS since "
            f"FROM {nodes}{where} GROUP BY {node}) p WHERE f.org_id = p.node AND f.source IN ({sources}) "
            "AND f.last >= p.since;\nEND IF;"
        )
    if watch.since:
        return (
            f"SELECT min(d.lo) INTO since_day FROM {days};\n"
            f"IF since_day IS NOT NULL THEN\n  {lock}\n"
            f"  DELETE FROM {TABLE} WHERE source IN ({sources}) AND last >= since_day;\nEND IF;"
        )
    start = "d.lo" if watch.step == "day" else f"date_trunc('{watch.step}', d.lo)::date"
    if scoped:
        return (
            f"{test}  DELETE FROM {TABLE} f USING (SELECT DISTINCT {node} AS node, {start} AS a, d.hi AS b "
            f"FROM {nodes}{where}) p WHERE f.org_id = p.node AND f.source IN ({sources}) "
            f"AND f.first BETWEEN p.a AND p.b;\nEND IF;"
        )
    return (
        f"{test}  DELETE FROM {TABLE} f USING (SELECT DISTINCT {start} AS a, d.hi AS b FROM {days}{where}) p "
        f"WHERE f.source IN ({sources}) AND f.first BETWEEN p.a AND p.b;\nEND IF;"
    )


# SQLite: row-level triggers (it has no others); each row's DELETEs find the few pieces it belongs to by index.


def _sqlite(by_table: dict[str, list[Watch]]) -> list[str]:
    statements = []
    for table, table_watches in sorted(by_table.items()):
        for event, short in (("INSERT", "ins"), ("UPDATE", "upd"), ("DELETE", "del")):
            body = [_sqlite_forget(watch, part) for watch in table_watches for part in parts(watch, event)]
            statements.append(
                f'CREATE TRIGGER {TRIGGER_PREFIX}{table}_{short} AFTER {event} ON "{table}" FOR EACH ROW\n'
                f"BEGIN\n{''.join(body)}END"
            )
    return statements


def _sqlite_forget(watch: Watch, part: Part) -> str:
    where = [f"source IN ({', '.join(_literal(name) for name in watch.sources)})"]
    if part.when:
        where.append(_render(part.when, {}, o="OLD", n="NEW").replace("IS DISTINCT FROM", "IS NOT"))
    row = "OLD" if part.version == "o" else "NEW"
    lo, hi = _render(part.lo, _SQLITE_YEARS, r=row), _render(part.hi, _SQLITE_YEARS, r=row)
    if watch.node:
        where.append(f'org_id = {row}."{watch.node}"')
    if watch.org:
        first, last = lo, hi
        if not watch.since and watch.step == "month":
            first, last = f"strftime('%Y-%m-01', {lo})", f"date(strftime('%Y-%m-01', {hi}), '+1 month', '-1 day')"
        elif not watch.since and watch.step == "year":
            first, last = f"strftime('%Y-01-01', {lo})", f"strftime('%Y-12-31', {hi})"
        valid = "" if not lo else f" AND (valid_to IS NULL OR valid_to > {first})"
        if lo and not watch.since:
            valid += f" AND valid_from <= {last}"
        unit = f'{row}."{watch.org}"'
        if watch.via[0]:
            table, link, unit_column = watch.via
            unit = f'(SELECT "{unit_column}" FROM "{table}" WHERE "{link}" = {unit})'
            where.append(f"org_id IN (SELECT ancestor_id FROM {CLOSURE} WHERE descendant_id IN {unit}{valid})")
        else:
            where.append(f"org_id IN (SELECT ancestor_id FROM {CLOSURE} WHERE descendant_id = {unit}{valid})")
        if watch.except_kinds:
            where.append(f"org_id NOT IN (SELECT id FROM {ORG} WHERE kind IN ({_kinds(watch)}))")
    if lo:
        if watch.since:
            where.append(f"last >= {lo}")
        else:
            start = {"day": lo, "month": f"strftime('%Y-%m-01', {lo})", "year": f"strftime('%Y-01-01', {lo})"}
            where.append(f"first BETWEEN {start[watch.step or 'day']} AND {hi}")
    return f"DELETE FROM {TABLE} WHERE {' AND '.join(where)};\n"


def install_after_migrate(sender: Any, using: str = "default", **kwargs: Any) -> None:
    from django.db import connections

    install_triggers(connections[using])
