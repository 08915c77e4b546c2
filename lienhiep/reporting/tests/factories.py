"""A small template of the tests' own (tests/data/mini-term.json) and the reports built on it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from lienhiep.orgs.models import Org, OrgKind
from lienhiep.reporting import schema, services
from lienhiep.reporting.models import Report, ReportTemplate

DATA = Path(__file__).resolve().parent / "data"
D = dt.date
TEST_A_CUT_OFF = D(2023, 12, 31)


def mini_structure() -> dict[str, Any]:
    return json.loads((DATA / "mini-term.json").read_text(encoding="utf-8"))


def mini_template(**changes: Any) -> ReportTemplate:
    """The tests' term template as a shipped one (no unit), loaded through the loader."""
    structure = schema.check_template({**mini_structure(), **changes})
    template, _created = ReportTemplate.objects.update_or_create(
        org=None,
        key=structure["key"],
        version=structure["version"],
        defaults={
            "kind": structure["kind"],
            "name": structure["name"],
            "style": structure["style"],
            "structure": structure,
        },
    )
    return template


def hong_linh() -> Org:
    return Org.objects.get(kind=OrgKind.DISTRICT, name__contains="Hồng Lĩnh")


def term_report(actor: Any, *, as_of: dt.date = TEST_A_CUT_OFF, **changes: Any) -> Report:
    """Seed 000's term report of the demo's Hồng Lĩnh town union on the tests' template (test A's period)."""
    return services.report_create(
        actor=actor,
        org=hong_linh(),
        kind="term",
        template=mini_template(**changes),
        period_start=D(2018, 6, 15),
        period_end=as_of,
        as_of=as_of,
    )
