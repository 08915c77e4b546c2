"""A list's filters, declared once. Each value a list may be filtered by names the rows it keeps — a field lookup
(`"decision_date__year"`) or a function of the value giving a condition (`Q`, `Exists`) — in a mapping beside the
list's filters (`HONOUR_FILTERS` beside `HonourFilters`), and `narrow` applies the values given, in the mapping's
order. A value is given unless it is empty: None, "", only spaces, 0, an empty list (text is passed on without its
outer spaces). `each_word` is the word search every list shares: each word of the value, folded, found in one of
the folded columns named. A selector with keyword arguments instead of a filters object passes them through
`given`, which leaves out the empty ones."""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from functools import reduce
from typing import Any

from django.db.models import Model, Q, QuerySet

from lienhiep.core.text import fold

type Condition = Any  # a Q, or a conditional expression such as Exists
type Lookup = str | Callable[[Any], Condition]


def _given(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def narrow[M: Model](rows: QuerySet[M], filters: object, declared: Mapping[str, Lookup]) -> QuerySet[M]:
    """`rows` kept by each value of `filters` (an object with the mapping's names as attributes) that is given."""
    for name, lookup in declared.items():
        value = _given(getattr(filters, name))
        if not value:
            continue
        rows = rows.filter(lookup(value) if callable(lookup) else Q(**{lookup: value}))
    return rows


def given(**lookups: Any) -> dict[str, Any]:
    """The lookups whose value is given: `rows.filter(**given(kind=kind, period_end__year=year))`."""
    return {lookup: _given(value) for lookup, value in lookups.items() if _given(value)}


def each_word(*where: str | Callable[[str], Condition]) -> Callable[[str], Condition]:
    """A word search: every word of the value, folded (`core.text.fold`), found in one of `where` — a folded column
    (`"title_folded"`, looked up with `__contains`) or a function of the folded word giving a condition."""

    def found(word: str) -> Condition:
        return reduce(operator.or_, (Q(**{f"{w}__contains": word}) if isinstance(w, str) else w(word) for w in where))

    def condition(value: str) -> Condition:
        return reduce(operator.and_, (found(word) for word in fold(value).split()), Q())

    return condition
