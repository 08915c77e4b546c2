"""The shape every access function shares (core.permissions): the row a URL names or 404, and what the user is
granted on it turned into 404 / 403. Each app's rules are tested with the app and through the access matrix;
tests/test_access_functions.py holds what every app's functions answer and how many queries they take."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from lienhiep.core.models import Export
from lienhiep.core.permissions import allows, get_for_user, get_or_404, require, require_allowed, uploaded_by

VIEW, EDIT, MANAGE = 1, 2, 3  # a level is any ordered int (orgs.permissions.Access is an IntEnum)


def _export(user):  # type: ignore[no-untyped-def]
    return Export.objects.create(actor=user, source="members", query={}, title="Hội viên", file_name="hoi-vien.xlsx")


def test_the_row_an_id_names_in_one_query(world, django_assert_num_queries):
    export = _export(world.alice)
    for sent in (export.pk, str(export.pk), f" {export.pk} "):
        with django_assert_num_queries(1):
            assert get_or_404(Export.objects.all(), sent) == export
    # Any other column, the same way (a juror's sheet finds its rows by entry).
    with django_assert_num_queries(1):
        assert get_or_404(Export.objects.all(), world.alice.pk, by="actor_id") == export


def test_a_row_that_is_not_there_is_404(world, django_assert_num_queries):
    export = _export(world.alice)
    with django_assert_num_queries(1), pytest.raises(Http404):
        get_or_404(Export.objects.all(), export.pk + 1)
    # Narrowed rows: a row outside them is not there either.
    with django_assert_num_queries(1), pytest.raises(Http404):
        get_or_404(Export.objects.filter(source="activities"), export.pk)


@pytest.mark.parametrize("sent", [None, "", "abc", "0", "-1", "1.0", "²", "١٢", str(2**63), "1 2", [1]])
def test_anything_but_an_id_is_404_without_a_query(db, django_assert_num_queries, sent):
    with django_assert_num_queries(0), pytest.raises(Http404):
        get_or_404(Export.objects.all(), sent)


@pytest.mark.parametrize(
    ("granted", "need", "answer"),
    [
        (None, VIEW, 404),  # not visible: as if it did not exist
        (VIEW, VIEW, "ok"),
        (VIEW, EDIT, 403),
        (MANAGE, EDIT, "ok"),
        (set(), "view", 403),  # inside, with no right at all (a report's draft to one who works under its unit)
        ({"view"}, "view", "ok"),
        ({"view", "comment"}, "edit", 403),
        (frozenset({"view", "edit"}), "edit", "ok"),
    ],
)
def test_what_is_granted_answers_404_403_or_lets_through(granted, need, answer):
    try:
        require(granted, need)
        got: object = "ok"
    except Http404:
        got = 404
    except PermissionDenied:
        got = 403
    assert got == answer
    assert allows(granted, need) is (answer == "ok")
    # A service is not asked what exists: whatever is not allowed is 403.
    if answer == "ok":
        require_allowed(granted, need)
    else:
        with pytest.raises(PermissionDenied):
            require_allowed(granted, need)


def test_the_rule_is_asked_with_the_user_and_the_row(world):
    export = _export(world.alice)
    asked = []

    def rule(user, row):  # type: ignore[no-untyped-def]
        asked.append((user, row))
        return EDIT if user == world.alice else VIEW if user == world.lan else None

    assert get_for_user(Export.objects.all(), export.pk, world.alice, EDIT, rule) == export
    with pytest.raises(PermissionDenied):
        get_for_user(Export.objects.all(), export.pk, world.lan, EDIT, rule)
    with pytest.raises(Http404):
        get_for_user(Export.objects.all(), export.pk, world.dan, VIEW, rule)
    assert asked == [(world.alice, export), (world.lan, export), (world.dan, export)]
    # A row that is not there is 404 before the rule is asked.
    with pytest.raises(Http404):
        get_for_user(Export.objects.all(), export.pk + 1, world.alice, VIEW, rule)
    assert len(asked) == 3


def test_what_a_user_sent_is_theirs_alone(world, django_assert_num_queries):
    export = _export(world.alice)
    assert get_or_404(uploaded_by(Export.objects.all(), world.alice), export.pk) == export
    with pytest.raises(Http404):
        get_or_404(uploaded_by(Export.objects.all(), world.lan), export.pk)
    with django_assert_num_queries(0), pytest.raises(Http404):
        get_or_404(uploaded_by(Export.objects.all(), AnonymousUser()), export.pk)


def test_a_whole_tables_row_is_read_through_sql_compiled_once(world, django_assert_num_queries):
    """Rows that are a model's whole table (related rows, deferred columns aside) are read by SQL compiled once per
    process (`_compiled_first`): the same row as the ORM's `first()`, its related rows read with it; anything
    narrower (a filter, an annotation, an order, prefetched rows) goes through the ORM each time."""
    from django.db.models import Count

    from lienhiep.core.permissions import _compiled_first

    export = _export(world.alice)
    rows = Export.objects.select_related("actor")
    assert _compiled_first(rows, "pk") is _compiled_first(Export.objects.select_related("actor"), "pk")
    with django_assert_num_queries(1):
        got = get_or_404(rows, export.pk)
        assert got.actor == world.alice  # read with it
    plain = rows.filter(pk=export.pk).first()
    assert {k: v for k, v in vars(got).items() if k != "_state"} == {
        k: v for k, v in vars(plain).items() if k != "_state"
    }
    assert _compiled_first(Export.objects.all(), "actor_id") is not _compiled_first(Export.objects.all(), "pk")
    assert get_or_404(Export.objects.only("pk", "title"), export.pk).title == "Hội viên"
    for narrower in (
        Export.objects.filter(source="members"),
        Export.objects.annotate(n=Count("pk")),
        Export.objects.order_by("-pk"),
        Export.objects.prefetch_related("actor"),
        Export.objects.all()[:5],
        Export.objects.distinct(),
        Export.objects.values("pk"),
    ):
        assert _compiled_first(narrower, "pk") is None, narrower.query
    with pytest.raises(Http404):
        get_or_404(Export.objects.filter(source="activities").select_related("actor"), export.pk)
