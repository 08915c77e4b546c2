import datetime as dt

import pytest

from lienhiep.governance import selectors, services
from lienhiep.governance.models import Presence, Restructuring

D = dt.date


def names(seats):
    return sorted(seat.person.full_name for seat in seats)


def test_bch_has_17_at_the_start_3_departures_and_14_at_the_end(term_iv):
    bch = term_iv.bch
    assert selectors.size_at_start(bch) == 17
    assert [(s.person.full_name, s.ended_on, s.end_reason) for s in selectors.departures(bch)] == [
        ("Lê Văn Bình", D(2020, 9, 1), "transfer"),
        ("Bùi Việt Hùng", D(2021, 5, 10), "transfer"),
        ("Phan Công Bình", D(2022, 3, 1), "retirement"),
    ]
    assert selectors.size_at_end(bch) == 14
    assert len(selectors.composition(bch, on=D(2024, 3, 19))) == 14
    assert selectors.composition(bch, on=D(2024, 3, 20)) == []  # congress V: the term is over


@pytest.mark.parametrize(
    ("on", "chair"),
    [
        (D(2018, 6, 15), "Lê Văn Bình"),
        (D(2020, 8, 31), "Lê Văn Bình"),
        (D(2020, 9, 1), None),  # left; the standing committee co-opted the new chair six weeks later
        (D(2020, 10, 15), "Tôn Quang Ngọc"),
        (D(2024, 3, 19), "Tôn Quang Ngọc"),
        (D(2018, 6, 14), None),
    ],
)
def test_the_chair_on_any_date(term_iv, world, on, chair):
    found = selectors.holder(world.hong_linh, "chair", on=on)
    assert (found.full_name if found else None) == chair
    in_btv = selectors.holder(term_iv.btv, "chair", on=on)
    assert (in_btv.full_name if in_btv else None) == chair


def test_the_replacement_is_linked_to_the_seat_it_replaces(term_iv):
    old = term_iv.btv_seats["Lê Văn Bình"]
    new = old.replaced_by.get()
    assert (new.person.full_name, new.position, new.start_reason) == ("Tôn Quang Ngọc", "chair", "co_opted")
    assert selectors.size_at_start(term_iv.btv) == 5
    assert selectors.size_at_end(term_iv.btv) == 5
    assert names(selectors.departures(term_iv.btv)) == ["Lê Văn Bình"]


def test_timeline_has_a_row_per_holder_and_a_bar_per_seat(term_iv):
    chart = selectors.timeline(term_iv.btv)
    assert chart["labels"] == [
        "Lê Văn Bình", "Nguyễn Trí Anh", "Phạm Quốc Dũng", "Phan Văn Đường", "Phạm Hồng Quý", "Tôn Quang Ngọc"
    ]  # fmt: skip
    first = chart["bars"][0]
    assert (first["from"], first["to"], first["ended"]) == (2018.4521, 2020.6667, True)  # 01/09 of a leap year: 244/366
    assert chart["min"] == 2018.0 and chart["max"] == 2025.0


def _meet(term, committee, day, absent=()):
    seats = selectors.composition(committee, on=day)
    attendance = {s.pk: (Presence.UNEXCUSED if s.person.full_name in absent else Presence.PRESENT) for s in seats}
    return services.meeting_record(actor=None, committee=committee, held_on=day, attendance=attendance)


def test_meetings_against_the_charter_flag_late_and_missing_periods(term_iv):
    bch = term_iv.bch  # twice a year
    for day in [D(2018, 12, 20), D(2019, 6, 25), D(2019, 12, 26), D(2020, 7, 30), D(2020, 12, 28), D(2021, 12, 27)]:
        _meet(term_iv, bch, day)
    periods = {(p.start, p.status): p for p in selectors.meeting_periods(bch, on=D(2022, 1, 15))}
    # The first half of 2020 was made up on 30/07/2020; the first half of 2021 never held.
    assert sorted((s.isoformat(), status) for s, status in periods) == [
        ("2018-07-01", "on_time"), ("2019-01-01", "on_time"), ("2019-07-01", "on_time"),
        ("2020-01-01", "late"), ("2020-07-01", "on_time"), ("2021-01-01", "missing"), ("2021-07-01", "on_time"),
        ("2022-01-01", "open"),
    ]  # fmt: skip
    assert periods[(D(2020, 1, 1), "late")].days_late == 30
    by_year = {
        y.year: (y.required, y.held, y.on_time, y.late, y.missing)
        for y in selectors.meetings_by_year(bch, on=D(2022, 1, 15))
    }
    assert by_year[2020] == (2, 2, 1, 1, 0)
    assert by_year[2021] == (2, 1, 1, 0, 1)


def test_a_meeting_after_the_term_period_is_not_required_of_the_partial_first_half(term_iv):
    periods = selectors.meeting_periods(term_iv.btv, on=D(2018, 12, 31))
    assert [(p.start, p.end) for p in periods] == [(D(2018, 7, 1), D(2018, 9, 30)), (D(2018, 10, 1), D(2018, 12, 31))]


def test_attendance_rate_per_member_and_low_attendance(term_iv):
    bch = term_iv.bch
    _meet(term_iv, bch, D(2018, 12, 20), absent={"Hồ Văn Nam"})
    _meet(term_iv, bch, D(2019, 6, 25), absent={"Hồ Văn Nam"})
    _meet(term_iv, bch, D(2019, 12, 26))
    rates = {r.person.full_name: r for r in selectors.attendance_rates(bch)}
    assert (rates["Hồ Văn Nam"].present, rates["Hồ Văn Nam"].unexcused, str(rates["Hồ Văn Nam"].rate)) == (1, 2, "33.3")
    assert rates["Hồ Văn Nam"].low and not rates["Nguyễn Trí Anh"].low
    assert str(rates["Nguyễn Trí Anh"].rate) == "100.0"
    compliance = selectors.compliance(term_iv.congress.org, on=D(2020, 1, 15))
    bch_row = next(c for c in compliance.committees if c.committee == bch)
    assert [r.person.full_name for r in bch_row.low_attendance] == ["Hồ Văn Nam"]


def test_restructurings_on_time_and_overdue(world):
    done_on_time = services.restructuring_plan(actor=None, org=world.y_te, planned_on=D(2021, 7, 15))
    services.restructuring_done(
        actor=None, restructuring=done_on_time, done_on=D(2021, 7, 10), what_changed="Bầu Chủ tịch"
    )
    done_late = services.restructuring_plan(actor=None, org=world.trung_luong, planned_on=D(2022, 5, 30))
    services.restructuring_done(actor=None, restructuring=done_late, done_on=D(2022, 9, 20), what_changed="Bầu BCH")
    open_one = services.restructuring_plan(actor=None, org=world.branch, planned_on=D(2023, 3, 1))
    on = D(2023, 6, 1)
    assert selectors.overdue_restructurings(world.hong_linh, on=on) == [done_late, open_one]
    assert (
        str(selectors.restructuring_on_time_share(world.hong_linh, start=D(2021, 1, 1), end=D(2022, 12, 31))) == "50.0"
    )
    assert selectors.restructuring_on_time_share(world.hong_linh, start=D(2019, 1, 1), end=D(2019, 12, 31)) is None
    assert Restructuring.objects.count() == 3


def test_compliance_looks_at_each_units_last_two_terms_and_the_charter_set_per_committee(term_iv, world):
    from lienhiep.governance.tests.factories import CommitteeFactory, CongressFactory

    btv = term_iv.btv  # four a year, never met
    assert len(selectors.compliance(world.ha_tinh, on=D(2024, 3, 1)).committees) == 2

    def missing():
        rows = selectors.compliance(world.ha_tinh, on=D(2024, 3, 1)).committees
        return next(c for c in rows if c.committee == btv).missing

    assert len(missing()) == 22  # Q3 2018 … Q4 2023
    services.committee_update(actor=None, committee=btv, planned_size=5, meetings_per_year=2)
    assert len(missing()) == 11
    later = CongressFactory(
        org=world.hong_linh, ordinal=6, term_start_year=2029, term_end_year=2034, held_on=D(2029, 4, 1)
    )
    CommitteeFactory(congress=later, kind="bch", planned_size=15)
    shown = {c.committee.congress.ordinal for c in selectors.compliance(world.ha_tinh, on=D(2030, 1, 1)).committees}
    assert shown == {6}  # congress V recorded no committee; congress IV is three terms back
    every = selectors.compliance(world.ha_tinh, on=D(2030, 1, 1), terms=None).committees
    assert {c.committee.congress.ordinal for c in every} == {4, 6}
