"""A draft split into its parts: Word by its numbering and heading styles, PDF by its text layer."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document as WordDocument

from lienhiep.reviews import samples, splitting
from lienhiep.reviews.splitting import ARTICLE, CHAPTER, CLAUSE, PARAGRAPH, POINT, SECTION, SUBCLAUSE

DATA = Path(__file__).resolve().parent / "data"


def shape(parts: list[splitting.Part]) -> list[tuple[str, str, str, int, int | None]]:
    return [(p.kind, p.number, p.heading, p.depth, p.parent) for p in parts]


def test_a_resolution_splits_into_chapters_articles_clauses_and_points():
    parts = splitting.split_docx(samples.legal_draft(chapters=2, articles=1, clauses=2, points=2))

    assert shape(parts) == [
        (PARAGRAPH, "¶1", "", 0, None),
        (PARAGRAPH, "¶2", "", 0, None),
        (CHAPTER, "Chương I", "QUY ĐỊNH SỐ 1", 0, None),
        (ARTICLE, "Điều 1", "Nội dung thứ 1", 1, 2),
        (CLAUSE, "1", "", 2, 3),
        (POINT, "a", "", 3, 4),
        (POINT, "b", "", 3, 4),
        (CLAUSE, "2", "", 2, 3),
        (CHAPTER, "Chương II", "QUY ĐỊNH SỐ 2", 0, None),
        (ARTICLE, "Điều 2", "Nội dung thứ 2", 1, 8),
        (CLAUSE, "1", "", 2, 9),
        (POINT, "a", "", 3, 10),
        (POINT, "b", "", 3, 10),
        (CLAUSE, "2", "", 2, 9),
    ]
    assert parts[1].text == "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;"
    assert parts[4].text == f"Khoản 1 của Điều 1: {samples.CLAUSE_TEXT}"
    assert parts[6].text == f"Điểm của khoản 1: {samples.CLAUSE_TEXT}"


def test_word_s_automatic_numbering_makes_clauses_whose_numbers_are_counted():
    parts = splitting.split_docx(samples.legal_draft(chapters=1, articles=1, clauses=3, numbered_list=True))

    clauses = [(p.kind, p.number, p.parent, p.text[:19]) for p in parts if p.kind == CLAUSE]
    assert clauses == [
        (CLAUSE, "1", 3, "Khoản tự đánh số 1."),
        (CLAUSE, "2", 3, "Khoản tự đánh số 2."),
        (CLAUSE, "3", 3, "Khoản tự đánh số 3."),
    ]


def test_a_plan_splits_by_its_roman_and_decimal_headings_and_keeps_plain_paragraphs_in_their_part():
    document = WordDocument()
    for line in (
        "ĐỀ ÁN phát triển đội ngũ trí thức",
        "I. SỰ CẦN THIẾT",
        "Trí thức là lực lượng quan trọng.",
        "Tỉnh có 1.700 hội viên.",
        "II. MỤC TIÊU",
        "1. Mục tiêu chung",
        "1.1. Đến năm 2030 tập hợp 80% trí thức.",
        "đ) Hỗ trợ hội viên trẻ.",
    ):
        document.add_paragraph(line)
    document.add_paragraph("Nội dung đánh giá", style="Heading 2")
    out = io.BytesIO()
    document.save(out)

    parts = splitting.split_docx(out.getvalue())

    assert shape(parts) == [
        (PARAGRAPH, "¶1", "", 0, None),
        (SECTION, "I", "SỰ CẦN THIẾT", 0, None),
        (SECTION, "II", "MỤC TIÊU", 0, None),
        (CLAUSE, "1", "", 1, 2),
        (SUBCLAUSE, "1.1", "", 2, 3),
        (POINT, "đ", "", 3, 4),
        (SECTION, "", "Nội dung đánh giá", 1, 2),
    ]
    assert parts[1].text == "Trí thức là lực lượng quan trọng.\nTỉnh có 1.700 hội viên."
    assert parts[3].text == "Mục tiêu chung"


def test_a_table_s_rows_are_paragraphs_of_the_part_they_stand_in():
    document = WordDocument()
    document.add_paragraph("Điều 1. Mức hỗ trợ")
    table = document.add_table(rows=2, cols=2)
    for r, row in enumerate((("Hạng mục", "Mức"), ("Đề tài cấp tỉnh", "50 triệu"))):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    out = io.BytesIO()
    document.save(out)

    parts = splitting.split_docx(out.getvalue())

    assert shape(parts) == [(ARTICLE, "Điều 1", "Mức hỗ trợ", 0, None)]
    assert parts[0].text == "Hạng mục | Mức\nĐề tài cấp tỉnh | 50 triệu"


def test_progress_is_told_as_the_paragraphs_are_read():
    told: list[tuple[int, int]] = []

    splitting.split_docx(samples.legal_draft(chapters=1, articles=1), lambda done, total: told.append((done, total)))

    assert told == [(10, 10)]


def test_a_pdf_made_by_libreoffice_from_the_same_draft_gives_the_same_tree():
    # nghi-quyet.pdf is samples.legal_draft() converted by LibreOffice (reporting.output.pdf.render_pdf).
    pdf = (DATA / "nghi-quyet.pdf").read_bytes()
    from_word = splitting.split_docx(samples.legal_draft())

    parts = splitting.split(pdf)

    # The PDF joins the title and the preamble (no blank line between them); the rest is the Word file's tree.
    assert shape(parts)[1:] == [
        (k, n, h, d, p - 1 if p is not None else None) for k, n, h, d, p in shape(from_word)[2:]
    ]
    assert [p.text for p in parts[1:]] == [p.text for p in from_word[2:]]


def test_a_file_that_is_neither_word_nor_pdf_is_refused():
    with pytest.raises(splitting.SplitFailed):
        splitting.split(b"PK\x03\x04 not a zip")


def test_classify_reads_the_numbering_of_a_line():
    assert splitting.classify("Phần thứ nhất. Những vấn đề chung") == ("part", "Phần thứ nhất", "Những vấn đề chung")
    assert splitting.classify("CHƯƠNG III") == ("chapter", "CHƯƠNG III", "")
    assert splitting.classify("Mục 2. Quỹ phát triển") == ("section", "Mục 2", "Quỹ phát triển")
    assert splitting.classify("Điều 12a. Hiệu lực thi hành") == ("article", "Điều 12a", "Hiệu lực thi hành")
    assert splitting.classify("Điều kiện hỗ trợ") is None
    assert splitting.classify("2016 là năm bản lề") is None
