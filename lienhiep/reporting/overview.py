"""The node overview: its figures, for the page, its print heading and its Excel file alike.

Its cards and its table of figures are figures of the registry (`registry.figures_only`: no records listed, each
selector read once); its charts are series read from the same selectors (activities by month and kind,
initiatives by level, honours by year and issuer, budget against spending). The sheets are written from the very
dict the page renders, so the two cannot disagree."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from lienhiep.activities import selectors as activities
from lienhiep.activities.models import ActivityKind, InitiativeLevel
from lienhiep.awards import selectors as awards
from lienhiep.core import exports
from lienhiep.core.spreadsheets import NUMBER, ExportSheet, xlsx_bytes
from lienhiep.finance import selectors as finance
from lienhiep.orgs.models import Org, OrgKind
from lienhiep.reporting import registry
from lienhiep.reporting.figures import activities as activity_figures

PALETTE = ["#0d6efd", "#198754", "#fd7e14", "#6f42c1", "#dc3545", "#20c997", "#ffc107", "#0dcaf0", "#6c757d",
           "#d63384"]  # fmt: skip
SUMS = ("participants", "copies", "gifts", "gifts_value", "scholarships", "persons_advised")


def period(on: dt.date) -> tuple[dt.date, dt.date]:
    """The overview's default period: the last five whole years and this one, to `on`."""
    return dt.date(on.year - 5, 1, 1), on


def _value(key: str, node: Org, start: dt.date, end: dt.date, **params: Any) -> Any:
    return registry.compute(key, node, start=start, end=end, as_of=end, params=params).value


def figures(node: Org, start: dt.date, end: dt.date) -> dict[str, Any]:
    with registry.figures_only():
        # Initiatives count by the years the period touches, as yearly records do.
        first, last = dt.date(start.year, 1, 1), dt.date(end.year, 12, 31)
        count = _value("initiatives.count", node, first, last)
        applied = _value("initiatives.count", node, first, last, applied="yes")
        cards = {
            "activities": _value("activities.count", node, start, end),
            "people_reached": _value("activities.sum", node, start, end, figure="people_reached"),
            "money_raised": _value("activities.sum", node, start, end, figure="money_raised"),
            "initiatives": count,
            "initiatives_applied": applied,
            "applied_share": round(100 * applied / count, 1) if count else None,
        }
        sums = {name: _value("activities.sum", node, start, end, figure=name) for name in SUMS}
        # Study tours alone: from the remembered months, which keep their sums by kind (a read of its own before).
        sums["study_tour_participants"] = _value(
            "activities.sum", node, start, end, figure="participants", kind=ActivityKind.STUDY_TOUR
        )
        # The plans ahead of the period's end (this year's second half, say), and what was given and advised on.
        planned = _value("activities.planned", node, end + dt.timedelta(days=1), dt.date(end.year + 1, 12, 31))
        legal = _value("activities.legal_advice", node, start, end)
        charity = _value("activities.charity", node, start, end)
        by_kind = [(ActivityKind(k).label, _value("activities.count", node, start, end, kind=k)) for k in ActivityKind]
        levels = [
            (InitiativeLevel(k).label, _value("initiatives.count", node, first, last, level=k)) for k in InitiativeLevel
        ]
        # The charts' series, from the same reads.
        totals, by_month = activity_figures.by_month(node, start, end)
        initiatives = activity_figures.initiatives_totals(node, first.year, last.year)
        honours = awards.overview_panel(node, start=start, end=end)
        budget = finance.overview_panel(node, start=start, end=end)
    months = activities.months(start, end)
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
            "labels": [str(label) for label, _n in levels],
            "values": [n for _label, n in levels],
        },
        **honours.pop("chart"),
        **budget.pop("chart"),
    }
    return {
        "cards": cards,
        "sums": sums,
        "by_kind": [(label, n) for label, n in by_kind if n],
        "levels": levels,
        "planned": planned,
        "legal": legal,
        "charity": charity,
        "chart": chart,
        "honours": honours,
        "budget": budget,
        # The selectors' totals the cards were taken from (the registry read them once).
        "totals": totals,
        "initiatives": initiatives,
    }


def heading(node: Org, start: dt.date, end: dt.date) -> exports.Heading:
    return exports.Heading(str(_("Overview")), node.name, exports.period(start, end))


def workbook(node: Org, start: dt.date, end: dt.date, found: dict[str, Any]) -> bytes:
    """The page's figures (`found`: `figures(node, start, end)`): a summary sheet with the cards and the table of
    figures, then one sheet per chart (its title, its figures), each under the page's heading."""
    cards, sums = found["cards"], found["sums"]
    share = cards["applied_share"]
    summary: list[list[object]] = [
        [_("Indicator"), _("Figure")],
        [_("Activities"), cards["activities"]],
        [_("People reached"), cards["people_reached"]],
        [_("Money raised in campaigns (đồng)"), cards["money_raised"]],
        [_("Initiatives recognised"), cards["initiatives"]],
        [_("Initiatives applied"), cards["initiatives_applied"]],
        [_("Share of initiatives applied (%)"), share],
        *[[str(label), n] for label, n in found["by_kind"]],
        [_("Participants"), sums["participants"]],
        [_("Copies printed"), sums["copies"]],
        [_("Gifts"), sums["gifts"]],
        [_("Value of gifts (đồng)"), sums["gifts_value"]],
        [_("Scholarships"), sums["scholarships"]],
        [_("Persons advised"), sums["persons_advised"]],
        [_("Study tour participants (person-times)"), sums["study_tour_participants"]],
        [_("Activities planned ahead"), len(found["planned"])],
        *[[_("Legal advice: %(area)s (persons advised)") % {"area": row["area"]}, row["persons_advised"]]
          for row in found["legal"]],
        *[[_("Charity: %(cause)s (đồng raised)") % {"cause": row["theme"]}, row["money_raised"]]
          for row in found["charity"]],
    ]  # fmt: skip
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


def warm(*, on: dt.date) -> int:
    """Compute ahead the overview of the country and of each province and district over the default period, so
    that their pieces are remembered (`orgs.figures`) before the first reader of the day. Returns the number of
    nodes."""
    start, end = period(on)
    unions = Org.objects.filter(
        kind__in=(OrgKind.NATIONAL, OrgKind.PROVINCIAL, OrgKind.DISTRICT), founded_on__lte=on
    ).exclude(ended_on__lte=on)
    done = 0
    for node in unions.order_by("kind", "pk").iterator():
        figures(node, start, end)
        done += 1
    return done
