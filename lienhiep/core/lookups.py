"""Lookups the project adds to every model field (registered in `CoreConfig.ready`).

`any_of`: the value is one of a list, as `in` is, but written on PostgreSQL as `= ANY(%s)` with the list as one array
parameter. `in` writes a placeholder per value, and psycopg parses a statement with more than 50 parameters again at
every execution (its cache stops there: `psycopg._queries.MAX_CACHED_STATEMENT_PARAMS`): a province officer's lists
filter on the ~500 units they see, and parsing those statements cost a board page 30-40 ms of CPU
(docs/benchmarks.md, "Session 12"). The planner reads the array as it reads the list (`IN (…)` is `= ANY(ARRAY[…])`
to it). Elsewhere (SQLite) `any_of` is `in`.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db.models import Lookup
from django.db.models.lookups import In


class AnyOf(Lookup):
    lookup_name = "any_of"
    prepare_rhs = False

    def get_prep_lookup(self) -> list[Any]:
        prep = self.lhs.output_field.get_prep_value
        return [prep(value) for value in dict.fromkeys(self.rhs)]  # its order kept, repeats dropped

    def as_sql(self, compiler: Any, connection: Any) -> Any:
        if not self.rhs:
            raise EmptyResultSet
        return In(self.lhs, self.rhs).as_sql(compiler, connection)

    def as_postgresql(self, compiler: Any, connection: Any) -> Any:
        if not self.rhs:
            raise EmptyResultSet
        lhs, params = self.process_lhs(compiler, connection)
        # Typed as the column: psycopg sends a list of small numbers as int2[], and bigint = ANY(int2[]) compares
        # each value in turn (7.5 ms of CPU for a province's overdue dossiers) where bigint[] is hashed (1 ms).
        kind = self.lhs.output_field.db_type(connection)
        return f"{lhs} = ANY(%s::{kind}[])", [*params, list(self.rhs)]
