"""Remembered figures of a node's subtree, and the database triggers that forget them (decision 0006).

The overview of a province or of the country adds up hundreds of thousands of dated records, and a union's
member count reads every membership; recounting them on every request took seconds at national scale
(docs/benchmarks.md). So figures are stored the first time they are computed (`RememberedFigure`):

- A source of figures (`core.figures.FigureSource`, declared by its app) is cut into pieces: calendar months or
  years of a period (figures that add up over time: activities, honours, budgets), single days (figures on a
  date: member counts), or one piece for the whole span asked (figures between two days: who joined or left).
  `pieced` reads the stored pieces of a period and computes the missing ones, one query per run of adjacent
  missing pieces; `remembered` does the same for one day.
- Closed pieces are stored for good: whole calendar months and years that ended before today, and days (and spans)
  up to today. No such figure depends on what day it is.
- Open pieces (this month or this year, whole or cut at a period's end, and months and years still to come) are
  stored for the day they are computed on, and read on that day only (decision 0020): what depends on the day (this
  year counted "as the tree stands today", a unit moving on a date still to come, with no write) cannot change
  within it, and a row of an earlier day is never read (it is pruned when its node's source stores again, and
  nightly). Such a row runs from the first to the last day of its calendar month or year, whatever part of it the
  piece counts (`upto`), so that the triggers forget it whenever a record of that month or year, or the tree up to
  its end, changes; a piece that starts within its month or year (a period from the 10th of March) is computed on
  every request.
- Forgetting is the database's job. `orgs.triggers` (installed after every `migrate`) puts triggers on every table a
  source reads, and on the tree's closure rows, that delete the pieces a changed row belongs to: the pieces
  containing its dates, old and new, or every piece from its earliest date on (`Reads.since`; the tree always). No
  service, import, admin page, bulk update or raw SQL can write around them.
- Concurrency: a reader stores only what no write it did not see can change. On PostgreSQL every trigger takes a
  shared advisory lock per source until its transaction ends and then advances the source's generation (a
  sequence); a reader reads the generation before computing, when no writer holds the lock, and stores only if it
  then gets the same lock exclusively without waiting and the generation has not moved (writers never wait for
  each other, nor for a computation; a writer waits only for a reader that is storing, then deletes what it
  stored). On SQLite every transaction begins IMMEDIATE (settings), so a reader storing holds the write lock while
  it computes.
"""

from __future__ import annotations

import bisect
import contextvars
import datetime as dt
import functools
import types
import zlib
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from typing import Any, NamedTuple

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import Q
from django.utils import timezone

from lienhiep.core.figures import FigureSource, Step, declared_sources, note_nightly
from lienhiep.orgs.models import NightlyFigure, Org, RememberedFigure

Data = dict[str, Any]
# (first, last, data) of each piece of a period, in date order.
Pieces = list[tuple[dt.date, dt.date, Data]]
Compute = Callable[[dt.date, dt.date], dict[dt.date, Data]]

DAY = dt.timedelta(days=1)


def source_named(name: str) -> FigureSource:
    try:
        return declared_sources()[name]
    except KeyError:
        raise LookupError(f"No figure source {name!r} is declared on an AppConfig (figure_sources)") from None


# --- Pieces ---------------------------------------------------------------------------------------


def _following(first: dt.date, step: Step) -> dt.date:
    if step == "day":
        return first + DAY
    if step == "month":
        return dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return dt.date(first.year + 1, 1, 1)


def _start_of(day: dt.date, step: Step) -> dt.date:
    if step == "day":
        return day
    return dt.date(day.year, day.month if step == "month" else 1, 1)


def pieces_of(start: dt.date, end: dt.date, step: Step) -> list[tuple[dt.date, dt.date]]:
    """[start, end] cut at calendar days, months or years; a span is one piece."""
    if step == "span":
        return [(start, end)] if start <= end else []
    out = []
    first = start
    while first <= end:
        following = _following(_start_of(first, step), step)
        out.append((first, min(following - DAY, end)))
        first = following
    return out


def storable(first: dt.date, last: dt.date, step: Step, now: dt.date) -> bool:
    """Whether a piece is stored: a whole calendar piece, closed (a day up to today; a month or year before it), or
    a span whose last day is today at the latest (it depends on what stood on its days, as a day's count does)."""
    if step == "day":
        return first == last and last <= now
    if step == "span":
        return last <= now
    return first == _start_of(first, step) and last == _following(first, step) - DAY and last < now


def open_row(first: dt.date, last: dt.date, step: Step, now: dt.date) -> tuple[dt.date, dt.date] | None:
    """The (first, last) an open piece [first, last] is stored under for the day `now` (`RememberedFigure.on`): its
    whole calendar month or year; None for a closed piece (`storable`), for a day or a span, and for a piece that
    starts within its month or year."""
    if step not in ("month", "year") or first != _start_of(first, step) or storable(first, last, step, now):
        return None
    return first, _following(first, step) - DAY


class Row(NamedTuple):
    """A piece as it is stored: its row's first and last day, the last day it counts and the day it is for (`upto`
    and `on`: None for a closed piece)."""

    first: dt.date
    last: dt.date
    upto: dt.date | None
    on: dt.date | None


def _row(first: dt.date, last: dt.date, step: Step, now: dt.date) -> Row | None:
    if storable(first, last, step, now):
        return Row(first, last, None, None)
    whole = open_row(first, last, step, now)
    return None if whole is None else Row(*whole, last, now)


# Set by `computed_afresh`: compute every piece, read and store none.
_afresh: contextvars.ContextVar[bool] = contextvars.ContextVar("figures_afresh", default=False)


@contextmanager
def computed_afresh() -> Iterator[None]:
    """Figures computed from the records alone, remembering nothing: what a remembered figure must equal."""
    token = _afresh.set(True)
    try:
        yield
    finally:
        _afresh.reset(token)


# Set by `open_pieces_shared`: the pieces read or computed so far, by (node, source, piece).
_shared: contextvars.ContextVar[dict[tuple[int, str, dt.date, dt.date], Data] | None] = contextvars.ContextVar(
    "figures_shared", default=None
)


@contextmanager
def open_pieces_shared() -> Iterator[None]:
    """Within the block, a piece that is not stored (this month, this year) is computed once for all who read it:
    the overview's activities and its finance panel's money raised per year both end with this month, and
    computing it twice cost the national overview a second read of the month's activities on every request. The
    stored pieces too are read once: a second read of the same pieces (the same months of the same source) is
    answered from the first (a province's five years of activities: 70 rows of JSON, ~8 ms of CPU)."""
    token = _shared.set({})
    try:
        yield
    finally:
        _shared.reset(token)


# --- The nightly figures of the country (decision 0009) -------------------------------------------------

# Set by `recording_nightly`: the time the pieces computed now are stored under as nightly figures.
_recording: contextvars.ContextVar[dt.datetime | None] = contextvars.ContextVar("figures_recording", default=None)
# Set by `live`: never show a nightly piece.
_live: contextvars.ContextVar[bool] = contextvars.ContextVar("figures_live", default=False)


@contextmanager
def live() -> Iterator[None]:
    """Within the block, figures are what the records say now: no nightly piece is shown (a report's approval)."""
    token = _live.set(True)
    try:
        yield
    finally:
        _live.reset(token)


@contextmanager
def recording_nightly() -> Iterator[dt.datetime]:
    """Within the block, every piece read or computed for a node of a nightly kind is stored as its nightly
    figure, stamped with the block's start (`manage.py figures_nightly`)."""
    at = timezone.now()
    token = _recording.set(at)
    try:
        yield at
    finally:
        _recording.reset(token)


def _is_nightly(node: Org | int) -> bool:
    kinds = settings.FIGURES_NIGHTLY_KINDS
    if not kinds:
        return False
    kind = node.kind if isinstance(node, Org) else Org.objects.filter(pk=node).values_list("kind", flat=True).first()
    return kind in kinds


def _nightly_pieces(org_id: int, source: str, missing: list[tuple[dt.date, dt.date]]) -> dict[dt.date, Data]:
    wanted = set(missing)
    found: dict[dt.date, Data] = {}
    for first, last, data, at in NightlyFigure.objects.filter(
        org_id=org_id, source=source, first__gte=missing[0][0], last__lte=missing[-1][1]
    ).values_list("first", "last", "data", "computed_at"):
        if (first, last) in wanted:
            found[first] = data
            note_nightly(at)
    return found


def _record_nightly(org_id: int, source: str, pieces: Pieces, at: dt.datetime) -> None:
    NightlyFigure.objects.bulk_create(
        [
            NightlyFigure(org_id=org_id, source=source, first=first, last=last, data=data, computed_at=at)
            for first, last, data in pieces
        ],
        update_conflicts=True,
        unique_fields=["org", "source", "first", "last"],
        update_fields=["data", "computed_at"],
    )


def pieced(
    node: Org | int, *, source: str, start: dt.date, end: dt.date, compute: Compute, step: Step | None = None
) -> Pieces:
    """The figures of `source` over `node`'s subtree in [start, end], piece by piece: the stored pieces, and the
    missing ones from `compute(first, last)`, which returns {a day within the piece: data} for the pieces of
    [first, last] that have any records (one query grouped by piece, not one per piece)."""
    from lienhiep.orgs.selectors import today

    step = step or source_named(source).step
    org_id = node if isinstance(node, int) else node.pk
    cuts = pieces_of(start, end, step)
    if not cuts:
        return []
    if _afresh.get():
        return _assemble(cuts, _compute(cuts, compute))
    now = today()
    rows = {piece: _row(*piece, step, now) for piece in cuts}
    found: dict[dt.date, Data] = {}
    shared = _shared.get()
    if shared is not None and all((org_id, source, first, last) in shared for first, last in cuts):
        # Every piece read or computed already within `open_pieces_shared` (the overview's activities, read again
        # for its finance panel's money raised: 70 months of JSON decoded twice).
        return [(first, last, shared[org_id, source, first, last]) for first, last in cuts]
    kept = [(first, row) for (first, _last), row in rows.items() if row is not None]
    opened: dict[dt.date, Data] = {}
    if kept:
        # The closed pieces, and the open ones stored today: {(first, last, upto, on): the piece's first day}.
        wanted = {row: first for first, row in kept}
        for first, last, upto, on, data in RememberedFigure.objects.filter(
            Q(on__isnull=True) | Q(on=now),
            org_id=org_id,
            source=source,
            first__gte=kept[0][1].first,
            last__lte=max(row.last for _first, row in kept),
        ).values_list("first", "last", "upto", "on", "data"):
            if (stored := Row(first, last, upto, on)) in wanted:
                (found if on is None else opened)[wanted[stored]] = data
    recording = _recording.get()
    if len(found) < len(cuts) and recording is None and not _live.get() and _is_nightly(node):
        # The country's nightly piece is shown, noted, where one is kept, before an open piece stored today (as it
        # was before open pieces were stored: the page says the same whichever it finds).
        found.update(_nightly_pieces(org_id, source, [piece for piece in cuts if piece[0] not in found]))
    found.update((first, data) for first, data in opened.items() if first not in found)
    for run in _runs(cuts, found):
        to_store = [(first, row) for first, last in run if (row := rows[first, last]) is not None]
        if to_store:
            found.update(_compute_and_store(org_id, source, run, to_store, compute, now))
        elif shared is None:
            found.update(_compute(run, compute))
        else:
            keys = [(org_id, source, first, last) for first, last in run]
            if not all(key in shared for key in keys):
                computed = _compute(run, compute)
                shared.update(zip(keys, (computed[first] for first, _last in run), strict=True))
            found.update((key[2], shared[key]) for key in keys)
    if recording is not None and _is_nightly(node):
        _record_nightly(org_id, source, _assemble(cuts, found), recording)
    pieces = _assemble(cuts, found)
    if shared is not None:
        shared.update(((org_id, source, first, last), data) for first, last, data in pieces)
    return pieces


def forget_earlier_days(*, on: dt.date, **within: Any) -> int:
    """Delete the open pieces stored for days before `on`, which are never read: all of them (`manage.py
    figures_nightly`), or those `within` names (a node's source, when it stores again). Returns how many."""
    return RememberedFigure.objects.filter(on__lt=on, **within).delete()[0]


# A stored piece is never changed: it is inserted, read, and deleted by a trigger (the database refuses an update:
# `orgs.triggers`), and its id is drawn at random (`models.piece_id`: a sequence gives a number again on SQLite once
# the insert that took it is rolled back). So a process keeps what it decoded of the pieces it read, by id: a
# province's page after a write read its 886 units' breakdowns again, and decoding their 254 KB of JSON took 17 ms
# of CPU (docs/benchmarks.md, "Session 24"). Past `_DECODED_MAX` pieces the least recently read go (a breakdown is
# ~1.9 KB in memory, a count of persons ~0.3 KB: at most ~30 MB). Emptied whole at 4.096, as it was, the store of a
# process serving several provinces filled with the pieces their writes had replaced and was emptied every few
# requests, and the request that found it empty decoded a province's 1.815 pieces again: the province statistics
# after a backdated record 178–181 ms p95, 151–152 with room for them all ("Session 25"). Kept read-only
# (`_frozen`), since every reader shares them.
_decoded: OrderedDict[int, Data] = OrderedDict()
_DECODED_MAX = 16384


def _kept(pk: int) -> Data | None:
    """The piece `pk` as this process decoded it, now the most recently read; None if it has none (another thread
    may have evicted it between any two steps: a piece not found is the caller's to compute)."""
    data = _decoded.get(pk)
    if data is not None:
        with suppress(KeyError):
            _decoded.move_to_end(pk)
    return data


def _keep(pieces: Iterable[tuple[int, Any]]) -> None:
    """Keep decoded pieces (id, data), then evict the least recently read past `_DECODED_MAX`."""
    for pk, data in pieces:
        _decoded[pk] = _frozen(data)
    while len(_decoded) > _DECODED_MAX:
        with suppress(KeyError):
            _decoded.popitem(last=False)


def _frozen(value: Any) -> Any:
    """`value` (decoded JSON) with its objects as read-only mappings and its arrays as tuples."""
    if isinstance(value, dict):
        return types.MappingProxyType({key: _frozen(item) for key, item in value.items()})
    if isinstance(value, list):
        return tuple(_frozen(item) for item in value)
    return value


def remembered_each(org_ids: list[int], *, source: str, on: dt.date) -> dict[int, Data]:
    """{node id: its stored figures of the day-step `source` on `on`} for those of `org_ids` that have them (none
    within `computed_afresh`, and none for a day still to come): what `remembered` would read for each. Their ids
    in one query, the data of those this process has not decoded yet in a second one (`_decoded`). The others are
    the caller's to compute; storing them is `remembered`'s, node by node. The figures are read-only (`_frozen`)."""
    from lienhiep.orgs.selectors import today

    if _afresh.get() or not storable(on, on, "day", today()):
        return {}
    rows = dict(
        RememberedFigure.objects.filter(org_id__in=org_ids, source=source, first=on, last=on).values_list(
            "pk", "org_id"
        )
    )
    found = {org_id: data for pk, org_id in rows.items() if (data := _kept(pk)) is not None}
    if unknown := [pk for pk, org_id in rows.items() if org_id not in found]:
        # Read and kept after those kept were marked read, so that making room never evicts them.
        # (A piece deleted since the first query is not found: its node is the caller's to compute.)
        _keep(RememberedFigure.objects.filter(pk__in=unknown).values_list("pk", "data"))
        found |= {rows[pk]: data for pk in unknown if (data := _decoded.get(pk)) is not None}
    return found


def remembered_many(
    org_ids: list[int], *, source: str, on: dt.date, compute: Callable[[list[int]], dict[int, Data]]
) -> dict[int, Data]:
    """{node id: its figures of the day-step `source` on `on`} for every one of `org_ids`: the stored ones read in one
    query (`remembered_each`), the others from one `compute(missing ids)` and stored together, as `remembered`
    stores one node's (the source's generation read before computing, stored only if no write moved it). For
    nodes of no nightly kind (a province's associations): no nightly figure is read or recorded for them."""
    from lienhiep.orgs.selectors import today

    found = remembered_each(org_ids, source=source, on=on)
    missing = [pk for pk in org_ids if pk not in found]
    if not missing:
        return found
    now = today()
    if _afresh.get() or not storable(on, on, "day", now):
        found.update(compute(missing))
        return found

    def store(computed: dict[int, Data]) -> None:
        if today() == now:  # (midnight passed while computing: the figures may be of either day)
            RememberedFigure.objects.bulk_create(
                [RememberedFigure(org_id=pk, source=source, first=on, last=on, data=computed[pk]) for pk in missing],
                ignore_conflicts=True,  # stored meanwhile by another reader
            )

    computed: dict[int, Data] = _computed_and_kept(source, lambda: compute(missing), store)
    found.update(computed)
    return found


def remembered(node: Org | int, *, source: str, on: dt.date, compute: Callable[[], Data]) -> Data:
    """The figures of a day-step `source` (a count on a date) for `node` on `on`, remembered as `pieced` does."""
    pieces = pieced(node, source=source, start=on, end=on, step="day", compute=lambda first, _last: {first: compute()})
    return pieces[0][2]


def remembered_days(
    node: Org | int, *, source: str, days: list[dt.date], compute: Callable[[dt.date], Data]
) -> dict[dt.date, Data]:
    """`remembered` of each of `days` (a count at each year's end), the stored ones read in one query: a page asking
    ten days read ten rows in ten queries. The missing days up to today are computed one after the other under one
    generation and stored together, as `remembered` stores one (a backdated membership forgets every year-end
    since: each day's own read, generation and lock was seven statements). The others are `remembered`'s, day by
    day (days to come; a node of a nightly kind, whose missing days may be the nightly ones), and so is every day
    while figures are computed afresh or recorded as the nightly ones."""
    from lienhiep.orgs.selectors import today

    found: dict[dt.date, Data] = {}
    now = today()
    wanted = {day for day in days if storable(day, day, "day", now)}
    if wanted and not _afresh.get() and _recording.get() is None:
        org_id = node if isinstance(node, int) else node.pk
        rows = RememberedFigure.objects.filter(org_id=org_id, source=source, first__in=sorted(wanted))
        found = {first: data for first, last, data in rows.values_list("first", "last", "data") if first == last}
        missing = sorted(wanted - found.keys())
        if len(missing) > 1 and not _is_nightly(node):

            def store(computed: dict[dt.date, Data]) -> None:
                RememberedFigure.objects.bulk_create(
                    [
                        RememberedFigure(org_id=org_id, source=source, first=day, last=day, data=computed[day])
                        for day in missing
                    ],
                    ignore_conflicts=True,  # stored meanwhile by another reader
                )

            def computed() -> dict[dt.date, Data]:
                return {day: compute(day) for day in missing}

            kept: dict[dt.date, Data] = _computed_and_kept(source, computed, store)
            found.update(kept)
    for day in days:
        if day not in found:
            found[day] = remembered(node, source=source, on=day, compute=functools.partial(compute, day))
    return {day: found[day] for day in days}


def _assemble(cuts: list[tuple[dt.date, dt.date]], found: dict[dt.date, Data]) -> Pieces:
    return [(first, last, found.get(first, {})) for first, last in cuts]


def _runs(cuts: list[tuple[dt.date, dt.date]], found: dict[dt.date, Data]) -> list[list[tuple[dt.date, dt.date]]]:
    """The missing pieces, in runs of adjacent ones (each run computed by one query)."""
    runs: list[list[tuple[dt.date, dt.date]]] = []
    previous_missing = False
    for piece in cuts:
        missing = piece[0] not in found
        if missing and previous_missing:
            runs[-1].append(piece)
        elif missing:
            runs.append([piece])
        previous_missing = missing
    return runs


def _compute(run: list[tuple[dt.date, dt.date]], compute: Compute) -> dict[dt.date, Data]:
    firsts = [first for first, _last in run]
    found: dict[dt.date, Data] = dict.fromkeys(firsts, {})
    for day, data in compute(run[0][0], run[-1][1]).items():
        # (A yearly record is dated on the 1st of January, before a run that starts later in its year.)
        found[firsts[max(bisect.bisect_right(firsts, day) - 1, 0)]] = data
    return found


def _compute_and_store(
    org_id: int,
    source: str,
    run: list[tuple[dt.date, dt.date]],
    to_store: list[tuple[dt.date, Row]],
    compute: Compute,
    now: dt.date,
) -> dict[dt.date, Data]:
    from lienhiep.orgs.selectors import today

    def store(found: dict[dt.date, Data]) -> None:
        kept = to_store
        if today() != now:
            # Midnight passed while computing: what was computed may be of either day.
            kept = [(first, row) for first, row in kept if row.on is None]
        if any(row.on is not None for _first, row in kept):
            forget_earlier_days(on=now, org_id=org_id, source=source)
        RememberedFigure.objects.bulk_create(
            [
                RememberedFigure(
                    org_id=org_id,
                    source=source,
                    first=row.first,
                    last=row.last,
                    upto=row.upto,
                    on=row.on,
                    data=found[first],
                )  # fmt: skip
                for first, row in kept
            ],
            ignore_conflicts=True,  # stored meanwhile by another reader
        )

    return _computed_and_kept(source, lambda: _compute(run, compute), store)


# Set within `_computed_and_kept`'s compute, once its generation was read quiet: {source: the stores of the
# computations of the same source nested in it, run with its own store}.
_joined: contextvars.ContextVar[dict[str, list[Callable[[], None]]] | None] = contextvars.ContextVar(
    "figures_joined", default=None
)


def _computed_and_kept[T](source: str, compute: Callable[[], T], store: Callable[[T], None]) -> T:
    """`compute()`, then `store(what it computed)` in the same transaction only if no write of `source` moved its
    generation meanwhile (`_quiet_generation` read before computing, `_may_store` after): the one way every
    remembered piece is stored. A deadlock with a writer (PostgreSQL): the figures are given, nothing is stored.

    A computation of `source` nested in another one of `source` (a province's breakdown adds up its parts', stored
    as they are counted) joins it: computed within the outer's generation, read quiet before the nested one began,
    and stored with the outer's pieces under the outer's `_may_store` (docs/figures.md, "Nested computations of one
    source"): four statements fewer, and the same check."""
    joined = _joined.get()
    if joined is not None and source in joined:
        computed = compute()
        joined[source].append(functools.partial(store, computed))
        return computed
    found: T | None = None
    try:
        with transaction.atomic():
            generation = _quiet_generation(source)
            nested: list[Callable[[], None]] = []
            token = _joined.set({**(joined or {}), source: nested}) if generation is not None else None
            try:
                found = compute()
            finally:
                if token is not None:
                    _joined.reset(token)
            if generation is not None and _may_store(source, generation):
                store(found)
                for each in nested:
                    each()
    except DatabaseError:
        if found is None:
            found = compute()
    return found


# --- Locks (PostgreSQL) -----------------------------------------------------------------------------

LOCK_CLASS = 0x4C48  # "LH": the first key of every advisory lock of remembered figures


def lock_key(source: str) -> int:
    return zlib.crc32(source.encode()) & 0x7FFFFFFF


GENERATION_PREFIX = "lh_fig_gen_"


def generation_sequence(source: str) -> str:
    """The PostgreSQL sequence every trigger of `source` advances (`orgs.triggers`): its generation."""
    return f"{GENERATION_PREFIX}{lock_key(source)}"


# A source's generation: its sequence's last value, which moves whenever a write may change its figures; 0 before
# the first write, and for a source without a sequence (one no trigger watches, as in tests of the store alone).
Generation = int


def _generation(cursor: Any, source: str) -> Generation:
    # (Not the `pg_sequences` view: planning it took ~2 ms, and a page after a write reads six generations.)
    cursor.execute(
        "SELECT pg_sequence_last_value(to_regclass(quote_ident(current_schema()) || '.' || %s))",
        [generation_sequence(source)],
    )
    row = cursor.fetchone()
    return 0 if row is None or row[0] is None else int(row[0])


def _quiet_generation(source: str) -> Generation | None:
    """The generation of `source` at a moment when no write to what it reads is under way, read before computing;
    None if one is (then nothing is stored). Every write that advanced the generation up to here has committed, so
    the compute that follows sees it; any later one moves the generation, and `_may_store` sees that it moved.

    Read first, then check that no writer holds the lock (taken and given back at once, in one statement, so that
    writers never wait for a computation): a writer that advanced the generation before the read still holds the
    lock, or has committed. SQLite needs no generation: a reader that may store holds the write lock from the
    start of its transaction (every transaction begins IMMEDIATE), so no write can commit while it computes."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0
    with connection.cursor() as cursor:
        generation = _generation(cursor, source)
        cursor.execute(
            "SELECT pg_advisory_unlock(%s, %s) WHERE pg_try_advisory_lock(%s, %s)", [LOCK_CLASS, lock_key(source)] * 2
        )
        quiet = cursor.fetchone() is not None
    return generation if quiet else None


def _may_store(source: str, generation: Generation) -> bool:
    """Whether no write to what `source` reads has committed since `generation` was read, and none can commit until
    this transaction ends. Called inside the transaction that computes and stores, after the compute: on PostgreSQL
    it takes the source's lock exclusively, without waiting (writers hold it shared until they commit; one that
    comes later waits, then deletes what was stored), and then checks that the generation has not moved (a writer
    that committed while the figures were computed may have come after their queries, and has nothing to delete
    yet). On SQLite the transaction holds the write lock."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s, %s)", [LOCK_CLASS, lock_key(source)])
        row = cursor.fetchone()
        return bool(row and row[0]) and _generation(cursor, source) == generation
