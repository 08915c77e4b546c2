"""A list's declared filters (core/filtering.py): the values given narrow the rows as declared, empty ones do not."""

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Group
from django.db.models import Q

from lienhiep.core import filtering


@dataclass
class _Filters:
    name: str = ""
    starts: str = ""
    q: str = ""
    pk: int | None = None


DECLARED: dict[str, filtering.Lookup] = {
    "name": "name",
    "starts": lambda starts: Q(name__startswith=starts),
    "q": filtering.each_word("name"),
    "pk": "pk",
}


@pytest.fixture
def groups(db):
    names = ["ban chap hanh", "ban thuong vu", "uy ban kiem tra", "hoi dong thi dua"]
    return {name: Group.objects.create(name=name) for name in names}


def _names(filters, declared=DECLARED):
    return sorted(filtering.narrow(Group.objects.all(), filters, declared).values_list("name", flat=True))


def test_each_value_given_narrows_the_rows_as_declared(groups):
    assert _names(_Filters(name="ban thuong vu")) == ["ban thuong vu"]
    assert _names(_Filters(starts="ban")) == ["ban chap hanh", "ban thuong vu"]
    assert _names(_Filters(starts="ban", q="hanh")) == ["ban chap hanh"]
    assert _names(_Filters(pk=groups["uy ban kiem tra"].pk)) == ["uy ban kiem tra"]


def test_empty_values_narrow_nothing_and_text_is_read_without_its_outer_spaces(groups):
    everything = sorted(groups)
    assert _names(_Filters()) == everything
    assert _names(_Filters(name="   ", starts="", q=" ", pk=0)) == everything
    assert _names(_Filters(name="  ban thuong vu ")) == ["ban thuong vu"]


def test_every_word_is_found_folded_in_one_of_the_places_named(groups):
    # Case and diacritics ignored in what is typed (the columns searched hold folded text)
    assert _names(_Filters(q="BAN Hành")) == ["ban chap hanh"]
    assert _names(_Filters(q="ban")) == ["ban chap hanh", "ban thuong vu", "uy ban kiem tra"]
    # A word found in either place: the name, or a condition of the word
    either = {"q": filtering.each_word("name", lambda word: Q(name__startswith=f"hoi {word}"))}
    assert _names(_Filters(q="dong"), either) == ["hoi dong thi dua"]
    assert _names(_Filters(q="vu"), either) == ["ban thuong vu"]
    assert _names(_Filters(q="dong thi"), either) == ["hoi dong thi dua"]


def test_given_leaves_out_the_empty_lookups():
    assert filtering.given(kind="annual", status="", year=None, org_id=0, name=" x ") == {"kind": "annual", "name": "x"}
