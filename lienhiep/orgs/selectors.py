"""Reads over the dated tree. Every function takes `on`: the date the question is asked about."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Max, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from lienhiep.core.text import fold
from lienhiep.orgs.models import EventKind, Org, OrgClosure, OrgEvent, OrgSpell, Role


def today() -> dt.date:
    return timezone.localdate()


def tree_day(node: Org | int, on: dt.date) -> dt.date:
    """`on`, or the last day of a node that ended before it: its subtree as it last stood."""
    org = node if isinstance(node, Org) else Org.objects.get(pk=node)
    return min(on, org.ended_on - dt.timedelta(days=1)) if org.ended_on else on


def valid_on(on: dt.date, prefix: str = "") -> Q:
    """Rows whose half-open [valid_from, valid_to) period contains `on`."""
    return Q(**{f"{prefix}valid_from__lte": on}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gt": on})
    )


# --- The tree on a date -----------------------------------------------------------------------


def subtree_ids(node: Org | int, *, on: dt.date, include_self: bool = True) -> QuerySet[OrgClosure, Any]:
    """Ids of the nodes under `node` on `on` (a values queryset, usable as a subquery)."""
    rows = OrgClosure.objects.filter(valid_on(on), ancestor=node)
    if not include_self:
        rows = rows.filter(depth__gt=0)
    return rows.values("descendant_id")


def subtree(node: Org | int, *, on: dt.date, include_self: bool = True) -> QuerySet[Org]:
    return Org.objects.filter(pk__in=subtree_ids(node, on=on, include_self=include_self))


def ancestors(node: Org | int, *, on: dt.date, include_self: bool = False) -> list[Org]:
    """The chain above `node` on `on`, from the root down."""
    rows = OrgClosure.objects.filter(valid_on(on), descendant=node).select_related("ancestor")
    if not include_self:
        rows = rows.filter(depth__gt=0)
    return [row.ancestor for row in rows.order_by("-depth")]


def parent_on(node: Org | int, *, on: dt.date) -> Org | None:
    spell = spell_on(node, on=on)
    return spell.parent if spell else None


def spell_on(node: Org | int, *, on: dt.date) -> OrgSpell | None:
    return OrgSpell.objects.filter(valid_on(on), org=node).select_related("parent").first()


def last_spell(node: Org | int) -> OrgSpell | None:
    return OrgSpell.objects.filter(org=node).select_related("parent").order_by("-valid_from").first()


@dataclass
class TreeNode:
    """A node as it stood on a date: its name then, its depth below the root asked for, its children."""

    org: Org
    name: str
    short_name: str
    parent_id: int | None
    depth: int
    sort: str = ""  # the name's Vietnamese sort key
    child_count: int = 0
    children: list[TreeNode] = field(default_factory=list)
    ended: bool = False  # ended (dissolved, merged, split) on or before the date, while under its parent


def _child_count_subquery(on: dt.date) -> Subquery:
    return Subquery(
        OrgSpell.objects.filter(valid_on(on), parent=OuterRef("org_id"))
        .values("parent_id")
        .annotate(n=Count("id"))
        .values("n")[:1]
    )


def _ended_under(parent_ids: list[int] | QuerySet[Any], on: dt.date) -> list[TreeNode]:
    """Nodes that ended on or before `on` while standing under one of `parent_ids`."""
    spells = OrgSpell.objects.filter(
        parent_id__in=parent_ids, valid_to__lte=on, valid_to=F("org__ended_on")
    ).select_related("org")
    return [_tree_node(s, depth=1, ended=True) for s in spells.only(*_TREE_FIELDS)]


# What a tree row shows; loading less keeps big trees fast.
_TREE_FIELDS = (
    "org_id", "parent_id", "name", "short_name", "name_sort",
    "org__id", "org__kind", "org__group", "org__ended_on", "org__end_reason", "org__name",
)  # fmt: skip


def _tree_node(spell: OrgSpell, *, depth: int, ended: bool = False) -> TreeNode:
    return TreeNode(
        org=spell.org,
        name=spell.name,
        short_name=spell.short_name,
        parent_id=spell.parent_id,
        depth=depth,
        sort=spell.name_sort,
        child_count=getattr(spell, "child_count", 0) or 0,
        ended=ended,
    )


def children(node: Org | int, *, on: dt.date, include_ended: bool = False) -> list[TreeNode]:
    """The children of `node` on `on`, with their names then and how many children each had."""
    spells = (
        OrgSpell.objects.filter(valid_on(on), parent=node)
        .select_related("org")
        .only(*_TREE_FIELDS)
        .annotate(child_count=_child_count_subquery(on))
        .order_by("name_sort")
    )
    nodes = [_tree_node(s, depth=1) for s in spells]
    if include_ended:
        nodes += _ended_under([_pk(node)], on)
    nodes.sort(key=_tree_order)
    return nodes


def _tree_order(node: TreeNode) -> tuple[bool, str]:
    # Live units first, in Vietnamese order; ended ones after them.
    return (node.ended, node.sort)


def tree_as_of(
    *, on: dt.date, root: Org | int | None = None, max_nodes: int | None = None, include_ended: bool = False
) -> list[TreeNode]:
    """The tree (or the subtree under `root`) as it stood on `on`, as nested `TreeNode`s.

    Returns the roots; each node's children are sorted in Vietnamese order. With `max_nodes`,
    returns nothing when the tree is larger (callers then load it level by level).
    """
    if root is None:
        spells = OrgSpell.objects.filter(valid_on(on))
        depths: dict[int, int] = {}
    else:
        rows = OrgClosure.objects.filter(valid_on(on), ancestor=root)
        if max_nodes is not None and rows.count() > max_nodes:
            return []
        depths = dict(rows.values_list("descendant_id", "depth"))
        spells = OrgSpell.objects.filter(valid_on(on), org_id__in=subtree_ids(root, on=on))
    if root is None and max_nodes is not None and spells.count() > max_nodes:
        return []
    spells = spells.select_related("org").only(*_TREE_FIELDS).annotate(child_count=_child_count_subquery(on))
    nodes = {s.org_id: _tree_node(s, depth=depths.get(s.org_id, 0)) for s in spells}
    if include_ended:
        for node in _ended_under(list(nodes), on):
            node.depth = nodes[node.parent_id].depth + 1 if node.parent_id in nodes else 1
            nodes.setdefault(node.org.pk, node)
    roots: list[TreeNode] = []
    for node in nodes.values():
        parent = nodes.get(node.parent_id) if node.parent_id else None
        if parent is None or (root is not None and node.org.pk == _pk(root)):
            roots.append(node)
        else:
            parent.children.append(node)
    for node in nodes.values():
        node.children.sort(key=_tree_order)
    roots.sort(key=_tree_order)
    return roots


def _pk(node: Org | int) -> int:
    return node if isinstance(node, int) else node.pk


def flatten(roots: list[TreeNode]) -> list[TreeNode]:
    out: list[TreeNode] = []
    stack = list(reversed(roots))
    while stack:
        node = stack.pop()
        out.append(node)
        stack.extend(reversed(node.children))
    return out


def last_change_on(org: Org, *, with_subtree: bool) -> dt.date | None:
    """The date of the last recorded change to `org`'s name or place (and, with_subtree, to any unit
    under it): operations must not be dated earlier."""
    rows = OrgClosure.objects.filter(valid_to__isnull=True)
    if with_subtree:
        rows = rows.filter(descendant_id__in=_open_subtree(org))
    else:
        rows = rows.filter(descendant=org)
    latest: dt.date | None = rows.aggregate(m=Max("valid_from"))["m"]
    start = OrgSpell.objects.filter(org=org, valid_to__isnull=True).values_list("valid_from", flat=True).first()
    if start and (latest is None or start > latest):
        latest = start
    return latest


def _open_subtree(org: Org) -> QuerySet[OrgClosure, Any]:
    return OrgClosure.objects.filter(valid_to__isnull=True, ancestor=org).values("descendant_id")


def name_on(node: Org, *, on: dt.date) -> str:
    spell = spell_on(node, on=on) or last_spell(node)
    return spell.name if spell else node.name


def search(query: str, *, on: dt.date, within: QuerySet[Org] | None = None, limit: int = 50) -> list[OrgSpell]:
    """Nodes whose name on `on` matches `query`, ignoring case and diacritics."""
    words = fold(query).split()
    spells = OrgSpell.objects.filter(valid_on(on)).select_related("org", "parent")
    for word in words:
        spells = spells.filter(name_folded__contains=word)
    if within is not None:
        spells = spells.filter(org__in=within)
    return list(spells.order_by("name_sort")[:limit])


def timeline(node: Org) -> QuerySet[OrgEvent]:
    # The unit too: every event's sentence (`OrgEvent.summary`) names it.
    return OrgEvent.objects.filter(org=node).select_related("org", "actor").order_by("-effective_on", "-id")


def history(node: Org) -> QuerySet[OrgSpell]:
    return OrgSpell.objects.filter(org=node).select_related("parent").order_by("valid_from")


# --- Who may see what ------------------------------------------------------------------------


def roles_active(user: Any, *, on: dt.date | None = None) -> QuerySet[Role]:
    on = on or today()
    return Role.objects.filter(valid_on(on), user=user).select_related("org").order_by("org__name_sort", "kind")


def visible_ids(role_org_ids: list[int]) -> QuerySet[Org, Any]:
    """Ids of the nodes that roles on `role_org_ids` give access to.

    Today's subtree with the whole history of every node in it, plus the nodes that were
    dissolved or merged away while they stood under it (the `final` closure rows), plus the
    units merged into one of those (a successor keeps its predecessors' records).
    """
    direct = OrgClosure.objects.filter(final=True, ancestor_id__in=role_org_ids).values("descendant_id")
    return Org.objects.filter(Q(pk__in=direct) | Q(successor_id__in=direct)).values("pk")


def node_count_on(node: Org | int, *, on: dt.date) -> int:
    return OrgClosure.objects.filter(valid_on(on), ancestor=node).count()


def tree_root(node: Org, *, on: dt.date, include_ended: bool = False) -> TreeNode:
    """`node` alone, as a tree root with its children loaded (for trees too big to load at once)."""
    spell = spell_on(node, on=on)
    kids = children(node, on=on, include_ended=include_ended)
    return TreeNode(
        org=node,
        name=spell.name if spell else node.name,
        short_name=spell.short_name if spell else node.short_name,
        parent_id=spell.parent_id if spell else None,
        depth=0,
        sort=spell.name_sort if spell else node.name_sort,
        child_count=len(kids),
        children=kids,
    )


def recent_events(node: Org, *, limit: int = 10) -> list[OrgEvent]:
    """The latest changes anywhere in `node`'s subtree today."""
    ids = subtree_ids(node, on=today())
    # The mirror rows written on a parent when a unit comes or goes repeat the unit's own event.
    rows = OrgEvent.objects.filter(org_id__in=ids).exclude(kind__in=[EventKind.CHILD_IN, EventKind.CHILD_OUT])
    return list(rows.select_related("org", "actor").order_by("-effective_on", "-id")[:limit])


def roles_on(node: Org) -> QuerySet[Role]:
    return Role.objects.filter(org=node).select_related("user").order_by("valid_to", "kind", "user__username")


def in_subtree_during(
    node: Org | int, *, start: dt.date, end: dt.date, date_field: str, org_field: str = "org_id"
) -> Q:
    """Rows (of any dated record) whose unit stood under `node`, or is `node`, on the row's own date, for
    dates in [start, end]: "as the tree stood" for records spread over a period.

    Records are dated within their unit's life (the services refuse others), so a unit counts from its
    founding without a bound. Units under `node` all through the period (the usual case, thousands at
    national level) stay a subquery; the few that moved in or out or ended during it are listed, a unit's
    adjoining rows merged (a move inside the subtree) and equal stretches of time grouped into one term.
    """
    overlapping = OrgClosure.objects.filter(ancestor=node, valid_from__lte=end).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=start)
    )
    from_founding = Q(valid_from=F("descendant__founded_on"))
    whole = overlapping.filter(Q(valid_to__isnull=True) | Q(valid_to__gt=end)).filter(
        Q(valid_from__lte=start) | from_founding
    )
    condition = Q(**{f"{org_field}__in": whole.values("descendant_id"), f"{date_field}__gte": start,
                     f"{date_field}__lte": end})  # fmt: skip
    others = overlapping.filter(
        Q(valid_to__isnull=False, valid_to__lte=end) | (Q(valid_from__gt=start) & ~from_founding)
    ).order_by("descendant_id", "valid_from")
    spans: list[list[Any]] = []  # [org id, from, until (exclusive, None: open)]
    for org_id, valid_from, valid_to, founded in others.values_list(
        "descendant_id", "valid_from", "valid_to", "descendant__founded_on"
    ):
        if spans and spans[-1][0] == org_id and spans[-1][2] == valid_from:
            spans[-1][2] = valid_to
        else:
            spans.append([org_id, start if valid_from == founded else valid_from, valid_to])
    stretches: dict[tuple[dt.date, dt.date], list[int]] = {}
    for org_id, valid_from, valid_to in spans:
        first = max(valid_from, start)
        last = min(valid_to - dt.timedelta(days=1), end) if valid_to else end
        if first <= last:
            stretches.setdefault((first, last), []).append(org_id)
    for (first, last), org_ids in stretches.items():
        condition |= Q(**{f"{org_field}__in": org_ids, f"{date_field}__gte": first, f"{date_field}__lte": last})
    return condition


def subtree_ids_in_year(node: Org | int, *, year: int) -> QuerySet[OrgClosure, Any]:
    """Ids of the units under `node` at the end of `year` (today, for the current year), plus those that
    ended during the year while under it: whose records of a year (initiatives, ratings, budgets) count."""
    on = min(dt.date(year, 12, 31), today())
    rows = OrgClosure.objects.filter(ancestor=node, valid_from__lte=on).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=on) | Q(valid_to__gt=dt.date(year, 1, 1), final=True)
    )
    return rows.values("descendant_id")
