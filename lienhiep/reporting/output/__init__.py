"""The report's files, from its `reporting.document.Document` only (never the database): the Word document on a
skin (`render_docx`) and the file name it downloads under (`file_name`)."""

from lienhiep.reporting.output.names import file_name
from lienhiep.reporting.output.word import render_docx

__all__ = ["file_name", "render_docx"]
