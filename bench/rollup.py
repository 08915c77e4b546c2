"""Benchmark the roll-up report of a locked campaign (issue 14: ≤ 3 s for 300 units): a province with N member
associations (each with a few activities of H1 2026), a half-year campaign over them, every submission filled,
submitted, accepted, the campaign closed and locked; then Hà Tĩnh-style half-year report whose section on
information and training and whose legal-advice paragraph take their figures from the campaign (numbers added up,
the examples lists with each unit's records and narratives).

    .venv/bin/python bench/rollup.py [--units 300] [--reps 5] [--reuse]   # SQLite at /tmp/lienhiep-bench-rollup.sqlite3
    DATABASE_URL=postgres://postgres@127.0.0.1:5433/lh_roll14_bench .venv/bin/python bench/rollup.py

Times what the report's page and its issue do: the document with every figure (`selectors.document`) and its Word
file (`output.render_docx`), the annex's whole lists, and the approval (`report_approve`: every figure computed
once more and frozen, the drift fingerprints of the records beside the submissions). Also the reconciliation view's
read (`rollup.reconciliation`: every unit's every figure from its records). Writes nothing but the throwaway
database (recreated each run).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
SQLITE = os.environ.get("BENCH_SQLITE", "/tmp/lienhiep-bench-rollup.sqlite3")  # noqa: S108
REUSE = "--reuse" in sys.argv  # time the database a previous run built (its build takes ~20 min on a loaded box)
if not os.environ.get("DATABASE_URL"):
    os.environ["SQLITE_PATH"] = SQLITE
    if not REUSE:
        Path(SQLITE).unlink(missing_ok=True)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from lienhiep.accounts.services import user_create  # noqa: E402
from lienhiep.activities.models import Activity  # noqa: E402
from lienhiep.campaigns import rollup, services  # noqa: E402
from lienhiep.campaigns.models import CampaignKind  # noqa: E402
from lienhiep.orgs import services as org_services  # noqa: E402
from lienhiep.orgs.models import OrgKind  # noqa: E402
from lienhiep.reporting import output, selectors  # noqa: E402
from lienhiep.reporting import services as report_services  # noqa: E402
from lienhiep.reporting.models import Block, ReportKind, ReportTemplate  # noqa: E402

D = dt.date
FORM = {
    "figures": [
        {"key": "members.count", "params": {}},
        {"key": "activities.count", "params": {"kind": "training"}},
        {"key": "activities.count", "params": {"kind": "seminar"}},
        {"key": "activities.sum", "params": {"figure": "participants", "kind": "training"}},
        {"key": "activities.sum", "params": {"figure": "persons_advised", "kind": "legal_aid"}},
    ],
    "sections": [{"key": "s1", "title": "Công tác thông tin, tuyên truyền, đào tạo"}],
    "attachments": [],
}


def build(units: int) -> tuple[object, object]:
    """The province, its associations and their activities, the campaign locked; returns (actor, campaign)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", verbosity=0)
    actor = user_create(username="bench.admin", password=None, is_superuser=True)
    national = org_services.org_create(
        actor=actor, kind=OrgKind.NATIONAL, name="Liên hiệp các Hội KH&KT Việt Nam", founded_on=D(1983, 3, 26)
    )
    province = org_services.org_create(
        actor=actor, kind=OrgKind.PROVINCIAL, name="Liên hiệp hội tỉnh Thử", founded_on=D(1992, 1, 1), parent=national
    )
    associations = [
        org_services.org_create(
            actor=actor,
            kind=OrgKind.ASSOCIATION,
            name=f"Hội KH&KT số {n:03d}",
            founded_on=D(2000, 1, 1),
            parent=province,
        )  # fmt: skip
        for n in range(units)
    ]
    kinds = ["training", "training", "seminar", "legal_aid"]
    Activity.objects.bulk_create(
        Activity(
            org=org,
            kind=kind,
            title=f"{kind} {n} của {org.name}",
            start_date=D(2026, 1 + n % 6, 1 + n % 27),
            participants_members=30 + n,
            persons_advised=10 if kind == "legal_aid" else 0,
        )  # fmt: skip
        for org in associations
        for n, kind in enumerate(kinds)
    )
    campaign = services.campaign_create(
        actor=actor, org=province, kind=CampaignKind.HALF_YEAR, title="Báo cáo 6 tháng đầu năm 2026",
        period_start=D(2026, 1, 1), period_end=D(2026, 6, 30), as_of=D(2026, 6, 30),
        deadline=dt.datetime(2026, 7, 10, 17, tzinfo=timezone.get_current_timezone()), form=FORM,
    )  # fmt: skip
    services.campaign_open(actor=actor, campaign=campaign)
    services.campaign_prefill(campaign_id=campaign.pk, actor_id=None)  # the task's work (nothing left if it ran)
    for submission in campaign.submissions.select_related("org"):
        services.submission_save(
            actor=actor, submission=submission, figures={},
            narratives={"s1": f"{submission.org.name} tổ chức 2 lớp tập huấn cho hội viên."},
        )  # fmt: skip
        services.submission_submit(actor=actor, submission=submission)
        services.submission_accept(actor=actor, submission=submission)
    services.campaign_close(actor=actor, campaign=campaign)
    services.campaign_lock(actor=actor, campaign=campaign)
    return actor, campaign


def report_of(actor: object, campaign: object) -> object:
    template = ReportTemplate.objects.get(org=None, key="half-year")
    report = report_services.report_create(
        actor=actor, org=campaign.org, kind=ReportKind.HALF_YEAR, template=template,  # type: ignore[attr-defined]
        period_start=D(2026, 1, 1), period_end=D(2026, 6, 30), as_of=D(2026, 6, 30),
    )  # fmt: skip
    sourced = 0
    for block in Block.objects.filter(section__report=report, section__key__in=["i.thong-tin", "i.cong-dong"]):
        if block.kind in ("text", "list") and any(True for _t in selectors.block_tokens(block)):
            section = "s1" if block.kind == "list" and block.section.key == "i.thong-tin" else ""
            report_services.block_source(actor=actor, block=block, campaign=campaign.pk, section=section)  # type: ignore[attr-defined]
            sourced += 1
    print(f"{sourced} blocks from the campaign", file=sys.stderr)
    return report


def timed(function: object, reps: int) -> tuple[float, float]:
    runs = []
    for _ in range(reps):
        start = time.perf_counter()
        function()  # type: ignore[operator]
        runs.append(time.perf_counter() - start)
    return statistics.median(runs), max(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=300)
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--reuse", action="store_true", help="time the database a previous run built")
    args = parser.parse_args()
    start = time.perf_counter()
    if args.reuse:
        from lienhiep.accounts.models import User
        from lienhiep.campaigns.models import Campaign
        from lienhiep.reporting.models import Report

        actor, campaign = User.objects.get(username="bench.admin"), Campaign.objects.get()
        draft = Report.objects.filter(kind=ReportKind.HALF_YEAR, status="draft").first()
        report = draft or report_of(actor, campaign)  # the last run approved its own
        args.units = campaign.submissions.count()
    else:
        actor, campaign = build(args.units)
        report = report_of(actor, campaign)
    print(f"{connection.vendor}: built in {time.perf_counter() - start:.0f} s", file=sys.stderr)
    print(f"| {connection.vendor}, {args.units} units, locked | p50 s | max s |")
    print("|---|---:|---:|")

    def generate() -> None:
        output.render_docx(selectors.document(report))  # type: ignore[arg-type]

    rows = [
        ("half-year report: figures + .docx (draft, live)", generate),
        ("whole lists for the annex", lambda: selectors.document(report, whole_lists=True)),  # type: ignore[arg-type]
        ("reconciliation (every unit × 5 figures)", lambda: rollup.reconciliation(campaign)),  # type: ignore[arg-type]
    ]
    for label, function in rows:
        p50, most = timed(function, args.reps)
        print(f"| {label} | {p50:.2f} | {most:.2f} |")
    approve = time.perf_counter()
    report_services.report_approve(actor=actor, report=report)  # type: ignore[arg-type]
    print(f"| approval (freeze every figure, once) | {time.perf_counter() - approve:.2f} | |")
    report.refresh_from_db()  # type: ignore[attr-defined]
    p50, most = timed(generate, args.reps)
    print(f"| half-year report: figures + .docx (approved, frozen) | {p50:.2f} | {most:.2f} |")


if __name__ == "__main__":
    main()
