"""The store of remembered figures: which pieces a period is cut into, which stored pieces a period may use,
and what each kind of forgetting deletes. What each app stores is tested in the app, against its records."""

import datetime as dt

import pytest
from django.db import connection

from lienhiep.orgs import figures, services
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
        out = {}
        for piece_first, _last in figures.pieces_of(first, last, "month"):
            out[piece_first] = {"n": len(self.calls)}
        return out


def _read(node, start, end, compute, source="test"):
    return figures.pieced(node, source=source, start=start, end=end, step="month", compute=compute)


def test_a_period_is_cut_at_months_and_years_and_at_its_ends():
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
    assert figures.pieces_of(D(2024, 2, 1), D(2024, 1, 31), "month") == []


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


def test_a_piece_cut_at_the_period_end_is_not_taken_for_a_longer_one(world):
    compute = Counter()
    _read(world.ha_tinh, D(2024, 3, 1), D(2024, 3, 20), compute)
    # The stored 01–20/03 is not March: March is computed
    march = _read(world.ha_tinh, D(2024, 3, 1), D(2024, 3, 31), compute)
    assert compute.calls == [(D(2024, 3, 1), D(2024, 3, 20)), (D(2024, 3, 1), D(2024, 3, 31))]
    assert march == [(D(2024, 3, 1), D(2024, 3, 31), {"n": 2})]


def test_a_piece_reaching_today_holds_only_on_the_day_it_was_computed(world):
    compute = Counter()
    now = today()
    this_month = D(now.year, now.month, 1)
    _read(world.ha_tinh, this_month, now, compute)
    _read(world.ha_tinh, this_month, now, compute)
    assert len(compute.calls) == 1
    # as if it had been computed yesterday
    RememberedFigure.objects.update(computed_on=now - dt.timedelta(days=1))
    _read(world.ha_tinh, this_month, now, compute)
    assert len(compute.calls) == 2
    # a piece that ended before it was computed holds on later days
    _read(world.ha_tinh, D(2024, 1, 1), D(2024, 1, 31), compute)
    RememberedFigure.objects.filter(first=D(2024, 1, 1)).update(computed_on=D(2024, 2, 1))
    _read(world.ha_tinh, D(2024, 1, 1), D(2024, 1, 31), compute)
    assert len(compute.calls) == 3


def test_forgetting_a_day_a_source_or_everything_since_a_tree_change(world):
    compute, other = Counter(), Counter()
    for node in (world.ha_tinh, world.hong_linh):
        _read(node, D(2024, 1, 1), D(2024, 12, 31), compute)
        _read(node, D(2024, 1, 1), D(2024, 12, 31), other, source="other")

    def stored(source="test"):
        return sorted(
            {first.month for first in RememberedFigure.objects.filter(source=source).values_list("first", flat=True)}
        )

    # A record dated 15/05/2024 of one source: May of that source, for every node
    figures.forget("test", on=D(2024, 5, 15))
    assert stored() == [1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12]
    assert RememberedFigure.objects.filter(source="test").count() == 22
    assert stored("other") == list(range(1, 13))
    # A change to the tree dated 01/10/2024 (its event): every source from October on
    services.org_move(actor=world.root, org=world.branch, new_parent=world.trung_luong, on=D(2024, 10, 1))
    assert stored() == [1, 2, 3, 4, 6, 7, 8, 9]
    assert stored("other") == list(range(1, 10))
    # A role granted changes no figure
    from lienhiep.accounts.tests.factories import UserFactory

    services.role_grant(
        actor=world.root, user=UserFactory(), org=world.ha_tinh, kind="leader", valid_from=D(2024, 1, 1)
    )
    assert stored() == [1, 2, 3, 4, 6, 7, 8, 9]


def test_a_reader_stores_nothing_while_a_writer_may_commit(transactional_db, world):
    # Transactional: the world's tree events took the lock exclusively, in a test transaction until its end.
    if connection.vendor != "postgresql":
        pytest.skip("SQLite readers hold the write lock (IMMEDIATE transactions); PostgreSQL's lock is tested here")
    import psycopg

    settings = connection.settings_dict
    compute = Counter()
    # Given another session that has forgotten figures and not yet committed (a writer mid-transaction)
    with psycopg.connect(
        dbname=settings["NAME"], user=settings["USER"], password=settings["PASSWORD"] or None,
        host=settings["HOST"], port=settings["PORT"] or None,
    ) as writer:  # fmt: skip
        writer.execute("SELECT pg_advisory_xact_lock(%s)", [figures.LOCK_KEY])
        # a reader gives the figures but does not store them
        assert _read(world.ha_tinh, D(2024, 1, 1), D(2024, 1, 31), compute) == [
            (D(2024, 1, 1), D(2024, 1, 31), {"n": 1})
        ]
        assert not RememberedFigure.objects.filter(source="test").exists()
        writer.rollback()
    # once the writer is done, the next reader stores them
    _read(world.ha_tinh, D(2024, 1, 1), D(2024, 1, 31), compute)
    assert RememberedFigure.objects.filter(source="test").count() == 1
