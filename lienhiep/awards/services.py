"""Writes to honours and ratings. Keyword-only, atomic, with an actor; each change writes an AwardEvent;
bad input raises ValidationError in Vietnamese and changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils.translation import gettext as _

from lienhiep.awards.models import AwardEvent, EmulationRating, EventKind, Honour
from lienhiep.core import files
from lienhiep.core.events import jsonable
from lienhiep.core.text import fold, nfc
from lienhiep.orgs import permissions as org_permissions
from lienhiep.orgs.models import Org
from lienhiep.orgs.permissions import Access
from lienhiep.orgs.selectors import today

HONOUR_FIELDS = ("org", "person", "person_name", "form", "issuer", "issuer_name", "decision_number",
                 "decision_date", "reason")  # fmt: skip
RATING_FIELDS = ("org", "year", "rating", "rated_by", "decision_number", "notes")


def _snapshot(obj: Any, names: tuple[str, ...]) -> dict[str, Any]:
    return {name: jsonable(getattr(obj, name)) for name in names}


def _check_honour(honour: Honour) -> None:
    honour.person_name = " ".join(nfc(honour.person_name or "").split())
    honour.issuer_name = " ".join(nfc(honour.issuer_name or "").split())
    honour.decision_number = " ".join(nfc(honour.decision_number or "").split())
    honour.decision_folded = fold(honour.decision_number)
    honour.reason = nfc(honour.reason or "").strip()
    if honour.person is not None and honour.person_name:
        raise ValidationError(_("Choose a member or type a name, not both."), code="person_twice")
    if honour.decision_date > today():
        raise ValidationError({"decision_date": _("The decision date must not be in the future.")})
    if not honour.decision_number:
        raise ValidationError({"decision_number": _("Enter the number of the decision.")})
    org = honour.org
    org.check_exists_on(honour.decision_date)
    if honour.person is not None and not honour.person.memberships.filter(org=org).exists():
        raise ValidationError(
            _("%(person)s is not a member of %(org)s.") % {"person": honour.person.full_name, "org": org.name},
            code="not_a_member",
        )
    duplicate = Honour.objects.filter(
        org=org, person=honour.person, person_name=honour.person_name, form=honour.form, issuer=honour.issuer,
        decision_number=honour.decision_number, decision_date=honour.decision_date,
    ).exclude(pk=honour.pk)  # fmt: skip
    if duplicate.exists():
        raise ValidationError(_("This honour is already recorded."), code="duplicate")


def honour_create(*, actor: Any, scan: File | None = None, **values: Any) -> Honour:
    """Record an honour, with the scan of its decision or certificate if one is given: both or neither. The actor
    must be able to record on the honour's unit."""
    unknown = set(values) - set(HONOUR_FIELDS)
    if unknown:
        raise TypeError(f"not an honour field: {sorted(unknown)}")
    honour = Honour(created_by=actor, **values)
    org_permissions.require_can(actor, honour.org, Access.EDIT)

    def write() -> None:
        _check_honour(honour)
        honour.full_clean()
        honour.save()
        AwardEvent.record(
            actor=actor,
            kind=EventKind.CREATE,
            org=honour.org,
            target="honour",
            target_id=honour.pk,
            data={"after": _snapshot(honour, HONOUR_FIELDS)},
        )

    _write_with_scan(actor, honour, scan, write)
    return honour


def honour_update(*, actor: Any, honour: Honour, scan: File | None = None, **values: Any) -> Honour:
    """Correct an honour (and replace its scan if one is given): both or neither. Moving it to another unit takes
    the right to record there."""
    unknown = set(values) - set(HONOUR_FIELDS)
    if unknown:
        raise TypeError(f"not an honour field: {sorted(unknown)}")
    org_permissions.require_can(actor, values.get("org", honour.org), Access.EDIT)
    before = _snapshot(honour, HONOUR_FIELDS)
    for key, value in values.items():
        setattr(honour, key, value)

    def write() -> None:
        _check_honour(honour)
        honour.full_clean()
        honour.save()
        after = _snapshot(honour, HONOUR_FIELDS)
        changed = {k for k in after if after[k] != before[k]}
        AwardEvent.record(
            actor=actor,
            kind=EventKind.UPDATE,
            org=honour.org,
            target="honour",
            target_id=honour.pk,
            data={"before": {k: before[k] for k in changed}, "after": {k: after[k] for k in changed}},
        )

    _write_with_scan(actor, honour, scan, write)
    return honour


@transaction.atomic
def honour_delete(*, actor: Any, honour: Honour) -> None:
    AwardEvent.record(
        actor=actor,
        kind=EventKind.DELETE,
        org=honour.org,
        target="honour",
        target_id=honour.pk,
        data={"before": _snapshot(honour, HONOUR_FIELDS)},
    )
    scan = honour.scan
    honour.delete()
    if scan:
        transaction.on_commit(lambda: files.remove(scan))


def honour_scan_attach(*, actor: Any, honour: Honour, scan: File) -> Honour:
    """Keep a scan of the decision or the certificate (PDF, or a photo re-encoded), replacing the one before."""
    _write_with_scan(actor, honour, scan, lambda: None)
    return honour


def _write_with_scan(actor: Any, honour: Honour, scan: File | None, write: Callable[[], None]) -> None:
    """Run `write` (it saves the honour) and attach `scan` to the honour in one transaction. The scan is checked,
    a photo re-encoded, and stored before the transaction opens (core.files.check_upload), and removed again if
    the transaction fails."""
    if scan is None:
        with transaction.atomic():
            write()
        return
    checked = files.check_upload(scan)
    year = honour.decision_date.year if honour.decision_date else today().year
    stored = files.generated_name(f"awards/{year}", checked.ext)
    files.write(stored, checked.content)
    previous, previous_type = honour.scan, honour.scan_type
    try:
        with transaction.atomic():
            write()
            honour.scan, honour.scan_type = stored, checked.content_type
            # An update, not save(): a scan changes no figure, so the honours' remembered figures (orgs.figures,
            # forgotten on every save) are kept.
            Honour.objects.filter(pk=honour.pk).update(scan=stored, scan_type=checked.content_type)
            AwardEvent.record(
                actor=actor,
                kind=EventKind.FILE_ADD,
                org=honour.org,
                target="honour",
                target_id=honour.pk,
                data={"file": checked.name, "replaced": bool(previous)},
            )
            if previous:
                transaction.on_commit(lambda: files.remove(previous))
    except BaseException:
        files.remove(stored)
        honour.scan, honour.scan_type = previous, previous_type
        raise


@transaction.atomic
def rating_set(*, actor: Any, org: Org, year: int, rating: str, rated_by: str, decision_number: str = "",
               notes: str = "") -> EmulationRating:  # fmt: skip
    """Record (or correct) a node's rating for a year by one rating body."""
    if year > today().year:
        raise ValidationError({"year": _("The year must not be in the future.")})
    org.check_exists_in(year)
    current = EmulationRating.objects.filter(org=org, year=year, rated_by=rated_by).first()
    before = _snapshot(current, RATING_FIELDS) if current else None
    row = current or EmulationRating(org=org, year=year, rated_by=rated_by, created_by=actor)
    row.rating, row.decision_number, row.notes = rating, nfc(decision_number).strip(), nfc(notes).strip()
    row.full_clean()
    row.save()
    kind = EventKind.UPDATE if current else EventKind.CREATE
    AwardEvent.record(
        actor=actor,
        kind=kind,
        org=org,
        target="rating",
        target_id=row.pk,
        data={"before": before, "after": _snapshot(row, RATING_FIELDS)},
    )
    return row
