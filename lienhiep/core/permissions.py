"""The shape every access function shares, once; and access to core's own objects (an export is its asker's alone).

An access function (`get_<object>_for_user(user, pk, need=…)`, one per protected object, in each app's
`permissions.py`) takes two steps, both here, so that the app's function states its rule and nothing else:

- `get_or_404(rows, pk)`: the row of `rows` (select what the rule reads related) that an id typed in a URL or posted
  in a form names; 404 for one that does not exist and for anything that is not an id (`core.http.id_param`);
- `require(granted, need)`: what the user is granted on that row — a level (`orgs.permissions.Access`, ordered) or a
  set of rights (a campaign's, a report's) — against what the request needs: nothing granted (None: outside what
  the user sees) 404, the same answer as for a row that does not exist; granted but not `need`: 403.

`get_for_user(rows, pk, user, need, access)` is the two together, for a rule written as `access(user, row)`
(`orgs.permissions.get_held_for_user` is it for the records a unit holds). Services, which are not asked what
exists, check with `require_allowed` (403 only) or `allows`.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Set as AbstractSet
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.db.models.query import ModelIterable
from django.http import Http404
from django.utils import timezone

from lienhiep.core.compiled import Compiled
from lienhiep.core.exports import EXPORT_KEEP
from lienhiep.core.http import id_param
from lienhiep.core.models import Export

# What a user is granted on an object: a level (an IntEnum, higher allows more), a set of rights, or None when the
# object is not theirs to see.
Granted = int | AbstractSet[Any] | None


def allows(granted: Granted, need: Any) -> bool:
    """Whether `granted` allows `need`: a level at least `need`, or a set of rights holding it."""
    if granted is None:
        return False
    if isinstance(granted, AbstractSet):
        return need in granted
    return bool(granted >= need)


def require(granted: Granted, need: Any) -> None:
    """Not visible (or not there): 404, the same answer either way. Visible but not allowed: 403."""
    if granted is None:
        raise Http404
    if not allows(granted, need):
        raise PermissionDenied


def require_allowed(granted: Granted, need: Any) -> None:
    """For services: PermissionDenied unless `granted` allows `need`. The view has already answered 404 or 403
    through its access function; this keeps the service safe for any other caller (a task, a command)."""
    if not allows(granted, need):
        raise PermissionDenied


def _first(rows: QuerySet[Any], by: str, number: int) -> QuerySet[Any]:
    """What `rows.filter(by=number).first()` runs: the row, by the rows' own order or else by id, the first."""
    found = rows.filter(**{by: number})
    return (found if found.ordered else found.order_by("pk"))[:1]


# The rows of an access function are nearly always a model's whole table with related rows to read
# (`Expert.objects.select_related("org", "person", "user")`): the same SQL on every request but for the id, which the
# ORM compiled anew each time (0.9 ms of CPU for a unit, 2.5-3 ms with three related tables, the query itself
# 0.1-0.2 ms; docs/benchmarks.md, session 17, req11). Such rows are compiled once per process (core/compiled.py),
# by what makes their SQL: the model, the related rows, the deferred columns, the field asked by and the database.
_SAME_SQL: dict[tuple[Any, ...], Compiled[Any]] = {}
# (and, left by the ORM's clone: a cache of the annotations, none here, and whether a filter's joins stay reusable)
_WHOLE_TABLE_MAY_DIFFER = frozenset(
    {"select_related", "deferred_loading", "_annotation_select_cache", "filter_is_sticky"}
)


def _compiled_first(rows: QuerySet[Any], by: str) -> Compiled[Any] | None:
    """The compiled `_first` for `rows` if they are a whole table (no filter, annotation, order, slice, distinct,
    prefetch: a query equal to the model's bare one but for `_WHOLE_TABLE_MAY_DIFFER`, which are in the key), else
    None."""
    if rows._prefetch_related_lookups or rows._iterable_class is not ModelIterable or rows._fields is not None:  # type: ignore[attr-defined]
        return None
    query, bare = rows.query, QuerySet(model=rows.model).query
    for name in vars(query).keys() | vars(bare).keys():
        if name not in _WHOLE_TABLE_MAY_DIFFER and getattr(query, name, None) != getattr(bare, name, None):
            return None
    key = (rows.model, by, *(repr(getattr(query, name)) for name in sorted(_WHOLE_TABLE_MAY_DIFFER)), rows.db)
    compiled = _SAME_SQL.get(key)
    if compiled is None:
        compiled = _SAME_SQL.setdefault(key, Compiled(lambda number: _first(rows, by, number), number=int))
    return compiled


def get_or_404[M: Model](rows: QuerySet[M], pk: object, *, by: str = "pk") -> M:
    """The row of `rows` whose `by` is `pk`, as a URL or a form sent it: anything but an id answers 404 without a
    query, as a row that does not exist."""
    number = id_param(pk)
    row = None
    if number is not None:
        compiled = _compiled_first(rows, by)
        row = (
            compiled.first(using=rows.db, number=number)
            if compiled is not None
            else rows.filter(**{by: number}).first()
        )
    if row is None:
        raise Http404
    return row


def get_for_user[M: Model](
    rows: QuerySet[M], pk: object, user: Any, need: Any, access: Callable[[Any, M], Granted]
) -> M:
    """Row `pk` of `rows`, checked by the rule `access(user, row)`: 404 if it is missing or `access` grants nothing,
    403 if what it grants does not allow `need`."""
    row = get_or_404(rows, pk)
    require(access(user, row), need)
    return row


def uploaded_by[M: Model](rows: QuerySet[M], user: Any) -> QuerySet[M]:
    """The rows of `rows` that `user` sent (their `actor`): a file, an import, an export is its sender's alone
    (none for an anonymous user)."""
    return rows.filter(actor_id=user.pk) if user.is_authenticated else rows.none()


def get_export_for_user(user: Any, pk: object) -> Export:
    """An export is seen only by the user who asked for it, while it is kept: anyone else, 404."""
    export = get_or_404(uploaded_by(Export.objects.all(), user), pk)
    if export.created_at < timezone.now() - EXPORT_KEEP:
        raise Http404
    return export
