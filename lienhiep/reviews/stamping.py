"""A confidential file as one reader downloads it: every page carries a line naming that reader and the time, so a
leaked copy tells whose it was.

PDF: the line at the top and the foot of every page, drawn by fpdf2 in a font with Vietnamese glyphs (one form per
page size) and placed on each page by pypdf without rewriting the page's own content. Word: the line is added to
every header and footer the file has (first-page and even-page ones too), which Word and LibreOffice print on every
page; converting to PDF instead would take LibreOffice seconds to minutes a file (a 300-page draft: over a minute
here), the headers ~0.2 s (docs/benchmarks.md). The stamp in a Word file can be removed by whoever edits it, as
any mark on a file can be cropped: it names the copy, it does not lock it.
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path
from typing import Any

# Fonts with Vietnamese glyphs, the first found is used: fonts-liberation2 (installed for the reports' PDF and in
# the image), then DejaVu. Without any, the line is written without its diacritics in a core font.
FONTS = (
    Path("/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf"),
    Path("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"),
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
)
SIZE = 8  # points
MARGIN = 12  # points from the page's edge to the line
RED = (170, 0, 0)


class StampFailed(ValueError):
    pass


@cache
def font_path() -> Path | None:
    return next((font for font in FONTS if font.exists()), None)


def _overlay(width: float, height: float, line: str) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(unit="pt", format=(width, height))
    pdf.set_auto_page_break(auto=False)
    pdf.set_margins(0, 0, 0)
    pdf.add_page()
    font = font_path()
    if font is not None:
        pdf.add_font("stamp", fname=str(font))
        pdf.set_font("stamp", size=SIZE)
    else:
        from lienhiep.core.text import fold

        pdf.set_font("helvetica", size=SIZE)
        line = fold(line)
    pdf.set_text_color(*RED)
    for y in (MARGIN, height - MARGIN - SIZE):
        pdf.set_xy(0, y)
        pdf.cell(width, SIZE, line, align="C")
    return bytes(pdf.output())


def stamp_pdf(data: bytes, line: str) -> bytes:
    """`data` (a PDF) with `line` at the top and the foot of every page.

    The line is drawn once per page size as a form XObject, and each page only gets three small content streams
    around its own ("q" before, "Q" and the form's "Do" after): its content is neither parsed nor rewritten, so a
    300-page draft is stamped in about a second (merging an overlay into each page's content took ~85 ms a page)."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.errors import PdfReadError
    from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject, StreamObject

    def stream(writer: PdfWriter, content: bytes) -> Any:
        made = StreamObject()
        made.set_data(content)
        return writer._add_object(made)  # noqa: SLF001 - pypdf's way to add an object to the file

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise StampFailed("the PDF is protected by a password")
        # Incremental: the original bytes kept as they are, the changed pages and the stamp appended after them.
        writer = PdfWriter(reader, incremental=True)
        forms: dict[tuple[float, float], tuple[NameObject, Any]] = {}
        opening = stream(writer, b"q\n")
        for page in writer.pages:
            box = page.mediabox
            size = (round(float(box.width), 1), round(float(box.height), 1))
            if size not in forms:
                overlay = PdfReader(io.BytesIO(_overlay(*size, line))).pages[0]
                form = StreamObject()
                form.set_data(overlay.get_contents().get_data())  # type: ignore[union-attr]
                form.update({
                    NameObject("/Type"): NameObject("/XObject"),
                    NameObject("/Subtype"): NameObject("/Form"),
                    NameObject("/BBox"): ArrayObject([FloatObject(v) for v in (0, 0, *size)]),
                    NameObject("/Resources"): overlay["/Resources"].clone(writer),
                })  # fmt: skip
                forms[size] = (NameObject(f"/LhStamp{len(forms)}"), writer._add_object(form))  # noqa: SLF001
            name, form_ref = forms[size]
            resources = _own_resources(page)
            xobjects = resources.get("/XObject")
            xobjects = xobjects.get_object() if xobjects is not None else DictionaryObject()
            xobjects[name] = form_ref
            resources[NameObject("/XObject")] = xobjects
            contents = page.get("/Contents")
            existing = (
                []
                if contents is None
                else list(contents)
                if isinstance(contents.get_object(), ArrayObject)
                else [contents]
            )
            at = f"Q\nq 1 0 0 1 {float(box.left):g} {float(box.bottom):g} cm {name} Do Q\n".encode()
            page[NameObject("/Contents")] = ArrayObject([opening, *existing, stream(writer, at)])
        out = io.BytesIO()
        writer.write(out)
    except (PdfReadError, ValueError, KeyError, TypeError) as error:
        if isinstance(error, StampFailed):
            raise
        raise StampFailed(f"the PDF could not be read: {error}") from error
    return out.getvalue()


def _own_resources(page: Any) -> Any:
    """The page's resource dictionary, its own: inherited from the page tree, it is copied onto the page first."""
    from pypdf.generic import DictionaryObject, NameObject

    found = page.get("/Resources")
    node = page
    while found is None and node.get("/Parent") is not None:
        node = node["/Parent"].get_object()
        found = node.get("/Resources")
    own = DictionaryObject(found.get_object()) if found is not None else DictionaryObject()
    page[NameObject("/Resources")] = own
    return own


def stamp_docx(data: bytes, line: str) -> bytes:
    """`data` (a Word file) with `line` in every header and footer it prints."""
    from docx import Document as WordDocument
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor

    try:
        document = WordDocument(io.BytesIO(data))
    except Exception as error:  # noqa: BLE001 - python-docx raises many kinds on a broken file
        raise StampFailed(f"the Word file could not be read: {error}") from error
    even = document.settings.odd_and_even_pages_header_footer
    for index, section in enumerate(document.sections):
        parts = [section.header, section.footer]
        if section.different_first_page_header_footer:
            parts += [section.first_page_header, section.first_page_footer]
        if even:
            parts += [section.even_page_header, section.even_page_footer]
        for part in parts:
            # A later section's header linked to the previous one prints that one's, already stamped.
            if index and part.is_linked_to_previous:
                continue
            paragraph = part.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = paragraph.add_run(line)
            run.font.size = Pt(SIZE)
            run.font.color.rgb = RGBColor(*RED)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def stamp(data: bytes, line: str) -> bytes:
    """A PDF or Word file stamped with `line` on every page (by its content, not its name)."""
    if data.startswith(b"%PDF-"):
        return stamp_pdf(data, line)
    return stamp_docx(data, line)
