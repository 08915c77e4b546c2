"""Keyset paging in either direction, on a date, a number or text, with ties on the key across pages."""

import datetime as dt

import pytest
from django.db.models.functions import Lower
from django.test import RequestFactory

from lienhiep.activities import services as activity_services
from lienhiep.activities.models import Activity
from lienhiep.core import paging
from lienhiep.members import services as member_services
from lienhiep.members.models import Person

D = dt.date


@pytest.fixture
def activities(world):
    """Five trainings, newest first: 3 April (two of them), 2 April (two), 1 April."""
    days = [1, 2, 2, 3, 3]
    made = [
        activity_services.activity_create(
            actor=world.root, org=world.y_te, kind="training", title=f"Lớp {n}", start_date=D(2023, 4, day)
        )
        for n, day in enumerate(days, start=1)
    ]
    return Activity.objects.filter(pk__in=[a.pk for a in made]).order_by("-start_date", "-id")


def titles(rows):
    return [row.title for row in rows]


def test_newest_first_pages_forward_and_back_across_ties(activities):
    first, cursors = paging.keyset_page(activities, None, None, key="start_date", page_size=2)
    assert titles(first) == ["Lớp 5", "Lớp 4"] and set(cursors) == {"after"}
    second, cursors = paging.keyset_page(activities, cursors["after"], None, key="start_date", page_size=2)
    assert titles(second) == ["Lớp 3", "Lớp 2"] and set(cursors) == {"after", "before"}
    assert cursors["before"] == f"2023-04-02~{second[0].pk}"
    third, cursors = paging.keyset_page(activities, cursors["after"], None, key="start_date", page_size=2)
    assert titles(third) == ["Lớp 1"] and set(cursors) == {"before"}
    back, cursors = paging.keyset_page(activities, None, cursors["before"], key="start_date", page_size=2)
    assert titles(back) == ["Lớp 3", "Lớp 2"] and set(cursors) == {"after", "before"}


def test_keys_first_reads_the_same_pages_ids_then_rows(activities, django_assert_num_queries):
    """`keys_first`: the page's ids, then its rows by id with the list's joins and order: the same pages both ways,
    two queries a page."""
    rows = activities.select_related("org")
    plain, keyed, cursors = [], [], {"after": None, "before": None}
    for _ in range(3):
        plain.append(paging.keyset_page(rows, cursors["after"], None, key="start_date", page_size=2))
        with django_assert_num_queries(2):
            keyed.append(
                paging.keyset_page(rows, cursors["after"], None, key="start_date", page_size=2, keys_first=True)
            )
        cursors = {"after": None} | keyed[-1][1]
        assert [r.org.name for r in keyed[-1][0]] == [r.org.name for r in plain[-1][0]]  # joined, not read again
    assert [(titles(page), cur) for page, cur in keyed] == [(titles(page), cur) for page, cur in plain]
    back = paging.keyset_page(rows, None, keyed[2][1]["before"], key="start_date", page_size=2, keys_first=True)
    assert titles(back[0]) == ["Lớp 3", "Lớp 2"]
    assert paging.keyset_page(rows.none(), None, None, key="start_date", keys_first=True) == ([], {})


@pytest.mark.parametrize("cursor", ["", "~", "2023-04-02", "2023-13-40~5", "abc~5", "2023-04-02~x"])
def test_a_cursor_edited_by_hand_gives_the_first_page(activities, cursor):
    page, cursors = paging.keyset_page(activities, cursor, cursor, key="start_date", page_size=2)
    assert (titles(page), set(cursors)) == (["Lớp 5", "Lớp 4"], {"after"})


def test_name_order_pages_on_text_even_behind_a_sorting_fence(world):
    for name in ["Trần Văn Bốn", "Lê Thị Chín", "Phạm Văn Ba", "Trần Văn Bốn"]:
        member_services.person_create(actor=world.root, full_name=name)
    # Lower() keeps the same order but makes the database sort (members.selectors._name_order).
    for persons in (Person.objects.order_by("name_sort", "id"), Person.objects.order_by(Lower("name_sort"), "id")):
        assert paging.descending(persons) is False
        first, cursors = paging.keyset_page(persons, None, None, key="name_sort", page_size=3)
        second, back_cursors = paging.keyset_page(persons, cursors["after"], None, key="name_sort", page_size=3)
        back, _cursors = paging.keyset_page(persons, None, back_cursors["before"], key="name_sort", page_size=3)
        assert [p.full_name for p in first] == ["Nguyễn Văn An", "Phạm Văn Ba", "Trần Văn Bốn"]
        assert [p.full_name for p in second] == ["Trần Văn Bốn", "Lê Thị Chín"]
        assert back == first


def test_unordered_rows_are_refused(world):
    with pytest.raises(ValueError, match="ordered"):
        paging.keyset_page(Activity.objects.all(), None, None, key="start_date")


def test_chunks_read_every_row_once_as_instances_or_tuples(activities, django_assert_num_queries):
    with django_assert_num_queries(3):  # 2 + 2 + 1 rows: the short chunk says it is the last
        chunks = list(paging.keyset_chunks(activities, key="start_date", size=2))
    assert [titles(chunk) for chunk in chunks] == [["Lớp 5", "Lớp 4"], ["Lớp 3", "Lớp 2"], ["Lớp 1"]]
    tuples = activities.values_list("start_date", "id", "title")
    assert [[row[2] for row in chunk] for chunk in paging.keyset_chunks(tuples, key="start_date", size=5)] == [
        ["Lớp 5", "Lớp 4", "Lớp 3", "Lớp 2", "Lớp 1"]
    ]


def test_a_list_page_counts_up_to_the_cap_and_keeps_the_filters(activities, monkeypatch):
    monkeypatch.setattr(paging, "PAGE_SIZE", 2)
    request = RequestFactory().get("/", {"kind": "training", "q": "lớp", "after": "x~1", "before": ""})
    page, context = paging.list_page(request, activities, key="start_date")
    assert titles(page) == ["Lớp 5", "Lớp 4"]
    assert context == {
        "cursors": {"after": f"2023-04-03~{page[1].pk}"},
        "count": 5,
        "more_than_cap": False,
        "query_string": "kind=training&q=l%E1%BB%9Bp",
    }
    assert paging.capped_count(activities, 4) == (4, True)
    counted = paging.list_page(request, activities, key="start_date", count=10_001)[1]  # the list counted itself
    assert (counted["count"], counted["more_than_cap"]) == (10_000, True)
    searched = paging.list_page(request, activities, key="start_date", count=1_001, cap=paging.SEARCH_COUNT_CAP)[1]
    assert (searched["count"], searched["more_than_cap"]) == (1_000, True)
    assert paging.list_page(request, activities, key="start_date", cap=4)[1]["more_than_cap"]


def test_a_page_that_holds_the_whole_list_is_its_own_count(activities, monkeypatch, django_assert_num_queries):
    """No page before or after it: the page's rows are every row, so no count is read; a page with more after it, or
    an empty page behind a cursor, is counted."""
    request = RequestFactory().get("/")
    with django_assert_num_queries(1):
        page, context = paging.list_page(request, activities, key="start_date")
    assert (len(page), context["count"], context["more_than_cap"]) == (5, 5, False)
    assert paging.list_page(request, activities, key="start_date", cap=4)[1] | {"query_string": ""} == {
        "cursors": {},
        "count": 4,
        "more_than_cap": True,
        "query_string": "",
    }
    monkeypatch.setattr(paging, "PAGE_SIZE", 2)
    with django_assert_num_queries(2):
        assert paging.list_page(request, activities, key="start_date")[1]["count"] == 5
    last = paging.list_page(RequestFactory().get("/", {"after": f"2023-04-02~{activities[3].pk}"}), activities,
                            key="start_date")  # fmt: skip
    assert (titles(last[0]), last[1]["count"]) == (["Lớp 1"], 5)
    beyond = RequestFactory().get("/", {"before": f"2023-04-03~{activities[0].pk}"})
    with django_assert_num_queries(2):
        assert paging.list_page(beyond, activities, key="start_date")[1]["count"] == 5
