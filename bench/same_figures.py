"""What a change that should change no figure changed: run in two trees on two copies of one demo database, then
`diff -r` the two folders (session 18, dup14: the figure modules' declarations made one line each).

    cp var/lienhiep.sqlite3 /tmp/a.sqlite3 && cp var/lienhiep.sqlite3 /tmp/b.sqlite3   # the demo, migrated
    cd <base> && DEBUG=1 SECRET_KEY=… DATABASE_URL=sqlite:////tmp/a.sqlite3 python <this>/bench/same_figures.py /tmp/a
    cd <this> && DEBUG=1 SECRET_KEY=… DATABASE_URL=sqlite:////tmp/b.sqlite3 python bench/same_figures.py /tmp/b
    diff -r /tmp/a /tmp/b

Writes three files, each a line per figure:
- `specs.txt`: every figure of the registry, its spec whole (labels and choices in Vietnamese), by key;
- `reports.txt`: every report of the demo, every figure it prints computed now (`reporting.selectors.compute`: from
  the records or from its campaign), with its records named, within `registry.figures_only` and within
  `registry.sharing`: value, basis, records, record ids, rows in all, notes, or the refusal;
- `grid.txt`: every figure of the registry for the demo's unions, two associations and a branch, over the demo's
  term and a half year, without parameters and with each choice of each parameter, computed alone and grouped
  (`registry.compute_each`).
Run from the tree to measure (its code is imported)."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.exceptions import ValidationError  # noqa: E402
from django.utils import translation  # noqa: E402

from lienhiep.orgs.models import Org, OrgKind  # noqa: E402
from lienhiep.reporting import registry, selectors  # noqa: E402
from lienhiep.reporting.models import Report  # noqa: E402

D = dt.date
PERIODS = (  # the demo's term and a half year
    {"start": D(2018, 6, 15), "end": D(2023, 12, 31), "as_of": D(2023, 12, 31)},
    {"start": D(2024, 1, 1), "end": D(2024, 6, 30), "as_of": D(2024, 6, 30)},
)


def said(value: Any) -> str:
    return json.dumps(value, default=repr, ensure_ascii=False, sort_keys=True)


def result(function: Any, *args: Any, **kwargs: Any) -> str:
    try:
        found = function(*args, **kwargs)
    except ValidationError as error:
        return "refused: " + " ".join(error.messages)
    return said([found.value, found.basis, found.records, found.record_ids, found.rows_total, list(found.notes)])


def spec_line(spec: registry.FigureSpec) -> str:
    params = {name: None if choices is None else [(v, str(label)) for v, label in choices]
              for name, choices in spec.params.items()}  # fmt: skip
    return said(
        [spec.key, str(spec.label), spec.value_type, spec.period, spec.compute, spec.compute_many, params,
         str(spec.unit), spec.records, list(spec.row_fields), spec.dated]
    )  # fmt: skip


def variants(spec: registry.FigureSpec) -> list[dict[str, Any]]:
    """No parameter, then each choice of each parameter alone."""
    out: list[dict[str, Any]] = [{}]
    for name, choices in spec.params.items():
        out += [{name: value} for value, _label in choices or ()]
    return out


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    started = time.process_time()
    specs = registry.specs()
    with translation.override("vi"):
        (out / "specs.txt").write_text("".join(spec_line(specs[key]) + "\n" for key in sorted(specs)))
    lines = []
    for report in Report.objects.order_by("pk"):
        for token in selectors.report_tokens(report):
            name = f"report {report.pk} {token.key} {said(token.params_dict)} campaign={token.campaign}"
            lines.append(f"{name} alone {result(selectors.compute, report, token)}")
            with registry.figures_only():
                lines.append(f"{name} only {result(selectors.compute, report, token)}")
            with registry.sharing():
                lines.append(f"{name} sharing {result(selectors.compute, report, token)}")
    (out / "reports.txt").write_text("\n".join(lines) + "\n")
    # The unions (national, provincial, the town), and the first two associations and the first branch.
    unions = list(Org.objects.filter(kind__in=(OrgKind.NATIONAL, OrgKind.PROVINCIAL, OrgKind.DISTRICT)).order_by("pk"))
    nodes = [
        *unions,
        *Org.objects.filter(kind=OrgKind.ASSOCIATION).order_by("pk")[:2],
        *Org.objects.filter(kind=OrgKind.BRANCH).order_by("pk")[:1],
    ]
    lines = []
    for key in sorted(specs):
        for params in variants(specs[key]):
            for period in PERIODS:
                name = f"{key} {said(params)} {period['start']}–{period['end']}"
                for node in nodes:
                    lines.append(f"{name} {node.pk} {result(registry.compute, key, node, params=params, **period)}")
                try:
                    each = registry.compute_each(key, nodes, params=params, **period)
                except ValidationError as error:
                    lines.append(f"{name} each refused: {' '.join(error.messages)}")
                    continue
                for pk in sorted(each):
                    found = each[pk]
                    lines.append(f"{name} each {pk} {said([found.value, found.basis, found.record_ids])}")
    (out / "grid.txt").write_text("\n".join(lines) + "\n")
    print(f"{len(specs)} figures, {len(nodes)} units; {time.process_time() - started:.1f} s of CPU")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
