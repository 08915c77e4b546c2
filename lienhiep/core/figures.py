"""What remembered figures are computed from: each app declares its sources of figures on its AppConfig
(`figure_sources`), as it declares nav items. `orgs.figures` stores a source's figures per node and piece of a
period, and installs the database triggers that forget them when a table the source reads changes, so no
writer has to remember to (docs/decisions/0006).

This module only describes; it imports no model, so an AppConfig can use it at class definition.
"""

from __future__ import annotations

import contextvars
import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from typing import Literal

from django.utils import timezone
from django.utils.translation import gettext as _

from lienhiep.core import declarations

# A source's pieces: one day (a figure on a date: a count of members), a calendar month or year of a period
# (figures added up over time: activities, honours, budgets), or the whole span asked, as one piece (a figure
# between two days that adds up from nothing smaller: who joined or left between them).
Step = Literal["day", "month", "year", "span"]


@dataclass(frozen=True)
class Reads:
    """A table a source's figures are computed from, and which pieces a change to one of its rows changes.

    - `dates` / `years`: the row's date columns (or integer year columns). A row changes the pieces that contain
      its dates (before and after the change); with `since`, every piece from its earliest date on (a member
      admitted in 2019 changes every count on a day after that).
    - neither: the row is not dated (a person's education); any change changes every piece of the source.
    - `columns`: the columns whose change changes figures (default: every column but `ignore` and the row's own
      timestamps). Inserts and deletes always count.
    - With `since`, an update changes the pieces from the earliest date it moved (a membership ended: from the day
      it ended, not from the day it began); a change to another column, from the row's earliest date — or, for a
      column in `dated_by` (column, date column), from that date column's day (the tree's `final` flag matters
      from the day a placement ended).
    - `except_kinds`: with `org`, the kinds of node above the row's unit whose pieces the change leaves (their
      figures are added up from those of the units under them and keep nothing of what it changes: who of a
      unit's members has another membership is kept by the unit's figures, not by the province's).
    """

    model: str  # "app_label.ModelName"
    # The row's unit: only the pieces of that unit and of the units it stood under on the row's dates change (by
    # default, every node's).
    org: str = ""
    # Or the node whose pieces a row changes, itself (the tree's closure rows: their ancestor).
    node: str = ""
    # Or the row's units are found through another table: (model, its column holding the row's `org` value, its
    # column naming the unit). A person's details change the figures of the units they are a member of:
    # `org="id", via=("members.Membership", "person", "org")`.
    via: tuple[str, str, str] | tuple[()] = ()
    dates: tuple[str, ...] = ()
    years: tuple[str, ...] = ()
    since: bool = False
    columns: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    dated_by: tuple[tuple[str, str], ...] = ()
    except_kinds: tuple[str, ...] = ()


@dataclass(frozen=True)
class FigureSource:
    """Figures of one kind over a node's subtree, remembered per piece (`orgs.figures.pieced` / `remembered`).
    Every source also reads the tree (its closure rows), whose changes forget every piece from their date on."""

    name: str
    step: Step
    reads: tuple[Reads, ...]
    # Dotted path of the function that gives the source's pieces, (node, *, start: date, end: date) -> Pieces
    # (`orgs.figures.pieced`): what pages add up, and what a remembered piece must equal.
    pieces: str = ""


@cache
def declared_sources() -> dict[str, FigureSource]:
    sources: dict[str, FigureSource] = {}
    for source in declarations.declared("figure_sources", FigureSource):
        if source.name in sources:
            raise ValueError(f"Two figure sources named {source.name!r}")
        sources[source.name] = source
    return sources


# --- What a page showed of the nightly figures (decision 0009) -------------------------------------------

# Set by `nightly_noted` (for each request, by `orgs.middleware.NightlyFiguresMiddleware`): the times at which the
# nightly figures a page showed were computed, so that the page and its export say so.
_nightly_seen: contextvars.ContextVar[list[dt.datetime] | None] = contextvars.ContextVar(
    "figures_nightly_seen", default=None
)


@contextmanager
def nightly_noted() -> Iterator[list[dt.datetime]]:
    """Within the block, the times of the nightly figures shown are collected in the list it gives."""
    seen: list[dt.datetime] = []
    token = _nightly_seen.set(seen)
    try:
        yield seen
    finally:
        _nightly_seen.reset(token)


def note_nightly(at: dt.datetime) -> None:
    """A nightly figure computed at `at` is shown (`orgs.figures`)."""
    seen = _nightly_seen.get()
    if seen is not None:
        seen.append(at)


def nightly_shown_at() -> dt.datetime | None:
    """When the oldest nightly figure shown so far (within `nightly_noted`) was computed; None if none was."""
    seen = _nightly_seen.get()
    return min(seen) if seen else None


def nightly_note() -> str:
    """The sentence a page or its export prints under its figures when some are the nightly ones; "" if none."""
    at = nightly_shown_at()
    if at is None:
        return ""
    return _(
        "The national figures here were computed at %(when)s. They are computed again every night: what was "
        "recorded since then shows tomorrow."
    ) % {"when": f"{timezone.localtime(at):%H:%M %d/%m/%Y}"}
