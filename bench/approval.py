"""Benchmark a report's approval (issue 12's fingerprint, issue 14's approval): `report_approve` on an existing
report, rolled back each time so that it can run again, and the fingerprints of what it froze, written by the
database (`services.fingerprint`) beside the same hashes computed in Python (the reference of
lienhiep/reporting/tests/test_fingerprint.py), which must be equal.

    DATABASE_URL=postgres://…:54331/lienhiep_pages_bench .venv/bin/python bench/approval.py --report 2 [--reps 3]
    DATABASE_URL=postgres://…/lh_…_bench_roll .venv/bin/python bench/approval.py [--reps 3]   # the draft half-year
    DATABASE_URL=… .venv/bin/python bench/approval.py --report 1 --background   # the request, then the task's work

Prints wall and CPU time (this process: Python; the database's own time is the difference, on a quiet machine)
and the load average. Writes nothing: every approval is rolled back.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import tree  # noqa: E402, F401  (sets up Django)
from django.db import connection, transaction  # noqa: E402

from lienhiep.accounts.models import User  # noqa: E402
from lienhiep.reporting import services  # noqa: E402
from lienhiep.reporting.models import FigureValue, Report  # noqa: E402
from lienhiep.reporting.tests.test_fingerprint import python_fingerprint  # noqa: E402


class Rollback(Exception):
    pass


def clock() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--report", type=int, help="the report to approve (default: the first draft)")
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument(
        "--background",
        action="store_true",
        help="approve as the page does (`report_approve_request`), then run the task's work (`approval_run`) here",
    )
    args = parser.parse_args()
    if args.background:
        background(args)
        return
    report = (
        Report.objects.get(pk=args.report) if args.report else Report.objects.filter(status="draft").order_by("id")[0]
    )
    actor = User.objects.filter(is_superuser=True).order_by("id")[0]
    approvals, sql, python = [], [], []
    for _ in range(args.reps):
        try:
            with transaction.atomic():
                wall, cpu = clock()
                services.report_approve(actor=actor, report=Report.objects.get(pk=report.pk))
                approvals.append((time.perf_counter() - wall, time.process_time() - cpu))
                rows = list(FigureValue.objects.filter(report=report).order_by("id"))
                wall, cpu = clock()
                ours = [services.fingerprint(r.value, r.record_ids, r.records) for r in rows]
                sql.append((time.perf_counter() - wall, time.process_time() - cpu))
                wall, cpu = clock()
                theirs = [python_fingerprint(r.value, r.record_ids, r.records) for r in rows]
                python.append((time.perf_counter() - wall, time.process_time() - cpu))
                assert ours == theirs, "the database's fingerprints differ from Python's"
                # The hashes the approval just stored (its figures from the records) are the ones recomputed.
                stored = [(o, r.fingerprint) for o, r in zip(ours, rows, strict=True) if r.source == "records"]
                assert all(o == f for o, f in stored), "a stored hash is not reproduced"
                ids = sum(len(r.record_ids or []) for r in rows)
                raise Rollback
        except Rollback:
            pass
    print(f"{connection.vendor}, report {report.pk} ({report.org}, {report.kind}): {len(rows)} figures, {ids:,} ids")
    print(f"load average {' / '.join(f'{x:.2f}' for x in os.getloadavg())}\n")
    print("| step | n | wall p50 s | wall max s | CPU p50 s |")
    print("|---|---:|---:|---:|---:|")
    for label, runs in [
        ("approval (report_approve, rolled back)", approvals),
        ("its fingerprints, written by the database", sql),
        ("the same fingerprints, Python's isoformat + json.dumps", python),
    ]:
        walls, cpus = [w for w, _c in runs], [c for _w, c in runs]
        print(
            f"| {label} | {len(runs)} | {statistics.median(walls):.3f} | {max(walls):.3f} "
            f"| {statistics.median(cpus):.3f} |"
        )


def background(args: argparse.Namespace) -> None:
    """The request that approves (in the background when the unit holds more than REPORT_APPROVE_INLINE_UNITS
    units) and the task's work, each timed; rolled back."""
    from lienhiep.reporting.models import Rendering

    report = (
        Report.objects.get(pk=args.report) if args.report else Report.objects.filter(status="draft").order_by("id")[0]
    )
    actor = User.objects.filter(is_superuser=True).order_by("id")[0]
    requests, tasks, steps = [], [], 0
    for _ in range(args.reps):
        try:
            with transaction.atomic():
                wall, cpu = clock()
                job = services.report_approve_request(actor=actor, report=Report.objects.get(pk=report.pk))
                requests.append((time.perf_counter() - wall, time.process_time() - cpu))
                if job is not None:
                    wall, cpu = clock()
                    job = services.approval_run(rendering_id=job.pk)
                    tasks.append((time.perf_counter() - wall, time.process_time() - cpu))
                    job = Rendering.objects.get(pk=job.pk)
                    assert job.status == "done", job.message
                    steps = job.steps
                assert Report.objects.get(pk=report.pk).status == "approved"
                raise Rollback
        except Rollback:
            pass
    print(f"{connection.vendor}, report {report.pk} ({report.org}, {report.kind}): {steps} steps in the background")
    print(f"load average {' / '.join(f'{x:.2f}' for x in os.getloadavg())}\n")
    print("| step | n | wall p50 s | wall max s | CPU p50 s |")
    print("|---|---:|---:|---:|---:|")
    for label, runs in [("the request (report_approve_request)", requests), ("the task (approval_run)", tasks)]:
        if not runs:
            continue
        walls, cpus = [w for w, _c in runs], [c for _w, c in runs]
        print(
            f"| {label} | {len(runs)} | {statistics.median(walls):.3f} | {max(walls):.3f} "
            f"| {statistics.median(cpus):.3f} |"
        )


if __name__ == "__main__":
    main()
