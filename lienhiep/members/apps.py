from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from lienhiep.core.exports import ExportSource
from lienhiep.core.figures import FigureSource, Reads
from lienhiep.core.nav import NavItem
from lienhiep.core.reminders import ReminderSource

# A union's member count on a date (memberships, and persons counted once) is remembered per day by orgs.figures;
# a membership changes every count from its earliest date on.
# A person's details count for the units they are a member of.
MEMBER_OF = ("members.Membership", "person", "org")
MEMBERSHIP_DETAILS = ("leave_reason", "card_number", "batch", "name_folded", "shared")
MEMBERSHIPS = Reads(
    "members.Membership", org="org", dates=("joined_on", "left_on"), since=True, ignore=MEMBERSHIP_DETAILS
)
# What of a membership the sources that count persons read besides (`MEMBERSHIPS`): a unit's figures name who of its
# persons has another membership (`selectors.SHARED`), so the flag changing (the person admitted elsewhere, a
# membership of theirs deleted or merged into another person's) changes them, from the membership's first day. Not a
# province's or the country's: theirs name no one, and are added up from their units' or counted whole (an
# admission of one already a member elsewhere forgot the country's counts of every year-end since that membership).
MEMBERSHIP_SHARED = Reads(
    "members.Membership",
    org="org",
    dates=("joined_on", "left_on"),
    since=True,
    columns=("shared",),
    except_kinds=("national", "provincial"),
)


class MembersConfig(AppConfig):
    name = "lienhiep.members"
    label = "members"
    verbose_name = _("Members")
    nav_items = (
        NavItem(_("Members"), "members:list", "people", order=20),
        NavItem(_("Collective members"), "members:collective", "building", order=21),
        NavItem(_("Member statistics"), "members:stats", "bar-chart", order=22),
        NavItem(_("Data subject requests"), "members:requests", "shield-lock", order=23),
    )
    # Data subject requests past their deadline and breaches not notified in time, on the home page (orgs.views).
    home_alerts = "lienhiep.members.selectors.home_alerts"
    # The same requests, mailed to the unit's officers and the handler by `manage.py remind` (core/reminders.py).
    reminder_sources = (ReminderSource("members", "lienhiep.members.reminders.due"),)
    # How the audit trail (orgs.audit) finds the unit of these event tables' rows: a person's through their memberships.
    audit_paths = {"PersonEvent": "person__memberships__org", "ImportEvent": "batch__org"}
    export_sources = (
        ExportSource("members", _("Members"), "hoi-vien", "lienhiep.members.exporting.list_rows", "members:list"),
    )
    # The members of each row of the organisation tree and of a unit's page (orgs.views.tree_counts).
    tree_counts = "lienhiep.members.selectors.tree_counts"
    # Records a unit's end may not precede (orgs.services refuses to end a unit before them).
    records_dated_from = ("lienhiep.members.selectors.records_dated_from",)
    # Run by orgs.tasks.figures_warm after a change to the tree (the database forgot the counts from its date on).
    figure_warmers = ("lienhiep.members.selectors.member_counts_warm",)
    figure_sources = (
        FigureSource("members", "day", (MEMBERSHIPS,), "lienhiep.members.selectors.member_count_pieces"),
        FigureSource(
            "members.persons",
            "day",
            (MEMBERSHIPS, MEMBERSHIP_SHARED),
            "lienhiep.members.selectors.person_count_pieces",
        ),
        # The statistics page: persons by education, gender, age, field (a person's details are not dated: a
        # change forgets every day of the units they belong to) and by their association's group.
        FigureSource(
            "members.breakdown",
            "day",
            (
                MEMBERSHIPS,
                MEMBERSHIP_SHARED,
                Reads("members.Person", org="id", via=MEMBER_OF, columns=("education", "gender", "birth_date")),
                Reads("members.Person_fields", org="person", via=MEMBER_OF),
                Reads("orgs.Org", org="id", columns=("group",)),
            ),
            "lienhiep.members.selectors.breakdown_pieces",
        ),
        # Who joined, left, came or went with a moved unit between two days (a report's change in members): one
        # piece per pair of days, forgotten by a membership or the tree changing on or before the second. A piece
        # reads the units under the node on its first day too: a membership ended after its unit moved out of the
        # node still turns one who went with the unit into one who left, so a change to its end is dated from its
        # joining (the units it stood under since then), not from the day it ended (found by the property test,
        # seed 9).
        FigureSource(
            "members.change",
            "span",
            (Reads("members.Membership", org="org", dates=("joined_on",), since=True, ignore=MEMBERSHIP_DETAILS),),
            "lienhiep.members.selectors.change_pieces",
        ),
        # Memberships begun each year, and those ended each year, in the units under a node at the year's end: two
        # sources, so that a member admitted (no end yet) does not forget the year's leavers, whose count reads every
        # membership of a province's units (17 ms for 1,189 units at a million), nor an end the year's joiners.
        FigureSource(
            "members.joined",
            "year",
            (Reads("members.Membership", org="org", dates=("joined_on",), columns=("org", "joined_on")),),
            "lienhiep.members.selectors.joined_pieces",
        ),
        FigureSource(
            "members.left",
            "year",
            (Reads("members.Membership", org="org", dates=("left_on",), columns=("org", "left_on")),),
            "lienhiep.members.selectors.left_pieces",
        ),
    )
