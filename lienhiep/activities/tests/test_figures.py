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
