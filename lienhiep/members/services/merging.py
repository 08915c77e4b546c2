"""Merging two records of one person, and undoing it.

Every row of every app that points at the merged person moves to the kept one (Person's reverse relations:
memberships, events, consents, seats, honours, initiatives' authors…), and the merged person stays as a tombstone
(`merged_into`). Each table is handled as `HANDLING` says, and a table not named there stops the merge: a new
reference to Person must say what a merge does with it (members/tests/test_merging.py fails until it does).

- move: the rows are pointed at the kept person; a row that cannot move (the kept person already holds its
  like — an open seat on the same committee, an active consent for the same purpose) stays with the tombstone;
- memberships: a spell of the merged person in an association where the kept one has an overlapping spell is
  the same membership recorded twice: the kept spell is widened to cover both and the other removed; the
  others move;
- keep: the merges themselves, which name both records.

The kept record takes the merged one's phone and birth date where it has none (`COPIED`; the merged record keeps
its own, and a value the kept record has is never replaced).

Rows are changed with `update()` (no `updated_at` touched) and what was done is stored on the `PersonMerge`, so
that the undo puts every row back exactly as it was. Remembered figures are forgotten by the database's triggers
(decision 0006) as the memberships change.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from lienhiep.core.events import rewriting
from lienhiep.core.transitions import check_move
from lienhiep.members.models import (
    MERGE_TRANSITIONS,
    EventKind,
    Membership,
    MergeStatus,
    Person,
    PersonEvent,
    PersonMerge,
)

MOVE, MEMBERSHIPS, KEEP = "move", "memberships", "keep"
# Every reference to a person, as "<app_label.Model>.<field>": what a merge does with its rows.
HANDLING: dict[str, str] = {
    "members.Membership.person": MEMBERSHIPS,
    "members.PersonEvent.person": MOVE,
    "members.Consent.person": MOVE,
    "members.Person.merged_into": MOVE,  # tombstones of earlier merges point at the record that now holds them
    "members.PersonMerge.kept": KEEP,
    "members.PersonMerge.merged": KEEP,
    "members.ImportRow.same_as": MOVE,  # a choice made on an import's row follows the record kept
    "members.SubjectRequest.person": MOVE,  # a data subject's request follows the record kept
    "governance.Seat.person": MOVE,
    "awards.Honour.person": MOVE,
    "awards.Nomination.person": MOVE,  # a nomination, like the honour it may become, follows the record kept
    "activities.Initiative.authors": MOVE,
    "activities.Activity.members": MOVE,  # a member named as having taken part (an outside contest's entrant)
    "reporting.Report.signer": MOVE,  # the signer's name is kept as printed (Report.signer_name)
    "experts.Expert.person": MOVE,  # the expert's own name and contacts stay as the registry keeps them
    "contests.EntryAuthor.person": MOVE,  # the author's name as the entry printed it stays (EntryAuthor.full_name)
}


# The details the kept record takes from the merged one when it lacks them; `phone_digits` follows the phone.
COPIED = ("phone", "birth_date")


def _copy_details(kept: Person, merged: Person) -> dict[str, Any]:
    """Copy into `kept` the details of COPIED it lacks and `merged` has; returns the kept record's values before,
    for the undo."""
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for name in COPIED:
        if not getattr(kept, name) and getattr(merged, name):
            before[name], after[name] = getattr(kept, name), getattr(merged, name)
    if "phone" in after:
        before["phone_digits"], after["phone_digits"] = kept.phone_digits, merged.phone_digits
    if after:
        Person.objects.filter(pk=kept.pk).update(**after)  # no `updated_at`: the undo puts the row back as it was
    return _encode(before)


def references() -> list[tuple[str, Any, str]]:
    """(name, model whose rows point at a person, column holding the person's id) for every reference to Person;
    for a many-to-many, the model is its table of links."""
    found = []
    # Hidden ones too (`related_name="+"`), which `related_objects` leaves out; not the links of a many-to-many
    # table, reached through its field (and Person.fields, which the merge adds up itself).
    for relation in Person._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and not relation.concrete and relation.is_relation):
            continue
        model: Any = relation.related_model
        field: Any = getattr(relation, "field", None)
        if model is None or field is None or model._meta.auto_created:
            continue
        name = f"{model._meta.label}.{field.name}"
        if relation.many_to_many:
            found.append((name, field.remote_field.through, f"{field.m2m_reverse_field_name()}_id"))
        else:
            found.append((name, model, field.attname))
    return found


def unhandled() -> list[str]:
    return sorted(name for name, _model, _column in references() if name not in HANDLING)


def _encode(values: dict[str, Any]) -> dict[str, Any]:
    """Plain JSON, dates and times in full (DjangoJSONEncoder would cut times to the millisecond, and the undo
    must put back the very values)."""
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in values.items()}


def _overlap(a: Membership, b: Membership) -> bool:
    far = dt.date.max
    return a.joined_on < (b.left_on or far) and b.joined_on < (a.left_on or far)


def _merge_memberships(kept: Person, merged: Person) -> dict[str, Any]:
    done: dict[str, Any] = {"moved": [], "removed": [], "widened": []}
    kept_spells = list(Membership.objects.filter(person=kept))
    for spell in Membership.objects.filter(person=merged).order_by("pk"):
        same = [k for k in kept_spells if k.org_id == spell.org_id and _overlap(k, spell)]
        if not same:
            Membership.objects.filter(pk=spell.pk).update(person=kept)
            done["moved"].append(spell.pk)
            continue
        widen: tuple[int, dict[str, Any]] | None = None
        if len(same) == 1:
            twin = same[0]
            before = {"joined_on": twin.joined_on, "left_on": twin.left_on, "leave_reason": twin.leave_reason,
                      "card_number": twin.card_number}  # fmt: skip
            after = dict(before)
            after["joined_on"] = min(twin.joined_on, spell.joined_on)
            if twin.left_on is None or spell.left_on is None:
                after["left_on"], after["leave_reason"] = None, ""
            elif spell.left_on > twin.left_on:
                after["left_on"], after["leave_reason"] = spell.left_on, spell.leave_reason
            after["card_number"] = twin.card_number or spell.card_number
            if after != before:
                done["widened"].append({"pk": twin.pk, "before": _encode(before)})
                widen = (twin.pk, after)
        # The merged spell goes first: widening the twin could otherwise open a second open spell of the person.
        done["removed"].append(_encode(dict(Membership.objects.filter(pk=spell.pk).values().get())))
        Membership.objects.filter(pk=spell.pk).delete()
        if widen is not None:
            Membership.objects.filter(pk=widen[0]).update(**widen[1])
            kept_spells = list(Membership.objects.filter(person=kept))
    return done


def _move(model: Any, column: str, merged: Person, kept: Person) -> list[int]:
    """Point `model`'s rows from `merged` to `kept`: all at once, or, when a constraint refuses, row by row, leaving
    with the tombstone the rows that cannot move."""
    rows = model._base_manager.filter(**{column: merged.pk})
    ids = list(rows.order_by("pk").values_list("pk", flat=True))
    try:
        with transaction.atomic():
            rows.update(**{column: kept.pk})
        return ids
    except IntegrityError:
        moved = []
        for pk in ids:
            try:
                with transaction.atomic():
                    model._base_manager.filter(pk=pk).update(**{column: kept.pk})
            except IntegrityError:
                continue
            moved.append(pk)
        return moved


def _check_move(merge: PersonMerge, to: str) -> None:
    refusal = _("This merge cannot go from “%(before)s” to “%(after)s”.")
    check_move(MERGE_TRANSITIONS, MergeStatus, merge.status, to, refusal, code="merge_transition")


@transaction.atomic
def person_merge(*, actor: Any, kept: Person, merged: Person) -> PersonMerge:
    """Make `merged` part of `kept`: every row pointing at it moves (as HANDLING says), its fields of expertise are
    added, and it stays as a tombstone. The caller checks that the actor may manage both records."""
    missing = unhandled()
    if missing:
        raise RuntimeError(f"the merge does not say what to do with {missing}")
    kept = Person.objects.select_for_update().get(pk=kept.pk)
    merged = Person.objects.select_for_update().get(pk=merged.pk)
    if kept.pk == merged.pk:
        raise ValidationError(_("Choose two different records."), code="same_record")
    if kept.merged_into_id or merged.merged_into_id:
        raise ValidationError(_("One of these records has already been merged into another."), code="merged")
    if kept.erased_at or merged.erased_at:
        raise ValidationError(_("An erased record cannot be merged."), code="erased")
    moved: dict[str, Any] = {}
    with rewriting("merge"):  # the merged record's event rows move to the kept one (core.events)
        for name, model, column in references():
            handling = HANDLING[name]
            if handling == MEMBERSHIPS:
                moved[name] = _merge_memberships(kept, merged)
            elif handling == MOVE:
                moved[name] = _move(model, column, merged, kept)
    fields = Person.fields.through
    added = sorted(
        set(fields.objects.filter(person=merged).values_list("field_id", flat=True))
        - set(fields.objects.filter(person=kept).values_list("field_id", flat=True))
    )
    fields.objects.bulk_create([fields(person_id=kept.pk, field_id=field_id) for field_id in added])
    moved["fields_added"] = added
    moved["details_copied"] = _copy_details(kept, merged)
    Person.objects.filter(pk=merged.pk).update(merged_into=kept)
    merge = PersonMerge(kept=kept, merged=merged, actor=actor, moved=moved)
    merge.full_clean()
    merge.save()
    summary = {"merge": merge.pk, "kept": {"id": kept.pk, "name": kept.full_name},
               "merged": {"id": merged.pk, "name": merged.full_name},
               "copied": sorted(set(moved["details_copied"]) & set(COPIED))}  # fmt: skip
    PersonEvent.record(actor=actor, kind=EventKind.MERGE, person=kept, data=summary)
    PersonEvent.record(actor=actor, kind=EventKind.MERGED_INTO, person=merged, data=summary)
    return merge


@transaction.atomic
def person_merge_undo(*, actor: Any, merge: PersonMerge) -> PersonMerge:
    """Put every row back as it was before the merge: the rows moved go back to the merged person, the memberships
    removed come back with their ids and timestamps, the widened spells shrink, the fields added go."""
    merge = PersonMerge.objects.select_for_update().get(pk=merge.pk)
    _check_move(merge, MergeStatus.UNDONE)
    kept, merged = merge.kept, merge.merged
    by_name = {name: (model, column) for name, model, column in references()}
    with rewriting("merge"):  # the event rows moved go back (core.events)
        for name, done in merge.moved.items():
            if name == "fields_added" or name not in by_name:
                continue
            model, column = by_name[name]
            if HANDLING.get(name) == MEMBERSHIPS:
                for widened in done["widened"]:
                    Membership.objects.filter(pk=widened["pk"]).update(**widened["before"])
                for row in done["removed"]:
                    _put_back(Membership, row)
                Membership.objects.filter(pk__in=done["moved"]).update(person=merged)
            else:
                model._base_manager.filter(pk__in=done).update(**{column: merged.pk})
    Person.fields.through.objects.filter(person=kept, field_id__in=merge.moved.get("fields_added", [])).delete()
    copied = merge.moved.get("details_copied", {})
    if copied:
        columns = {field.attname: field for field in Person._meta.concrete_fields}
        Person.objects.filter(pk=kept.pk).update(
            **{name: columns[name].to_python(value) for name, value in copied.items()}
        )
    Person.objects.filter(pk=merged.pk).update(merged_into=None)
    merge.status = MergeStatus.UNDONE
    merge.save(update_fields=["status", "updated_at"])
    summary = {"merge": merge.pk, "kept": {"id": kept.pk, "name": kept.full_name},
               "merged": {"id": merged.pk, "name": merged.full_name}}  # fmt: skip
    PersonEvent.record(actor=actor, kind=EventKind.UNMERGE, person=kept, data=summary)
    PersonEvent.record(actor=actor, kind=EventKind.UNMERGE, person=merged, data=summary)
    return merge


def _put_back(model: type[models.Model], row: dict[str, Any]) -> None:
    """Insert a removed row again with its id and every value, timestamps included (which `save()` would set)."""
    values = {field.attname: field.to_python(row[field.attname]) for field in model._meta.concrete_fields}
    stamps = {name: values.pop(name) for name in ("created_at", "updated_at") if name in values}
    model._base_manager.bulk_create([model(**values)])
    model._base_manager.filter(pk=values["id"]).update(**stamps)
