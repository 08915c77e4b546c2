"""The demo reproduces the figures of Hồng Lĩnh's term report (../shared/seeds/000_…), counted by selectors."""

import datetime as dt

import pytest

from lienhiep.activities import selectors
from lienhiep.orgs.models import Org, OrgKind

D = dt.date


@pytest.mark.django_db
def test_more_than_900_initiatives_applied_over_the_term(demo):
    town = Org.objects.get(kind=OrgKind.DISTRICT)
    totals = selectors.initiative_totals(town, first_year=2018, last_year=2023)
    # The seed's prize-winning products are contest prizes (contests' demo), not initiatives.
    assert totals.count == 943
    assert totals.applied == 925
    assert totals.by_level["national"] == 0
    # the province counts them too, and the town union's associations still count under it after the reform
    ha_tinh = Org.objects.get(kind=OrgKind.PROVINCIAL, name__contains="Hà Tĩnh")
    assert selectors.initiative_totals(ha_tinh, first_year=2018, last_year=2023).applied == 925


@pytest.mark.django_db
def test_term_activities_of_the_town_union(demo):
    town = Org.objects.get(kind=OrgKind.DISTRICT)
    totals = selectors.activity_totals(town, start=D(2018, 1, 1), end=D(2023, 12, 31))
    assert totals.by_kind["campaign"] == 4
    assert totals.money_raised == 53_500_000  # "hàng chục triệu đồng"
    assert totals.by_kind["cooperation"] == 3
    after = selectors.activity_totals(town, start=D(2025, 7, 1), end=D(2026, 12, 31))
    assert after.count == 0  # dissolved on 1 July 2025: later activities count under Hà Tĩnh


@pytest.mark.django_db
def test_the_six_models_of_the_term_report_stand_under_the_town_unions_associations(demo):
    from lienhiep.activities.models import Project

    town = Org.objects.get(kind=OrgKind.DISTRICT)
    models = Project.objects.filter(org__closure_up__ancestor=town).values_list("org__name", "title").distinct()
    assert sorted(models) == [
        ("Hội KH&KT phường Bắc Hồng", "Mô hình tổ hợp tác may ri đơ, rèm khung và các đồ dùng trang trí"),
        ("Hội KH&KT phường Nam Hồng", "Mô hình Tổ dịch vụ ăn uống tại gia"),
        ("Hội KH&KT phường Trung Lương", "Mô hình chăn nuôi gà theo hướng an toàn sinh học"),
        ("Hội KH&KT phường Đậu Liêu", "Mô hình nuôi lợn không bùn"),
        ("Hội KH&KT xã Thuận Lộc", "Mô hình nuôi bò thịt chất lượng cao"),
        ("Hội KH&KT xã Thuận Lộc", "Mô hình nuôi gà liên kết"),
    ]
