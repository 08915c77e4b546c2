"""A figure read for many units at once (`registry.compute_each`: one grouped query through the closure, what a
campaign's pre-fill and reconciliation read) equals the same figure read unit by unit (`registry.compute`, as the
pre-fill read it before): on the demo, and after random writes of every kind (units moved, merged, dissolved,
members admitted and moved, activities backdated) while the clock moves on.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from lienhiep.activities.models import ActivityKind
from lienhiep.orgs.models import Org
from lienhiep.orgs.selectors import today
from lienhiep.reporting import registry
from lienhiep.reporting.figures.activities import FIGURES
from tests.test_figures_property import Run

pytestmark = pytest.mark.django_db

D = dt.date
KINDS = ["", *ActivityKind.values]
# Every figure that declares a grouped read, with every choice of the parameters it groups.
CASES: list[tuple[str, dict[str, Any]]] = [
    ("members.count", {}),
    *(("activities.count", {"kind": kind} if kind else {}) for kind in KINDS),
    *(
        ("activities.sum", {"figure": figure, **({"kind": kind} if kind else {})})
        for figure, _label in FIGURES
        for kind in ("", "legal_aid", "campaign")
    ),
    # Not grouped: read unit by unit, the same answer.
    ("activities.count", {"kind": "training", "with_partner": "yes"}),
]
# After random writes, fewer (each step compares every unit): the ways of counting, not every choice again.
FEW = [
    ("members.count", {}),
    ("activities.count", {}),
    ("activities.count", {"kind": "training"}),
    ("activities.sum", {"figure": "participants"}),
    ("activities.sum", {"figure": "people_reached", "kind": "legal_aid"}),
    ("activities.sum", {"figure": "money_raised", "kind": "campaign"}),
]


def one_by_one(key: str, nodes: list[Org], **period: Any) -> dict[int, Any]:
    values = {}
    with registry.figures_only():
        for node in nodes:
            try:
                values[node.pk] = registry.compute(key, node, **period).value
            except ValidationError:
                continue
    return values


def assert_grouped_equal(
    nodes: list[Org], *, start: dt.date, end: dt.date, as_of: dt.date, cases: list[tuple[str, dict[str, Any]]] = CASES
) -> int:
    """Compare every case over `nodes`; returns how many values were compared."""
    compared = 0
    for key, params in cases:
        period = {"start": start, "end": end, "as_of": as_of, "params": params}
        expected = one_by_one(key, nodes, **period)
        grouped = {pk: result.value for pk, result in registry.compute_each(key, nodes, **period).items()}
        assert grouped == expected, f"{key} {params} over {start}–{end} (cut-off {as_of})"
        compared += len(expected)
    return compared


def test_grouped_figures_equal_unit_by_unit_ones_on_the_demo(demo):
    nodes = list(Org.objects.order_by("pk"))
    # A year across the 2025 reform (units moved and merged) with every case; half a year and a whole term.
    assert assert_grouped_equal(nodes, start=D(2025, 1, 1), end=D(2025, 12, 31), as_of=D(2025, 12, 31)) > 0
    for start, end in [(D(2026, 1, 1), D(2026, 6, 30)), (D(2018, 1, 1), D(2023, 12, 31))]:
        assert assert_grouped_equal(nodes, start=start, end=end, as_of=end, cases=FEW) > 0
    # Something was counted: a unit with members and one with trainings in H1 2026.
    counts = registry.compute_each(
        "members.count", nodes, start=D(2026, 1, 1), end=D(2026, 6, 30), as_of=D(2026, 6, 30)
    )
    assert any(result.value for result in counts.values())


class GroupedRun(Run):
    """The property test's random writes; after every few, a random period's grouped figures over every unit."""

    def read(self) -> None:
        if len(self.history) % 10:
            return
        now = today()
        year = self.rng.randrange(2018, now.year + 1)
        start, end = self.rng.choice(
            [
                (D(year, 1, 1), min(D(year, 6, 30), now)),
                (D(year, 1, 1), min(D(year, 12, 31), now)),
                (D(2018, 1, 1), now),
            ]
        )
        nodes = list(Org.objects.order_by("pk"))
        self.compared += assert_grouped_equal(nodes, start=start, end=end, as_of=end, cases=FEW)

    def check(self, after: str) -> None:
        """(The remembered pieces are the property test's to check.)"""


def test_grouped_figures_equal_unit_by_unit_ones_after_random_writes(world):
    run = GroupedRun(world, seed=7)
    run.compared = 0
    assert run.run(80) == 80
    assert run.compared > 0
