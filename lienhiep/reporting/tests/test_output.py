"""The Word file of a report (REPORTING.md §5.7, §5.9 F 37–43): both skins pass the layout check, the text is the
document's, two renders are the same bytes, and the checker catches a broken file."""

import dataclasses
import datetime as dt
import io
import re
import zipfile

import pytest
from docx import Document as WordDocument
from lxml import etree

from lienhiep.reporting.document import Paragraph, Run, Section, Table
from lienhiep.reporting.output import file_name, render_docx
from lienhiep.reporting.output.word import SKINS, part_label
from lienhiep.reporting.skins.build import build
from lienhiep.reporting.tests import documents
from lienhiep.reporting.tests.layout import problems

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def part(docx: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        return archive.read(name)


def paragraphs(docx: bytes) -> list[str]:
    """Every paragraph's text in the body, tables included, in order; a line break as "\\n"."""
    root = etree.fromstring(part(docx, "word/document.xml"))
    return [
        "".join("\n" if element.tag == f"{W}br" else element.text or "" for element in p.iter(f"{W}t", f"{W}br"))
        for p in root.iter(f"{W}p")
    ]


def rewrite(docx: bytes, name: str, change) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as source, zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            target.writestr(info.filename, change(data) if info.filename == name else data)
    return buffer.getvalue()


def test_the_administrative_report_passes_the_layout_check():
    assert problems(render_docx(documents.administrative()), style="administrative") == []


@pytest.mark.parametrize("draft_mark", [False, True])
def test_the_congress_document_passes_the_layout_check(draft_mark):
    docx = render_docx(documents.congress(draft_mark=draft_mark))
    assert problems(docx, style="congress") == []
    assert ("DỰ THẢO" in paragraphs(docx)) is draft_mark


def test_the_administrative_head_signature_and_recipients():
    texts = [text for text in paragraphs(render_docx(documents.administrative())) if text]
    assert texts[:9] == [
        "LIÊN HIỆP CÁC HỘI KH&KT VIỆT NAM",
        "LIÊN HIỆP CÁC HỘI KH&KT TỈNH HÀ TĨNH",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 05/BC-LHH",
        "Hà Tĩnh, ngày 12 tháng 01 năm 2026",
        "BÁO CÁO",
        "Tổng kết hoạt động năm 2025",
        "và phương hướng nhiệm vụ năm 2026",
    ]
    assert texts[-7:] == [
        "Nơi nhận:",
        "- Liên hiệp các Hội KH&KT Việt Nam (b/c);",
        "- Thường trực Tỉnh ủy (b/c);",
        "- Lưu: VT, VP.",
        "TM. BAN CHẤP HÀNH",
        "CHỦ TỊCH",
        "Tôn Quang Ngọc",
    ]


def test_the_body_sections_bullets_table_and_end_mark():
    texts = [text for text in paragraphs(render_docx(documents.administrative())) if text]
    body = texts[texts.index("và phương hướng nhiệm vụ năm 2026") + 1 : texts.index("Nơi nhận:")]
    assert body == [
        "I. KẾT QUẢ ĐẠT ĐƯỢC",
        "Liên hiệp các Hội KH&KT tỉnh Hà Tĩnh có 19 hội thành viên, tập hợp được 1.700 hội viên, tăng 22 hội viên "
        "so với đầu năm; đội ngũ hội viên có trình độ chuyên môn và tâm huyết.",
        "1. Công tác thông tin tuyên truyền, phổ biến kiến thức KH&KT",
        "- Tổ chức 12 lớp tập huấn với trên 900 lượt người tham dự;",
        "+ Kỹ thuật chăn nuôi gà an toàn sinh học;",
        "+ Phổ biến kiến thức pháp luật cho hội viên ở các phường, xã.",
        "1.1. Tập huấn theo lĩnh vực",
        "Lĩnh vực",
        "Số lớp",
        "Lượt người",
        "Nông nghiệp",
        "07",
        "512",
        "Y tế",
        "05",
        "420",
        "Cộng",
        "12",
        "932",
        "II. TỒN TẠI, HẠN CHẾ",
        "Một số hội thành viên chưa có kinh phí hoạt động./.",
    ]


def test_styles_are_the_skins_named_ones():
    word = WordDocument(io.BytesIO(render_docx(documents.administrative())))
    body = [(p.style.name, p.text[:12]) for p in word.paragraphs if p.text]
    assert body[3:11] == [
        ("LH Mục I", "I. KẾT QUẢ Đ"),
        ("LH Nội dung", "Liên hiệp cá"),
        ("LH Mục 1", "1. Công tác "),
        ("LH Gạch đầu dòng", "- Tổ chức 12"),
        ("LH Gạch đầu dòng", "+ Kỹ thuật c"),
        ("LH Gạch đầu dòng", "+ Phổ biến k"),
        ("LH Mục 1.1", "1.1. Tập huấ"),
        ("LH Mục I", "II. TỒN TẠI,"),
    ]
    # The runs keep their bold and italic: "1.700" bold, "trên 900" italic.
    runs = {run.text: (run.bold, run.italic) for p in word.paragraphs for run in p.runs if run.text.strip()}
    assert runs["1.700"] == (True, None)
    assert runs["trên 900"] == (None, True)


def test_tables_repeat_a_bold_header_and_right_align_numbers():
    word = WordDocument(io.BytesIO(render_docx(documents.administrative())))
    table = word.tables[1]  # after the head table
    header, first, *_rest, totals = table.rows
    assert header._tr.trPr.find(f"{W}tblHeader") is not None
    assert [cell.paragraphs[0].runs[0].bold for cell in header.cells] == [True, True, True]
    assert [str(cell.paragraphs[0].alignment) for cell in first.cells] == ["LEFT (0)", "RIGHT (2)", "RIGHT (2)"]
    assert [cell.paragraphs[0].runs[0].bold for cell in totals.cells] == [True, True, True]
    assert [cell.paragraphs[0].style.name for cell in first.cells] == ["LH Bảng"] * 3
    assert [len(row.cells) for row in table.rows] == [3, 3, 3, 3]


def test_parts_in_ordinal_words_or_roman_numerals():
    congress = documents.congress()
    words = [text for text in paragraphs(render_docx(congress)) if text.startswith("Phần")]
    assert words == ["Phần thứ nhất", "Phần thứ hai"]
    numerals = dataclasses.replace(congress, part_words=False)
    assert [text for text in paragraphs(render_docx(numerals)) if text.startswith("Phần")] == ["Phần I", "Phần II"]
    assert [part_label(n, words=True) for n in (3, 4, 10)] == ["Phần thứ ba", "Phần thứ tư", "Phần thứ mười"]
    # A part numbered by the model layer prints as given.
    given = dataclasses.replace(congress, sections=(dataclasses.replace(congress.sections[0], number="Phần thứ hai"),))
    assert [text for text in paragraphs(render_docx(given)) if text.startswith("Phần")] == ["Phần thứ hai"]


def test_the_congress_frame():
    texts = [text for text in paragraphs(render_docx(documents.congress())) if text]
    # The issuing body on two lines (a line break inside one paragraph), no superior body, no number, no date.
    assert texts[:4] == [
        "LIÊN HIỆP CÁC HỘI KHOA HỌC VÀ KỸ THUẬT\nTHỊ XÃ HỒNG LĨNH",
        "BÁO CÁO",
        "TỔNG KẾT HOẠT ĐỘNG NHIỆM KỲ 2018 - 2023,",
        "PHƯƠNG HƯỚNG NHIỆM VỤ NHIỆM KỲ 2024 - 2029",
    ]
    assert texts[-2].endswith("các mục tiêu nhiệm kỳ 2024 - 2029./.")
    assert texts[-1] == "BCH LIÊN HIỆP HỘI THỊ XÃ KHOÁ IV"
    dated = dataclasses.replace(documents.congress(), date=dt.date(2024, 1, 26))
    assert "Hồng Lĩnh, ngày 26 tháng 01 năm 2024" in paragraphs(render_docx(dated))


def test_footnotes_are_numbered_and_resolve():
    docx = render_docx(documents.administrative())
    body = etree.fromstring(part(docx, "word/document.xml"))
    assert [ref.get(f"{W}id") for ref in body.iter(f"{W}footnoteReference")] == ["1"]
    notes = etree.fromstring(part(docx, "word/footnotes.xml"))
    written = {note.get(f"{W}id"): "".join(t.text or "" for t in note.iter(f"{W}t")) for note in notes}
    assert written == {"-1": "", "0": "", "1": " Trong năm có 03 hội cơ sở kiện toàn BCH."}


def test_two_renders_are_the_same_bytes():
    first, second = render_docx(documents.administrative()), render_docx(documents.administrative())
    assert part(first, "word/document.xml") == part(second, "word/document.xml")
    assert first == second
    assert render_docx(documents.congress()) == render_docx(documents.congress())


def test_metadata_names_the_issuing_body_and_the_issue_time():
    core = part(render_docx(documents.administrative()), "docProps/core.xml").decode()
    assert "<dc:creator>Liên hiệp các Hội KH&amp;KT tỉnh Hà Tĩnh</dc:creator>" in core
    assert "<cp:lastModifiedBy>Liên hiệp các Hội KH&amp;KT tỉnh Hà Tĩnh</cp:lastModifiedBy>" in core
    assert '<dcterms:created xsi:type="dcterms:W3CDTF">2026-01-12T08:30:00Z</dcterms:created>' in core
    assert "Trần Thị Bình" not in core
    draft = part(render_docx(documents.congress()), "docProps/core.xml").decode()
    assert '<dcterms:modified xsi:type="dcterms:W3CDTF">2020-01-01T00:00:00Z</dcterms:modified>' in draft


def test_a_draft_prints_blanks_for_the_number_and_the_date_and_the_checker_says_so():
    draft = dataclasses.replace(documents.administrative(), number_line="", date=None)
    docx = render_docx(draft)
    assert "Số:        /" in paragraphs(docx)
    assert "Hà Tĩnh, ngày … tháng … năm …" in paragraphs(docx)
    assert problems(docx, style="administrative") == [
        "no date line “<place>, ngày dd tháng mm năm yyyy” in the head",
        "no number line “Số: NN/BC-…” in the head",
    ]
    assert problems(docx, style="administrative", issued=False) == []


def test_the_end_mark_is_not_doubled_and_follows_a_last_footnote():
    ending = Section(level=1, number="III.", title="Kết luận", blocks=(Paragraph((Run("Trân trọng báo cáo./."),)),))
    typed = dataclasses.replace(documents.congress(), sections=(ending,))
    assert [text for text in paragraphs(render_docx(typed)) if text][-2] == "Trân trọng báo cáo./."
    noted = Section(
        level=1, number="I.", title="Kết quả", blocks=(Paragraph((Run("Có 03 đồng chí"), Run("", note="fn1"))),)
    )
    docx = render_docx(dataclasses.replace(documents.congress(), sections=(noted,)))
    assert [text for text in paragraphs(docx) if text][-2] == "Có 03 đồng chí./."
    assert problems(docx, style="congress") == []
    table_last = dataclasses.replace(documents.administrative(), sections=documents.administrative().sections[:1])
    texts = [text for text in paragraphs(render_docx(table_last)) if text]
    assert texts[texts.index("932") + 1] == "./."


def test_a_union_may_bring_its_own_skin():
    own = (SKINS / "hanh-chinh.docx").read_bytes()
    assert render_docx(documents.administrative(), skin=own) == render_docx(documents.administrative())


def test_the_committed_skins_are_what_the_script_builds(tmp_path):
    for path in build(tmp_path):
        assert path.read_bytes() == (SKINS / path.name).read_bytes(), path.name


def test_a_table_without_columns_prints_nothing():
    empty = Section(level=1, number="I.", title="Bảng", blocks=(Table(columns=(), rows=()),))
    docx = render_docx(dataclasses.replace(documents.congress(), sections=(empty,)))
    assert [text for text in paragraphs(docx) if text][-3:] == ["I. BẢNG", "./.", "BCH LIÊN HIỆP HỘI THỊ XÃ KHOÁ IV"]


def test_control_characters_are_dropped():
    pasted = Section(level=1, number="I.", title="Kết\x0bquả", blocks=(Paragraph((Run("Tập\x01 huấn"),)),))
    docx = render_docx(dataclasses.replace(documents.congress(), sections=(pasted,)))
    assert "I. KẾTQUẢ" in paragraphs(docx)
    assert "Tập huấn./." in paragraphs(docx)


def test_file_names_are_ascii():
    assert file_name(documents.administrative(), "docx") == "BC-05-2026-LHH-Ha-Tinh-nam-2025.docx"
    assert file_name(documents.congress(), "xlsx") == "BC-Hong-Linh-nhiem-ky-2018-2023.xlsx"
    seed = dataclasses.replace(
        documents.administrative(), place="Hồng Lĩnh", date=dt.date(2024, 3, 19), title="nhiệm kỳ 2018 - 2023"
    )
    assert file_name(seed, ".docx") == "BC-05-2024-LHH-Hong-Linh-nhiem-ky-2018-2023.docx"
    assert file_name(dataclasses.replace(seed, place="Đồng Tháp", title=""), "pdf") == (
        "BC-05-2024-LHH-Dong-Thap-tong-ket-hoat-dong-nam-2025-va-phuong-huong-nhiem-vu-nam-2026.pdf"
    )
    # The title as the model layer gives it, the kind first; a long one is cut between words.
    long = dataclasses.replace(seed, title="BÁO CÁO TỔNG KẾT HOẠT ĐỘNG NHIỆM KỲ 2018 - 2023, PHƯƠNG HƯỚNG " * 3)
    name = file_name(long, "docx")
    assert name.startswith("BC-05-2024-LHH-Hong-Linh-tong-ket-hoat-dong-nhiem-ky-2018-2023-phuong-huong-")
    assert len(name) <= 125
    assert not name.removesuffix(".docx").endswith("-")
    assert name.isascii()


# --- The checker catches a broken file ------------------------------------------------------------


@pytest.fixture(scope="module")
def good() -> bytes:
    return render_docx(documents.administrative())


def test_the_checker_catches_a_wrong_margin_and_paper(good):
    broken = rewrite(good, "word/document.xml", lambda xml: xml.replace(b'w:left="1701"', b'w:left="1134"'))
    assert problems(broken, style="administrative") == ["section 1: left margin 20.0 mm, not within 30–35 mm"]
    letter = rewrite(good, "word/document.xml", lambda xml: xml.replace(b'w:h="16838"', b'w:h="15840"'))
    assert problems(letter, style="administrative") == ["section 1: page 210.0 × 279.4 mm, not A4 210 × 297 mm"]


def test_the_checker_catches_a_font_in_any_slot(good):
    arial = rewrite(
        good,
        "word/document.xml",
        lambda xml: xml.replace(
            b"<w:t>1.700</w:t>",
            b'<w:t>1.700</w:t></w:r><w:r><w:rPr><w:rFonts w:eastAsia="Arial"/></w:rPr><w:t>x</w:t>',
            1,
        ),
    )
    assert problems(arial, style="administrative") == ["font 'Arial' in the eastAsia slot (e.g. “x”)"]
    # A theme font in the body style wins over the explicit font of the same rFonts, as in Word.
    themed = rewrite(
        good,
        "word/styles.xml",
        lambda xml: re.sub(
            rb'(w:styleId="LHNoiDung">.*?<w:rFonts )', rb'\g<1>w:cstheme="minorBidi" ', xml, count=1, flags=re.S
        ),
    )
    assert problems(themed, style="administrative") == [
        "font 'theme minorBidi' in the cs slot (e.g. “Liên hiệp các Hội KH&KT tỉnh Hà Tĩnh có”)"
    ]


def test_the_checker_catches_body_text_out_of_range(good):
    small = rewrite(
        good,
        "word/styles.xml",
        lambda xml: re.sub(
            rb'(<w:style w:type="paragraph" w:customStyle="1" w:styleId="LHNoiDung">.*?<w:sz w:val=")28',
            rb"\g<1>24",
            xml,
            count=1,
            flags=re.S,
        ),
    )
    assert problems(small, style="administrative") == [
        "body text 12.0 pt, not 13–14 pt (e.g. “Liên hiệp các Hội KH&KT tỉnh Hà Tĩnh có”)"
    ]


def test_the_checker_catches_a_missing_end_mark_page_number_and_titlepg(good):
    assert problems(
        rewrite(good, "word/document.xml", lambda xml: xml.replace(b"./.", b".")), style="administrative"
    ) == ["no end mark “./.” after the last paragraph"]
    assert problems(
        rewrite(good, "word/document.xml", lambda xml: xml.replace(b"<w:titlePg/>", b"")), style="administrative"
    ) == ["no different first page (titlePg): page 1 must have no page number"]
    assert problems(
        rewrite(good, "word/header1.xml", lambda xml: xml.replace(b" PAGE ", b" DATE ")), style="administrative"
    ) == ["no PAGE field in the header"]


def test_the_checker_catches_an_unescaped_ampersand_and_a_dangling_footnote(good):
    raw = problems(
        rewrite(good, "word/document.xml", lambda xml: xml.replace(b"KH&amp;KT", b"KH&KT", 1)), style="administrative"
    )
    assert raw[0].startswith("word/document.xml is not well-formed XML")
    dangling = rewrite(
        good,
        "word/document.xml",
        lambda xml: xml.replace(b'w:footnoteReference w:id="1"', b'w:footnoteReference w:id="7"'),
    )
    assert problems(dangling, style="administrative") == [
        "footnote reference 7 has no footnote",
        "footnote 1 is never referenced",
    ]


def test_the_checker_catches_the_head_and_the_recipients(good):
    plain = rewrite(good, "word/document.xml", lambda xml: xml.replace(b"<w:i/>", b"").replace(b"VT, VP.", b"VT, VP"))
    assert problems(plain, style="administrative") == [
        "the date line is not italic",
        "“Nơi nhận:” is not bold italic",
        "the last recipient “- Lưu: VT, VP” does not end with “.”",
    ]
    assert problems(good, style="congress") == [
        "a congress document carries no “Số:”",
        "a congress document carries no “Nơi nhận:”",
    ]
