"""The contest figures on a small story: Trung Lương (under Hồng Lĩnh) wins at the province, its winner is forwarded
to the national contest and wins there; the Lawyers' association wins once at the province."""

import datetime as dt

import pytest

from lienhiep.contests import history, services
from lienhiep.contests.tests.factories import contest, edition, entry
from lienhiep.orgs.selectors import today
from lienhiep.reporting import registry

D = dt.date


@pytest.fixture
def story(world):
    province = edition(world.root, contest(world.root, world.ha_tinh))
    national = edition(
        world.root, contest(world.root, world.national, level="national", name="Hội thi toàn quốc"),
        applied_place="", applied_since=None,
    )  # fmt: skip
    won = entry(world.root, province, world.trung_luong, cited=True)
    other = entry(world.root, province, world.trung_luong, title="Lò sấy nông sản")
    lawyers = entry(world.root, province, world.lawyers_ht, title="Phần mềm tra cứu án lệ")
    services.edition_move(actor=world.root, edition=province, to="screening")
    for row in (won, other, lawyers):
        services.entry_screen(actor=world.root, entry=row, accepted=True)
    services.edition_move(actor=world.root, edition=province, to="judging")
    history.result_record(actor=world.root, entry=won, rank="nhat", on=today())
    history.result_record(actor=world.root, entry=other, rank="khuyen_khich", on=today())
    history.result_record(actor=world.root, entry=lawyers, rank="nhi", on=today())
    up = history.forward_record(
        actor=world.root, entry=won, to=national, field=national.fields.get(order=1), on=today()
    )
    services.entry_screen(actor=world.root, entry=up, accepted=True)
    history.result_record(actor=world.root, entry=up, rank="ba", on=today())
    return world, up


YEAR = {"start": D(today().year, 1, 1), "end": D(today().year, 12, 31), "as_of": D(today().year, 12, 31)}


def test_prizes_count_for_the_unit_that_first_sent_the_work_at_each_level(story):
    world, up = story
    prizes = {
        level: registry.compute("contests.prizes", world.hong_linh, params={"level": level}, **YEAR).value
        for level in ("province", "national", "above_province")
    }
    assert prizes == {"province": 2, "national": 1, "above_province": 1}
    assert registry.compute("contests.prizes", world.ha_tinh, **YEAR).value == 4
    # The forwarded work is one entry of Trung Lương's, and its result at the national level is reported back.
    assert registry.compute("contests.entries", world.hong_linh, **YEAR).value == 2
    assert registry.compute("contests.entries", world.hong_linh, params={"level": "national"}, **YEAR).value == 1
    assert registry.compute("contests.forwarded", world.hong_linh, **YEAR).value == [
        {"level": "Trung ương", "result": "Giải Ba", "count": 1}
    ]
    assert registry.compute("contests.by_unit", world.ha_tinh, **YEAR).value == [
        {"unit": "Hội KH&KT phường Trung Lương", "entries": 2, "prizes": 3},
        {"unit": "Hội Luật gia tỉnh Hà Tĩnh", "entries": 1, "prizes": 1},
    ]
    assert registry.compute("contests.authors", world.hong_linh, **YEAR).value == 2  # the same two on both


def test_a_work_is_listed_once_at_the_highest_level_it_won(story):
    world, up = story
    rows = registry.compute("contests.products", world.hong_linh, params={"cited": "yes"}, **YEAR).value
    assert rows == [
        {"title": "Máy gieo hạt cải tiến", "unit": "Hợp tác xã Trung Lương", "level": "cấp Quốc gia",
         "year": today().year, "contest": "Hội thi toàn quốc", "rank": "Giải Ba"},
    ]  # fmt: skip


def test_the_rank_within_the_province_shares_a_place_between_equals(story):
    world, _up = story
    hong_linh = registry.compute("contests.rank_in_province", world.hong_linh, **YEAR)
    lawyers = registry.compute("contests.rank_in_province", world.lawyers_ht, **YEAR)
    assert (hong_linh.value, lawyers.value) == (1, 2)
    assert hong_linh.basis == "thứ 1 trong 2 đơn vị trực thuộc Liên hiệp hội tỉnh Hà Tĩnh, 3 giải"
