"""Reads of campaigns: the units a campaign covers, the board, what a user is asked for."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet, Subquery
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
    slot,
)
from lienhiep.core.events import jsonable
from lienhiep.core.models import heartbeat_stale
from lienhiep.orgs import selectors as org_selectors
from lienhiep.orgs.models import Org, OrgKind, OrgSpell
from lienhiep.orgs.permissions import Access, org_ids_at_least
from lienhiep.reporting import registry

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


def computed_figures_each(
    campaign: Campaign, orgs: list[Org], *, as_of: dt.date | None = None
) -> dict[int, dict[str, Any]]:
    """{unit id: {slot: the value the unit's records give}} for the campaign's figures, each over the unit's subtree,
    every unit's figure read at once (`registry.compute_each`: one grouped query per figure for those that group);
    None for a figure that cannot be counted for a unit. `as_of`: another cut-off than the campaign's."""
    values: dict[int, dict[str, Any]] = {org.pk: {} for org in orgs}
    with registry.figures_only():
        for item in campaign.form.get("figures", []):
            name = slot(item["key"], item.get("params"))
            try:
                results = registry.compute_each(
                    item["key"],
                    orgs,
                    start=campaign.period_start,
                    end=campaign.period_end,
                    as_of=as_of or campaign.as_of,
                    params=item.get("params") or {},
                )
            except ValidationError:
                results = {}
            for org in orgs:
                result = results.get(org.pk)
                values[org.pk][name] = None if result is None else jsonable(result.value)
    return values


@dataclass
class EarlierEstimate:
    """A figure a unit gave as an estimate ("ước đến 30/6") in an earlier campaign of the same requester whose
    period this campaign covers, beside what the unit's records now give for that period (REPORTING.md §5.6, 4)."""

    campaign: Campaign
    label: str
    estimate: Any
    actual: Any

    @property
    def difference(self) -> Any:
        """actual − estimate (None if either is unknown)."""
        try:
            return Decimal(str(self.actual)) - Decimal(str(self.estimate))
        except (InvalidOperation, TypeError):
            return None


def earlier_estimates(submission: Submission) -> list[EarlierEstimate]:
    """The estimates the unit sent in the earlier campaigns of the same requester whose period lies within this
    campaign's (the half-year's "ước đến 30/6" in the annual campaign), each beside the figure its records now give
    for the period it stood for, counted to that period's end: oldest first, in the order of each form."""
    campaign = submission.campaign
    rows = (
        Submission.objects.filter(
            org_id=submission.org_id,
            campaign__org_id=campaign.org_id,
            campaign__period_start__gte=campaign.period_start,
            campaign__period_end__lte=campaign.period_end,
            campaign__status__in=[CampaignStatus.OPEN, CampaignStatus.CLOSED, CampaignStatus.LOCKED],
            status__in=list(ANSWERED),
        )
        .exclude(campaign=campaign)
        .filter(campaign__created_at__lt=campaign.created_at)
        .select_related("campaign", "org")
        .order_by("campaign__period_end", "campaign_id")
    )
    out: list[EarlierEstimate] = []
    for earlier in rows:
        estimated = [
            item
            for item in earlier.campaign.form.get("figures", [])
            if (earlier.figures.get(slot(item["key"], item.get("params"))) or {}).get("estimate")
        ]
        if not estimated:
            continue
        past = earlier.campaign
        actual = computed_figures_each(past, [earlier.org], as_of=past.period_end)[earlier.org_id]
        for item in estimated:
            name = slot(item["key"], item.get("params"))
            spec = registry.spec(item["key"])
            label = str(spec.label)
            if item.get("params"):
                words = [str(dict(spec.params.get(n) or []).get(v, v)) for n, v in item["params"].items()]
                label += f" ({', '.join(words)})"
            out.append(EarlierEstimate(past, label, earlier.figures[name].get("value"), actual.get(name)))
    return out


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
    """A row of the board, as plain values (300 model instances were a third of the selector's time)."""

    pk: int
    org_id: int
    status: str
    status_label: str
    due: dt.datetime
    first_submitted_at: dt.datetime | None
    reminders_sent: int
    returned_comment: str
    name: str
    name_key: str
    days_late: int
    last_change: dt.datetime | None
    extended: bool


BOARD_ORDERS = {
    "name": lambda row: (row.name_key, row.pk),
    "status": lambda row: (row.status, row.name_key),
    "late": lambda row: (-row.days_late, row.name_key),
    "reminders": lambda row: (-row.reminders_sent, row.name_key),
    "change": lambda row: (-(row.last_change.timestamp() if row.last_change else 0), row.name_key),
}


def board(
    campaign: Campaign, *, status: str = "", order: str = "name", now: dt.datetime | None = None
) -> list[BoardRow]:
    """The campaign's units × status: each submission with its unit's name as of the cut-off (its last name if it
    had ended by then), days late, reminders sent and the time of its last event; of `status` only when given, in
    `order` (name, status, late, reminders, change). One query whatever the number of units."""
    now = now or timezone.now()
    # Subqueries on their indexes, and without the figures and texts: a GROUP BY over every column of 300 wide
    # rows joined to their events took 230 ms on SQLite. The unit's name and its sort key come with the row.
    last = SubmissionEvent.objects.filter(submission=OuterRef("pk")).order_by("-at").values("at")[:1]
    spell = OrgSpell.objects.filter(org=OuterRef("org_id"), valid_from__lte=campaign.as_of).order_by(
        "-valid_from", "-id"
    )
    rows = Submission.objects.filter(campaign=campaign)
    if status:
        rows = rows.filter(status=status)
    values = rows.values_list(
        "pk", "org_id", "status", "due", "first_submitted_at", "reminders_sent", "returned_comment"
    ).annotate(
        last_change=Subquery(last),
        extended=Exists(Extension.objects.filter(submission=OuterRef("pk"))),
        name=Subquery(spell.values("name")[:1]),
        name_sort=Subquery(spell.values("name_sort")[:1]),
    )
    labels = {value: str(label) for value, label in SubmissionStatus.choices}  # translated once, not per row
    today = timezone.localdate(now)
    board_rows = []
    for pk, org_id, state, due, first, reminded, comment, last_change, extended, name, name_sort in values:
        board_rows.append(
            BoardRow(
                pk=pk,
                org_id=org_id,
                status=state,
                status_label=labels.get(state, state),
                due=due,
                first_submitted_at=first,
                reminders_sent=reminded,
                returned_comment=comment,
                name=name or "",
                name_key=name_sort or "",
                days_late=_days_late(state, due, first, now, today),
                last_change=last_change,
                extended=bool(extended),
            )
        )
    board_rows.sort(key=BOARD_ORDERS.get(order, BOARD_ORDERS["name"]))
    return board_rows


def _days_late(status: str, due: dt.datetime, first: dt.datetime | None, now: dt.datetime, today: dt.date) -> int:
    """`Submission.days_late` from a board row's values (today's date read once for every row)."""
    if status == SubmissionStatus.EXEMPT:
        return 0
    moment = first or now
    if moment <= due:
        return 0
    return max(((timezone.localdate(moment) if first else today) - timezone.localdate(due)).days, 1)


def board_counts(campaign: Campaign) -> dict[str, int]:
    """{status: how many submissions} of the campaign, every status present (0 where none)."""
    counts = dict.fromkeys(SubmissionStatus.values, 0)
    for row in Submission.objects.filter(campaign=campaign).values("status").annotate(n=Count("id")):
        counts[row["status"]] = row["n"]
    return counts


@dataclass
class Prefill:
    """How far the background pre-fill of an open campaign has come (`services.campaign_prefill`)."""

    done: int
    total: int
    last: dt.datetime | None  # the last submission pre-filled, or None

    @property
    def running(self) -> bool:
        return self.done < self.total

    @property
    def percent(self) -> int:
        return min(99, round(100 * self.done / self.total)) if self.running else 100

    def stalled(self, campaign: Campaign, *, now: dt.datetime | None = None) -> bool:
        """No submission pre-filled for IMPORT_STALE_AFTER seconds (since the opening, before the first): its worker
        was stopped, and the board offers to queue it again (`core.models.heartbeat_stale`, the background work's
        one rule)."""
        return self.running and heartbeat_stale(self.last or campaign.updated_at, now=now)


def prefill_progress(campaign: Campaign) -> Prefill:
    """The pre-fill's progress of `campaign`: one query."""
    found = Submission.objects.filter(campaign=campaign).aggregate(
        total=Count("id"), done=Count("prefilled_at"), last=Max("prefilled_at")
    )
    return Prefill(done=found["done"], total=found["total"], last=found["last"])


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


def records_dated_from(*, org_id: int, on: dt.date) -> list[QuerySet[Any]]:
    """How many campaigns unit `org_id` asks (not cancelled) with a cut-off `on` or later: what its end on `on`
    would leave outside its life (declared as `records_dated_from` on the AppConfig, read by `orgs.services` before
    a unit ends). A campaign is dated by its cut-off (`services.campaign_create`): its scope is the units under its
    requester on that day and its figures are the requester's then. A unit's submission is not counted: it answers
    another unit's campaign and is dated by that campaign's period, which the unit's end leaves as it stood."""
    asked = Campaign.objects.filter(org_id=org_id, as_of__gte=on).exclude(status=CampaignStatus.CANCELLED)
    return [asked]
