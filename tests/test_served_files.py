"""Following .env.example must not publish the database (issue 11).

`STATIC_ROOT=` (empty, as .env.example ships it) once made `collectstatic` copy into the project folder, and
WhiteNoise then served `/static/.env`, the SQLite database and the settings to anyone. Empty now means unset, and the
settings refuse any private path (the database, uploads, the data folder, .env, the code) inside a served folder.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# A key the settings accept, so that what refuses to start is the path under test.
KEY = "a-long-random-secret-key-for-this-test-0123456789-abcdefghijklmnop"


def _example_env() -> dict[str, str]:
    env = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        if line.strip() and not line.startswith("#") and "=" in line:
            name, value = line.split("=", 1)
            env[name.strip()] = value.strip()
    return env


def _run(script: str, env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "STATIC", "MEDIA"))}
    return subprocess.run(  # noqa: S603 - our own code
        [sys.executable, "-c", textwrap.dedent(script)],
        cwd=tmp_path,
        env={**clean, "PYTHONPATH": str(ROOT), "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_example_settings_serve_static_files_and_nothing_private(tmp_path):
    # Given the project run with the values .env.example ships (a secret key filled in, a data folder of the test's)
    env = _example_env() | {
        "SECRET_KEY": "a-long-random-secret-key-for-this-test-0123456789-abcdefghijklmnop",
        "LIENHIEP_VAR_DIR": str(tmp_path / "var"),
        "STATICFILES_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
    }
    # when its static files are collected and the site is asked for private files through /static/
    result = _run(
        """
        import django
        from pathlib import Path
        django.setup()
        from django.conf import settings
        from django.core.management import call_command
        from django.test import Client
        root = Path(settings.STATIC_ROOT).resolve()
        assert root != settings.BASE_DIR.resolve(), root
        call_command("collectstatic", interactive=False, verbosity=0)
        Path(settings.DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        client = Client(HTTP_HOST="127.0.0.1")
        for path in ["/static/.env.example", "/static/.env", "/static/var/lienhiep.sqlite3",
                     "/static/config/settings.py", "/static/manage.py", "/static/lienhiep/core/env.py"]:
            print(path, client.get(path).status_code)
        print("/static/css/app.css", client.get("/static/css/app.css").status_code)
        """,
        env,
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    statuses = dict(line.rsplit(" ", 1) for line in result.stdout.splitlines())
    # then only the static file is served
    assert statuses.pop("/static/css/app.css") == "200"
    assert set(statuses.values()) == {"404"}, statuses


def test_a_private_path_inside_a_served_folder_refuses_to_start(tmp_path):
    checks = {
        # the project folder served as static files
        "STATIC_ROOT": str(ROOT),
        # uploads inside the static root
        "MEDIA_ROOT": str(ROOT / "staticfiles" / "uploads"),
        # the database under the static root
        "SQLITE_PATH": str(ROOT / "staticfiles" / "db.sqlite3"),
    }
    for name, value in checks.items():
        result = _run(
            "import django; django.setup()",
            {"SECRET_KEY": KEY, name: value, "STATIC_ROOT": str(ROOT / "staticfiles")} | {name: value},
            tmp_path,
        )
        assert result.returncode != 0, name
        assert "ImproperlyConfigured" in result.stderr and "served" in result.stderr, (name, result.stderr[-500:])
    # and static and media roots may not overlap either way
    result = _run(
        "import django; django.setup()",
        {"SECRET_KEY": KEY, "MEDIA_ROOT": str(tmp_path / "files"), "STATIC_ROOT": str(tmp_path / "files" / "s")},
        tmp_path,
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
