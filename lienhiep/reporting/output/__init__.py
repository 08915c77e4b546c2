"""The report's files, from its `reporting.document.Document` only (never the database): the Word document on a
skin (`render_docx`), the Excel annex of its figures (`render_annex`), the PDF through LibreOffice where it is
installed (`pdf_available`, `render_pdf`) and the file name they download under (`file_name`)."""

from lienhiep.reporting.output.annex import render_annex
from lienhiep.reporting.output.names import file_name
from lienhiep.reporting.output.pdf import PdfFailed, pdf_available, render_pdf
from lienhiep.reporting.output.word import render_docx

__all__ = ["PdfFailed", "file_name", "pdf_available", "render_annex", "render_docx", "render_pdf"]
