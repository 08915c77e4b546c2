"""The finance page's figures, for the page, its print heading and its Excel file alike: plan against actual by
year, the budget lines and the spending of the last year, read by the same selectors (the page shows the latest
SPENDING_SHOWN spending lines, the file every one of the year)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from lienhiep.core import exports
from lienhiep.core.spreadsheets import NUMBER, ExportSheet, xlsx_bytes
from lienhiep.finance import selectors
from lienhiep.orgs.models import Org

SPENDING_SHOWN = 200


def figures(node: Org, first: int, last: int, *, spending_limit: int | None = SPENDING_SHOWN) -> dict[str, Any]:
    panel = selectors.overview_panel(node, start=dt.date(first, 1, 1), end=dt.date(last, 12, 31))
    rows = selectors.spending_in(node, start=dt.date(last, 1, 1), end=dt.date(last, 12, 31))
    rows = rows.select_related("org", "activity").order_by("-spent_on", "-id")
    spending = list(rows[:spending_limit] if spending_limit is not None else rows)
    budgets = list(selectors.budgets_in(node, year=last).select_related("org").order_by("org__name_sort", "source"))
    return {"years": panel["years"], "chart": panel["chart"], "spending": spending, "budgets": budgets}


def heading(node: Org, first: int, last: int) -> exports.Heading:
    return exports.Heading(str(_("Finance")), node.name, exports.years(first, last))


def workbook(node: Org, first: int, last: int) -> bytes:
    """Three sheets under the page's heading: plan against actual per year, the budget lines of the last year and
    its spending (every line)."""
    found = figures(node, first, last, spending_limit=None)
    money = [None, NUMBER, NUMBER, NUMBER, NUMBER]
    years = [[_("Year"), _("Planned"), _("Received"), _("Spent"), _("Raised in campaigns")]] + [
        [y.year, y.planned, y.actual, y.spent, y.raised] for y in found["years"]
    ]
    budgets = [[_("Unit"), _("Source"), _("Planned"), _("Received"), _("Notes")]] + [
        [b.org.name, b.get_source_display(), b.planned, b.actual, b.notes] for b in found["budgets"]
    ]
    spending = [[_("Date"), _("Purpose"), _("Activity"), _("Unit"), _("Amount (đồng)")]] + [
        [s.spent_on, s.purpose, s.activity.title if s.activity else "", s.org.name, s.amount] for s in found["spending"]
    ]
    return xlsx_bytes(
        years,
        title=_("Budget against spending"),
        widths=[10, 18, 18, 18, 20],
        heading=heading(node, first, last).lines(),
        formats=money,
        sheets=[
            ExportSheet(
                _("Budget lines of %(year)s") % {"year": last}, budgets, [40, 24, 18, 18, 40], [None, None, *money[1:4]]
            ),
            ExportSheet(
                _("Spending in %(year)s") % {"year": last}, spending, [12, 44, 40, 36, 18], [*[None] * 4, NUMBER]
            ),
        ],
    )
