"""Congress targets measured through the figure registry (decision 0008).

A target names what measures it (`governance.models.TargetMeasure`); governance cuts the term into the target's
windows and compares each value with the target (`governance.selectors.target_progress`); the value of a window
is a figure of the registry, or the sum of a few, named here. Yearly figures count the window's whole years, as
a target of a year does."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from lienhiep.governance import selectors as governance
from lienhiep.governance.models import Congress, TargetMeasure
from lienhiep.orgs.models import Org
from lienhiep.reporting import registry

ONE_DAY = dt.timedelta(days=1)

# measure -> the figures added up for it: (key, params, how the window becomes the figure's period).
Window = Callable[[dt.date, dt.date], tuple[dt.date, dt.date]]


def _same(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    return start, end


def _whole_years(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    return dt.date(start.year, 1, 1), dt.date(end.year, 12, 31)


def _from_the_day_before(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    # The net change over a window: the members on its last day less those on the day before it began.
    return start - ONE_DAY, end


FIGURES: dict[str, list[tuple[str, dict[str, Any], Window]]] = {
    TargetMeasure.MEMBERS: [("members.count", {}, _same)],
    TargetMeasure.MEMBERS_NET_NEW: [("members.change", {}, _from_the_day_before)],
    TargetMeasure.INTELLECTUAL_SHARE: [("members.intellectual_share", {}, _same)],
    TargetMeasure.RESTRUCTURED_ON_TIME: [("governance.restructurings.on_time_share", {}, _same)],
    TargetMeasure.INITIATIVES_APPLIED_SHARE: [("initiatives.applied_share", {}, _whole_years)],
    TargetMeasure.INITIATIVES_PROVINCE_LEVEL: [
        ("initiatives.count", {"level": "province"}, _whole_years),
        ("initiatives.count", {"level": "national"}, _whole_years),
    ],
    TargetMeasure.VUSTA_CERTIFICATES: [
        ("honours.count", {"issuer": "vusta", "form": "bang_khen", "to": "self"}, _same)
    ],
    # "ít nhất 01 hội viên được đề nghị tặng Bằng lao động sáng tạo": members whose nomination went out in the window.
    TargetMeasure.CREATIVE_LABOUR_NOMINATIONS: [("nominations.members", {"form": "lao_dong_sang_tao"}, _same)],
}


def measure(key: str) -> governance.Measure:
    """The function measuring a target of `key` over a window [start, end] (the window's last day is the cut-off)."""
    parts = FIGURES[key]

    def compute(node: Org, start: dt.date, end: dt.date) -> Decimal | None:
        total = Decimal(0)
        for figure, params, window in parts:
            first, last = window(start, end)
            value = registry.compute(figure, node, start=first, end=last, as_of=end, params=params).value
            if value is None:
                return None
            total += Decimal(str(value))
        return total

    return compute


def progress(
    congress: Congress, *, on: dt.date | None = None, years: set[int] | None = None
) -> list[governance.TargetProgress]:
    """Every target of `congress` with its value for each window of the term by `on`; with `years`, a yearly window
    of another year is not measured (its value None)."""

    def measured(key: str) -> governance.Measure:
        compute = measure(key)
        if years is None:
            return compute
        return lambda node, start, end: (
            compute(node, start, end) if start.year != end.year or start.year in years else None
        )

    with registry.figures_only():
        return [
            governance.target_progress(target, on=on, measure=measured(target.measure) if target.measure else None)
            for target in congress.targets.prefetch_related("values")
        ]
