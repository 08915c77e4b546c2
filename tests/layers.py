"""Test data built once per worker and shared by every test that uses it: the "layers" of conftest.py.

A layer is a set of rows (the personas' `world`, governance's `term_iv` on top of it, the `demo`) built
through the services inside an atomic block that stays open on the worker's connection. A test that uses
the layer runs inside it: pytest-django's `db` opens the test's own savepoint on top and rolls it back, so
each test starts from the layer exactly as it was built. Only one stack of layers is open at a time; a
test that needs another stack (or none) rolls back the layers it does not need first, and conftest sorts
the tests so that those sharing a stack run one after another (each worker builds each stack about once).

The demo is seeded once per run: the first worker that needs it seeds it and writes a copy of every row
to a file the other workers read (pytest-xdist); after that it is put back from the copy.

Transactional tests (`transactional_db`, `live_server`: the browser tests) see committed data: every layer
is rolled back before them, and the layers they ask for are built in the test itself and committed (the demo
put back from its copy). What they commit stays until the next test, which puts every table back first (as
the migrations left them, or as its layers' copy has them): Django's own flush after each of them is left out
(conftest), it was done twice.

Tests get fresh Python objects: the objects a layer's builder returned are kept as templates and each test
gets a copy of them (with the identities between them kept: unpickled from the templates pickled once, or deep-copied
where they do not pickle), so a change made in memory by one test never reaches the next.

A layer may be built per value of a test's parameter (`register(..., per="name")`): the access matrix makes each
view's records once for all its rows (tests/test_access.py); conftest's sort runs the tests of one value together.
"""

from __future__ import annotations

import contextlib
import copy
import io
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections, transaction
from django.db.models.fields import AutoFieldMixin

try:
    import fcntl
except ImportError:  # Windows: each worker seeds its own demo
    fcntl = None  # type: ignore[assignment]

Values = dict[str, Any]


@dataclass(frozen=True)
class Layer:
    name: str  # also the name of the fixture that asks for it
    build: Callable[..., Any]  # given the values of the layers below (and its parameter's value), returns objects
    parent: str | None = None
    # A test parameter (`pytest.mark.parametrize`): the layer is built once per value of it, `build(values, value)`,
    # and shared by the tests of that value only (the access matrix's rows of one view: tests/test_access.py).
    per: str | None = None


REGISTRY: dict[str, Layer] = {}


def register(name: str, build: Callable[..., Any], *, parent: str | None = None, per: str | None = None) -> None:
    REGISTRY[name] = Layer(name, build, parent, per)


def wanted(fixturenames: Iterable[str], params: dict[str, Any] | None = None) -> tuple[str, ...]:
    """The stack of layers a test asks for, bottom first: layer names, a layer built per value of a parameter
    named with the test's value (`name[value]`: the
    build gets the value as a string)."""
    names = set(fixturenames)
    stacks: list[tuple[str, ...]] = []
    for layer in REGISTRY.values():
        if layer.name in names:
            below = [layer.name]
            while REGISTRY[below[0]].parent is not None:
                below.insert(0, REGISTRY[below[0]].parent)  # type: ignore[arg-type]
            stacks.append(tuple(_entry(REGISTRY[name], params) for name in below))
    longest = max(stacks, key=len, default=())
    for stack in stacks:
        if longest[: len(stack)] != stack:
            raise RuntimeError(f"A test can use one stack of layers, not {sorted(stacks)}")
    return longest


def stack_of(node: Any) -> tuple[str, ...]:
    """The stack of layers of a test (its item, or a fixture's `request`): its fixtures and its parameters."""
    item = getattr(node, "node", node)
    callspec = getattr(item, "callspec", None)
    return wanted(node.fixturenames, callspec.params if callspec is not None else None)


def _entry(layer: Layer, params: dict[str, Any] | None) -> str:
    if layer.per is None:
        return layer.name
    if not params or layer.per not in params:
        raise RuntimeError(f"The layer {layer.name!r} is built per {layer.per!r}: a test of it takes that parameter")
    return f"{layer.name}[{params[layer.per]}]"


def _build(entry: str, values: Values) -> tuple[str, Any]:
    """Build the layer of a stack's entry on `values`: its name and its objects."""
    name, _, value = entry.partition("[")
    layer = REGISTRY[name]
    return name, (layer.build(values, value[:-1]) if layer.per is not None else layer.build(values))


def is_transactional(item: Any) -> bool:
    """Whether pytest-django runs the test as a TransactionTestCase (its own rule, from the marker and
    the fixtures)."""
    from pytest_django.fixtures import validate_django_db

    marker = item.get_closest_marker("django_db")
    if marker is not None:
        transactional, reset_sequences, *_ = validate_django_db(marker)
        if transactional or reset_sequences:
            return True
    names = set(item.fixturenames)
    return bool(names & {"transactional_db", "live_server", "django_db_reset_sequences"})


def uses_db(item: Any) -> bool:
    return item.get_closest_marker("django_db") is not None or "_django_db_helper" in item.fixturenames


_SCRATCH: tempfile.TemporaryDirectory[str] | None = None


def scratch() -> Path:
    """A new folder for what a layer keeps outside the database (the files its records store), removed when the
    process ends."""
    global _SCRATCH
    if _SCRATCH is None:
        _SCRATCH = tempfile.TemporaryDirectory(prefix="lienhiep-layers-")
    return Path(tempfile.mkdtemp(dir=_SCRATCH.name))


# --- Copies of whole tables, to put the database back without building its rows again ------------


class Rows:
    """Every row of every table of the project's models, as they are now (COPY on PostgreSQL)."""

    def __init__(self) -> None:
        self.tables: dict[str, Any] = {}
        self.foreign = False  # read from another worker's database (its ids are not this one's sequences')
        # SQLite: the whole database as one image (`serialize`), put back with SQLite's online backup, a copy of
        # pages, where the rows may be put back for good (outside any transaction, or in a transactional test's own).
        # Taken only where what this connection sees is committed (`remember_image`).
        self.image: bytes | None = None
        with connection.cursor() as cursor:
            for table in _tables():
                quoted = connection.ops.quote_name(table)
                if connection.vendor == "postgresql":
                    data = bytearray()
                    with cursor.cursor.copy(f"COPY {quoted} TO STDOUT") as copy_out:
                        for block in copy_out:
                            data += block
                    if data:
                        self.tables[table] = bytes(data)
                else:
                    columns = [connection.ops.quote_name(row[1]) for row in _table_info(cursor, quoted)]
                    # `+column`: the stored value, without the converters Django registers by column type.
                    cursor.execute(f"SELECT {', '.join('+' + c for c in columns)} FROM {quoted}")  # noqa: S608
                    rows = cursor.fetchall()
                    if rows:
                        self.tables[table] = (columns, rows)

    def remember_image(self) -> None:
        """On SQLite, outside any transaction, just after the database was made to hold these rows: keep its image
        for the next `restore(committed=True)`."""
        if connection.vendor == "sqlite" and self.image is None and not connection.in_atomic_block:
            image = bytearray(connection.connection.serialize())
            image[18:20] = b"\x01\x01"  # the file's WAL flag off: an image in memory has no WAL
            self.image = bytes(image)

    def restore(self, *, committed: bool = False) -> None:
        """Make every table hold exactly these rows. Sequences only ever move on, as without the copies:
        on PostgreSQL they are past the ids of rows this database held (a rollback or a flush does not
        take them back), and moved past those of another worker's rows; SQLite follows the largest id.

        `committed`: the caller commits what is put back (a transactional test, or no transaction open), so that
        on SQLite the image can be copied in whole: a 1.4-s flush and refill of the demo's rows becomes a copy of
        its pages (bench/suite_cpu.py, docs/benchmarks.md, session 16)."""
        if committed and self.image is not None and not connection.in_atomic_block:
            self._restore_image()
            return
        outermost = not connection.in_atomic_block  # what is put back here is committed here
        if outermost and _Written.holds is self and self._restore_written():
            return
        if outermost:
            _Written.holds = None  # until the rows below have committed
        with transaction.atomic():
            connection.ops.execute_sql_flush(
                connection.ops.sql_flush(no_style(), _tables(), reset_sequences=False, allow_cascade=False)
            )
            with connection.cursor() as cursor, _rows_unchecked(cursor):
                for table, data in sorted(self.tables.items(), key=lambda item: item[0] == _remembered_table()):
                    quoted = connection.ops.quote_name(table)
                    if connection.vendor == "postgresql":
                        with cursor.cursor.copy(f"COPY {quoted} FROM STDIN") as copy_in:
                            copy_in.write(data)
                    else:
                        columns, rows = data
                        marks = ", ".join(["%s"] * len(columns))
                        cursor.executemany(
                            f"INSERT INTO {quoted} ({', '.join(columns)}) VALUES ({marks})",  # noqa: S608
                            rows,
                        )
                if self.foreign and connection.vendor == "postgresql":
                    _sequences_past_ids(cursor)
                    self.foreign = False  # setval() is not undone by a rollback
                noted = outermost and _Written.forget(cursor)
        if noted:
            _Written.holds = self
        _forget_content_types()  # a flush makes them again, under other ids

    def _restore_written(self) -> bool:
        """On PostgreSQL, put back only the tables written to since the database last held these rows whole
        (`_Written`), in one transaction; False, having changed nothing, where the notes cannot be trusted."""
        with transaction.atomic(), connection.cursor() as cursor:
            if not _Written.trusted(cursor):
                return False
            written = _Written.taken(cursor)
            with _rows_unchecked(cursor):
                ordered = sorted(written, key=lambda table: table == _remembered_table())
                for table in ordered:
                    cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")  # noqa: S608 - a table name
                for table in ordered:
                    if table in self.tables:
                        with cursor.cursor.copy(f"COPY {connection.ops.quote_name(table)} FROM STDIN") as copy_in:
                            copy_in.write(self.tables[table])
        _forget_content_types()
        return True

    def _restore_image(self) -> None:
        import sqlite3

        connection.ensure_connection()
        target = connection.connection
        # Read on a connection of its own: on this one, a read would open the transaction that the backup refuses
        # (a transactional test's layer is put back just after its BEGIN, before anything is read).
        reader = sqlite3.connect(connection.settings_dict["NAME"])
        try:
            sequences = reader.execute("SELECT name, seq FROM sqlite_sequence").fetchall()
        finally:
            reader.close()
        source = sqlite3.connect(":memory:")
        try:
            source.deserialize(self.image)  # type: ignore[arg-type]
            source.backup(target)
        finally:
            source.close()
        with connection.cursor() as cursor:
            # Ids only move on, as when the rows are put back one by one (the image's counters may be behind).
            for name, seq in sequences:
                cursor.execute("UPDATE sqlite_sequence SET seq = MAX(seq, %s) WHERE name = %s", [seq, name])
                if cursor.rowcount == 0:
                    cursor.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [name, seq])
        _forget_content_types()

    @classmethod
    def shared(cls, name: str, make: Callable[[], Rows]) -> Rows:
        """Rows made once for the whole run and read by the other workers (pytest-xdist): `make()` runs
        in the first worker that asks, while the others wait for the file it writes."""
        if SHARED_DIR is None or fcntl is None:
            return make()
        path = SHARED_DIR / f"{name}-{connection.vendor}.pickle"
        with open(SHARED_DIR / f"{name}.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if path.exists():
                rows: Rows = pickle.loads(path.read_bytes())  # noqa: S301 - written by this run's workers
                rows.foreign = True
                return rows
            rows = make()
            path.with_suffix(".tmp").write_bytes(pickle.dumps(rows))
            path.with_suffix(".tmp").rename(path)
            return rows


class _Written:
    """On PostgreSQL, the tables written to since the database last held a `Rows` whole (`holds`), so that putting
    the same rows back replaces those tables only. A transactional test (the browser journeys, on the demo) writes to
    a handful of tables; putting the demo back whole emptied all ~200 (TRUNCATE: new files for each table and index)
    and copied ~90 back: 86 s of the server's 231 s of CPU in the PostgreSQL pass (pg_stat_statements; docs/
    benchmarks.md, session 27).

    A statement trigger on every table (any connection's write: the test's, the live server's, a task's) notes the
    table's name in `test_layers.written`, a schema of its own: not on the search path, so the project's
    introspection, its backups' emptiness check and the access matrix's write counts never see it. No key: a note
    never waits on another connection's uncommitted one. The rows are put back with triggers off (`_rows_unchecked`),
    so putting back notes nothing; the notes are emptied in the transaction that makes the database hold the rows,
    and `holds` set once it has committed. A rolled-back restore (inside a layer's transaction) changes neither.

    The notes are trusted only while every table has its trigger and no table was made or dropped (a migration
    test): otherwise every table is put back and the triggers made again. Only where the rows may be put back
    unchecked (the role may set `session_replication_role`): DELETE on a table whose rows guard themselves (the
    event tables) is refused otherwise."""

    holds: Rows | None = None
    tables: frozenset[str] = frozenset()  # the tables that have the trigger

    @classmethod
    def watch(cls, cursor: Any) -> None:
        """Make the notes' table and a trigger on every table, in a worker's new database (`Layers()`)."""
        if connection.vendor != "postgresql" or not _may_put_back_unchecked(cursor):
            return
        cursor.execute("CREATE SCHEMA IF NOT EXISTS test_layers")
        cursor.execute("CREATE UNLOGGED TABLE IF NOT EXISTS test_layers.written (name text NOT NULL)")
        cursor.execute(
            "CREATE OR REPLACE FUNCTION test_layers.note() RETURNS trigger LANGUAGE plpgsql AS"
            " $$BEGIN INSERT INTO test_layers.written VALUES (TG_TABLE_NAME); RETURN NULL; END$$"
        )
        tables = _tables()
        for table in tables:
            cursor.execute(
                "CREATE OR REPLACE TRIGGER test_layers_note AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE"
                f" ON {connection.ops.quote_name(table)} FOR EACH STATEMENT EXECUTE FUNCTION test_layers.note()"
            )
        cursor.execute("DELETE FROM test_layers.written")
        cls.tables = frozenset(tables)

    @classmethod
    def trusted(cls, cursor: Any) -> bool:
        """Whether the notes can be trusted: every table made by then has its trigger, and no table came or went."""
        if not cls.tables or set(_tables()) != cls.tables:
            return False
        cursor.execute("SELECT count(*) FROM pg_trigger WHERE tgname = 'test_layers_note' AND tgenabled = 'O'")
        return bool(cursor.fetchone()[0] == len(cls.tables))

    @classmethod
    def taken(cls, cursor: Any) -> set[str]:
        """In the transaction that puts the noted tables back: the tables noted, the notes emptied.

        Every table is locked first (SHARE: a writer still in a transaction, a request of the last test's page that
        has not ended, is waited for, and none starts until this transaction ends), as the TRUNCATE of every table
        did; then the notes are read and emptied in one statement, so that none committed between a read and an
        emptying is lost."""
        cursor.execute(f"LOCK TABLE {', '.join(map(connection.ops.quote_name, sorted(cls.tables)))} IN SHARE MODE")
        cursor.execute("DELETE FROM test_layers.written RETURNING name")
        return {name for (name,) in cursor.fetchall()}

    @classmethod
    def forget(cls, cursor: Any) -> bool:
        """Inside the transaction that makes the database hold a `Rows` whole (its TRUNCATE has locked every table):
        empty the notes, making the triggers again where a table lost its own. False where nothing is noted on this
        database."""
        if not cls.tables:
            return False
        if not cls.trusted(cursor):
            cls.watch(cursor)
        cursor.execute("DELETE FROM test_layers.written")
        return True


def unwatch() -> None:
    """Drop the notes and every trigger that writes them, for a test that dumps the whole database (the restore drill,
    tests/test_backup_drill.py: a real instance has no `test_layers`). The next restore finds them gone, puts every
    table back and makes them again."""
    if connection.vendor == "postgresql" and _Written.tables:
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA IF EXISTS test_layers CASCADE")  # with the function, its triggers


def _may_put_back_unchecked(cursor: Any) -> bool:
    with transaction.atomic(), _rows_unchecked(cursor) as unchecked:
        return unchecked


@contextlib.contextmanager
def _rows_unchecked(cursor: Any) -> Iterator[bool]:
    """On PostgreSQL, rows put back without their foreign keys and triggers checked row by row: they are a copy of
    a database that held them consistently, and checking each reference of the demo's 17,000 rows was most of the
    server's CPU in putting them back (2.0 → 0.8 s at load 10; docs/benchmarks.md, session 22). The setting
    (`session_replication_role`, a superuser's or a role granted it) holds inside this block only; where the role
    may not set it, the rows are checked as before. Yields whether they are unchecked."""
    if connection.vendor != "postgresql":
        yield False
        return
    try:
        with transaction.atomic():  # a refused SET rolls back to here, the restore's transaction goes on
            cursor.execute("SET LOCAL session_replication_role = replica")
    except DatabaseError:
        yield False
        return
    try:
        yield True
    finally:
        cursor.execute("SET LOCAL session_replication_role = origin")


def _sequences_past_ids(cursor: Any) -> None:
    for model in apps.get_models(include_auto_created=True):
        pk = model._meta.pk
        if not isinstance(pk, AutoFieldMixin) or not model._meta.managed:
            continue
        table, column = model._meta.db_table, pk.column
        cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [connection.ops.quote_name(table), column])
        sequence = cursor.fetchone()[0]
        if sequence is None:
            continue
        cursor.execute(
            f"SELECT setval(%s, GREATEST((SELECT last_value FROM {sequence}),"  # noqa: S608
            f" (SELECT MAX({connection.ops.quote_name(column)}) FROM {connection.ops.quote_name(table)})))",
            [sequence],
        )


def _fire_deferred_checks() -> None:
    """On PostgreSQL, check the layer's deferred constraints (its foreign keys) now, once. Left queued, they were
    checked again at the end of every test on the layer: Django's `check_constraints` (`SET CONSTRAINTS ALL
    IMMEDIATE`) fires every event queued in the transaction, and rolling back the test's savepoint queues those of
    the layer below again. Checked in the layer's own transaction or savepoint, they stay checked under the tests'
    savepoints (4.4 ms of the server a test, for the world; docs/benchmarks.md, session 19)."""
    if connection.vendor == "postgresql":
        connection.check_constraints()


def _remembered_table() -> str:
    """Remembered figures go back last: the triggers on the tables they were computed from (decision 0006)
    would forget them as those tables' rows go back."""
    from lienhiep.orgs.models import RememberedFigure

    return RememberedFigure._meta.db_table


def _forget_content_types() -> None:
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()


def _tables() -> list[str]:
    return sorted(connection.introspection.django_table_names(only_existing=True, include_views=False))


def _table_info(cursor: Any, quoted: str) -> list[tuple[Any, ...]]:
    cursor.execute(f"PRAGMA table_info({quoted})")
    return cursor.fetchall()


# --- The layers open on this worker --------------------------------------------------------------


@dataclass
class Open:
    name: str
    atomic: Any
    values: Values  # templates: the values of this layer and of those below it
    pickled: bytes | None = None  # the templates pickled once (`copied`), or None: not yet, or they do not pickle
    unpicklable: bool = False

    def copied(self) -> Values:
        """A copy of the templates, the identities between them kept: unpickled from bytes pickled once, a sixth of
        a deep copy's CPU for the world (2.2 → 0.35 ms a test); a deep copy where they do not pickle as they copy."""
        if self.pickled is None and not self.unpicklable:
            self.pickled = _pickled(self.values)
            self.unpicklable = self.pickled is None
        if self.pickled is None:
            return copy.deepcopy(self.values)
        return pickle.loads(self.pickled)  # type: ignore[no-any-return]  # noqa: S301 - pickled just above


class Layers:
    def __init__(self) -> None:
        self.open: list[Open] = []
        self.wrapper: Any = None  # the connection the layers are open on
        self.base = Rows()  # the database as the migrations left it
        self.base.remember_image()
        with connection.cursor() as cursor:
            _Written.watch(cursor)
        _Written.holds = self.base if _Written.tables else None
        self.flushed = False  # a transactional test ran since the base was last put back (its rows are still there)

    def enter(self, stack: tuple[str, ...]) -> None:
        """Before a test that runs in a savepoint: open `stack`, closing the layers it does not share."""
        self._close_if_lost()
        keep = 0
        while keep < min(len(stack), len(self.open)) and self.open[keep].name == stack[keep]:
            keep += 1
        self._close(keep)
        if self.flushed:
            self.base.restore(committed=True)  # no layer is open: nothing to roll back to
            self.flushed = False
        if not self.open:
            self.wrapper = connections[DEFAULT_DB_ALIAS]
        for name in stack[keep:]:
            below = self.open[-1].copied() if self.open else {}
            atomic = transaction.atomic()
            atomic._from_testcase = True  # durable blocks inside behave as in a test's own transaction
            atomic.__enter__()
            try:
                values = dict(below)
                built, objects = _build(name, values)
                values[built] = objects
                _fire_deferred_checks()
            except BaseException:
                atomic.__exit__(*sys.exc_info())
                raise
            self.open.append(Open(name, atomic, values))

    def enter_transactional(self, stack: tuple[str, ...]) -> None:
        """Before a transactional test: nothing open, the database as the migrations left it (unless the
        test's own layers replace every table anyway)."""
        self._close_if_lost()
        self._close(0)
        replaced = bool(stack) and stack[0] in COPIES
        if self.flushed and not replaced:
            self.base.restore(committed=True)
        self.flushed = True

    def values(self, stack: tuple[str, ...], *, transactional: bool) -> Values:
        """The test's own objects: copies of the templates (one copy for all, so that an object shared
        by two layers stays one object), or in a transactional test, the layers built there and then."""
        if transactional:
            values: Values = {}
            for name in stack:
                if name in COPIES and (COPIES[name].image is not None or connection.vendor == "postgresql"):
                    # Put back outside any transaction (SQLite's backup refuses one; on PostgreSQL only the tables
                    # written since it was last put back, `_Written`): a layer kept as a copy has nothing to build
                    # and no objects (build_demo).
                    COPIES[name].restore(committed=True)
                    values[name] = None
                    continue
                # In one transaction, so that what runs on commit (the figures' warming task, at once in
                # the tests) runs once for the layer, not after each of its writes.
                with transaction.atomic():
                    built, objects = _build(name, values)
                values[built] = objects
                if name in COPIES:
                    COPIES[name].remember_image()
            return values
        assert self.open and tuple(o.name for o in self.open) == stack, "the layers were not entered"
        return self.open[-1].copied()

    def close(self) -> None:
        self._close(0)

    def _close(self, keep: int) -> None:
        if len(self.open) <= keep:
            return
        # The layers' connection, even where this context sees another one (below).
        current = connections[DEFAULT_DB_ALIAS]
        connections[DEFAULT_DB_ALIAS] = self.wrapper
        try:
            while len(self.open) > keep:
                layer = self.open.pop()
                transaction.set_rollback(True)
                layer.atomic.__exit__(None, None, None)
        finally:
            connections[DEFAULT_DB_ALIAS] = current
        _forget_content_types()  # the demo's rows may have come with another worker's

    def _close_if_lost(self) -> None:
        """Drop the layers when their connection is no longer the test's, or no longer open:
        - Django keeps connections per context (asgiref's Local), and starting Playwright's sync API (the
          browser tests' session fixture) leaves the tests in a new context, with a new connection: the
          layers open on the old one are rolled back there;
        - a request's end closes the connections Django finds in a transaction (`close_old_connections`
          on `request_finished`: a test that closes a response itself); on PostgreSQL the layers are
          then gone with their transaction, and Django forgets the connection once they are exited.
        The layers are built again for the next test that needs them."""
        if self.open and (connections[DEFAULT_DB_ALIAS] is not self.wrapper or self.wrapper.closed_in_transaction):
            self._close(0)


class _Pickler(pickle.Pickler):
    def reducer_override(self, obj: Any) -> Any:
        from django.db.models.query import QuerySet

        if isinstance(obj, QuerySet):  # pickling runs its query (a deep copy does not)
            raise pickle.PicklingError("a QuerySet")
        return NotImplemented


def _pickled(values: Values) -> bytes | None:
    buffer = io.BytesIO()
    try:
        _Pickler(buffer, pickle.HIGHEST_PROTOCOL).dump(values)
    except (pickle.PicklingError, TypeError, AttributeError):
        return None
    return buffer.getvalue()


# Layers that are put back from a copy of their rows instead of being built again.
COPIES: dict[str, Rows] = {}

# Where the workers of one run share what they build once for all (conftest sets it under xdist).
SHARED_DIR: Path | None = None


def build_demo(values: Values) -> None:
    """The demo: seeded once per run (`seed_demo`), by the first worker that needs it; then put back from
    a copy of its rows."""
    rows = COPIES.get("demo")
    if rows is not None:
        rows.restore()
        return
    seeded = False

    def seed() -> Rows:
        nonlocal seeded
        from django.core.management import call_command

        call_command("seed_demo", stdout=io.StringIO())
        seeded = True
        return Rows()

    rows = COPIES["demo"] = Rows.shared("demo", seed)
    if not seeded:
        rows.restore()
