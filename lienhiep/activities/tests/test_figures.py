"""Remembered activity and initiative figures (orgs.figures) are forgotten by every change that can alter
them: after each kind of change, what the overview reads back equals a fresh computation."""

import datetime as dt
from decimal import Decimal

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


def test_the_national_months_are_read_without_the_tree_and_agree_with_it(world):
    # Given activities of units that moved, of the national union itself, and of a unit dissolved after them
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _activity(world, world.trung_luong, D(2024, 2, 3), money_raised=Decimal(1_000_000))
    _activity(world, world.lawyers_bn, D(2024, 2, 20), money_raised=Decimal(2_000_000))
    _activity(world, world.national, D(2024, 3, 1), money_raised=Decimal(3_000_000))
    _activity(world, world.branch, D(2024, 3, 9), money_raised=Decimal(4_000_000))
    org_services.org_move(actor=world.root, org=world.trung_luong, new_parent=world.bac_ninh, on=D(2024, 2, 10))
    org_services.org_dissolve(actor=world.root, org=world.branch, on=D(2024, 3, 10))
    _activity(world, world.trung_luong, D(2024, 2, 28), money_raised=Decimal(5_000_000))
    start, end = D(2024, 1, 1), D(2024, 4, 30)

    def months(node, **read):
        with figures.computed_afresh(), CaptureQueriesContext(connection) as queries:
            pieces = selectors.activity_pieces(node, start=start, end=end)
        sql = [q["sql"] for q in queries.captured_queries if '"activities_activity"' in q["sql"]]
        return pieces, sql

    # When the national union's months are computed
    national, sql = months(world.national)
    # Then its query reads the activities alone, not through the tree (every record lies within its unit's life)
    assert sql and not any("orgs_orgclosure" in q for q in sql)
    # and the months are those of its units as the tree stood: its own, and each province's (Hà Tĩnh and Bắc Ninh
    # share Trung Lương's February)
    joined = selectors._activity_piece(selectors.activities_in(world.national, start=start, end=end), by_month=True)
    assert {(first.year, first.month): data for first, _last, data in national if data} == joined
    assert [sum(data["s"]["money_raised"] for _f, _l, data in national if data)] == [15_000_000]
    for province in (world.ha_tinh, world.bac_ninh):
        pieces, sql = months(province)
        assert sql and all("orgs_orgclosure" in q for q in sql)
    ha_tinh, bac_ninh = (months(p)[0] for p in (world.ha_tinh, world.bac_ninh))
    money = [sum(data.get("s", {}).get("money_raised", 0) for _f, _l, data in p) for p in (ha_tinh, bac_ninh)]
    assert money == [1_000_000 + 4_000_000, 2_000_000 + 5_000_000]
