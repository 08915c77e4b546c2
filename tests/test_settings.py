"""Settings come only from the environment; with production values the deploy checks are clean."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.production import PRODUCTION

ROOT = Path(__file__).resolve().parents[1]


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_values(tmp_path):
    # (the private files' folder must exist and be writable: core.E004)
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION | {"MEDIA_ROOT": str(tmp_path)})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_every_variable_read_is_listed_in_env_example():
    import re

    names = set()
    for path in [ROOT / "config" / "settings.py"]:
        names |= set(re.findall(r'env_(?:str|bool|list)\("([A-Z_]+)"', path.read_text()))
    listed = set(re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.MULTILINE))
    assert sorted(names - listed) == []


def test_sqlite_runs_in_wal_mode(tmp_path):
    db = tmp_path / "wal.sqlite3"
    env = {"SQLITE_PATH": str(db), "DATABASE_URL": "", "SECRET_KEY": PRODUCTION["SECRET_KEY"]}
    result = _manage(
        "shell", "-c", "from django.db import connection; c = connection.cursor(); "
        "c.execute('PRAGMA journal_mode'); print(c.fetchone()[0])",
        env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "wal"


def test_the_suite_runs_on_the_database_it_was_given(db):
    from django.db import connection

    wanted = "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    assert connection.vendor == wanted
