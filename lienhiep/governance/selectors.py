"""Reads over governance records, as of any date: compositions, holders, departures, meetings
against the charter, attendance, restructurings and target progress."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from lienhiep.governance.models import (
    NOT_DEPARTURES,
    POSITION_ORDER,
    Attendance,
    Committee,
    Congress,
    CongressTarget,
    Meeting,
    MeetingKind,
    Presence,
    Restructuring,
    RestructuringStatus,
    Seat,
    TargetPeriod,
    plain,
)
from lienhiep.members.models import Person
from lienhiep.orgs import selectors as org_selectors
from lienhiep.orgs.models import Org

ONE_DAY = dt.timedelta(days=1)
LOW_ATTENDANCE = Decimal(70)  # % of meetings attended below which a member is flagged
LOW_ATTENDANCE_AFTER = 3  # meetings a member must have been asked to before the rate flags anyone


def seats_on(on: dt.date) -> Q:
    return Q(started_on__lte=on) & (Q(ended_on__isnull=True) | Q(ended_on__gt=on))


def _roster_key(seat: Seat) -> tuple[int, str]:
    return POSITION_ORDER.get(seat.position, 99), seat.person.name_sort  # type: ignore[call-overload]


def composition(committee: Committee, *, on: dt.date) -> list[Seat]:
    """The seats held on `on`, in roster order (position, then name). Outside the term: none, even
    for seats nobody closed when the next congress came."""
    if not term(committee.congress).contains(on):
        return []
    seats = list(committee.seats.filter(seats_on(on)).select_related("person"))
    return sorted(seats, key=_roster_key)


@dataclass(frozen=True)
class RosterRow:
    seat: Seat
    # The highest office the person held on the day in any committee of the congress ("Chủ tịch" for a BCH
    # member who chairs the BTV): what a roster prints after the name.
    title: str


def roster(committee: Committee, *, on: dt.date) -> list[RosterRow]:
    """`composition` on `on`, each seat with its holder's title that day, in roster order of those titles."""
    seats = composition(committee, on=on)
    held = Seat.objects.filter(
        seats_on(on), committee__congress=committee.congress, person__in=[s.person_id for s in seats]
    )
    rank: dict[str, int] = {str(position): n for position, n in POSITION_ORDER.items()}
    best: dict[int, str] = {}
    for person_id, position in held.values_list("person_id", "position"):
        if person_id not in best or rank.get(position, 99) < rank.get(best[person_id], 99):
            best[person_id] = position
    rows = [RosterRow(seat, best.get(seat.person_id, seat.position)) for seat in seats]
    return sorted(rows, key=lambda r: (rank.get(r.title, 99), r.seat.person.name_sort))


# --- The term -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    first_day: dt.date
    last_day: dt.date | None  # None: still running
    ends_on: dt.date | None  # the first day after the term

    def last_day_by(self, on: dt.date) -> dt.date:
        return min(on, self.last_day) if self.last_day else on

    def contains(self, day: dt.date) -> bool:
        return self.first_day <= day and (self.ends_on is None or day < self.ends_on)


def term(congress: Congress) -> Term:
    ends_on = congress.ends_on()
    return Term(congress.held_on, ends_on - ONE_DAY if ends_on else None, ends_on)


def size_at_start(committee: Committee) -> int:
    """Seats held on the day the committee first sat (the congress, or the first session after it)."""
    first = committee.seats.order_by("started_on").values_list("started_on", flat=True).first()
    return len(composition(committee, on=first)) if first else 0


def size_at_end(committee: Committee, *, on: dt.date | None = None) -> int:
    """Seats held on the term's last day (or on `on` while the term runs)."""
    span = term(committee.congress)
    return len(composition(committee, on=span.last_day_by(on or org_selectors.today())))


def departures(committee: Committee) -> list[Seat]:
    """Seats ended during the term for a reason of their own (not the term's or the unit's end)."""
    ended = committee.seats.filter(ended_on__isnull=False).exclude(end_reason__in=NOT_DEPARTURES)
    # With who replaced each (the term page names them): one query for them all, not one per departure.
    replacements = Prefetch("replaced_by", queryset=Seat.objects.select_related("person").order_by("started_on", "id"))
    return list(ended.select_related("person").prefetch_related(replacements).order_by("ended_on", "id"))


def holder(scope: Committee | Org, position: str, *, on: dt.date) -> Person | None:
    """Who held `position` on `on`: in one committee, or in any committee of a node."""
    seats = Seat.objects.filter(seats_on(on), position=position)
    if isinstance(scope, Committee):
        seats = seats.filter(committee=scope)
    else:
        seats = seats.filter(committee__congress__org=scope)
    seat = seats.select_related("person").order_by("started_on").first()
    return seat.person if seat else None


def current_congress(node: Org | int, *, on: dt.date) -> Congress | None:
    congress = Congress.objects.filter(org=node, held_on__lte=on).order_by("-held_on").first()
    if congress is None:
        return None
    return congress if term(congress).contains(on) else None


def congresses(org_ids: Any) -> QuerySet[Congress]:
    return Congress.objects.filter(org_id__in=org_ids).select_related("org").order_by("org__name_sort", "-held_on")


# --- The timeline chart ---------------------------------------------------------------------------


def timeline(committee: Committee, *, on: dt.date | None = None) -> dict[str, Any]:
    """One row per seat holder with a bar per seat, in years as decimals (2018.45), for Chart.js."""
    span = term(committee.congress)
    today = on or org_selectors.today()
    end = span.ends_on or today
    seats = sorted(committee.seats.select_related("person"), key=lambda s: (s.started_on, _roster_key(s)))
    rows: dict[int, int] = {}
    labels: list[str] = []
    bars: list[dict[str, Any]] = []
    for seat in seats:
        if seat.person_id not in rows:
            rows[seat.person_id] = len(labels)
            labels.append(seat.person.full_name)
        until = seat.ended_on or end
        bars.append(
            {
                "row": rows[seat.person_id],
                "from": _year_fraction(seat.started_on),
                "to": _year_fraction(until),
                "label": f"{seat.get_position_display()}: {seat.started_on:%d/%m/%Y} – "
                + (f"{seat.ended_on:%d/%m/%Y}" if seat.ended_on else "…"),
                "ended": seat.is_departure,
                "position": seat.position,
            }
        )
    return {
        "labels": labels,
        "bars": bars,
        "min": float(span.first_day.year),
        "max": float(end.year + 1),
    }


def _year_fraction(day: dt.date) -> float:
    start = dt.date(day.year, 1, 1)
    length = (dt.date(day.year + 1, 1, 1) - start).days
    return round(day.year + (day - start).days / length, 4)


# --- Meetings against the charter ----------------------------------------------------------------


@dataclass
class PeriodStatus:
    start: dt.date
    end: dt.date  # last day
    status: str = "missing"  # on_time | late | missing | open
    meeting: Meeting | None = None

    @property
    def days_late(self) -> int:
        return (self.meeting.held_on - self.end).days if self.meeting and self.status == "late" else 0


def _periods_of_year(year: int, per_year: int) -> list[tuple[dt.date, dt.date]]:
    starts = [dt.date(year, 1 + (12 * i) // per_year, 1) for i in range(per_year)]
    ends = [*starts[1:], dt.date(year + 1, 1, 1)]
    return [(s, e - ONE_DAY) for s, e in zip(starts, ends, strict=True)]


def meeting_periods(committee: Committee, *, on: dt.date | None = None) -> list[PeriodStatus]:
    """The periods the charter asks a meeting in (those wholly inside the term and begun by `on`),
    each with the regular meeting that answered it.

    A meeting answers its own period. Held after its period ended, it answers the earlier period it
    made up for, as late: the one just before, when another meeting follows in its own period; or
    else the earliest unanswered one, when its own period is already answered."""
    today = on or org_selectors.today()
    span = term(committee.congress)
    periods: list[PeriodStatus] = []
    last_year = (span.last_day or today).year
    for year in range(span.first_day.year, last_year + 1):
        for start, end in _periods_of_year(year, committee.meetings_per_year):
            if start < span.first_day or (span.ends_on and end >= span.ends_on) or start > today:
                continue
            periods.append(PeriodStatus(start, end, status="missing" if end < today else "open"))
    meetings = list(committee.meetings.filter(kind=MeetingKind.REGULAR).order_by("held_on", "id"))

    def index_of(day: dt.date) -> int | None:
        return next((i for i, p in enumerate(periods) if p.start <= day <= p.end), None)

    for n, meeting in enumerate(meetings):
        k = index_of(meeting.held_on)
        if k is None:
            continue
        own, previous = periods[k], periods[k - 1] if k > 0 else None
        later_in_own = any(index_of(m.held_on) == k for m in meetings[n + 1 :])
        if previous and previous.meeting is None and later_in_own:
            previous.meeting, previous.status = meeting, "late"
        elif own.meeting is None:
            own.meeting, own.status = meeting, "on_time"
        else:
            earlier = next((p for p in periods[:k] if p.meeting is None), None)
            if earlier is not None:
                earlier.meeting, earlier.status = meeting, "late"
    return periods


@dataclass
class YearMeetings:
    year: int
    required: int
    held: int
    on_time: int
    late: int
    missing: int


def meetings_by_year(committee: Committee, *, on: dt.date | None = None) -> list[YearMeetings]:
    periods = meeting_periods(committee, on=on)
    held: dict[int, int] = defaultdict(int)
    for meeting in committee.meetings.filter(kind=MeetingKind.REGULAR):
        held[meeting.held_on.year] += 1
    out = []
    for year in sorted({p.start.year for p in periods}):
        mine = [p for p in periods if p.start.year == year]
        out.append(
            YearMeetings(
                year=year,
                required=len(mine),
                held=held[year],
                on_time=sum(p.status == "on_time" for p in mine),
                late=sum(p.status == "late" for p in mine),
                missing=sum(p.status == "missing" for p in mine),
            )
        )
    return out


# --- Attendance ------------------------------------------------------------------------------------


@dataclass
class AttendanceRate:
    person: Person
    present: int = 0
    excused: int = 0
    unexcused: int = 0

    @property
    def total(self) -> int:
        return self.present + self.excused + self.unexcused

    @property
    def rate(self) -> Decimal | None:
        return (Decimal(100) * self.present / self.total).quantize(Decimal("0.1")) if self.total else None

    @property
    def low(self) -> bool:
        return self.total >= LOW_ATTENDANCE_AFTER and self.rate is not None and self.rate < LOW_ATTENDANCE


def attendance_rates(committee: Committee) -> list[AttendanceRate]:
    """Each member's attendance over the committee's meetings while they held a seat, lowest first."""
    rates: dict[int, AttendanceRate] = {}
    rows = Attendance.objects.filter(meeting__committee=committee).select_related("seat__person")
    for row in rows:
        person = row.seat.person
        rate = rates.setdefault(person.pk, AttendanceRate(person))
        if row.status == Presence.PRESENT:
            rate.present += 1
        elif row.status == Presence.EXCUSED:
            rate.excused += 1
        else:
            rate.unexcused += 1
    return sorted(rates.values(), key=lambda r: (r.rate if r.rate is not None else 101, r.person.name_sort))


def meetings_with_attendance(committee: Committee) -> list[tuple[Meeting, dict[str, int]]]:
    out = []
    for meeting in committee.meetings.prefetch_related("attendance").order_by("held_on", "id"):
        counts = {p.value: 0 for p in Presence}
        for row in meeting.attendance.all():
            counts[row.status] += 1
        out.append((meeting, counts))
    return out


# --- Restructurings -------------------------------------------------------------------------------


def nodes_under(node: Org | int, *, on: dt.date, column: str = "org_id") -> Q:
    """Rows whose `column` is a unit of `node`'s subtree as it stood on `on` (or last stood, if it ended), or a
    unit that ended under it: whose governance records a node answers for. Two subqueries: as a list of ids, the
    country's 20,000 units were read into Python and sent back as parameters (1.1–1.5 s of a national report)."""
    org_id = node.pk if isinstance(node, Org) else node
    stood = org_selectors.subtree_ids(node, on=org_selectors.tree_day(node, on))
    return Q(**{f"{column}__in": stood}) | Q(**{f"{column}__in": org_selectors.visible_ids([org_id])})


def restructurings(node: Org | int, *, on: dt.date) -> QuerySet[Restructuring]:
    """Restructurings of the units under `node` (see `nodes_under`)."""
    return Restructuring.objects.filter(nodes_under(node, on=on)).select_related("org").order_by("planned_on", "id")


def overdue_restructurings(node: Org | int, *, on: dt.date) -> list[Restructuring]:
    """Planned but not done by the planned date, or done after it."""
    rows = restructurings(node, on=on).exclude(status=RestructuringStatus.CANCELLED)
    return [r for r in rows if r.overdue_on(on) or r.on_time is False]


def restructurings_done(node: Org | int, *, start: dt.date, end: dt.date) -> QuerySet[Restructuring]:
    """Restructurings of the units under `node` (see `nodes_under`) done in `[start, end]`, by date done."""
    rows = restructurings(node, on=end).filter(status=RestructuringStatus.DONE, done_on__gte=start, done_on__lte=end)
    return rows.order_by("done_on", "id")


def restructuring_on_time_share(node: Org | int, *, start: dt.date, end: dt.date) -> Decimal | None:
    """% of the restructurings due in `[start, end]` that were done by their planned date."""
    due = list(
        restructurings(node, on=end)
        .exclude(status=RestructuringStatus.CANCELLED)
        .filter(planned_on__gte=start, planned_on__lte=end)
    )
    if not due:
        return None
    on_time = sum(1 for r in due if r.on_time)
    return (Decimal(100) * on_time / len(due)).quantize(Decimal("0.1"))


# --- Targets ----------------------------------------------------------------------------------------


@dataclass
class Progress:
    label: str
    value: Decimal | None
    met: bool | None
    by_hand: bool = False

    @property
    def shown(self) -> Decimal | int | None:
        return plain(self.value)


@dataclass
class TargetProgress:
    target: CongressTarget
    rows: list[Progress] = field(default_factory=list)


def _met(target: CongressTarget, value: Decimal | None) -> bool | None:
    if value is None or (target.target_min is None and target.target_max is None):
        return None
    if target.target_min is not None and value < target.target_min:
        return False
    return not (target.target_max is not None and value > target.target_max)


# What measures a target over a window [start, end] (both days included): reporting gives it, from the registry.
Measure = Callable[[Org, dt.date, dt.date], Decimal | None]


def target_progress(
    target: CongressTarget, *, on: dt.date | None = None, measure: Measure | None = None
) -> TargetProgress:
    """The target's value for each year of the term begun by `on` (or for the whole term so far): computed by
    `measure` (for a measured target: `reporting.targets` passes it), up to the day the term or the unit ended, or
    as entered by hand. A measured target without `measure` has no values here."""
    today = on or org_selectors.today()
    congress = target.congress
    span = term(congress)
    last = span.last_day_by(today)
    manual = {v.year: v.value for v in target.values.all()}
    progress = TargetProgress(target)
    windows: list[tuple[str, int | None, dt.date, dt.date]] = []
    if target.period == TargetPeriod.YEAR:
        for each in range(congress.term_start_year, congress.term_end_year + 1):
            first = max(dt.date(each, 1, 1), span.first_day)
            final = min(dt.date(each, 12, 31), last)
            if first <= final:
                windows.append((str(each), each, first, final))
    else:
        windows = [(congress.term_label, None, span.first_day, last)]
    for label, year, start, end in windows:
        if target.measure:
            value = measure(congress.org, start, end) if measure is not None else None
            progress.rows.append(Progress(label, value, _met(target, value)))
        else:
            value = manual.get(year)
            progress.rows.append(Progress(label, value, _met(target, value), by_hand=True))
    return progress


# --- Compliance -------------------------------------------------------------------------------------


@dataclass
class CommitteeCompliance:
    committee: Committee
    node_name: str
    late: list[PeriodStatus]
    missing: list[PeriodStatus]
    low_attendance: list[AttendanceRate]

    @property
    def flags(self) -> list[PeriodStatus]:
        """Late and missing periods in date order."""
        return sorted([*self.late, *self.missing], key=lambda p: p.start)


@dataclass
class Compliance:
    committees: list[CommitteeCompliance]
    overdue: list[Restructuring]

    @property
    def late_count(self) -> int:
        return sum(len(c.late) for c in self.committees)

    @property
    def missing_count(self) -> int:
        return sum(len(c.missing) for c in self.committees)


RECENT_TERMS = 2  # by default, each unit's latest term and the one before: what a term report compares


def compliance(node: Org, *, on: dt.date, terms: int | None = RECENT_TERMS) -> Compliance:
    """Missing and late meetings, members with low attendance, and overdue restructurings under
    `node`; the committees of each unit's latest `terms` terms (of every term when None)."""
    congresses = Congress.objects.filter(nodes_under(node, on=on), held_on__lte=on)
    kept: list[int] = []
    per_unit: dict[int, int] = defaultdict(int)
    for pk, org_id in congresses.order_by("org_id", "-held_on").values_list("pk", "org_id"):
        per_unit[org_id] += 1
        if terms is None or per_unit[org_id] <= terms:
            kept.append(pk)
    rows = []
    committees = Committee.objects.filter(congress_id__in=kept).select_related("congress__org")
    for committee in committees.order_by("congress__org__name_sort", "congress__held_on", "kind"):
        periods = meeting_periods(committee, on=on)
        rows.append(
            CommitteeCompliance(
                committee=committee,
                node_name=committee.congress.org.name,
                late=[p for p in periods if p.status == "late"],
                missing=[p for p in periods if p.status == "missing"],
                low_attendance=[r for r in attendance_rates(committee) if r.low],
            )
        )
    return Compliance(committees=rows, overdue=overdue_restructurings(node, on=on))


def records_dated_from(*, org_id: int, on: dt.date) -> list[QuerySet[Any]]:
    """How many congresses of unit `org_id` were held `on` or later, seats on their committees begun and meetings
    held then, and restructurings planned for then (still planned) or done then: what its end on `on` would leave
    outside its life (declared as `records_dated_from` on the AppConfig, read by `orgs.services` before a unit
    ends). A term ends with its unit (`Congress.ends_on`), so no seat or meeting may come after it; a seat still held
    on the end day is what the committee had then (the demo ends such seats on that day, "unit dissolved"). A
    cancelled restructuring is not counted: it never happened, whatever day it had been planned for."""
    restructurings = Restructuring.objects.filter(org_id=org_id).filter(
        Q(status=RestructuringStatus.PLANNED, planned_on__gte=on) | Q(done_on__gte=on)
    )
    return [
        Congress.objects.filter(org_id=org_id, held_on__gte=on),
        Seat.objects.filter(committee__congress__org_id=org_id, started_on__gte=on),
        Meeting.objects.filter(committee__congress__org_id=org_id, held_on__gte=on),
        restructurings,
    ]
