"""CPU of a few pages that open a record through its access function, and of the access functions' reads alone.

    DEBUG=0 SECRET_KEY=… ALLOWED_HOSTS=testserver .venv/bin/python bench/request_cpu.py [--reps 60] [--user USERNAME]

Session 17 (req11): every request that opens a record pays `core.permissions.get_or_404` (the row) and
`orgs.permissions.access_level` (the units holding its unit); the fuzz test and the access matrix send ~11,000 such
requests. On the demo database (`make migrate seed static`), through Django's test client in this process (no test
instrumentation of templates), as a province officer logged in as a login leaves them (`accounts.testing.login`):
the median CPU of `--reps` GETs of each page (`time.process_time()`, after a warm-up; this process only: on SQLite
the database's work is in it); then the two reads alone (median of 1,000 calls),
and a login (`accounts.testing.verified_session`: the roles asked by the login policy). Writes sessions, nothing else.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from lienhiep.accounts.models import User  # noqa: E402
from lienhiep.accounts.testing import login, verified_session  # noqa: E402
from lienhiep.experts.models import Expert  # noqa: E402
from lienhiep.orgs import permissions  # noqa: E402


def cpu_ms(call: Callable[[], object], reps: int) -> float:
    call()
    times = []
    for _ in range(reps):
        start = time.process_time()
        call()
        times.append(time.process_time() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--reps", type=int, default=60)
    parser.add_argument("--user", default="", help="a username (default: hatinh.canbo, the Hà Tĩnh officer)")
    options = parser.parse_args()
    if options.user:
        user = User.objects.get(username=options.user)
    else:
        user = User.objects.filter(username="hatinh.canbo").first()
    assert user is not None
    unit = permissions.root_orgs(user)[0]
    expert = Expert.objects.filter(org=unit).order_by("pk").first()
    print(f"{connection.vendor}, user {user.username}, unit {unit.pk}, load {os.getloadavg()[0]:.1f}")
    pages = [
        f"/orgs/{unit.pk}/",
        f"/experts/{expert.pk}/" if expert else None,
        f"/experts/{expert.pk}/edit/" if expert else None,
    ]
    client = login(Client(), user)
    print("| page | CPU ms | status |")
    print("|---|---:|---:|")
    for url in filter(None, pages):
        status = client.get(url).status_code
        print(f"| {url} | {cpu_ms(lambda u=url: client.get(u), options.reps):.2f} | {status} |")
    fresh = User.objects.get(pk=user.pk)
    rows = Expert.objects.select_related("org", "person", "user")
    reads = {
        "access_level(user, unit)": lambda: permissions.access_level(fresh, unit),
        "get_org_for_user(user, pk)": lambda: permissions.get_org_for_user(fresh, unit.pk),
        "get_held_for_user(experts with 3 related)": lambda: permissions.get_held_for_user(
            rows, expert.pk if expert else 0, fresh, permissions.Access.VIEW
        ),
        "a login (verified_session)": lambda: verified_session(User.objects.get(pk=user.pk)),
    }
    print("| read | CPU ms |")
    print("|---|---:|")
    for name, call in reads.items():
        if expert is None and "experts" in name:
            continue
        print(f"| {name} | {cpu_ms(call, 1000 if 'login' not in name else 200):.3f} |")


if __name__ == "__main__":
    main()
