"""What the apps declare on their `AppConfig` for the apps below them to read: the one way a lower app learns what
a higher one offers without importing it (docs/architecture.md, "Dependencies point one way", lists every name).

A declaration is an attribute of the app's config. Its value is one thing (a dotted path, an object) or a tuple or
list of them; a mapping declares its (key, value) pairs; None, an empty string or no attribute at all declare
nothing. Apps are read in INSTALLED_APPS order (which follows the dependencies), and what is found is remembered
for the process under the attribute's name: apps do not change while a process runs (no test overrides
INSTALLED_APPS). A test that changes a declaration uses the `declare` fixture (conftest.py), which calls `forget()`
after the change and after the test.

    declared("nav_items", NavItem)   the values, each checked to be a NavItem
    imported("held_records")         the values are dotted paths: what they name, each imported once
    by_app("audit_paths")            the values with the app that declares each
    modules("demo")                  each of our apps' module of that name (`lienhiep.members.demo`), where it has one

A declaration that does not hold (a path that does not import, a value of the wrong kind, a module that fails to
import) raises `ImproperlyConfigured` naming the app and the attribute.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Mapping
from functools import cache
from types import ModuleType
from typing import Any

from django.apps import AppConfig, apps
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

# Our apps: those whose modules `modules` looks for (a third-party app's `tests` is not ours to import).
PROJECT = __name__.partition(".")[0] + "."


def by_app(name: str) -> tuple[tuple[AppConfig, Any], ...]:
    """(app config, value) for every value an installed app declares as `name`, in INSTALLED_APPS order."""
    return _by_app(name)


def declared[T](name: str, kind: type[T]) -> tuple[T, ...]:
    """Every value the apps declare as `name`, each an instance of `kind`."""
    return _declared(name, kind)  # type: ignore[arg-type]  # a class is hashable; typeshed's type[T] does not say so


def imported(name: str) -> tuple[Any, ...]:
    """What the dotted paths the apps declare as `name` name (a function, an object), each imported once."""
    return _imported(name)


def modules(name: str) -> tuple[ModuleType, ...]:
    """Each of our apps' module `name` (`demo`, `tests.access_cases`), imported, in INSTALLED_APPS order; an app
    without one is passed over."""
    return _modules(name)


# Remembered by name (functools.cache keeps no types of its own: the functions above give them).


@cache
def _by_app(name: str) -> tuple[tuple[AppConfig, Any], ...]:
    found: list[tuple[AppConfig, Any]] = []
    for config in apps.get_app_configs():
        value = getattr(config, name, None)
        if isinstance(value, Mapping):
            found += ((config, item) for item in value.items())
        elif isinstance(value, tuple | list):
            found += ((config, item) for item in value)
        elif value is not None and value != "":
            found.append((config, value))
    return tuple(found)


@cache
def _declared(name: str, kind: type) -> tuple[Any, ...]:
    for config, value in _by_app(name):
        if not isinstance(value, kind):
            raise ImproperlyConfigured(
                f"{config.name}: AppConfig.{name} declares {value!r}, which is not a {kind.__name__}."
            )
    return tuple(value for _config, value in _by_app(name))


@cache
def _imported(name: str) -> tuple[Any, ...]:
    found = []
    for config, path in _by_app(name):
        if not isinstance(path, str):
            raise ImproperlyConfigured(
                f"{config.name}: AppConfig.{name} declares {path!r}, which is not a dotted path."
            )
        try:
            found.append(import_string(path))
        except ImportError as exc:
            raise ImproperlyConfigured(
                f"{config.name}: AppConfig.{name} declares {path!r}, which does not import: {exc}"
            ) from exc
    return tuple(found)


@cache
def _modules(name: str) -> tuple[ModuleType, ...]:
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith(PROJECT):
            continue
        dotted = f"{config.name}.{name}"
        try:
            spec = importlib.util.find_spec(dotted)
        except ModuleNotFoundError as exc:  # a package on the way is missing (an app without `tests`)
            if exc.name and f"{dotted}.".startswith(f"{exc.name}."):
                continue
            raise
        if spec is None:
            continue
        try:
            found.append(importlib.import_module(dotted))
        except ImportError as exc:
            raise ImproperlyConfigured(f"{config.name}: its module {name!r} does not import: {exc}") from exc
    return tuple(found)


def forget() -> None:
    """Read the declarations again at their next use (a test that changed one)."""
    for remembered in (_by_app, _declared, _imported, _modules):
        remembered.cache_clear()
