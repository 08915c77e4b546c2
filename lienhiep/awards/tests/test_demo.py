"""The demo reproduces the honours of Hồng Lĩnh's term report (../shared/seeds/000_…), counted by selectors."""

import datetime as dt

import pytest

from lienhiep.awards import selectors
from lienhiep.orgs.models import Org, OrgKind

D = dt.date


@pytest.mark.django_db
def test_vusta_certificates_of_merit_to_the_town_union(demo):
    town = Org.objects.get(kind=OrgKind.DISTRICT)
    rows = selectors.honours_to_unit(town, issuer="vusta", form="bang_khen", start=D(2018, 1, 1), end=D(2023, 12, 31))
    assert [h.decision_date.year for h in rows] == [2018, 2021, 2023]


@pytest.mark.django_db
def test_term_honours_and_ratings(demo):
    town = Org.objects.get(kind=OrgKind.DISTRICT)
    totals = selectors.honour_totals(town, start=D(2018, 1, 1), end=D(2023, 12, 31))
    to_members = selectors.honours_in(town, start=D(2018, 1, 1), end=D(2023, 12, 31)).filter(
        issuer="vusta", person__isnull=False
    )
    assert to_members.count() == 3  # "03 cá nhân được Liên hiệp các Hội KH&KT Việt Nam tặng Bằng khen"
    assert totals.by_issuer["provincial_union"] == 6 + 3  # a commendation a year, and three exemplary intellectuals
    ratings = selectors.ratings_of(town, first_year=2018, last_year=2023)
    assert [r.rating for r in ratings] == ["excellent"] * 6


@pytest.mark.django_db
def test_the_town_unions_nominations_over_the_term(demo):
    from lienhiep.awards.models import Honour, Nomination
    from lienhiep.reporting import registry

    town = Org.objects.get(kind=OrgKind.DISTRICT)
    term = {"start": D(2018, 6, 15), "end": D(2023, 12, 31), "as_of": D(2023, 12, 31)}
    granted = Nomination.objects.filter(status="granted")
    # The six VUSTA certificates came from nominations: linked to the honours the demo records, none added.
    assert sorted(granted.values_list("honour__decision_number", flat=True)) == [
        "1321/QĐ-LHHVN", "1502/QĐ-LHHVN", "1503/QĐ-LHHVN", "1618/QĐ-LHHVN", "1619/QĐ-LHHVN", "1786/QĐ-LHHVN",
    ]  # fmt: skip
    assert (
        Honour.objects.filter(issuer="vusta", nomination__isnull=True).exclude(org__name__contains="Bắc Ninh").count()
        == 0
    )
    assert registry.compute("nominations.made", town, **term).value == 7
    assert registry.compute("nominations.granted", town, **term).value == 6
    assert registry.compute("nominations.granted", town, **term, params={"to": "person"}).value == 3
    refused = Nomination.objects.get(status="refused")
    assert (refused.person.full_name, refused.refused_on) == ("Tôn Quang Ngọc", D(2021, 1, 15))
    by_year = registry.compute("nominations.by_year", town, **term).value
    assert by_year == [
        {"year": 2018, "form": "Bằng khen", "made": 1, "granted": 1},
        {"year": 2019, "form": "Bằng khen", "made": 1, "granted": 1},
        {"year": 2020, "form": "Bằng khen", "made": 1, "granted": 0},
        {"year": 2021, "form": "Bằng khen", "made": 2, "granted": 2},
        {"year": 2023, "form": "Bằng khen", "made": 2, "granted": 2},
    ]
    # Congress V's target: one member nominated for the creative labour certificate, in 2025, awaiting the answer.
    next_term = {"start": D(2024, 3, 20), "end": D(2025, 6, 30), "as_of": D(2025, 6, 30)}
    members = registry.compute("nominations.members", town, **next_term, params={"form": "lao_dong_sang_tao"})
    assert (members.value, members.basis) == (1, "1 hội viên, 1 hồ sơ đề nghị đã gửi")
