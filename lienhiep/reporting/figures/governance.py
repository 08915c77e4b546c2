"""Figures of governance: the congress, its committees and their seats, meetings against the charter,
attendance, restructurings and the congress's targets.

A figure of a committee reads the congress whose term holds the period's first day (the term a term report or a
self-review covers), else the last one held by the cut-off; "next" is the congress after it. Seat holders are
office holders: they are named, with their office (REPORTING.md §5.8)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lienhiep.governance import selectors as governance
from lienhiep.governance.models import Committee, CommitteeKind, Congress, Position, plain
from lienhiep.orgs.models import Org
from lienhiep.reporting.figures.common import a_year, day, num, printed_names
from lienhiep.reporting.registry import FigureResult, Scope, declared, figure

COMMITTEE = list(CommitteeKind.choices)
AT = [("start", _("first sitting")), ("end", _("end of the term")), ("as_of", _("cut-off date"))]
WHICH = [("current", _("this term's congress")), ("next", _("the next congress"))]


def congress_of(node: Org, *, start: dt.date, as_of: dt.date, which: str = "current") -> Congress | None:
    current = governance.current_congress(node, on=start) or (
        Congress.objects.filter(org=node, held_on__lte=as_of).order_by("-held_on").first()
    )
    if which == "next":
        after = current.held_on if current else start
        return Congress.objects.filter(org=node, held_on__gt=after).order_by("held_on").first()
    return current


def _congress(p: Scope, which: str = "current") -> Congress | None:
    """`congress_of` the node and period of `p`."""
    return congress_of(p.node, start=p.start, as_of=p.as_of, which=which)


def _committee(p: Scope, kind: str) -> Committee:
    """The committee of `kind` of the period's congress (`_congress`), or a ValidationError."""
    congress = _congress(p)
    found = congress.committees.filter(kind=kind).first() if congress else None
    if found is None:
        raise ValidationError(
            gettext("%(unit)s has no %(committee)s for this period.")
            % {"unit": p.node.name, "committee": CommitteeKind(kind).label}
        )
    return found


def _day(committee: Committee, at: str, as_of: dt.date) -> dt.date:
    """The day a committee figure is read: its first sitting, the term's last day (by the cut-off) or the cut-off."""
    if at == "start":
        first = committee.seats.order_by("started_on").values_list("started_on", flat=True).first()
        return first or committee.congress.held_on
    span = governance.term(committee.congress)
    if at == "end":
        return span.last_day_by(as_of)
    return as_of


@figure("governance.congress", _("Congress"), "text", "point", params={"which": WHICH}, records="governance.Congress")
def congress(p: Scope, *, which: str = "current") -> FigureResult:
    """The congress of the period (or the next one): its number in Roman figures, with its date and term."""
    found = _congress(p, which)
    if found is None:
        return FigureResult(None, basis="Chưa ghi nhận đại hội")
    basis = f"Đại hội lần thứ {found.roman}, ngày {day(found.held_on)}, nhiệm kỳ {found.term_label}"
    return FigureResult(found.roman, basis=basis, record_ids=[found.pk])


@figure("governance.committee.size", _("Committee members"), "count", "point",
        params={"committee": COMMITTEE, "at": AT}, unit=_("members"), records="governance.Seat")  # fmt: skip
def committee_size(p: Scope, *, committee: str = CommitteeKind.EXECUTIVE, at: str = "as_of") -> FigureResult:
    """Seats held on the committee's first sitting, at the term's end or on the cut-off."""
    found = _committee(p, committee)
    on = _day(found, at, p.as_of)
    seats = governance.composition(found, on=on)
    basis = f"{num(len(seats))} ủy viên {CommitteeKind(committee).label} ngày {day(on)}"
    return FigureResult(len(seats), basis=basis, record_ids=[s.pk for s in seats])


@figure("governance.committee.roster", _("Committee roster with titles"), "rows", "point",
        params={"committee": COMMITTEE, "at": AT}, records="governance.Seat",
        row_fields=("name", "title", "position", "started_on"))  # fmt: skip
def committee_roster(p: Scope, *, committee: str = CommitteeKind.STANDING, at: str = "as_of") -> FigureResult:
    """The committee's seats on the day, in roster order, each with its holder's highest office that day."""
    found = _committee(p, committee)
    on = _day(found, at, p.as_of)
    rows = governance.roster(found, on=on)
    names = printed_names(row.seat.person for row in rows)
    value = [
        {
            "name": names[row.seat.person_id],
            "title": str(Position(row.title).label),
            "position": str(Position(row.seat.position).label),
            "started_on": row.seat.started_on,
        }
        for row in rows
    ]
    basis = f"{num(len(rows))} ủy viên ngày {day(on)}"
    return FigureResult(value, basis=basis, record_ids=[row.seat.pk for row in rows])


def _departure_rows(p: Scope, committee: str) -> tuple[list[Any], list[dict[str, Any]]]:
    found = _committee(p, committee)
    seats = [s for s in governance.departures(found) if s.ended_on and s.ended_on <= p.as_of]
    names = printed_names(s.person for s in seats)
    rows = [
        {
            "name": names[s.person_id],
            "position": str(Position(s.position).label),
            "ended_on": s.ended_on,
            "reason": str(s.get_end_reason_display()),
        }
        for s in seats
    ]
    return seats, rows


@figure("governance.departures", _("Committee members who left during the term"), "rows", "span",
        params={"committee": COMMITTEE}, records="governance.Seat",
        row_fields=("name", "position", "ended_on", "reason"))  # fmt: skip
def departures(p: Scope, *, committee: str = CommitteeKind.EXECUTIVE) -> FigureResult:
    """Seats ended during the term by the cut-off for a reason of their own: who, when and why."""
    seats, rows = _departure_rows(p, committee)
    basis = "; ".join(f"{r['name']} ({r['reason']}, {day(r['ended_on'])})" for r in rows) or "Không có"
    return FigureResult(rows, basis=basis, record_ids=[s.pk for s in seats])


@figure("governance.departures.count", _("Committee members who left during the term, counted"), "count", "span",
        params={"committee": COMMITTEE}, unit=_("members"), records="governance.Seat")  # fmt: skip
def departures_count(p: Scope, *, committee: str = CommitteeKind.EXECUTIVE) -> FigureResult:
    """How many of `departures`."""
    seats, rows = _departure_rows(p, committee)
    basis = "; ".join(f"{r['name']} ({r['reason']})" for r in rows) or "Không có"
    return FigureResult(len(seats), basis=basis, record_ids=[s.pk for s in seats])


@figure("governance.holder", _("Office holder"), "text", "point", params={"position": list(Position.choices), "on": AT})
def holder(p: Scope, *, position: str = Position.CHAIR, on: str = "as_of") -> FigureResult:
    """Who held `position` in any committee of the node on the period's first day, its last day or the cut-off."""
    when = {"start": p.start, "end": p.end}.get(on, p.as_of)
    person = governance.holder(p.node, position, on=p.day_of(when))
    if person is None:
        return FigureResult(None, basis=f"Không ai giữ chức {Position(position).label} ngày {day(when)}")
    return FigureResult(printed_names([person])[person.pk], basis=f"{Position(position).label} ngày {day(when)}")


MEETING_FIELDS = ("label", "required", "held", "on_time", "late", "missing")


def _meeting_row(label: str, committee: Committee, start: dt.date, end: dt.date, as_of: dt.date) -> dict[str, Any]:
    last = min(end, as_of)
    periods = [p for p in governance.meeting_periods(committee, on=as_of) if start <= p.start <= last]
    held = committee.meetings.filter(kind="regular", held_on__gte=start, held_on__lte=last).count()
    return {
        "label": label,
        "required": len(periods),
        "held": held,
        "on_time": sum(p.status == "on_time" for p in periods),
        "late": sum(p.status == "late" for p in periods),
        "missing": sum(p.status == "missing" for p in periods),
    }


@figure("governance.meetings", _("Meetings against the charter"), "table", "span", params={"committee": COMMITTEE},
        row_fields=MEETING_FIELDS)  # fmt: skip
def meetings(p: Scope, *, committee: str = "") -> FigureResult:
    """Regular meetings against the charter over the period by the cut-off: one row per committee (BCH, BTV, UBKT),
    or, for one committee, one row per year."""
    found = _congress(p)
    if found is None:
        return FigureResult([], basis="Chưa ghi nhận đại hội")
    committees = list(found.committees.order_by("kind"))
    order = {k: i for i, k in enumerate(CommitteeKind.values)}
    committees.sort(key=lambda c: order[c.kind])
    if committee:
        one = _committee(p, committee)
        years = range(max(p.start, found.held_on).year, p.last.year + 1)
        rows = [
            _meeting_row(str(y), one, max(p.start, dt.date(y, 1, 1)), min(p.end, dt.date(y, 12, 31)), p.as_of)
            for y in years
        ]
        rows = [r for r in rows if r["required"] or r["held"]]
    else:
        rows = [_meeting_row(c.kind.upper(), c, p.start, p.end, p.as_of) for c in committees]
    basis = "; ".join(f"{r['label']}: {r['held']}/{r['required']} phiên" for r in rows)
    return FigureResult(rows, basis=basis)


@figure("governance.attendance", _("Members attending below the threshold"), "count", "span",
        params={"committee": COMMITTEE, "below": None}, unit=_("members"), records="members.Person")  # fmt: skip
def attendance(p: Scope, *, committee: str = CommitteeKind.EXECUTIVE, below: str = "70") -> FigureResult:
    """Members who attended less than `below` % of the meetings they were asked to (from the third on), counted:
    attendance below the threshold prints as a count, without names (REPORTING.md §5.8)."""
    try:
        threshold = Decimal(str(below))
    except ArithmeticError:
        raise ValidationError(gettext("%(value)s is not a number.") % {"value": below}) from None
    found = _committee(p, committee)
    low = [
        r
        for r in governance.attendance_rates(found)
        if r.total >= governance.LOW_ATTENDANCE_AFTER and r.rate is not None and r.rate < threshold
    ]
    basis = f"{num(len(low))} đồng chí dự dưới {num(plain(threshold))}% số phiên họp"
    return FigureResult(len(low), basis=basis, record_ids=sorted(r.person.pk for r in low))


@figure("governance.restructurings", _("Member associations restructured"), "count", "span",
        params={"state": [("done", _("done")), ("overdue", _("overdue"))]}, unit=_("associations"),
        records="governance.Restructuring")  # fmt: skip
def restructurings(p: Scope, *, state: str = "done") -> FigureResult:
    """Member associations restructured in the period (done), or overdue on the cut-off (planned in the period
    and not done by the planned day, or done after it)."""
    last = p.last
    if state == "overdue":
        rows = [r for r in governance.overdue_restructurings(p.node, on=last) if p.start <= r.planned_on <= last]
    else:
        rows = list(governance.restructurings_done(p.node, start=p.start, end=last))
    units = sorted({r.org_id for r in rows})
    basis = f"{num(len(rows))} lần kiện toàn ở {num(len(units))} hội"
    return FigureResult(len(units), basis=basis, record_ids=[r.pk for r in rows])


@figure("governance.restructurings.on_time_share", _("Share of member-association restructurings done on time"),
        "percent", "span", unit="%")  # fmt: skip
def restructured_on_time(p: Scope) -> FigureResult:
    """% of the restructurings due in the period (planned in it) that were done by their planned day."""
    share = governance.restructuring_on_time_share(p.node, start=p.start, end=p.end)
    return FigureResult(share, basis="" if share is not None else "Không có lần kiện toàn nào đến hạn trong kỳ")


@figure("governance.targets", _("Congress targets"), "rows", "point", params={"congress": WHICH},
        records="governance.CongressTarget", row_fields=("order", "text", "at_least", "at_most", "unit", "period"),
)  # fmt: skip
def targets(p: Scope, *, congress: str = "next") -> FigureResult:
    """The targets a congress set, in its order, with their thresholds."""
    found = _congress(p, congress)
    if found is None:
        return FigureResult([], basis="Chưa ghi nhận đại hội")
    rows = list(found.targets.order_by("order", "id"))
    value = [
        {
            "order": t.order,
            "text": t.text,
            "at_least": plain(t.target_min),
            "at_most": plain(t.target_max),
            "unit": t.unit,
            "period": str(t.get_period_display()),
        }
        for t in rows
    ]
    basis = f"{num(len(rows))} chỉ tiêu của Đại hội {found.roman} (nhiệm kỳ {found.term_label})"
    return FigureResult(value, basis=basis, record_ids=[t.pk for t in rows])


def _years_asked(years: Any, p: Scope) -> set[int]:
    """The years a targets block asks for: "period" (every year of the report's period) or a list of years."""
    if years in ("", None, "period"):
        return set(range(p.start.year, p.end.year + 1))
    return {a_year(year) for year in (years if isinstance(years, list | tuple) else [years])}


@figure("governance.targets.progress", _("Congress targets, progress by year"), "rows", "point",
        params={"congress": WHICH, "years": None},
        row_fields=("order", "text", "year", "window", "value", "unit", "met", "by_hand"))  # fmt: skip
def target_progress(p: Scope, *, congress: str = "current", years: Any = "period") -> FigureResult:
    """Each target of the congress with its value in each year asked for (a target of the whole term: its value so
    far) and whether it met its threshold, measured through the registry as `reporting:targets` measures it
    (`reporting.targets.progress`; a target not measured from records has the values entered by hand). One row per
    target and year, in the congress's order; a year before the term or after the cut-off is not shown."""
    from lienhiep.reporting import targets as measured

    found = _congress(p, congress)
    if found is None:
        return FigureResult([], basis="Chưa ghi nhận đại hội")
    wanted = _years_asked(years, p)
    rows = []
    for progress in measured.progress(found, on=p.as_of, years=wanted):
        target = progress.target
        for row in progress.rows:
            if row.label.isdigit() and int(row.label) not in wanted:
                continue
            rows.append(
                {
                    "order": target.order,
                    "text": target.text,
                    "year": int(row.label) if row.label.isdigit() else None,
                    "window": row.label,
                    "value": plain(row.value),
                    "unit": target.unit,
                    "met": row.met,
                    "by_hand": row.by_hand,
                }
            )
    met = sum(1 for row in rows if row["met"])
    basis = f"{num(met)} / {num(len(rows))} đạt chỉ tiêu; Đại hội {found.roman} (nhiệm kỳ {found.term_label})"
    return FigureResult(rows, basis=basis)


SPECS = declared(__name__)
