"""A query compiled once and run with new values (core/compiled.py): the same rows as the ORM's own query, each time."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import Exists, OuterRef
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lienhiep.core.compiled import Compiled
from lienhiep.core.models import Export, RequestKind, RequestLog

User = get_user_model()


def _logs(actor, kind, since):
    """A request log's rows with their actor's row, an annotation over another table, JSON and an address."""
    exported = Export.objects.filter(actor=OuterRef("actor"), created_at__gte=since)
    return (
        RequestLog.objects.filter(actor=actor, kind=kind, at__gte=since)
        .select_related("actor")
        .annotate(exported=Exists(exported))
        .order_by("pk")
    )


@pytest.fixture
def world(db):
    ann = User.objects.create(username="ann", email="ann@example.org")
    binh = User.objects.create(username="binh", email="binh@example.org")
    for user, count in ((ann, 3), (binh, 2)):
        for i in range(count):
            RequestLog.objects.create(
                actor=user, kind=RequestKind.FORBIDDEN, path=f"/p/{i}/", data={"view": f"v{i}", "n": i}, ip="10.0.0.7"
            )
        RequestLog.objects.create(actor=user, kind=RequestKind.EXPORT, path="/x/", data={})
    Export.objects.create(actor=ann, source="members", language="vi", title="Hội viên", file_name="hv.xlsx")
    return ann, binh


def _as_seen(rows):
    return [(r.pk, r.kind, r.path, r.data, r.ip, r.at, r.actor_id, r.actor.username, r.exported) for r in rows]


def test_the_rows_are_the_orms_for_each_set_of_values(world, django_assert_num_queries):
    # Given a query compiled once, with a user, a text and a moment as its values
    ann, binh = world
    logs = Compiled(_logs, actor=int, kind=str, since=dt.datetime)
    hour_ago = timezone.now() - dt.timedelta(hours=1)
    asked = [
        (ann.pk, RequestKind.FORBIDDEN, hour_ago),
        (binh.pk, RequestKind.FORBIDDEN, hour_ago),
        (binh.pk, RequestKind.EXPORT, hour_ago),
        (ann.pk, RequestKind.FORBIDDEN, timezone.now() + dt.timedelta(hours=1)),
        (10**9, RequestKind.FORBIDDEN, hour_ago),
    ]
    for actor, kind, since in asked:
        # When it is run with new values, then it reads what the ORM's query reads, its related rows, annotations
        # and converted values (JSON, an address, an aware time) included, in one query
        expected = _as_seen(_logs(actor, kind, since))
        with django_assert_num_queries(1):
            got = logs.rows(actor=actor, kind=kind, since=since)
            assert _as_seen(got) == expected
    assert [r.exported for r in logs.rows(actor=ann.pk, kind=RequestKind.FORBIDDEN, since=hour_ago)] == [True] * 3
    assert [r.exported for r in logs.rows(actor=binh.pk, kind=RequestKind.FORBIDDEN, since=hour_ago)] == [False] * 2
    assert len(logs.rows(actor=ann.pk, kind=RequestKind.FORBIDDEN, since=timezone.now() + dt.timedelta(hours=1))) == 0


def test_the_query_is_built_twice_per_database_and_never_again(world):
    ann, binh = world
    built = []

    def build(user, on):
        built.append((user, on))
        return User.objects.filter(pk=user, date_joined__date__lte=on).values_list("username", "is_active")

    names = Compiled(build, user=int, on=dt.date)
    today = timezone.localdate()
    for user in (ann, binh, ann):
        assert names.rows(user=user.pk, on=today) == list(build(user.pk, today))
    assert names.rows(user=ann.pk, on=today - dt.timedelta(days=2)) == []
    assert names.first(user=binh.pk, on=today) == ("binh", True)
    assert names.first(user=10**9, on=today) is None
    # Two builds for the first run (two sets of marker values, whose SQL must be the same), and the ORM's own query of
    # each comparison above: five.
    assert len(built) == 2 + 3
    with CaptureQueriesContext(connection) as queries:
        names.rows(user=ann.pk, on=today)
    assert len(built) == 5 and len(queries) == 1


@pytest.mark.parametrize(
    ("build", "kind"),
    [
        # a value that changes the SQL: a slice
        (lambda user: User.objects.all()[:user], int),
        # a value the ORM transforms before the database sees it (wrapped in %…%, escaped for LIKE)
        (lambda user: User.objects.filter(username__contains=user), str),
        # a value not in the SQL at all
        (lambda user: User.objects.all(), int),
        # a query that can return nothing whatever the values
        (lambda user: User.objects.filter(pk__in=[]), int),
    ],
    ids=["slice", "contains", "unused", "empty"],
)
def test_a_query_whose_sql_is_not_fixed_is_refused_when_first_run(db, build, kind):
    with pytest.raises(ImproperlyConfigured, match="compiled query"):
        Compiled(build, user=kind).rows(user=kind(1))


def test_values_must_be_those_declared(db):
    names = Compiled(lambda user: User.objects.filter(pk=user), user=int)
    with pytest.raises(TypeError):
        names.rows(pk=1)
