"""Benchmark campaigns (issue 14): a national campaign over every provincial union and a provincial one over ~300
member associations, opened through the services; then the board (the selector and the whole page, as the officer
sees it) and a submission's page, with the submissions in every state and a few weeks of reminders.

    .venv/bin/python bench/campaigns.py                 # SQLite at /tmp/lienhiep-bench-campaigns.sqlite3 (recreated)
    DATABASE_URL=postgres://…/lienhiep_camp_bench .venv/bin/python bench/campaigns.py   # a database named *bench*
    … bench/campaigns.py --units 300 --runs 30

The tree is small and built through the real services (63 provinces under the national union; one province with
`--units` associations, each with a few members); the campaigns are opened, filled, submitted, returned, exempted
and extended through the services, and `core.reminders.remind` runs day by day from the opening to ten days past
the deadline. Reads go through `campaigns.selectors.board` and Django's test client (logged in past the second
factor). Prints a markdown table; writes nothing but the throwaway database.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
os.environ.setdefault("BENCH_SQLITE", "/tmp/lienhiep-bench-campaigns.sqlite3")  # noqa: S108
sys.path.insert(0, str(BENCH))

import tree  # noqa: E402, I001  (sets up Django: config.settings_test, SQLite or DATABASE_URL)
from tree import RESULTS, timed  # noqa: E402

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from lienhiep.accounts.services import user_create  # noqa: E402
from lienhiep.accounts.testing import login  # noqa: E402
from lienhiep.campaigns import selectors, services  # noqa: E402
from lienhiep.campaigns.models import CampaignKind  # noqa: E402
from lienhiep.core import reminders  # noqa: E402
from lienhiep.members import services as member_services  # noqa: E402
from lienhiep.orgs import services as org_services  # noqa: E402
from lienhiep.orgs.models import OrgKind, RoleKind  # noqa: E402

D = dt.date
FORM = {
    "figures": [
        {"key": "members.count", "params": {}},
        {"key": "activities.count", "params": {"kind": "training"}},
        {"key": "activities.sum", "params": {"figure": "participants"}},
    ],
    "sections": [{"key": "s1", "title": "Kết quả hoạt động", "questions": []}],
    "attachments": [],
}


def at(day: dt.date, hour: int = 17) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=timezone.get_current_timezone())


def build(units: int):  # type: ignore[no-untyped-def]
    admin = user_create(username="admin", password=None, full_name="Quản trị", is_superuser=True)
    officer = user_create(username="officer", password=None, full_name="Cán bộ tỉnh")

    def make(kind: str, name: str, parent=None):  # type: ignore[no-untyped-def]
        return org_services.org_create(actor=admin, kind=kind, name=name, founded_on=D(2000, 1, 1), parent=parent)

    national = make(OrgKind.NATIONAL, "Liên hiệp các Hội KH&KT Việt Nam")
    provinces = [make(OrgKind.PROVINCIAL, f"Liên hiệp hội tỉnh số {i:02d}", national) for i in range(1, 64)]
    province = provinces[0]
    org_services.role_grant(actor=admin, user=officer, org=province, kind=RoleKind.OFFICER, valid_from=D(2020, 1, 1))
    associations = [make(OrgKind.ASSOCIATION, f"Hội chuyên ngành số {i:03d}", province) for i in range(1, units + 1)]
    for i, association in enumerate(associations[:60]):  # a few members, so that the pre-fill counts something
        person = member_services.person_create(actor=admin, full_name=f"Nguyễn Văn {i:03d}", gender="m")
        member_services.member_admit(actor=admin, person=person, org=association, joined_on=D(2020, 1, 1))
    return admin, officer, national, province


def one(label: str, fn) -> None:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        fn()
        ms = (time.perf_counter() - start) * 1000
    RESULTS.append((label, 1, ms, ms, f"{len(queries)} queries"))
    print(f"  {label}: {ms:.0f} ms, {len(queries)} queries", file=sys.stderr, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=300)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--keep", action="store_true", help="measure again the database the last run built")
    args = parser.parse_args()
    if args.keep:
        from lienhiep.accounts.models import User
        from lienhiep.campaigns.models import Campaign

        countrywide, local = (
            Campaign.objects.get(org__kind=OrgKind.NATIONAL),
            Campaign.objects.get(org__kind="provincial"),
        )
        measure(args, User.objects.get(username="officer"), User.objects.get(username="admin"), countrywide, local)
        return
    # The figures a change to the tree forgets are warmed by a background task: not here (seconds a unit).
    from django.tasks import task_backends

    task_backends._settings = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    task_backends.__dict__.pop("settings", None)
    if hasattr(task_backends._connections, "default"):
        delattr(task_backends._connections, "default")
    tree.fresh_database()
    admin, officer, national, province = build(args.units)
    deadline = D(2026, 7, 10)

    def campaign(org, kinds):  # type: ignore[no-untyped-def]
        return services.campaign_create(
            actor=admin, org=org, kind=CampaignKind.HALF_YEAR, title="Báo cáo 6 tháng đầu năm 2026",
            period_start=D(2026, 1, 1), period_end=D(2026, 6, 30), as_of=D(2026, 6, 30), deadline=at(deadline),
            form=FORM, kinds=kinds,
        )  # fmt: skip

    countrywide = campaign(national, [OrgKind.PROVINCIAL])
    # Past CAMPAIGN_PREFILL_INLINE units the request only creates the submissions and queues the pre-fill (the
    # dummy task backend keeps it): the task's work is timed on its own, as the worker runs it.
    one("open the national campaign (63 provinces)", lambda: services.campaign_open(actor=admin, campaign=countrywide))
    one(
        "pre-fill of the national campaign (background task)",
        lambda: services.campaign_prefill(campaign_id=countrywide.pk, actor_id=admin.pk),
    )
    local = campaign(province, [OrgKind.ASSOCIATION])
    one(
        f"open the provincial campaign ({args.units} associations)",
        lambda: services.campaign_open(actor=admin, campaign=local),
    )
    one(
        f"pre-fill of the provincial campaign ({args.units} associations, background task)",
        lambda: services.campaign_prefill(campaign_id=local.pk, actor_id=admin.pk),
    )

    # Every state: most submitted (some late), some returned, exempt, extended, a few accepted; reminders daily.
    submissions = list(local.submissions.order_by("id"))
    day = D(2026, 6, 25)
    while day <= deadline + dt.timedelta(days=10):
        for n, s in enumerate(submissions):
            if n % 10 < 6 and day == deadline - dt.timedelta(days=n % 5):
                services.submission_submit(actor=admin, submission=s, at=at(day, 9))
            if n % 10 == 6 and day == deadline + dt.timedelta(days=2):
                services.submission_submit(actor=admin, submission=s, at=at(day, 9))
            if n % 10 == 7 and day == D(2026, 6, 26):
                services.submission_exempt(actor=admin, submission=s, reason="Tạm ngừng hoạt động")
            if n % 10 == 8 and day == D(2026, 7, 1):
                services.submission_extend(actor=admin, submission=s, due=at(deadline + dt.timedelta(days=5)),
                                           reason="Xin gia hạn")  # fmt: skip
        reminders.remind(today=day, mail=False)
        day += dt.timedelta(days=1)
    for n, s in enumerate(submissions):
        s.refresh_from_db()
        if n % 10 == 0:
            services.submission_return(actor=admin, submission=s, comment="Bổ sung số liệu.")
        elif n % 10 in (1, 2):
            services.submission_accept(actor=admin, submission=s)
    print("  states:", selectors.board_counts(local), file=sys.stderr)
    measure(args, officer, admin, countrywide, local)


def measure(args, officer, admin, countrywide, local) -> None:  # type: ignore[no-untyped-def]
    submissions = list(local.submissions.order_by("id"))
    runs = list(range(args.runs))
    timed(f"board selector, {args.units} units", runs, lambda _i: selectors.board(local))
    timed("board selector, 63 provinces", runs, lambda _i: selectors.board(countrywide))
    timed(f"board filtered (late first), {args.units} units", runs, lambda _i: selectors.board(local, order="late"))
    client = login(Client(SERVER_NAME="localhost"), officer)
    page = f"/campaigns/{local.pk}/"
    assert client.get(page).status_code == 200
    timed(f"board page (officer), {args.units} units", runs, lambda _i: len(client.get(page).content))
    national_client = login(Client(SERVER_NAME="localhost"), admin)
    national_page = f"/campaigns/{countrywide.pk}/"
    timed("board page (national), 63 provinces", runs, lambda _i: len(national_client.get(national_page).content))
    submission_page = f"/campaigns/submissions/{submissions[5].pk}/"
    timed("a submission's page (officer)", runs, lambda _i: len(client.get(submission_page).content))
    timed("the campaign list (officer)", runs, lambda _i: len(client.get("/campaigns/").content))

    vendor = f"{connection.vendor} {connection.Database.sqlite_version if connection.vendor == 'sqlite' else ''}"
    print(f"\n{vendor.strip()}, {args.units} associations, {args.runs} runs\n")
    tree.print_table(("read", "n", "p50 ms", "p95 ms", "size"), RESULTS, tree.ROW)


if __name__ == "__main__":
    main()
