"""Reading settings from the environment: the only place settings come from."""

from __future__ import annotations

import os
import secrets
import sys
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


def private_path_problems(*, served: dict[str, Path], private: dict[str, Path]) -> list[str]:
    """What would publish private files: a private path (the database, uploads, the data folder, .env, the code)
    inside a folder served to anyone (the static root, the static source folders, a folder the proxy serves), or a
    served folder inside a private one (the static root inside uploads), which would mix them. Paths are compared
    resolved (symbolic links followed), so a link cannot hide one inside the other."""
    problems = []
    for served_name, folder in served.items():
        folder = folder.resolve()
        for private_name, path in private.items():
            path = path.resolve()
            if path == folder or folder in path.parents:
                problems.append(
                    f"{private_name} ({path}) is inside {served_name} ({folder}), which is served to anyone: "
                    f"set {served_name} to a folder of its own (see .env.example)."
                )
            elif private_name != "the code" and path in folder.parents:
                problems.append(
                    f"{served_name} ({folder}) is inside {private_name} ({path}): a folder served to anyone must "
                    f"not lie in a private one (see .env.example)."
                )
    return problems


def refuse_private_paths_in_served_folders(*, served: dict[str, Path], private: dict[str, Path]) -> None:
    """Raise ImproperlyConfigured on the first of `private_path_problems`: the site does not start."""
    from django.core.exceptions import ImproperlyConfigured

    problems = private_path_problems(served=served, private=private)
    if problems:
        raise ImproperlyConfigured(problems[0])


# Keys published somewhere (this code's former default, .env.example's placeholder): anyone could sign sessions
# and password-reset links with them.
KNOWN_SECRET_KEYS = frozenset({"insecure-dev-key-change-me-" + "x" * 40, "change-me"})
# The demo's key (Makefile, DEMO_ENV) starts so: accepted to start, refused by `check --deploy` (core.E001).
DEMO_SECRET_KEY_PREFIX = "demo-only-secret-key"  # noqa: S105 - a prefix to refuse, not a secret


def secret_key_problem(key: str) -> str | None:
    """Why `key` cannot sign a real site's sessions, or None. Django's own rule (at least 50 characters, 5 of them
    different, not `django-insecure-`) and no published key."""
    if not key:
        return "SECRET_KEY is not set"
    if key in KNOWN_SECRET_KEYS or key.startswith("django-insecure-"):
        return "SECRET_KEY is a published example, not a secret"
    if len(key) < 50 or len(set(key)) < 5:
        return "SECRET_KEY is too short or too simple (at least 50 characters, 5 of them different)"
    return None


def secret_key(*, debug: bool, var_dir: Path) -> str:
    """The environment's SECRET_KEY. Without DEBUG a missing or weak one refuses to start (there is no default to
    fall back on); with DEBUG, a developer's machine without one gets a random key kept in the data folder."""
    from django.core.exceptions import ImproperlyConfigured

    key = env_str("SECRET_KEY", "")
    if debug and not key:
        stored = var_dir / "dev-secret-key"
        if not stored.exists():
            stored.parent.mkdir(parents=True, exist_ok=True)
            stored.write_text(secrets.token_urlsafe(50))
            stored.chmod(0o600)
        return stored.read_text().strip()
    problem = secret_key_problem(key)
    if problem and not debug:
        raise ImproperlyConfigured(
            f"{problem}: set it to a long random string in the environment file, e.g. the output of "
            "python3 -c 'import secrets; print(secrets.token_urlsafe(50))' (see .env.example)."
        )
    return key


def read_env_file(path: Path) -> dict[str, str]:
    """The variables of an environment file as systemd's EnvironmentFile= and compose's env_file read them:
    NAME=value lines, `#` comments, one pair of surrounding quotes removed, spaces kept."""
    values = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        name, value = line.split("=", 1)
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        values[name.strip()] = value
    return values


def main(argv: list[str]) -> None:
    """`python -m lienhiep.core.env FILE COMMAND...`: run COMMAND with FILE's variables, as the services do (a
    shell's `source` would choke on `DEFAULT_FROM_EMAIL=Liên hiệp <…>`)."""
    if len(argv) < 2:
        sys.exit("usage: python -m lienhiep.core.env ENV_FILE COMMAND [ARG...]")
    env = {**os.environ, **read_env_file(Path(argv[0]))}
    command = argv[1:]
    if command[0].endswith(".py"):
        command = [sys.executable, *command]
    os.execvpe(command[0], command, env)  # noqa: S606 - the operator's own command


if __name__ == "__main__":
    main(sys.argv[1:])
