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
