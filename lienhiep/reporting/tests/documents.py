"""Two documents built by hand, as the model layer would give them to the writers: an administrative report
(a footnote, a table, bullets, "Liên hiệp các Hội KH&KT") and a congress document in the frame of seed 000."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from lienhiep.reporting.document import Column, Document, FigureLine, Paragraph, Run, Section, Table

ISSUED = dt.datetime(2026, 1, 12, 8, 30, tzinfo=dt.UTC)


def _text(*runs: Run, bullet: str = "") -> Paragraph:
    return Paragraph(runs=runs, bullet=bullet)


def administrative() -> Document:
    results = Section(
        level=1,
        number="I.",
        title="Kết quả đạt được",
        blocks=(
            _text(
                Run("Liên hiệp các Hội KH&KT tỉnh Hà Tĩnh có "),
                Run("19", figure="orgs.associations"),
                Run(" hội thành viên, tập hợp được "),
                Run("1.700", bold=True, figure="members.count"),
                Run(" hội viên, tăng 22 hội viên so với đầu năm"),
                Run("", note="fn1"),
                Run("; đội ngũ hội viên có trình độ chuyên môn và tâm huyết."),
            ),
        ),
        sections=(
            Section(
                level=2,
                number="1.",
                title="Công tác thông tin tuyên truyền, phổ biến kiến thức KH&KT",
                blocks=(
                    _text(
                        Run("Tổ chức 12 lớp tập huấn với "),
                        Run("trên 900", italic=True),
                        Run(" lượt người tham dự;"),
                        bullet="-",
                    ),
                    _text(Run("+ Kỹ thuật chăn nuôi gà an toàn sinh học;"), bullet="+"),
                    _text(Run("Phổ biến kiến thức pháp luật cho hội viên ở các phường, xã."), bullet="+"),
                ),
                sections=(
                    Section(
                        level=3,
                        number="1.1.",
                        title="Tập huấn theo lĩnh vực",
                        blocks=(
                            Table(
                                columns=(
                                    Column("Lĩnh vực"),
                                    Column("Số lớp", align="right"),
                                    Column("Lượt người", align="right"),
                                ),
                                rows=(("Nông nghiệp", "07", "512"), ("Y tế", "05", "420")),
                                totals=("Cộng", "12", "932"),
                            ),
                        ),
                    ),
                ),
            ),
        ),
    )
    limits = Section(
        level=1,
        number="II.",
        title="Tồn tại, hạn chế",
        blocks=(_text(Run("Một số hội thành viên chưa có kinh phí hoạt động.")),),
    )
    return Document(
        style="administrative",
        superior_line="Liên hiệp các Hội KH&KT Việt Nam",
        issuer_line="Liên hiệp các Hội KH&KT tỉnh Hà Tĩnh",
        number_line="Số: 05/BC-LHH",
        place="Hà Tĩnh",
        date=dt.date(2026, 1, 12),
        doc_type="Báo cáo",
        summary="Tổng kết hoạt động năm 2025\nvà phương hướng nhiệm vụ năm 2026",
        draft_mark=False,
        sections=(results, limits),
        footnotes={"fn1": (Run("Trong năm có "), Run("03", bold=True), Run(" hội cơ sở kiện toàn BCH."))},
        authority="TM. Ban Chấp hành",
        signer_title="Chủ tịch",
        signer_name="Tôn Quang Ngọc",
        recipients=("Liên hiệp các Hội KH&KT Việt Nam (b/c);", "Thường trực Tỉnh ủy (b/c);", "Lưu: VT, VP."),
        part_words=True,
        title="năm 2025",
        figures=(
            FigureLine(
                key="members.count",
                section="I.",
                label="Số hội viên",
                value=1700,
                printed="1.700",
                unit="hội viên",
                source="records",
                params={},
                start=dt.date(2025, 1, 1),
                end=dt.date(2025, 12, 31),
                as_of=dt.date(2025, 12, 31),
                computed_at=ISSUED,
                basis="1.678 → 1.700 (140 vào, 118 ra)",
                records=({"Họ tên": "Nguyễn Văn An", "Đơn vị": "Hội Y học", "Ngày vào": dt.date(2025, 3, 2)},),
            ),
            FigureLine(
                key="activities.sum",
                section="I.1.",
                label="Tiền vận động",
                value=Decimal("53500000"),
                printed="hàng chục triệu đồng",
                unit="đồng",
                source="manual",
                params={"figure": "money_raised"},
                start=dt.date(2025, 1, 1),
                end=dt.date(2025, 12, 31),
                as_of=dt.date(2025, 12, 31),
                computed_at=None,
                override=Decimal("54000000"),
                override_reason="Cộng thêm khoản ủng hộ tháng 12",
                override_by="Trần Thị Bình",
                estimate=True,
            ),
        ),
        issued_at=ISSUED,
    )


def congress(*, draft_mark: bool = False) -> Document:
    part_one = Section(
        level=0,
        number="",
        title="Đánh giá tình hình và kết quả hoạt động nhiệm kỳ 2018 - 2023",
        sections=(
            Section(
                level=1,
                number="I.",
                title="KẾT QUẢ ĐẠT ĐƯỢC",
                sections=(
                    Section(
                        level=2,
                        number="1.",
                        title="Công tác tập hợp trí thức, xây dựng và phát triển tổ chức hội",
                        blocks=(
                            _text(
                                Run("Hiện nay, Liên hiệp hội thị xã có 19 hội thành viên (trong đó có 13 hội thuộc "),
                                Run("khối các cơ quan, doanh nghiệp, trường học và 06 hội của phường, xã), tập hợp "),
                                Run("được 1.700 hội viên, tăng 22 hội viên so với đầu nhiệm kỳ"),
                                Run("", note="fn1"),
                                Run("."),
                            ),
                        ),
                    ),
                ),
            ),
        ),
    )
    part_two = Section(
        level=0,
        number="",
        title="Phương hướng, mục tiêu; nhiệm vụ và giải pháp nhiệm kỳ 2024 - 2029",
        blocks=(
            _text(
                Run("Tin tưởng rằng dưới sự lãnh đạo của cấp uỷ Đảng, cán bộ, hội viên Liên hiệp các Hội KH&KT "),
                Run("thị xã quyết tâm thực hiện thắng lợi các mục tiêu nhiệm kỳ 2024 - 2029."),
            ),
        ),
    )
    return Document(
        style="congress",
        superior_line="",
        issuer_line="Liên hiệp các Hội Khoa học và Kỹ thuật\nthị xã Hồng Lĩnh",
        number_line="",
        place="Hồng Lĩnh",
        date=None,
        doc_type="BÁO CÁO",
        summary="TỔNG KẾT HOẠT ĐỘNG NHIỆM KỲ 2018 - 2023,\nPHƯƠNG HƯỚNG NHIỆM VỤ NHIỆM KỲ 2024 - 2029",
        draft_mark=draft_mark,
        sections=(part_one, part_two),
        footnotes={
            "fn1": (
                Run(
                    "Trong nhiệm kỳ, có 03 đồng chí do chuyển công tác hoặc nghỉ hưu nên không tiếp tục tham gia BCH; "
                ),
                Run("BCH Liên hiệp hội có 14 đồng chí. Có 04 hội cơ sở tổ chức kiện toàn các chức danh trong BCH."),
            )
        },
        collective_author="BCH Liên hiệp hội thị xã khoá IV",
        part_words=True,
        title="nhiệm kỳ 2018 - 2023",
    )
