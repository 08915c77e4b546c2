"""Remembered budget and spending figures (orgs.figures) are forgotten by every change that can alter them."""

import datetime as dt
from decimal import Decimal

from lienhiep.finance import selectors, services
from lienhiep.finance.models import Budget
from lienhiep.orgs import figures
from lienhiep.orgs import services as org_services

D = dt.date
M = Decimal
YEARS = {"first_year": 2021, "last_year": 2024}


def _read(world):
    return [
        selectors.plan_vs_actual(node, first_year=2021, last_year=2024)
        for node in (world.ha_tinh, world.hong_linh, world.trung_luong)
    ]


def _assert_remembered_is_fresh(world):
    remembered = _read(world)
    with figures.computed_afresh():
        assert remembered == _read(world)


def test_every_change_to_budgets_and_spending_forgets_what_it_changes(world):
    services.budget_set(actor=world.root, org=world.trung_luong, year=2022, source="state", planned=M(3_000_000))
    spent = services.spending_record(actor=world.root, org=world.trung_luong, spent_on=D(2022, 4, 1),
                                     amount=M(500_000), purpose="Hội nghị")  # fmt: skip
    _read(world)  # remembered
    steps = [
        lambda: services.budget_set(
            actor=world.root,
            org=world.trung_luong,
            year=2022,
            source="state",
            planned=M(3_000_000),
            actual=M(2_800_000),
        ),
        lambda: services.budget_set(actor=world.root, org=world.y_te, year=2023, source="dues", planned=M(1_000_000)),
        lambda: services.spending_record(
            actor=world.root, org=world.y_te, spent_on=D(2023, 5, 5), amount=M(70_000), purpose="Tập huấn"
        ),
        lambda: Budget.objects.create(org=world.branch, year=2024, source="other", planned=M(9)),
        lambda: org_services.org_move(actor=world.root, org=world.y_te, new_parent=world.ha_tinh, on=D(2023, 1, 1)),
        lambda: services.spending_delete(actor=world.root, spending=spent),
    ]
    for change in steps:
        change()
        _assert_remembered_is_fresh(world)
    # Y tế (and its branch) moved under the province at the start of 2023: their budgets of 2023–2024 are its
    by_year = {y.year: (y.planned, y.actual, y.spent) for y in selectors.plan_vs_actual(world.hong_linh, **YEARS)}
    assert by_year == {2021: (0, 0, 0), 2022: (3_000_000, 2_800_000, 0), 2023: (0, 0, 0), 2024: (0, 0, 0)}
    by_year = {y.year: (y.planned, y.spent) for y in selectors.plan_vs_actual(world.ha_tinh, **YEARS)}
    assert by_year == {2021: (0, 0), 2022: (3_000_000, 0), 2023: (1_000_000, 70_000), 2024: (9, 0)}
