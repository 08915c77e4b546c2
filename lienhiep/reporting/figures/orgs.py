"""Figures of the tree: member associations as the tree stood on the cut-off date."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from lienhiep.orgs import selectors as orgs
from lienhiep.orgs.models import AssociationGroup
from lienhiep.reporting import registry
from lienhiep.reporting.figures.common import num
from lienhiep.reporting.registry import FigureResult, Scope, declared, figure

GROUP: dict[str, list[tuple[str, Any]] | None] = {"group": list(AssociationGroup.choices)}


def _basis(spells: list[Any]) -> str:
    """ "19 hội: 13 Khối cơ quan…, 6 Phường, xã": how many of each group."""
    by_group: dict[str, int] = {}
    for spell in spells:
        by_group[spell.org.group] = by_group.get(spell.org.group, 0) + 1
    parts = [f"{num(n)} {AssociationGroup(g).label if g else _('no group')}" for g, n in sorted(by_group.items())]
    return f"{num(len(spells))} hội" + (": " + ", ".join(str(p) for p in parts) if parts else "")


def _spells(p: Scope, group: str) -> list[Any]:
    """`orgs.member_associations` of `group`; within `registry.figures_only` (or `sharing`), every group's taken from
    one read of them all (a national report asked for all and for three groups: 4 reads of 300 spells and their
    units, ~50 ms of PostgreSQL and as much of Python)."""
    on = p.day
    if not registry.is_sharing():
        return orgs.member_associations(p.node, on=on, group=group)
    every = registry.shared(("orgs.associations", p.node.pk, on), lambda: orgs.member_associations(p.node, on=on))
    return [spell for spell in every if spell.org.group == group] if group else every


@figure("orgs.associations", _("Member associations"), "count", "point", params=GROUP, unit=_("associations"),
        records="orgs.Org")  # fmt: skip
def associations(p: Scope, *, group: str = "") -> FigureResult:
    """Member associations directly under `node` on `as_of` (its last day, if it had ended), of `group` if given."""
    spells = _spells(p, group)
    return FigureResult(len(spells), basis=_basis(spells), record_ids=[s.org_id for s in spells])


@figure("orgs.associations.list", _("Member associations, by name"), "rows", "point", params=GROUP,
        unit=_("associations"), records="orgs.Org", row_fields=("name", "short_name", "group", "founded_on"),
)  # fmt: skip
def associations_list(p: Scope, *, group: str = "") -> FigureResult:
    """The same associations, each named as it stood on the day, in Vietnamese order."""
    spells = _spells(p, group)
    rows = [
        {
            "name": s.name,
            "short_name": s.short_name or s.name,
            "group": str(AssociationGroup(s.org.group).label) if s.org.group else "",
            "founded_on": s.org.founded_on,
        }
        for s in spells
    ]
    return FigureResult(rows, basis=_basis(spells), record_ids=[s.org_id for s in spells])


SPECS = declared(__name__)
