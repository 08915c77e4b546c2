"""Writes to the organisation tree. Every operation has an effective date, keeps history and
writes event rows; bad input raises ValidationError with a Vietnamese message and changes nothing.

Operations are appended to history: an effective date must not be earlier than the last change
already recorded for the nodes involved (inserting into the middle of history is refused).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from lienhiep.core import declarations, events
from lienhiep.core.dates import years_before
from lienhiep.core.text import fold, nfc, vi_sort_key
from lienhiep.orgs import selectors
from lienhiep.orgs.models import (
    ALLOWED_PARENT_KINDS,
    EndReason,
    EventKind,
    Org,
    OrgClosure,
    OrgEvent,
    OrgKind,
    OrgSpell,
    Role,
    RoleKind,
)


def _d(value: dt.date) -> str:
    return value.strftime("%d/%m/%Y")


def _ref(org: Org | None) -> dict[str, Any] | None:
    return {"id": org.pk, "name": org.name} if org else None


def _tree_changed(on: dt.date) -> None:
    """Called wherever closure rows are written: a change to the tree dated `on` made the database forget the
    figures from that date on (orgs.triggers watch those rows). Once it commits, the unions' overviews and counts
    are computed again in the background, so that their first reader does not wait (0.5–1.7 s for the country at
    a million activities). Once per transaction, however many units an operation changes (a merge changes one per
    unit); a rolled-back transaction (a preview) enqueues nothing; a change dated ahead changes nothing counted
    yet."""
    from django.db import connection

    if on <= selectors.today() and not any(entry[1] is _enqueue_warm for entry in connection.run_on_commit):
        transaction.on_commit(_enqueue_warm)


def _enqueue_warm() -> None:
    from lienhiep.orgs.tasks import figures_warm

    figures_warm.enqueue()


def preview(operation: Callable[..., Any], **kwargs: Any) -> list[OrgEvent]:
    """Run an operation and roll it back: the events it would write, i.e. exactly what would change."""
    with events.recording() as recorded, transaction.atomic():
        operation(**kwargs)
        transaction.set_rollback(True)
    return recorded


# --- Checks ---------------------------------------------------------------------------------------


def _check_exists_on(org: Org, on: dt.date) -> None:
    if on < org.founded_on:
        raise ValidationError(
            _("The effective date %(date)s is before %(name)s was founded (%(founded)s).")
            % {"date": _d(on), "name": org.name, "founded": _d(org.founded_on)},
            code="before_founding",
        )
    if org.ended_on is not None and on >= org.ended_on:
        raise ValidationError(
            _("%(name)s no longer existed on %(date)s (it ended on %(ended)s).")
            % {"name": org.name, "date": _d(on), "ended": _d(org.ended_on)},
            code="ended",
        )


def _check_not_before_last_change(org: Org, on: dt.date, *, with_subtree: bool = True) -> None:
    latest = selectors.last_change_on(org, with_subtree=with_subtree)
    if latest is not None and on < latest:
        raise ValidationError(
            _(
                "The effective date %(date)s is earlier than the last recorded change to %(name)s "
                "or the units under it (%(latest)s). Record changes in date order."
            )
            % {"date": _d(on), "name": org.name, "latest": _d(latest)},
            code="before_last_change",
        )


def _check_parent_kind(kind: str, parent: Org | None) -> None:
    allowed = ALLOWED_PARENT_KINDS[kind]
    parent_kind = parent.kind if parent else None
    if parent_kind not in allowed:
        if parent is None:
            message = _("A %(kind)s must stand under another unit.") % {"kind": OrgKind(kind).label}
        else:
            message = _("A %(kind)s cannot stand under a %(parent_kind)s (%(parent)s).") % {
                "kind": OrgKind(kind).label,
                "parent_kind": OrgKind(parent.kind).label,
                "parent": parent.name,
            }
        raise ValidationError(message, code="parent_kind")


def _check_unique_name(name: str, parent: Org | None, on: dt.date, *, exclude: set[int] | None = None) -> None:
    siblings = OrgSpell.objects.filter(selectors.valid_on(on), parent=parent, name_sort=vi_sort_key(name))
    sibling = siblings.exclude(org_id__in=exclude or set()).only("name").first()
    if sibling is not None:
        raise ValidationError(
            _("There is already a unit named “%(name)s” under %(parent)s on %(date)s.")
            % {"name": sibling.name, "parent": parent.name if parent else _("the top level"), "date": _d(on)},
            code="duplicate_name",
        )


def _clean_name(name: str) -> str:
    cleaned = " ".join(nfc(name).split())
    if not cleaned:
        raise ValidationError(_("The name must not be empty."), code="empty_name")
    return cleaned


# --- Closure maintenance ----------------------------------------------------------------------------


def _close_rows(pks: list[int], on: dt.date, *, final: bool) -> None:
    """End closure rows on `on`; rows that would last zero days are removed."""
    rows = OrgClosure.objects.filter(pk__in=pks)
    rows.filter(valid_from__gte=on).delete()
    rows.filter(valid_from__lt=on).update(valid_to=on, final=final)
    _tree_changed(on)


def _close_spell(org: Org, on: dt.date) -> OrgSpell | None:
    spell = OrgSpell.objects.filter(org=org, valid_to__isnull=True).first()
    if spell is None:
        return None
    if spell.valid_from >= on:
        spell.delete()
    else:
        spell.valid_to = on
        spell.save(update_fields=["valid_to"])
    return spell


def _open_spell(org: Org, *, parent: Org | None, name: str, short_name: str, on: dt.date) -> OrgSpell:
    spell = OrgSpell(
        org=org,
        parent=parent,
        name=name,
        short_name=short_name,
        name_folded=fold(name),
        name_sort=vi_sort_key(name),
        valid_from=on,
    )
    # The foreign keys come from objects just read; checking that they exist would cost two queries.
    spell.full_clean(exclude=["org", "parent"], validate_constraints=False)
    spell.save()
    return spell


def _subtree_rows(org: Org) -> list[tuple[int, int]]:
    return list(OrgClosure.objects.filter(valid_to__isnull=True, ancestor=org).values_list("descendant_id", "depth"))


def _detach(org: Org, on: dt.date, *, final: bool, below: list[tuple[int, int]] | None = None) -> None:
    """End the links between `org`'s subtree and everything above `org`."""
    above = list(
        OrgClosure.objects.filter(valid_to__isnull=True, descendant=org, depth__gt=0).values_list(
            "ancestor_id", flat=True
        )
    )
    below_ids = [pk for pk, _ in (below if below is not None else _subtree_rows(org))]
    pks = list(
        OrgClosure.objects.filter(
            valid_to__isnull=True, ancestor_id__in=above, descendant_id__in=below_ids
        ).values_list("pk", flat=True)
    )
    _close_rows(pks, on, final=final)


def _attach(org: Org, parent: Org, on: dt.date, *, below: list[tuple[int, int]] | None = None) -> None:
    """Link `org`'s subtree under `parent` and everything above it, from `on`."""
    above = list(
        OrgClosure.objects.filter(valid_to__isnull=True, descendant=parent).values_list("ancestor_id", "depth")
    )
    below = below if below is not None else _subtree_rows(org)
    OrgClosure.objects.bulk_create(
        [
            OrgClosure(ancestor_id=a, descendant_id=d, depth=a_depth + 1 + d_depth, valid_from=on)
            for a, a_depth in above
            for d, d_depth in below
        ],
        batch_size=2000,
    )
    _tree_changed(on)


def _current_spell(org: Org) -> OrgSpell:
    spell = OrgSpell.objects.select_related("parent").filter(org=org, valid_to__isnull=True).first()
    if spell is None:
        raise ValidationError(_("%(name)s has ended; it can no longer change.") % {"name": org.name}, code="ended")
    return spell


# --- Operations --------------------------------------------------------------------------------------


@transaction.atomic
def org_create(
    *,
    actor: Any,
    kind: str,
    name: str,
    founded_on: dt.date,
    parent: Org | None = None,
    short_name: str = "",
    group: str = "",
    address: str = "",
    phone: str = "",
    email: str = "",
    website: str = "",
    notes: str = "",
    place_name: str = "",
    abbreviation: str = "",
) -> Org:
    name = _clean_name(name)
    short_name = " ".join(nfc(short_name).split())
    _check_parent_kind(kind, parent)
    if parent is not None:
        _check_exists_on(parent, founded_on)
        _check_not_before_last_change(parent, founded_on, with_subtree=False)
    _check_unique_name(name, parent, founded_on)
    if kind != OrgKind.ASSOCIATION:
        group = ""
    org = Org(
        kind=kind,
        group=group,
        name=name,
        short_name=short_name,
        name_sort=vi_sort_key(name),
        founded_on=founded_on,
        place_name=" ".join(nfc(place_name).split()),
        abbreviation=abbreviation.strip(),
        address=nfc(address).strip(),
        phone=phone.strip(),
        email=email.strip(),
        website=website.strip(),
        notes=nfc(notes),
    )
    org.full_clean()
    org.save()
    _open_spell(org, parent=parent, name=name, short_name=short_name, on=founded_on)
    OrgClosure.objects.create(ancestor=org, descendant=org, depth=0, valid_from=founded_on)
    _tree_changed(founded_on)
    if parent is not None:
        _attach(org, parent, founded_on)
    OrgEvent.record(
        actor=actor,
        kind=EventKind.CREATE,
        org=org,
        effective_on=founded_on,
        data={"kind": kind, "name": name, "parent": _ref(parent)},
    )
    if parent is not None:
        OrgEvent.record(
            actor=actor,
            kind=EventKind.CHILD_IN,
            org=parent,
            effective_on=founded_on,
            data={"child": _ref(org), "origin": None},
        )
    return org


DETAIL_FIELDS = ("group", "place_name", "abbreviation", "address", "phone", "email", "website", "notes")


@transaction.atomic
def org_update(*, actor: Any, org: Org, **details: Any) -> Org:
    """Change the undated details of a node (contacts, group, notes)."""
    unknown = set(details) - set(DETAIL_FIELDS)
    if unknown:
        raise TypeError(f"not a detail field: {sorted(unknown)}")
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for key, value in details.items():
        value = nfc(value).strip() if isinstance(value, str) else value
        if getattr(org, key) != value:
            before[key], after[key] = getattr(org, key), value
            setattr(org, key, value)
    if not after:
        return org
    OrgEvent.save_and_record(
        org,
        actor=actor,
        kind=EventKind.UPDATE,
        org=org,
        effective_on=selectors.today(),
        data={"before": before, "after": after},
    )
    return org


@transaction.atomic
def org_rename(*, actor: Any, org: Org, name: str, short_name: str = "", on: dt.date) -> Org:
    name = _clean_name(name)
    short_name = " ".join(nfc(short_name).split())
    _check_exists_on(org, on)
    spell = _current_spell(org)
    if on < spell.valid_from:
        raise ValidationError(
            _("The effective date %(date)s is earlier than the last recorded change to %(name)s (%(latest)s).")
            % {"date": _d(on), "name": org.name, "latest": _d(spell.valid_from)},
            code="before_last_change",
        )
    if name == spell.name and short_name == spell.short_name:
        raise ValidationError(_("The new name is the same as the current one."), code="unchanged")
    _check_unique_name(name, spell.parent, on, exclude={org.pk})
    before = {"name": spell.name, "short_name": spell.short_name}
    _close_spell(org, on)
    _open_spell(org, parent=spell.parent, name=name, short_name=short_name, on=on)
    org.name, org.short_name, org.name_sort = name, short_name, vi_sort_key(name)
    org.save(update_fields=["name", "short_name", "name_sort", "updated_at"])
    OrgEvent.record(
        actor=actor,
        kind=EventKind.RENAME,
        org=org,
        effective_on=on,
        data={"before": before, "after": {"name": name, "short_name": short_name}},
    )
    return org


def _move(org: Org, new_parent: Org, on: dt.date, actor: Any, *, why: str = "move") -> None:
    spell = _current_spell(org)
    old_parent = spell.parent
    _check_exists_on(new_parent, on)
    _check_not_before_last_change(org, on)
    _check_not_before_last_change(new_parent, on, with_subtree=False)
    if (
        new_parent.pk == org.pk
        or OrgClosure.objects.filter(valid_to__isnull=True, ancestor=org, descendant=new_parent).exists()
    ):
        raise ValidationError(
            _("%(name)s cannot move under itself or under a unit that stands below it (%(target)s).")
            % {"name": org.name, "target": new_parent.name},
            code="cycle",
        )
    if old_parent is not None and old_parent.pk == new_parent.pk:
        raise ValidationError(
            _("%(name)s already stands under %(parent)s.") % {"name": org.name, "parent": new_parent.name},
            code="same_parent",
        )
    _check_parent_kind(org.kind, new_parent)
    _check_unique_name(spell.name, new_parent, on, exclude={org.pk})
    below = _subtree_rows(org)
    _detach(org, on, final=False, below=below)
    _attach(org, new_parent, on, below=below)
    _close_spell(org, on)
    _open_spell(org, parent=new_parent, name=spell.name, short_name=spell.short_name, on=on)
    OrgEvent.record(
        actor=actor,
        kind=EventKind.MOVE,
        org=org,
        effective_on=on,
        data={
            "before": {"parent": _ref(old_parent)},
            "after": {"parent": _ref(new_parent)},
            "subtree_size": len(below),
            "why": why,
        },
    )
    if old_parent is not None:
        OrgEvent.record(
            actor=actor,
            kind=EventKind.CHILD_OUT,
            org=old_parent,
            effective_on=on,
            data={"child": _ref(org), "destination": _ref(new_parent)},
        )
    OrgEvent.record(
        actor=actor,
        kind=EventKind.CHILD_IN,
        org=new_parent,
        effective_on=on,
        data={"child": _ref(org), "origin": _ref(old_parent)},
    )


@transaction.atomic
def org_move(*, actor: Any, org: Org, new_parent: Org, on: dt.date) -> Org:
    _check_exists_on(org, on)
    _move(org, new_parent, on, actor)
    return org


def _check_no_records_from(org: Org, on: dt.date) -> None:
    """Refuse to end `org` on `on` while it holds records dated that day or later (a yearly one: of a later year),
    as the apps above declare them (`records_dated_from` on their AppConfig): a unit's life bounds every record of
    it (`Org.check_exists_on`), and the figures read as the tree stood count a record through its unit's closure row
    on the record's date, which an earlier end would close before it (decision 0004). Each app gives its records as
    querysets; they are counted and named here."""
    counts = (
        (str(rows.model._meta.verbose_name_plural), rows.count())
        for dated in declarations.imported("records_dated_from")
        for rows in dated(org_id=org.pk, on=on)
    )
    found = [(label, n) for label, n in counts if n]
    if found:
        raise ValidationError(
            _("%(name)s holds records dated %(date)s or later (%(records)s): it cannot end before them.")
            % {"name": org.name, "date": _d(on), "records": "; ".join(f"{label} {n}" for label, n in found)},
            code="records_after_end",
        )


def _end(org: Org, on: dt.date, actor: Any, *, reason: str, successor: Org | None = None) -> None:
    """End a node that no longer has children: its spell and links close, and they stay final. Refused while it
    holds records dated from `on` on (`_check_no_records_from`)."""
    _check_no_records_from(org, on)
    spell = _current_spell(org)
    rows = list(OrgClosure.objects.filter(valid_to__isnull=True, descendant=org).values_list("pk", flat=True))
    _close_rows(rows, on, final=True)
    _close_spell(org, on)
    org.ended_on, org.end_reason, org.successor = on, reason, successor
    org.full_clean()
    org.save(update_fields=["ended_on", "end_reason", "successor", "updated_at"])
    if spell.parent is not None:
        OrgEvent.record(
            actor=actor,
            kind=EventKind.CHILD_OUT,
            org=spell.parent,
            effective_on=on,
            data={"child": _ref(org), "destination": None, "reason": reason},
        )


def _live_children(org: Org, on: dt.date) -> list[Org]:
    spells = OrgSpell.objects.filter(parent=org, valid_to__isnull=True).select_related("org")
    return sorted((s.org for s in spells), key=lambda o: o.name_sort)


@transaction.atomic
def org_dissolve(*, actor: Any, org: Org, on: dt.date, children_to: Org | None = None) -> Org:
    """Dissolve a node. Units still under it move to `children_to` on the same date."""
    _check_exists_on(org, on)
    _check_not_before_last_change(org, on)
    kids = _live_children(org, on)
    if kids and children_to is None:
        raise ValidationError(
            _("%(name)s still has %(count)s units under it: choose where they go.")
            % {"name": org.name, "count": len(kids)},
            code="has_children",
        )
    for kid in kids:
        _move(kid, children_to, on, actor, why="dissolve")  # type: ignore[arg-type]  # set when kids exist
    _end(org, on, actor, reason=EndReason.DISSOLVED)
    OrgEvent.record(
        actor=actor,
        kind=EventKind.DISSOLVE,
        org=org,
        effective_on=on,
        data={"children_to": _ref(children_to), "moved": [_ref(k) for k in kids]},
    )
    return org


@transaction.atomic
def org_merge(
    *,
    actor: Any,
    sources: list[Org],
    on: dt.date,
    target: Org | None = None,
    new_name: str = "",
    new_short_name: str = "",
    new_parent: Org | None = None,
) -> Org:
    """Merge `sources` into `target`, or into a new node named `new_name` (under `new_parent`, by
    default the first source's parent). Their units move to the target; the sources end, merged."""
    if not sources:
        raise ValidationError(_("Choose at least one unit to merge."), code="no_sources")
    source_ids = {s.pk for s in sources}
    if len(source_ids) != len(sources):
        raise ValidationError(_("A unit is listed twice among those to merge."), code="duplicate_source")
    for source in sources:
        _check_exists_on(source, on)
        _check_not_before_last_change(source, on)
    if target is not None:
        if target.pk in source_ids:
            raise ValidationError(
                _("%(name)s cannot be merged into itself.") % {"name": target.name}, code="merge_self"
            )
        _check_exists_on(target, on)
        inside = OrgClosure.objects.filter(valid_to__isnull=True, ancestor_id__in=source_ids, descendant=target)
        if inside.exists():
            raise ValidationError(
                _("%(name)s stands under one of the units being merged; choose another target.")
                % {"name": target.name},
                code="merge_into_descendant",
            )
        kinds = {s.kind for s in sources}
        if kinds != {target.kind}:
            raise ValidationError(_("Only units of the same kind as the target can be merged."), code="merge_kind")
    else:
        parent = new_parent or _current_spell(sources[0]).parent
        kinds = {s.kind for s in sources}
        if len(kinds) != 1:
            raise ValidationError(_("Only units of the same kind can be merged."), code="merge_kind")
        groups = {s.group for s in sources}
        target = org_create(
            actor=actor,
            kind=sources[0].kind,
            name=new_name,
            short_name=new_short_name,
            parent=parent,
            founded_on=on,
            group=groups.pop() if len(groups) == 1 else "",
        )
    for source in sources:
        for kid in _live_children(source, on):
            _move(kid, target, on, actor, why="merge")
        _end(source, on, actor, reason=EndReason.MERGED, successor=target)
        OrgEvent.record(actor=actor, kind=EventKind.MERGE_OUT, org=source, effective_on=on, data={"into": _ref(target)})
    OrgEvent.record(
        actor=actor, kind=EventKind.MERGE_IN, org=target, effective_on=on, data={"sources": [_ref(s) for s in sources]}
    )
    return target


@transaction.atomic
def org_split(
    *,
    actor: Any,
    org: Org,
    on: dt.date,
    parts: list[str],
    assignment: dict[int, int] | None = None,
    keep_original: bool = False,
) -> list[Org]:
    """Split `org` into new nodes named `parts`, beside it under the same parent.

    `assignment` maps each unit under `org` to the index of the part it moves to. Unless
    `keep_original`, every unit must be assigned and `org` ends.
    """
    assignment = assignment or {}
    _check_exists_on(org, on)
    _check_not_before_last_change(org, on)
    names = [_clean_name(p) for p in parts if p.strip()]
    if not names:
        raise ValidationError(_("Give the names of the new units."), code="no_parts")
    folded = [n.casefold() for n in names]
    if len(set(folded)) != len(folded):
        raise ValidationError(_("Two new units have the same name."), code="duplicate_part")
    kids = _live_children(org, on)
    unassigned = [k for k in kids if k.pk not in assignment]
    if unassigned and not keep_original:
        raise ValidationError(
            _("Choose a new unit for every unit under %(name)s (not yet: %(missing)s).")
            % {"name": org.name, "missing": ", ".join(k.name for k in unassigned)},
            code="unassigned",
        )
    for index in assignment.values():
        if not 0 <= index < len(names):
            raise ValidationError(_("A unit was assigned to a new unit that does not exist."), code="bad_part")
    parent = _current_spell(org).parent
    created = [
        org_create(actor=actor, kind=org.kind, group=org.group, name=name, parent=parent, founded_on=on)
        for name in names
    ]
    by_id = {k.pk: k for k in kids}
    for kid_id, index in assignment.items():
        if kid_id not in by_id:
            raise ValidationError(_("A unit chosen does not stand under %(name)s.") % {"name": org.name})
        _move(by_id[kid_id], created[index], on, actor, why="split")
    if not keep_original:
        _end(org, on, actor, reason=EndReason.SPLIT)
    OrgEvent.record(
        actor=actor,
        kind=EventKind.SPLIT,
        org=org,
        effective_on=on,
        data={"parts": [_ref(c) for c in created], "kept": keep_original},
    )
    return created


# --- Roles ------------------------------------------------------------------------------------------


def role_earliest_start(*, actor: Any, org: Org) -> dt.date:
    """The earliest day a role on `org` granted by `actor` may begin: never before the unit was founded, and, for
    anyone but the system administrator, at most one year before today. A role that began before it was recorded
    (a secretary elected last spring) may be dated back; older history is the system administrator's to write.
    (Access always follows the roles valid today: a backdated start gives no more access, but it rewrites who held
    the unit when.)"""
    earliest = org.founded_on
    if not (actor.is_superuser and actor.is_active):
        today = selectors.today()
        earliest = max(earliest, years_before(today, 1))
    return earliest


@transaction.atomic
def role_grant(*, actor: Any, user: Any, org: Org, kind: str, valid_from: dt.date, title: str = "") -> Role:
    if kind not in RoleKind.values:
        raise ValidationError(_("Unknown role."), code="role_kind")
    earliest = role_earliest_start(actor=actor, org=org)
    if valid_from < earliest:
        raise ValidationError(
            _("A role on this unit may begin on %(date)s at the earliest.") % {"date": f"{earliest:%d/%m/%Y}"},
            code="role_backdated",
        )
    if Role.objects.filter(selectors.valid_on(valid_from), user=user, org=org, kind=kind).exists():
        raise ValidationError(_("This user already holds this role on this unit."), code="role_duplicate")
    role = Role(user=user, org=org, kind=kind, valid_from=valid_from, title=nfc(title).strip())
    OrgEvent.save_and_record(
        role,
        actor=actor,
        kind=EventKind.ROLE_GRANT,
        org=org,
        effective_on=valid_from,
        data={"user": {"id": user.pk, "name": str(user)}, "role": kind, "title": role.title},
    )
    return role


@transaction.atomic
def role_end(*, actor: Any, role: Role, on: dt.date) -> Role:
    if role.valid_to is not None and role.valid_to <= on:
        raise ValidationError(_("This role had already ended."), code="role_ended")
    if on < role.valid_from:
        raise ValidationError(_("A role cannot end before it began."), code="role_range")
    role.valid_to = on
    OrgEvent.save_and_record(
        role,
        update_fields=["valid_to"],
        actor=actor,
        kind=EventKind.ROLE_END,
        org=role.org,
        effective_on=on,
        data={"user": {"id": role.user_id, "name": str(role.user)}, "role": role.kind},
    )
    return role


# --- Scheduled changes (decision 0007) ------------------------------------------------------------------------------


def _undo_move(org: Org, on: dt.date) -> None:
    """Put `org`'s subtree back under the units it stood under before its move dated `on`: the links opened that
    day to the new units above go, the links closed that day to the old ones open again."""
    below = [pk for pk, _depth in _subtree_rows(org)]
    OrgClosure.objects.filter(valid_from=on, descendant_id__in=below).exclude(ancestor_id__in=below).delete()
    OrgClosure.objects.filter(valid_to=on, final=False, descendant_id__in=below).exclude(ancestor_id__in=below).update(
        valid_to=None, final=True
    )
    _reopen_spell(org, on)
    _tree_changed(on)


def _reopen_spell(org: Org, on: dt.date) -> None:
    OrgSpell.objects.filter(org=org, valid_from=on, valid_to__isnull=True).delete()
    OrgSpell.objects.filter(org=org, valid_to=on).update(valid_to=None)


def _undo_end(org: Org, on: dt.date) -> None:
    OrgClosure.objects.filter(descendant=org, valid_to=on, final=True).update(valid_to=None)
    OrgSpell.objects.filter(org=org, valid_to=on).update(valid_to=None)
    org.ended_on, org.end_reason, org.successor = None, "", None
    org.save(update_fields=["ended_on", "end_reason", "successor", "updated_at"])
    _tree_changed(on)


def _moves_out_of(org: Org, on: dt.date, why: str) -> list[OrgEvent]:
    """The moves dated `on` that took units from under `org` as part of an operation (`why`)."""
    rows = OrgEvent.objects.filter(kind=EventKind.MOVE, effective_on=on).select_related("org")
    return [e for e in rows if e.data.get("why") == why and (e.data["before"]["parent"] or {}).get("id") == org.pk]


def _mirrors(moved: list[Org], on: dt.date) -> list[OrgEvent]:
    """The rows written on the units above when `moved` came or went on `on`."""
    ids = {o.pk for o in moved}
    rows = OrgEvent.objects.filter(kind__in=[EventKind.CHILD_IN, EventKind.CHILD_OUT], effective_on=on)
    return [e for e in rows if e.data["child"]["id"] in ids]


def _drop_if_empty(org: Org, on: dt.date) -> bool:
    """Remove a unit a cancelled change would have founded on `on`, if nothing else came under or was recorded on
    it; otherwise keep it (and say so in the cancel event)."""
    if org.founded_on != on or OrgSpell.objects.filter(parent=org).exists():
        return False
    try:
        with transaction.atomic(), events.rewriting("undo"):  # a unit that never stood goes with its event rows
            org.delete()
    except ProtectedError:
        return False
    return True


@transaction.atomic
def org_change_cancel(*, actor: Any, event: OrgEvent) -> list[OrgEvent]:
    """Cancel a change of the tree that has not taken effect yet (its date is after today): the tree is put back
    exactly as it was, and a `cancel` event on each unit involved names the events cancelled, with their content.
    The cancelled events stay (event rows are never changed); readers skip them (`selectors.cancelled_ids`)."""
    on, org = event.effective_on, event.org
    if event.kind not in selectors.CHANGE_KINDS:
        raise ValidationError(_("Only a move, merge, split, dissolution or rename can be cancelled."), code="kind")
    if on <= selectors.today():
        raise ValidationError(
            _("This change took effect on %(date)s; it is history now. Record the reverse change instead.")
            % {"date": _d(on)},
            code="took_effect",
        )
    if selectors.cancelled_ids([event]):
        raise ValidationError(_("This change has already been cancelled."), code="cancelled")
    later = OrgEvent.objects.filter(org=org, effective_on__gt=on, kind__in=selectors.CHANGE_KINDS)
    if [e for e in later if e.pk not in selectors.cancelled_ids(later)]:
        raise ValidationError(
            _("%(name)s has a change scheduled after this one: cancel that one first.") % {"name": org.name},
            code="later_change",
        )
    cancelled: list[OrgEvent] = [event]
    dropped: list[dict[str, Any]] = []
    if event.kind == EventKind.MOVE:
        _undo_move(org, on)
        cancelled += _mirrors([org], on)
    elif event.kind == EventKind.RENAME:
        _reopen_spell(org, on)
        before = event.data["before"]
        org.name, org.short_name, org.name_sort = before["name"], before["short_name"], vi_sort_key(before["name"])
        org.save(update_fields=["name", "short_name", "name_sort", "updated_at"])
    else:
        whys: dict[str, str] = {EventKind.DISSOLVE: "dissolve", EventKind.MERGE_OUT: "merge", EventKind.SPLIT: "split"}
        why = whys[event.kind]
        moves = _moves_out_of(org, on, why)
        if org.ended_on == on:
            _undo_end(org, on)
        for move in moves:
            _undo_move(move.org, on)
        cancelled += moves + _mirrors([m.org for m in moves] + [org], on)
        created = [event.data["into"]] if event.kind == EventKind.MERGE_OUT else event.data.get("parts", [])
        for ref in created:
            unit = Org.objects.filter(pk=ref["id"]).first()
            if unit is not None and _drop_if_empty(unit, on):
                dropped.append(ref)
    ids = {e.org_id for e in cancelled} | {unit.pk for unit in selectors.change_named(event)} | {org.pk}
    involved = Org.objects.filter(pk__in=ids).order_by("pk")  # a unit dropped above is gone
    data = {
        "events": [e.pk for e in cancelled],
        "change": {"kind": event.kind, "data": event.data, "at": event.at, "actor": event.actor},
        "dropped": dropped,
    }
    return [
        OrgEvent.record(actor=actor, kind=EventKind.CANCEL, org=unit, effective_on=on, data=data) for unit in involved
    ]
