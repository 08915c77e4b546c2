"""`__in` with a long list of ids (core/lookups.py): one array on PostgreSQL, the same rows as Django's IN list."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lienhiep.core.lookups import ARRAY_FROM


@pytest.fixture
def groups(db):
    return [Group.objects.create(name=f"Nhóm {i}") for i in range(ARRAY_FROM + 5)]


def _sql(rows):
    with CaptureQueriesContext(connection) as queries:
        list(rows)
    return queries.captured_queries[-1]["sql"]


def test_a_long_list_of_ids_finds_the_same_rows_as_each_id_asked_alone(groups):
    # Given more ids than ARRAY_FROM, with repeats and an id that is not there
    wanted = [g.pk for g in groups[:-2]]
    asked = [*wanted, wanted[0], 10**12]
    # Then the rows are those of the ids that exist, whichever way the list is sent
    assert sorted(Group.objects.filter(pk__in=asked).values_list("pk", flat=True)) == sorted(wanted)
    assert sorted(Group.objects.filter(pk__in=tuple(asked)).values_list("pk", flat=True)) == sorted(wanted)
    assert sorted(Group.objects.filter(pk__in={*asked}).values_list("pk", flat=True)) == sorted(wanted)
    assert sorted(Group.objects.exclude(pk__in=asked).values_list("pk", flat=True)) == [g.pk for g in groups[-2:]]
    if connection.vendor == "postgresql":  # past bigint goes Django's way (SQLite cannot bind it at all)
        assert not Group.objects.filter(pk__in=[*asked, 2**70]).exclude(pk__in=wanted).exists()


def test_a_foreign_key_takes_ids_instances_and_none_as_before(db):
    types = list(ContentType.objects.order_by("pk")[: ARRAY_FROM + 5])
    ids = [t.pk for t in types]
    expected = sorted(Permission.objects.filter(content_type__in=types).values_list("pk", flat=True))
    assert expected
    assert sorted(Permission.objects.filter(content_type__in=ids).values_list("pk", flat=True)) == expected
    assert sorted(Permission.objects.filter(content_type_id__in=[*ids, None]).values_list("pk", flat=True)) == expected
    assert not Permission.objects.filter(content_type__in=[]).exists()


def test_postgresql_is_sent_one_array_and_a_short_list_stays_an_in_list(groups):
    ids = [g.pk for g in groups]
    long_sql = _sql(Group.objects.filter(pk__in=ids))
    short_sql = _sql(Group.objects.filter(pk__in=ids[: ARRAY_FROM - 1]))
    if connection.vendor == "postgresql":
        assert "= ANY(" in long_sql and "::bigint[]" in long_sql
    else:
        assert " IN (" in long_sql
    assert " IN (" in short_sql
