"""The store of remembered figures: which pieces a period is cut into and which are stored. What the database's
triggers forget is tested in tests/test_remembered_figures.py, with the records of every app."""

import datetime as dt
import io

from lienhiep.orgs import figures
from lienhiep.orgs.models import RememberedFigure
from lienhiep.orgs.selectors import today

D = dt.date


class Counter:
    """A source whose figure for a piece is the number of times it was computed, so a test can see which
    pieces were computed and which were read back."""

    def __init__(self) -> None:
        self.calls: list[tuple[dt.date, dt.date]] = []

    def __call__(self, first: dt.date, last: dt.date) -> dict[dt.date, figures.Data]:
        self.calls.append((first, last))
        return {piece_first: {"n": len(self.calls)} for piece_first, _last in figures.pieces_of(first, last, "month")}


def _read(node, start, end, compute, source="test"):
    return figures.pieced(node, source=source, start=start, end=end, step="month", compute=compute)


def test_a_period_is_cut_at_days_months_and_years_and_at_its_ends():
    assert figures.pieces_of(D(2024, 11, 15), D(2025, 2, 3), "month") == [
        (D(2024, 11, 15), D(2024, 11, 30)),
        (D(2024, 12, 1), D(2024, 12, 31)),
        (D(2025, 1, 1), D(2025, 1, 31)),
        (D(2025, 2, 1), D(2025, 2, 3)),
    ]
    assert figures.pieces_of(D(2023, 7, 1), D(2025, 2, 3), "year") == [
        (D(2023, 7, 1), D(2023, 12, 31)),
        (D(2024, 1, 1), D(2024, 12, 31)),
        (D(2025, 1, 1), D(2025, 2, 3)),
    ]
    assert figures.pieces_of(D(2024, 2, 28), D(2024, 3, 1), "day") == [
        (D(2024, 2, 28), D(2024, 2, 28)),
        (D(2024, 2, 29), D(2024, 2, 29)),
        (D(2024, 3, 1), D(2024, 3, 1)),
    ]
    assert figures.pieces_of(D(2024, 2, 1), D(2024, 1, 31), "month") == []


def test_closed_pieces_are_stored_for_good_and_open_ones_for_the_day():
    now = D(2026, 11, 26)
    assert figures.storable(D(2026, 10, 1), D(2026, 10, 31), "month", now)
    assert not figures.storable(D(2026, 11, 1), D(2026, 11, 30), "month", now)  # this month
    assert not figures.storable(D(2026, 10, 1), D(2026, 10, 20), "month", now)  # cut at a period's end
    assert not figures.storable(D(2026, 10, 5), D(2026, 10, 31), "month", now)  # cut at a period's start
    assert figures.storable(D(2025, 1, 1), D(2025, 12, 31), "year", now)
    assert not figures.storable(D(2026, 1, 1), D(2026, 12, 31), "year", now)  # this year
    assert figures.storable(now, now, "day", now)  # a count on a day is closed once the day has come
    assert not figures.storable(now + dt.timedelta(days=1), now + dt.timedelta(days=1), "day", now)
    # What is open is stored for the day, under its whole month or year (what the triggers forget it by) ...
    month, year = (D(2026, 11, 1), D(2026, 11, 30)), (D(2026, 1, 1), D(2026, 12, 31))
    assert figures.open_row(D(2026, 11, 1), now, "month", now) == month  # this month, to today
    assert figures.open_row(*month, "month", now) == month
    assert figures.open_row(D(2026, 1, 1), now, "year", now) == year
    assert figures.open_row(D(2026, 10, 1), D(2026, 10, 20), "month", now) == (D(2026, 10, 1), D(2026, 10, 31))
    assert figures.open_row(D(2027, 2, 1), D(2027, 2, 28), "month", now) == (D(2027, 2, 1), D(2027, 2, 28))
    # ... unless it is closed, starts within its month or year, or is a day or a span
    assert figures.open_row(D(2026, 10, 1), D(2026, 10, 31), "month", now) is None
    assert figures.open_row(D(2026, 11, 5), now, "month", now) is None
    assert figures.open_row(D(2026, 3, 10), now, "year", now) is None
    assert figures.open_row(now, now, "day", now) is None
    assert figures.open_row(D(2026, 11, 1), now, "span", now) is None


def test_pieces_are_computed_once_and_only_the_missing_ones(world):
    compute = Counter()
    # Given the first half of 2024 computed (one computation for its six months)
    first = _read(world.ha_tinh, D(2024, 1, 1), D(2024, 6, 30), compute)
    assert compute.calls == [(D(2024, 1, 1), D(2024, 6, 30))]
    assert [data for _f, _l, data in first] == [{"n": 1}] * 6
    # when the whole year is asked, only July to December are computed, in one go
    year = _read(world.ha_tinh, D(2024, 1, 1), D(2024, 12, 31), compute)
    assert compute.calls[1:] == [(D(2024, 7, 1), D(2024, 12, 31))]
    assert [data["n"] for _f, _l, data in year] == [1] * 6 + [2] * 6
    # and asking again computes nothing; another node has pieces of its own
    _read(world.ha_tinh, D(2024, 1, 1), D(2024, 12, 31), compute)
    assert len(compute.calls) == 2
    _read(world.hong_linh, D(2024, 3, 1), D(2024, 3, 31), compute)
    assert len(compute.calls) == 3


def test_what_starts_within_its_piece_is_computed_every_time_and_what_is_open_once_a_day(world, time_machine):
    time_machine.move_to(dt.datetime(2026, 11, 26, 9, tzinfo=dt.UTC), tick=False)
    compute = Counter()
    now = today()
    this_month = D(now.year, now.month, 1)
    # A period from the middle of a month to today: its first piece is cut at its start, so never stored; its last
    # is this month to today, stored for today
    _read(world.ha_tinh, D(2025, 3, 10), now, compute)
    assert compute.calls == [(D(2025, 3, 10), now)]
    _read(world.ha_tinh, D(2025, 3, 10), now, compute)
    assert compute.calls[1:] == [(D(2025, 3, 10), D(2025, 3, 31))]
    stored = RememberedFigure.objects.filter(source="test")
    assert not stored.filter(first=D(2025, 3, 10)).exists()
    closed = figures.pieces_of(D(2025, 4, 1), this_month - dt.timedelta(days=1), "month")
    assert stored.filter(on=None).count() == len(closed)
    opened = stored.get(first=this_month)
    assert (opened.last, opened.upto, opened.on) == (D(2026, 11, 30), now, now)
    # The next day this month is computed again (yesterday's row is never read), and yesterday's goes
    time_machine.move_to(dt.datetime(2026, 11, 27, 9, tzinfo=dt.UTC), tick=False)
    tomorrow = today()
    pieces = _read(world.ha_tinh, this_month, tomorrow, compute)
    assert compute.calls[2:] == [(this_month, tomorrow)]
    assert pieces == [(this_month, tomorrow, {"n": 3})]
    assert list(stored.exclude(on=None).values_list("upto", "on")) == [(tomorrow, tomorrow)]
    # A period ending on another day of this month is a piece of its own
    _read(world.ha_tinh, this_month, D(2026, 11, 20), compute)
    _read(world.ha_tinh, this_month, D(2026, 11, 20), compute)
    assert compute.calls[3:] == [(this_month, D(2026, 11, 20))]
    assert stored.exclude(on=None).count() == 2


def test_an_open_piece_computed_across_midnight_is_not_stored(world, time_machine):
    time_machine.move_to(dt.datetime(2026, 11, 26, 16, 59, 59, tzinfo=dt.UTC), tick=False)  # 23:59:59 in Hà Nội
    now = today()

    def compute(first: dt.date, last: dt.date) -> dict[dt.date, figures.Data]:
        time_machine.shift(dt.timedelta(seconds=2))  # the computation ends the next day
        return {first: {"n": 1}}

    assert _read(world.ha_tinh, D(now.year, now.month, 1), now, compute)[0][2] == {"n": 1}
    assert today() != now
    assert not RememberedFigure.objects.filter(source="test").exists()


def test_several_days_are_read_in_one_query_and_only_the_missing_ones_computed(world, django_assert_num_queries):
    computed: list[dt.date] = []

    def count(on: dt.date) -> figures.Data:
        computed.append(on)
        return {"n": on.day}

    now = today()
    days = [D(2020, 12, 31), D(2021, 12, 31), now, now + dt.timedelta(days=1)]
    # Given two days remembered one by one
    for on in days[:2]:
        figures.remembered(world.ha_tinh, source="test.days", on=on, compute=lambda on=on: count(on))
    computed.clear()
    # when the four days are asked, the two are read and the others computed (a day ahead is never stored)
    found = figures.remembered_days(world.ha_tinh, source="test.days", days=days, compute=count)
    assert found == {on: {"n": on.day} for on in days}
    assert computed == days[2:]
    # and asked again, the three stored days are one query and only the day ahead is computed again
    computed.clear()
    with django_assert_num_queries(1):
        again = figures.remembered_days(world.ha_tinh, source="test.days", days=days[:3], compute=count)
    assert (again, computed) == ({on: {"n": on.day} for on in days[:3]}, [])
    figures.remembered_days(world.ha_tinh, source="test.days", days=days, compute=count)
    assert computed == [days[3]]
    # Computed afresh, every day is computed.
    computed.clear()
    with figures.computed_afresh():
        figures.remembered_days(world.ha_tinh, source="test.days", days=days, compute=count)
    assert computed == days


def test_open_pieces_of_earlier_days_go_in_the_nightly_run(world, time_machine):
    from django.core.management import call_command

    time_machine.move_to(dt.datetime(2026, 11, 26, 9, tzinfo=dt.UTC), tick=False)
    compute = Counter()
    _read(world.ha_tinh, D(2026, 10, 1), today(), compute)
    _read(world.hong_linh, D(2026, 10, 1), today(), compute)
    assert RememberedFigure.objects.exclude(on=None).count() == 2
    # The next night, yesterday's open pieces go (no reader reads them); the closed ones stay
    time_machine.move_to(dt.datetime(2026, 11, 26, 19, tzinfo=dt.UTC), tick=False)  # 02:00 on the 27th
    call_command("figures_nightly", stdout=io.StringIO())
    assert not RememberedFigure.objects.filter(on=D(2026, 11, 26)).exists()
    assert RememberedFigure.objects.filter(source="test", on=None).count() == 2  # October, for both nodes
