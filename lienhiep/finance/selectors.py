"""Reads over budgets and spending, for any subtree and years as the tree stood; money raised is counted
from the activities' figures (finance reads activities, never the other way)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet, Sum
from django.db.models.functions import ExtractYear

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
    # As the tree stood on each spending date (activities' `stood_under`: one join, no id lists).
    return Spending.objects.filter(activity_selectors.stood_under(node, start=start, end=end, date_field="spent_on"))


def plan_vs_actual(node: Org | int, *, first_year: int, last_year: int) -> list[YearFigures]:
    """Per year: the budget planned and received (by source), spent, and raised in campaigns."""
    years = {year: YearFigures(year=year) for year in range(first_year, last_year + 1)}
    # Three queries whatever the number of years: budgets (each year's subtree), spending, money raised.
    # Budgets as activities' `held_in_years` reads initiatives: from the node's units through the (org, year) index.
    budgets = activity_selectors.held_in_years(node, first_year=first_year, last_year=last_year)
    for year, source, planned, actual in (
        Budget.objects.filter(budgets)
        .values_list("year", "source")
        .annotate(p=Sum("planned"), a=Sum("actual"))
        .order_by()
    ):
        years[year].planned_by_source[source] = _int(planned)
        years[year].actual_by_source[source] = _int(actual)
    start, end = dt.date(first_year, 1, 1), dt.date(last_year, 12, 31)
    spent = spending_in(node, start=start, end=end).annotate(y=ExtractYear("spent_on"))
    for year, amount in spent.values_list("y").annotate(s=Sum("amount")).order_by():
        years[year].spent = _int(amount)
    raised = activity_selectors.activities_in(node, start=start, end=end).annotate(y=ExtractYear("start_date"))
    for year, amount in raised.values_list("y").annotate(s=Sum("money_raised")).order_by():
        years[year].raised = _int(amount)
    for figures in years.values():
        figures.planned_by_source = dict(sorted(figures.planned_by_source.items()))
        figures.actual_by_source = dict(sorted(figures.actual_by_source.items()))
        figures.planned = sum(figures.planned_by_source.values())
        figures.actual = sum(figures.actual_by_source.values())
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
