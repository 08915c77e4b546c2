"""CPU of reading what the apps declare on their AppConfig, per call, as a request reads it (issue 10, decl10).

    .venv/bin/python bench/declarations.py [--calls 20000]

Runs in any checkout (before `core.declarations` it times the hand-written loops each module had; after, the
mechanism): no database. Timed with `time.process_time()` over `--calls` calls after one warm-up call, per call in
microseconds: the sidebar (`core.nav.nav_items`, every page), the views a grant holder opens
(`orgs.middleware.grant_views`, once per process), the export and reminder sources, and the functions the home
page, the tree and a unit's move call through their declarations (`home_alerts`, `tree_counts`, `held_records`):
for those, only the finding of the functions, not their queries (the loop with `import_string`, or
`declarations.imported`).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

import django  # noqa: E402

django.setup()

from django.apps import apps  # noqa: E402
from django.utils.module_loading import import_string  # noqa: E402

from lienhiep.core import exports, nav, reminders  # noqa: E402
from lienhiep.orgs import middleware  # noqa: E402

try:
    from lienhiep.core import declarations
except ImportError:  # before the mechanism
    declarations = None  # type: ignore[assignment]


def found_by_hand(name: str) -> list[object]:
    """The loop `orgs.views` wrote for `home_alerts` and `tree_counts` (a single path per app)."""
    found = []
    for config in apps.get_app_configs():
        path = getattr(config, name, None)
        if path:
            found.append(import_string(path))
    return found


def found_by_hand_many(name: str) -> list[object]:
    """The loop `orgs.views` wrote for `held_records` (a tuple of paths per app)."""
    return [import_string(path) for config in apps.get_app_configs() for path in getattr(config, name, ())]


def finder(name: str, many: bool) -> Callable[[], object]:
    if declarations is not None:
        return lambda: declarations.imported(name)
    return (lambda: found_by_hand_many(name)) if many else (lambda: found_by_hand(name))


def per_call(function: Callable[[], object], calls: int) -> float:
    function()
    start = time.process_time()
    for _ in range(calls):
        function()
    return (time.process_time() - start) / calls * 1e6


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=20000)
    calls = parser.parse_args().calls
    rows = {
        "nav_items (every page)": nav.nav_items,
        "grant_views": middleware.grant_views,
        "export_sources": exports.export_sources,
        "reminder_sources": reminders.reminder_sources,
        "home_alerts: finding the functions": finder("home_alerts", many=False),
        "tree_counts: finding the function": finder("tree_counts", many=False),
        "held_records: finding the functions": finder("held_records", many=True),
    }
    print(f"mechanism: {'core.declarations' if declarations else 'hand-written loops'}; {calls} calls each")
    print("| what | µs CPU per call |\n|---|---:|")
    for label, function in rows.items():
        print(f"| {label} | {per_call(function, calls):.2f} |")


if __name__ == "__main__":
    main()
