from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from lienhiep.core.nav import NavItem


class GovernanceConfig(AppConfig):
    name = "lienhiep.governance"
    label = "governance"
    verbose_name = _("Governance")
    nav_items = (
        NavItem(_("Congresses and terms"), "governance:home", "bank", order=30),
        NavItem(_("Charter compliance"), "governance:compliance_home", "clipboard-check", order=31),
    )
    # Records a unit's end may not precede (orgs.services refuses to end a unit before them).
    records_dated_from = ("lienhiep.governance.selectors.records_dated_from",)
