"""No figure can be lost without a word (decision 0008): every spec is whole, and every token of every shipped
template names a figure the registry has, with parameters it takes and row fields it gives."""

import json
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils.module_loading import import_string

from lienhiep.reporting import registry

SHIPPED = Path(__file__).resolve().parent.parent / "shipped"


def test_every_spec_is_whole():
    for key, spec in registry.specs().items():
        assert spec.key == key
        assert spec.period in ("point", "span", "years"), key
        # reporting's own figures, or those an app above it registers (decision 0013: campaigns' timeliness)
        assert spec.compute.startswith("lienhiep.reporting.figures.") or spec in registry._REGISTERED, key
        assert callable(import_string(spec.compute)), key
        if spec.records:
            assert apps.get_model(spec.records) is not None, key
        # A list's rows name their fields; a single value has none.
        assert bool(spec.row_fields) == (spec.value_type in ("rows", "table")), key


def test_the_first_registry_of_reporting_md():
    # REPORTING.md §5.3's table, the keys today's models answer (finance and timeliness wait for their data).
    assert set(registry.specs()) >= {
        "orgs.associations",
        "orgs.associations.list",
        "members.count",
        "members.change",
        "members.intellectual_share",
        "members.breakdown",
        "governance.congress",
        "governance.committee.size",
        "governance.committee.roster",
        "governance.departures",
        "governance.holder",
        "governance.meetings",
        "governance.attendance",
        "governance.restructurings",
        "governance.targets",
        "activities.count",
        "activities.list",
        "activities.sum",
        "initiatives.count",
        "initiatives.list",
        "honours.count",
        "honours.list",
        "ratings.of_unit",
    }


def test_a_misspelt_key_a_foreign_parameter_and_an_unknown_field_are_refused():
    with pytest.raises(ValidationError):
        registry.spec("members.cuont")
    with pytest.raises(ValidationError):
        registry.check_params("honours.count", {"issuer": "vusta", "by": "year"})
    with pytest.raises(ValidationError):
        registry.check_params("honours.count", {"issuer": "nobody"})
    with pytest.raises(ValidationError):
        registry.check_fields("honours.list", registry.template_fields("+ {recipient}, {decision_no};"))
    with pytest.raises(ValidationError):
        registry.check_fields("members.count", [])
    registry.check_fields("honours.list", registry.template_fields("+ {recipient} ({year}), {decision_number};"))


def tokens(node: Any) -> list[tuple[str, dict[str, Any], list[str]]]:
    """(key, params, fields) of every figure a template's blocks name, at any depth."""
    found: list[tuple[str, dict[str, Any], list[str]]] = []
    if isinstance(node, dict):
        if isinstance(node.get("fig"), str):
            fields = registry.template_fields(node["row"]) if isinstance(node.get("row"), str) else []
            fields += [c["field"] for c in node.get("columns", []) if isinstance(c, dict) and c.get("field")]
            found.append((node["fig"], node.get("params") or {}, fields))
        for value in node.values():
            found += tokens(value)
    elif isinstance(node, list):
        for value in node:
            found += tokens(value)
    return found


@pytest.mark.parametrize("path", sorted(SHIPPED.glob("*.json")) if SHIPPED.is_dir() else [], ids=lambda p: p.name)
def test_every_token_of_a_shipped_template_is_a_figure_of_the_registry(path):
    template = json.loads(path.read_text(encoding="utf-8"))
    for key, params, fields in tokens(template):
        registry.check_params(key, params)
        if fields:
            registry.check_fields(key, fields)
