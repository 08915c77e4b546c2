"""A committee's roster as of a date, as an editable Word document or an Excel sheet; the compliance view in Excel."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable

from django.utils.translation import gettext as _

from lienhiep.core import exports
from lienhiep.governance import selectors
from lienhiep.governance.models import Committee, Restructuring
from lienhiep.orgs.models import Org

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


# --- The compliance view ----------------------------------------------------------------------------


def compliance_heading(node: Org, on: dt.date, *, whole: bool) -> exports.Heading:
    terms = _("every term") if whole else _("each unit's last two terms")
    return exports.Heading(str(_("Charter compliance")), node.name, exports.as_of(on), [(str(_("Terms")), str(terms))])


def compliance_xlsx(
    node: Org, on: dt.date, report: selectors.Compliance, restructurings: Iterable[Restructuring], *, whole: bool
) -> bytes:
    """The compliance view's tables, each on its sheet under the page's heading: the counts of its cards, the late
    and missing meetings of each committee, the members who attended too little, and the restructurings (the
    page's `report` and `restructurings`, as `views.compliance` reads them)."""
    from lienhiep.core.spreadsheets import DECIMAL, NUMBER, ExportSheet, xlsx_bytes

    summary: list[list[object]] = [
        [_("Indicator"), _("Figure")],
        [_("Meetings held late"), report.late_count],
        [_("Meetings missing"), report.missing_count],
        [_("Restructurings overdue or late"), len(report.overdue)],
    ]
    meetings: list[list[object]] = [
        [_("Unit"), _("Committee"), _("Term"), _("Period from"), _("Period until"), _("Status"), _("Held on"),
         _("Days late")],
    ]  # fmt: skip
    attendance: list[list[object]] = [[_("Unit"), _("Committee"), _("Term"), _("Member"), _("Attendance (%)")]]
    for row in report.committees:
        committee = [row.node_name, row.committee.get_kind_display(), row.committee.congress.term_label]
        for period in row.flags:
            late = period.status == "late"
            held = period.meeting.held_on if late and period.meeting else None
            status = _("Late") if late else _("Missing")
            meetings.append([*committee, period.start, period.end, status, held, period.days_late if late else None])
        for rate in row.low_attendance:
            attendance.append([*committee, rate.person.full_name, rate.rate])
    changes: list[list[object]] = [
        [_("Unit"), _("Reason"), _("Planned for"), _("Done on"), _("Status"), _("What changed")]
    ]
    for r in restructurings:
        changes.append([r.org.name, r.reason, r.planned_on, r.done_on, _restructuring_status(r, on), r.what_changed])
    return xlsx_bytes(
        summary,
        title=_("Summary"),
        widths=[36, 12],
        heading=compliance_heading(node, on, whole=whole).lines(),
        formats=[None, NUMBER],
        sheets=[
            ExportSheet(_("Meetings"), meetings, [36, 28, 12, 12, 12, 12, 12, 10], [*[None] * 7, NUMBER]),
            ExportSheet(_("Low attendance"), attendance, [36, 28, 12, 30, 14], [*[None] * 4, DECIMAL]),
            ExportSheet(_("Restructurings"), changes, [36, 36, 12, 12, 16, 50]),
        ],
    )


def _restructuring_status(restructuring: Restructuring, on: dt.date) -> str:
    """As the page says it: on time or late once done, cancelled, else not done (overdue when its date passed)."""
    if restructuring.done_on:
        return str(_("Done on time") if restructuring.on_time else _("Done late"))
    if restructuring.status == "cancelled":
        return str(restructuring.get_status_display())
    return str(_("Overdue") if restructuring.planned_on < on else _("Not done yet"))
