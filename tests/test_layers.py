"""The test layers put back exactly the rows of their copy (tests/layers.py), whatever a transactional test wrote.

On PostgreSQL the demo is put back by replacing only the tables written to since it was last put back (`_Written`),
by this connection or any other (the live server's, a task's): a table written is replaced, one not written is left
as it is, and a table whose writes went unnoted (the notes dropped) makes every table go back."""

from __future__ import annotations

import pytest
from django.db import connection, connections

from lienhiep.members.models import Person
from tests import layers


def _contents() -> dict[str, list[bytes]]:
    """Every table's rows as COPY writes them, sorted (the order a table's rows come back in is not theirs)."""
    contents = {}
    with connection.cursor() as cursor:
        for table in layers._tables():
            data = bytearray()
            with cursor.cursor.copy(f"COPY {connection.ops.quote_name(table)} TO STDOUT") as copy_out:
                for block in copy_out:
                    data += block
            contents[table] = sorted(bytes(data).splitlines())
    return contents


def _copy() -> dict[str, list[bytes]]:
    rows = layers.COPIES["demo"]
    return {table: sorted(rows.tables.get(table, b"").splitlines()) for table in layers._tables()}


def _noted() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT name FROM test_layers.written")
        return {name for (name,) in cursor.fetchall()}


def _row_versions(table: str) -> list[str]:
    """The transaction that wrote each row's version: the same after a restore only if the rows were left alone."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT xmin::text FROM {connection.ops.quote_name(table)} ORDER BY id")  # noqa: S608
        return [xmin for (xmin,) in cursor.fetchall()]


@pytest.mark.django_db(transaction=True)
def test_the_demo_comes_back_whole_after_writes_of_every_kind(demo):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite puts the demo back as one image of the whole file")
    demo_rows = layers.COPIES["demo"]
    demo_rows.restore(committed=True)  # whatever this test's own set-up wrote
    assert layers._Written.holds is demo_rows
    assert _contents() == _copy()
    untouched = _row_versions("finance_budget")
    assert untouched

    # an insert through the ORM, an update in SQL, a table emptied; rows deleted on another connection (as the live
    # server's), committed there
    Person.objects.create(full_name="Người Thêm Vào")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE orgs_org SET name = name || ' (đổi)' WHERE id = (SELECT min(id) FROM orgs_org)")
        cursor.execute("TRUNCATE orgs_rememberedfigure")
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute(
                "DELETE FROM finance_spending WHERE id NOT IN"
                " (SELECT spending_id FROM reviews_costline WHERE spending_id IS NOT NULL)"
            )
            assert cursor.rowcount > 0
    finally:
        other.close()
    noted = _noted()
    assert {"members_person", "orgs_org", "orgs_rememberedfigure", "finance_spending"} <= noted
    assert "finance_budget" not in noted
    assert _contents() != _copy()
    demo_rows.restore(committed=True)
    assert _contents() == _copy()
    assert _row_versions("finance_budget") == untouched  # not written: left as it was, not deleted and copied back
    assert _noted() == set()

    # a write the notes miss (their schema dropped, as the restore drill does): every table goes back, and the
    # notes are made again, so that the next restore is of the tables written only
    layers.unwatch()
    Person.objects.create(full_name="Người Không Được Ghi")
    demo_rows.restore(committed=True)
    assert _contents() == _copy()
    assert layers._Written.holds is demo_rows
    untouched = _row_versions("finance_budget")
    Person.objects.create(full_name="Người Được Ghi Lại")
    assert "members_person" in _noted()
    demo_rows.restore(committed=True)
    assert _contents() == _copy()
    assert _row_versions("finance_budget") == untouched
