"""Reads of dossiers: the board a union keeps (by step, deadline, kind, year, words of the subject), its counts, a
dossier's history and costs, and what is due."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from lienhiep.core import filtering
from lienhiep.orgs import selectors as org_selectors
from lienhiep.orgs.models import Org
from lienhiep.orgs.permissions import Access, org_ids_at_least
from lienhiep.reviews.models import CostLine, Dossier, DossierEvent, DossierExpert, DossierStatus, ReviewPlan
from lienhiep.reviews.models.dossiers import ENDED

# A step due within this many days shows as "due soon" on the board.
SOON_DAYS = 3


@dataclass(frozen=True)
class BoardFilters:
    q: str = ""
    status: str = ""
    kind: str = ""
    due: str = ""  # "" | overdue | soon | open
    year: int | None = None


def _due(due: str, today: dt.date) -> Q:
    """Overdue, due within SOON_DAYS, or not ended."""
    if due == "overdue":
        return Q(due_on__lt=today)
    if due == "soon":
        return Q(due_on__gte=today, due_on__lte=today + dt.timedelta(days=SOON_DAYS))
    if due == "open":
        return ~Q(status__in=list(ENDED))
    return Q()


def _board_filters(today: dt.date) -> dict[str, filtering.Lookup]:
    """The board's filters, in the order they narrow it; a step's due day read against `today`."""
    return {
        "status": "status",
        "kind": "kind",
        "year": "received_on__year",
        "due": lambda due: _due(due, today),
        "q": filtering.each_word("title_folded", "requester_folded"),
    }


def dossiers_visible_to(user: Any, *, node: Org | None = None) -> QuerySet[Dossier]:
    """The dossiers of the nodes the user's roles reach (of `node`'s subtree today when given), without the ones an
    expert is only assigned to (their assignments are listed apart)."""
    rows = Dossier.objects.all()
    if node is not None:
        return rows.filter(org_id__in=org_selectors.subtree_ids(node, on=org_selectors.today()).values("descendant_id"))
    return dossiers_among(org_ids_at_least(user, Access.VIEW))


def dossiers_among(org_ids: list[int] | None) -> QuerySet[Dossier]:
    """The dossiers of the units `org_ids` (None: every unit), as `orgs.permissions.org_ids_at_least` lists them: for
    a view that has the list already (reading it costs a query over the tree)."""
    rows = Dossier.objects.all()
    return rows if org_ids is None else rows.filter(org_id__in=org_ids)


def board(rows: QuerySet[Dossier], filters: BoardFilters, *, today: dt.date | None = None) -> QuerySet[Dossier]:
    """The board's rows: `rows` matching `filters`, the newest first (keyset-paged on `received_on`, the id breaking
    ties: `reviews_dossier_newest`)."""
    today = today or org_selectors.today()
    rows = filtering.narrow(rows, filters, _board_filters(today))
    return rows.select_related("org").order_by("-received_on", "-id")


def board_counts(rows: QuerySet[Dossier], *, today: dt.date | None = None) -> dict[str, int]:
    """{status: how many} over `rows`, every status present, "overdue": how many are past their step's day, and
    "total": all of them; in one query (one pass over the units' rows of the `reviews_dossier_counts` index)."""
    today = today or org_selectors.today()
    counts = dict.fromkeys(DossierStatus.values, 0) | {"overdue": 0, "total": 0}
    # COUNT(*) and COUNT(due_on), not of the id: the index holds what they read, so the heap is not visited.
    grouped = rows.order_by().values("status").annotate(n=Count("*"), late=Count("due_on", filter=Q(due_on__lt=today)))
    for row in grouped:
        counts[row["status"]] = row["n"]
        counts["overdue"] += row["late"]
        counts["total"] += row["n"]
    return counts


def counted(filters: BoardFilters, counts: dict[str, int]) -> int | None:
    """How many rows `board` gives for `filters`, when `board_counts` counted it already (no filter: the total; one
    step; overdue alone), so that the page does not count again; None otherwise."""
    chosen = {name for name in ("q", "status", "kind", "due", "year") if getattr(filters, name)}
    if not chosen:
        return counts["total"]
    if chosen == {"status"}:
        return counts.get(filters.status)
    if chosen == {"due"} and filters.due == "overdue":
        return counts["overdue"]
    return None


def history(dossier: Dossier) -> QuerySet[DossierEvent]:
    return DossierEvent.objects.filter(dossier=dossier).select_related("actor").order_by("at", "id")


@dataclass(frozen=True)
class CostTotals:
    planned: Decimal
    paid: Decimal


def costs(dossier: Dossier) -> tuple[list[CostLine], CostTotals]:
    lines = list(CostLine.objects.filter(dossier=dossier).order_by("id"))
    totals = CostLine.objects.filter(dossier=dossier).aggregate(planned=Sum("planned"), paid=Sum("paid"))
    return lines, CostTotals(totals["planned"] or Decimal(0), totals["paid"] or Decimal(0))


def next_steps(dossier: Dossier) -> list[tuple[str, str]]:
    """The steps the dossier may move to, in the workflow's order, with their labels."""
    from lienhiep.reviews.models import DOSSIER_TRANSITIONS

    allowed = DOSSIER_TRANSITIONS[dossier.status]
    return [(value, str(label)) for value, label in DossierStatus.choices if value in allowed]


def due_between(start: dt.date, end: dt.date) -> QuerySet[Dossier]:
    """Open dossiers whose step is due from `start` to `end` (both included), or overdue when `start` is None."""
    return Dossier.objects.filter(due_on__gte=start, due_on__lte=end).exclude(status__in=list(ENDED))


def dossier_experts(dossier: Dossier) -> list[DossierExpert]:
    return list(
        DossierExpert.objects.filter(dossier=dossier).select_related("expert", "grant").order_by("assigned_on", "id")
    )


def expert_assignments(expert: Any, *, user: Any) -> list[Any]:
    """The expert's dossiers for their page in the registry (`experts.assignments`: the `expert_assignments` hook):
    each named and linked where `user` may open the dossier; otherwise, or for a confidential one, only its kind."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from lienhiep.experts.assignments import Assignment
    from lienhiep.reviews.permissions import dossier_level

    rows = DossierExpert.objects.filter(expert=expert).select_related("dossier__org").order_by("-assigned_on", "-id")
    out = []
    for row in rows:
        d = row.dossier
        seen = dossier_level(user, d) is not None
        title = d.title if seen and not d.confidential else _("Consultancy and critique dossier")
        if seen and d.confidential:
            title = str(d)
        status = _("Taken off") if row.removed_on else d.get_status_display()
        out.append(
            Assignment(
                on=row.assigned_on,
                title=title,
                role=d.get_kind_display(),
                status=status,
                url=reverse("reviews:detail", args=[d.pk]) if seen else "",
                until=row.removed_on,
            )  # fmt: skip
        )
    return out


def records_dated_from(*, org_id: int, on: dt.date) -> list[QuerySet[Any]]:
    """How many dossiers unit `org_id` received `on` or later, and plans of consultancy of a later year: what its
    end on `on` would leave outside its life (declared as `records_dated_from` on the AppConfig, read by
    `orgs.services` before a unit ends). A dossier is dated by its receipt (`services._clean_details`); its later
    steps, costs and experts are dated within it, not by the unit's life."""
    return [
        Dossier.objects.filter(org_id=org_id, received_on__gte=on),
        ReviewPlan.objects.filter(org_id=org_id, year__gt=on.year),
    ]
