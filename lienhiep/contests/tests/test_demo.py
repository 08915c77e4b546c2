"""The demo's contests: Hồng Lĩnh's prizes of term IV (seed 000 §2.3: 12 national and Northern-region, 78 provincial),
the six products of §2.4 and the youth model of its footnote 2, counted and listed from the records by the registry,
and printed so by the term report (REPORTING.md §5.9, tests B 12 and B 13)."""

import datetime as dt

from lienhiep.contests.demo import open_edition
from lienhiep.contests.models import Edition, Entry
from lienhiep.orgs.models import Org, OrgKind
from lienhiep.reporting import registry
from lienhiep.reporting.models import ReportKind
from lienhiep.reporting.tests.test_acceptance import demo_report, rendered

D = dt.date
TERM = {"start": D(2018, 6, 15), "end": D(2023, 12, 31), "as_of": D(2023, 12, 31)}
SIX = [
    "+ Sản phẩm “Chuyển động tự quay quanh trục của Trái Đất và các hệ quả Địa lí”, trường THCS Bắc Hồng đạt giải "
    "cấp Quốc gia năm 2023;",
    "+ Sản phẩm “Cuộc đời, thân thế sự nghiệp Cố Tổng Bí thư Trần Phú”, trường TH Bắc Hồng đạt giải cấp Quốc gia năm "
    "2021;",
    "+ Sản phẩm “Phát huy, gìn giữ truyền thống nghề rèn Trung Lương, thị xã Hồng Lĩnh”, trường TH Trung Lương đạt "
    "giải cấp Quốc gia năm 2019;",
    "+ Sản phẩm “Bộ hồ ga giao thông (kiểu 2)”, Công ty TNHH Núi Hồng, phường Trung Lương đạt giải Khu vực phía Bắc "
    "năm 2019;",
    "+ Sản phẩm “Ngói xi măng màu cao cấp không nung nhãn hiệu Goldcem”, Công ty Cổ phần VLXD Lam Hồng, Hội KH&KT "
    "phường Đậu Liêu đạt giải Khu vực phía Bắc năm 2021;",
    "+ Sản phẩm “Bi hợp kim dùng trong nghiền than phục vụ nhà máy nhiệt điện”, Hội KH&KT Phường Trung Lương đạt giải "
    "Khu vực phía Bắc năm 2021;",
]


def _town() -> Org:
    return Org.objects.get(kind=OrgKind.DISTRICT, name__contains="Hồng Lĩnh")


def test_b12_the_registry_counts_12_national_and_region_prizes_and_78_provincial(demo):
    town = _town()
    above = registry.compute("contests.prizes", town, params={"level": "above_province"}, **TERM)
    province = registry.compute("contests.prizes", town, params={"level": "province"}, **TERM)
    assert (above.value, province.value) == (12, 78)
    assert above.basis == "12 giải được phê duyệt (2018–2023), cấp quốc gia và khu vực"
    assert len(above.record_ids or []) == 12
    assert registry.compute("contests.prizes_by_level", town, **TERM).value == [
        {"level": "Trung ương", "rank": "Giải Ba", "count": 1},
        {"level": "Trung ương", "rank": "Giải Khuyến khích", "count": 3},
        {"level": "Khu vực", "rank": "Giải Ba", "count": 3},
        {"level": "Khu vực", "rank": "Giải Khuyến khích", "count": 5},
        {"level": "Tỉnh, thành phố", "rank": "Giải Nhất", "count": 7},
        {"level": "Tỉnh, thành phố", "rank": "Giải Nhì", "count": 20},
        {"level": "Tỉnh, thành phố", "rank": "Giải Ba", "count": 27},
        {"level": "Tỉnh, thành phố", "rank": "Giải Khuyến khích", "count": 24},
    ]  # 78 provincial prizes
    # Entries are counted once, as first sent: 78 prized and 3 without a prize in each of the 9 provincial editions.
    assert registry.compute("contests.entries", town, **TERM).value == 78 + 9 * 3
    assert registry.compute("contests.forwarded", town, **TERM).value == [
        {"level": "Trung ương", "result": "Giải Ba", "count": 1},
        {"level": "Trung ương", "result": "Giải Khuyến khích", "count": 3},
        {"level": "Trung ương", "result": "Không đạt giải", "count": 1},
        {"level": "Khu vực", "result": "Giải Ba", "count": 3},
        {"level": "Khu vực", "result": "Giải Khuyến khích", "count": 5},
    ]


def test_the_unit_ranks_first_among_the_provinces_units_by_prizes(demo):
    rank = registry.compute("contests.rank_in_province", _town(), **TERM)
    assert rank.value == 1
    assert rank.basis == (
        "thứ 1 trong 5 đơn vị trực thuộc Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh Hà Tĩnh, 90 giải"
    )
    gardening = Org.objects.get(name="Hội Làm vườn tỉnh Hà Tĩnh")
    assert registry.compute("contests.rank_in_province", gardening, **TERM).value == 2


def test_b12_b13_the_term_report_prints_12_and_78_and_lists_the_six_products_in_the_seeds_order(demo):
    printed = rendered(demo_report(ReportKind.TERM))
    assert (
        "trong nhiệm kỳ có 12 đề tài, sản phẩm đạt giải cấp quốc gia và Khu vực phía Bắc; 78 đề tài, sản phẩm đạt giải"
        " cấp tỉnh;" in printed.text
    )
    start = printed.paragraphs.index(SIX[0])
    assert printed.paragraphs[start : start + 6] == SIX
    assert (
        "Sản phẩm sáng tạo trong thanh thiếu niên nhi đồng “Mô hình cuộc khởi nghĩa Hai Bà Trưng”, trường TH Bắc Hồng "
        "đạt giải cấp Quốc gia năm 2023." in printed.footnotes
    )


def test_a_forwarded_product_keeps_its_history_and_its_higher_result_counts_for_the_unit_that_sent_it(demo):
    national = Entry.objects.get(title="Mô hình cuộc khởi nghĩa Hai Bà Trưng", edition__contest__level="national")
    lower = national.forwarded_from
    assert (lower.edition.contest.level, lower.status, lower.prize.rank) == ("province", "forwarded", "nhi")
    assert (national.origin_unit, national.sending_unit.kind, national.prize.rank) == (
        lower.origin_unit, "provincial", "khuyen_khich",
    )  # fmt: skip
    assert national.origin_unit.name == "Chi hội KH&KT các trường học"


def test_the_open_2026_edition_has_its_rules_copied_and_entries_to_judge(demo):
    edition = open_edition()
    assert isinstance(edition, Edition)
    assert (edition.status, edition.number, edition.fields.count(), edition.rounds.count()) == ("open", 12, 5, 2)
    assert edition.events.filter(kind="copy").count() == 1
    assert list(edition.entries.order_by("number").values_list("status", "from_paper")) == [
        ("accepted", False), ("accepted", False), ("accepted", False), ("accepted", True), ("submitted", True),
        ("submitted", True),
    ]  # fmt: skip
