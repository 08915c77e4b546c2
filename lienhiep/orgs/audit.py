"""The audit trail of a subtree: the event rows of every app's table (each concrete `core.models.AuditEvent`) about
the units under a node, filtered by user, table and object, and dates, newest first. A table's rows are about a
unit through the column its app declares (`AppConfig.audit_paths`: {"Model": "path to the unit"}, e.g. a person's
events through their memberships); a table with an `org` column needs no declaration; a table with neither (the
request log) is the system administrator's, in the admin."""

from __future__ import annotations

import datetime as dt
import heapq
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import Q
from django.utils import timezone

from lienhiep.core import declarations
from lienhiep.core.models import AuditEvent

LIMIT = 200  # rows a page shows
EXPORT_LIMIT = 20_000  # rows an export writes


@dataclass(frozen=True)
class Source:
    key: str  # "members.PersonEvent"
    model: type[AuditEvent]
    org_path: str  # lookup from an event row to its unit's id
    object_field: str  # the column naming what the row is about ("person_id", "target_id", "org_id")


def sources() -> list[Source]:
    """Every event table whose rows reach a unit, in label order."""
    declared = {f"{config.label}.{name}": route for config, (name, route) in declarations.by_app("audit_paths")}
    found = []
    for model in apps.get_models():
        if not issubclass(model, AuditEvent) or model._meta.abstract:
            continue
        label = model._meta.label
        names = {f.name for f in model._meta.concrete_fields}
        route = declared.get(label) or ("org" if "org" in names else "")
        if not route:
            continue
        obj = (
            "target_id"
            if "target_id" in names
            else next((f"{n}_id" for n in ("person", "report", "congress", "batch") if n in names), "org_id")
        )
        found.append(Source(label, model, f"{route}_id" if not route.endswith("_id") else route, obj))
    return sorted(found, key=lambda s: s.key)


@dataclass(frozen=True)
class Filters:
    org_ids: Any  # a values queryset of the subtree's ids
    actor_id: int | None = None
    source: str = ""
    object_id: int | None = None
    start: dt.date | None = None
    end: dt.date | None = None


def _rows(source: Source, filters: Filters, limit: int) -> list[AuditEvent]:
    inside = source.model._default_manager.filter(**{f"{source.org_path}__in": filters.org_ids}).values("pk")
    rows = source.model._default_manager.filter(pk__in=inside).select_related("actor")
    if filters.actor_id is not None:
        rows = rows.filter(actor_id=filters.actor_id)
    if filters.object_id is not None:
        rows = rows.filter(**{source.object_field: filters.object_id})
    zone = timezone.get_current_timezone()
    if filters.start:
        rows = rows.filter(at__gte=dt.datetime.combine(filters.start, dt.time(), zone))
    if filters.end:
        rows = rows.filter(at__lt=dt.datetime.combine(filters.end + dt.timedelta(days=1), dt.time(), zone))
    return list(rows.order_by("-at", "-id")[:limit])


def trail(filters: Filters, *, limit: int = LIMIT) -> list[tuple[Source, AuditEvent]]:
    """The newest `limit` rows of every table the filters keep, newest first."""
    chosen = [s for s in sources() if not filters.source or s.key == filters.source]
    per_table = [[(s, e) for e in _rows(s, filters, limit)] for s in chosen]
    merged = heapq.merge(*per_table, key=lambda pair: (pair[1].at, pair[0].key, pair[1].pk), reverse=True)
    return list(merged)[:limit]


def about(source: Source, event: AuditEvent) -> str:
    """What the row is about, as "table #id"."""
    value = getattr(event, source.object_field, None)
    return f"{source.model._meta.verbose_name} #{value}" if value is not None else str(source.model._meta.verbose_name)


def actor_choices(org_ids: Any) -> models.QuerySet[Any]:
    """The accounts holding or having held a role in the subtree: whom the trail may be filtered by."""
    from lienhiep.accounts.models import User

    return User.objects.filter(Q(roles__org_id__in=org_ids)).distinct().order_by("username")
