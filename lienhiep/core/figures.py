"""What remembered figures are computed from: each app declares its sources of figures on its AppConfig
(`figure_sources`), as it declares nav items. `orgs.figures` stores a source's figures per node and piece of a
period, and installs the database triggers that forget them when a table the source reads changes, so no
writer has to remember to (docs/decisions/0006).

This module only describes; it imports no model, so an AppConfig can use it at class definition.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Literal

from django.apps import apps

# A source's pieces: one day (a figure on a date: a count of members), or a calendar month or year of a period
# (figures added up over time: activities, honours, budgets).
Step = Literal["day", "month", "year"]


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
    for config in apps.get_app_configs():
        for source in getattr(config, "figure_sources", ()):
            if source.name in sources:
                raise ValueError(f"Two figure sources named {source.name!r}")
            sources[source.name] = source
    return sources
