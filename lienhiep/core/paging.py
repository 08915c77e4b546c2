"""Keyset paging for lists shown newest first: a page starts after the last row of the previous one, so
a deep page costs what the first does (no OFFSET)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q


def keyset_page(
    rows: Any, after: str | None, before: str | None, *, key: str, page_size: int
) -> tuple[list[Any], dict[str, str]]:
    """One page of `rows` ordered by (`key`, id) descending; `key` is a date or an integer column.
    Returns the rows and the cursors ("after", "before") of the pages around it."""

    def split(cursor: str) -> tuple[Any, int] | None:
        value, _sep, pk = cursor.rpartition("~")
        if not value or not pk.isdigit():
            return None
        try:
            return (dt.date.fromisoformat(value) if "-" in value else int(value)), int(pk)
        except ValueError:  # a cursor edited by hand
            return None

    if before and (cur := split(before)):
        value, pk = cur
        newer = rows.filter(**{f"{key}__gte": value}).filter(Q(**{f"{key}__gt": value}) | Q(**{key: value}, pk__gt=pk))
        page = list(newer.order_by(key, "id")[: page_size + 1])
        has_before = len(page) > page_size
        page = list(reversed(page[:page_size]))
        has_after = True
    else:
        has_before = False
        if after and (cur := split(after)):
            value, pk = cur
            # The plain bound lets the database start the index scan at the cursor.
            rows = rows.filter(**{f"{key}__lte": value}).filter(
                Q(**{f"{key}__lt": value}) | Q(**{key: value}, pk__lt=pk)
            )
            has_before = True
        page = list(rows.order_by(f"-{key}", "-id")[: page_size + 1])
        has_after = len(page) > page_size
        page = page[:page_size]

    def cursor(row: Any) -> str:
        value = getattr(row, key)
        return f"{value.isoformat() if isinstance(value, dt.date) else value}~{row.pk}"

    cursors = {}
    if page and has_after:
        cursors["after"] = cursor(page[-1])
    if page and has_before:
        cursors["before"] = cursor(page[0])
    return page, cursors


def capped_count(rows: Any, cap: int = 10_000) -> tuple[int, bool]:
    """How many rows match, counting no further than `cap` (a count over millions costs a full scan)."""
    capped: int = rows.order_by()[: cap + 1].count()
    return min(capped, cap), capped > cap
