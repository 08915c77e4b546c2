"""Figures of members: counts on the cut-off date, their change over the period, shares and breakdowns.

Members are persons above an association, so these figures name no records (`record_ids` None): a national count
would list a million ids. The drill-down page links instead to the member list of the node on the figure's day
(`members:list` with `org` and `on`), which pages them within the reader's access."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from lienhiep.members import selectors as members
from lienhiep.members.models import Education, Gender
from lienhiep.orgs.models import AssociationGroup, Org
from lienhiep.reporting.figures.common import day, num, year_of
from lienhiep.reporting.registry import FigureResult, Period, Scope, declared, figure


@figure("members.count", _("Members"), "count", "point", many="count_many", unit=_("members"))
def count(p: Scope) -> FigureResult:
    """Members of `node`'s subtree on `as_of` (persons once above an association), remembered for unions."""
    on = p.day
    value = members.member_count(p.node, on=on)
    return FigureResult(value, basis=f"{num(value)} hội viên ngày {day(on)}")


def count_many(nodes: list[Org], p: Period) -> dict[int, FigureResult]:
    """`count` of each node, grouped by the day each is read on (`registry.compute_each`)."""
    by_day: dict[dt.date, list[Org]] = {}
    for node in nodes:
        by_day.setdefault(p.at(node).day, []).append(node)
    out = {}
    for on, group in by_day.items():
        for pk, value in members.member_count_each(group, on=on).items():
            out[pk] = FigureResult(value, basis=f"{num(value)} hội viên ngày {day(on)}")
    return out


@figure("members.change", _("Change in members since the period began"), "count", "point", unit=_("members"))
def change(p: Scope) -> FigureResult:
    """count(as_of) − count(start), with who joined, left, and came or went with a unit that moved."""
    moved = members.member_change(p.node, start=p.day_of(p.start), end=p.day)
    parts = [f"{num(moved.joined)} vào", f"{num(moved.left)} ra"]
    if moved.moved_in:
        parts.append(f"{num(moved.moved_in)} chuyển đến cùng đơn vị")
    if moved.moved_out:
        parts.append(f"{num(moved.moved_out)} chuyển đi cùng đơn vị")
    basis = f"{num(moved.at_start)} → {num(moved.at_end)}: " + ", ".join(parts)
    return FigureResult(moved.at_end - moved.at_start, basis=basis)


@figure("members.intellectual_share", _("Share of the area's intellectuals gathered"), "percent", "point",
        params={"year": None}, unit="%")  # fmt: skip
def intellectual_share(p: Scope, *, year: str = "") -> FigureResult:
    """Share (%) of the area's estimated intellectuals gathered at the end of `year` (the cut-off's year)."""
    which = year_of(year, p.as_of)
    gathered, estimate, share = members.intellectual_share(p.node, year=which)
    if share is None:
        return FigureResult(None, basis=f"{num(gathered)} trí thức; chưa có số ước tính năm {which}")
    return FigureResult(
        Decimal(str(share)), basis=f"{num(gathered)} / {num(estimate)} trí thức trên địa bàn, năm {which}"
    )


BY = [
    ("education", _("Education")),
    ("gender", _("Gender")),
    ("field", _("Field")),
    ("age", _("Age")),
    ("group", _("Group")),
]


@figure("members.breakdown", _("Members by their details"), "rows", "point", params={"by": BY}, unit=_("members"),
        row_fields=("label", "count"))  # fmt: skip
def breakdown(p: Scope, *, by: str = "education") -> FigureResult:
    """Persons of `node`'s subtree on `as_of` by one of their details: rows of (label, count)."""
    on = p.day
    data = members.member_breakdown(p.node, on=on)
    labels: dict[str, Any] = {
        "education": dict(Education.choices),
        "gender": dict(Gender.choices),
        "group": dict(AssociationGroup.choices),
    }.get(by, {})
    counts = {
        "education": data.by_education,
        "gender": data.by_gender,
        "field": data.by_field,
        "age": data.by_age,
        "group": data.by_group,
    }[by]
    rows = [{"label": str(labels.get(k, k) or _("not recorded")), "count": n} for k, n in counts.items()]
    return FigureResult(rows, basis=f"{num(data.total)} hội viên ngày {day(on)}")


SPECS = declared(__name__)
