"""Reads of campaigns: the units a campaign covers, the board, what a user is asked for."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from lienhiep.campaigns.models import (
    ANSWERED,
    OWED,
    Campaign,
    CampaignStatus,
    Extension,
    Submission,
    SubmissionEvent,
    SubmissionStatus,
)
from lienhiep.core.text import vi_sort_key
from lienhiep.orgs import selectors as org_selectors
from lienhiep.orgs.models import Org, OrgKind, OrgSpell
from lienhiep.orgs.permissions import Access, org_ids_at_least

# The units a campaign of a union covers unless told otherwise: what stands directly under it and reports to it.
DEFAULT_SCOPE: dict[str, list[str]] = {
    OrgKind.NATIONAL: [OrgKind.PROVINCIAL, OrgKind.ASSOCIATION],
    OrgKind.PROVINCIAL: [OrgKind.ASSOCIATION, OrgKind.DISTRICT],
    OrgKind.DISTRICT: [OrgKind.ASSOCIATION],
    OrgKind.ASSOCIATION: [OrgKind.BRANCH],
    OrgKind.BRANCH: [OrgKind.BRANCH],
}
# The kinds of unit that can open a campaign of their own for the units under them (a cascade).
UNION_KINDS = frozenset({OrgKind.NATIONAL, OrgKind.PROVINCIAL, OrgKind.DISTRICT})


def scope_spells(org: Org | int, *, on: dt.date, kinds: list[str]) -> list[OrgSpell]:
    """The units directly under `org` on `on` of `kinds`, as the tree stood that day (their spells of that day, so
    each carries its name as it stood), in Vietnamese order of that name. A unit ended by then is not among them."""
    rows = (
        OrgSpell.objects.filter(org_selectors.valid_on(on), parent=org, org__kind__in=kinds)
        .filter(org_selectors.live_on(on, "org__"))
        .select_related("org")
    )
    return sorted(rows, key=lambda spell: (spell.name_sort, spell.org_id))


def names_on(org_ids: list[int], *, on: dt.date) -> dict[int, str]:
    """{unit id: its name on `on`} (its last name if it had ended by then)."""
    names: dict[int, str] = {}
    rows = OrgSpell.objects.filter(org_id__in=org_ids, valid_from__lte=on).order_by("org_id", "valid_from")
    for org_id, name in rows.values_list("org_id", "name"):
        names[org_id] = name
    return names


def campaigns_visible_to(user: Any, *, org: Org | None = None) -> QuerySet[Campaign]:
    """The campaigns of the units the user sees (VIEW), newest deadline first; of `org` alone when given."""
    rows = Campaign.objects.select_related("org")
    if org is not None:
        return rows.filter(org=org)
    ids = org_ids_at_least(user, Access.VIEW)
    return rows if ids is None else rows.filter(org_id__in=ids)


def submissions_asked_of(user: Any, *, need: Access = Access.EDIT) -> QuerySet[Submission]:
    """The submissions of open campaigns the user's units owe (units the user may record on), soonest due first:
    what a secretary's home page lists."""
    rows = Submission.objects.filter(campaign__status=CampaignStatus.OPEN, status__in=list(OWED)).select_related(
        "campaign", "org"
    )
    ids = org_ids_at_least(user, need)
    if ids is not None:
        rows = rows.filter(org_id__in=ids)
    return rows.order_by("due", "id")


@dataclass
class BoardRow:
    submission: Submission
    name: str
    days_late: int
    last_change: dt.datetime | None
    extended: bool
    name_key: str = ""
    status_label: str = ""

    @property
    def status(self) -> str:
        return self.submission.status


BOARD_ORDERS = {
    "name": lambda row: (row.name_key, row.submission.pk),
    "status": lambda row: (row.submission.status, row.name_key),
    "late": lambda row: (-row.days_late, row.name_key),
    "reminders": lambda row: (-row.submission.reminders_sent, row.name_key),
    "change": lambda row: (-(row.last_change.timestamp() if row.last_change else 0), row.name_key),
}


def board(
    campaign: Campaign, *, status: str = "", order: str = "name", now: dt.datetime | None = None
) -> list[BoardRow]:
    """The campaign's units × status: each submission with its unit's name as of the cut-off, days late, reminders
    sent and the time of its last event; of `status` only when given, in `order` (name, status, late, reminders,
    change). Three queries whatever the number of units."""
    now = now or timezone.now()
    # Subqueries on their indexes, and without the figures and texts: a GROUP BY over every column of 300 wide
    # rows joined to their events took 230 ms on SQLite.
    last = SubmissionEvent.objects.filter(submission=OuterRef("pk")).order_by("-at").values("at")[:1]
    rows = (
        Submission.objects.filter(campaign=campaign)
        .only("campaign_id", "org_id", "status", "due", "first_submitted_at", "reminders_sent", "returned_comment")
        .annotate(last_change=Subquery(last), extended=Exists(Extension.objects.filter(submission=OuterRef("pk"))))
    )
    if status:
        rows = rows.filter(status=status)
    submissions = list(rows)
    names = names_on([s.org_id for s in submissions], on=campaign.as_of)
    labels = {value: str(label) for value, label in SubmissionStatus.choices}  # translated once, not per row
    board_rows = []
    for submission in submissions:
        row = BoardRow(
            submission=submission,
            name=names.get(submission.org_id, ""),
            days_late=submission.days_late(now=now),
            last_change=submission.last_change,  # type: ignore[attr-defined]
            extended=submission.extended,  # type: ignore[attr-defined]
        )
        row.name_key = vi_sort_key(row.name)
        row.status_label = labels.get(submission.status, submission.status)
        board_rows.append(row)
    board_rows.sort(key=BOARD_ORDERS.get(order, BOARD_ORDERS["name"]))
    return board_rows


def board_counts(campaign: Campaign) -> dict[str, int]:
    """{status: how many submissions} of the campaign, every status present (0 where none)."""
    counts = dict.fromkeys(SubmissionStatus.values, 0)
    for row in Submission.objects.filter(campaign=campaign).values("status").annotate(n=Count("id")):
        counts[row["status"]] = row["n"]
    return counts


def history(submission: Submission) -> QuerySet[SubmissionEvent]:
    return SubmissionEvent.objects.filter(submission=submission).select_related("actor").order_by("at", "id")


def answered(submission: Submission) -> bool:
    return submission.status in ANSWERED


def owed_q() -> Q:
    return Q(status__in=list(OWED))


def home_alerts(user: Any) -> list[tuple[str, str]]:
    """What the home page tells the user (`AppConfig.home_alerts`): the submissions their units still owe to an
    open campaign, and how many are past their deadline. One query."""
    from django.urls import reverse
    from django.utils.translation import ngettext

    if org_ids_at_least(user, Access.EDIT) == []:
        return []
    now = timezone.now()
    owed = list(submissions_asked_of(user).values_list("due", flat=True)[:500])
    if not owed:
        return []
    late = sum(1 for due in owed if due < now)
    text = ngettext(
        "Your units owe %(count)s report to a reporting campaign",
        "Your units owe %(count)s reports to reporting campaigns",
        len(owed),
    ) % {"count": len(owed)}
    if late:
        text += ngettext(" (%(late)s past its deadline).", " (%(late)s past their deadline).", late) % {"late": late}
    else:
        text += _(" (the nearest due %(date)s).") % {"date": f"{timezone.localtime(owed[0]):%d/%m/%Y}"}
    return [(text, reverse("campaigns:list"))]
