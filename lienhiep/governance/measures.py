"""The named measures a congress target can be judged by.

Each measure computes one number for a node over a window `[start, end]` (both days included)
from the records through selectors. A target names its measure by key; a target with no measure has
its values entered by hand. Measures that need records of other apps (review topics, initiatives,
honours) join this registry when those apps exist; until then their targets are entered by hand.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from lienhiep.core.measures import declared_measures
from lienhiep.members import selectors as member_selectors
from lienhiep.orgs.models import Org

Compute = Callable[[Org, dt.date, dt.date], Decimal | None]


@dataclass(frozen=True)
class Measure:
    key: str
    label: str | Promise
    unit: str | Promise
    compute: Compute


def _members(node: Org, start: dt.date, end: dt.date) -> Decimal:
    return Decimal(member_selectors.member_count(node, on=end))


def _net_new(node: Org, start: dt.date, end: dt.date) -> Decimal:
    before = start - dt.timedelta(days=1)
    return Decimal(member_selectors.member_count(node, on=end) - member_selectors.member_count(node, on=before))


def _intellectual_share(node: Org, start: dt.date, end: dt.date) -> Decimal | None:
    # The share is estimated per year: the window's last year counts.
    _gathered, _estimate, share = member_selectors.intellectual_share(node, year=end.year)
    return None if share is None else Decimal(str(share))


def _restructured_on_time(node: Org, start: dt.date, end: dt.date) -> Decimal | None:
    from lienhiep.governance import selectors

    return selectors.restructuring_on_time_share(node, start=start, end=end)


_OWN: dict[str, Measure] = {
    m.key: m
    for m in [
        Measure("members", _("Members (persons)"), _("members"), _members),
        Measure("members_net_new", _("Net new members in the period"), _("members"), _net_new),
        Measure("intellectual_share", _("Share of the area's intellectuals gathered"), "%", _intellectual_share),
        Measure(
            "restructured_on_time",
            _("Share of member-association restructurings done on time"),
            "%",
            _restructured_on_time,
        ),
    ]
}


@functools.cache
def all_measures() -> dict[str, Measure]:
    """This app's measures and those other apps declare, by key."""
    declared = {
        spec.key: Measure(spec.key, spec.label, spec.unit, import_string(spec.compute)) for spec in declared_measures()
    }
    return {**_OWN, **declared}


def measure_choices() -> list[tuple[str, str | Promise]]:
    return [("", _("Entered by hand")), *((m.key, m.label) for m in all_measures().values())]
