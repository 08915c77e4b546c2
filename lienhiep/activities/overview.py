"""The node overview's figures, for the page, its print heading and its Excel file alike: the sheets are written
from the very dict the page renders (the panels of awards and finance included, through their charts), so the
two cannot disagree."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from lienhiep.activities import selectors
from lienhiep.activities.models import ActivityKind, InitiativeLevel
from lienhiep.core import exports
from lienhiep.core.spreadsheets import NUMBER, ExportSheet, xlsx_bytes
from lienhiep.orgs.models import Org

PALETTE = ["#0d6efd", "#198754", "#fd7e14", "#6f42c1", "#dc3545", "#20c997", "#ffc107", "#0dcaf0", "#6c757d",
           "#d63384"]  # fmt: skip


def figures(node: Org, start: dt.date, end: dt.date) -> dict[str, Any]:
    overview = selectors.overview_figures(node, start=start, end=end)
    totals, by_month, initiatives = overview.totals, overview.by_month, overview.initiatives
    months = selectors.months(start, end)
    kinds = [k for k in ActivityKind.values if totals.by_kind.get(k)]
    chart: dict[str, Any] = {
        "by_month": {
            "title": _("Activities by month and kind"),
            "axis": _("Month"),
            "labels": [f"{m:02d}/{y}" for y, m in months],
            "datasets": [
                {
                    "label": str(ActivityKind(k).label),
                    "values": [by_month.get(ym, {}).get(k, 0) for ym in months],
                    "color": PALETTE[i % len(PALETTE)],
                }
                for i, k in enumerate(ActivityKind.values)
                if k in kinds
            ],
        },  # fmt: skip
        "by_level": {
            "title": _("Initiatives by level"),
            "axis": _("Level"),
            "labels": [str(InitiativeLevel(k).label) for k in initiatives.by_level],
            "values": list(initiatives.by_level.values()),
        },
    }
    for _template, panel_context in overview.panels:
        chart.update(panel_context.pop("chart", {}))
    return {
        "totals": totals,
        "by_kind": [(ActivityKind(k).label, totals.by_kind[k]) for k in kinds],
        "initiatives": initiatives,
        "levels": [(InitiativeLevel(k).label, n) for k, n in initiatives.by_level.items()],
        "chart": chart,
        "panels": overview.panels,
    }


def heading(node: Org, start: dt.date, end: dt.date) -> exports.Heading:
    return exports.Heading(str(_("Overview")), node.name, exports.period(start, end))


def workbook(node: Org, start: dt.date, end: dt.date, found: dict[str, Any]) -> bytes:
    """The page's figures (`found`: `figures(node, start, end)`): a summary sheet with the cards and the table of
    figures, then one sheet per chart (its title, its figures), each under the page's heading."""
    totals, initiatives = found["totals"], found["initiatives"]
    summary: list[list[object]] = [
        [_("Indicator"), _("Figure")],
        [_("Activities"), totals.count],
        [_("People reached"), totals.people_reached],
        [_("Money raised in campaigns (đồng)"), totals.money_raised],
        [_("Initiatives recognised"), initiatives.count],
        [_("Initiatives applied"), initiatives.applied],
        [_("Share of initiatives applied (%)"), initiatives.applied_share],
        *[[str(label), n] for label, n in found["by_kind"]],
        [_("Participants"), totals.participants],
        [_("Copies printed"), totals.sums.get("copies")],
        [_("Gifts"), totals.sums.get("gifts")],
        [_("Value of gifts (đồng)"), totals.sums.get("gifts_value")],
        [_("Scholarships"), totals.sums.get("scholarships")],
        [_("Persons advised"), totals.sums.get("persons_advised")],
    ]
    sheets = []
    for data in found["chart"].values():
        rows = exports.chart_rows(data, label=str(data.get("axis", "")), value=_("Number"))
        sheets.append(
            ExportSheet(str(data.get("title", "")), rows, [16, *[14] * (len(rows[0]) - 1)], [None] + [NUMBER] * 12)
        )
    return xlsx_bytes(
        summary,
        title=_("Summary"),
        widths=[40, 18],
        heading=heading(node, start, end).lines(),
        formats=[None, NUMBER],
        sheets=sheets,
    )
