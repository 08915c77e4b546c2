"""A naive rebuild of the closure from the spells, to check the incremental one against."""

from __future__ import annotations

import datetime as dt

from lienhiep.orgs.models import OrgClosure, OrgSpell
from lienhiep.orgs.selectors import valid_on


def naive_subtree(root_id: int, on: dt.date) -> set[int]:
    parents = dict(OrgSpell.objects.filter(valid_on(on)).values_list("org_id", "parent_id"))
    if root_id not in parents:
        return set()
    out = set()
    for node in parents:
        cursor: int | None = node
        while cursor is not None:
            if cursor == root_id:
                out.add(node)
                break
            cursor = parents.get(cursor)
    return out


def closure_subtree(root_id: int, on: dt.date) -> set[int]:
    return set(OrgClosure.objects.filter(valid_on(on), ancestor_id=root_id).values_list("descendant_id", flat=True))


def assert_closure_matches_spells(dates: list[dt.date]) -> None:
    ids = set(OrgSpell.objects.values_list("org_id", flat=True))
    for on in dates:
        for pk in ids:
            assert closure_subtree(pk, on) == naive_subtree(pk, on), (pk, on)
