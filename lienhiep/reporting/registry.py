"""The figure registry: every figure a report, the overview or a congress target prints, computed one way.

A figure is named by a key ("members.count") and computed by one function over a node, a period and a cut-off
date. Its result has one shape (`FigureResult`: the value, the basis in words, the records behind it), so a
report, the annex and the drill-down page read every figure alike. The specs are listed in the modules of
`lienhiep.reporting.figures` (one per app they read); `reporting` sits on top of the import contract, so it
calls every app's selectors directly and no app below it needs a hook (decision 0008).

Period rules (REPORTING.md §5.3):
- ``point``: a state on ``as_of`` (or the node's last day, if it had ended): members, committees, associations.
- ``span``: records dated within ``[start, end]``, each counted where its unit stood on its own date.
- ``years``: records counted by year (initiatives, ratings, budgets): every year the period touches. Refused for a
  period within one year that is not the whole year (a half-year report), which would count the whole year — unless
  the figure is `dated` (initiatives: `recognised_on`), which then counts the records dated within the period, each
  where its unit stood that day; a term (15/06/2018–31/12/2023) counts its years 2018–2023, as the term reports do.

A figure's value and basis are report text, computed in Vietnamese whatever the reader's interface language.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import string
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.utils import translation
from django.utils.functional import Promise
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from lienhiep.orgs import selectors as orgs

ValueType = Literal["count", "money", "percent", "rows", "table", "text"]
PeriodRule = Literal["point", "span", "years"]


@dataclass(frozen=True)
class FigureSpec:
    key: str
    label: str | Promise
    value_type: ValueType
    period: PeriodRule
    # Dotted path of (p: Scope, **params) -> FigureResult.
    compute: str
    # Allowed parameters and their choices: {"group": [("agencies", "…"), ("wards", "…")]}; a missing
    # choice list means any value of that name is accepted.
    params: dict[str, list[tuple[str, Any]] | None] = field(default_factory=dict)
    # Unit printed after the value in the annex ("hội viên", "đồng").
    unit: str | Promise = ""
    # The model whose rows its results' `record_ids` name, "app_label.Model" (`FigureResult.records` says it for
    # each result: a figure taken from a campaign names submissions).
    records: str = ""
    # For a "rows" figure: the fields of each row, the names a list block's row template may use ("{title}").
    row_fields: tuple[str, ...] = ()
    # A "years" figure whose records may carry their own date: a period within one year that is not the whole year
    # counts the records dated within it (REPORTING.md §5.3: a half-year's initiatives by `recognised_on`).
    dated: bool = False
    # Dotted path of (nodes, p: Period, **params) -> {node id: FigureResult} | None: the figure
    # of many nodes at once, grouped by node through the closure (a campaign's 300 units in one query, not 300),
    # each value equal to what `compute` gives node by node; None for parameters it does not group (see
    # `compute_each`).
    compute_many: str = ""
    # Arguments `compute` (and `compute_many`) is always called with for this figure, beside the reader's
    # parameters: one function computing several figures (campaigns' timeliness added up three ways).
    given: dict[str, Any] = field(default_factory=dict)


# The figures `figure` declared, by module and key, in the order their functions stand.
_DECLARED: dict[str, dict[str, FigureSpec]] = {}


def figure[F: Callable[..., Any]](
    key: str, label: str | Promise, value_type: ValueType, period: PeriodRule, *, many: str = "", **spec: Any
) -> Callable[[F], F]:
    """Declare the function below as the figure `key`: a `FigureSpec` whose `compute` is that function and whose
    `compute_many` is its module's function named `many`, the rest as `FigureSpec` names it. A figure is one line
    above the function that computes it (several lines above one function: figures it computes alike, each with
    its `given` arguments); its module's `SPECS` are `declared(__name__)`."""

    def declare(function: F) -> F:
        module = function.__module__
        if set(spec.get("given", ())) & set(spec.get("params", ())):
            raise ImproperlyConfiguredFigure(f"figure {key}: an argument both given and a parameter")
        grouped = f"{module}.{many}" if many else ""
        found = FigureSpec(
            key, label, value_type, period, f"{module}.{function.__qualname__}", compute_many=grouped, **spec
        )
        _DECLARED.setdefault(module, {})[key] = found
        return function

    return declare


def declared(module: str) -> tuple[FigureSpec, ...]:
    """The figures `figure` declared in `module` (its `__name__`), in the order of their functions."""
    return tuple(_DECLARED.get(module, {}).values())


@dataclass
class FigureResult:
    value: int | Decimal | float | str | list[dict[str, Any]] | None
    basis: str = ""
    record_ids: list[int] | None = None
    # The model whose rows `record_ids` are, "app_label.Model": what the fingerprint stamps and the drill-down lists.
    # `compute` fills in its spec's `records` when the figure does not say; a source (`Taken`) must say it,
    # for its ids may be of another model than the figure's own records (a campaign's submissions). Empty: ids of
    # nothing known, fingerprinted as plain numbers and listed nowhere.
    records: str = ""
    # A "rows" figure computed within `rows_at_most(n)`: how many rows there are in all, `value` holding the first
    # n only (None: `value` is the whole list).
    rows_total: int | None = None
    # What the figure says of its own value where it does not hold together (REPORTING.md §5.9 item 29: a prize
    # table that does not add up to the entries awarded, and where): printed after its block on the page and in the
    # document, kept with the frozen value.
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Period:
    """What a figure is computed over, its node aside: `[start, end]` with the cut-off `as_of`, within `user`'s
    access when given (what `compute_many` is given with its nodes)."""

    start: dt.date
    end: dt.date
    as_of: dt.date
    user: Any = None

    def whole_years(self) -> bool:
        return (self.start.month, self.start.day) == (1, 1) and (self.end.month, self.end.day) == (12, 31)

    def counts_by_year(self) -> bool:
        """Whether yearly records may be counted over this period: whole years, or a period over several years."""
        return self.whole_years() or self.start.year < self.end.year

    @property
    def years(self) -> tuple[int, int]:
        """The years a yearly figure counts: every year the period touches (`_checked` has refused a period shorter
        than a year that is not a whole year, unless the figure is `dated`)."""
        return self.start.year, self.end.year

    @property
    def last(self) -> dt.date:
        """The last day a span figure counts by the cut-off: the period's end, or `as_of` if earlier."""
        return min(self.end, self.as_of)

    def at(self, node: Any) -> Scope:
        """The same period for `node`: what a figure function is given."""
        return Scope(self.start, self.end, self.as_of, self.user, node=node)


@dataclass(frozen=True)
class Scope(Period):
    """What every figure function is given, `(p: Scope, **params)`: the node and the period, with what figures
    read of them alike (the day a point figure is read on, whether the node tops the only tree)."""

    node: Any = field(kw_only=True)

    @property
    def day(self) -> dt.date:
        """A point figure's day: `as_of`, or the node's last day if it had ended by then."""
        return self.day_of(self.as_of)

    def day_of(self, on: dt.date) -> dt.date:
        """`on`, or the node's last day if it had ended by then (`orgs.selectors.tree_day`)."""
        return orgs.tree_day(self.node, on)

    @property
    def whole_tree(self) -> bool:
        """Whether the node tops the only tree (`orgs.selectors.is_whole_tree`): a figure may then read its records
        without the join to the tree. Read once within `figures_only` (a national report's lists asked it 3 times)."""
        return shared(("whole_tree", self.node.pk), lambda: orgs.is_whole_tree(self.node))


# Set by `figures_only`: figures name no records, and share what they read within the block.
_records_wanted: contextvars.ContextVar[bool] = contextvars.ContextVar("figure_records_wanted", default=True)
_shared: contextvars.ContextVar[dict[Any, Any] | None] = contextvars.ContextVar("figure_shared", default=None)
# Set by `rows_at_most`: a "rows" figure gives its first n rows and how many there are in all.
_rows_limit: contextvars.ContextVar[int | None] = contextvars.ContextVar("figure_rows_limit", default=None)


@contextmanager
def figures_only() -> Iterator[None]:
    """Within the block, figures give their value and basis without their records (`record_ids` None), and read
    what several of them need once: a page of many figures (the overview) costs what its selectors cost, and a
    national figure does not list a million ids nobody opens. Remembered figures' open pieces are shared too
    (`orgs.figures.open_pieces_shared`)."""
    from lienhiep.orgs import figures

    wanted, shared = _records_wanted.set(False), _shared.set({})
    try:
        with figures.open_pieces_shared():
            yield
    finally:
        _records_wanted.reset(wanted)
        _shared.reset(shared)


@contextmanager
def sharing() -> Iterator[None]:
    """Within the block, figures read what several of them need once (`shared`), as within `figures_only`, but name
    their records: a report's approval freezes every figure with its records, and its 19 figures taken from one
    campaign read its 300 submissions once, not 19 times (10 of its 20 seconds). Inside `figures_only`, changes
    nothing."""
    if _shared.get() is not None:
        yield
        return
    token = _shared.set({})
    try:
        yield
    finally:
        _shared.reset(token)


@contextmanager
def records_named() -> Iterator[None]:
    """Within the block, figures name their records again, even inside `figures_only`: a figure built from
    others that must tell their records apart (a campaign's list, one record reached by two units)."""
    token = _records_wanted.set(True)
    try:
        yield
    finally:
        _records_wanted.reset(token)


def records_wanted() -> bool:
    """Whether a figure must list the records behind it (not within `figures_only`)."""
    return _records_wanted.get()


@contextmanager
def rows_at_most(limit: int | None) -> Iterator[None]:
    """Within the block, a "rows" figure reads only its first `limit` rows in its own order, and counts the others
    (`FigureResult.rows_total`): a printed list shows a few and says how many more the annex holds, so a national
    list of 30,000 trainings costs one count and one short read. None: the whole list."""
    token = _rows_limit.set(limit)
    try:
        yield
    finally:
        _rows_limit.reset(token)


def rows_limit() -> int | None:
    """How many rows a "rows" figure reads (None: all of them; see `rows_at_most`)."""
    return _rows_limit.get()


def first_rows[M: Model, R](rows: QuerySet[M, R], *, total: int | None = None) -> tuple[list[R], int | None]:
    """The rows of a queryset a "rows" figure lists, as `rows_at_most` asks: all of them and None, or the first
    n and how many there are in all (one COUNT, unless the caller knows it already: `total`)."""
    limit = _rows_limit.get()
    if limit is None:
        return list(rows), None
    head = list(rows[:limit])
    if len(head) < limit:
        return head, len(head)
    return head, (rows.count() if total is None else total)


def is_sharing() -> bool:
    """Whether figures share what they read (within `figures_only` or `sharing`): a figure may then read once
    what several of its kind need, where alone it would read only its own."""
    return _shared.get() is not None


def shared[T](key: Any, read: Callable[[], T]) -> T:
    """`read()`, once per `key` within `figures_only` (a selector's totals several figures are taken from)."""
    memo = _shared.get()
    if memo is None:
        return read()
    if key not in memo:
        memo[key] = read()
    result: T = memo[key]
    return result


_SPECS: dict[str, FigureSpec] = {}
_LOADED = False
# Figures of the apps above `reporting` (campaigns), given by `register` from their AppConfig.ready (decision 0013).
_REGISTERED: list[FigureSpec] = []


def register(specs: Iterable[FigureSpec]) -> None:
    """Add the figures of an app above `reporting` (it imports the registry; the registry never imports it): called
    from that app's `AppConfig.ready`, before any figure is read. A key declared twice refuses to load, as in
    `figures.MODULES`."""
    global _LOADED
    _REGISTERED.extend(specs)
    _SPECS.clear()
    _LOADED = False


@dataclass(frozen=True)
class Source:
    """A place a report's figures may come from instead of the records, given by an app above `reporting` (decision
    0013: the accepted submissions of a campaign, REPORTING.md §5.6, 7). `reporting` reads it by its name only.

    - `compute`: dotted path of (ref, key, p: Scope, *, params, section) -> FigureResult: the figure `key` (with
      `params`) of `p` taken from the thing `ref` names (a campaign), with the narratives of its `section` for a
      list;
    - `choices`: dotted path of (node, *, start, end, user) -> [(ref, label, [(section, title)])]: what a block of a
      report of `node` over that period may take its figures from."""

    name: str
    compute: str
    choices: str


_SOURCES: dict[str, Source] = {}


def register_source(source: Source) -> None:
    """Add a source of figures (called from the `AppConfig.ready` of the app above `reporting` that owns it); a
    name given twice refuses to load."""
    known = _SOURCES.get(source.name)
    if known is not None and known != source:
        raise ImproperlyConfiguredFigure(f"figure source {source.name} declared twice")
    _SOURCES[source.name] = source


def source(name: str) -> Source:
    """The source `name`, or a ValidationError: a report naming a source no app gives fails loudly, never silently
    falls back on the records."""
    try:
        return _SOURCES[name]
    except KeyError:
        raise ValidationError(_("Unknown source of figures: %(name)s.") % {"name": name}) from None


@dataclass(frozen=True)
class Taken:
    """Where `compute` takes a figure from instead of the records: the source `name` (`register_source`), the thing
    `ref` it names (a campaign), and for a list the `section` of its form whose narratives follow each unit's rows."""

    name: str
    ref: int
    section: str = ""


def source_choices(
    name: str, node: Any, *, start: dt.date, end: dt.date, user: Any = None
) -> list[tuple[int, str, list[tuple[str, str]]]]:
    """What a block of a report of `node` over [start, end] may take from the source `name` (none if no app gives
    it)."""
    if name not in _SOURCES:
        return []
    function: Callable[..., list[tuple[int, str, list[tuple[str, str]]]]] = import_string(_SOURCES[name].choices)
    return function(node, start=start, end=end, user=user)


def _load() -> None:
    global _LOADED
    if _LOADED:
        return
    from lienhiep.reporting import figures

    declared = [
        spec for module in figures.MODULES for spec in import_string(f"lienhiep.reporting.figures.{module}.SPECS")
    ]
    for spec in [*declared, *_REGISTERED]:
        if spec.key in _SPECS:
            raise ImproperlyConfiguredFigure(f"figure {spec.key} declared twice")
        _SPECS[spec.key] = spec
    _LOADED = True


class ImproperlyConfiguredFigure(Exception):
    pass


def specs() -> dict[str, FigureSpec]:
    _load()
    return dict(_SPECS)


def spec(key: str) -> FigureSpec:
    _load()
    try:
        return _SPECS[key]
    except KeyError:
        raise ValidationError(_("Unknown figure: %(key)s.") % {"key": key}) from None


def check_params(key: str, params: dict[str, Any] | None) -> dict[str, Any]:
    """`params` if the figure `key` takes them, each with a value among its choices; else a ValidationError (what a
    template's loader asks of each token, before any report is built)."""
    figure = spec(key)
    params = dict(params or {})
    for name, value in params.items():
        if name not in figure.params:
            raise ValidationError(_("The figure %(key)s takes no parameter %(name)s.") % {"key": key, "name": name})
        choices = figure.params[name]
        if choices is not None and value not in {choice for choice, _label in choices}:
            raise ValidationError(
                _("%(value)s is not a value of %(name)s for the figure %(key)s.")
                % {"value": value, "name": name, "key": key}
            )
    return params


def check_fields(key: str, fields: Iterable[str]) -> None:
    """Refuse a field a list block's row template ("{title}") or a table's column names that the "rows" or "table"
    figure `key` does not give."""
    figure = spec(key)
    unknown = sorted(set(fields) - set(figure.row_fields))
    if figure.value_type not in ("rows", "table"):
        raise ValidationError(_("The figure %(key)s is not a list.") % {"key": key})
    if unknown:
        raise ValidationError(
            _("The figure %(key)s gives no field %(name)s.") % {"key": key, "name": ", ".join(unknown)}
        )


def template_fields(row: str) -> list[str]:
    """The fields a row template names: "+ {title}, {year:>4}" → ["title", "year"]."""
    return [name.split(".")[0].split("[")[0] for _text, name, _spec, _conv in string.Formatter().parse(row) if name]


def _checked(key: str, params: dict[str, Any] | None, period: Period) -> tuple[FigureSpec, dict[str, Any]]:
    """The figure `key` and its parameters, checked, or a ValidationError: an unknown parameter or choice, or a
    period within a year for a figure counted by whole years."""
    figure = spec(key)
    params = check_params(key, params)
    if figure.period == "years" and not figure.dated and not period.counts_by_year():
        raise ValidationError(
            _("The figure “%(label)s” is counted by whole years; choose a period of whole years.")
            % {"label": figure.label}
        )
    return figure, params


def compute(
    key: str,
    node: Any,
    *,
    start: dt.date,
    end: dt.date,
    as_of: dt.date,
    params: dict[str, Any] | None = None,
    user: Any = None,
    taken: Taken | None = None,
) -> FigureResult:
    """The figure `key` of `node` over `[start, end]` with the cut-off `as_of`, within `user`'s access when given:
    from the records, or `taken` from a source instead (the accepted submissions of a campaign)."""
    p = Scope(start, end, as_of, user, node=node)
    if taken is not None:
        spec(key)
        params = check_params(key, params)
        taking: Callable[..., FigureResult] = import_string(source(taken.name).compute)
        with translation.override("vi"):
            # Never the spec's `records` by default: the source's ids are what it says they are.
            return taking(taken.ref, key, p, params=params, section=taken.section)
    figure, params = _checked(key, params, p)
    function: Callable[..., FigureResult] = import_string(figure.compute)
    with translation.override("vi"):
        result = function(p, **figure.given, **params)
    if not result.records:
        result.records = figure.records
    return result


def compute_each(
    key: str,
    nodes: list[Any],
    *,
    start: dt.date,
    end: dt.date,
    as_of: dt.date,
    params: dict[str, Any] | None = None,
    user: Any = None,
) -> dict[int, FigureResult]:
    """The figure `key` of each of `nodes` ({node id: result}), as `compute` gives it node by node within
    `figures_only` (values and bases, no records): in a few grouped queries where the figure declares
    `compute_many`, else node by node. A node whose figure cannot be computed (a ValidationError) is left out; a
    period the figure refuses raises, as `compute` does."""
    period = Period(start, end, as_of, user)
    figure, params = _checked(key, params, period)
    if not nodes:
        return {}
    grouped: dict[int, FigureResult] | None = None
    # Within the caller's `figures_only` if it opened one: the figures of one form share their grouped reads.
    with figures_only() if _shared.get() is None else contextlib.nullcontext(), translation.override("vi"):
        if figure.compute_many:
            many: Callable[..., dict[int, FigureResult] | None] = import_string(figure.compute_many)
            grouped = many(nodes, period, **figure.given, **params)
        if grouped is not None:
            return grouped
        out: dict[int, FigureResult] = {}
        function: Callable[..., FigureResult] = import_string(figure.compute)
        for node in nodes:
            try:
                out[node.pk] = function(period.at(node), **figure.given, **params)
            except ValidationError:
                continue
        return out
