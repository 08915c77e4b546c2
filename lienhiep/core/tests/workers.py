"""A real worker (`manage.py db_worker`, django-tasks' database backend) on the test's database, for the tests that
kill it mid-task (`kill -9`): the test database itself (PostgreSQL, or SQLite's file); an SQLite test database in
memory is copied to a file that the worker opens, read by the test meanwhile and copied back afterwards."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[3]


class Worker:
    """The worker and the database it works on."""

    def __init__(self, tmp_path: Path) -> None:
        self.postgres = connection.vendor == "postgresql"
        s = connection.settings_dict
        self.copied = not self.postgres and connection.is_in_memory_db()
        self.file = tmp_path / "worker.sqlite3" if self.copied else Path(str(s["NAME"]))
        if self.postgres:
            url = f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"
            self.env = {"DATABASE_URL": url}
        elif not self.copied:
            self.env = {"DATABASE_URL": "", "SQLITE_PATH": str(self.file)}
        else:
            # The in-memory test database, committed rows and all, copied to a file the worker opens.
            target = sqlite3.connect(self.file)
            connection.ensure_connection()
            connection.connection.backup(target)
            target.execute("PRAGMA journal_mode=WAL")
            target.close()
            self.env = {"DATABASE_URL": "", "SQLITE_PATH": str(self.file)}
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
        self.process = subprocess.Popen(  # noqa: S603 - our own manage.py
            [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.1"],
            cwd=ROOT,
            env={
                **clean,
                "DJANGO_SETTINGS_MODULE": "config.settings",
                "MEDIA_ROOT": str(settings.MEDIA_ROOT),
                "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
                "LOG_LEVEL": "ERROR",
                **self.env,
            },  # fmt: skip
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def kill_when(self, ready: Callable[[], bool], *, within: float = 120) -> None:
        """Kill the worker (SIGKILL) as soon as `ready()` says so; fails if it does not within `within` seconds."""
        assert self.process is not None
        try:
            deadline, reached = time.monotonic() + within, False
            while time.monotonic() < deadline and not reached:
                reached = ready()
                if not reached:
                    time.sleep(0.01)
            assert reached, f"the worker did not get there in {within} s"
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=30)
        finally:
            if self.process.poll() is None:
                self.process.kill()

    def row(self, table: str, pk: int, *columns: str) -> tuple[Any, ...]:
        """What the worker has committed of a row, read while it works (on SQLite, from the file)."""
        sql = f"SELECT {', '.join(columns)} FROM {table} WHERE id = %s"  # noqa: S608 - the test's own names
        if self.postgres:
            with connection.cursor() as cursor:
                cursor.execute(sql, [pk])
                return tuple(cursor.fetchone())
        with sqlite3.connect(self.file, timeout=30) as reader:
            return tuple(reader.execute(sql.replace("%s", "?"), (pk,)).fetchone())

    def writing(self, heartbeat_table: str) -> bool:
        """Whether the worker is inside a write transaction: on PostgreSQL a transaction of its that wrote something
        other than the heartbeat (an UPDATE of `heartbeat_table`); on SQLite, the write lock held."""
        if not self.postgres:
            probe = sqlite3.connect(self.file, timeout=0)
            try:
                probe.execute("BEGIN IMMEDIATE")
                probe.rollback()
                return False
            except sqlite3.OperationalError:
                return True
            finally:
                probe.close()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
                " AND backend_xid IS NOT NULL AND query NOT LIKE %s",
                [f'UPDATE "{heartbeat_table}"%'],
            )
            return cursor.fetchone()[0] > 0

    def take_back(self) -> None:
        """What the worker left, as the test's own database (an SQLite database in memory: the file copied back)."""
        if self.copied:
            with sqlite3.connect(self.file) as source:
                source.backup(connection.connection)
