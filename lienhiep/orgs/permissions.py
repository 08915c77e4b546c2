"""Access to organisation nodes. A role holds on a node and everything under it.

Not visible: 404, the same answer as for a node that does not exist. Visible but the role does not
allow the action: 403.
"""

from __future__ import annotations

import datetime as dt
import enum
import operator
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, Model, QuerySet
from django.http import Http404, HttpRequest, QueryDict

from lienhiep.core.compiled import Compiled
from lienhiep.core.forms import FilterForm
from lienhiep.core.http import id_param
from lienhiep.core.permissions import allows, get_for_user, get_or_404, require_allowed
from lienhiep.orgs import selectors
from lienhiep.orgs.grants import valid_on as grant_valid_on
from lienhiep.orgs.models import ALLOWED_PARENT_KINDS, ObjectGrant, Org, OrgClosure, OrgEvent, Role, RoleKind


class Access(enum.IntEnum):
    VIEW = 1  # read the node and its records
    EDIT = 2  # record data on the node (activities, members, details)
    MANAGE = 3  # change the tree (create, rename, move, merge, split, dissolve) and roles


ROLE_ACCESS: dict[str, Access] = {
    RoleKind.LEADER: Access.VIEW,
    RoleKind.SECRETARY: Access.EDIT,
    RoleKind.OFFICER: Access.MANAGE,
}


def _roles(user: int, on: dt.date) -> QuerySet[Role]:
    """A user's roles valid on `on` with their units. Whether the user also holds a grant (an officer who is an
    expert elsewhere: the sidebar then shows their assignments) rides on the same query, a subquery on each row."""
    held = ObjectGrant.objects.filter(grant_valid_on(on), user=user)
    return selectors.roles_active(user, on=on).annotate(granted=Exists(held))


# Read on every request of a signed-in user (orgs.middleware), always the same SQL: compiled once per process
# (core/compiled.py), which took 2.6 of the read's 3.2 ms of CPU. Read again on every request: a role revoked or a
# grant given is seen on the next one.
_ROLES = Compiled(_roles, user=int, on=dt.date)


def roles_today(user: Any) -> list[Role]:
    """The user's roles valid today with their units (`selectors.roles_active`), read now through the compiled
    query: what a login asks of them (accounts.policy's rules: the second factor, the idle limit, the password's
    words), not the request's copy `_role_levels` keeps on the user."""
    return _ROLES.rows(user=user.pk, on=selectors.today())


def _role_levels(user: Any) -> dict[int, Access]:
    """{role node id: strongest access} for the user's roles valid today, cached on the user."""
    cached = getattr(user, "_lienhiep_role_levels", None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    levels: dict[int, Access] = {}
    kinds: dict[int, str] = {}
    orgs: dict[int, Org] = {}  # by name (the roles' order)
    granted = False
    if user.is_authenticated:
        for role in _ROLES.rows(user=user.pk, on=selectors.today()):
            level = ROLE_ACCESS[role.kind]
            levels[role.org_id] = max(level, levels.get(role.org_id, Access.VIEW))
            kinds[role.org_id] = role.org.kind
            orgs.setdefault(role.org_id, role.org)
            granted = granted or role.granted  # type: ignore[attr-defined]
    user._lienhiep_role_levels = levels
    user._lienhiep_role_granted = granted
    user._lienhiep_role_org_kinds = kinds
    user._lienhiep_role_orgs = (levels, list(orgs.values()))
    return levels


def holds_grants_too(user: Any) -> bool:
    """Whether a user with a role also holds a per-object grant today (read with the roles, no query of its own)."""
    _role_levels(user)
    return bool(getattr(user, "_lienhiep_role_granted", False))


def is_system_admin(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_superuser and user.is_active)


def _holders_of(unit: int, on: dt.date) -> QuerySet[OrgClosure, int]:
    """The nodes that hold `unit` on `on` (itself and those above it, by the closure's rows of that day)."""
    return OrgClosure.objects.filter(selectors.holds(on), descendant_id=unit).values_list("ancestor_id", flat=True)


# Asked once or more on every request that opens a record (the access functions): building and compiling this
# query was ~1.5 of the 1.8 ms of CPU `access_level` cost (docs/benchmarks.md, session 17, req11).
_HOLDERS_OF = Compiled(_holders_of, unit=int, on=dt.date)


def access_level(user: Any, org: Org | int) -> Access | None:
    """The strongest access the user's roles give on `org`, or None when it is not visible."""
    if is_system_admin(user):
        return Access.MANAGE
    if not _role_levels(user):
        return None
    org = org if isinstance(org, Org) else Org.objects.get(pk=org)
    return access_levels(user, [org])[org.pk]


def access_levels(user: Any, orgs: Iterable[Org]) -> dict[int, Access | None]:
    """`access_level` of each of `orgs`, by id, their closure rows read at once (a person's units: one query where
    one a unit was asked, twice each, four times a page)."""
    orgs = list(orgs)
    if is_system_admin(user):
        return {org.pk: Access.MANAGE for org in orgs}
    levels = _role_levels(user)
    if not levels or not orgs:
        return dict.fromkeys((org.pk for org in orgs), None)
    on = selectors.today()
    found: dict[int, set[Access]] = {org.pk: set() for org in orgs}
    if len(orgs) == 1:
        # One unit, the access function's question on nearly every request: its holders that day (the few nodes above
        # it, whatever roles the user has), through SQL compiled once; the roles' nodes picked among them here.
        unit = orgs[0].pk
        found[unit].update(levels[pk] for pk in _HOLDERS_OF.rows(unit=unit, on=on) if pk in levels)
    else:
        holders = OrgClosure.objects.filter(
            selectors.holds(on), descendant_id__in=[org.pk for org in orgs], ancestor_id__in=list(levels)
        )
        for ancestor, descendant in holders.values_list("ancestor_id", "descendant_id"):
            found[descendant].add(levels[ancestor])
    for org in orgs:
        if org.successor_id is not None and org.ended_on is not None and org.ended_on <= on:
            # A unit merged into another is kept by its successor, with the successor's records.
            inherited = access_level(user, org.successor_id)
            if inherited is not None:
                found[org.pk].add(inherited)
    return {pk: max(got) if got else None for pk, got in found.items()}


def _holders(user: Any, need: Access) -> list[int]:
    """The nodes the user's roles sit on that give at least `need`."""
    return [pk for pk, level in _role_levels(user).items() if level >= need]


def role_org_ids(user: Any, need: Access = Access.VIEW) -> list[int]:
    """The nodes the user's roles valid today sit on that give at least `need` (not their subtrees): whether the
    user stands under a node (contests' line of an edition, decision 0016) is asked of these."""
    return _holders(user, need)


# The kinds of unit that may stand at the top of the tree (a national union), and only those.
ROOT_KINDS = frozenset(kind for kind, parents in ALLOWED_PARENT_KINDS.items() if None in parents)


def holds_at_least(user: Any, need: Access) -> bool:
    """Whether the user's roles give `need` somewhere (a node reaches itself): `orgs_at_least(...).exists()`
    without its query over the tree, from the roles the request read already (a button shown or not)."""
    return sees_everything(user, need) or bool(_holders(user, need))


def sees_everything(user: Any, need: Access = Access.VIEW) -> bool:
    """A system administrator, or a role giving `need` on a node that stands at the top of the tree today."""
    if is_system_admin(user):
        return True
    # Only a national union stands at the top and every other unit stands under one (`ALLOWED_PARENT_KINDS`, kept
    # by every tree operation): a role on the only national union standing today reaches every unit. No query for
    # anyone else; checking it against the closure of 20,000 units took 70–380 ms on every page.
    holders = _holders(user, need)  # (reads the roles once per request, with their units' kinds)
    kinds: dict[int, str] = getattr(user, "_lienhiep_role_org_kinds", {})
    roots = [pk for pk in holders if kinds.get(pk) in ROOT_KINDS]
    if not roots:
        return False
    # Asked of every picker and filter of a national officer's page, for every level: answered once with the roles
    # it was asked of (cached on the user for the request; read again when the roles are).
    levels = _role_levels(user)
    cached = getattr(user, "_lienhiep_only_roots", None)
    if cached is None or cached[0] is not levels:
        cached = (levels, {})
        user._lienhiep_only_roots = cached
    answers: dict[int, bool] = cached[1]
    if roots[0] not in answers:
        answers[roots[0]] = is_only_root(roots[0], on=selectors.today())
    return answers[roots[0]]


def is_only_root(pk: int, *, on: Any) -> bool:
    """Whether the unit `pk`, of a kind that stands at the top of the tree, is the only one standing on `on`: its
    subtree is then the whole tree. One query."""
    return not Org.objects.filter(selectors.live_on(on), kind__in=ROOT_KINDS).exclude(pk=pk).exists()


def orgs_at_least(user: Any, need: Access = Access.VIEW, *, active: bool = False) -> QuerySet[Org]:
    """The nodes where the user's roles give at least `need`, by name: what a user sees (VIEW) or may record on
    (EDIT), for every picker, filter and list. A role reaches today's subtree of its node with the whole history
    of its nodes (`selectors.visible_ids`): ended units too, since figures about a dissolved union's years are
    still asked for; with `active`, only the units that have not ended (where new records go)."""
    # Built once per request for each (need, active): a page asks for it two to four times (its pickers, filters and
    # lists), and building the query (not running it) cost 5-10 % of a page's time. Cached on the user beside the
    # roles it was built from; each caller gets its own copy (`all()`: nothing evaluated is shared).
    on = selectors.today()
    levels = _role_levels(user)
    cached = getattr(user, "_lienhiep_orgs_at_least", None)
    if cached is None or cached[0] is not levels:
        cached = (levels, {})
        user._lienhiep_orgs_at_least = cached
    built: dict[tuple[Any, ...], QuerySet[Org]] = cached[1]
    rows = built.get((need, active, on))
    if rows is None:
        # Not filtered at all when it is the whole tree: the planner cannot tell the country's visible set from a
        # province's, and a unit picker's check of the one unit chosen took 60 ms for a national officer.
        holders = None if sees_everything(user, need) else tuple(_holders(user, need))
        # The levels whose roles sit on the same nodes reach the same units (a province officer's VIEW, EDIT and
        # MANAGE): their filter is built once (3.4 ms of CPU each, the nested subqueries' aliases relabelled).
        base = built.get(("visible", holders, on))
        if base is None:
            base = Org.objects.all()
            if holders is not None:
                base = base.filter(pk__in=selectors.visible_ids(list(holders), on=on))
            built["visible", holders, on] = base
        rows = base.filter(selectors.live_on(on)) if active else base
        rows = built[(need, active, on)] = rows.order_by("name_sort")
    return rows.all()


def org_ids_at_least(
    user: Any, need: Access = Access.VIEW, *, within: Org | None = None, on: dt.date | None = None
) -> list[int] | None:
    """`orgs_at_least` as a plain list of ids, for the lists' filters; None when it is the whole tree, so that no
    filter is added at all (as a subquery, the planner cannot tell a province's few hundred nodes from the
    whole tree).

    None too where a list is bounded `within` a unit already (its filter), listed as it stands `on` a day, and that
    bound lies within what the user sees: a unit one of the user's roles giving `need` sits on, listed as it stands
    today (a role reaches today's subtree of its unit, `selectors.visible_ids`). A province officer's list of their
    province then reads no ids of everything they see (~5 ms of PostgreSQL) and sends no array of a few hundred of
    them with each of its queries (docs/benchmarks.md, "list13")."""
    if within is not None and within.pk in _holders(user, need) and (on is None or on == selectors.today()):
        return None
    if sees_everything(user, need):
        return None
    return selectors.visible_id_list(_holders(user, need), on=selectors.today())


@dataclass(frozen=True, slots=True)
class Filtered[F, R]:
    """A list as a user sees it, filtered (`filtered`): its filter form, its rows (the selector's answer, not read
    yet) and the ids of the units the user sees (None: the whole tree)."""

    form: F
    rows: R
    visible: list[int] | None


def filtered[F: FilterForm, R](
    user: Any, query: QueryDict, form: type[F], select: Callable[..., R], make: Callable[..., Any]
) -> Filtered[F, R]:
    """A list as `user` sees it today, filtered as `query` (the list page's query string) asks: the `form` of its
    filters over the units the user sees, and `select(visible_org_ids=…, filters=form.filters(make))`. The list's
    page and its export (CSV in the request, Excel in the background: `core.exports`) read it here, so that the
    file holds the rows the page showed."""
    bound = filter_form(user, query, form)
    visible = org_ids_at_least(user)
    return Filtered(bound, select(visible_org_ids=visible, filters=bound.filters(make)), visible)


def filter_form[F: FilterForm](user: Any, query: QueryDict, form: type[F]) -> F:
    """A list's filter `form` over the units `user` sees, bound to `query` (the list page's query string; unbound
    when it is empty): what `filtered` reads, and a list that reads its rows its own way (the member list). A
    `?node=` that does not exist or lies outside the user's tree answers 404 (`named_node`), on the list's page as
    in its exports, as for any unit; one that is not an id filters nothing (the form leaves it out). Asked only of a
    unit the form refused: a unit it offers is the user's, and the form is validated by the list anyway."""
    bound = form(query or None, nodes=orgs_at_least(user))
    if bound.is_bound and "node" in bound.errors:
        named_node(user, query, "node")
    return bound


def root_orgs(user: Any) -> list[Org]:
    """The nodes the user's roles sit on (for a system administrator: the tree's roots)."""
    if is_system_admin(user):
        return list(Org.objects.filter(kind="national").order_by("name_sort")) or list(
            Org.objects.filter(spells__parent__isnull=True).distinct().order_by("name_sort")
        )
    # The units the roles were read with (every page asks, in orgs.middleware: no second query), unless the roles
    # were read again since.
    levels = _role_levels(user)
    cached = getattr(user, "_lienhiep_role_orgs", None)
    if cached is not None and cached[0] is levels:
        return list(cached[1])
    return list(Org.objects.filter(pk__in=list(levels)).order_by("name_sort"))


def get_held_for_user[M: Model](rows: QuerySet[M], pk: object, user: Any, need: Access, *, org: str = "org") -> M:
    """Row `pk` of `rows`, a record a node holds (an initiative, an honour, a budget line, a seat, …), checked
    against the user's access to that node, its attribute `org` (a dotted path for one held further up:
    "committee.congress.org"; select it related): 404 if it is missing or outside the user's subtree, 403 if
    inside without `need` (`core.permissions.get_for_user`)."""
    unit = operator.attrgetter(org)
    return get_for_user(rows, pk, user, need, lambda who, row: access_level(who, unit(row)))


def get_org_for_user(user: Any, pk: int | str | None, *, need: Access = Access.VIEW) -> Org:
    """The one access function for organisation nodes. `pk` may come as a request sent it (see `node_asked`):
    anything but a number answers 404, as a node that does not exist."""
    return get_for_user(Org.objects.all(), pk, user, need, access_level)


def org_from_param(
    request: HttpRequest, name: str, *, or_working: bool = False, need: Access = Access.VIEW
) -> Org | None:
    """The node the query parameter `name` names (`?node=`, `?root=`, `?within=`); 404 for one that does not exist
    or lies outside the user's tree, as `get_org_for_user`. When it names none (empty or not an id): None, or with
    `or_working` the node the user works in (the header's switcher)."""
    node = named_node(request.user, request.GET, name, need=need)
    if node is None and or_working:
        return getattr(request, "working_org", None)
    return node


def named_node(user: Any, query: QueryDict, name: str, *, need: Access = Access.VIEW) -> Org | None:
    """The node the query parameter `name` names, checked as `get_org_for_user` checks it: 404 for one that does not
    exist or lies outside the user's tree. None when it names none (empty or not an id)."""
    pk = id_param(query.get(name))
    return None if pk is None else get_org_for_user(user, pk, need=need)


def page_node(request: HttpRequest, name: str = "node") -> Org:
    """The node a page or its export is about: the one `?node=` names (404 outside the user's tree), else the node
    the user works in; 404 when there is neither (a user with no role)."""
    node = org_from_param(request, name, or_working=True)
    if node is None:
        raise Http404
    return node


def node_asked(request: HttpRequest, field: str = "org", *, need: Access = Access.EDIT) -> str | None:
    """The node a create view acts on (the unit the new record is for), as the request names it: the form's
    `field` on POST, `?field=` on GET. When it names none: the node the user works in (the header's switcher),
    or, if the user may not do `need` there, the first node of their roles where they may. The view's access
    function then answers 404 or 403 for it, as for any object."""
    source = request.POST if request.method == "POST" else request.GET
    asked = source.get(field)
    if asked:
        return asked
    working = getattr(request, "working_org", None)
    mine = [working, *getattr(request, "role_orgs", [])] if working is not None else []
    chosen = next((org for org in mine if can(request.user, org, need)), working)
    return str(chosen.pk) if chosen is not None else None


def get_role_for_user(user: Any, pk: int, *, need: Access = Access.MANAGE) -> Role:
    """A role on a node, through that node: roles are granted and ended by those who manage it."""
    return get_held_for_user(Role.objects.select_related("user", "org"), pk, user, need)


def can(user: Any, org: Org, need: Access) -> bool:
    return allows(access_level(user, org), need)


def require_can(user: Any, org: Org, need: Access) -> None:
    """For services that record on a unit: PermissionDenied unless the user's roles give `need` on `org` (the view
    answered 404 or 403 through its access function)."""
    require_allowed(access_level(user, org), need)


def get_org_for_restructure(user: Any, pk: int) -> Org:
    """A node to rename, move, merge, split or dissolve: that takes MANAGE on the unit above it
    (a root can only be restructured by a system administrator)."""
    org = get_org_for_user(user, pk, need=Access.VIEW)
    if is_system_admin(user):
        return org
    parent = selectors.parent_on(org, on=selectors.today())
    if parent is None or not can(user, parent, Access.MANAGE):
        raise PermissionDenied
    return org


def pickable_orgs(
    user: Any, *, need: Access = Access.VIEW, active: bool = False, kinds: Iterable[str] = (), within: Org | None = None
) -> QuerySet[Org]:
    """The units a unit picker may offer: those where the user's roles give at least `need` (what they see, or may
    record on), with `active` only those that have not ended, of `kinds` if given, under `within` if given (what a
    role on it would reach). A form's queryset is one of these, or narrower; the lookup only ever narrows it."""
    rows = orgs_at_least(user, need, active=active)
    if kinds:
        rows = rows.filter(kind__in=list(kinds))
    if within is not None:
        rows = rows.filter(pk__in=selectors.visible_ids([within.pk]))
    return rows


def editable_among(user: Any, org_ids: Iterable[int]) -> set[int]:
    """Which of `org_ids` the user may record for: a list links those of its rows to their edit page."""
    return set(orgs_at_least(user, Access.EDIT).filter(pk__in=set(org_ids)).values_list("pk", flat=True))


def grantable_users(user: Any) -> QuerySet[Any]:
    """The accounts `user` may grant a role to: active accounts that hold or held a role on a unit `user` manages
    (every active account for the system administrator). The role form picks among them and says nothing of any
    other account, whether it exists or not (no account oracle): a new account, created by the system
    administrator, gets its first role from them."""
    from django.contrib.auth import get_user_model

    accounts = get_user_model()._default_manager.filter(is_active=True)
    if is_system_admin(user):
        return accounts
    managed = orgs_at_least(user, Access.MANAGE).order_by().values("pk")
    return accounts.filter(pk__in=Role.objects.filter(org_id__in=managed).values("user_id"))


def get_change_for_user(user: Any, pk: int, event_pk: int) -> OrgEvent:
    """A scheduled change of node `pk`, to cancel (decision 0007): whoever could make it today may, that is who may
    restructure the node (MANAGE on the unit above it) and manage every other unit the change names (where it
    goes, the merge's target). 404 for an event that is not a change of this node."""
    org = get_org_for_restructure(user, pk)
    event = get_or_404(OrgEvent.objects.filter(org=org, kind__in=selectors.CHANGE_KINDS), event_pk)
    if not is_system_admin(user) and not all(
        can(user, other, Access.MANAGE) for other in selectors.change_named(event)
    ):
        raise PermissionDenied
    return event
