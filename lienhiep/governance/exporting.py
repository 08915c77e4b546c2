"""A committee's roster as of a date, as an editable Word document or an Excel sheet."""

from __future__ import annotations

import datetime as dt
import io

from django.utils.translation import gettext as _

from lienhiep.governance import selectors
from lienhiep.governance.models import Committee

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _title(committee: Committee, on: dt.date) -> tuple[str, str]:
    congress = committee.congress
    title = _("%(committee)s, term %(term)s") % {"committee": committee.get_kind_display(), "term": congress.term_label}
    subtitle = _("%(unit)s · as of %(date)s") % {"unit": congress.org.name, "date": on.strftime("%d/%m/%Y")}
    return title, subtitle


def _headers() -> list[str]:
    return [_("No."), _("Full name"), _("Position"), _("Workplace"), _("From"), _("How it began"), _("Decision number")]


def roster_rows(committee: Committee, on: dt.date) -> list[list[str]]:
    rows = []
    for n, seat in enumerate(selectors.composition(committee, on=on), start=1):
        rows.append(
            [
                str(n),
                seat.person.full_name,
                str(seat.get_position_display()),
                seat.person.workplace,
                seat.started_on.strftime("%d/%m/%Y"),
                str(seat.get_start_reason_display()),
                seat.decision_number,
            ]
        )
    return rows


def roster_docx(committee: Committee, on: dt.date) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"  # type: ignore[attr-defined]
    style.font.size = Pt(13)  # type: ignore[attr-defined]
    title, subtitle = _title(committee, on)
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(_("LIST OF MEMBERS").upper())
    run.bold = True
    line = document.add_paragraph(title)
    line.alignment = WD_ALIGN_PARAGRAPH.CENTER
    line = document.add_paragraph(subtitle)
    line.alignment = WD_ALIGN_PARAGRAPH.CENTER
    rows = roster_rows(committee, on)
    table = document.add_table(rows=1, cols=len(_headers()))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, _headers(), strict=True):
        cell.text = text
        for paragraph in cell.paragraphs:
            for r in paragraph.runs:
                r.bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text
    document.add_paragraph(_("%(n)s members.") % {"n": len(rows)})
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def roster_xlsx(committee: Committee, on: dt.date) -> bytes:
    from lienhiep.core.spreadsheets import xlsx_bytes

    return xlsx_bytes(
        [_headers(), *roster_rows(committee, on)],
        title=str(committee.get_kind_display()),
        widths=[6, 28, 28, 36, 12, 24, 18],
        heading=_title(committee, on),
    )
