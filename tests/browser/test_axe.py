"""WCAG 2.1 AA, as axe-core measures it: every page of the sidebar, and a detail and a form page of every app, as a
provincial officer, on a PC and on a phone, with no serious or critical violation.

axe-core comes from the npm registry (package.json's devDependencies, installed by `make setup`); AXE_JS names
another copy of axe.min.js for a checkout whose node_modules does not have it yet.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from tests.browser.conftest import shot

AXE_JS = Path(settings.NODE_MODULES) / "axe-core" / "axe.min.js"
SIZES = {"pc": {"width": 1366, "height": 768}, "phone": {"width": 390, "height": 844}}
RUN = """() => axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
  resultTypes: ['violations']})
  .then(r => r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
  .map(v => ({id: v.id, impact: v.impact, targets: v.nodes.map(n => n.target.join(' '))})))"""
# Pages found by following a link from another page: (the page to look on, the link's path).
DETAILS = {
    "person": ("/members/", r"^/members/\d+/$"),
    "activity": ("/activities/", r"^/activities/\d+/$"),
    "honour": ("/awards/", r"^/awards/\d+/edit/$"),
    "nomination": ("/awards/nominations/", r"^/awards/nominations/\d+/$"),
    "spending": ("/finance/", r"^/finance/spending/\d+/edit/$"),
    "term": ("/governance/", r"^/governance/\d+/$"),
    "unit": ("/orgs/", r"^/orgs/\d+/$"),
    "report": ("/reports/", r"^/reports/\d+/$"),
    "dossier": ("/reviews/", r"^/reviews/\d+/$"),
}
FORMS = [
    "/members/new/",
    "/members/import/",
    "/activities/new/",
    "/activities/calendar/",
    "/activities/initiatives/new/",
    "/activities/initiatives/import/",
    "/awards/new/",
    "/awards/nominations/new/",
    "/awards/ratings/new/",
    "/finance/budget/",
    "/finance/spending/new/",
    "/governance/new/",
    "/reports/new/",
    "/reviews/new/",
    "/accounts/profile/",
]


def axe_js() -> Path:
    path = Path(os.environ.get("AXE_JS", "")) if not AXE_JS.exists() else AXE_JS
    if not path.is_file():
        pytest.fail(f"axe-core not found at {AXE_JS} (run `make setup`) nor in AXE_JS.")
    return path


def links(page, pattern: str) -> list[str]:  # type: ignore[no-untyped-def]
    hrefs = page.eval_on_selector_all("main a[href]", "links => links.map(a => a.getAttribute('href'))")
    return [h for h in hrefs if re.match(pattern, h.split("?")[0])]


@pytest.mark.markup_only
@pytest.mark.parametrize("size", SIZES)
def test_no_page_has_a_serious_or_critical_accessibility_violation(open_as, live_server, size):
    script = axe_js()
    # axe-core is injected as a script of the page, which the content policy refuses (test_content_policy.py). It is
    # given to the context once, and the browser runs it in every page it loads after (with the code it compiled the
    # first time): sent and compiled once per page instead, it was a quarter of Chromium's CPU for the walk (the same
    # rules and results: docs/benchmarks.md, session 17).
    page = open_as("hatinh.canbo", viewport=SIZES[size], bypass_csp=True)
    page.context.add_init_script(path=str(script))
    sidebar = page.eval_on_selector_all("#sidebar a.nav-link", "links => links.map(a => a.getAttribute('href'))")
    found: dict[str, list[dict[str, Any]]] = {}
    detail: dict[str, str] = {}

    def read(path: str) -> None:
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("load")
        violations = page.evaluate(RUN)
        if violations:
            found[path] = violations
            shot(page, f"axe-{size}-{path.strip('/').replace('/', '-') or 'home'}")
        # A list of the sidebar is where a detail page is found: its first link, read while the walk is on it.
        for name, (where, pattern) in DETAILS.items():
            if path == where and name not in detail:
                hrefs = links(page, pattern)
                assert hrefs, f"no link like {pattern} on {where}"
                detail[name] = hrefs[0]

    for path in sidebar:
        read(path)
    for name, (where, pattern) in DETAILS.items():  # a list the sidebar does not name: looked at for its link alone
        if name not in detail:
            page.goto(f"{live_server.url}{where}")
            hrefs = links(page, pattern)
            assert hrefs, f"no link like {pattern} on {where}"
            detail[name] = hrefs[0]
    person, unit = detail["person"], detail["unit"]
    rest = [
        *(detail[name] for name in DETAILS),
        *FORMS,
        f"{person}edit/",
        f"{unit}edit/",
        f"{unit}move/",
        f"{unit}new/",
    ]
    pages = sidebar + rest
    assert len(pages) >= 35
    for path in rest:
        read(path)
    report = "\n".join(
        f"{path}: {v['id']} ({v['impact']}, {len(v['targets'])}): {' | '.join(v['targets'][:4])}"
        for path, violations in found.items()
        for v in violations
    )
    if found:
        pytest.fail(
            f"{size}: serious or critical violations on {len(found)} of {len(pages)} pages:\n{report}", pytrace=False
        )
