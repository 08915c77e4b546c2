"""A confidential file as one reader downloads it: every page carries a line naming that reader and the time, so a
leaked copy tells whose it was.

PDF: each page gets an overlay (the line at its top and its foot, drawn by fpdf2 in a font with Vietnamese glyphs,
merged by pypdf), one overlay per page size. Word: the line is added to every header and footer the file has
(first-page and even-page ones too), which Word and LibreOffice print on every page; converting to PDF instead
would take LibreOffice 5–10 s a file (docs/benchmarks.md), the header ~0.1 s. The stamp in a Word file can be
removed by whoever edits it, as any mark on a file can be cropped: it names the copy, it does not lock it.
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

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
    """`data` (a PDF) with `line` at the top and the foot of every page."""
    from pypdf import PdfReader, PdfWriter, Transformation
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise StampFailed("the PDF is protected by a password")
        writer = PdfWriter(clone_from=reader)
        overlays: dict[tuple[float, float], object] = {}
        for page in writer.pages:
            box = page.mediabox
            size = (round(float(box.width), 1), round(float(box.height), 1))
            if size not in overlays:
                overlays[size] = PdfReader(io.BytesIO(_overlay(*size, line))).pages[0]
            overlay = overlays[size]
            page.merge_transformed_page(overlay, Transformation().translate(float(box.left), float(box.bottom)))  # type: ignore[arg-type]
        out = io.BytesIO()
        writer.write(out)
    except (PdfReadError, ValueError, KeyError) as error:
        if isinstance(error, StampFailed):
            raise
        raise StampFailed(f"the PDF could not be read: {error}") from error
    return out.getvalue()


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
