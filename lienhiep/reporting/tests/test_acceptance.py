"""Acceptance tests A (seed 000, phase 1) and C (seed 002) of REPORTING.md §5.9, on the generated files.

Each test renders the demo's report to `.docx` (`reporting.output.render_docx` of `selectors.document`), reads the
text back with python-docx (body paragraphs, table cells, the footnotes part), NFC, and compares it with what the
seeds print, in the platform's style ("1.700", "06"). The layout checker of test F reads both files too.
"""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
import zipfile
from dataclasses import dataclass
from functools import cache

import docx
import openpyxl
import pytest
from lxml import etree

from lienhiep.accounts.models import User
from lienhiep.orgs.models import Org, OrgKind
from lienhiep.reporting import selectors, services
from lienhiep.reporting.document import FigureLine
from lienhiep.reporting.models import Report, ReportKind, ReportStatus, ReportTemplate
from lienhiep.reporting.output import render_annex, render_docx
from lienhiep.reporting.tests.layout import problems

pytestmark = pytest.mark.django_db

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@dataclass
class Printed:
    """What a generated `.docx` prints: its paragraphs in order (the head and body, table rows as cells joined by
    " | "), and its footnotes by number."""

    paragraphs: list[str]
    footnotes: list[str]
    raw: bytes

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)

    def between(self, first: str, last: str) -> str:
        """The paragraphs from the one that starts with `first` up to the one before the one starting with `last`."""
        start = next(n for n, p in enumerate(self.paragraphs) if p.startswith(first))
        end = next(n for n, p in enumerate(self.paragraphs) if n > start and p.startswith(last))
        return "\n".join(self.paragraphs[start:end])


def read(data: bytes) -> Printed:
    document = docx.Document(io.BytesIO(data))
    paragraphs: list[str] = []
    body = document.element.body
    for element in body.iterchildren():
        if element.tag == f"{W}p":
            paragraphs.append(nfc("".join(t.text or "" for t in element.iter(f"{W}t"))))
        elif element.tag == f"{W}tbl":
            for row in element.iter(f"{W}tr"):
                cells = ["".join(t.text or "" for t in cell.iter(f"{W}t")) for cell in row.iter(f"{W}tc")]
                paragraphs.append(nfc(" | ".join(cells)))
    footnotes: list[str] = []
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        if "word/footnotes.xml" in package.namelist():
            root = etree.fromstring(package.read("word/footnotes.xml"))
            for note in root.iter(f"{W}footnote"):
                if int(note.get(f"{W}id", "0")) > 0:
                    footnotes.append(nfc("".join(t.text or "" for t in note.iter(f"{W}t")).strip()))
    return Printed([p.strip() for p in paragraphs if p.strip()], footnotes, data)


def demo_report(kind: str) -> Report:
    town = Org.objects.get(kind=OrgKind.DISTRICT, name__contains="Hồng Lĩnh")
    return Report.objects.get(org=town, kind=kind)


@cache
def _rendered(pk: int, updated: str) -> bytes:
    return render_docx(selectors.document(Report.objects.get(pk=pk)))


def rendered(report: Report) -> Printed:
    return read(_rendered(report.pk, report.updated_at.isoformat()))


def term_report_as_of(as_of: dt.date) -> Report:
    """A new draft of the town union's term report with another cut-off (its figures computed live)."""
    town = Org.objects.get(kind=OrgKind.DISTRICT, name__contains="Hồng Lĩnh")
    issued = demo_report(ReportKind.TERM)
    return services.report_create(
        actor=User.objects.get(username="admin"),
        org=town,
        kind=ReportKind.TERM,
        template=ReportTemplate.objects.get(org=None, key="term-report"),
        period_start=issued.period_start,
        period_end=as_of,
        as_of=as_of,
        congress=issued.congress,
    )


# --- A. Seed 000: the term report 2018–2023 with figures as of 31/12/2023 ------------------------------------


def test_the_demo_term_report_is_issued_and_the_self_review_approved_by_its_meeting(demo) -> None:
    term = demo_report(ReportKind.TERM)
    review = demo_report(ReportKind.SELF_REVIEW)
    assert (term.status, term.period_start, term.period_end, term.as_of) == (
        ReportStatus.ISSUED,
        dt.date(2018, 6, 15),
        dt.date(2023, 12, 31),
        dt.date(2023, 12, 31),
    )
    assert (review.status, review.as_of, review.issued_on) == (
        ReportStatus.ISSUED,
        dt.date(2024, 1, 26),
        dt.date(2024, 1, 26),
    )
    assert review.approved_meeting is not None
    assert (review.approved_meeting.held_on, review.approved_meeting.agenda) == (
        dt.date(2024, 1, 26),
        "Thông qua báo cáo kiểm điểm của BCH khóa IV",
    )
    annual = Report.objects.get(kind=ReportKind.ANNUAL, template__key="annual")
    assert (annual.org.name, annual.status, annual.period_start, annual.period_end) == (
        "Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh Hà Tĩnh",
        ReportStatus.DRAFT,
        dt.date(2025, 1, 1),
        dt.date(2025, 12, 31),
    )


def test_a1_associations_by_group(demo) -> None:
    printed = rendered(demo_report(ReportKind.TERM))
    assert (
        "Liên hiệp hội thị xã có 19 hội thành viên (trong đó có 13 hội thuộc khối các cơ quan, doanh nghiệp, "
        "trường học và 06 hội của phường, xã)" in printed.text
    )


def test_a2_members_and_their_change_at_the_cut_off(demo) -> None:
    printed = rendered(demo_report(ReportKind.TERM))
    assert "tập hợp được 1.700 hội viên, tăng 22 hội viên so với đầu nhiệm kỳ" in printed.text


def test_a2_the_same_report_to_the_last_day_of_the_term_counts_one_more(demo) -> None:
    printed = read(render_docx(selectors.document(term_report_as_of(dt.date(2024, 3, 19)))))
    assert "tập hợp được 1.701 hội viên, tăng 23 hội viên so với đầu nhiệm kỳ" in printed.text


def test_a3_footnote_1_departures_committee_and_restructurings(demo) -> None:
    printed = rendered(demo_report(ReportKind.TERM))
    first = printed.footnotes[0]
    assert first == (
        "Trong nhiệm kỳ, có 03 đồng chí do chuyển công tác hoặc nghỉ hưu nên không tiếp tục tham gia BCH; tính đến "
        "thời điểm Đại Hội lần thứ V, BCH Liên hiệp hội có 14 đồng chí. Có 04 hội cơ sở tổ chức kiện toàn các chức "
        "danh trong BCH."
    )


def test_a4_exemplary_intellectuals(demo) -> None:
    printed = rendered(demo_report(ReportKind.TERM))
    assert "trong nhiệm kỳ có 03 trí thức tiêu biểu được giới thiệu dự gặp mặt trí thức tiêu biểu của tỉnh" in (
        printed.text
    )


def figure_line(report: Report, key: str, **params: object) -> FigureLine:
    lines = [f for f in selectors.document(report).figures if f.key == key and f.params == params]
    assert len(lines) == 1, (key, params)
    return lines[0]


def annex_row(report: Report, printed: str) -> list[object]:
    """The row of the annex's first sheet ("Số liệu", every figure) for the figure printed as `printed`."""
    book = openpyxl.load_workbook(io.BytesIO(render_annex(selectors.document(report))), read_only=True)
    rows = [list(row) for row in book.worksheets[0].iter_rows(values_only=True) if printed in row]
    assert len(rows) == 1, printed
    return rows[0]


def test_a5_initiatives_applied_over_900_and_the_annex_keeps_925_of_943(demo) -> None:
    # Phase A counted the seven prize-winning products as initiatives (932 of 950); they are contest prizes now.
    report = demo_report(ReportKind.TERM)
    printed = rendered(report)
    assert "đã có trên 900 đề tài, sáng kiến được ứng dụng vào sản xuất và đời sống" in printed.text
    line = figure_line(report, "initiatives.count", applied="yes")
    assert (line.value, line.printed, line.basis) == (925, "trên 900", "925 / 943 được ứng dụng (2018–2023)")
    row = annex_row(report, "trên 900")
    assert 925 in row
    assert "925 / 943 được ứng dụng (2018–2023)" in row


def test_a6_money_raised_in_words_and_the_annex_keeps_the_amount_from_4_campaigns(demo) -> None:
    report = demo_report(ReportKind.TERM)
    printed = rendered(report)
    assert "đã phối hợp vận động đóng góp hàng chục triệu đồng cho các hoạt động chính trị - xã hội" in printed.text
    line = figure_line(report, "activities.sum", figure="money_raised", kind="campaign")
    assert (line.value, line.printed, line.basis) == (53_500_000, "hàng chục triệu đồng", "53.500.000 từ 4 hoạt động")
    row = annex_row(report, "hàng chục triệu đồng")
    assert 53_500_000 in row


def test_a7_honours_and_ratings_of_the_union(demo) -> None:
    printed = rendered(demo_report(ReportKind.TERM))
    section = printed.between("4. Phát huy vai trò thành viên Mặt trận tổ quốc", "II. NHỮNG TỒN TẠI")
    assert "Liên hiệp hội 03 lần được Liên hiệp các Hội KH&KT Việt Nam tặng Bằng khen" in section
    assert "03 cá nhân được Liên hiệp các Hội KH&KT Việt Nam tặng Bằng khen" in section
    certificates = [p for p in section.split("\n") if p.startswith("- Năm") and "Bằng khen" in p]
    assert [p[6:10] for p in certificates] == ["2018", "2021", "2023"]
    assert "1786/QĐ-LHHVN" in certificates[0]
    commendations = [p for p in section.split("\n") if p.startswith("- Năm") and "Giấy khen" in p]
    assert [p[6:10] for p in commendations] == ["2018", "2019", "2020", "2021", "2022", "2023"]
    ratings = [p for p in section.split("\n") if p.startswith("- Năm") and "hoàn thành xuất sắc nhiệm vụ" in p.lower()]
    assert [p[6:10] for p in ratings] == ["2018", "2019", "2020", "2021", "2022", "2023"]


def test_a8_cooperations_and_the_youth_contest_summary(demo) -> None:
    printed = rendered(demo_report(ReportKind.TERM))
    section = printed.between("3. Hoạt động liên kết và hợp tác", "4. Phát huy vai trò")
    for title, on in [
        ("Hội thảo chuyên đề giải pháp nâng cao hiệu quả sử dụng đất nông nghiệp trên địa bàn thị xã", "12/09/2019"),
        ("Tập huấn chuyên đề ứng dụng, triển khai công nghệ thông tin và phổ biến pháp luật", "20/08/2020"),
        ("Lớp đào tạo “Cơ hội và thách thức cho nhà quản trị trong thời đại công nghệ 4.0”", "05/11/2021"),
        (
            "Hội thảo nâng cao chất lượng hoạt động tư vấn, phản biện và giám định xã hội của Hội KH&KT các cấp",
            "16/06/2022",
        ),
        (
            "Chuyển giao kỹ thuật xét nghiệm vi rút viêm gan B, C, nội tiết, ung thư và sàng lọc trước sinh",
            "15/03/2019",
        ),
        ("Triển khai kỹ thuật chụp, chiếu công nghệ cao và xét nghiệm phức tạp", "09/04/2021"),
        ("Tổng kết Cuộc thi sáng tạo thanh thiếu niên nhi đồng toàn tỉnh", "24/05/2019"),
    ]:
        lines = [p for p in section.split("\n") if f"{title} ({on}" in p]
        assert len(lines) == 1, (title, on)


def test_the_towns_statistics_print_as_entered_with_their_source(demo) -> None:
    # Not phase 1 of REPORTING.md §5.9 (test 16 is phase 2), but the demo enters 000's four figures of §2.1.
    report = demo_report(ReportKind.TERM)
    printed = rendered(report)
    for line in [
        "- Trên địa bàn có 04 sản phẩm được công nhận đạt chuẩn OCOP.",
        "+ Đã kích hoạt 20.995 tài khoản định danh điện tử mức độ 2;",
        "+ Đã kích hoạt 519 tài khoản định danh điện tử mức độ 1;",
        "+ Tỷ lệ kích hoạt đạt 80,05 %.",
    ]:
        assert line in printed.paragraphs
    entered = [f for f in selectors.document(report).figures if f.source == "manual"]
    assert [(f.value, f.section) for f in entered] == [
        (4, "p1.i.2.1"),
        (20_995, "p1.i.2.1"),
        (519, "p1.i.2.1"),
        ("80,05", "p1.i.2.1"),
    ]


# Congress V's targets (governance's demo), in order; each text holds its threshold as the seed words it.
TARGETS = [
    ("Tập hợp trên 90% trí thức vào các tổ chức Hội", "trên 90%"),
    ("100% các hội thành viên kiện toàn kịp thời tổ chức cơ sở hội", "100%"),
    ("100% các hội cơ sở hoạt động hiệu quả, bám sát điều lệ của Liên hiệp hội", "100%"),
    ("Mỗi năm thực hiện tư vấn, cho ý kiến từ 01 - 02 chuyên đề", "01 - 02 chuyên đề"),
    ("Trên 90% đề tài sáng kiến, ứng dụng tiến bộ khoa học của các ngành", "Trên 90%"),
    ("Hằng năm có ít nhất 01 đề tài sáng kiến kinh nghiệm", "ít nhất 01 đề tài"),
    ("Trong nhiệm kỳ có ít nhất 01 hội viên được đề nghị tặng Bằng lao động sáng tạo", "ít nhất 01 hội viên"),
    ("Hưởng ứng Hội thi sáng tạo kỹ thuật và Cuộc thi sáng tạo thanh, thiếu niên, nhi đồng", "tốp đầu của tỉnh"),
    ("Hằng năm được UBND thị xã đánh giá hoàn thành xuất sắc nhiệm vụ", "tặng Bằng khen"),
]


def test_a9_part_two_prints_congress_v_targets_in_order_with_their_thresholds(demo) -> None:
    printed = rendered(demo_report(ReportKind.TERM))
    lines = printed.between("2. Các chỉ tiêu cụ thể", "II. NHIỆM VỤ VÀ GIẢI PHÁP").split("\n")[1:]
    assert len(lines) == len(TARGETS)
    for line, (text, threshold) in zip(lines, TARGETS, strict=True):
        assert line.startswith(f"- {text}")
        assert threshold in line


def test_a10_a_congress_document_signed_by_the_committee(demo) -> None:
    printed = rendered(demo_report(ReportKind.TERM))
    # The head: the issuing body only (no superior body, no national motto), then the title and the summary.
    assert printed.paragraphs[0].startswith("LIÊN HIỆP CÁC HỘI KHOA HỌC VÀ KỸ THUẬT THỊ XÃ HỒNG LĨNH")
    assert printed.paragraphs[2:5] == [
        "BÁO CÁO",
        "TỔNG KẾT HOẠT ĐỘNG NHIỆM KỲ 2018 - 2023,",
        "PHƯƠNG HƯỚNG NHIỆM VỤ NHIỆM KỲ 2024 - 2029",
    ]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in printed.text
    # The end: the body's last paragraph ends "./.", then the collective author; no number, no "Nơi nhận".
    assert printed.paragraphs[-1].endswith("BCH LIÊN HIỆP HỘI THỊ XÃ KHOÁ IV")
    assert printed.paragraphs[-2].endswith("./.")
    assert not [p for p in printed.paragraphs if p.startswith("Số:") or "Nơi nhận" in p]


def test_a11_the_union_is_named_as_it_stood(demo) -> None:
    report = demo_report(ReportKind.TERM)
    assert report.org.ended_on == dt.date(2025, 7, 1)
    printed = rendered(report)
    assert printed.paragraphs[0].startswith("LIÊN HIỆP CÁC HỘI KHOA HỌC VÀ KỸ THUẬT THỊ XÃ HỒNG LĨNH")
    assert printed.text.count("Liên hiệp các Hội Khoa học và Kỹ thuật thị xã Hồng Lĩnh") >= 1


# --- C. Seed 002: the BCH's self-review, as of 26/01/2024 --------------------------------------------------------


def test_c17_date_line_of_the_approving_meeting(demo) -> None:
    printed = rendered(demo_report(ReportKind.SELF_REVIEW))
    assert printed.paragraphs[1] == "| Hồng Lĩnh, ngày 26 tháng 01 năm 2024"


def test_c18_committees_elected(demo) -> None:
    printed = rendered(demo_report(ReportKind.SELF_REVIEW))
    assert "nhiệm kỳ 2018 - 2023 đã bầu 17 đồng chí vào Ban Chấp hành (BCH) Liên hiệp hội." in printed.text
    assert "Tại phiên họp thứ nhất, BCH bầu 05 đồng chí vào Ban Thường vụ, gồm:" in printed.text


def test_c19_first_officers(demo) -> None:
    printed = rendered(demo_report(ReportKind.SELF_REVIEW))
    first = printed.between("Đại hội Đại biểu", "Ban chấp hành đã ban hành quy chế").split("\n")[1:]
    assert first[:3] == [
        "- Đồng chí Lê Văn Bình, Chủ tịch;",
        "- Đồng chí Nguyễn Trí Anh, Phó Chủ tịch;",
        "- Đồng chí Phạm Quốc Dũng, Thư ký;",
    ]
    assert "Đồng chí Lê Văn Bình, Chủ tịch" in printed.text


def test_c20_departures_with_reasons_the_committee_at_the_end_and_the_new_chair(demo) -> None:
    printed = rendered(demo_report(ReportKind.SELF_REVIEW))
    departures = printed.between("Ban chấp hành đã ban hành quy chế", "Tính đến thời điểm").split("\n")
    assert "có 03 đồng chí do chuyển công tác hoặc nghỉ hưu theo chế độ" in departures[0]
    assert departures[1:] == [
        "- Đồng chí Lê Văn Bình (Chuyển công tác, 01/09/2020);",
        "- Đồng chí Bùi Việt Hùng (Chuyển công tác, 10/05/2021);",
        "- Đồng chí Phan Công Bình (Nghỉ hưu, 01/03/2022);",
    ]
    assert (
        "Tính đến thời điểm Đại Hội lần thứ V, Ban chấp hành Liên hiệp hội có 14 đồng chí. Đồng chí Tôn Quang Ngọc "
        "đảm nhận chức vụ Chủ tịch Liên hiệp hội." in printed.text
    )


def test_c21_associations_members_and_the_standing_committee_on_the_day(demo) -> None:
    printed = rendered(demo_report(ReportKind.SELF_REVIEW))
    assert (
        "Liên hiệp hội thị xã có 19 Hội thành viên (Trong đó, có 13 Hội thuộc khối các cơ quan, doanh nghiệp, "
        "trường học và 06 hội của phường, xã), tập hợp được gần 1.700 hội viên." in printed.text
    )
    roster = printed.between("1. Công tác xây dựng và củng cố tổ chức", "2. Kết quả thực hiện").split("\n")[2:]
    assert [line.split(",")[0] for line in roster] == [
        "- Đồng chí Tôn Quang Ngọc",
        "- Đồng chí Nguyễn Trí Anh",
        "- Đồng chí Phạm Quốc Dũng",
        "- Đồng chí Phan Văn Đường",
        "- Đồng chí Phạm Hồng Quý",
    ]


def test_c22_meetings_table(demo) -> None:
    printed = rendered(demo_report(ReportKind.SELF_REVIEW))
    rows = [p.split(" | ") for p in printed.paragraphs if " | " in p]
    assert rows[0] == ["Ban", "Số kỳ họp theo quy định", "Đã họp", "Đúng hạn", "Chậm", "Không họp"]
    body = {row[0]: row[1:] for row in rows[1:]}
    assert body == {"BCH": ["11", "11", "9", "2", "0"], "BTV": ["22", "21", "19", "2", "1"]}


def test_c23_low_attendance_as_a_count_without_names(demo) -> None:
    printed = rendered(demo_report(ReportKind.SELF_REVIEW))
    assert "(02 đồng chí dự dưới 70% số phiên họp)" in printed.text


def test_c_a_congress_document_signed_by_the_committee(demo) -> None:
    printed = rendered(demo_report(ReportKind.SELF_REVIEW))
    assert printed.paragraphs[-1].endswith("BAN CHẤP HÀNH LIÊN HIỆP HỘI KHOÁ IV")
    assert printed.paragraphs[-2].endswith("đưa vào Nghị quyết Đại hội lần thứ V để tổ chức thực hiện đạt hiệu quả./.")


# --- F. The layout of both generated files ----------------------------------------------------------------------


@pytest.mark.parametrize("kind", [ReportKind.TERM, ReportKind.SELF_REVIEW])
def test_the_layout_checker_finds_nothing_wrong(demo, kind) -> None:  # type: ignore[no-untyped-def]
    report = demo_report(kind)
    assert problems(rendered(report).raw, style=report.style) == []


def test_the_opening_paragraph_takes_no_part_heading_and_the_parts_count_from_the_first_titled_one(demo) -> None:
    # Seen in the PDF of the demo's term report: the untitled opening printed "Phần thứ nhất" above it, so the
    # document read "Phần thứ nhất" twice.
    printed = rendered(demo_report(ReportKind.TERM)).text
    assert printed.count("Phần thứ nhất") == 1
    assert printed.count("Phần thứ hai") == 1
    assert printed.index("Phần thứ nhất") < printed.index("ĐÁNH GIÁ TÌNH HÌNH") < printed.index("Phần thứ hai")
