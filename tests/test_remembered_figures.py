"""Remembered figures are forgotten by the database (orgs.triggers, decision 0006): what each kind of write
forgets, whoever writes it, and what a concurrent reader may store. Project-wide because the triggers follow the
sources every app declares. The property test (test_figures_property.py) checks the values after random writes."""

import datetime as dt

import pytest
import time_machine
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext

from lienhiep.activities import selectors as activity_selectors
from lienhiep.activities import services as activity_services
from lienhiep.activities.models import Activity
from lienhiep.awards import selectors as award_selectors
from lienhiep.core.figures import declared_sources
from lienhiep.orgs import figures, services, triggers
from lienhiep.orgs.models import RememberedFigure
from lienhiep.orgs.selectors import today

D = dt.date


def _activity(world, on, org=None):
    return activity_services.activity_create(
        actor=world.root, org=org or world.trung_luong, kind="training", title=f"Tập huấn {on}", start_date=on,
        participants_public=10,
    )  # fmt: skip


def _stored(source="activities", org=None):
    """The first days of the closed pieces stored."""
    rows = RememberedFigure.objects.filter(source=source, on=None)
    if org is not None:
        rows = rows.filter(org=org)
    return sorted(set(rows.values_list("first", flat=True)))


def _stored_open(source="activities", org=None):
    """(first, upto, on) of the open pieces stored (decision 0020)."""
    rows = RememberedFigure.objects.filter(source=source).exclude(on=None)
    if org is not None:
        rows = rows.filter(org=org)
    return sorted(rows.values_list("first", "upto", "on"))


def _initiative(world, year):
    return activity_services.initiative_create(
        actor=world.root, org=world.trung_luong, title=f"Sáng kiến {year}", author_names="Lê Văn A", level="basic",
        year=year,
    )  # fmt: skip


def _day(day):
    return time_machine.travel(dt.datetime(2026, 11, day, 9, tzinfo=dt.UTC), tick=False)


def test_day_two_a_year_forgotten_is_stored_again_beside_this_year(world):
    # Found in issue 10: a piece reaching today was skipped the next day but never deleted, so storing it again
    # hit the unique constraint, and nothing of that batch was stored: from day two on, the years a backdated
    # record had forgotten were computed again on every request. This year is now stored for the day it was
    # computed on (decision 0020): each day's row is its own, never read the next day, and goes when the next is
    # stored.
    def read():
        return activity_selectors.initiative_totals(world.ha_tinh, first_year=2024, last_year=2026)

    def stored_years():
        return [first.year for first in _stored("initiatives", org=world.ha_tinh)]

    this_year = D(2026, 1, 1)
    with _day(26):
        _initiative(world, 2025)
        assert read().by_year == {2025: 1}
        assert stored_years() == [2024, 2025]
        assert _stored_open("initiatives", org=world.ha_tinh) == [(this_year, D(2026, 12, 31), D(2026, 11, 26))]
    with _day(27):
        _initiative(world, 2024)  # recorded late: 2024 is forgotten
        assert stored_years() == [2025]
        assert read().by_year == {2024: 1, 2025: 1}
        assert stored_years() == [2024, 2025]
        assert _stored_open("initiatives", org=world.ha_tinh) == [(this_year, D(2026, 12, 31), D(2026, 11, 27))]
    with _day(28):
        _initiative(world, 2026)  # this year is forgotten, yesterday's row with it
        assert _stored_open("initiatives", org=world.ha_tinh) == []
        assert read().by_year == {2024: 1, 2025: 1, 2026: 1}
        with CaptureQueriesContext(connection) as queries:
            assert read().by_year == {2024: 1, 2025: 1, 2026: 1}
        # read again the same day: the closed years and this year's row in one query, no field name to read
        assert len(queries) == 1
        assert stored_years() == [2024, 2025]
        assert _stored_open("initiatives", org=world.ha_tinh) == [(this_year, D(2026, 12, 31), D(2026, 11, 28))]


def test_the_open_month_is_stored_for_its_day_only(world):
    start = D(2025, 1, 1)
    for day in (26, 27, 28):
        with _day(day):
            _activity(world, today())
            for _read in range(2):
                totals, _by_month = activity_selectors.activity_figures(world.ha_tinh, start=start, end=today())
                assert totals.count == day - 25
            assert D(2026, 11, 1) not in _stored(org=world.ha_tinh)
            assert len(_stored(org=world.ha_tinh)) == 22  # January 2025 to October 2026
            # this month to today, for today: yesterday's is gone
            assert _stored_open(org=world.ha_tinh) == [(D(2026, 11, 1), today(), today())]
    # A day with no write computes this month again (what the day changes, no trigger sees)
    with _day(29):
        totals, _by_month = activity_selectors.activity_figures(world.ha_tinh, start=start, end=D(2026, 11, 28))
        assert totals.count == 3
        assert _stored_open(org=world.ha_tinh) == [(D(2026, 11, 1), D(2026, 11, 28), D(2026, 11, 29))]


def test_a_record_of_any_day_of_this_month_forgets_the_month_stored_today(world):
    # This month to today is stored under the whole month (decision 0020): a record of any of its days forgets it,
    # for the nodes above the record's unit (a backdated one as one of today).
    with _day(26):
        for on in (D(2026, 11, 3), D(2026, 11, 26)):
            activity_selectors.activity_figures(world.ha_tinh, start=D(2026, 11, 1), end=today())
            activity_selectors.activity_figures(world.bac_ninh, start=D(2026, 11, 1), end=today())
            assert len(_stored_open(org=world.ha_tinh)) == 1 == len(_stored_open(org=world.bac_ninh))
            _activity(world, on)
            assert _stored_open(org=world.ha_tinh) == []
            assert len(_stored_open(org=world.bac_ninh)) == 1
        totals, _by_month = activity_selectors.activity_figures(world.ha_tinh, start=D(2026, 11, 1), end=today())
        assert totals.count == 2


def test_a_record_forgets_its_month_for_the_nodes_above_it_and_no_other_source(world):
    for node in (world.ha_tinh, world.hong_linh, world.bac_ninh):
        activity_selectors.activity_figures(node, start=D(2024, 1, 1), end=D(2024, 12, 31))
    award_selectors.honour_totals(world.ha_tinh, start=D(2024, 1, 1), end=D(2024, 12, 31))
    months = [D(2024, m, 1) for m in range(1, 13)]
    assert _stored(org=world.ha_tinh) == months == _stored(org=world.hong_linh) == _stored("honours")
    # A record of Trung Lương (Hồng Lĩnh, Hà Tĩnh) dated 15/05/2024: May, for the nodes above it
    activity = _activity(world, D(2024, 5, 15))
    without_may = [m for m in months if m.month != 5]
    assert _stored(org=world.ha_tinh) == without_may == _stored(org=world.hong_linh)
    assert _stored(org=world.bac_ninh) == months
    assert _stored("honours") == months
    # moved to another date: both months; corrected in a figure: its month
    activity_selectors.activity_figures(world.ha_tinh, start=D(2024, 1, 1), end=D(2024, 12, 31))
    activity_services.activity_update(actor=world.root, activity=activity, start_date=D(2024, 8, 2))
    assert _stored(org=world.ha_tinh) == [m for m in months if m.month not in (5, 8)]
    activity_selectors.activity_figures(world.ha_tinh, start=D(2024, 1, 1), end=D(2024, 12, 31))
    activity_services.activity_update(actor=world.root, activity=activity, participants_public=12)
    assert _stored(org=world.ha_tinh) == [m for m in months if m.month != 8]
    # a change that no figure reads (the title) forgets nothing
    activity_selectors.activity_figures(world.ha_tinh, start=D(2024, 1, 1), end=D(2024, 12, 31))
    activity_services.activity_update(actor=world.root, activity=activity, title="Tập huấn kỹ thuật")
    assert _stored(org=world.ha_tinh) == months


def test_writes_around_the_services_forget_too(world):
    activity = _activity(world, D(2024, 5, 15))
    months = [D(2024, m, 1) for m in range(1, 13)]

    def remembered():
        activity_selectors.activity_figures(world.ha_tinh, start=D(2024, 1, 1), end=D(2024, 12, 31))
        assert _stored(org=world.ha_tinh) == months

    remembered()
    Activity.objects.filter(pk=activity.pk).update(participants_public=50)  # a bulk update: no signal
    assert D(2024, 5, 1) not in _stored()
    remembered()
    with connection.cursor() as cursor:  # raw SQL
        cursor.execute("UPDATE activities_activity SET start_date = %s WHERE id = %s", [D(2024, 9, 9), activity.pk])
    assert D(2024, 5, 1) not in _stored() and D(2024, 9, 1) not in _stored()
    remembered()
    Activity.objects.filter(pk=activity.pk).delete()
    assert D(2024, 9, 1) not in _stored()


def test_the_tree_forgets_from_its_date_for_the_nodes_above_and_nothing_else_does(world):
    from lienhiep.accounts.tests.factories import UserFactory

    nodes = (world.ha_tinh, world.hong_linh, world.bac_ninh)
    for node in nodes:
        activity_selectors.activity_figures(node, start=D(2024, 1, 1), end=D(2024, 12, 31))
        award_selectors.honour_totals(node, start=D(2024, 1, 1), end=D(2024, 12, 31))
    months = [D(2024, m, 1) for m in range(1, 13)]
    # A role granted, a rename, a phone number changed: no figure changes
    services.role_grant(
        actor=world.root, user=UserFactory(), org=world.ha_tinh, kind="leader", valid_from=D(2024, 1, 1)
    )
    services.org_rename(actor=world.root, org=world.y_te, name="Hội KH&KT Bệnh viện", on=D(2024, 6, 1))
    services.org_update(actor=world.root, org=world.hong_linh, phone="0239 3836 123")
    for node in nodes:
        assert _stored(org=node) == months == _stored("honours", org=node)
    # A branch moved on 01/10/2024 within Hồng Lĩnh: every source from October on, for the nodes above it
    services.org_move(actor=world.root, org=world.branch, new_parent=world.trung_luong, on=D(2024, 10, 1))
    for node in (world.ha_tinh, world.hong_linh):
        assert _stored(org=node) == months[:9] == _stored("honours", org=node)
    # and nothing in another province
    assert _stored(org=world.bac_ninh) == months == _stored("honours", org=world.bac_ninh)


def test_a_preview_of_a_change_to_the_tree_forgets_nothing(world):
    activity_selectors.activity_figures(world.ha_tinh, start=D(2024, 1, 1), end=D(2024, 12, 31))
    before = list(RememberedFigure.objects.order_by("pk").values_list("pk", "first", "data"))
    events = services.preview(
        services.org_move, actor=world.root, org=world.y_te, new_parent=world.ha_tinh, on=D(2024, 3, 1)
    )
    assert events
    assert list(RememberedFigure.objects.order_by("pk").values_list("pk", "first", "data")) == before


def test_every_table_a_source_reads_has_its_triggers(world):
    tables = {watch.table for watch in triggers.watches()}
    expected = {f"{triggers.TRIGGER_PREFIX}{table}_{event}" for table in tables for event in ("ins", "upd", "del")}
    assert triggers.installed_triggers(connection) == expected | {f"{triggers.TRIGGER_PREFIX}unchanged"}
    declared = {reads.model for source in declared_sources().values() for reads in source.reads}
    assert {"activities.Activity", "activities.Initiative", "awards.Honour", "finance.Budget", "finance.Spending",
            "members.Membership"} <= declared  # fmt: skip
    assert "orgs_orgclosure" in tables


def test_a_stored_piece_is_never_changed_and_each_read_sees_the_rows_there_are(world):
    # Given a province's units' member breakdowns stored, then read (and so kept decoded by this process)
    on = today()
    parts = [world.trung_luong.pk, world.y_te.pk]
    stored = figures.remembered_many(
        parts, source="members.breakdown", on=on, compute=lambda ids: {pk: {"g": {"m": pk}} for pk in ids}
    )
    assert figures.remembered_each(parts, source="members.breakdown", on=on) == stored
    # the database refuses to change one, whoever writes
    with pytest.raises(DatabaseError), transaction.atomic():
        RememberedFigure.objects.filter(org=world.y_te).update(data={"g": {"m": 0}})
    # what a reader is given cannot be changed either: every reader of the process shares it
    read = figures.remembered_each(parts, source="members.breakdown", on=on)[world.y_te.pk]
    with pytest.raises(TypeError):
        read["g"]["m"] = 0  # type: ignore[index]
    # a piece forgotten is not read, and stored again it is read as stored (a new row, never the one kept)
    RememberedFigure.objects.filter(org=world.y_te).delete()
    assert figures.remembered_each(parts, source="members.breakdown", on=on).keys() == {world.trung_luong.pk}
    figures.remembered_many(
        parts, source="members.breakdown", on=on, compute=lambda ids: {pk: {"g": {"f": 7}} for pk in ids}
    )
    assert figures.remembered_each(parts, source="members.breakdown", on=on)[world.y_te.pk] == {"g": {"f": 7}}


def test_a_process_makes_room_by_forgetting_the_pieces_it_read_longest_ago(world, monkeypatch):
    # Found in session 25: emptied whole when full, the store of a process serving several provinces filled with
    # the pieces their writes had replaced, and every few requests a province's page decoded all its units again.
    from collections import OrderedDict

    monkeypatch.setattr(figures, "_decoded", OrderedDict())
    monkeypatch.setattr(figures, "_DECODED_MAX", 3)
    on = today()

    def read(ids):
        figures.remembered_many(ids, source="members.breakdown", on=on, compute=lambda m: {pk: {"g": {}} for pk in m})
        return figures.remembered_each(ids, source="members.breakdown", on=on)

    # Given two units' breakdowns read (and so kept decoded), with room for three pieces
    parts = [world.trung_luong.pk, world.y_te.pk]
    read(parts)
    kept = set(figures._decoded)
    assert len(kept) == 2
    # when other units' pieces are read between the province's reads, the province's units' stay kept
    for other in [world.lawyers_ht, world.lawyers_bn, world.branch]:
        assert read([other.pk]).keys() == {other.pk}
        assert kept <= set(figures._decoded), other
        assert read(parts).keys() == set(parts)
    assert len(figures._decoded) == 3


def test_one_already_a_member_admitted_elsewhere_forgets_the_units_figures_not_the_provinces(world):
    from lienhiep.members import selectors as member_selectors
    from lienhiep.members import services as member_services

    # Given the persons under each node at the end of 2020 counted and stored (An, of Y tế since 2015)
    end = D(2020, 12, 31)
    nodes = [world.national, world.ha_tinh, world.hong_linh, world.y_te]
    assert [member_selectors.member_count(node, on=end, distinct_persons=True) for node in nodes] == [1, 1, 1, 1]

    def stored() -> set[int]:
        return set(RememberedFigure.objects.filter(source="members.persons", first=end).values_list("org", flat=True))

    # (Hồng Lĩnh's and the province's lawyers' as the parts the province's count was added up from)
    assert stored() == {world.national.pk, world.ha_tinh.pk, world.hong_linh.pk, world.lawyers_ht.pk}
    # When An is admitted to Bắc Ninh's lawyers today (their Y tế membership now says they have another)
    member_services.member_admit(actor=world.root, person=world.person, org=world.lawyers_bn, joined_on=today())
    # Then the figures of the units that name who has another are forgotten, the province's and the country's kept
    assert stored() == {world.national.pk, world.ha_tinh.pk, world.lawyers_ht.pk}
    # and counted again, Y tế's names An
    assert member_selectors.member_count(world.hong_linh, on=end, distinct_persons=True) == 1
    assert member_selectors.persons_data(world.y_te, on=end) == {"n": 1, "s": [world.person.pk]}


def test_a_reader_stores_nothing_while_a_writer_may_commit(transactional_db, world):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite readers hold the write lock (IMMEDIATE transactions); PostgreSQL's lock is tested here")
    import threading

    from django.db import connections, transaction

    start, end = D(2024, 1, 1), D(2024, 1, 31)
    RememberedFigure.objects.all().delete()  # warmed in the background when the world's tree was committed
    written, release = threading.Event(), threading.Event()

    def writer() -> None:
        # Another session records an activity and does not commit until told to (a writer mid-transaction).
        try:
            with transaction.atomic():
                _activity(world, D(2024, 1, 20))
                written.set()
                release.wait(10)
        finally:
            connections.close_all()

    thread = threading.Thread(target=writer)
    thread.start()
    assert written.wait(10)
    # A reader gives the figures as committed, but does not store them
    totals, _months = activity_selectors.activity_figures(world.ha_tinh, start=start, end=end)
    assert totals.count == 0
    assert not RememberedFigure.objects.filter(source="activities").exists()
    release.set()
    thread.join(10)
    # once the writer has committed, the next reader counts its activity and stores the month
    totals, _months = activity_selectors.activity_figures(world.ha_tinh, start=start, end=end)
    assert totals.count == 1
    assert RememberedFigure.objects.filter(source="activities", org=world.ha_tinh).count() == 1


def test_a_writer_waits_for_a_reader_that_is_storing_then_forgets_what_it_stored(transactional_db, world):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises every writing transaction; PostgreSQL's lock is tested here")
    import threading

    from django.db import connections, transaction

    start, end = D(2024, 1, 1), D(2024, 1, 31)
    RememberedFigure.objects.all().delete()  # warmed in the background when the world's tree was committed
    stored, done = threading.Event(), threading.Event()

    def writer() -> None:
        try:
            assert stored.wait(10)
            _activity(world, D(2024, 1, 20))  # waits for the reader's transaction, then forgets January
            done.set()
        finally:
            connections.close_all()

    thread = threading.Thread(target=writer)
    thread.start()
    with transaction.atomic():
        totals, _months = activity_selectors.activity_figures(world.ha_tinh, start=start, end=end)
        assert totals.count == 0
        assert RememberedFigure.objects.filter(source="activities").count() == 1
        stored.set()
        assert not done.wait(1)  # the writer is held until the reader commits
    thread.join(10)
    assert done.is_set()
    assert not RememberedFigure.objects.filter(source="activities").exists()
    totals, _months = activity_selectors.activity_figures(world.ha_tinh, start=start, end=end)
    assert totals.count == 1


def test_a_write_that_commits_while_a_reader_computes_leaves_nothing_stale(transactional_db, world):
    # Found in review: a writer whose statement ran and committed after the reader's queries but before the reader
    # took the lock left no trace (its trigger had nothing to delete, its shared lock was gone), so the reader
    # stored a month computed before the write, and kept it until the next write of that unit.
    if connection.vendor != "postgresql":
        pytest.skip("SQLite readers hold the write lock while they compute (IMMEDIATE transactions): no write commits")
    import threading

    from django.db import connections

    from lienhiep.orgs import figures

    start, end = D(2024, 1, 1), D(2024, 1, 31)
    RememberedFigure.objects.all().delete()  # warmed in the background when the world's tree was committed

    def writer() -> None:
        try:
            _activity(world, D(2024, 1, 20))  # another session, committed at once
        finally:
            connections.close_all()

    def compute(first, last):
        # The reader's queries, as the overview runs them; then a write commits before the reader may store.
        with figures.computed_afresh():
            pieces = activity_selectors.activity_pieces(world.ha_tinh, start=first, end=last)
        thread = threading.Thread(target=writer)
        thread.start()
        thread.join(10)
        return {piece_first: data for piece_first, _last, data in pieces if data}

    # The reader gives what it computed before the write
    pieces = figures.pieced(world.ha_tinh, source="activities", start=start, end=end, compute=compute)
    assert pieces == [(start, end, {})]
    assert Activity.objects.filter(start_date=D(2024, 1, 20)).count() == 1
    # but stores nothing: the write moved the source's generation
    assert not RememberedFigure.objects.filter(source="activities").exists()
    # and the next reader counts the activity and stores the month
    totals, _months = activity_selectors.activity_figures(world.ha_tinh, start=start, end=end)
    assert totals.count == 1
    assert RememberedFigure.objects.filter(source="activities", org=world.ha_tinh).count() == 1


def test_the_missing_year_ends_are_counted_under_one_generation_and_stored_together(world):
    """A backdated membership forgets every year-end after it: the missing days are computed one after the other
    under one generation check and stored in one insert, each equal to the count from the records."""
    from lienhiep.members import selectors as member_selectors
    from lienhiep.orgs import figures

    ends = [D(2022, 12, 31), D(2023, 12, 31), D(2024, 12, 31)]
    member_selectors.members_over_time(world.hong_linh, dates=ends)
    counts = RememberedFigure.objects.filter(source="members.persons", org=world.hong_linh)
    counts.filter(first__gte=D(2023, 1, 1)).delete()
    with CaptureQueriesContext(connection) as queries:
        found = member_selectors.members_over_time(world.hong_linh, dates=ends)
    assert len([q for q in queries.captured_queries if q["sql"].startswith("INSERT")]) == 1
    assert sorted(counts.values_list("first", flat=True)) == ends
    with figures.computed_afresh():
        assert found == member_selectors.members_over_time(world.hong_linh, dates=ends)


def test_a_computation_nested_in_one_of_its_source_is_stored_with_it_and_under_its_check(transactional_db, world):
    """A province's breakdown counts the parts a write forgot inside its own computation (both
    "members.breakdown"): the parts join it, stored only after its check, with it; a write that commits while they
    are computed leaves neither stored (docs/figures.md, "Nested computations of one source")."""
    import threading

    from django.db import connections

    from lienhiep.members import services as member_services
    from lienhiep.orgs import figures

    on = D(2024, 1, 1)
    parts = [world.trung_luong.pk, world.y_te.pk]
    stored = RememberedFigure.objects.filter(source="members.breakdown", first=on)

    def outer(write):
        def compute():
            found = figures.remembered_many(
                parts, source="members.breakdown", on=on, compute=lambda missing: {pk: {"n": 1} for pk in missing}
            )
            assert not stored.exists()  # joined: not stored before the outer's check
            if write:
                thread = threading.Thread(target=writer)
                thread.start()
                thread.join(10)
            return {"n": sum(data["n"] for data in found.values())}

        return figures.remembered(world.hong_linh, source="members.breakdown", on=on, compute=compute)

    def writer() -> None:
        try:
            person = member_services.person_create(actor=world.root, full_name="Lê Văn Mười")
            member_services.member_admit(actor=world.root, person=person, org=world.y_te, joined_on=D(2023, 6, 1))
        finally:
            connections.close_all()

    stored.delete()
    if connection.vendor == "postgresql":
        assert outer(write=True) == {"n": 2}
        assert not stored.exists()  # the write moved the generation: neither the parts nor the union stored
    assert outer(write=False) == {"n": 2}
    assert set(stored.values_list("org_id", flat=True)) == {*parts, world.hong_linh.pk}
