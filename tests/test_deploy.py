"""A server's configuration: the site refuses to start without a real SECRET_KEY or with a private path in a folder
the proxy serves, `make prod-check` fails on a bad configuration, and the proxy's limits follow the settings."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from lienhiep.core.env import read_env_file, secret_key_problem
from tests.production import PRODUCTION

ROOT = Path(__file__).resolve().parents[1]
KEY = PRODUCTION["SECRET_KEY"]


def _run(command: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "SECRET_KEY", "DEBUG", "MEDIA", "STATIC", "PROXY", "MAKE", "MFLAGS"))
    }
    return subprocess.run(  # noqa: S603 - our own manage.py and Makefile
        command,
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return _run([sys.executable, "manage.py", *args], env)


def test_without_debug_no_real_secret_key_starts():
    assert [secret_key_problem(key) for key in ["", "insecure-dev-key-change-me-" + "x" * 40, "short-key", KEY]] == [
        "SECRET_KEY is not set",
        "SECRET_KEY is a published example, not a secret",
        "SECRET_KEY is too short or too simple (at least 50 characters, 5 of them different)",
        None,
    ]
    result = _manage("check", env={"DEBUG": "0", "SECRET_KEY": ""})
    assert result.returncode == 1
    assert "ImproperlyConfigured: SECRET_KEY is not set" in result.stderr, result.stderr[-300:]


def test_the_demo_key_starts_the_demo_but_fails_the_deploy_check(tmp_path):
    demo = {"DEBUG": "0", "SECRET_KEY": "demo-only-secret-key-not-for-production-use-0123456789abcdef"}
    # it starts (the checks run), and the deploy checks refuse its key
    result = _manage("check", "--deploy", env=demo | {"MEDIA_ROOT": str(tmp_path)})
    assert result.returncode == 1
    assert "(core.E001) SECRET_KEY is the demo's" in result.stderr


def test_a_private_path_in_a_folder_the_proxy_serves_refuses_to_start(tmp_path):
    served = tmp_path / "www"
    result = _manage(
        "check",
        env={"SECRET_KEY": KEY, "PROXY_SERVED_FOLDERS": str(served), "MEDIA_ROOT": str(served / "files")},
    )
    assert result.returncode == 1
    assert f"MEDIA_ROOT ({served / 'files'}) is inside PROXY_SERVED_FOLDERS ({served})" in result.stderr


def _env_file(path: Path, values: dict[str, str]) -> Path:
    path.write_text("".join(f"{name}={value}\n" for name, value in values.items()), encoding="utf-8")
    return path


def test_prod_check_passes_a_good_configuration_and_fails_a_bad_one(tmp_path):
    good = PRODUCTION | {
        # spaces, as an officer writes it and systemd reads it
        "DEFAULT_FROM_EMAIL": "Liên hiệp <no-reply@lienhiep.example.vn>",
        "MEDIA_ROOT": str(tmp_path),
    }
    result = _run(["make", "-s", "prod-check", f"ENV_FILE={_env_file(tmp_path / 'good.env', good)}"], {})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    # Behind a proxy that nobody trusts, every failed login would count against the proxy's address.
    bad = good | {"TRUSTED_PROXY_COUNT": "0"}
    result = _run(["make", "-s", "prod-check", f"ENV_FILE={_env_file(tmp_path / 'bad.env', bad)}"], {})
    assert result.returncode != 0
    assert "(core.E003) BEHIND_PROXY is set but TRUSTED_PROXY_COUNT is 0" in result.stderr


def test_an_environment_file_reads_as_systemd_reads_it(tmp_path):
    path = tmp_path / "site.env"
    path.write_text(
        '# a comment\n\nDEFAULT_FROM_EMAIL=Liên hiệp <no-reply@x.vn>\nQUOTED="a b"\nEMPTY=\nURL=postgres://u:p@h/db?x=1\n',
        encoding="utf-8",
    )
    assert read_env_file(path) == {
        "DEFAULT_FROM_EMAIL": "Liên hiệp <no-reply@x.vn>",
        "QUOTED": "a b",
        "EMPTY": "",
        "URL": "postgres://u:p@h/db?x=1",
    }


def test_the_proxy_takes_the_largest_upload_and_no_more_than_the_settings_say(settings):
    from lienhiep.activities import importing
    from lienhiep.core import files
    from lienhiep.governance import services as governance
    from lienhiep.members.services import imports

    caddyfile = (ROOT / "deploy" / "Caddyfile").read_text()
    [default] = re.findall(r"max_size \{\$REQUEST_BODY_MAX_MB:(\d+)\}MB", caddyfile)
    assert int(default) == settings.REQUEST_BODY_MAX_MB
    largest = max(files.MAX_BYTES, importing.MAX_BYTES, governance.MAX_FILE_BYTES, imports.MAX_IMPORT_BYTES)
    assert largest <= settings.REQUEST_BODY_MAX_MB * 2**20


def test_a_web_worker_freezes_the_site_it_loaded_before_its_first_request():
    """gunicorn's hook after a worker loads the site (`post_worker_init`) imports every view and moves what is loaded
    out of the garbage collector's walks (config/workers.py): nothing of it is walked again in a request."""
    probe = (
        "import gc, runpy, sys, django; django.setup(); "
        "hooks = runpy.run_path('deploy/gunicorn.conf.py'); "
        "before = 'lienhiep.members.views' in sys.modules; hooks['post_worker_init'](None); "
        "print(before, 'lienhiep.members.views' in sys.modules, gc.get_freeze_count())"
    )
    result = _run([sys.executable, "-c", probe], env={"DEBUG": "1"})
    assert result.returncode == 0, result.stderr[-500:]
    before, after, frozen = result.stdout.split()
    assert (before, after) == ("False", "True")
    assert int(frozen) > 50_000
