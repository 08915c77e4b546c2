"""The demo's budgets: "a few million đồng a year" for the ward associations (../shared/seeds/000_…)."""

import pytest

from lienhiep.finance import selectors
from lienhiep.orgs.models import AssociationGroup, Org, OrgKind


@pytest.mark.django_db
def test_ward_associations_get_a_few_million_a_year(demo):
    town = Org.objects.get(kind=OrgKind.DISTRICT)
    for ward in Org.objects.filter(group=AssociationGroup.WARDS, spells__parent=town).distinct():
        for year in selectors.plan_vs_actual(ward, first_year=2018, last_year=2023):
            assert 2_000_000 <= year.planned <= 6_000_000, (ward.name, year)


@pytest.mark.django_db
def test_the_town_union_term(demo):
    town = Org.objects.get(kind=OrgKind.DISTRICT)
    years = selectors.plan_vs_actual(town, first_year=2018, last_year=2023)
    assert [y.raised for y in years] == [0, 0, 18_500_000, 12_000_000, 23_000_000, 0]
    assert all(y.spent > 10_500_000 for y in years)
