"""Builds the two shipped Word skins (REPORTING.md §5.7) with python-docx, so they are reproducible:

    .venv/bin/python lienhiep/reporting/skins/build.py

writes `hanh-chinh.docx` (administrative: the full ND 30/2020 head, "Số:", signature and Nơi nhận) and
`van-kien-dai-hoi.docx` (congress document: the issuing body, an optional "DỰ THẢO" box, the collective author)
next to this file. Both are committed: they are source assets, and a union may replace its skin with one edited in
Word as long as it keeps the placeholders and the named styles below.

A skin holds the page (A4, margins 20/20/30/15 mm, the page number centred in the header from page 2), the
styles the body is built from ("LH Phần", "LH Mục I", "LH Mục 1", "LH Mục 1.1", "LH Nội dung",
"LH Gạch đầu dòng", "LH Bảng", "LH Nơi nhận"; footnotes Word's "footnote text" / "footnote reference"), an
empty footnotes part, and the frame's docxtpl placeholders: {{ superior_line }}, {{ issuer_line }}, {{ number_line }},
{{ place_date }}, {{ doc_type }}, summary_lines, {{p body }}, {{ authority }}, {{ signer_title }},
{{ signer_name }}, {{ collective_author }}, recipients, draft_mark. Times New Roman is set in every rFonts slot
(ascii, hAnsi, cs, eastAsia) of the document defaults and of every style, and no style keeps a theme font.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
import zipfile
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Mm, Pt

HERE = Path(__file__).resolve().parent
FONT = "Times New Roman"
TEXT_WIDTH = Mm(165)  # A4 210 mm less 30 + 15 mm
LEFT_COLUMN = Cm(6.6)  # the head table: about 40 % / 60 % of the text width (ND 30, Phụ lục I)
RIGHT_COLUMN = TEXT_WIDTH - LEFT_COLUMN
EPOCH = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"

# The body's styles (python-docx's add_style makes ids from names; these are given ASCII ids).
STYLES = {
    "LH Nội dung": "LHNoiDung",
    "LH Gạch đầu dòng": "LHGachDauDong",
    "LH Phần": "LHPhan",
    "LH Mục I": "LHMucI",
    "LH Mục 1": "LHMuc1",
    "LH Mục 1.1": "LHMuc11",
    "LH Bảng": "LHBang",
    "LH Nơi nhận": "LHNoiNhan",
    # Word's own names for footnotes, which Word and LibreOffice apply to a note's number and text by themselves.
    "footnote text": "FootnoteText",
    "footnote reference": "FootnoteReference",
    "LH Đầu": "LHDau",
    "LH Tên loại": "LHTenLoai",
    "LH Ký": "LHKy",
    "LH Số trang": "LHSoTrang",
}

FOOTNOTES_XML = (
    f"<w:footnotes {nsdecls('w', 'r')}>"
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/>'
    "</w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>"
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
    'w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
    "</w:footnotes>"
)


# Children that come after w:pBdr / a paragraph mark's w:rPr / w:tblBorders / w:tblCellMar in their parent
# (ECMA-376 CT_PPrBase, CT_PPr, CT_TblPr): Word refuses a file whose children are out of order.
AFTER_PBDR = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct",
    "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
    "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
    "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip
AFTER_MARK = ("w:sectPr", "w:pPrChange")
AFTER_TBL_BORDERS = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription")
AFTER_TBL_CELL_MAR = ("w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange")


def fonts(rpr: Any) -> None:
    """Times New Roman in the four slots of an rPr, no theme font left to override them."""
    rfonts = rpr.get_or_add_rFonts()
    for name in list(rfonts.attrib):
        if name.lower().endswith("theme"):  # asciiTheme, hAnsiTheme, eastAsiaTheme and cstheme
            del rfonts.attrib[name]
    for slot in ("ascii", "hAnsi", "cs", "eastAsia"):
        rfonts.set(qn(f"w:{slot}"), FONT)


def defaults(document: Any) -> None:
    styles = document.styles.element
    rpr_default = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    rpr = rpr_default.find(qn("w:rPr"))
    fonts(rpr)
    for tag, value in (("w:sz", "28"), ("w:szCs", "28")):
        element = rpr.find(qn(tag))
        if element is None:
            element = rpr.makeelement(qn(tag), {})
            rpr.append(element)
        element.set(qn("w:val"), value)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = rpr.makeelement(qn("w:lang"), {})
        rpr.append(lang)
    lang.set(qn("w:val"), "vi-VN")
    lang.set(qn("w:eastAsia"), "vi-VN")
    lang.set(qn("w:bidi"), "ar-SA")
    # Every style that names fonts names ours.
    for style in styles.iter(qn("w:style")):
        for rpr in style.iter(qn("w:rPr")):
            if rpr.find(qn("w:rFonts")) is not None:
                fonts(rpr)
    normal = document.styles["Normal"]
    normal.font.size = Pt(14)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    fonts(normal.element.get_or_add_rPr())


def style(document: Any, name: str, kind: Any = WD_STYLE_TYPE.PARAGRAPH, base: str = "Normal", **options: Any) -> Any:
    created = document.styles.add_style(name, kind)
    created.style_id = STYLES[name]
    created.base_style = document.styles[base]
    created.quick_style = True
    font = created.font
    font.name = FONT
    fonts(created.element.get_or_add_rPr())
    font.size = Pt(options.pop("size", 14))
    font.bold = options.pop("bold", None)
    font.italic = options.pop("italic", None)
    if options.pop("superscript", False):
        font.superscript = True
    if kind == WD_STYLE_TYPE.CHARACTER:
        return created
    paragraph = created.paragraph_format
    paragraph.alignment = options.pop("align", WD_ALIGN_PARAGRAPH.JUSTIFY)
    paragraph.first_line_indent = options.pop("first_line", None)
    paragraph.left_indent = options.pop("left", None)
    paragraph.space_before = Pt(options.pop("before", 0))
    paragraph.space_after = Pt(options.pop("after", 6))
    spacing = options.pop("line", 1.15)
    if spacing == 1.0:
        paragraph.line_spacing_rule = WD_LINE_SPACING.SINGLE
    else:
        paragraph.line_spacing = spacing
    paragraph.keep_with_next = options.pop("keep", None)
    paragraph.widow_control = True
    if options:
        raise TypeError(f"unknown style options: {sorted(options)}")
    return created


def body_styles(document: Any) -> None:
    body: dict[str, Any] = {"size": 14, "first_line": Cm(1.27), "after": 6, "line": 1.15}
    style(document, "LH Nội dung", **body)
    # "- " and "+ " as the seeds type them: the dash where a paragraph starts, the lines after it under its text.
    style(document, "LH Gạch đầu dòng", **{**body, "left": Cm(1.56), "first_line": Cm(-0.29)})
    style(document, "LH Phần", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, before=12, after=6, keep=True)
    heading: dict[str, Any] = {**body, "before": 6, "keep": True}
    style(document, "LH Mục I", bold=True, **heading)
    style(document, "LH Mục 1", bold=True, **heading)
    style(document, "LH Mục 1.1", bold=True, italic=True, **heading)
    style(document, "LH Bảng", size=13, align=WD_ALIGN_PARAGRAPH.LEFT, after=0, line=1.0)
    style(document, "LH Nơi nhận", size=11, align=WD_ALIGN_PARAGRAPH.LEFT, after=0, line=1.0)
    style(document, "footnote text", size=12, after=0, line=1.0)
    style(document, "footnote reference", WD_STYLE_TYPE.CHARACTER, base="Default Paragraph Font", superscript=True)
    style(document, "LH Đầu", size=13, align=WD_ALIGN_PARAGRAPH.CENTER, after=0, line=1.0)
    style(document, "LH Tên loại", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0, line=1.0, keep=True)
    style(document, "LH Ký", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0, line=1.0)
    style(document, "LH Số trang", size=13, align=WD_ALIGN_PARAGRAPH.CENTER, after=0, line=1.0)


def page(document: Any) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance, section.footer_distance = Mm(10), Mm(10)
    section.gutter = 0
    # The page number is centred in the header from page 2 (ND 30): page 1 has its own, empty header.
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.style = document.styles["LH Số trang"]
    for kind, text in (("begin", ""), ("instr", " PAGE "), ("separate", ""), ("text", "2"), ("end", "")):
        run = paragraph.add_run()
        if kind == "instr":
            instr = run._r.makeelement(qn("w:instrText"), {qn("xml:space"): "preserve"})
            instr.text = text
            run._r.append(instr)
        elif kind == "text":
            run.text = text
        else:
            run._r.append(run._r.makeelement(qn("w:fldChar"), {qn("w:fldCharType"): kind}))
    section.first_page_header.paragraphs[0].style = document.styles["LH Số trang"]
    for footer in (section.footer, section.first_page_footer):
        footer.paragraphs[0].style = document.styles["LH Số trang"]


def footnotes_part(document: Any) -> None:
    """An empty footnotes part (its two separators); `reporting.output.footnotes` adds the notes after rendering."""
    part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, FOOTNOTES_XML.encode(), document.part.package)
    document.part.relate_to(part, RT.FOOTNOTES)
    settings = document.settings.element
    footnote_pr = parse_xml(
        f'<w:footnotePr {nsdecls("w")}><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>'
    )
    settings.find(qn("w:compat")).addprevious(footnote_pr)


def properties(document: Any) -> None:
    package = document.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:  # python-docx's template carries a picture of some other document
            del package.rels[rel_id]
    for rel_id, rel in list(document.part.rels.items()):
        # Word 2010's copy of the styles (with theme fonts) and an empty bibliography: neither is read here.
        if rel.reltype in {STYLES_WITH_EFFECTS, RT.CUSTOM_XML}:
            del document.part.rels[rel_id]
    core = document.core_properties
    core.author = core.last_modified_by = "Liên hiệp"
    core.title = core.subject = core.comments = core.keywords = core.category = ""
    core.created = core.modified = core.last_printed = EPOCH.replace(tzinfo=None)
    core.revision = 1


def paragraph(container: Any, text: str = "", style_name: str = "LH Đầu", **run_options: Any) -> Any:
    added = container.add_paragraph(style=style_name)
    if text:
        run = added.add_run(text)
        for option, value in run_options.items():
            if option == "size":
                run.font.size = Pt(value)
            else:
                setattr(run.font, option, value)
    return added


def rule(container: Any, width: Any, cell_width: Any) -> Any:
    """A short line under a head element (ND 30): an empty paragraph 4 pt high whose bottom border is `width` long."""
    added = container.add_paragraph(style="LH Đầu")
    side = int((cell_width - width) / 2)
    added.paragraph_format.left_indent = side
    added.paragraph_format.right_indent = side
    ppr = added._p.get_or_add_pPr()
    line = '<w:bottom w:val="single" w:sz="6" w:space="1" w:color="000000"/>'
    ppr.insert_element_before(parse_xml(f"<w:pBdr {nsdecls('w')}>{line}</w:pBdr>"), *AFTER_PBDR)
    ppr.insert_element_before(parse_xml(f'<w:rPr {nsdecls("w")}><w:sz w:val="8"/></w:rPr>'), *AFTER_MARK)
    return added


def boxed(added: Any, width: Any, cell_width: Any) -> None:
    side = int((cell_width - width) / 2)
    added.paragraph_format.left_indent = side
    added.paragraph_format.right_indent = side
    border = "".join(
        f'<w:{edge} w:val="single" w:sz="8" w:space="2" w:color="000000"/>'
        for edge in ("top", "left", "bottom", "right")
    )
    added._p.get_or_add_pPr().insert_element_before(parse_xml(f"<w:pBdr {nsdecls('w')}>{border}</w:pBdr>"), *AFTER_PBDR)


def frame_table(document: Any, widths: tuple[Any, Any], rows: int = 1) -> Any:
    """A table without borders across the text width (the head, the signature), its columns fixed."""
    table = document.add_table(rows=rows, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False  # w:tblLayout fixed
    tbl_pr = table._tbl.tblPr
    edges = "".join(f'<w:{edge} w:val="nil"/>' for edge in ("top", "left", "bottom", "right", "insideH", "insideV"))
    tbl_pr.insert_element_before(parse_xml(f"<w:tblBorders {nsdecls('w')}>{edges}</w:tblBorders>"), *AFTER_TBL_BORDERS)
    margins = '<w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/>'
    tbl_pr.insert_element_before(
        parse_xml(f"<w:tblCellMar {nsdecls('w')}>{margins}</w:tblCellMar>"), *AFTER_TBL_CELL_MAR
    )
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width
    for row in table.rows:
        for cell in row.cells:
            # A cell starts with an empty paragraph; the frame adds its own.
            cell._tc.remove(cell.paragraphs[0]._p)
    return table


def head_administrative(document: Any) -> None:
    table = frame_table(document, (LEFT_COLUMN, RIGHT_COLUMN), rows=2)
    bodies, state = table.rows[0].cells
    paragraph(bodies, "{{ superior_line }}", size=13)
    paragraph(bodies, "{{ issuer_line }}", size=13, bold=True)
    rule(bodies, Cm(2.6), LEFT_COLUMN)
    paragraph(state, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=12, bold=True)
    paragraph(state, "Độc lập - Tự do - Hạnh phúc", size=13, bold=True)
    rule(state, Cm(6.0), RIGHT_COLUMN)
    number, date = table.rows[1].cells
    paragraph(number, "{{ number_line }}", size=13).paragraph_format.space_before = Pt(6)
    paragraph(date, "{{ place_date }}", size=14, italic=True).paragraph_format.space_before = Pt(6)


def head_congress(document: Any) -> None:
    table = frame_table(document, (LEFT_COLUMN, RIGHT_COLUMN), rows=2)
    bodies, mark = table.rows[0].cells
    paragraph(bodies, "{{ issuer_line }}", size=13, bold=True)
    rule(bodies, Cm(2.6), LEFT_COLUMN)
    paragraph(mark, "{%p if draft_mark %}")
    boxed(paragraph(mark, "DỰ THẢO", size=13, bold=True), Cm(3.2), RIGHT_COLUMN)
    paragraph(mark, "{%p endif %}")
    paragraph(table.rows[1].cells[0])
    paragraph(table.rows[1].cells[1], "{{ place_date }}", size=14, italic=True).paragraph_format.space_before = Pt(6)


def title(document: Any) -> None:
    paragraph(document, "{{ doc_type }}", "LH Tên loại").paragraph_format.space_before = Pt(18)
    paragraph(document, "{%p for line in summary_lines %}", "LH Tên loại")
    paragraph(document, "{{ line }}", "LH Tên loại")
    paragraph(document, "{%p endfor %}", "LH Tên loại")
    rule(document, Cm(4.0), TEXT_WIDTH).paragraph_format.space_after = Pt(12)
    paragraph(document, "{{p body }}", "LH Nội dung")


def closing_administrative(document: Any) -> None:
    table = frame_table(document, (Cm(7.5), TEXT_WIDTH - Cm(7.5)))
    # The signature and Nơi nhận stay together on one page.
    table.rows[0]._tr.get_or_add_trPr().append(parse_xml(f"<w:cantSplit {nsdecls('w')}/>"))
    recipients, signature = table.rows[0].cells
    label = paragraph(recipients, "Nơi nhận:", "LH Nơi nhận", size=12, bold=True, italic=True)
    label.paragraph_format.space_before = Pt(12)
    paragraph(recipients, "{%p for item in recipients %}", "LH Nơi nhận")
    paragraph(recipients, "{{ item }}", "LH Nơi nhận")
    paragraph(recipients, "{%p endfor %}", "LH Nơi nhận")
    paragraph(signature, "{{ authority }}", "LH Ký").paragraph_format.space_before = Pt(12)
    paragraph(signature, "{{ signer_title }}", "LH Ký")
    for _blank in range(4):  # room for the signature and the seal
        paragraph(signature, "", "LH Ký")
    paragraph(signature, "{{ signer_name }}", "LH Ký")


def closing_congress(document: Any) -> None:
    table = frame_table(document, (LEFT_COLUMN, RIGHT_COLUMN))
    table.rows[0]._tr.get_or_add_trPr().append(parse_xml(f"<w:cantSplit {nsdecls('w')}/>"))
    paragraph(table.rows[0].cells[0], "", "LH Ký")
    paragraph(table.rows[0].cells[1], "{{ collective_author }}", "LH Ký").paragraph_format.space_before = Pt(12)


def skin(administrative: bool) -> Any:
    document = Document()
    defaults(document)
    body_styles(document)
    page(document)
    footnotes_part(document)
    properties(document)
    for empty in document.paragraphs:
        document.element.body.remove(empty._p)
    if administrative:
        head_administrative(document)
    else:
        head_congress(document)
    title(document)
    if administrative:
        closing_administrative(document)
    else:
        closing_congress(document)
    return document


def build(directory: Path = HERE) -> list[Path]:
    written = []
    for name, administrative in (("hanh-chinh.docx", True), ("van-kien-dai-hoi.docx", False)):
        path = directory / name
        buffer = io.BytesIO()
        skin(administrative).save(buffer)
        # Fixed entry times: building again writes the same bytes, so git sees a change only when there is one.
        fixed = io.BytesIO()
        with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
                entry.compress_type = zipfile.ZIP_DEFLATED
                entry.external_attr = 0o644 << 16
                target.writestr(entry, source.read(info))
        path.write_bytes(fixed.getvalue())
        written.append(path)
    return written


if __name__ == "__main__":
    for path in build(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE):
        print(path)
