"""Remembered activity and initiative figures (orgs.figures) are forgotten by every change that can alter
them: after each kind of change, what the overview reads back equals a fresh computation."""

import datetime as dt
import io
from decimal import Decimal

from django.core.management import call_command

from lienhiep.activities import selectors, services
from lienhiep.activities.models import Activity, Initiative
from lienhiep.orgs import figures
from lienhiep.orgs import services as org_services
from lienhiep.orgs.models import RememberedFigure

D = dt.date
PERIODS = [(D(2023, 1, 1), D(2025, 12, 31)), (D(2024, 3, 10), D(2025, 8, 20))]


def _read(world):
    out = []
    for node in (world.ha_tinh, world.hong_linh, world.trung_luong, world.y_te):
        for start, end in PERIODS:
            out.append(selectors.activity_figures(node, start=start, end=end))
            out.append(selectors.initiative_totals(node, first_year=start.year, last_year=end.year))
            out.append(selectors.money_raised_by_year(node, first_year=start.year, last_year=end.year))
    return out


def _assert_remembered_is_fresh(world):
    remembered = _read(world)
    assert RememberedFigure.objects.exists()
    with figures.computed_afresh():
        assert remembered == _read(world)


def _activity(world, org, on, **values):
    return services.activity_create(
        actor=world.root, org=org, kind="campaign", title=f"Vận động {on}", start_date=on, **values
    )


def _initiative(world, org, year, **values):
    return services.initiative_create(
        actor=world.root, org=org, title=f"Sáng kiến {year}", author_names="Lê Văn A", level="basic", year=year,
        **values,
    )  # fmt: skip


def test_every_change_to_activities_and_initiatives_forgets_what_it_changes(world):
    campaign = _activity(world, world.trung_luong, D(2024, 5, 3), money_raised=Decimal(1_000_000), recipients=3)
    _activity(world, world.y_te, D(2025, 2, 14), money_raised=Decimal(500_000))
    old = _initiative(world, world.trung_luong, 2024)
    _read(world)  # remembered

    steps = [
        ("recorded", lambda: _activity(world, world.branch, D(2024, 5, 20), money_raised=Decimal(7))),
        ("figures corrected", lambda: services.activity_update(actor=world.root, activity=campaign, recipients=9)),
        (
            "moved to another month",
            lambda: services.activity_update(actor=world.root, activity=campaign, start_date=D(2025, 6, 1)),
        ),
        (
            "moved to another unit",
            lambda: services.activity_update(actor=world.root, activity=campaign, org=world.lawyers_ht),
        ),
        ("deleted", lambda: services.activity_delete(actor=world.root, activity=campaign)),
        (
            "saved without a service",
            lambda: Activity.objects.create(
                org=world.y_te, kind="campaign", title="Thêm", start_date=D(2024, 7, 7), money_raised=Decimal(3)
            ),
        ),
        ("initiative recorded", lambda: _initiative(world, world.y_te, 2025, applied=True, effect="Áp dụng")),
        (
            "initiative's year corrected",
            lambda: services.initiative_update(actor=world.root, initiative=old, year=2023),
        ),
        (
            "initiatives imported",
            lambda: services.initiatives_bulk_create(
                actor=world.root,
                rows=[Initiative(org=world.branch, title="Nhập", author_names="Lê Văn B", level="province", year=2024)],
            ),
        ),
        ("initiative deleted", lambda: services.initiative_delete(actor=world.root, initiative=old)),
        (
            "unit moved",
            lambda: org_services.org_move(actor=world.root, org=world.y_te, new_parent=world.ha_tinh, on=D(2024, 9, 1)),
        ),
    ]
    for _name, change in steps:
        change()
        _assert_remembered_is_fresh(world)
    # and the figures are the records': the province raised 7 + 500.000 + 3 in 2024–2025
    raised = selectors.money_raised_by_year(world.ha_tinh, first_year=2024, last_year=2025)
    assert raised == {2024: 7 + 3, 2025: 500_000}


def test_warm_overviews_computes_the_unions_overviews_ahead(world, django_assert_num_queries):

    from lienhiep.activities import overview
    from lienhiep.orgs.selectors import today

    _activity(world, world.trung_luong, D(2024, 5, 3), money_raised=Decimal(1_000_000))
    call_command("warm_overviews", stdout=io.StringIO())
    # Then a province's overview reads its closed pieces back, one query per source: activities, initiatives,
    # honours, budgets, spending, and the activities' again for the money raised per year; and computes what is
    # still open, one query each: this month of activities (once, for both), this year of initiatives, this month
    # of honours, this year of budgets and of spending.
    start, end = selectors.overview_period(today())
    with django_assert_num_queries(6 + 1 + 1 + 1 + 1 + 1):
        figures_of_the_page = overview.figures(world.ha_tinh, start, end)
    assert figures_of_the_page["totals"].money_raised == 1_000_000
    assert RememberedFigure.objects.filter(org=world.ha_tinh).values("source").distinct().count() == 5


def test_a_change_to_the_tree_computes_the_overviews_again_once_committed(transactional_db, world):
    # Transactional: the task is enqueued when the change commits (the test settings run tasks at once).
    from django.db import connection, transaction

    from lienhiep.orgs.selectors import today

    _activity(world, world.trung_luong, D(2024, 5, 3), money_raised=Decimal(1_000_000))
    call_command("warm_overviews", stdout=io.StringIO())
    start, end = selectors.overview_period(today())
    stored = RememberedFigure.objects.filter(org=world.ha_tinh, source="activities", first__gte=start, last__lte=end)
    closed = [piece for piece in figures.pieces_of(start, end, "month") if figures.storable(*piece, "month", today())]
    assert stored.count() == len(closed) == len(figures.pieces_of(start, end, "month")) - 1  # all but this month
    # When units move (each move writes several events), the overviews are forgotten from that date
    with transaction.atomic():
        org_services.org_move(actor=world.root, org=world.y_te, new_parent=world.ha_tinh, on=D(2024, 9, 1))
        org_services.org_move(actor=world.root, org=world.branch, new_parent=world.trung_luong, on=D(2024, 10, 1))
        assert not stored.filter(last__gte=D(2024, 9, 1)).exists()
        # one task is waiting for the commit, however many events were written
        assert [entry[1] for entry in connection.run_on_commit] == [org_services._enqueue_warm]
    # and once committed, the task has computed them again
    assert stored.count() == len(closed)
