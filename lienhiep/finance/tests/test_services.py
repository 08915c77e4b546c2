import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from lienhiep.activities import services as activity_services
from lienhiep.finance import selectors, services
from lienhiep.finance.models import Budget, FinanceEvent, Spending

D = dt.date
M = Decimal


def test_budget_is_one_row_per_year_and_source_and_can_be_corrected(world):
    services.budget_set(actor=world.bob, org=world.trung_luong, year=2022, source="state", planned=M(3_000_000))
    services.budget_set(actor=world.bob, org=world.trung_luong, year=2022, source="state", planned=M(3_000_000),
                        actual=M(2_800_000))  # fmt: skip
    assert Budget.objects.get().actual == 2_800_000
    update = FinanceEvent.objects.filter(kind="update").get()
    assert update.data["before"] == {"planned": 3_000_000, "actual": None}
    with pytest.raises(ValidationError):  # too far ahead
        services.budget_set(actor=world.bob, org=world.trung_luong, year=2100, source="dues", planned=M(1))
    with pytest.raises(ValidationError):  # before the association existed
        services.budget_set(actor=world.bob, org=world.trung_luong, year=2001, source="dues", planned=M(1))


def test_spending_rules(world):
    other = activity_services.activity_create(
        actor=world.root, org=world.lawyers_ht, kind="seminar", title="Hội thảo", start_date=D(2023, 3, 3)
    )
    with pytest.raises(ValidationError):  # an activity of another unit
        services.spending_record(actor=world.bob, org=world.trung_luong, spent_on=D(2023, 3, 3), amount=M(10),
                                 purpose="Nước", activity=other)  # fmt: skip
    with pytest.raises(ValidationError):  # nothing spent
        services.spending_record(actor=world.bob, org=world.trung_luong, spent_on=D(2023, 3, 3), amount=M(0),
                                 purpose="Nước")  # fmt: skip
    with pytest.raises(ValidationError):  # on what?
        services.spending_record(actor=world.bob, org=world.trung_luong, spent_on=D(2023, 3, 3), amount=M(10),
                                 purpose="  ")  # fmt: skip
    assert not Spending.objects.exists()
    own = activity_services.activity_create(
        actor=world.root, org=world.trung_luong, kind="training", title="Tập huấn", start_date=D(2023, 3, 3)
    )
    services.spending_record(actor=world.alice, org=world.hong_linh, spent_on=D(2023, 3, 3), amount=M(700_000),
                             purpose="Tài liệu tập huấn", activity=own)  # fmt: skip
    assert Spending.objects.get().activity == own


def test_plan_against_actual_with_money_raised_from_activities(world):
    for org, planned, actual in [(world.trung_luong, 3_000_000, 2_500_000), (world.y_te, 5_000_000, 5_000_000)]:
        services.budget_set(actor=world.root, org=org, year=2022, source="state", planned=M(planned), actual=M(actual))
    services.budget_set(actor=world.root, org=world.y_te, year=2022, source="dues", planned=M(1_000_000))
    services.budget_set(actor=world.root, org=world.lawyers_ht, year=2022, source="state", planned=M(9_000_000))
    services.spending_record(actor=world.root, org=world.y_te, spent_on=D(2022, 6, 1), amount=M(1_200_000),
                             purpose="Tập huấn")  # fmt: skip
    activity_services.activity_create(actor=world.root, org=world.trung_luong, kind="campaign", title="Quỹ khuyến học",
                                      start_date=D(2022, 9, 5), money_raised=M(15_000_000))  # fmt: skip
    [year] = selectors.plan_vs_actual(world.hong_linh, first_year=2022, last_year=2022)
    assert (year.planned, year.actual, year.spent, year.raised) == (9_000_000, 7_500_000, 1_200_000, 15_000_000)
    assert year.planned_by_source == {"dues": 1_000_000, "state": 8_000_000}
    assert year.balance == 6_300_000


def test_overview_page_and_panel(world, client_for):
    services.budget_set(actor=world.root, org=world.y_te, year=2022, source="state", planned=M(5_000_000))
    client = client_for(world.lan)
    page = client.get(reverse("finance:overview"), {"node": world.hong_linh.pk, "from": "2021", "to": "2023"})
    assert [y.planned for y in page.context["years"]] == [0, 5_000_000, 0]
    assert "budget_form" not in page.context  # a leader records nothing
    overview = client.get(
        reverse("reporting:overview"), {"node": world.hong_linh.pk, "start": "01/01/2022", "end": "31/12/2022"}
    )
    assert overview.context["chart"]["budget"]["datasets"][0]["values"] == [5_000_000]


def test_the_remaining_rules_change_nothing(world):
    from lienhiep.orgs.selectors import today

    with pytest.raises(ValidationError):  # received, in a year not begun
        services.budget_set(actor=world.bob, org=world.trung_luong, year=today().year + 1, source="state",
                            planned=M(1_000_000), actual=M(1_000_000))  # fmt: skip
    with pytest.raises(ValidationError):  # spent in the future
        services.spending_record(actor=world.bob, org=world.trung_luong, spent_on=D(2100, 1, 1), amount=M(10),
                                 purpose="Nước")  # fmt: skip
    with pytest.raises(ValidationError):  # before the association existed
        services.spending_record(actor=world.bob, org=world.trung_luong, spent_on=D(2004, 1, 1), amount=M(10),
                                 purpose="Nước")  # fmt: skip
    assert not Budget.objects.exists() and not Spending.objects.exists() and not FinanceEvent.objects.exists()


def test_a_spending_line_is_corrected_and_the_event_keeps_what_it_said(world, client_for):
    spending = services.spending_record(actor=world.bob, org=world.trung_luong, spent_on=D(2024, 3, 2),
                                        amount=M(1_500_000), purpose="Nước uống hội nghị")  # fmt: skip
    response = client_for(world.bob).post(
        reverse("finance:spending_edit", args=[spending.pk]),
        {"org": world.trung_luong.pk, "spent_on": "03/03/2024", "amount": "1.050.000", "purpose": "Nước uống hội nghị"},
    )
    assert response.status_code == 302
    spending.refresh_from_db()
    assert (spending.spent_on, spending.amount) == (D(2024, 3, 3), 1_050_000)
    event = FinanceEvent.objects.filter(kind="update").get()
    assert event.data == {
        "before": {"spent_on": "2024-03-02", "amount": 1_500_000},
        "after": {"spent_on": "2024-03-03", "amount": 1_050_000},
    }
    # A date in the future is refused and nothing changes
    with pytest.raises(ValidationError):
        services.spending_update(actor=world.bob, spending=spending, org=world.trung_luong, spent_on=D(2100, 1, 1),
                                 amount=M(9), purpose="Sai")  # fmt: skip
    spending.refresh_from_db()
    assert (spending.spent_on, spending.amount, spending.purpose) == (D(2024, 3, 3), 1_050_000, "Nước uống hội nghị")


def test_a_budget_line_entered_by_mistake_is_deleted_from_the_overview(world, client_for):
    budget = services.budget_set(actor=world.bob, org=world.trung_luong, year=2024, source="other", planned=M(900_000))
    client = client_for(world.bob)
    page = client.get(reverse("finance:overview"), {"node": world.trung_luong.pk, "to": 2024}).content.decode()
    assert page.count('data-testid="budget-delete"') == 1
    response = client.post(reverse("finance:budget_delete", args=[budget.pk]))
    assert response.status_code == 302
    assert not Budget.objects.exists()
    event = FinanceEvent.objects.filter(kind="delete").get()
    assert (event.target, event.data["source"]) == ("budget", "other")
    assert event.data["before"] == {"planned": 900_000, "actual": None}
    years = {y.year: y.planned for y in selectors.plan_vs_actual(world.trung_luong, first_year=2024, last_year=2024)}
    assert years == {2024: 0}


def test_a_unit_does_not_end_before_its_spending_and_budgets(world):
    # A unit's life bounds its records: a spending line dated, or a budget of a year, after its end is refused.
    from lienhiep.orgs import services as org_services
    from lienhiep.orgs.models import Org

    services.budget_set(actor=world.bob, org=world.trung_luong, year=2024, source="state", planned=M(3_000_000))
    services.spending_record(actor=world.bob, org=world.trung_luong, spent_on=D(2023, 3, 3), amount=M(10),
                             purpose="Nước")  # fmt: skip
    with pytest.raises(ValidationError) as error:
        org_services.org_dissolve(actor=world.root, org=world.trung_luong, on=D(2023, 3, 3))
    assert error.value.code == "records_after_end"
    with pytest.raises(ValidationError) as error:
        org_services.org_dissolve(actor=world.root, org=world.trung_luong, on=D(2023, 3, 4))
    assert "khoản chi" not in error.value.messages[0] and "kinh phí 1" in error.value.messages[0]
    org_services.org_dissolve(actor=world.root, org=world.trung_luong, on=D(2024, 6, 1))
    assert Org.objects.get(pk=world.trung_luong.pk).ended_on == D(2024, 6, 1)
