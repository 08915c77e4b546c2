"""No typed URL or tampered form makes a server error.

For every view of the project (the access cases say how to reach each one), an officer of the subtree sends
malformed values: in every query parameter any of our views or forms reads, in every field of each form it posts,
and in the path's numbers. Whatever comes back may be a page, a form error, a redirect, 400 or 404; never 500.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django import forms
from django.template.base import PartialTemplate, Template
from django.test.utils import _TestState
from django.urls import reverse
from django.utils.http import urlencode

# The matrix's fixtures (tests/test_access.py): the view's records made once for its rows there and its test here
# (conftest runs them one after another), the personas' sessions, one handler for the test client.
from tests.test_access import CASES, PATTERNS, client, media, sign_in, view_records  # noqa: F401

# What people type, paste or tamper with: empty, negative, huge, unicode digits (superscript two, Arabic-Indic,
# full-width), impossible dates, a NUL byte, markup, many ids.
MALFORMED = [
    "",
    "-1",
    "0",
    "²",
    "١٢",
    "１２",
    "9" * 40,
    "9999-12-31",
    "0001-01",
    "9999-12",
    "31/02/2026",
    "2026-13-45",
    "a\x00b",
    "<script>x</script>",
    "1e308",
    "NaN",
    ",".join(["99999999999999999999"] * 3),
]
HUGE_IDS = [2**63, 10**30]


def _form_field_names() -> list[str]:
    """Every field name of every form of ours, plus the parameters views read from the query string."""
    import importlib
    import pkgutil

    import lienhiep

    names: set[str] = {"q", "on", "node", "root", "format", "year", "within", "to", "from", "size", "page", "month",
                       "kind", "held_on", "committee", "before", "after", "all", "end", "start", "as_of", "sheet",
                       "header_row"}  # fmt: skip
    for module in pkgutil.walk_packages(lienhiep.__path__, "lienhiep."):
        if module.name.endswith(".forms"):
            for value in vars(importlib.import_module(module.name)).values():
                if isinstance(value, type) and issubclass(value, forms.BaseForm) and hasattr(value, "base_fields"):
                    names.update(value.base_fields)
    return sorted(names)


PARAMS = _form_field_names()
NAMES = sorted(n for n, c in CASES.items() if not c.public)
# "Every parameter = value", encoded once for all views (as the test client encodes `data`: the same bytes).
EVERY_PARAM = {value: urlencode(dict.fromkeys(PARAMS, value), doseq=True) for value in MALFORMED}


@pytest.fixture(autouse=True)
def _plain_templates(monkeypatch):  # type: ignore[no-untyped-def]
    """Templates render without Django's test instrumentation (a copy of every context, for `response.context`):
    this test reads status codes only."""
    saved = _TestState.saved_data
    monkeypatch.setattr(Template, "_render", saved.template_render)
    monkeypatch.setattr(PartialTemplate, "_render", saved.partial_template_render)


def _assert_no_error(response: Any, what: str) -> None:
    assert response.status_code < 500, what


@pytest.mark.parametrize("name", NAMES)
def test_no_malformed_value_makes_a_server_error(world, view_records, sign_in, client, name):  # noqa: F811
    case = CASES[name]
    sign_in(world.alice)
    kwargs, url = view_records.kwargs, view_records.url
    if "GET" in case.methods:
        own = list(case.query(world))
        for value in MALFORMED:
            _assert_no_error(client.get(url, QUERY_STRING=EVERY_PARAM[value]), f"GET every parameter = {value!r}")
            if own:
                _assert_no_error(client.get(url, dict.fromkeys(own, value)), f"GET {own} = {value!r}")
    if "POST" in case.methods:
        data = case.data(world)
        for value in MALFORMED:
            _assert_no_error(client.post(url, dict.fromkeys(data, value)), f"POST every field = {value!r}")
        for i, key in enumerate(data):
            for value in (MALFORMED[i % len(MALFORMED)], MALFORMED[-1], "²", "9" * 40):
                _assert_no_error(client.post(url, {**data, key: value}), f"POST {key} = {value!r}")
    numbers = [k for k, v in kwargs.items() if isinstance(v, int)]
    for key in numbers:
        for huge in HUGE_IDS:
            route_url = reverse(name, kwargs={**kwargs, key: huge})
            for method in case.methods:
                response = client.get(route_url) if method == "GET" else client.post(route_url, case.data(world))
                _assert_no_error(response, f"{method} {key} = {huge}")
                assert response.status_code == 404, (method, key, huge, response.status_code)


def test_every_pattern_is_fuzzed():
    ours = {n for n in PATTERNS if not n.startswith("admin:") and n != "set_language"}
    assert ours - {n for n, c in CASES.items() if c.public} <= set(NAMES)
    assert not [p for p in PARAMS if not re.fullmatch(r"[a-z_0-9]+", p)]
