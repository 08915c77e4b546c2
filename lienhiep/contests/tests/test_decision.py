"""The results decision as it prints (contests/judging/decision.py), from plain data: the ND 30 layout check of the
reports before and after issue, Điều 1 counting the prizes, the prize table adding up to the entries awarded, and
where it does not, the decision saying so (REPORTING.md §5.9 item 29)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from docx import Document as WordDocument

from lienhiep.contests.judging import decision
from lienhiep.contests.judging.decision import AwardedEntry, DecisionData, PrizeLine
from lienhiep.reporting.tests.layout import problems

PRIZES = (
    PrizeLine(1, "Cơ khí – Tự động hóa", "nhat", 1, Decimal(5_000_000)),
    PrizeLine(2, "Cơ khí – Tự động hóa", "nhi", 2, Decimal(3_000_000)),
    PrizeLine(3, "Nông nghiệp", "ba", 1, Decimal(2_000_000)),
)
AWARDED = (
    AwardedEntry(4, "Máy bóc vỏ lạc", "Nguyễn Văn An, Trần Thị Bình", "Hội KH&KT Hồng Lĩnh", "Cơ khí – Tự động hóa",
                 "nhat", 1, Decimal("91.50")),
    AwardedEntry(7, "Lò sấy hạt", "Lê Văn Cường", "Hội KH&KT Hồng Lĩnh", "Cơ khí – Tự động hóa", "nhi", 2,
                 Decimal("85.25")),
    AwardedEntry(9, "Giống lúa chịu hạn", "Phạm Thị Dung", "Hội Nông nghiệp", "Nông nghiệp", "ba", 3, Decimal(80)),
)  # fmt: skip


def _data(**changes) -> DecisionData:
    values = dict(
        superior="Liên hiệp các Hội Khoa học và Kỹ thuật Việt Nam",
        issuer="Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh Hà Tĩnh",
        place="Hà Tĩnh",
        symbol="QĐ-LHH",
        number_line="",
        issued_on=None,
        contest="Hội thi Sáng tạo Kỹ thuật tỉnh Hà Tĩnh",
        edition="lần thứ 10 (2025–2026)",
        rules_line="Quyết định số 12/QĐ-LHH ngày 15/03/2025",
        approval_line="Biên bản họp Ban Tổ chức số 05/BB-BTC ngày 20/11/2026",
        prizes=PRIZES,
        awarded=AWARDED,
        signer_name="Trần Văn Minh",
    )
    values.update(changes)
    values["problems"] = decision.check(values["prizes"], values["awarded"])
    return DecisionData(**values)


def _paragraphs(docx: bytes) -> list[str]:
    return [p.text for p in WordDocument(io.BytesIO(docx)).paragraphs if p.text.strip()]


def _tables(docx: bytes) -> list[list[list[str]]]:
    return [[[c.text for c in row.cells] for row in t.rows] for t in WordDocument(io.BytesIO(docx)).tables]


def test_the_decision_passes_the_nd30_check_before_and_after_issue():
    assert problems(decision.render(_data()), style="administrative", issued=False) == []
    issued = decision.render(_data(number_line="Số: 03/QĐ-LHH", issued_on=dt.date(2026, 11, 25)))
    assert problems(issued, style="administrative") == []
    head = [cell for table in _tables(issued)[:1] for row in table for cell in row]
    assert any("Số: 03/QĐ-LHH" in cell for cell in head)
    assert any("Hà Tĩnh, ngày 25 tháng 11 năm 2026" in cell for cell in head)


def test_the_articles_count_the_prizes_and_the_table_adds_up():
    docx = decision.render(_data(number_line="Số: 03/QĐ-LHH", issued_on=dt.date(2026, 11, 25)))
    text = _paragraphs(docx)
    assert "QUYẾT ĐỊNH:" in text
    assert (
        "Điều 1. Công nhận kết quả và trao giải cho 03 đề tài, sản phẩm đạt giải tại Hội thi Sáng tạo Kỹ thuật tỉnh "
        "Hà Tĩnh lần thứ 10 (2025–2026), gồm: 01 Giải Nhất, 01 Giải Nhì, 01 Giải Ba (có danh sách kèm theo)."
    ) in text
    assert (
        "Căn cứ Quyết định số 12/QĐ-LHH ngày 15/03/2025 ban hành Thể lệ Hội thi Sáng tạo Kỹ thuật tỉnh Hà Tĩnh "
        "lần thứ 10 (2025–2026);" in text
    )
    table = next(t for t in _tables(docx) if t[0][:3] == ["TT", "Lĩnh vực", "Giải"])
    assert table == [
        ["TT", "Lĩnh vực", "Giải", "Cơ cấu", "Số giải trao", "Mức thưởng (đồng)"],
        ["1", "Cơ khí – Tự động hóa", "Giải Nhất", "1", "1", "5.000.000"],
        ["2", "Cơ khí – Tự động hóa", "Giải Nhì", "2", "1", "3.000.000"],
        ["3", "Nông nghiệp", "Giải Ba", "1", "1", "2.000.000"],
        ["", "Tổng cộng", "", "4", "3", ""],
    ]
    listed = next(t for t in _tables(docx) if t[0][1] == "Tên đề tài, sản phẩm")
    assert listed[1] == ["1", "Máy bóc vỏ lạc", "Nguyễn Văn An, Trần Thị Bình", "Hội KH&KT Hồng Lĩnh",
                         "Cơ khí – Tự động hóa", "Giải Nhất", "91,50"]  # fmt: skip
    assert len(listed) == 4
    assert not any(line.startswith("III.") for line in text)


def test_a_table_that_does_not_add_up_says_where():
    over = (*AWARDED, AwardedEntry(11, "Máy gặt", "Hồ Văn Em", "Hội Cơ khí", "Cơ khí – Tự động hóa", "nhat", 1))
    stray = (*over, AwardedEntry(12, "Phân bón", "Võ Thị Gấm", "Hội Nông nghiệp", "Nông nghiệp", "nhat", None))
    data = _data(awarded=stray)
    assert data.problems == (
        "Cơ khí – Tự động hóa, Giải Nhất: 2 giải, vượt cơ cấu 1 giải của thể lệ.",
        "Đề tài số 12 (Phân bón) được trao Giải Nhất không có trong cơ cấu giải của Nông nghiệp.",
    )
    docx = decision.render(data)
    assert problems(docx, style="administrative", issued=False) == []
    text = _paragraphs(docx)
    notes = text[text.index("III. GHI CHÚ VỀ BẢNG TỔNG HỢP") + 1 :]
    assert notes[:2] == [
        "- Cơ khí – Tự động hóa, Giải Nhất: 2 giải, vượt cơ cấu 1 giải của thể lệ.",
        "- Đề tài số 12 (Phân bón) được trao Giải Nhất không có trong cơ cấu giải của Nông nghiệp./.",
    ]
    table = next(t for t in _tables(docx) if t[0][:3] == ["TT", "Lĩnh vực", "Giải"])
    assert table[-2:] == [["", "Ngoài cơ cấu giải", "", "", "1", ""], ["", "Tổng cộng", "", "4", "5", ""]]


def test_an_edition_without_its_prize_table_says_so_once():
    # The demo's 2023 editions (recorded after the fact, without their rules' prize table) listed every one of their
    # 14 awarded entries as "not in the prize table".
    data = _data(prizes=())
    assert data.problems == (
        "Chưa ghi cơ cấu giải của thể lệ: 03 đề tài, sản phẩm được trao giải chưa đối chiếu được với cơ cấu giải.",
    )
    assert problems(decision.render(data), style="administrative", issued=False) == []


def test_certificates_are_one_page_per_author():
    from lienhiep.contests.judging import certificates
    from lienhiep.contests.judging.certificates import Certificate

    common = dict(
        issuer="Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh Hà Tĩnh",
        contest="Hội thi Sáng tạo Kỹ thuật tỉnh Hà Tĩnh lần thứ 10 (2025–2026)",
        title="Máy bóc vỏ lạc", unit="Hội KH&KT Hồng Lĩnh", group="Cơ khí – Tự động hóa", rank="nhat",
        decision_line="Quyết định số 03/QĐ-LHH ngày 25/11/2026", place="Hà Tĩnh", issued_on=dt.date(2026, 11, 25),
        signer_title="Chủ tịch", signer_name="Trần Văn Minh",
    )  # fmt: skip
    docx = certificates.render([Certificate(author=name, **common) for name in ("Nguyễn Văn An", "Trần Thị Bình")])
    word = WordDocument(io.BytesIO(docx))
    text = [p.text for p in word.paragraphs]
    assert [t for t in text if t.startswith("Chứng nhận")] == ["Chứng nhận: Nguyễn Văn An", "Chứng nhận: Trần Thị Bình"]
    assert text.count("Đã đạt Giải Nhất lĩnh vực Cơ khí – Tự động hóa") == 2
    assert text.count("Hà Tĩnh, ngày 25 tháng 11 năm 2026") == 2
    breaks = word.element.body.xpath('.//w:br[@w:type="page"]')
    assert len(breaks) == 1
    assert certificates.render([Certificate(author="Nguyễn Văn An", **common)]) == certificates.render(
        [Certificate(author="Nguyễn Văn An", **common)]
    )
