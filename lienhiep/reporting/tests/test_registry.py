"""The registry computes a figure by its key, checks its parameters and its period rule."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from lienhiep.orgs.models import Org, OrgKind
from lienhiep.reporting import registry

D = dt.date


@pytest.mark.django_db
def test_seed_000_associations_and_members_at_the_cut_off(demo):
    town = Org.objects.get(kind=OrgKind.DISTRICT)
    period = {"start": D(2018, 6, 15), "end": D(2023, 12, 31), "as_of": D(2023, 12, 31)}
    assert registry.compute("orgs.associations", town, **period).value == 19
    assert registry.compute("orgs.associations", town, params={"group": "agencies"}, **period).value == 13
    assert registry.compute("orgs.associations", town, params={"group": "wards"}, **period).value == 6
    assert registry.compute("members.count", town, **period).value == 1700
    later = {**period, "end": D(2024, 3, 19), "as_of": D(2024, 3, 19)}
    assert registry.compute("members.count", town, **later).value == 1701


@pytest.mark.django_db
def test_unknown_keys_and_parameters_are_refused(demo):
    town = Org.objects.get(kind=OrgKind.DISTRICT)
    period = {"start": D(2023, 1, 1), "end": D(2023, 12, 31), "as_of": D(2023, 12, 31)}
    with pytest.raises(ValidationError):
        registry.compute("members.cuont", town, **period)
    with pytest.raises(ValidationError):
        registry.compute("orgs.associations", town, params={"group": "nobody"}, **period)
    with pytest.raises(ValidationError):
        registry.compute("members.count", town, params={"kind": "x"}, **period)


def test_every_declared_figure_names_a_function_that_exists():
    from django.utils.module_loading import import_string

    for spec in registry.specs().values():
        assert callable(import_string(spec.compute)), spec.key
