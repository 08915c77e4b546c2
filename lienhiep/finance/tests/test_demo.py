"""The demo's budgets: "a few million đồng a year" for the ward associations (../shared/seeds/000_…)."""

import io

import pytest
from django.core.management import call_command
from django.db import transaction

from lienhiep.finance import selectors
from lienhiep.orgs.models import AssociationGroup, Org, OrgKind


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    """The demo, loaded once for the module inside a transaction that is rolled back after it (a flush
    would also wipe the rows the migrations put there, such as the fields of expertise)."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


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
