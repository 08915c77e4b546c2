"""The test layers put back exactly the rows of their copy (tests/layers.py), whatever a transactional test wrote.

On PostgreSQL the demo is put back by replacing only the tables written to since it was last put back (`_Written`):
a table that was not written keeps its files, one that was is replaced, and a table whose writes went unnoted (its
notes dropped) makes every table go back."""

from __future__ import annotations

import pytest
from django.db import connection

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


def _file_of(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT relfilenode FROM pg_class WHERE oid = %s::regclass", [table])
        return int(cursor.fetchone()[0])


@pytest.mark.django_db(transaction=True)
def test_the_demo_comes_back_whole_after_writes_of_every_kind(demo):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite puts the demo back as one image of the whole file")
    demo_rows = layers.COPIES["demo"]
    demo_rows.restore(committed=True)  # whatever this test's own set-up wrote
    assert layers._Written.holds is demo_rows
    assert _contents() == _copy()
    untouched = _file_of("members_membership")

    # an insert through the ORM, an update and a delete in SQL, a table emptied
    Person.objects.create(full_name="Người Thêm Vào")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE orgs_org SET name = name || ' (đổi)' WHERE id = (SELECT min(id) FROM orgs_org)")
        cursor.execute("DELETE FROM accounts_session")
        cursor.execute("TRUNCATE orgs_rememberedfigure")
    assert _contents() != _copy()
    demo_rows.restore(committed=True)
    assert _contents() == _copy()
    assert _file_of("members_membership") == untouched  # not written: left as it was, not emptied and filled

    # a write the notes miss (their schema dropped, as the restore drill does): every table goes back
    layers.unwatch()
    Person.objects.create(full_name="Người Không Được Ghi")
    demo_rows.restore(committed=True)
    assert _contents() == _copy()
    assert layers._Written.holds is demo_rows
    Person.objects.create(full_name="Người Được Ghi Lại")  # the notes were made again
    demo_rows.restore(committed=True)
    assert _contents() == _copy()
