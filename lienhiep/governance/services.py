"""Writes to governance records. Keyword-only, atomic, with an actor; bad input raises ValidationError
with a Vietnamese message and changes nothing; every change writes a GovernanceEvent."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from lienhiep.core import files
from lienhiep.core.text import nfc
from lienhiep.core.transitions import step
from lienhiep.governance import selectors
from lienhiep.governance.models import (
    CHARTER_MEETINGS_PER_YEAR,
    RESTRUCTURING_TRANSITIONS,
    SINGLE_HOLDER,
    Attendance,
    Committee,
    CommitteeKind,
    Congress,
    CongressTarget,
    EventKind,
    GovernanceEvent,
    Meeting,
    MeetingKind,
    Position,
    Presence,
    Restructuring,
    RestructuringStatus,
    Seat,
    SeatEndReason,
    StartReason,
    TargetMeasure,
    TargetPeriod,
    TargetValue,
)
from lienhiep.members.models import Person
from lienhiep.orgs.models import Org, OrgKind
from lienhiep.orgs.selectors import today

# The positions each committee has; officers of the union sit on the standing committee.
POSITIONS: dict[str, set[str]] = {
    CommitteeKind.EXECUTIVE: {Position.MEMBER, Position.CHAIR, Position.VICE_CHAIR, Position.SECRETARY},
    CommitteeKind.STANDING: {Position.CHAIR, Position.VICE_CHAIR, Position.SECRETARY, Position.STANDING_MEMBER},
    CommitteeKind.INSPECTION: {Position.INSPECTION_HEAD, Position.INSPECTION_MEMBER},
}
RESTRUCTURED_KINDS = (OrgKind.ASSOCIATION, OrgKind.BRANCH)


def _d(value: dt.date) -> str:
    return value.strftime("%d/%m/%Y")


def _person(person: Person) -> dict[str, Any]:
    return {"id": person.pk, "name": person.full_name}


def _of(congress: Congress, on: dt.date) -> dict[str, Any]:
    """The columns of an event on a congress's records: its unit, the congress and the day the change takes effect."""
    return {"org": congress.org, "congress": congress, "effective_on": on}


def _check_in_term(congress: Congress, on: dt.date, what: str) -> None:
    span = selectors.term(congress)
    if not span.contains(on):
        end = _d(span.last_day) if span.last_day else "…"
        raise ValidationError(
            _("%(what)s (%(date)s) falls outside the term %(start)s – %(end)s.")
            % {"what": what, "date": _d(on), "start": _d(span.first_day), "end": end}
        )


def _check_not_future(on: dt.date) -> None:
    if on > today():
        raise ValidationError(_("The date %(date)s is in the future.") % {"date": _d(on)})


# --- Congresses and committees --------------------------------------------------------------------


MAX_FILE_BYTES = 20 * 1024 * 1024


def _checked_file(upload: File) -> ContentFile:
    """An uploaded document or scan checked by its content (core.files: PDF, Word, Excel — their 97–2003
    forms too — or a photo, re-encoded) under a generated name; nothing of the uploaded name is kept. Called
    before the service's transaction opens."""
    checked = files.check_upload(upload, max_bytes=MAX_FILE_BYTES, legacy_office=True)
    return ContentFile(checked.content, name=files.random_name(checked.ext))


def congress_create(
    *,
    actor: Any,
    org: Org,
    ordinal: int,
    term_start_year: int,
    term_end_year: int,
    held_on: dt.date,
    delegates: int | None = None,
    documents: File | None = None,
    notes: str = "",
) -> Congress:
    """Record a congress (and the term it opens) with its documents. The documents are checked, a photo
    re-encoded, before the transaction opens."""
    checked = _checked_file(documents) if documents is not None else None
    with transaction.atomic():
        org.check_exists_on(held_on)
        if term_end_year <= term_start_year:
            raise ValidationError(_("The term must end in a later year than it starts."))
        if held_on.year not in (term_start_year - 1, term_start_year):
            raise ValidationError(
                _("A congress that opens the term %(start)s–%(end)s is held in %(start)s or the year before.")
                % {"start": term_start_year, "end": term_end_year}
            )
        if Congress.objects.filter(org=org, ordinal=ordinal).exists():
            raise ValidationError(_("This unit already has a congress with this number."))
        out_of_order = Congress.objects.filter(org=org).filter(
            Q(ordinal__lt=ordinal, held_on__gte=held_on) | Q(ordinal__gt=ordinal, held_on__lte=held_on)
        )
        if out_of_order.exists():
            raise ValidationError(_("Congress numbers must follow the order of their dates."))
        congress = Congress(
            org=org, ordinal=ordinal, term_start_year=term_start_year, term_end_year=term_end_year,
            held_on=held_on, delegates=delegates, notes=nfc(notes).strip(),
        )  # fmt: skip
        if checked is not None:
            congress.documents.save(checked.name or "", checked, save=False)
        GovernanceEvent.save_and_record(
            congress,
            actor=actor,
            kind=EventKind.CONGRESS,
            **_of(congress, held_on),
            data=lambda row: {"ordinal": ordinal, "term": row.term_label},
        )
        return congress


def _check_committee_values(planned_size: int, meetings_per_year: int) -> None:
    if planned_size < 1:
        raise ValidationError(_("A committee has at least one member."))
    if not 1 <= meetings_per_year <= 12:
        raise ValidationError(_("The required meetings per year must be between 1 and 12."))


@transaction.atomic
def committee_create(
    *, actor: Any, congress: Congress, kind: str, planned_size: int, meetings_per_year: int | None = None
) -> Committee:
    if kind not in CommitteeKind.values:
        raise ValidationError(_("Unknown committee."))
    if congress.committees.filter(kind=kind).exists():
        raise ValidationError(_("This congress already has this committee."))
    per_year = meetings_per_year or CHARTER_MEETINGS_PER_YEAR[CommitteeKind(kind)]
    _check_committee_values(planned_size, per_year)
    committee = Committee(congress=congress, kind=kind, planned_size=planned_size, meetings_per_year=per_year)
    GovernanceEvent.save_and_record(
        committee,
        actor=actor,
        kind=EventKind.COMMITTEE,
        **_of(congress, congress.held_on),
        data={"committee": kind, "planned_size": planned_size, "meetings_per_year": per_year},
    )
    return committee


@transaction.atomic
def committee_update(*, actor: Any, committee: Committee, planned_size: int, meetings_per_year: int) -> Committee:
    _check_committee_values(planned_size, meetings_per_year)
    before = {"planned_size": committee.planned_size, "meetings_per_year": committee.meetings_per_year}
    after = {"planned_size": planned_size, "meetings_per_year": meetings_per_year}
    if before == after:
        return committee
    committee.planned_size, committee.meetings_per_year = planned_size, meetings_per_year
    GovernanceEvent.save_and_record(
        committee,
        actor=actor,
        kind=EventKind.COMMITTEE_UPDATE,
        **_of(committee.congress, today()),
        data={"committee": committee.kind, "before": before, "after": after},
    )
    return committee


# --- Seats -------------------------------------------------------------------------------------------


def _overlapping(seats: Any, start: dt.date, end: dt.date | None) -> Any:
    rows = seats.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=start))
    return rows.filter(started_on__lt=end) if end else rows


@transaction.atomic
def seat_elect(
    *,
    actor: Any,
    committee: Committee,
    person: Person,
    position: str,
    started_on: dt.date,
    start_reason: str = StartReason.ELECTED,
    decision_number: str = "",
    replaces: Seat | None = None,
) -> Seat:
    congress = committee.congress
    if position not in POSITIONS[committee.kind]:
        raise ValidationError(
            _("The %(committee)s has no position “%(position)s”.")
            % {"committee": committee.get_kind_display(), "position": Position(position).label}
        )
    if start_reason not in StartReason.values:
        raise ValidationError(_("Say how the seat began."))
    _check_in_term(congress, started_on, _("The seat's start"))
    if _overlapping(committee.seats.filter(person=person), started_on, None).exists():
        raise ValidationError(
            _("%(name)s already holds a seat on this committee on %(date)s.")
            % {"name": person.full_name, "date": _d(started_on)}
        )
    if position in SINGLE_HOLDER:
        taken = _overlapping(committee.seats.filter(position=position), started_on, None).select_related("person")
        if first := taken.first():
            raise ValidationError(
                _("The position “%(position)s” is held by %(name)s on %(date)s; end that seat first.")
                % {"position": Position(position).label, "name": first.person.full_name, "date": _d(started_on)}
            )
    if committee.kind == CommitteeKind.STANDING:
        executive = congress.committees.filter(kind=CommitteeKind.EXECUTIVE).first()
        if executive and not executive.seats.filter(selectors.seats_on(started_on), person=person).exists():
            raise ValidationError(
                _("%(name)s must sit on the executive committee to sit on the standing committee.")
                % {"name": person.full_name}
            )
    if len(selectors.composition(committee, on=started_on)) >= committee.planned_size:
        raise ValidationError(
            _("The committee already has its planned %(n)s members on %(date)s.")
            % {"n": committee.planned_size, "date": _d(started_on)}
        )
    seat = Seat(
        committee=committee, person=person, position=position, started_on=started_on,
        start_reason=start_reason, decision_number=nfc(decision_number).strip(), replaces=replaces,
    )  # fmt: skip
    replaced = replaces.pk if replaces else None
    _seat_saved(
        seat, actor, EventKind.SEAT_ELECT, started_on, start_reason, decision=seat.decision_number, replaces=replaced
    )
    return seat


def _seat_saved(seat: Seat, actor: Any, kind: str, on: dt.date, reason: str, **data: Any) -> None:
    """A seat saved (elected, ended), with its event row: its committee, person and position, the day and why, and
    `data`."""
    congress = seat.committee.congress
    GovernanceEvent.save_and_record(
        seat,
        actor=actor,
        kind=kind,
        **_of(congress, on),
        data={
            "committee": seat.committee.kind,
            "person": _person(seat.person),
            "position": seat.position,
            "reason": reason,
            **data,
        },
    )


@transaction.atomic
def seat_end(*, actor: Any, seat: Seat, ended_on: dt.date, end_reason: str, decision_number: str = "") -> Seat:
    """End a seat. Leaving the executive committee also ends the person's standing-committee seat."""
    congress = seat.committee.congress
    if seat.ended_on is not None:
        raise ValidationError(
            _("%(name)s's seat already ended on %(date)s.") % {"name": seat.person.full_name, "date": _d(seat.ended_on)}
        )
    if end_reason not in SeatEndReason.values:
        raise ValidationError(_("Say why the seat ended."))
    if ended_on <= seat.started_on:
        raise ValidationError(
            _("A seat cannot end on or before the day it began (%(date)s).") % {"date": _d(seat.started_on)}
        )
    span = selectors.term(congress)
    if span.ends_on and ended_on > span.ends_on:
        raise ValidationError(
            _("The seat's end (%(date)s) falls after the term ended (%(end)s).")
            % {"date": _d(ended_on), "end": _d(span.ends_on)}
        )
    if seat.attendance.filter(meeting__held_on__gte=ended_on).exists():
        raise ValidationError(
            _("%(name)s's attendance is recorded at a meeting on or after %(date)s.")
            % {"name": seat.person.full_name, "date": _d(ended_on)}
        )
    seat.ended_on, seat.end_reason = ended_on, end_reason
    if decision_number:
        seat.decision_number = nfc(decision_number).strip()
    _seat_saved(seat, actor, EventKind.SEAT_END, ended_on, end_reason)
    if seat.committee.kind == CommitteeKind.EXECUTIVE:
        standing = Seat.objects.filter(
            committee__congress=congress, committee__kind=CommitteeKind.STANDING, person=seat.person,
            ended_on__isnull=True, started_on__lt=ended_on,
        )  # fmt: skip
        for other in standing:
            seat_end(actor=actor, seat=other, ended_on=ended_on, end_reason=end_reason)
    return seat


@transaction.atomic
def seat_replace(
    *,
    actor: Any,
    seat: Seat,
    ended_on: dt.date,
    end_reason: str,
    person: Person,
    started_on: dt.date | None = None,
    position: str = "",
    start_reason: str = StartReason.CO_OPTED,
    decision_number: str = "",
) -> Seat:
    """End a seat and open its replacement together: both or neither."""
    if person.pk == seat.person_id:
        raise ValidationError(_("The replacement must be another person."))
    starts = started_on or ended_on
    if starts < ended_on:
        raise ValidationError(_("The replacement cannot start before the seat it replaces ends."))
    seat_end(actor=actor, seat=seat, ended_on=ended_on, end_reason=end_reason, decision_number=decision_number)
    return seat_elect(
        actor=actor, committee=seat.committee, person=person, position=position or seat.position,
        started_on=starts, start_reason=start_reason, decision_number=decision_number, replaces=seat,
    )  # fmt: skip


# --- Meetings ------------------------------------------------------------------------------------------


def meeting_record(
    *,
    actor: Any,
    committee: Committee,
    held_on: dt.date,
    attendance: dict[int, str],
    kind: str = MeetingKind.REGULAR,
    agenda: str = "",
    minutes: File | None = None,
) -> Meeting:
    """A meeting with the attendance of every member who held a seat that day (seat id -> presence), and its
    minutes. The minutes are checked, a photo re-encoded, before the transaction opens."""
    checked = _checked_file(minutes) if minutes is not None else None
    with transaction.atomic():
        congress = committee.congress
        _check_in_term(congress, held_on, _("The meeting"))
        _check_not_future(held_on)
        if kind not in MeetingKind.values:
            raise ValidationError(_("Unknown kind of meeting."))
        if committee.meetings.filter(held_on=held_on).exists():
            raise ValidationError(
                _("A meeting of this committee is already recorded on %(date)s.") % {"date": _d(held_on)}
            )
        seats = {seat.pk: seat for seat in selectors.composition(committee, on=held_on)}
        if not seats:
            raise ValidationError(_("Nobody held a seat on this committee on %(date)s.") % {"date": _d(held_on)})
        strangers = set(attendance) - set(seats)
        if strangers:
            raise ValidationError(_("Attendance is recorded for someone without a seat on that day."))
        missing = [seats[pk].person.full_name for pk in seats if pk not in attendance]
        if missing:
            raise ValidationError(_("Record the attendance of: %(names)s.") % {"names": ", ".join(missing)})
        if any(status not in Presence.values for status in attendance.values()):
            raise ValidationError(_("Unknown attendance status."))
        meeting = Meeting(committee=committee, held_on=held_on, kind=kind, agenda=nfc(agenda).strip())
        if checked is not None:
            meeting.minutes.save(checked.name or "", checked, save=False)
        present = sum(1 for s in attendance.values() if s == Presence.PRESENT)
        GovernanceEvent.save_and_record(
            meeting,
            actor=actor,
            kind=EventKind.MEETING,
            **_of(congress, held_on),
            data={"committee": committee.kind, "kind": kind, "present": present, "members": len(attendance)},
        )
        Attendance.objects.bulk_create(
            [Attendance(meeting=meeting, seat_id=pk, status=status) for pk, status in attendance.items()]
        )
        return meeting


# --- Restructurings --------------------------------------------------------------------------------------


@transaction.atomic
def restructuring_plan(*, actor: Any, org: Org, planned_on: dt.date, reason: str = "") -> Restructuring:
    if org.kind not in RESTRUCTURED_KINDS:
        raise ValidationError(_("Only member associations and branches are restructured here."))
    org.check_exists_on(planned_on)
    restructuring = Restructuring(org=org, planned_on=planned_on, reason=nfc(reason).strip())
    GovernanceEvent.save_and_record(
        restructuring,
        actor=actor,
        kind=EventKind.RESTRUCTURING_PLAN,
        org=org,
        effective_on=planned_on,
        data={"planned_on": planned_on.isoformat(), "reason": reason},
    )
    return restructuring


def _move(restructuring: Restructuring, to: str) -> str:
    refusal = _("A restructuring that is “%(before)s” cannot become “%(after)s”.")
    return step(restructuring, to, RESTRUCTURING_TRANSITIONS, RestructuringStatus, refusal, code=None)


@transaction.atomic
def restructuring_done(
    *, actor: Any, restructuring: Restructuring, done_on: dt.date, what_changed: str
) -> Restructuring:
    what = nfc(what_changed).strip()
    if not what:
        raise ValidationError(_("Say what changed."))
    _check_not_future(done_on)
    restructuring.org.check_exists_on(done_on)
    before = _move(restructuring, RestructuringStatus.DONE)
    restructuring.done_on, restructuring.what_changed = done_on, what
    GovernanceEvent.save_and_record(
        restructuring,
        actor=actor,
        kind=EventKind.RESTRUCTURING_MOVE,
        org=restructuring.org,
        effective_on=done_on,
        data=lambda row: {"before": before, "after": row.status, "on_time": row.on_time, "what_changed": what},
    )
    return restructuring


@transaction.atomic
def restructuring_cancel(*, actor: Any, restructuring: Restructuring, reason: str = "") -> Restructuring:
    before = _move(restructuring, RestructuringStatus.CANCELLED)
    restructuring.save()
    GovernanceEvent.record(
        actor=actor,
        kind=EventKind.RESTRUCTURING_MOVE,
        org=restructuring.org,
        effective_on=today(),
        data={"before": before, "after": restructuring.status, "reason": reason},
    )
    return restructuring


# --- Targets ---------------------------------------------------------------------------------------------


@transaction.atomic
def target_set(
    *,
    actor: Any,
    congress: Congress,
    text: str,
    measure: str = "",
    target_min: Decimal | None = None,
    target_max: Decimal | None = None,
    unit: str = "",
    period: str = TargetPeriod.YEAR,
    order: int | None = None,
) -> CongressTarget:
    text = nfc(text).strip()
    if not text:
        raise ValidationError(_("Write the target as the resolution states it."))
    if measure and measure not in TargetMeasure.values:
        raise ValidationError(_("Unknown measure."))
    if target_min is not None and target_max is not None and target_max < target_min:
        raise ValidationError(_("The upper bound must not be below the lower bound."))
    if period not in TargetPeriod.values:
        raise ValidationError(_("Unknown period."))
    if order is None:
        order = congress.targets.count() + 1
    target = CongressTarget(
        congress=congress, text=text, measure=measure, target_min=target_min, target_max=target_max,
        unit=nfc(unit).strip(), period=period, order=order,
    )  # fmt: skip
    GovernanceEvent.save_and_record(
        target,
        actor=actor,
        kind=EventKind.TARGET,
        **_of(congress, congress.held_on),
        data={
            "text": text,
            "measure": measure,
            "target_min": str(target_min) if target_min is not None else None,
            "target_max": str(target_max) if target_max is not None else None,
            "unit": target.unit,
            "period": period,
        },
    )
    return target


@transaction.atomic
def target_value_set(
    *, actor: Any, target: CongressTarget, year: int | None, value: Decimal, note: str = ""
) -> TargetValue:
    """A value entered by hand, for a year of the term (or, for a whole-term target, for the term)."""
    congress = target.congress
    if target.measure:
        raise ValidationError(_("This target is computed from the records; its values are not entered by hand."))
    if target.period == TargetPeriod.TERM:
        year = None
    elif year is None or not congress.term_start_year <= year <= congress.term_end_year:
        raise ValidationError(_("Choose a year of the term %(term)s.") % {"term": congress.term_label})
    row = TargetValue.objects.filter(target=target, year=year).first()
    before = str(row.value) if row else None
    row = row or TargetValue(target=target, year=year)
    row.value, row.note = value, nfc(note).strip()
    GovernanceEvent.save_and_record(
        row,
        validate_constraints=False,
        actor=actor,
        kind=EventKind.TARGET_VALUE,
        **_of(congress, today()),
        data={"target": target.pk, "year": year, "before": before, "after": str(value)},
    )
    return row
