from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from lienhiep.core.figures import FigureSource, Reads
from lienhiep.core.nav import NavItem

# A union's member count on a date (memberships, and persons counted once) is remembered per day by orgs.figures;
# a membership changes every count from its earliest date on.
MEMBERSHIPS = Reads(
    "members.Membership",
    org="org",
    dates=("joined_on", "left_on"),
    since=True,
    ignore=("leave_reason", "card_number", "batch"),
)


class MembersConfig(AppConfig):
    name = "lienhiep.members"
    label = "members"
    verbose_name = _("Members")
    nav_items = (
        NavItem(_("Members"), "members:list", "people", order=20),
        NavItem(_("Collective members"), "members:collective", "building", order=21),
        NavItem(_("Member statistics"), "members:stats", "bar-chart", order=22),
    )
    # Run by orgs.tasks.figures_warm after a change to the tree (the database forgot the counts from its date on).
    figure_warmers = ("lienhiep.members.selectors.member_counts_warm",)
    figure_sources = (
        FigureSource("members", "day", (MEMBERSHIPS,), "lienhiep.members.selectors.member_count_pieces"),
        FigureSource("members.persons", "day", (MEMBERSHIPS,), "lienhiep.members.selectors.person_count_pieces"),
    )
