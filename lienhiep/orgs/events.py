"""Sentences for event rows, written at display time so they follow the reader's language."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from lienhiep.orgs.models import AssociationGroup, EndReason, EventKind, OrgEvent, OrgKind, RoleKind


def _name(ref: dict[str, Any] | None, default: str = "") -> str:
    return ref["name"] if ref else default


FIELD_LABELS = {
    "group": lambda: _("group"),
    "address": lambda: _("address"),
    "phone": lambda: _("phone"),
    "email": lambda: _("e-mail"),
    "website": lambda: _("website"),
    "notes": lambda: _("notes"),
}


def _value(key: str, value: Any) -> str:
    if key == "group":
        return str(AssociationGroup(value).label) if value else "—"
    return str(value) if value not in ("", None) else "—"


def describe(event: OrgEvent) -> str:  # noqa: C901 - one branch per kind reads best
    d = event.data
    org = event.org.name
    kind = event.kind
    if kind == EventKind.CREATE:
        label = OrgKind(d["kind"]).label
        if d.get("parent"):
            return _("%(name)s founded as a %(kind)s under %(parent)s.") % {
                "name": d["name"], "kind": label, "parent": _name(d["parent"]),
            }  # fmt: skip
        return _("%(name)s founded as a %(kind)s.") % {"name": d["name"], "kind": label}
    if kind == EventKind.UPDATE:
        changes = [
            _("%(field)s: %(before)s → %(after)s")
            % {"field": FIELD_LABELS[k](), "before": _value(k, d["before"][k]), "after": _value(k, v)}
            for k, v in d["after"].items()
        ]
        return _("Details changed: %(changes)s.") % {"changes": "; ".join(changes)}
    if kind == EventKind.RENAME:
        return _("Renamed from “%(before)s” to “%(after)s”.") % {
            "before": d["before"]["name"], "after": d["after"]["name"],
        }  # fmt: skip
    if kind == EventKind.MOVE and d.get("subtree_size", 1) == 1:
        return _("%(name)s moved from %(before)s to %(after)s.") % {
            "name": org,
            "before": _name(d["before"]["parent"], _("the top level")),
            "after": _name(d["after"]["parent"]),
        }
    if kind == EventKind.MOVE:
        return _("%(name)s moved from %(before)s to %(after)s, with the %(count)s units under it.") % {
            "name": org,
            "before": _name(d["before"]["parent"], _("the top level")),
            "after": _name(d["after"]["parent"]),
            "count": d["subtree_size"] - 1,
        }
    if kind == EventKind.CHILD_IN:
        if d.get("origin"):
            return _("%(child)s came under %(name)s from %(origin)s.") % {
                "child": _name(d["child"]), "name": org, "origin": _name(d["origin"]),
            }  # fmt: skip
        return _("%(child)s was founded under %(name)s.") % {"child": _name(d["child"]), "name": org}
    if kind == EventKind.CHILD_OUT:
        if d.get("destination"):
            return _("%(child)s left %(name)s for %(destination)s.") % {
                "child": _name(d["child"]), "name": org, "destination": _name(d["destination"]),
            }  # fmt: skip
        return _("%(child)s ended (%(reason)s).") % {
            "child": _name(d["child"]), "reason": EndReason(d.get("reason", EndReason.DISSOLVED)).label,
        }  # fmt: skip
    if kind == EventKind.MERGE_IN:
        return _("%(names)s merged into %(name)s.") % {
            "names": ", ".join(_name(s) for s in d["sources"]), "name": org,
        }  # fmt: skip
    if kind == EventKind.MERGE_OUT:
        return _("%(name)s merged into %(target)s and ended.") % {"name": org, "target": _name(d["into"])}
    if kind == EventKind.SPLIT:
        parts = ", ".join(_name(p) for p in d["parts"])
        if d.get("kept"):
            return _("New units split off from %(name)s: %(parts)s.") % {"name": org, "parts": parts}
        return _("%(name)s split into %(parts)s and ended.") % {"name": org, "parts": parts}
    if kind == EventKind.DISSOLVE:
        if d.get("children_to"):
            return _("%(name)s dissolved; its %(count)s units moved to %(target)s.") % {
                "name": org, "count": len(d.get("moved", [])), "target": _name(d["children_to"]),
            }  # fmt: skip
        return _("%(name)s dissolved.") % {"name": org}
    if kind == EventKind.ROLE_GRANT:
        return _("%(user)s given the role %(role)s on %(name)s.") % {
            "user": _name(d["user"]), "role": RoleKind(d["role"]).label, "name": org,
        }  # fmt: skip
    if kind == EventKind.ROLE_END:
        return _("The role %(role)s of %(user)s on %(name)s ended.") % {
            "user": _name(d["user"]), "role": RoleKind(d["role"]).label, "name": org,
        }  # fmt: skip
    if kind == EventKind.CANCEL:
        change = OrgEvent(org=event.org, kind=d["change"]["kind"], data=d["change"]["data"])
        return _("Cancelled the change scheduled for %(date)s: %(change)s") % {
            "date": f"{event.effective_on:%d/%m/%Y}", "change": describe(change),
        }  # fmt: skip
    return str(event.get_kind_display())


def scheduled_label(event: OrgEvent) -> str:
    """A change dated ahead as its unit's page and tree row announce it (decision 0007)."""
    d, date = event.data, f"{event.effective_on:%d/%m/%Y}"
    if event.kind == EventKind.MOVE:
        return _("Moves to %(parent)s from %(date)s") % {"parent": _name(d["after"]["parent"]), "date": date}
    if event.kind == EventKind.MERGE_OUT:
        return _("To be merged into %(target)s from %(date)s") % {"target": _name(d["into"]), "date": date}
    if event.kind == EventKind.DISSOLVE:
        return _("To be dissolved from %(date)s") % {"date": date}
    if event.kind == EventKind.SPLIT:
        return _("To be split from %(date)s") % {"date": date}
    if event.kind == EventKind.RENAME:
        return _("To be renamed “%(name)s” from %(date)s") % {"name": d["after"]["name"], "date": date}
    if event.kind == EventKind.CHILD_IN:
        return _("%(child)s moves from %(origin)s to %(name)s from %(date)s") % {
            "child": _name(d["child"]), "origin": _name(d["origin"]), "name": event.org.name, "date": date,
        }  # fmt: skip
    return describe(event)
