"""Reads over the dated tree. Every function takes `on`: the date the question is asked about."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Max, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from lienhiep.core import filtering
from lienhiep.core.text import fold, vi_sort_key
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


def live_on(on: dt.date, prefix: str = "") -> Q:
    """Units that have not ended by `on`: a dissolution or merge dated ahead has not happened yet."""
    return Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gt": on})


# --- The tree on a date -----------------------------------------------------------------------


def subtree_ids(node: Org | int, *, on: dt.date, include_self: bool = True) -> QuerySet[OrgClosure, Any]:
    """Ids of the nodes under `node` on `on` (a values queryset, usable as a subquery)."""
    rows = OrgClosure.objects.filter(valid_on(on), ancestor=node)
    if not include_self:
        rows = rows.filter(depth__gt=0)
    return rows.values("descendant_id")


def subtree(node: Org | int, *, on: dt.date, include_self: bool = True) -> QuerySet[Org]:
    return Org.objects.filter(pk__in=subtree_ids(node, on=on, include_self=include_self))


def member_associations(node: Org | int, *, on: dt.date, group: str = "") -> list[OrgSpell]:
    """The member associations directly under `node` on `on` (its last day, if it had ended), of `group` if
    given: their spells of that day, so each carries its name as it stood, in Vietnamese order of that name."""
    on = tree_day(node, on)
    rows = OrgSpell.objects.filter(valid_on(on), parent=node, org__kind="association").select_related("org")
    if group:
        rows = rows.filter(org__group=group)
    return sorted(rows, key=lambda spell: (spell.name_sort, spell.org_id))


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
    scheduled: str = ""  # the change scheduled for it after today, as announced (decision 0007)
    members: int | None = None  # its subtree's current members, where the page shows them
    stood_under: Org | None = None  # where a unit held today stood on a past date (`held_elsewhere`)


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


def held_elsewhere(root: Org | int, *, on: dt.date) -> list[TreeNode]:
    """The units `root` holds today (`visible_ids`) that stood elsewhere on a past date `on`, as the trees they
    formed that day, each top one with the unit it stood under then (`parent_id`; decision 0007): Bắc Giang's
    union and its associations in Bắc Ninh's tree of 2023, where they stood, not under Bắc Ninh. Only units that
    existed that day and that `root` holds today are shown."""
    if on >= today():
        return []
    held = set(visible_ids([_pk(root)]).values_list("pk", flat=True))
    then = set(subtree_ids(root, on=on).values_list("descendant_id", flat=True))
    spells = OrgSpell.objects.filter(valid_on(on), org_id__in=held - then).select_related("org", "parent")
    nodes = {s.org_id: _tree_node(s, depth=0) for s in spells.only(*_TREE_FIELDS, "parent__name")}
    above = {s.org_id: s.parent for s in spells}
    tops: list[TreeNode] = []
    for node in nodes.values():
        parent = nodes.get(node.parent_id) if node.parent_id else None
        if parent is None:
            node.stood_under = above[node.org.pk]
            tops.append(node)
        else:
            parent.children.append(node)
    for node in nodes.values():
        node.children.sort(key=_tree_order)
        node.child_count = len(node.children)

    def place(node: TreeNode, depth: int) -> None:
        node.depth = depth
        for child in node.children:
            place(child, depth + 1)

    for top in tops:
        place(top, 0)
    return sorted(tops, key=_tree_order)


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


def issuer_on(node: Org, *, on: dt.date) -> tuple[str, str]:
    """The names a document `node` issues on `on` is headed with: its own and its superior's ("" for the root), as
    the tree stood that day (or, for a unit that had ended, on its last day)."""
    day = tree_day(node, on)
    spell = spell_on(node, on=day)
    parent = spell.parent if spell else None
    return name_on(node, on=day), name_on(parent, on=day) if parent else ""


def search(query: str, *, on: dt.date, within: QuerySet[Org] | None = None, limit: int = 50) -> list[OrgSpell]:
    """Nodes whose name on `on` matches `query`, ignoring case and diacritics, and the units that had ended by then
    under their last name (the tree filter finds a dissolved union, marked as such)."""
    words = fold(query).split()
    ended = Q(valid_to=F("org__ended_on"), valid_to__lte=on)
    spells = OrgSpell.objects.filter(valid_on(on) | ended).select_related("org", "parent")
    for word in words:
        spells = spells.filter(name_folded__contains=word)
    if within is not None:
        spells = spells.filter(org__in=within)
    return list(spells.order_by("name_sort")[:limit])


LOOKUP_LIMIT = 20


def unit_lookup(q: str, *, among: QuerySet[Org], limit: int = LOOKUP_LIMIT) -> list[OrgSpell]:
    """What a unit picker offers as the user types: the first `limit` of `among` (the units the field may take)
    whose current name holds every word of `q`, case and diacritics ignored, in Vietnamese order; an empty `q`
    gives the first ones. Each comes as its last spell (an ended unit's last name), its `parent` selected, so
    that namesakes can be told apart by the unit above them."""
    last = OrgSpell.objects.filter(Q(valid_to__isnull=True) | Q(valid_to=F("org__ended_on")))
    last = last.filter(filtering.each_word("name_folded")(q))
    rows = last.filter(org__in=among.order_by().values("pk")).select_related("org", "parent")
    return list(rows.order_by("name_sort", "org_id")[:limit])


def timeline(node: Org) -> QuerySet[OrgEvent]:
    # The unit too: every event's sentence (`OrgEvent.summary`) names it.
    return OrgEvent.objects.filter(org=node).select_related("org", "actor").order_by("-effective_on", "-id")


def history(node: Org) -> QuerySet[OrgSpell]:
    return OrgSpell.objects.filter(org=node).select_related("parent").order_by("valid_from")


# --- Who may see what ------------------------------------------------------------------------


def holds(on: dt.date, prefix: str = "") -> Q:
    """Closure rows through which a node holds a unit on `on`, for access and for every list (decision 0007): the
    rows valid that day, and those closed on or before it because the unit itself ended there (`final`). A row dated
    ahead (a scheduled change's) does not hold yet; a row a scheduled change will close still does."""
    return Q(**{f"{prefix}valid_from__lte": on}) & (Q(**{f"{prefix}final": True}) | Q(**{f"{prefix}valid_to__gt": on}))


def held_ids(node_ids: list[int], *, on: dt.date | None = None) -> QuerySet[OrgClosure, Any]:
    """Ids of the units that nodes `node_ids` hold on `on` (today by default): their subtree that day with the
    whole history of its units, and the units that ended while under them (a values queryset, for a subquery)."""
    rows = OrgClosure.objects.filter(holds(on or today()), ancestor_id__in=node_ids)
    return rows.values("descendant_id")


def held_by(node: Org) -> Q:
    """Rows whose `org` is a unit `node` holds today (a list's unit filter, all dates: `held_ids`)."""
    return Q(org_id__in=held_ids([node.pk]))


def roles_active(user: Any, *, on: dt.date | None = None) -> QuerySet[Role]:
    on = on or today()
    return Role.objects.filter(valid_on(on), user=user).select_related("org").order_by("org__name_sort", "kind")


def visible_ids(role_org_ids: list[int], *, on: dt.date | None = None) -> QuerySet[Org, Any]:
    """Ids of the nodes that roles on `role_org_ids` give access to on `on` (today by default).

    The subtree that day with the whole history of every node in it, plus the nodes that were
    dissolved or merged away while they stood under it (`held_ids`), plus the units merged into
    one of those by then (a successor keeps its predecessors' records). Changes dated ahead
    change nothing yet (decision 0007).
    """
    on = on or today()
    direct = held_ids(role_org_ids, on=on)
    return Org.objects.filter(Q(pk__in=direct) | merged_into(direct, on=on)).values("pk")


def merged_into(held: QuerySet[Any, Any], *, on: dt.date) -> Q:
    """Units merged by `on` into one of `held` (ids, a subquery): a successor keeps its predecessors' records.
    That a merged unit has a successor is said outright: the planner then reads the few such units by their
    successor's index, where from the IN alone it scanned every unit of the tree for those ended (a province
    officer's list: 12 -> 2 ms of PostgreSQL at 20,000 units; docs/benchmarks.md, "Session 26")."""
    return Q(successor_id__isnull=False, successor_id__in=held, ended_on__lte=on)


def visible_id_list(role_org_ids: list[int], *, on: dt.date | None = None) -> list[int]:
    """`visible_ids` read into a list, as the lists filter on it (`permissions.org_ids_at_least`): its two parts
    joined by a UNION, which reads the subtree's closure rows and the ended units, where the OR of `visible_ids`
    made the planner scan and hash every node of the tree (a province officer at 20,000 nodes: 13 → 5 ms of CPU,
    docs/benchmarks.md "Session 12")."""
    on = on or today()
    direct = held_ids(role_org_ids, on=on)
    merged = Org.objects.filter(merged_into(direct, on=on)).values_list("pk", flat=True)
    return list(direct.values_list("descendant_id", flat=True).union(merged))


def ended_visible_ids(node: Org | int, *, on: dt.date) -> list[int]:
    """The units a role on `node` gives access to on `on` (`visible_ids`) that have ended by then: those that ended
    while under it (the closure rows kept to a unit's end, `final`, closed by `on`) and those merged into a unit it
    holds. `visible_ids` less `node`'s subtree that day. Read as ids (a province holds ~15 of its ~300; a query
    using them as a subquery walked the country's memberships by date: 30,000 buffers, 330 ms)."""
    ended_under = OrgClosure.objects.filter(ancestor=node, final=True, valid_to__lte=on).values_list("descendant_id")
    pk = node.pk if isinstance(node, Org) else node
    merged_in = Org.objects.filter(merged_into(held_ids([pk], on=on), on=on)).values_list("pk")
    return [unit for (unit,) in ended_under.union(merged_in)]


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
    """The latest changes anywhere in `node`'s subtree today, those scheduled ahead first (marked `scheduled`),
    cancelled ones left out. A unit scheduled to come under the subtree is not in it yet: its coming shows as the
    mirror row written on the unit it comes under."""
    on = today()
    ids = subtree_ids(node, on=on)
    # The mirror rows written on a parent when a unit comes or goes repeat the unit's own event.
    mirrors = [EventKind.CHILD_IN, EventKind.CHILD_OUT]
    rows = OrgEvent.objects.filter(org_id__in=ids).exclude(kind=EventKind.CANCEL)
    rows = rows.filter(~Q(kind__in=mirrors) | Q(kind=EventKind.CHILD_IN, effective_on__gt=on))
    found = list(rows.select_related("org", "actor").order_by("-effective_on", "-id")[: limit * 2])
    cancelled = cancelled_ids(e for e in found if e.effective_on > on)
    coming = {e.data["child"]["id"] for e in found if e.kind == EventKind.CHILD_IN}
    inside = set(subtree_ids(node, on=on).filter(descendant_id__in=coming).values_list("descendant_id", flat=True))
    chosen = [
        e
        for e in found
        if e.pk not in cancelled and not (e.kind == EventKind.CHILD_IN and e.data["child"]["id"] in inside)
    ][:limit]
    for event in chosen:
        event.scheduled = event.effective_on > on  # type: ignore[attr-defined]
    return chosen


# --- Scheduled changes (decision 0007) ----------------------------------------------------------------------------

# The events that start a change of the tree; a scheduled one can be cancelled (`services.org_change_cancel`).
CHANGE_KINDS = (EventKind.MOVE, EventKind.MERGE_OUT, EventKind.SPLIT, EventKind.DISSOLVE, EventKind.RENAME)


def cancelled_ids(events: Any) -> set[int]:
    """Which of `events` (dated ahead: only a scheduled change can be cancelled) a `cancel` event names."""
    events = list(events)
    if not events:
        return set()
    cancels = OrgEvent.objects.filter(
        kind=EventKind.CANCEL,
        org_id__in={e.org_id for e in events},
        effective_on__in={e.effective_on for e in events},
    )
    named = {pk for data in cancels.values_list("data", flat=True) for pk in data.get("events", [])}
    return {e.pk for e in events if e.pk in named}


def scheduled_changes(node_ids: Any, *, on: dt.date | None = None) -> list[OrgEvent]:
    """The changes dated after `on` (today) of units `node_ids` (ids or a subquery) and of the units scheduled to
    come under them (their `child_in` mirror rows), not cancelled, in date order."""
    on = on or today()
    rows = OrgEvent.objects.filter(org_id__in=node_ids, effective_on__gt=on)
    rows = rows.filter(kind__in=[*CHANGE_KINDS, EventKind.CHILD_IN])
    found = list(rows.select_related("org", "actor").order_by("effective_on", "id"))
    # A unit founded ahead under one of them is not a coming from elsewhere.
    found = [e for e in found if e.kind != EventKind.CHILD_IN or e.data.get("origin")]
    cancelled = cancelled_ids(found)
    found = [e for e in found if e.pk not in cancelled]
    # A unit moving within the subtree shows as its own move, not again as its coming.
    moving = {e.org_id for e in found if e.kind == EventKind.MOVE}
    return [e for e in found if not (e.kind == EventKind.CHILD_IN and e.data["child"]["id"] in moving)]


def change_named(event: OrgEvent) -> list[Org]:
    """The other units a change names, on which cancelling it needs MANAGE: where a moved unit goes, a merge's
    target, where a dissolved unit's units go."""
    data = event.data
    if event.kind == EventKind.MOVE:
        ref = data["after"]["parent"]
    elif event.kind == EventKind.MERGE_OUT:
        ref = data["into"]
    else:
        ref = data.get("children_to")  # a dissolution's; None for the others
    ids = [ref["id"]] if ref else []
    return list(Org.objects.filter(pk__in=ids))


@dataclass
class MoveImpact:
    """What moves with a unit, for the move's preview: its subtree's units, and whose roles reach it today and would
    not after the move (`losing`), and the reverse (`gaining`), as sorted user lists."""

    units: int
    scheduled: bool
    losing: list[Any]
    gaining: list[Any]


def move_impact(org: Org, *, to: Org, on: dt.date) -> MoveImpact:
    """Reads only (the preview stays free of side effects): the chains above the unit and above its destination
    today, and the roles valid today on each."""
    now = today()
    units = OrgClosure.objects.filter(valid_on(now), ancestor=org).count()
    above_old = set(
        OrgClosure.objects.filter(valid_on(now), descendant=org, depth__gt=0).values_list("ancestor_id", flat=True)
    )
    above_new = set(OrgClosure.objects.filter(valid_on(now), descendant=to).values_list("ancestor_id", flat=True))
    inside = set(subtree_ids(org, on=now).values_list("descendant_id", flat=True))
    holders: dict[int, set[int]] = {}
    users: dict[int, Any] = {}
    for role in Role.objects.filter(valid_on(now), org_id__in=above_old | above_new | inside).select_related("user"):
        holders.setdefault(role.user_id, set()).add(role.org_id)
        users[role.user_id] = role.user
    before = {u for u, orgs in holders.items() if orgs & (above_old | inside)}
    after = {u for u, orgs in holders.items() if orgs & (above_new | inside)}

    def named(ids: set[int]) -> list[Any]:
        return sorted((users[u] for u in ids), key=lambda user: str(user))

    return MoveImpact(units=units, scheduled=on > now, losing=named(before - after), gaining=named(after - before))


def scheduled_for(node: Org | int) -> list[OrgEvent]:
    """The changes scheduled for `node` itself (not cancelled): what its page and its tree row announce."""
    return [e for e in scheduled_changes([_pk(node)]) if e.kind in CHANGE_KINDS]


def roles_on(node: Org) -> QuerySet[Role]:
    return Role.objects.filter(org=node).select_related("user").order_by("valid_to", "kind", "user__username")


# --- Records as the tree stood ------------------------------------------------------------------------
# Dated records (an activity, an honour, a spending line) count for a node when their unit stood under it on the
# record's own date; yearly records (an initiative, a budget, a rating) when their unit stood under it at the end
# of their year (decision 0004). Every app filters its records through these two, so a figure is counted one way.


def is_whole_tree(node: Org | int) -> bool:
    """Whether `node` tops the only tree: it never stood under another unit, and no other unit ever stood at a top.
    Every unit then stood under `node` every day it existed, so a record dated within its unit's life (as every
    service dates it: `Org.check_exists_on`) is under `node` without the closure join of `stood_under`. One indexed
    read; a national list skips the join of 32,000 trainings to the tree (1.1 s → ms, docs/benchmarks.md)."""
    pk = node if isinstance(node, int) else node.pk
    roots = OrgSpell.objects.filter(parent__isnull=True).values_list("org_id", flat=True).distinct().order_by()
    return list(roots[:2]) == [pk]


def stood_under(
    node: Org | int | list[int], *, start: dt.date, end: dt.date, date_field: str, org_field: str = "org"
) -> Q:
    """Rows dated in [start, end] whose unit stood under `node`, or is `node`, on the row's own date, as a join to
    `node`'s closure row valid on that date. At most one such row exists per record (a unit's rows under one
    ancestor never overlap), so counts and sums are not multiplied. Pass it to a single `filter()`: its
    conditions must share one join. Given a list of node ids, rows under any of them, each joined once per node it
    stood under: grouped by `<org_field>__closure_up__ancestor_id`, they are each node's (`reporting.registry.
    compute_each`).

    A join costs the same whatever moved during the period; lists of the units that moved (the whole tree after
    the 2025 reform, ~17,000 ids for the national union) cost ~50 ms of planning per query and as much again in
    Django (docs/benchmarks.md, "Activities")."""
    closure, on = f"{org_field}__closure_up__", F(date_field)
    ancestor = {f"{closure}ancestor_id__in": node} if isinstance(node, list) else {f"{closure}ancestor": node}
    return (
        Q(**{f"{date_field}__gte": start, f"{date_field}__lte": end, **ancestor})
        & Q(**{f"{closure}valid_from__lte": on})
        & (Q(**{f"{closure}valid_to__isnull": True}) | Q(**{f"{closure}valid_to__gt": on}))
        # Implied by the two above; lets the closure rows be narrowed to the period before the join.
        & Q(**{f"{closure}valid_from__lte": end})
        & (Q(**{f"{closure}valid_to__isnull": True}) | Q(**{f"{closure}valid_to__gt": start}))
    )


def held_in_years(
    node: Org | int, *, first_year: int, last_year: int, org_field: str = "org", year_field: str = "year"
) -> Q:
    """Yearly records of units under `node` for their year: under it at the year's end (today, for this year), or
    ended during the year while under it — as a join to `node`'s closure row for that year (at most one per
    record). Per-year `org IN (subtree)` conditions made PostgreSQL read every record of those years and test each
    against every year's subtree; the join starts from the node's units and reads their (org, year) index. Pass it
    to a single `filter()`: its conditions must share one join."""
    closure = f"{org_field}__closure_up__"
    per_year = Q(pk__in=[])
    for year in range(first_year, last_year + 1):
        on = min(dt.date(year, 12, 31), today())
        per_year |= Q(**{year_field: year, f"{closure}valid_from__lte": on}) & (
            Q(**{f"{closure}valid_to__isnull": True})
            | Q(**{f"{closure}valid_to__gt": on})
            | Q(**{f"{closure}final": True, f"{closure}valid_to__gt": dt.date(year, 1, 1)})
        )
    if first_year == last_year:
        # The year is already in `per_year`: said twice more, PostgreSQL multiplied the selectivities, expected an
        # eighth of the national union's records of this year and joined them one by one (the open year of the
        # national overview, computed on every request).
        return Q(**{f"{closure}ancestor": node}) & per_year
    return (
        Q(**{f"{closure}ancestor": node, f"{year_field}__gte": first_year, f"{year_field}__lte": last_year}) & per_year
    )


USER_LOOKUP_LIMIT = 20


def user_lookup(q: str, *, among: QuerySet[Any]) -> list[Any]:
    """The first USER_LOOKUP_LIMIT accounts of `among` (`permissions.grantable_users`: a province's few hundred)
    whose name, username or e-mail holds every word of `q`, case and diacritics ignored, in Vietnamese name order.
    Names are folded here, as accounts keep no folded column: a few columns of each account are read, not more."""
    words = fold(q).split()
    if not words or sum(len(word) for word in words) < 2:
        return []
    matched = [
        pk
        for pk, name, username, email in among.values_list("pk", "full_name", "username", "email").iterator()
        if all(word in fold(f"{name} {username} {email}") for word in words)
    ]
    accounts = list(among.filter(pk__in=matched))
    accounts.sort(key=lambda account: (vi_sort_key(account.display_name), account.pk))
    return accounts[:USER_LOOKUP_LIMIT]


def holder_emails(org_ids: list[int], *, kinds: list[str], on: dt.date | None = None) -> dict[int, list[str]]:
    """{unit id: the e-mail addresses of the active accounts holding a role of `kinds` on that unit itself on `on`}
    (today by default), each list sorted: whom a reminder about the unit goes to. One query."""
    rows = (
        Role.objects.filter(valid_on(on or today()), org_id__in=org_ids, kind__in=kinds, user__is_active=True)
        .exclude(user__email="")
        .values_list("org_id", "user__email")
    )
    found: dict[int, set[str]] = {}
    for org_id, email in rows:
        found.setdefault(org_id, set()).add(email)
    return {org_id: sorted(emails) for org_id, emails in found.items()}
