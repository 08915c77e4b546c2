"""The story of Hồng Lĩnh's congress IV, told through the services (as in ../shared/seeds/002_…)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from lienhiep.governance import services
from lienhiep.governance.tests.factories import CommitteeFactory, CongressFactory, PersonFactory
from tests import layers

D = dt.date
NAMES = [
    "Lê Văn Bình", "Nguyễn Trí Anh", "Phạm Quốc Dũng", "Phan Văn Đường", "Phạm Hồng Quý", "Tôn Quang Ngọc",
    "Bùi Việt Hùng", "Phan Công Bình", "Trần Văn Hải", "Nguyễn Thị Lan", "Đặng Minh Tuấn", "Hoàng Văn Sơn",
    "Võ Thị Hằng", "Ngô Đức Thắng", "Đỗ Thị Thu", "Hồ Văn Nam", "Dương Thị Mai",
]  # fmt: skip


@dataclass
class Term:
    congress: object
    bch: object
    btv: object
    persons: dict
    bch_seats: dict
    btv_seats: dict


def build_term_iv(values: layers.Values) -> Term:
    world = values["world"]
    root = world.root
    congress = CongressFactory(org=world.hong_linh, actor=root)
    # Congress V closes the term on 20/03/2024.
    CongressFactory(org=world.hong_linh, actor=root, ordinal=5, term_start_year=2024, term_end_year=2029,
                    held_on=D(2024, 3, 20))  # fmt: skip
    bch = CommitteeFactory(congress=congress, kind="bch", planned_size=17)
    btv = CommitteeFactory(congress=congress, kind="btv", planned_size=5)
    persons = {name: PersonFactory(full_name=name, org=world.y_te) for name in NAMES}
    bch_seats = {
        name: services.seat_elect(actor=root, committee=bch, person=p, position="member", started_on=D(2018, 6, 15))
        for name, p in persons.items()
    }
    btv_seats = {}
    for name, position in [("Lê Văn Bình", "chair"), ("Nguyễn Trí Anh", "vice_chair"), ("Phạm Quốc Dũng", "secretary"),
                           ("Phan Văn Đường", "standing_member"), ("Phạm Hồng Quý", "standing_member")]:  # fmt: skip
        btv_seats[name] = services.seat_elect(
            actor=root, committee=btv, person=persons[name], position=position, started_on=D(2018, 6, 15)
        )
    services.seat_replace(
        actor=root, seat=btv_seats["Lê Văn Bình"], ended_on=D(2020, 9, 1), end_reason="transfer",
        person=persons["Tôn Quang Ngọc"], started_on=D(2020, 10, 15),
    )  # fmt: skip
    services.seat_end(actor=root, seat=bch_seats["Lê Văn Bình"], ended_on=D(2020, 9, 1), end_reason="transfer")
    services.seat_end(actor=root, seat=bch_seats["Bùi Việt Hùng"], ended_on=D(2021, 5, 10), end_reason="transfer")
    services.seat_end(actor=root, seat=bch_seats["Phan Công Bình"], ended_on=D(2022, 3, 1), end_reason="retirement")
    return Term(congress, bch, btv, persons, bch_seats, btv_seats)


# Built once per worker on top of the world, shared by the tests that ask for it (tests/layers.py).
layers.register("term_iv", build_term_iv, parent="world")


@pytest.fixture
def term_iv(world, _layer_values) -> Term:  # type: ignore[no-untyped-def]
    return _layer_values["term_iv"]
