"""Configuration checks for a real office's server, as Django system checks: `manage.py check --deploy` (and
`make prod-check`) runs them beside Django's own, and fails on any. The settings refuse to start on the worst
(a missing SECRET_KEY, a private path in a served folder: core/env.py); these say it again with an id, and add what
only a production server needs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core import checks

from lienhiep.core.env import DEMO_SECRET_KEY_PREFIX, private_path_problems, secret_key_problem


@checks.register(checks.Tags.security, deploy=True)
def check_secret_key(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    problem = secret_key_problem(settings.SECRET_KEY)
    if problem is None and settings.SECRET_KEY.startswith(DEMO_SECRET_KEY_PREFIX):
        problem = "SECRET_KEY is the demo's (Makefile), which anyone can read"
    if problem is None:
        return []
    return [checks.Error(problem, hint="Set SECRET_KEY to a long random string (see .env.example).", id="core.E001")]


@checks.register(checks.Tags.security, deploy=True)
def check_private_paths(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    problems = private_path_problems(served=settings.SERVED_FOLDERS, private=settings.PRIVATE_PATHS)
    return [checks.Error(problem, id="core.E002") for problem in problems]


@checks.register(checks.Tags.security, deploy=True)
def check_proxy(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Behind a proxy, the login throttling must count the client's address, not the proxy's: with
    TRUSTED_PROXY_COUNT 0 every failure would count against the proxy, and one person could lock out everyone."""
    if settings.SECURE_PROXY_SSL_HEADER and settings.TRUSTED_PROXY_COUNT < 1:
        return [
            checks.Error(
                "BEHIND_PROXY is set but TRUSTED_PROXY_COUNT is 0: login throttling would count every failure "
                "against the proxy's address.",
                hint="Set TRUSTED_PROXY_COUNT=1 behind one proxy (Caddy, nginx).",
                id="core.E003",
            )
        ]
    return []


@checks.register(deploy=True)
def check_private_files(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """The private files' folder exists and the site can write to it (uploads, exports, imports)."""
    import os

    media = Path(settings.MEDIA_ROOT)
    if not media.is_dir() or not os.access(media, os.W_OK | os.X_OK):
        return [
            checks.Error(
                f"MEDIA_ROOT ({media}) is not a folder this process can write to.",
                hint="Create it, owned by the site's user (docs/deploy.md).",
                id="core.E004",
            )
        ]
    return []


@checks.register(deploy=True)
def check_error_reports(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Errors reach an operator: by e-mail to ADMINS, through a real mail server."""
    if not settings.ADMINS:
        return [
            checks.Warning(
                "ADMINS is empty: server errors are only in the log, nobody is told.",
                hint="Set ADMINS to the operators' e-mail addresses, comma-separated.",
                id="core.W005",
            )
        ]
    backend = str(settings.MAILERS["default"]["BACKEND"])
    if not backend.endswith("smtp.EmailBackend"):
        return [
            checks.Warning(
                f"ADMINS is set but e-mail goes to {backend}: the error reports reach nobody.",
                hint="Set EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend and EMAIL_HOST.",
                id="core.W006",
            )
        ]
    return []
