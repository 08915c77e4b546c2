"""The PDF through LibreOffice headless (REPORTING.md §5.7, test F 44). LibreOffice (`soffice`) and pdfinfo are
system packages: `make system-deps` installs libreoffice-writer-nogui and poppler-utils."""

import re
import shutil
import subprocess

import pytest

from lienhiep.reporting.output import PdfFailed, pdf_available, render_docx, render_pdf
from lienhiep.reporting.tests import documents


def page_count(pdf: bytes, tmp_path) -> int:
    if shutil.which("pdfinfo") is None:
        pytest.fail("pdfinfo not found: run `make system-deps` (poppler-utils).")
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True).stdout  # noqa: S603, S607
    return int(re.search(r"^Pages:\s+(\d+)$", info, re.M).group(1))


def test_two_conversions_give_the_same_pages(tmp_path):
    if not pdf_available():
        pytest.fail("soffice not found: run `make system-deps` (libreoffice-writer-nogui).")
    docx = render_docx(documents.administrative())
    first, second = render_pdf(docx), render_pdf(docx)
    assert first.startswith(b"%PDF-")
    assert page_count(first, tmp_path) == page_count(second, tmp_path) == 1
    assert b"<pdfaid:part>2</pdfaid:part>" in first  # PDF/A-2b, for the archive


def test_without_libreoffice_there_is_no_pdf(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    assert pdf_available() is False
    with pytest.raises(PdfFailed, match="soffice is not installed"):
        render_pdf(b"")


def test_a_conversion_past_its_time_is_stopped(tmp_path):
    if not pdf_available():
        pytest.fail("soffice not found: run `make system-deps` (libreoffice-writer-nogui).")
    with pytest.raises(PdfFailed, match="LibreOffice ran past 0.2 s"):
        render_pdf(render_docx(documents.congress()), timeout=0.2)
