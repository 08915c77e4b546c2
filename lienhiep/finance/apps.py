from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from lienhiep.core.figures import FigureSource, Reads
from lienhiep.core.nav import NavItem


class FinanceConfig(AppConfig):
    name = "lienhiep.finance"
    label = "finance"
    verbose_name = _("Finance")
    nav_items = (NavItem(_("Finance"), "finance:overview", "cash-coin", order=50),)
    figure_sources = (
        FigureSource(
            "budgets",
            "year",
            (Reads("finance.Budget", org="org", years=("year",), ignore=("notes",)),),
            "lienhiep.finance.selectors.budget_pieces",
        ),
        FigureSource(
            "spending",
            "year",
            (
                Reads(
                    "finance.Spending",
                    org="org",
                    dates=("spent_on",),
                    ignore=("purpose", "source", "activity", "created_by"),
                ),
            ),
            "lienhiep.finance.selectors.spending_pieces",
        ),
    )
    # What goes with a unit that moves, counted for the move's preview (orgs.views.held_records).
    held_records = ("lienhiep.finance.selectors.held_record_counts",)
    # Records a unit's end may not precede (orgs.services refuses to end a unit before them).
    records_dated_from = ("lienhiep.finance.selectors.records_dated_from",)
