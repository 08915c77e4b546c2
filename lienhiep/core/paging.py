"""Keyset paging: a page starts after the last row of the previous one, so a deep page costs what the first does
(no OFFSET). Every list and every export reads this way, whatever its order: newest first on a date or a year
(activities, initiatives, honours), or in name order (persons).

Rows come ordered by (`key`, id), both ascending or both descending, as the list's selector chose; the
direction is read from that order, so a page and its selector cannot disagree. A cursor is `<key>~<id>` of
a row, the key written as the column's type reads it back (a date in ISO form, a number, or text)."""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Any

from django.db import models
from django.db.models import Q, QuerySet
from django.http import HttpRequest

from lienhiep.core.http import id_param

PAGE_SIZE = 50
COUNT_CAP = 10_000
# A search by name or number is counted to a lower cap: its count finds no one, it only says to narrow the search,
# and "nguyen van" over the country's million costs 159 ms of PostgreSQL counted to 10,000 against 52 to 1,000
# (docs/decisions/0021).
SEARCH_COUNT_CAP = 1_000


def descending(rows: QuerySet[Any]) -> bool:
    """Whether `rows` are ordered by their key from the highest down (read from the first ordering term)."""
    if not rows.query.order_by:
        raise ValueError("Keyset paging needs rows ordered by (key, id).")
    first = rows.query.order_by[0]
    return first.startswith("-") if isinstance(first, str) else bool(getattr(first, "descending", False))


def past(rows: QuerySet[Any], key: str, value: Any, pk: int, *, downwards: bool) -> QuerySet[Any]:
    """The rows after (`value`, `pk`) in (`key`, id) order, going down or up. The plain bound on `key` lets the
    database start the index scan at the cursor (SQLite and PostgreSQL alike); the id breaks the ties."""
    if downwards:
        bound, beyond, tie = {f"{key}__lte": value}, {f"{key}__lt": value}, Q(**{key: value}, pk__lt=pk)
    else:
        bound, beyond, tie = {f"{key}__gte": value}, {f"{key}__gt": value}, Q(**{key: value}, pk__gt=pk)
    return rows.filter(**bound).filter(Q(**beyond) | tie)


def _split(rows: QuerySet[Any], key: str, cursor: str | None) -> tuple[Any, int] | None:
    """The (key, id) a cursor names; None for a missing cursor or one edited by hand."""
    value, _sep, pk = (cursor or "").rpartition("~")
    if not value or id_param(pk) is None:
        return None
    field = rows.model._meta.get_field(key)
    try:
        if isinstance(field, models.DateField):
            return dt.date.fromisoformat(value), int(pk)
        if isinstance(field, models.IntegerField):
            return int(value), int(pk)
    except ValueError:
        return None
    return value, int(pk)


def _cursor(row: Any, key: str) -> str:
    value = getattr(row, key)
    return f"{value.isoformat() if isinstance(value, dt.date) else value}~{row.pk}"


def _read(rows: QuerySet[Any], limit: int, *, keys_first: bool) -> list[Any]:
    """The first `limit` of `rows`; with `keys_first`, their ids first (a query an index covering the key, the id
    and the filtered columns answers alone, walking the key's order and skipping what does not match without
    reading the table), then those rows by id: the table is read for the page's rows only, not for every row the
    walk passes over."""
    if not keys_first:
        return list(rows[:limit])
    ids = list(rows.values_list("pk", flat=True)[:limit])
    if not ids:
        return []
    if rows.query.annotations:  # what the rows compute comes with them: read them through the list's own filters
        chosen = rows.filter(pk__in=ids).order_by()
    else:
        # The rows by id alone (the list's filters, its units' ids among them, were met by the ids and would only be
        # planned again), with the list's joins and columns.
        chosen = rows.model._default_manager.using(rows.db).filter(pk__in=ids)
        chosen.query.select_related = rows.query.select_related
        chosen.query.deferred_loading = rows.query.deferred_loading
    by_id = {row.pk: row for row in chosen}
    return [by_id[pk] for pk in ids if pk in by_id]  # in the ids' order, whichever way the list was read


def keyset_page(
    rows: QuerySet[Any],
    after: str | None,
    before: str | None,
    *,
    key: str,
    page_size: int | None = None,
    keys_first: bool = False,
) -> tuple[list[Any], dict[str, str]]:
    """One page of `rows` (PAGE_SIZE by default): the first, the one after the cursor `after`, or the one before
    the cursor `before`. Returns the rows and the cursors ("after", "before") of the pages around it. `keys_first`:
    read the page's ids, then its rows (`_read`), for a list whose order index also holds its filters' columns."""
    page_size = page_size or PAGE_SIZE
    down = descending(rows)
    if cur := _split(rows, key, before):
        # The rows before the cursor, nearest first, then put back in the list's order.
        page = _read(past(rows, key, *cur, downwards=not down).reverse(), page_size + 1, keys_first=keys_first)
        has_before, has_after = len(page) > page_size, True
        page = list(reversed(page[:page_size]))
    else:
        has_before = False
        if cur := _split(rows, key, after):
            rows, has_before = past(rows, key, *cur, downwards=down), True
        page = _read(rows, page_size + 1, keys_first=keys_first)
        has_after = len(page) > page_size
        page = page[:page_size]
    cursors = {}
    if page and has_after:
        cursors["after"] = _cursor(page[-1], key)
    if page and has_before:
        cursors["before"] = _cursor(page[0], key)
    return page, cursors


def keyset_chunks(rows: QuerySet[Any], *, key: str, size: int) -> Iterator[list[Any]]:
    """Every row of `rows`, `size` at a time, each chunk read after the last row of the one before: an export's
    memory stays flat and its millionth row costs what its first did. The rows are model instances, or
    `values_list` tuples that begin with the key and the id."""
    down = descending(rows)
    chunk_rows = rows
    while True:
        chunk = list(chunk_rows[:size])
        if chunk:
            yield chunk
        if len(chunk) < size:
            return
        last = chunk[-1]
        value, pk = last[:2] if isinstance(last, tuple) else (getattr(last, key), last.pk)
        chunk_rows = past(rows, key, value, pk, downwards=down)


def capped_count(rows: QuerySet[Any], cap: int = COUNT_CAP) -> tuple[int, bool]:
    """How many rows match, counting no further than `cap` (a count over millions costs a full scan), and
    whether there are more. Without the page's joins, the count reads the list's index alone (8 ms instead
    of 150 ms for a province officer at a million activities: docs/benchmarks.md, "Activities")."""
    capped: int = rows.select_related(None).order_by()[: cap + 1].count()
    return min(capped, cap), capped > cap


def list_page(
    request: HttpRequest,
    rows: QuerySet[Any],
    *,
    key: str,
    count: int | None = None,
    keys_first: bool = False,
    cap: int = COUNT_CAP,
) -> tuple[list[Any], dict[str, Any]]:
    """The page of a list that the request asks for, and what the pager (templates/partials/pager.html) shows with it:
    `cursors`, `count` and `more_than_cap`, and `query_string` (the filters, without the cursors).
    `count`: how many rows match, counted up to one past `cap`, where the list counts in its own way.
    A page with rows and no page before or after it holds every row: its length is the count, and no count is read
    (a rare name, a phone number, a unit's short list)."""
    page, cursors = keyset_page(
        rows, request.GET.get("after"), request.GET.get("before"), key=key, keys_first=keys_first
    )
    if count is None and page and not cursors:
        count = len(page)
    total, more = capped_count(rows, cap) if count is None else (min(count, cap), count > cap)
    params = request.GET.copy()
    for name in ("after", "before"):
        params.pop(name, None)
    return page, {"cursors": cursors, "count": total, "more_than_cap": more, "query_string": params.urlencode()}


def sequence_page(
    request: HttpRequest, keys: Sequence[tuple[Any, ...]], *, width: int, page_size: int | None = None
) -> tuple[range, dict[str, Any]]:
    """Keyset paging over `keys` that a selector computed and sorted in Python (the pairs of possible duplicates):
    the page after the `after` cursor, or before the `before` one, as the indexes of `keys` it holds, and the
    pager's context as `list_page` gives it. A cursor is the first `width` parts of a key joined by ~ (the first
    part text, the others whole numbers), so a page starts where the previous one ended even when rows of it went
    away meanwhile (a pair merged): offsets would skip rows then."""
    size = page_size or PAGE_SIZE
    cut = [key[:width] for key in keys]

    def parse(cursor: str | None) -> tuple[Any, ...] | None:
        parts = (cursor or "").rsplit("~", width - 1)
        numbers = [id_param(part) for part in parts[1:]]
        if len(parts) != width or None in numbers:
            return None
        return (parts[0], *numbers)

    if (before := parse(request.GET.get("before"))) is not None:
        end = bisect.bisect_left(cut, before)
        start = max(end - size, 0)
    else:
        after = parse(request.GET.get("after"))
        start = bisect.bisect_right(cut, after) if after is not None else 0
        end = start + size
    end = min(end, len(keys))
    cursors = {}
    if end < len(keys) and end > start:
        cursors["after"] = "~".join(str(part) for part in cut[end - 1])
    if start > 0 and end > start:
        cursors["before"] = "~".join(str(part) for part in cut[start])
    params = request.GET.copy()
    for name in ("after", "before"):
        params.pop(name, None)
    context = {"cursors": cursors, "count": len(keys), "more_than_cap": False, "query_string": params.urlencode()}
    return range(start, end), context
