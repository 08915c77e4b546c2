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


def _counted(p, *, of="", within=""):
    return registry.FigureResult(f"{of}/{within}", basis=p.node)


def test_a_figure_is_declared_on_its_function_and_each_of_several_gets_its_given_arguments(monkeypatch):
    # Given two figures declared on one function, each with its own fixed argument
    declare = registry.figure
    declare("tests.a", "A", "text", "span", params={"within": None}, given={"of": "a"})(_counted)
    declare("tests.b", "B", "text", "span", many="_counted_many", given={"of": "b"})(_counted)
    specs = registry.declared(__name__)
    assert [(s.key, s.compute, s.compute_many, s.given) for s in specs] == [
        ("tests.a", f"{__name__}._counted", "", {"of": "a"}),
        ("tests.b", f"{__name__}._counted", f"{__name__}._counted_many", {"of": "b"}),
    ]
    for spec in specs:
        monkeypatch.setitem(registry._SPECS, spec.key, spec)
    monkeypatch.setattr(registry, "_LOADED", True)
    period = {"start": D(2023, 1, 1), "end": D(2023, 12, 31), "as_of": D(2023, 12, 31)}
    # Then each is computed with its own argument beside the reader's parameters
    assert registry.compute("tests.a", "x", params={"within": "y"}, **period).value == "a/y"
    # And an argument both given and a parameter is refused when declared
    with pytest.raises(registry.ImproperlyConfiguredFigure):
        declare("tests.c", "C", "text", "span", params={"of": None}, given={"of": "c"})(_counted)
