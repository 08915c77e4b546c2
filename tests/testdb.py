"""The test databases are migrated once and copied (decision 0015).

Every pytest-xdist worker used to run all the migrations into its own test database: 22 s of CPU quiet on SQLite (almost
all of it Django rendering the models' states between operations), more on PostgreSQL, twice a pass. Now the first
worker (or `make test-db`, run beside the lint) migrates a template once and every test database is a copy of it:

- SQLite: the worker's test database (a file, config/settings_test.py) is migrated, then written to
  `var/test-db/<key>.sqlite3` with SQLite's online backup; the other workers read that file into their own test
  database the same way;
- PostgreSQL: the migrations run into the database `test_<NAME>_template`, and every worker's test database is made
  with `CREATE DATABASE … TEMPLATE` it.

The key is a digest of everything a migration or a `post_migrate` receiver reads (the migrations, the models, the
triggers made from the apps' declarations, the shipped report templates): every file of `lienhiep/` and `config/`
outside the tests, the pinned requirements and the Python version. Any change to any of them makes a new template;
a template of another key is never read. `pytest --create-db` makes it again whatever the key.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.commands import migrate
from django.db import connections

try:
    import fcntl
except ImportError:  # Windows: no template, every worker migrates
    fcntl = None  # type: ignore[assignment]

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "var" / "test-db"


def key() -> str:
    """A digest of what the migrated database depends on."""
    digest = hashlib.sha256(sys.version.encode())
    files = [ROOT / "requirements.txt", ROOT / "requirements-dev.txt"]
    for top in ("lienhiep", "config"):
        files += (p for p in (ROOT / top).rglob("*") if p.is_file() and "tests" not in p.parts)
    for path in sorted(p for p in files if "__pycache__" not in p.parts and p.suffix not in (".pyc", ".mo")):
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:20]


@contextmanager
def _locked(name: str) -> Iterator[None]:
    """One process at a time makes or reads a template (the others wait for it)."""
    FOLDER.mkdir(parents=True, exist_ok=True)
    with open(FOLDER / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


class _State:
    original: migrate.Command | Any = None
    force = False
    template_names: dict[str, str] = {}  # alias: the PostgreSQL template's name


def install(*, force: bool = False) -> None:
    """Before the test databases are made: the `migrate` that makes each of them copies the template (making it
    first if there is none of this key). Only that first `migrate` of each database; any other runs as always."""
    if fcntl is None or _State.original is not None:
        return
    _State.original = migrate.Command
    _State.force = force
    for alias, db in settings.DATABASES.items():
        _State.template_names[alias] = f"test_{db['NAME']}_template"
        if db["ENGINE"] == "django.db.backends.sqlite3" and db.get("TEST", {}).get("NAME"):
            # Django deletes an old test database file before making it again, but not its write-ahead log: a log
            # left by a run that crashed would be read into the new file.
            for suffix in ("", "-wal", "-shm"):
                Path(db["TEST"]["NAME"] + suffix).unlink(missing_ok=True)
    migrate.Command = _CopyingMigrate  # type: ignore[misc]


def _uninstall() -> None:
    if _State.original is not None:
        migrate.Command = _State.original  # type: ignore[misc]


class _CopyingMigrate(migrate.Command):
    def handle(self, *args: Any, **options: Any) -> None:
        # Only the call that makes a test database (DatabaseCreation.create_test_db) is replaced, once per alias.
        alias = options["database"]
        if not options.get("run_syncdb") or alias not in _State.template_names:
            super().handle(*args, **options)
            return
        template = _State.template_names.pop(alias)
        if not _State.template_names:
            _uninstall()
        connection = connections[alias]
        if connection.vendor == "sqlite":
            _sqlite(connection, lambda: super(_CopyingMigrate, self).handle(*args, **options))
        elif connection.vendor == "postgresql":
            _postgresql(connection, template, lambda: super(_CopyingMigrate, self).handle(*args, **options))
        else:
            super().handle(*args, **options)


def _sqlite(connection: Any, run_migrations: Any) -> None:
    path = FOLDER / f"sqlite-{key()}.sqlite3"
    with _locked("sqlite"):
        if path.exists() and not _State.force:
            connection.ensure_connection()
            source = sqlite3.connect(path)
            try:
                source.backup(connection.connection)
            finally:
                source.close()
            return
        run_migrations()
        for old in FOLDER.glob("sqlite-*.sqlite3"):
            old.unlink()
        written = path.with_suffix(".tmp")
        target = sqlite3.connect(written)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
        written.replace(path)


def _postgresql(connection: Any, template: str, run_migrations: Any) -> None:
    wanted = key()
    test_name = connection.settings_dict["NAME"]
    quote = connection.ops.quote_name
    with _locked(template):
        with connection._nodb_cursor() as cursor:
            cursor.execute(
                "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", [template]
            )
            found = cursor.fetchone()
        if found is None or found[0] != wanted or _State.force:
            # Made afresh: migrated where the test database would be, then renamed to the template.
            connection.close()
            with connection._nodb_cursor() as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS {quote(template)}")
            run_migrations()
            connection.close()
            with connection._nodb_cursor() as cursor:
                cursor.execute(f"ALTER DATABASE {quote(test_name)} RENAME TO {quote(template)}")
                cursor.execute(f"COMMENT ON DATABASE {quote(template)} IS '{wanted}'")  # a hex digest
        else:
            connection.close()
            with connection._nodb_cursor() as cursor:
                cursor.execute(f"DROP DATABASE {quote(test_name)}")  # made empty a moment ago
        with connection._nodb_cursor() as cursor:
            cursor.execute(f"CREATE DATABASE {quote(test_name)} TEMPLATE {quote(template)}")


def prepare() -> None:
    """Make the template of this key if there is none (`make test-db`: CI runs it beside the lint, so that the
    suite's workers find it made)."""
    import django
    from django.test.utils import setup_databases, teardown_databases

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
    django.setup()
    install(force="--create-db" in sys.argv)
    made = setup_databases(verbosity=0, interactive=False)
    teardown_databases(made, verbosity=0)


if __name__ == "__main__":
    prepare()
