"""Writes to honours, nominations and ratings. Keyword-only, atomic, with an actor; each change writes an AwardEvent
(a nomination's, a NominationEvent); bad input raises ValidationError in Vietnamese and changes nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils.translation import gettext as _

from lienhiep.awards.models import (
    NOMINATION_TRANSITIONS,
    AwardEvent,
    EmulationRating,
    EventKind,
    Honour,
    Nomination,
    NominationEvent,
    NominationEventKind,
    NominationFile,
    NominationStatus,
)
from lienhiep.core import files
from lienhiep.core import services as core_services
from lienhiep.core.events import changes, jsonable
from lienhiep.core.text import fold, nfc
from lienhiep.core.transitions import check_move
from lienhiep.orgs import permissions as org_permissions
from lienhiep.orgs.models import Org
from lienhiep.orgs.permissions import Access
from lienhiep.orgs.selectors import today

HONOUR_FIELDS = ("org", "person", "person_name", "form", "issuer", "issuer_name", "decision_number",
                 "decision_date", "reason")  # fmt: skip
RATING_FIELDS = ("org", "year", "rating", "rated_by", "decision_number", "notes")


def _snapshot(obj: Any, names: tuple[str, ...]) -> dict[str, Any]:
    return {name: jsonable(getattr(obj, name)) for name in names}


def _check_on_the_unit(record: Honour | Nomination, on: dt.date) -> None:
    """An honour's or a nomination's unit stood on its day, and the member it names belongs, or belonged, to it."""
    org, person = record.org, record.person
    org.check_exists_on(on)
    if person is not None and not person.memberships.filter(org=org).exists():
        raise ValidationError(
            _("%(person)s is not a member of %(org)s.") % {"person": person.full_name, "org": org.name},
            code="not_a_member",
        )


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
    _check_on_the_unit(honour, honour.decision_date)
    duplicate = Honour.objects.filter(
        org=org, person=honour.person, person_name=honour.person_name, form=honour.form, issuer=honour.issuer,
        decision_number=honour.decision_number, decision_date=honour.decision_date,
    ).exclude(pk=honour.pk)  # fmt: skip
    if duplicate.exists():
        raise ValidationError(_("This honour is already recorded."), code="duplicate")


def honour_create(*, actor: Any, scan: File | None = None, **values: Any) -> Honour:
    """Record an honour, with the scan of its decision or certificate if one is given: both or neither. The actor
    must be able to record on the honour's unit."""
    core_services.only_fields(values, HONOUR_FIELDS, "an honour field")
    honour = Honour(created_by=actor, **values)
    org_permissions.require_can(actor, honour.org, Access.EDIT)

    def write() -> None:
        _check_honour(honour)
        AwardEvent.save_and_record(
            honour, actor=actor, kind=EventKind.CREATE, data=lambda row: {"after": _snapshot(row, HONOUR_FIELDS)}
        )

    _write_with_scan(actor, honour, scan, write)
    return honour


def honour_update(*, actor: Any, honour: Honour, scan: File | None = None, **values: Any) -> Honour:
    """Correct an honour (and replace its scan if one is given): both or neither. Moving it to another unit takes
    the right to record there."""
    core_services.only_fields(values, HONOUR_FIELDS, "an honour field")
    org_permissions.require_can(actor, values.get("org", honour.org), Access.EDIT)
    before = _snapshot(honour, HONOUR_FIELDS)
    for key, value in values.items():
        setattr(honour, key, value)

    def write() -> None:
        _check_honour(honour)
        AwardEvent.save_and_record(
            honour, actor=actor, kind=EventKind.UPDATE, data=lambda row: changes(before, _snapshot(row, HONOUR_FIELDS))
        )

    _write_with_scan(actor, honour, scan, write)
    return honour


@transaction.atomic
def honour_delete(*, actor: Any, honour: Honour) -> None:
    """Delete an honour recorded by mistake; one that a granted nomination became stays (its nomination says so)."""
    if Nomination.objects.filter(honour=honour).exists():
        raise ValidationError(
            _("This honour is the outcome of a nomination; correct it instead of deleting it."), code="nominated"
        )
    AwardEvent.record_of(honour, actor=actor, kind=EventKind.DELETE, data={"before": _snapshot(honour, HONOUR_FIELDS)})
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
    a photo re-encoded, and stored before the transaction opens, and removed again if the transaction fails
    (core.services.uploads_stored)."""
    if scan is None:
        with transaction.atomic():
            write()
        return
    year = honour.decision_date.year if honour.decision_date else today().year
    previous, previous_type = honour.scan, honour.scan_type
    try:
        with core_services.uploads_stored([scan], folder=f"awards/{year}") as (stored,), transaction.atomic():
            write()
            honour.scan, honour.scan_type = stored.stored_name, stored.checked.content_type
            # An update, not save(): a scan changes no figure, so the honours' remembered figures (orgs.figures,
            # forgotten on every save) are kept.
            Honour.objects.filter(pk=honour.pk).update(scan=honour.scan, scan_type=honour.scan_type)
            AwardEvent.record_of(
                honour,
                actor=actor,
                kind=EventKind.FILE_ADD,
                data={"file": stored.checked.name, "replaced": bool(previous)},
            )
            if previous:
                transaction.on_commit(lambda: files.remove(previous))
    except BaseException:
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
    AwardEvent.save_and_record(
        row,
        actor=actor,
        kind=EventKind.UPDATE if current else EventKind.CREATE,
        data=lambda row: {"before": before, "after": _snapshot(row, RATING_FIELDS)},
    )
    return row


# --- Nominations --------------------------------------------------------------------------------------------------

NOMINATION_FIELDS = ("org", "person", "form", "issuer", "issuer_name", "year", "last_year", "reason", "proposed_on")


def _check_nomination(nomination: Nomination) -> None:
    nomination.issuer_name = " ".join(nfc(nomination.issuer_name or "").split())
    nomination.reason = nfc(nomination.reason or "").strip()
    if nomination.last_year == nomination.year:
        nomination.last_year = None
    if nomination.proposed_on > today():
        raise ValidationError({"proposed_on": _("The date must not be in the future.")})
    if max(nomination.year, nomination.last_year or 0) > nomination.proposed_on.year:
        raise ValidationError({"year": _("A nomination is for achievements of its year or earlier.")})
    _check_on_the_unit(nomination, nomination.proposed_on)


def nomination_create(*, actor: Any, uploads: Iterable[File] = (), **values: Any) -> Nomination:
    """Propose a unit, or a member of one, for an honour, with the files of its dossier (each checked before the
    transaction opens; all kept or none)."""
    core_services.only_fields(values, NOMINATION_FIELDS, "a nomination field")
    nomination = Nomination(created_by=actor, **values)
    org_permissions.require_can(actor, nomination.org, Access.EDIT)

    def write() -> None:
        _check_nomination(nomination)
        NominationEvent.save_and_record(
            nomination,
            actor=actor,
            kind=NominationEventKind.CREATE,
            data=lambda row: {"after": _snapshot(row, NOMINATION_FIELDS)},
        )

    _write_with_files(actor, nomination, list(uploads), write)
    return nomination


def _require_open(nomination: Nomination) -> None:
    if not nomination.moves:
        raise ValidationError(_("A nomination that is decided is no longer changed."), code="decided")


def nomination_update(*, actor: Any, nomination: Nomination, uploads: Iterable[File] = (), **values: Any) -> Nomination:
    """Correct a nomination not decided yet, and add files to its dossier. Moving it to another unit takes the
    right to record there."""
    core_services.only_fields(values, NOMINATION_FIELDS, "a nomination field")
    org_permissions.require_can(actor, nomination.org, Access.EDIT)
    org_permissions.require_can(actor, values.get("org", nomination.org), Access.EDIT)
    _require_open(nomination)
    before = _snapshot(nomination, NOMINATION_FIELDS)
    for key, value in values.items():
        setattr(nomination, key, value)

    def write() -> None:
        _check_nomination(nomination)
        nomination.full_clean()
        nomination.save()
        after = _snapshot(nomination, NOMINATION_FIELDS)
        changed = changes(before, after)
        if changed["after"]:
            NominationEvent.record_of(nomination, actor=actor, kind=NominationEventKind.UPDATE, data=changed)

    _write_with_files(actor, nomination, list(uploads), write)
    return nomination


def _write_with_files(actor: Any, nomination: Nomination, uploads: list[File], write: Callable[[], None]) -> None:
    """Run `write` (it saves the nomination) and keep `uploads` as files of its dossier, in one transaction: each is
    checked and stored before the transaction opens, and removed again if it fails (core.services.uploads_stored)."""
    folder = f"awards/nominations/{nomination.proposed_on.year}"
    with core_services.uploads_stored(uploads, folder=folder) as stored, transaction.atomic():
        write()
        for item in stored:
            core_services.stored_file_add(
                NominationFile, item, actor=actor, nomination=nomination,
                event=lambda row: NominationEvent.record_of(
                    nomination, actor=actor, kind=NominationEventKind.FILE_ADD, data={"file": row.original_name}
                ),
            )  # fmt: skip


def _move(nomination: Nomination, to: str, on: dt.date) -> str:
    """Check the move to `to` on day `on` (NOMINATION_TRANSITIONS, the order of the days) and return the status
    before it."""
    before = nomination.status
    check_move(
        NOMINATION_TRANSITIONS,
        NominationStatus,
        before,
        to,
        _("A nomination that is “%(before)s” cannot become “%(after)s”."),
    )
    if on > today():
        raise ValidationError(_("The date must not be in the future."), code="future")
    since = nomination.sent_on or nomination.proposed_on
    if on < since:
        raise ValidationError(
            _("This step cannot come before the one before it (%(day)s).") % {"day": f"{since:%d/%m/%Y}"},
            code="order",
        )
    return before


@transaction.atomic
def nomination_send(*, actor: Any, nomination: Nomination, sent_on: dt.date, letter_number: str = "") -> Nomination:
    """The unit sends the nomination to the body that confers the honour."""
    org_permissions.require_can(actor, nomination.org, Access.EDIT)
    number = " ".join(nfc(letter_number).split())
    return _moved(nomination, actor, NominationStatus.SENT, sent_on, "sent_on", letter_number=number)


def _moved(nomination: Nomination, actor: Any, to: str, on: dt.date, day: str, **fields: Any) -> Nomination:
    """Move the nomination to `to` on day `on` (`_move` checks it), kept as its field `day`, with the `fields` the
    move writes (the letter, the reason), and its event row saying them."""
    before = _move(nomination, to, on)
    nomination.status = to
    for name, value in {day: on, **fields}.items():
        setattr(nomination, name, value)
    NominationEvent.save_and_record(
        nomination,
        actor=actor,
        kind=NominationEventKind.MOVE,
        data={"before": before, "after": nomination.status, "on": on, **fields},
    )
    return nomination


@transaction.atomic
def nomination_refuse(*, actor: Any, nomination: Nomination, refused_on: dt.date, refusal: str = "") -> Nomination:
    """The issuer answered no."""
    org_permissions.require_can(actor, nomination.org, Access.EDIT)
    return _moved(nomination, actor, NominationStatus.REFUSED, refused_on, "refused_on", refusal=nfc(refusal).strip())


@transaction.atomic
def nomination_withdraw(*, actor: Any, nomination: Nomination, withdrawn_on: dt.date, withdrawal: str) -> Nomination:
    """The unit takes its nomination back before the issuer answered, saying why (the history keeps it)."""
    org_permissions.require_can(actor, nomination.org, Access.EDIT)
    withdrawal = nfc(withdrawal).strip()
    if not withdrawal:
        raise ValidationError({"withdrawal": _("Say why the nomination is withdrawn.")})
    return _moved(nomination, actor, NominationStatus.WITHDRAWN, withdrawn_on, "withdrawn_on", withdrawal=withdrawal)


def nomination_grant(
    *, actor: Any, nomination: Nomination, decision_number: str, decision_date: dt.date, scan: File | None = None
) -> Honour:
    """The issuer granted it: the nomination becomes the honour record — to its unit or member, of its form and
    issuer, by the decision — in one transaction with the move (and the decision's scan, if given). An honour
    recorded before with the same recipient, form, issuer and decision, from no nomination, is linked rather than
    recorded twice."""
    org_permissions.require_can(actor, nomination.org, Access.EDIT)
    before = _move(nomination, NominationStatus.GRANTED, decision_date)
    number = " ".join(nfc(decision_number or "").split())
    existing = Honour.objects.filter(
        org=nomination.org, person=nomination.person, person_name="", form=nomination.form, issuer=nomination.issuer,
        decision_number=number, decision_date=decision_date, nomination__isnull=True,
    ).first()  # fmt: skip
    honour = existing or Honour(
        created_by=actor, org=nomination.org, person=nomination.person, form=nomination.form,
        issuer=nomination.issuer, issuer_name=nomination.issuer_name, decision_number=number,
        decision_date=decision_date, reason=nomination.reason,
    )  # fmt: skip

    def write() -> None:
        if existing is None:
            _check_honour(honour)
            AwardEvent.save_and_record(
                honour, actor=actor, kind=EventKind.CREATE,
                data=lambda row: {"after": _snapshot(row, HONOUR_FIELDS), "nomination": nomination.pk},
            )  # fmt: skip
        nomination.status, nomination.honour = NominationStatus.GRANTED, honour
        NominationEvent.save_and_record(
            nomination, actor=actor, kind=NominationEventKind.MOVE,
            data={"before": before, "after": nomination.status, "on": decision_date, "honour": honour.pk,
                  "linked": existing is not None},
        )  # fmt: skip

    try:
        _write_with_scan(actor, honour, scan, write)
    except BaseException:
        nomination.status, nomination.honour = before, None
        raise
    return honour
