"""Draft files written as a drafting office writes them, for the tests, the benchmark and the demo: a resolution
in the shape of a Vietnamese legal text (chapters, articles, clauses, points), built with python-docx."""

from __future__ import annotations

import io

from docx import Document as WordDocument

CLAUSE_TEXT = (
    "Hội đồng nhân dân tỉnh quyết định cơ chế, chính sách hỗ trợ phát triển khoa học, công nghệ và đổi mới sáng tạo "
    "trên địa bàn tỉnh, bảo đảm công khai, minh bạch và hiệu quả trong sử dụng ngân sách nhà nước."
)


def legal_draft(
    *,
    title: str = "NGHỊ QUYẾT Quy định chính sách hỗ trợ phát triển khoa học và công nghệ",
    chapters: int = 2,
    articles: int = 2,
    clauses: int = 2,
    points: int = 2,
    numbered_list: bool = False,
) -> bytes:
    """A .docx: a title and a preamble, then `chapters` chapters ("Chương I" above its title line) of `articles`
    articles each ("Điều n. Heading"), each with `clauses` clauses "1." and `points` points "a)" under clause 1.
    With `numbered_list`, one article's clauses use Word's automatic numbering (the numbers are not in the text)."""
    document = WordDocument()
    document.add_paragraph(title, style="Title")
    document.add_paragraph("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;")
    article = 0
    for c in range(1, chapters + 1):
        document.add_paragraph(f"Chương {_roman(c)}", style="Heading 1")
        document.add_paragraph(f"QUY ĐỊNH SỐ {c}", style="Heading 1")
        for _a in range(articles):
            article += 1
            document.add_paragraph(f"Điều {article}. Nội dung thứ {article}", style="Heading 3")
            if numbered_list and article == 1:
                for k in range(1, clauses + 1):
                    document.add_paragraph(f"Khoản tự đánh số {k}. {CLAUSE_TEXT}", style="List Number")
                continue
            for k in range(1, clauses + 1):
                document.add_paragraph(f"{k}. Khoản {k} của Điều {article}: {CLAUSE_TEXT}")
                if k == 1:
                    for p in range(points):
                        document.add_paragraph(f"{'abcdđeghiklmnopqrstuvxy'[p]}) Điểm của khoản {k}: {CLAUSE_TEXT}")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _roman(number: int) -> str:
    values = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    out = ""
    for value, letters in values:
        while number >= value:
            out += letters
            number -= value
    return out


# How a draft speaks of its own level: a town's (the seven Hồng Lĩnh topics, 2018–2023) and a province's (after the
# 2025 reform: the province's communes and wards, no districts in between).
PLAN_WORDING = {
    "town": {
        "area": "trên địa bàn thị xã",
        "basis": "Căn cứ Nghị quyết Đại hội Đảng bộ thị xã lần thứ XI, nhiệm kỳ 2015 - 2020 và các văn bản hướng dẫn "
        "của tỉnh.",
        "target": "đến năm 2025",
        "lead": "1. Ủy ban nhân dân thị xã chủ trì, phân công các phòng, ban chuyên môn triển khai thực hiện.",
        "local": "2. Ủy ban nhân dân các phường, xã xây dựng kế hoạch cụ thể tại địa phương.",
    },
    "province": {
        "area": "trên địa bàn tỉnh",
        "basis": "Căn cứ Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XX, nhiệm kỳ 2025 - 2030; Quy hoạch tỉnh Hà Tĩnh "
        "thời kỳ 2021 - 2030, tầm nhìn đến năm 2050 và các văn bản của Trung ương.",
        "target": "đến năm 2030, tầm nhìn đến năm 2045",
        "lead": "1. Ủy ban nhân dân tỉnh chủ trì; Ban Quản lý Khu kinh tế tỉnh là cơ quan thường trực, phối hợp với "
        "các sở, ban, ngành triển khai thực hiện.",
        "local": "2. Ủy ban nhân dân các xã, phường trong khu kinh tế xây dựng kế hoạch cụ thể tại địa phương.",
    },
}


def plan_draft(title: str, *, topic: str, level: str = "town") -> bytes:
    """A .docx in the shape of a scheme, programme or plan: its title, then "I." to "IV." headings, numbered
    objectives and tasks, and plain paragraphs, as the seven Hồng Lĩnh topics were drafted; worded as a town's or,
    with `level="province"`, as a province's (`PLAN_WORDING`)."""
    words = PLAN_WORDING[level]
    document = WordDocument()
    document.add_paragraph(title.upper(), style="Title")
    sections = (
        (
            "I. SỰ CẦN THIẾT VÀ CĂN CỨ XÂY DỰNG",
            [
                f"Thời gian qua, {topic} {words['area']} đã đạt được một số kết quả, song còn bộc lộ hạn chế "
                "về quy hoạch, nguồn lực và sự phối hợp giữa các cơ quan, đơn vị.",
                words["basis"],
            ],
        ),
        (
            "II. MỤC TIÊU",
            [
                f"1. Mục tiêu chung: nâng cao hiệu quả {topic}, góp phần phát triển kinh tế - xã hội bền vững.",
                f"2. Mục tiêu cụ thể: {words['target']} hoàn thành các chỉ tiêu đề ra; huy động sự tham gia của "
                "cộng đồng.",
            ],
        ),
        (
            "III. NHIỆM VỤ VÀ GIẢI PHÁP",
            [
                "1. Rà soát, hoàn thiện quy hoạch và kế hoạch thực hiện theo từng giai đoạn.",
                "2. Huy động nguồn lực: ngân sách nhà nước, xã hội hóa và lồng ghép các chương trình mục tiêu.",
                "3. Tăng cường tuyên truyền, nâng cao nhận thức của người dân và doanh nghiệp.",
            ],
        ),
        (
            "IV. TỔ CHỨC THỰC HIỆN",
            [words["lead"], words["local"]],
        ),
    )
    for heading, paragraphs in sections:
        document.add_paragraph(heading, style="Heading 1")
        for text in paragraphs:
            document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
