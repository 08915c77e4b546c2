import datetime as dt
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from lienhiep.activities import selectors, services
from lienhiep.orgs import figures
from lienhiep.orgs import services as org_services

D = dt.date


def _make(world, org, kind, on, **figures):
    return services.activity_create(
        actor=world.root, org=org, kind=kind, title=f"{kind} {on}", start_date=on, **figures
    )


def test_totals_by_kind_and_people_reached(world):
    _make(world, world.trung_luong, "training", D(2019, 4, 2), participants_public=40, participants_members=10)
    _make(world, world.y_te, "seminar", D(2020, 6, 1), participants_officials=25)
    _make(world, world.branch, "campaign", D(2021, 1, 20), money_raised=Decimal(15_000_000), recipients=12)
    _make(world, world.trung_luong, "legal_aid", D(2022, 9, 9), persons_advised=18, cases_handled=4)
    _make(world, world.lawyers_ht, "training", D(2021, 3, 3), participants_public=100)  # outside Hồng Lĩnh
    _make(world, world.trung_luong, "training", D(2024, 1, 5), participants_public=7)  # after the period

    totals = selectors.activity_totals(world.hong_linh, start=D(2018, 1, 1), end=D(2023, 12, 31))
    assert totals.count == 4
    assert totals.by_kind == {"campaign": 1, "legal_aid": 1, "seminar": 1, "training": 1}
    assert totals.participants == 75
    assert totals.people_reached == 75 + 12 + 18
    assert totals.money_raised == 15_000_000
    assert selectors.activity_totals(world.ha_tinh, start=D(2018, 1, 1), end=D(2023, 12, 31)).count == 5
    assert (
        selectors.activity_totals(world.hong_linh, start=D(2018, 1, 1), end=D(2023, 12, 31), kind="training").count == 1
    )


def test_the_sums_of_each_kind_are_remembered_with_the_months(world):
    # Given two campaigns and a training of Hồng Lĩnh in 2021, and a campaign elsewhere
    _make(world, world.branch, "campaign", D(2021, 1, 20), money_raised=Decimal(15_000_000), recipients=12)
    _make(world, world.trung_luong, "campaign", D(2021, 8, 2), money_raised=Decimal(2_500_000), gifts=30)
    _make(world, world.trung_luong, "training", D(2021, 8, 9), participants_public=40)
    _make(world, world.lawyers_ht, "campaign", D(2021, 3, 3), money_raised=Decimal(9_000_000))
    year = {"start": D(2021, 1, 1), "end": D(2021, 12, 31)}
    summed = {name: 0 for name in selectors.SUMMED}
    expected = {
        "campaign": summed | {"money_raised": 17_500_000, "recipients": 12, "gifts": 30},
        "training": summed | {"participants_public": 40},
    }
    # When the year's figures are read, then each kind has its own sums (a report's money raised by campaigns)
    assert selectors.activity_figures(world.hong_linh, **year)[0].sums_by_kind == expected
    # and they are read back from the remembered months, in one query, the same as the records say
    with CaptureQueriesContext(connection) as queries:
        assert selectors.activity_figures(world.hong_linh, **year)[0].sums_by_kind == expected
    assert len(queries) == 1
    with figures.computed_afresh():
        assert selectors.activity_figures(world.hong_linh, **year)[0].sums_by_kind == expected


def test_an_activity_counts_where_its_organiser_stood_that_day(world):
    # Given Trung Lương moves from Hồng Lĩnh to directly under Hà Tĩnh on 1 July 2025
    _make(world, world.trung_luong, "training", D(2025, 3, 1), participants_public=10)
    _make(world, world.trung_luong, "training", D(2025, 9, 1), participants_public=20)
    org_services.org_move(actor=world.root, org=world.trung_luong, new_parent=world.ha_tinh, on=D(2025, 7, 1))
    # then the town union keeps the first, and the province counts both
    year = {"start": D(2025, 1, 1), "end": D(2025, 12, 31)}
    assert selectors.activity_totals(world.hong_linh, **year).participants == 10
    assert selectors.activity_totals(world.ha_tinh, **year).participants == 30


def test_activities_by_month(world):
    _make(world, world.trung_luong, "training", D(2023, 3, 8))
    _make(world, world.trung_luong, "training", D(2023, 3, 20))
    _make(world, world.y_te, "leaflets", D(2023, 3, 21), copies=500)
    _make(world, world.y_te, "leaflets", D(2023, 5, 2), copies=300)
    rows = selectors.activities_by_month(world.hong_linh, start=D(2023, 1, 1), end=D(2023, 12, 31))
    assert rows == {(2023, 3): {"leaflets": 1, "training": 2}, (2023, 5): {"leaflets": 1}}
    assert selectors.months(D(2022, 11, 5), D(2023, 2, 1)) == [(2022, 11), (2022, 12), (2023, 1), (2023, 2)]


def test_initiatives_by_level_and_applied_share(world):
    def initiative(org, level, year, applied):
        extra = {"effect": "Áp dụng tại đơn vị"} if applied else {}
        return services.initiative_create(
            actor=world.root, org=org, title=f"Sáng kiến {level} {year}", author_names="Lê Văn A", level=level,
            year=year, applied=applied, **extra,
        )  # fmt: skip

    initiative(world.trung_luong, "basic", 2019, True)
    initiative(world.y_te, "sector", 2020, True)
    initiative(world.branch, "province", 2021, False)
    initiative(world.lawyers_ht, "national", 2021, True)  # not in Hồng Lĩnh
    totals = selectors.initiative_totals(world.hong_linh, first_year=2018, last_year=2023)
    assert totals.count == 3
    assert totals.applied == 2
    assert totals.applied_share == 66.7
    assert totals.by_level == {"basic": 1, "sector": 1, "province": 1, "national": 0}
    assert totals.by_year == {2019: 1, 2020: 1, 2021: 1}


def test_moves_inside_the_subtree_and_units_founded_during_the_period(world):
    # Given the branch moves from Trung tâm Y tế to Trung Lương (both under Hồng Lĩnh) on 1 June 2023,
    # and a new association is founded under Hồng Lĩnh on 1 March 2023
    _make(world, world.branch, "training", D(2023, 2, 1), participants_public=10)
    org_services.org_move(actor=world.root, org=world.branch, new_parent=world.trung_luong, on=D(2023, 6, 1))
    _make(world, world.branch, "training", D(2023, 9, 1), participants_public=20)
    new = org_services.org_create(
        actor=world.root, kind="association", name="Hội KH&KT phường Đậu Liêu", founded_on=D(2023, 3, 1),
        parent=world.hong_linh, group="wards",
    )  # fmt: skip
    _make(world, new, "training", D(2023, 4, 1), participants_public=5)
    year = {"start": D(2023, 1, 1), "end": D(2023, 12, 31)}
    # then the town union counts all three, each association what was under it on the day
    assert selectors.activity_totals(world.hong_linh, **year).participants == 35
    assert selectors.activity_totals(world.y_te, **year).participants == 10
    assert selectors.activity_totals(world.trung_luong, **year).participants == 20
    assert selectors.activity_totals(new, **year).participants == 5


def test_activity_figures_are_remembered_month_by_month(world, django_assert_max_num_queries):
    # Given activities before, during and after a move of their organiser, of several kinds and fields
    _make(world, world.trung_luong, "training", D(2025, 3, 1), participants_public=10)
    _make(world, world.y_te, "campaign", D(2025, 3, 9), money_raised=Decimal(2_000_000), recipients=4)
    _make(world, world.trung_luong, "training", D(2025, 9, 1), participants_public=20)
    _make(world, world.lawyers_ht, "legal_aid", D(2025, 10, 2), persons_advised=3)
    org_services.org_move(actor=world.root, org=world.trung_luong, new_parent=world.ha_tinh, on=D(2025, 7, 1))
    for node in (world.hong_linh, world.ha_tinh):
        period = {"start": D(2025, 1, 1), "end": D(2025, 12, 31)}
        first = selectors.activity_figures(node, **period)
        # when they are asked again, they are read back: the stored months and the fields' names
        with django_assert_max_num_queries(2):
            totals, by_month = selectors.activity_figures(node, **period)
        # then they are what was computed, and what the month-by-month selector counts afresh
        assert (totals, by_month) == first
        assert by_month == selectors.activities_by_month(node, **period)
    assert totals.by_kind == {"campaign": 1, "legal_aid": 1, "training": 2}
    assert totals.people_reached == 10 + 4 + 20 + 3
    assert totals.money_raised == 2_000_000
    assert totals.count == 4


def test_a_list_without_co_organised_activities_reads_the_units_own_alone(world):
    # Given Trung Lương's own activity, and none it co-organised
    own = _make(world, world.trung_luong, "training", D(2024, 5, 2))
    units = [world.trung_luong.pk]
    # then its list filters on its units alone (no subquery of co-organisers its count would filter every row by)
    rows = selectors.activity_list(visible_org_ids=units, filters=selectors.ActivityFilters())
    assert "co_organisers" not in str(rows.query)
    assert list(rows) == [own]
    # and once it co-organises one, the list holds that one too
    joint = services.activity_create(
        actor=world.root, org=world.lawyers_ht, kind="seminar", title="Hội thảo", start_date=D(2024, 6, 1),
        co_organisers=[world.trung_luong],
    )  # fmt: skip
    rows = selectors.activity_list(visible_org_ids=units, filters=selectors.ActivityFilters())
    assert list(rows) == [joint, own] and rows.count() == 2
