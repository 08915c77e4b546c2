"""Figures of the tree: member associations as the tree stood on the cut-off date."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext_lazy as _

from lienhiep.orgs import selectors as orgs
from lienhiep.orgs.models import AssociationGroup, Org, OrgKind
from lienhiep.reporting.registry import FigureResult, FigureSpec


def associations(
    node: Org, *, start: dt.date, end: dt.date, as_of: dt.date, user: Any = None, group: str = ""
) -> FigureResult:
    """Member associations directly under `node` on `as_of` (its last day, if it had ended), of `group` if given."""
    on = orgs.tree_day(node, as_of)
    rows = Org.objects.filter(kind=OrgKind.ASSOCIATION, pk__in=orgs.subtree_ids(node, on=on).filter(depth=1))
    if group:
        rows = rows.filter(group=group)
    ids = sorted(rows.values_list("pk", flat=True))
    return FigureResult(len(ids), basis="", record_ids=ids)


SPECS = (
    FigureSpec(
        key="orgs.associations",
        label=_("Member associations"),
        value_type="count",
        period="point",
        compute="lienhiep.reporting.figures.orgs.associations",
        params={"group": list(AssociationGroup.choices)},
        unit=_("associations"),
        records="orgs.Org",
    ),
)
