"""Reads over budgets and spending, for any subtree and years as the tree stood; money raised is counted
from the activities' figures (finance reads activities, never the other way)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet, Sum

from lienhiep.activities import selectors as activity_selectors
from lienhiep.finance.models import Budget, Source, Spending
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
    return Budget.objects.filter(year=year, org_id__in=org_selectors.subtree_ids_in_year(node, year=year))


def spending_in(node: Org | int, *, start: dt.date, end: dt.date) -> QuerySet[Spending]:
    return Spending.objects.filter(org_selectors.in_subtree_during(node, start=start, end=end, date_field="spent_on"))


def plan_vs_actual(node: Org | int, *, first_year: int, last_year: int) -> list[YearFigures]:
    """Per year: the budget planned and received (by source), spent, and raised in campaigns."""
    out = []
    for year in range(first_year, last_year + 1):
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        figures = YearFigures(year=year)
        for source, planned, actual in (
            budgets_in(node, year=year)
            .values_list("source")
            .annotate(p=Sum("planned"), a=Sum("actual"))
            .order_by("source")
        ):
            figures.planned_by_source[source] = _int(planned)
            figures.actual_by_source[source] = _int(actual)
        figures.planned = sum(figures.planned_by_source.values())
        figures.actual = sum(figures.actual_by_source.values())
        figures.spent = _int(spending_in(node, start=start, end=end).aggregate(s=Sum("amount"))["s"])
        raised = activity_selectors.activities_in(node, start=start, end=end).aggregate(s=Sum("money_raised"))["s"]
        figures.raised = _int(raised)
        out.append(figures)
    return out


SOURCE_LABELS = dict(Source.choices)


def overview_panel(node: Org | int, *, start: dt.date, end: dt.date) -> dict[str, Any]:
    """The node overview's panel: budget planned and received against spending, per year."""
    from django.utils.translation import gettext as _

    years = plan_vs_actual(node, first_year=start.year, last_year=end.year)
    return {
        "years": years,
        "chart": {
            "budget": {
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
