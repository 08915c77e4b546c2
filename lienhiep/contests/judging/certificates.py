"""Certificates of the prizes awarded (Giấy chứng nhận), one page per author, in one Word file an office prints on
its certificate paper: the organiser, the contest and edition, the author, the entry, its unit, the prize, the
results decision's number and date, and who signs. Read from plain data (`Certificate`, built by
`selectors.certificates`), in Vietnamese: the words are the document's."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from docx import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from lienhiep.contests.judging.decision import RANK_WORDS
from lienhiep.reporting.formats import place_date
from lienhiep.reporting.output.word import clean, deterministic

FONT = "Times New Roman"


@dataclass(frozen=True)
class Certificate:
    issuer: str
    contest: str  # "Hội thi Sáng tạo Kỹ thuật tỉnh Hà Tĩnh lần thứ 10 (2025–2026)"
    author: str
    title: str
    unit: str
    group: str
    rank: str
    decision_line: str  # "Quyết định số 03/QĐ-LHH ngày 25/11/2026"
    place: str
    issued_on: dt.date | None
    signer_title: str
    signer_name: str


def _font(run: object, size: int, *, bold: bool = False, italic: bool = False) -> None:
    run.font.name = FONT  # type: ignore[attr-defined]
    run.font.size = Pt(size)  # type: ignore[attr-defined]
    run.bold = bold or None  # type: ignore[attr-defined]
    run.italic = italic or None  # type: ignore[attr-defined]
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()  # type: ignore[attr-defined]
    for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(slot), FONT)


def _line(doc: object, text: str, size: int, *, bold: bool = False, italic: bool = False, after: int = 6) -> object:
    paragraph = doc.add_paragraph()  # type: ignore[attr-defined]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(after)
    _font(paragraph.add_run(clean(text)), size, bold=bold, italic=italic)
    return paragraph


def render(certificates: list[Certificate]) -> bytes:
    """One landscape A4 page per certificate, in the order given."""
    doc = WordDocument()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(20)
    doc.core_properties.author = doc.core_properties.last_modified_by = ""
    doc.core_properties.created = doc.core_properties.modified = dt.datetime(2020, 1, 1)  # noqa: DTZ001
    for index, cert in enumerate(certificates):
        _line(doc, cert.issuer.upper(), 14, bold=True)
        _line(doc, "GIẤY CHỨNG NHẬN", 32, bold=True, after=18)
        _line(doc, f"Chứng nhận: {cert.author}", 20, bold=True)
        _line(doc, f"Tác giả đề tài, sản phẩm: {cert.title}", 15)
        if cert.unit:
            _line(doc, f"Đơn vị: {cert.unit}", 14)
        _line(doc, f"Đã đạt {RANK_WORDS.get(cert.rank, cert.rank)} lĩnh vực {cert.group}", 16, bold=True)
        _line(doc, f"tại {cert.contest}", 14)
        if cert.decision_line:
            _line(doc, f"(Theo {cert.decision_line})", 13, italic=True, after=12)
        _line(doc, place_date(cert.place, cert.issued_on), 14, italic=True)
        _line(doc, cert.signer_title.upper(), 14, bold=True, after=48)
        last = _line(doc, cert.signer_name, 14, bold=True, after=0)
        if index < len(certificates) - 1:
            last.add_run().add_break(WD_BREAK.PAGE)  # type: ignore[attr-defined]
    buffer = io.BytesIO()
    doc.save(buffer)
    return deterministic(buffer.getvalue())
