"""A read whose SQL never changes but for its parameters, built by the ORM once per process and run with new values.

Building a query (filters, joins, annotations) and compiling it to SQL is most of what a small read costs in CPU:
the roles read on every page spent 2.6 of its 3.2 ms there, the same SQL each time with another user and day. Here
the ORM builds and compiles the query once per process and database, and each run hands the same SQL to the
database with new parameter values; the rows come back through the ORM's own iterables (model instances with their
`select_related` rows and annotations, or `values_list` tuples, converters applied), as the query would give them.

    ROLES = Compiled(lambda user, on: Role.objects.filter(user=user, valid_from__lte=on), user=int, on=dt.date)
    roles = ROLES.rows(user=request.user.pk, on=today())

Use it only for a query run on many requests whose SQL text is the same whatever the values: values that change the
SQL (a list for `__in`, a slice, a filter added or not) are refused when it is built (the SQL of two sets of values is
compared), and so is a value the ORM transforms before the database sees it (a `contains`'s, a LIKE's escaping).
Not for reads run once or twice a request in one page: a plain query is clearer there, and costs the same.
"""

from __future__ import annotations

import copy
import datetime as dt
import threading
import weakref
from collections.abc import Callable, Mapping
from typing import Any

from django.core.exceptions import EmptyResultSet, ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet

# How a value of each kind reaches the database, as the ORM sends it in a lookup's parameters.
_ADAPT: Mapping[type, Callable[[Any, Any], Any]] = {
    int: lambda ops, value: int(value),
    str: lambda ops, value: str(value),
    dt.date: lambda ops, value: ops.adapt_datefield_value(value),
    dt.datetime: lambda ops, value: ops.adapt_datetimefield_value(value),
}


def _markers(kinds: Mapping[str, type], second: bool) -> dict[str, Any]:
    """Values no query holds by chance, one per parameter, in two sets (their SQL must be the same)."""
    values: dict[str, Any] = {}
    for i, (name, kind) in enumerate(kinds.items()):
        n = i + (1000 if second else 1)
        if kind is int:
            values[name] = 1_987_654_000 + n
        elif kind is str:
            # with what LIKE escapes (`%`, `_`, a backslash): a lookup that escapes its value (contains, startswith;
            # SQLite's iexact) changes the marker and is refused, where an ordinary value would pass unescaped.
            values[name] = f"\x1fmarker%_\\{n}"
        elif kind is dt.datetime:
            values[name] = dt.datetime(1901, 1, 1, tzinfo=dt.UTC) + dt.timedelta(days=n, seconds=n)
        elif kind is dt.date:
            values[name] = dt.date(1901, 1, 1) + dt.timedelta(days=n)
        else:
            raise ImproperlyConfigured(f"compiled query: no parameter of kind {kind!r} ({name})")
    return values


class _Prepared:
    """The query compiled for one database: its compiler (after `as_sql`, which fills the select and its
    converters), the SQL, the parameters with the slots each named value goes into, and the queryset it came from."""

    def __init__(self, build: Callable[..., QuerySet[Any]], kinds: Mapping[str, type], alias: str) -> None:
        connection = connections[alias]
        first, second = _markers(kinds, second=False), _markers(kinds, second=True)
        self.queryset = build(**first).using(alias)
        self.compiler = self.queryset.query.get_compiler(using=alias)
        try:
            self.sql, params = self.compiler.as_sql()
            other_sql, other_params = build(**second).using(alias).query.get_compiler(using=alias).as_sql()
        except EmptyResultSet as e:
            raise ImproperlyConfigured("compiled query: the query can never return a row") from e
        if other_sql != self.sql or len(params) != len(other_params):
            raise ImproperlyConfigured("compiled query: its SQL changes with the values; use a plain query")
        self.params = list(params)
        adapted = {name: _ADAPT[kind](connection.ops, first[name]) for name, kind in kinds.items()}
        other = {name: _ADAPT[kind](connection.ops, second[name]) for name, kind in kinds.items()}
        self.slots: list[tuple[int, str, Callable[[Any, Any], Any]]] = []
        for position, (a, b) in enumerate(zip(params, other_params, strict=True)):
            if a == b:
                continue
            names = [name for name in kinds if adapted[name] == a and other[name] == b]
            if len(names) != 1:
                raise ImproperlyConfigured(
                    f"compiled query: parameter {position} ({a!r}) is not a value passed as the ORM sends it"
                )
            self.slots.append((position, names[0], _ADAPT[kinds[names[0]]]))
        unused = set(kinds) - {name for _, name, _ in self.slots}
        if unused:
            raise ImproperlyConfigured(f"compiled query: {', '.join(sorted(unused))} not in its SQL")
        # The converters of the query's columns (each a method of a connection's operations, a field's, an
        # expression's), which the ORM works out again on every run: once per connection (one per thread).
        self.converters: weakref.WeakKeyDictionary[Any, dict[int, Any]] = weakref.WeakKeyDictionary()

    def run(self, alias: str, values: Mapping[str, Any]) -> QuerySet[Any]:
        connection = connections[alias]
        params = list(self.params)
        for position, name, adapt in self.slots:
            params[position] = adapt(connection.ops, values[name])
        # A copy of the compiled compiler for this run, on this thread's connection, answering with the SQL built once;
        # the ORM's iterable then reads the rows as it reads any query's (model instances, related rows, converters).
        compiler = copy.copy(self.compiler)
        compiler.connection = connection
        sql = self.sql
        compiler.as_sql = lambda *args, **kwargs: (sql, params)  # type: ignore[method-assign]
        converters = self.converters.get(connection)
        if converters is None:
            fields = [column[0] for column in compiler.select[0 : compiler.col_count]]
            converters = self.converters[connection] = compiler.get_converters(fields)
        compiler.get_converters = lambda expressions: converters  # type: ignore[method-assign]
        run = self.queryset._chain()  # type: ignore[attr-defined]
        run.query.get_compiler = lambda *args, **kwargs: compiler  # type: ignore[method-assign]
        return run


class Compiled[T]:
    """A query built by `build(**values)`, compiled to SQL once per process and database alias; `kinds` names each
    value's kind (int, str, dt.date, dt.datetime; a model instance is passed as its pk, an int)."""

    def __init__(self, build: Callable[..., QuerySet[Any, T]], **kinds: type) -> None:
        self.build = build
        self.kinds = kinds
        self._prepared: dict[tuple[str, str], _Prepared] = {}
        self._lock = threading.Lock()

    def _for(self, alias: str) -> _Prepared:
        key = (alias, connections[alias].vendor)
        prepared = self._prepared.get(key)
        if prepared is None:
            with self._lock:
                prepared = self._prepared.get(key) or _Prepared(self.build, self.kinds, alias)
                self._prepared[key] = prepared
        return prepared

    def rows(self, *, using: str = DEFAULT_DB_ALIAS, **values: Any) -> list[T]:
        """The query's rows for `values`, as `list(build(**values))` gives them: one query."""
        if values.keys() != self.kinds.keys():
            raise TypeError(f"compiled query: values for {sorted(self.kinds)} expected, got {sorted(values)}")
        return list(self._for(using).run(using, values))

    def first(self, *, using: str = DEFAULT_DB_ALIAS, **values: Any) -> T | None:
        """The first row, or None (build the query with its own order and, if it may return many, a slice)."""
        found = self.rows(using=using, **values)
        return found[0] if found else None
