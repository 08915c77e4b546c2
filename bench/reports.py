"""Benchmark a report's generation (REPORTING.md §5.9 G): the annual report of the national union and of a province
on the pages benchmark's data (bench/pages.py: 20,000 units, 1,000,000 members, 1,000,000 activities and their
initiatives, honours, budgets), from nothing remembered and from remembered figures.

    DATABASE_URL=postgres://…/lienhiep_pages_bench .venv/bin/python bench/reports.py [--reps 3]

Generation is what the report's page and its issue do: every figure of the document computed (`selectors.document`,
through the registry: no records named, each list read up to the rows it prints) and the Word file written
(`output.render_docx`). The Excel annex is timed beside it: the document with every list whole
(`whole_lists=True`, as the background rendering builds it) and the workbook.
Writes nothing but the throwaway database (a draft report per node, left for the next run).
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import tree  # noqa: E402, F401  (sets up Django)
from django.db import connection  # noqa: E402

from lienhiep.accounts.models import User  # noqa: E402
from lienhiep.orgs.models import NightlyFigure, Org, OrgKind, RememberedFigure  # noqa: E402
from lienhiep.reporting import output, selectors, services  # noqa: E402
from lienhiep.reporting.models import Report, ReportTemplate  # noqa: E402

D = dt.date


def report_for(node: Org, actor: User) -> Report:
    found = Report.objects.filter(org=node, kind="annual", period_start=D(2025, 1, 1)).first()
    if found:
        return found
    template = ReportTemplate.objects.filter(org=None, kind="annual").order_by("-version").first()
    assert template is not None, "no shipped annual template: run migrate"
    return services.report_create(
        actor=actor, org=node, kind="annual", template=template, period_start=D(2025, 1, 1),
        period_end=D(2025, 12, 31), as_of=D(2025, 12, 31),
    )  # fmt: skip


def generate(report: Report) -> tuple[float, float, float, float, int]:
    start = time.perf_counter()
    document = selectors.document(report)
    figures = time.perf_counter()
    output.render_docx(document)
    word = time.perf_counter()
    whole = selectors.document(report, whole_lists=True)
    lists = time.perf_counter()
    output.render_annex(whole)
    annex = time.perf_counter()
    return figures - start, word - figures, lists - word, annex - lists, len(document.figures)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--only", choices=("national", "province"), default="")
    args = parser.parse_args()
    services.templates_sync()
    actor = User.objects.get(username="bench.admin")
    national = Org.objects.get(kind=OrgKind.NATIONAL)
    province = Org.objects.filter(kind=OrgKind.PROVINCIAL, ended_on__isnull=True).order_by("pk")[3]
    print(f"{connection.vendor}; national {national.pk}, province {province.pk} ({province.name})", file=sys.stderr)
    print(
        "| report | state | n | figures | figures s (p50 / max) | .docx s | generated s (p50 / max) "
        "| whole lists s | .xlsx s |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    nodes = (("national", "national union, annual 2025", national), ("province", "province, annual 2025", province))
    for _name, label, node in (item for item in nodes if args.only in ("", item[0])):
        report = report_for(node, actor)
        for state in ("nothing remembered", "remembered"):
            runs = []
            for _ in range(args.reps):
                if state == "nothing remembered":
                    RememberedFigure.objects.all().delete()
                    NightlyFigure.objects.all().delete()
                runs.append(generate(report))
            figs = [r[0] for r in runs]
            generated = [r[0] + r[1] for r in runs]
            print(
                f"| {label} | {state} | {len(runs)} | {runs[0][4]} | {statistics.median(figs):.2f} / {max(figs):.2f} "
                f"| {statistics.median(r[1] for r in runs):.2f} "
                f"| {statistics.median(generated):.2f} / {max(generated):.2f} "
                f"| {statistics.median(r[2] for r in runs):.2f} | {statistics.median(r[3] for r in runs):.2f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
