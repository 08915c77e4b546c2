"""What the apps declare on their AppConfig, read by one mechanism (core.declarations): in INSTALLED_APPS order,
dotted paths imported once and remembered, and a declaration that does not hold named with its app."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured

from lienhiep.core import declarations
from lienhiep.core.nav import NavItem

# Every name a lower app reads (docs/architecture.md, the table under "Dependencies point one way"), by what is
# declared under it: dotted paths, or objects of a kind.
PATHS = ("held_records", "home_alerts", "tree_counts", "rating_evidence", "person_erasure", "figure_warmers",
         "expert_assignments", "importers")  # fmt: skip
OBJECTS = {"nav_items": NavItem, "grant_views": str}


def dotted(functions):
    """Where each function lives (core imports no app above it, its tests neither)."""
    return [f"{function.__module__}.{function.__qualname__}" for function in functions]


def test_apps_are_read_in_installed_apps_order():
    installed = [config.label for config in apps.get_app_configs()]
    assert installed.index("members") < installed.index("campaigns")
    # A single path, from two apps: members' first, as INSTALLED_APPS lists it.
    assert dotted(declarations.imported("home_alerts")) == [
        "lienhiep.members.selectors.home_alerts",
        "lienhiep.campaigns.selectors.home_alerts",
    ]
    # Tuples: each app's items in the order it declares them, the apps in INSTALLED_APPS order.
    assert dotted(declarations.imported("held_records")) == [
        "lienhiep.activities.selectors.held_record_counts",
        "lienhiep.awards.selectors.held_record_counts",
        "lienhiep.finance.selectors.held_record_counts",
    ]
    assert [(item.url_name, item.order) for item in declarations.declared("nav_items", NavItem)][:5] == [
        ("home", 0), ("orgs:assignments", 1), ("orgs:tree", 10), ("members:list", 20), ("members:collective", 21),
    ]  # fmt: skip
    # A mapping declares its pairs, each with the app that declares it.
    assert [(c.label, pair) for c, pair in declarations.by_app("audit_paths")] == [
        ("members", ("PersonEvent", "person__memberships__org")),
        ("members", ("ImportEvent", "batch__org")),
        ("experts", ("ExpertImportEvent", "batch__org")),
        ("activities", ("InitiativeImportEvent", "batch__org")),
        ("activities", ("ActivityImportEvent", "batch__org")),
    ]
    # No app declares it: nothing, not an error.
    assert (declarations.by_app("nobody_declares_this"), declarations.imported("nobody_declares_this")) == ((), ())


def test_what_is_found_is_remembered_until_forgotten(monkeypatch):
    first = declarations.imported("held_records")
    assert declarations.imported("held_records") is first  # resolved once, not per call
    monkeypatch.setattr(apps.get_app_config("finance"), "held_records", ())
    try:
        assert declarations.imported("held_records") is first  # the app registry is not read again
        declarations.forget()
        assert declarations.imported("held_records") == first[:2]  # read again: finance declares nothing now
    finally:
        monkeypatch.undo()
        declarations.forget()
    assert declarations.imported("held_records") == first


def test_a_path_that_does_not_import_is_named_with_its_app_and_attribute(declare):
    declare("experts", "expert_assignments", ("lienhiep.experts.assignments.nowhere",))
    with pytest.raises(ImproperlyConfigured) as raised:
        declarations.imported("expert_assignments")
    assert str(raised.value).startswith(
        "lienhiep.experts: AppConfig.expert_assignments declares 'lienhiep.experts.assignments.nowhere', "
        "which does not import: "
    )
    declare("experts", "expert_assignments", ("lienhiep.experts.no_such_module.told",))
    with pytest.raises(ImproperlyConfigured, match=r"^lienhiep\.experts: AppConfig\.expert_assignments declares"):
        declarations.imported("expert_assignments")
    declare("experts", "expert_assignments", (len,))
    with pytest.raises(ImproperlyConfigured) as raised:
        declarations.imported("expert_assignments")
    assert str(raised.value) == (
        "lienhiep.experts: AppConfig.expert_assignments declares <built-in function len>, which is not a dotted path."
    )


def test_a_value_of_the_wrong_kind_is_named_with_its_app_and_attribute(declare):
    declare("governance", "nav_items", ("governance:home",))
    with pytest.raises(ImproperlyConfigured) as raised:
        declarations.declared("nav_items", NavItem)
    assert (
        str(raised.value)
        == "lienhiep.governance: AppConfig.nav_items declares 'governance:home', which is not a NavItem."
    )


def test_every_declaration_of_the_project_holds():
    for name in PATHS:
        assert declarations.imported(name), name
    for name, kind in OBJECTS.items():
        assert declarations.declared(name, kind), name


def test_modules_are_our_apps_own_in_order():
    assert [module.__name__ for module in declarations.modules("demo")] == [
        f"lienhiep.{label}.demo"
        for label in ("accounts", "orgs", "members", "experts", "governance", "activities", "awards", "finance",
                      "reviews", "contests", "reporting", "campaigns")
    ]  # fmt: skip
    # An app without the package on the way (no `nowhere` in any app) is passed over, not an error.
    assert declarations.modules("nowhere.deeper") == ()
