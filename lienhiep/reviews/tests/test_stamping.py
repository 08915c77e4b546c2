"""A confidential file as one reader downloads it: the reader's name and the time on every page."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document as WordDocument

from lienhiep.reviews import samples, splitting, stamping

DATA = Path(__file__).resolve().parent / "data"
LINE = "Bản của Nguyễn Thị Hằng – tải lúc 08:15 27/11/2026"


def test_every_page_of_a_pdf_carries_the_line_at_its_top_and_foot():
    from pypdf import PdfReader

    original = (DATA / "nghi-quyet.pdf").read_bytes()

    stamped = stamping.stamp(original, LINE)

    pages = PdfReader(io.BytesIO(stamped)).pages
    assert len(pages) == len(PdfReader(io.BytesIO(original)).pages) == 3
    for page in pages:
        text = page.extract_text()
        assert text.count(LINE) == 2
    # The draft's own text is still there, and still splits the same.
    assert [p.number for p in splitting.split_pdf(stamped)][2:6] == ["Điều 1", "1", "a", "b"]


def test_every_header_and_footer_of_a_word_file_carries_the_line():
    document = WordDocument(io.BytesIO(samples.legal_draft(chapters=1, articles=1)))
    document.sections[0].different_first_page_header_footer = True
    document.add_section()
    out = io.BytesIO()
    document.save(out)

    stamped = WordDocument(io.BytesIO(stamping.stamp(out.getvalue(), LINE)))

    first, second = stamped.sections
    assert [p.text for p in first.header.paragraphs if p.text] == [LINE]
    assert [p.text for p in first.footer.paragraphs if p.text] == [LINE]
    assert [p.text for p in first.first_page_header.paragraphs if p.text] == [LINE]
    assert [p.text for p in first.first_page_footer.paragraphs if p.text] == [LINE]
    # The second section prints the first one's header and footer: stamped once, not twice.
    assert second.header.is_linked_to_previous is True
    assert second.footer.is_linked_to_previous is True


def test_a_file_that_cannot_be_read_is_refused():
    with pytest.raises(stamping.StampFailed):
        stamping.stamp(b"%PDF-1.7\nnot really\n%%EOF", LINE)
    with pytest.raises(stamping.StampFailed):
        stamping.stamp(b"PK\x03\x04 broken", LINE)
