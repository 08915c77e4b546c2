"""Reading settings from the environment: the only place settings come from."""

from __future__ import annotations

import os
from pathlib import Path

_TRUE = {"1", "true", "yes", "on"}


def env_str(name: str, default: str) -> str:
    """The variable's value; empty or blank means unset (`STATIC_ROOT=` in a .env file is no path at all)."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return raw.strip()


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    return raw.strip().lower() in _TRUE


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def refuse_private_paths_in_served_folders(*, served: dict[str, Path], private: dict[str, Path]) -> None:
    """Raise ImproperlyConfigured when a private path (the database, uploads, the data folder, .env, the code) lies
    inside a folder served to anyone (the static root, the static source folders), or when a served folder lies
    inside a private one (the static root inside uploads): each would publish private files or mix them."""
    from django.core.exceptions import ImproperlyConfigured

    for served_name, folder in served.items():
        folder = folder.resolve()
        for private_name, path in private.items():
            path = path.resolve()
            if path == folder or folder in path.parents:
                raise ImproperlyConfigured(
                    f"{private_name} ({path}) is inside {served_name} ({folder}), which is served to anyone: "
                    f"set {served_name} to a folder of its own (see .env.example)."
                )
            if private_name != "the code" and path in folder.parents:
                raise ImproperlyConfigured(
                    f"{served_name} ({folder}) is inside {private_name} ({path}): a folder served to anyone must "
                    f"not lie in a private one (see .env.example)."
                )
