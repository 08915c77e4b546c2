"""Reads over budgets and spending, for any subtree and years as the tree stood; money raised is counted
from the activities' figures (finance reads activities, never the other way)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet, Sum
from django.db.models.functions import ExtractYear

from lienhiep.activities import selectors as activity_selectors
from lienhiep.finance.models import Budget, Source, Spending
from lienhiep.orgs import figures
from lienhiep.orgs import selectors as org_selectors
from lienhiep.orgs.models import Org


def _int(value: Any) -> int:
    return int(value) if isinstance(value, int | Decimal) else 0


@dataclass
class YearFigures:
    year: int
    planned: int = 0
    actual: int = 0
    spent: int = 0
    raised: int = 0
    planned_by_source: dict[str, int] = field(default_factory=dict)
    actual_by_source: dict[str, int] = field(default_factory=dict)

    @property
    def balance(self) -> int:
        return self.actual - self.spent


def budgets_in(node: Org | int, *, year: int) -> QuerySet[Budget]:
    return Budget.objects.filter(org_selectors.held_in_years(node, first_year=year, last_year=year))


def spending_in(node: Org | int, *, start: dt.date, end: dt.date) -> QuerySet[Spending]:
    return Spending.objects.filter(org_selectors.stood_under(node, start=start, end=end, date_field="spent_on"))


def budget_pieces(node: Org | int, *, start: dt.date, end: dt.date) -> figures.Pieces:
    """Each year's budgets planned and received by source, remembered (`orgs.figures`)."""

    def compute(first: dt.date, last: dt.date) -> dict[dt.date, figures.Data]:
        held = org_selectors.held_in_years(node, first_year=first.year, last_year=last.year)
        out: dict[dt.date, figures.Data] = defaultdict(lambda: {"p": {}, "a": {}})
        for year, source, planned, actual in (
            Budget.objects.filter(held)
            .values_list("year", "source")
            .annotate(p=Sum("planned"), a=Sum("actual"))
            .order_by()
        ):
            out[dt.date(year, 1, 1)]["p"][source] = _int(planned)
            out[dt.date(year, 1, 1)]["a"][source] = _int(actual)
        return out

    return figures.pieced(node, source="budgets", start=start, end=end, compute=compute)


def spending_pieces(node: Org | int, *, start: dt.date, end: dt.date) -> figures.Pieces:
    """Each year's spending, remembered (`orgs.figures`)."""

    def compute(first: dt.date, last: dt.date) -> dict[dt.date, figures.Data]:
        spent = spending_in(node, start=first, end=last).annotate(y=ExtractYear("spent_on"))
        return {
            max(dt.date(y, 1, 1), first): {"spent": _int(amount)}
            for y, amount in spent.values_list("y").annotate(s=Sum("amount")).order_by()
        }

    return figures.pieced(node, source="spending", start=start, end=end, compute=compute)


def plan_vs_actual(node: Org | int, *, first_year: int, last_year: int) -> list[YearFigures]:
    """Per year: the budget planned and received (by source), spent, and raised in campaigns — each year's
    figures remembered by `orgs.figures` (budgets, spending) or by the activities' months (raised)."""
    start, end = dt.date(first_year, 1, 1), dt.date(last_year, 12, 31)
    years = {year: YearFigures(year=year) for year in range(first_year, last_year + 1)}
    for first, _last, data in budget_pieces(node, start=start, end=end):
        years[first.year].planned_by_source = dict(sorted(data.get("p", {}).items()))
        years[first.year].actual_by_source = dict(sorted(data.get("a", {}).items()))
    for first, _last, data in spending_pieces(node, start=start, end=end):
        years[first.year].spent = data.get("spent", 0)
    for year, raised in activity_selectors.money_raised_by_year(
        node, first_year=first_year, last_year=last_year
    ).items():
        years[year].raised = raised
    for figures_of_year in years.values():
        figures_of_year.planned = sum(figures_of_year.planned_by_source.values())
        figures_of_year.actual = sum(figures_of_year.actual_by_source.values())
    return list(years.values())


SOURCE_LABELS = dict(Source.choices)


def overview_panel(node: Org | int, *, start: dt.date, end: dt.date) -> dict[str, Any]:
    """The node overview's panel: budget planned and received against spending, per year."""
    from django.utils.translation import gettext as _

    years = plan_vs_actual(node, first_year=start.year, last_year=end.year)
    return {
        "years": years,
        "chart": {
            "budget": {
                "title": _("Budget against spending"),
                "axis": _("Year"),
                "labels": [str(y.year) for y in years],
                "datasets": [
                    {"label": _("Planned"), "values": [y.planned for y in years], "color": "#adb5bd"},
                    {"label": _("Received"), "values": [y.actual for y in years], "color": "#0d6efd"},
                    {"label": _("Spent"), "values": [y.spent for y in years], "color": "#dc3545"},
                    {"label": _("Raised in campaigns"), "values": [y.raised for y in years], "color": "#198754"},
                ],
            }
        },
    }


def held_record_counts(*, org_ids: list[int]) -> list[tuple[str, int]]:
    """How many budget and spending lines units `org_ids` hold, all years: what goes with a unit that moves (the
    move's preview)."""
    return [
        (str(Budget._meta.verbose_name_plural), Budget.objects.filter(org_id__in=org_ids).count()),
        (str(Spending._meta.verbose_name_plural), Spending.objects.filter(org_id__in=org_ids).count()),
    ]


def records_dated_from(*, org_id: int, on: dt.date) -> list[QuerySet[Any]]:
    """How many spending lines of unit `org_id` are dated `on` or later, and budget lines of a later year: what its
    end on `on` would leave outside its life (declared as `records_dated_from` on the AppConfig, read by
    `orgs.services` before a unit ends)."""
    return [
        Budget.objects.filter(org_id=org_id, year__gt=on.year),
        Spending.objects.filter(org_id=org_id, spent_on__gte=on),
    ]
