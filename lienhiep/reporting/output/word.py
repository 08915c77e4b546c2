"""The report as a Word file (REPORTING.md §5.7): docxtpl renders a skin (the ND 30/2020 frame: head, title,
signature, Nơi nhận), python-docx builds the body as a subdocument (`{{p body }}`) from the skin's named styles
only, then the footnotes are written (`footnotes.py`) and the package is zipped byte for byte the same for the
same `Document`.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path
from typing import Any

from docx import Document as WordDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Emu, Mm
from docxtpl import DocxTemplate
from lxml import etree

from lienhiep.reporting.document import Document, Paragraph, Section, Table
from lienhiep.reporting.formats import place_date
from lienhiep.reporting.output import footnotes

SKINS = Path(__file__).resolve().parent.parent / "skins"
SKIN_FILES = {"administrative": "hanh-chinh.docx", "congress": "van-kien-dai-hoi.docx"}
# created / modified when the document carries no issue time: a fixed instant, so drafts render the same bytes too.
EPOCH = dt.datetime(2020, 1, 1)  # noqa: DTZ001 - core.xml stores UTC without a zone
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
TEXT_WIDTH = Mm(165)
END_MARK = "./."

# The skin's styles the body uses (by name, so a union's own skin may restyle them).
PART, LEVEL_I, LEVEL_1, LEVEL_11 = "LH Phần", "LH Mục I", "LH Mục 1", "LH Mục 1.1"
BODY, BULLET, TABLE = "LH Nội dung", "LH Gạch đầu dòng", "LH Bảng"
HEADINGS = {1: LEVEL_I, 2: LEVEL_1}
ORDINALS = ("nhất", "hai", "ba", "tư", "năm", "sáu", "bảy", "tám", "chín", "mười")
ROMANS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "right": WD_ALIGN_PARAGRAPH.RIGHT, "center": WD_ALIGN_PARAGRAPH.CENTER}
# Characters XML 1.0 cannot hold (a control character pasted from elsewhere) are dropped, not fatal.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def skin_path(document: Document) -> Path:
    return SKINS / SKIN_FILES[document.style]


def part_label(index: int, *, words: bool) -> str:
    """ "Phần thứ nhất" (ordinal words, as the seeds and Party documents write it) or "Phần I" (ND 30)."""
    if words and index <= len(ORDINALS):
        return f"Phần thứ {ORDINALS[index - 1]}"
    return f"Phần {ROMANS[index - 1] if index <= len(ROMANS) else index}"


def render_docx(document: Document, *, skin: Path | bytes | None = None) -> bytes:
    """The `.docx` of `document`, on the shipped skin of its style or on `skin` (a union's own)."""
    source: Any = io.BytesIO(skin) if isinstance(skin, bytes) else (skin or skin_path(document))
    template = DocxTemplate(source)
    body = _Subdoc(template)
    _Body(body, document).build()
    template.render(_context(document, body), autoescape=True)
    _properties(template.docx, document)
    buffer = io.BytesIO()
    template.save(buffer)
    return deterministic(footnotes.add_footnotes(buffer.getvalue(), document.footnotes))


def _context(document: Document, body: Any) -> dict[str, Any]:
    administrative = document.style == "administrative"
    dated = place_date(clean(document.place), document.date) if (document.date or administrative) else ""
    recipients = [clean(line).strip() for line in document.recipients if line.strip()]
    return {
        "superior_line": clean(document.superior_line).upper(),
        "issuer_line": clean(document.issuer_line).upper(),
        "number_line": clean(document.number_line) or ("Số:        /" if administrative else ""),
        "place_date": dated,
        "doc_type": clean(document.doc_type).upper(),
        "summary_lines": [clean(line) for line in document.summary.split("\n") if line.strip()],
        "body": body,
        "authority": clean(document.authority).upper(),
        "signer_title": clean(document.signer_title).upper(),
        "signer_name": clean(document.signer_name),
        "collective_author": clean(document.collective_author).upper(),
        "recipients": [line if line.startswith(("-", "+")) else f"- {line}" for line in recipients],
        "draft_mark": document.draft_mark,
    }


def _properties(docx: Any, document: Document) -> None:
    """Metadata that names the issuing body and the issue time, never the person who clicked (§5.7)."""
    core = docx.core_properties
    issued = document.issued_at
    if issued is not None and issued.tzinfo is not None:
        issued = issued.astimezone(dt.UTC).replace(tzinfo=None)
    when = issued or EPOCH
    core.author = core.last_modified_by = clean(document.issuer_line)
    core.title = clean(document.title or document.summary.replace("\n", " "))
    core.subject = core.comments = core.keywords = core.category = ""
    core.created = core.modified = core.last_printed = when
    core.revision = 1


def deterministic(docx: bytes) -> bytes:
    """The package again with fixed entry times (python-docx stamps the time of saving), so the same document
    gives the same bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, source.read(info))
    return buffer.getvalue()


class _Subdoc:
    """What docxtpl's `new_subdoc()` gives (a python-docx document sharing the skin's part, so its styles are the
    skin's, inserted by `{{p body }}` as XML), without docxtpl's import of docxcompose, which only a subdocument
    read from a file needs and which is not installed."""

    def __init__(self, template: DocxTemplate) -> None:
        self.subdocx: Any = WordDocument()
        self.subdocx._part = template.get_docx()._part

    def __getattr__(self, name: str) -> Any:
        return getattr(self.subdocx, name)

    def __html__(self) -> str:
        body = self.subdocx.element.body
        if body.sectPr is not None:
            body.remove(body.sectPr)
        return "".join(etree.tostring(child, encoding="unicode") for child in body)

    __str__ = __html__


class _Body:
    def __init__(self, subdoc: Any, document: Document) -> None:
        self.doc = subdoc
        self.document = document
        self.parts = 0
        self._style_ids: dict[str, str] = {}

    def build(self) -> None:
        for section in self.document.sections:
            self.section(section)
        self.end_mark()

    def add(self, style: str) -> Any:
        """A new paragraph of the skin's style `style`, named by its id: python-docx looks a style up by its name
        through every style of the skin for each paragraph (a province's report spent 2.5 s doing so)."""
        added = self.doc.add_paragraph()
        added._p.style = self._style_id(style)
        return added

    def paragraph(self, style: str, text: str = "") -> Any:
        added = self.add(style)
        if text:
            added.add_run(clean(text))
        return added

    def section(self, section: Section) -> None:
        title = clean(section.title)
        if section.level == 0 and (title or section.number):
            self.parts += 1
            # The model layer may number the part itself ("Phần thứ nhất"); otherwise by `Document.part_words`.
            label = clean(section.number) or part_label(self.parts, words=self.document.part_words)
            self.paragraph(PART, label)
            if title:
                self.paragraph(PART, title.upper())
        elif section.level == 0:
            pass  # an untitled passage (an opening, a closing paragraph) prints no part heading and takes no number
        else:
            text = title.upper() if section.level == 1 else title
            self.paragraph(HEADINGS.get(section.level, LEVEL_11), f"{section.number} {text}".strip())
        for block in section.blocks:
            if isinstance(block, Table):
                self.table(block)
            else:
                self.text(block)
        for child in section.sections:
            self.section(child)

    def text(self, block: Paragraph) -> None:
        added = self.add(BULLET if block.bullet else BODY)
        first = True
        for run in block.runs:
            if run.note:
                added.add_run(footnotes.marker(run.note))
                continue
            text = clean(run.text)
            if first and block.bullet and not text.startswith(block.bullet):
                text = f"{block.bullet} {text.lstrip()}"
            first = False
            if text:
                piece = added.add_run(text)
                piece.bold = run.bold or None
                piece.italic = run.italic or None
        if first and block.bullet:
            added.add_run(f"{block.bullet} ")

    def table(self, block: Table) -> None:
        if not block.columns:
            return
        rows = [tuple(column.label for column in block.columns), *block.rows]
        if block.totals is not None:
            rows.append(block.totals)
        columns = len(block.columns)
        table = self.doc.add_table(rows=len(rows), cols=columns)
        table.style = self.doc.styles["Table Grid"]
        table.autofit = False
        weights = [
            max(4, min(40, max(len(str(row[index])) for row in rows if index < len(row)))) for index in range(columns)
        ]
        total = sum(weights)
        widths = [Emu(int(TEXT_WIDTH * weight / total)) for weight in weights]
        for index, column in enumerate(table.columns):
            column.width = widths[index]
        last = len(rows) - 1
        table_style = self._style_id(TABLE)
        for number, (row, values) in enumerate(zip(table.rows, rows, strict=True)):
            header = number == 0
            bold = header or (block.totals is not None and number == last)
            if header:
                # The header row repeats on every page the table runs over.
                row._tr.get_or_add_trPr().append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))
            for index, cell in enumerate(row.cells):
                cell.width = widths[index]
                paragraph = cell.paragraphs[0]
                paragraph._p.style = table_style
                value = clean(str(values[index])) if index < len(values) else ""
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if header else ALIGN[block.columns[index].align]
                if value:
                    run = paragraph.add_run(value)
                    run.bold = bold or None
        # Word needs a paragraph between a table and whatever follows; it also keeps two tables apart.
        self.paragraph(TABLE)

    def end_mark(self) -> None:
        """ "./." after the last paragraph (ND 30; both seeds end so): a final period gives way to it."""
        blocks = [element for element in self.doc.element.body if element.tag != qn("w:sectPr")]
        last = blocks[-1] if blocks and blocks[-1].tag == qn("w:p") else None
        if last is None or last.style not in {self._style_id(BODY), self._style_id(BULLET)}:
            self.paragraph(BODY, END_MARK)
            return
        texts = [text for text in last.iter(qn("w:t")) if text.text]
        tail = texts[-1] if texts else None
        if tail is None or footnotes.is_marker(tail.text or ""):
            last.append(self._run(END_MARK))
            return
        stripped = (tail.text or "").rstrip()
        if stripped.endswith(END_MARK):
            return
        tail.text = (stripped[:-1] if stripped.endswith(".") else stripped) + END_MARK

    def _style_id(self, name: str) -> str:
        if name not in self._style_ids:
            self._style_ids[name] = str(self.doc.styles[name].style_id)
        return self._style_ids[name]

    @staticmethod
    def _run(text: str) -> Any:
        return parse_xml(f'<w:r {nsdecls("w")}><w:t xml:space="preserve">{text}</w:t></w:r>')
