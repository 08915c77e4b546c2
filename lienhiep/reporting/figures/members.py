"""Figures of members: counts on the cut-off date and their change over the period."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext_lazy as _

from lienhiep.members import selectors as members
from lienhiep.orgs import selectors as orgs
from lienhiep.orgs.models import Org
from lienhiep.reporting.registry import FigureResult, FigureSpec


def count(node: Org, *, start: dt.date, end: dt.date, as_of: dt.date, user: Any = None) -> FigureResult:
    """Members of `node`'s subtree on `as_of` (persons once above an association), remembered for unions."""
    return FigureResult(members.member_count(node, on=orgs.tree_day(node, as_of)))


SPECS = (
    FigureSpec(
        key="members.count",
        label=_("Members"),
        value_type="count",
        period="point",
        compute="lienhiep.reporting.figures.members.count",
        unit=_("members"),
    ),
)
