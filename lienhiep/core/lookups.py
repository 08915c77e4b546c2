"""`__in` with a long list of whole numbers (a province's 349 unit ids, a page's 50 person ids) built and sent as
one array.

Every list of a part of the tree filters on the units its reader sees, as a list of ids (`orgs.permissions.
org_ids_at_least`: a subquery would hide from the planner whether it is a province's few hundred units or the whole
tree). Django prepares such a list value by value, twice (each value through the field's preparation when the
filter is made, and again through the database's when the SQL is), writes one placeholder per value and the
driver binds each: for 349 ids about 3 ms of CPU a query to build and 2 ms more to bind, on every member list
three times (docs/benchmarks.md, "Session 12"). Here:

- a list, tuple or set of plain `int` values (what a values_list of ids gives) is taken as already prepared: the
  field's preparation of an `int` is that `int`, so nothing changes but the work;
- on PostgreSQL, from ARRAY_FROM values on, `col = ANY(%s::bigint[])` with the list as one parameter. PostgreSQL
  turns `col IN (1, 2, …)` into that same `col = ANY('{1,2,…}')` before planning, so the plan and its estimates do
  not change (both are a constant array to the planner).

Anything else (model instances, strings, None among the values, a subquery, a number past bigint, SQLite) goes the
way Django goes.
"""

from __future__ import annotations

from typing import Any

from django.db.models import ForeignKey, IntegerField
from django.db.models.expressions import ColPairs
from django.db.models.fields.related_lookups import RelatedIn
from django.db.models.lookups import In

ARRAY_FROM = 20
BIGINT = (-(2**63), 2**63 - 1)


def _plain_ints(values: Any) -> bool:
    low, high = BIGINT
    return isinstance(values, list | tuple | set | frozenset) and all(
        type(value) is int and low <= value <= high for value in values
    )


class _IntArrayIn:
    """The body shared by a whole-number field's `in` and a foreign key's (to a whole-number key)."""

    rhs: Any
    lhs: Any

    def _whole_numbers(self) -> bool:
        if isinstance(self.lhs, ColPairs):
            return False
        field = self.lhs.output_field
        target = field.target_field if isinstance(field, ForeignKey) else field
        return isinstance(target, IntegerField) and _plain_ints(self.rhs)

    def get_prep_lookup(self) -> Any:
        if self._whole_numbers():
            return list(self.rhs)  # each `int` is its own prepared value (IntegerField.get_prep_value)
        return super().get_prep_lookup()  # type: ignore[misc]

    def as_postgresql(self, compiler: Any, connection: Any) -> tuple[str, Any]:
        values = self.rhs
        if isinstance(values, list) and len(values) >= ARRAY_FROM and self._whole_numbers():
            lhs_sql, lhs_params = self.process_lhs(compiler, connection)  # type: ignore[attr-defined]
            return f"{lhs_sql} = ANY(%s::bigint[])", (*lhs_params, list(dict.fromkeys(values)))
        return self.as_sql(compiler, connection)  # type: ignore[attr-defined,no-any-return]


class IntArrayIn(_IntArrayIn, In):
    pass


class RelatedIntArrayIn(_IntArrayIn, RelatedIn):
    pass


def register() -> None:
    """From `CoreConfig.ready`: every whole-number field and every foreign key uses these for `__in`."""
    IntegerField.register_lookup(IntArrayIn)
    ForeignKey.register_lookup(RelatedIntArrayIn)
