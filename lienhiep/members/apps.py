from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from lienhiep.core.nav import NavItem


class MembersConfig(AppConfig):
    name = "lienhiep.members"
    label = "members"
    verbose_name = _("Members")
    nav_items = (
        NavItem(_("Members"), "members:list", "people", order=20),
        NavItem(_("Collective members"), "members:collective", "building", order=21),
        NavItem(_("Member statistics"), "members:stats", "bar-chart", order=22),
    )

    def ready(self) -> None:
        from lienhiep.members import counts  # noqa: F401 - connects the receivers that forget counts
