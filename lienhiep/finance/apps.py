from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from lienhiep.core.nav import NavItem
from lienhiep.core.overview import OverviewPanel


class FinanceConfig(AppConfig):
    name = "lienhiep.finance"
    label = "finance"
    verbose_name = _("Finance")
    nav_items = (NavItem(_("Finance"), "finance:overview", "cash-coin", order=50),)
    overview_panels = (OverviewPanel("finance/_overview_panel.html", "lienhiep.finance.selectors.overview_panel", 50),)

    def ready(self) -> None:
        import datetime as dt

        from lienhiep.finance.models import Budget, Spending
        from lienhiep.orgs import figures

        figures.watch(Budget, source="budgets", day=lambda budget: dt.date(budget.year, 1, 1))
        figures.watch(Spending, source="spending", day=lambda spending: spending.spent_on)
