"""REPORTING.md §5.9 D 29: a half-year report's prize table (groups, ranks, counts) adds up to the number of entries
awarded, or the generator says where it does not, on the page and in the document. The check is the results
decision's (`judging.decision.check`, on `ranking.tally`), not a second one."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest
import time_machine
from django.utils import timezone

from lienhiep.accounts.testing import login
from lienhiep.contests import history, services
from lienhiep.contests.tests.factories import contest, edition, entry
from lienhiep.reporting import selectors
from lienhiep.reporting import services as report_services
from lienhiep.reporting.document import Paragraph, Table
from lienhiep.reporting.models import Report, ReportKind, ReportTemplate

D = dt.date
pytestmark = pytest.mark.django_db
RESULTS_DAY = D(2026, 5, 20)


def _blocks(report: Report) -> list:  # type: ignore[type-arg]
    found: list = []  # type: ignore[type-arg]

    def walk(sections) -> None:  # type: ignore[no-untyped-def]
        for section in sections:
            found.extend(section.blocks)
            walk(section.sections)

    walk(selectors.document(report).sections)
    return found


def _prize_table(report: Report) -> tuple[Table, list[str]]:
    """The report's prize table and the paragraphs printed right after it."""
    blocks = _blocks(report)
    at = next(i for i, block in enumerate(blocks) if isinstance(block, Table) and block.columns[0].label == "Hội thi")
    after = []
    for block in blocks[at + 1 :]:
        if not isinstance(block, Paragraph) or not block.runs[0].text.startswith("Ghi chú:"):
            break
        after.append(block.runs[0].text)
    return blocks[at], after


def test_d29_the_prize_table_adds_up_or_the_report_says_where_it_does_not(world, client):
    # Given Hà Tĩnh's contest edition of 2025–2026, its prize table (Cơ khí: Nhất 1, Nhì 2, Ba 3; Nông nghiệp:
    # Khuyến khích 2), three entries awarded on 20/05/2026 within it
    with time_machine.travel(dt.datetime(2026, 3, 1, 9, tzinfo=timezone.get_current_timezone()), tick=False):
        made = edition(world.root, contest(world.root, world.ha_tinh), year_start=2025, year_end=2026)
        rows = {(row.field.order, row.rank): row for row in made.prize_rows.select_related("field")}
        farming = made.fields.get(order=2)
        sent = [
            entry(world.root, made, world.trung_luong, title="Máy gieo hạt cải tiến"),
            entry(world.root, made, world.trung_luong, title="Lò sấy nông sản"),
            entry(world.root, made, world.lawyers_ht, title="Chuồng nuôi gà thông minh", field=farming),
            entry(world.root, made, world.lawyers_ht, title="Phần mềm tra cứu án lệ"),
            entry(world.root, made, world.trung_luong, title="Máy bóc vỏ lạc"),
        ]
        services.edition_move(actor=world.root, edition=made, to="screening")
        for row in sent:
            services.entry_screen(actor=world.root, entry=row, accepted=True)
        services.edition_move(actor=world.root, edition=made, to="judging")
    report = report_services.report_create(
        actor=world.alice, org=world.ha_tinh, kind=ReportKind.HALF_YEAR,
        template=ReportTemplate.objects.get(org=None, key="half-year"),
        period_start=D(2026, 1, 1), period_end=D(2026, 6, 30), as_of=D(2026, 6, 30),
    )  # fmt: skip
    # (before any result, the report says so instead of printing an empty table)
    lead = "Kết quả các hội thi được công nhận trong 6 tháng (Liên hiệp hội tổ chức hoặc các đơn vị tham gia):"
    texts = ["".join(run.text for run in b.runs) for b in _blocks(report) if isinstance(b, Paragraph)]
    assert texts[texts.index(lead) + 1] == "Trong kỳ không có hội thi nào được công nhận kết quả."
    for row, key in zip(sent[:3], [(1, "nhat"), (1, "nhi"), (2, "khuyen_khich")], strict=True):
        history.result_record(actor=world.root, entry=row, rank=key[1], prize_row=rows[key], on=RESULTS_DAY)

    # When the half-year report is read, then its table prints the edition (once) and its groups and prizes, the
    # places of the rules and the prizes given, adding up to the three entries awarded, and says nothing more
    table, notes = _prize_table(report)
    name = "Hội thi Sáng tạo Kỹ thuật tỉnh Hà Tĩnh lần thứ 1 (2025–2026)"
    assert [column.label for column in table.columns] == [
        "Hội thi", "Lĩnh vực", "Giải", "Cơ cấu giải theo thể lệ", "Số giải đã trao",
    ]  # fmt: skip
    assert [list(row) for row in table.rows] == [
        [name, "Cơ khí – Tự động hoá", "Giải Nhất", "1", "1"],
        ["", "Cơ khí – Tự động hoá", "Giải Nhì", "2", "1"],
        ["", "Cơ khí – Tự động hoá", "Giải Ba", "3", "0"],
        ["", "Nông, lâm, ngư nghiệp", "Giải Khuyến khích", "2", "1"],
    ]
    assert table.totals[-1] == "3"
    assert notes == []

    # When two more entries are awarded: a second Giải Nhất of Cơ khí (the rules give one), and a Giải Đặc biệt
    # the table does not have
    history.result_record(actor=world.root, entry=sent[3], rank="nhat", prize_row=rows[(1, "nhat")], on=RESULTS_DAY)
    history.result_record(actor=world.root, entry=sent[4], rank="dac_biet", on=RESULTS_DAY)

    # Then the document says where the table does not add up, after the table
    table, notes = _prize_table(report)
    over = f"{name}: Cơ khí – Tự động hoá, Giải Nhất: 2 giải, vượt cơ cấu 1 giải của thể lệ."
    stray = (
        f"{name}: Đề tài số {sent[4].number} (Máy bóc vỏ lạc) được trao Giải Đặc biệt không có trong cơ cấu giải "
        "của Cơ khí – Tự động hoá."
    )
    assert notes == [f"Ghi chú: {over}", f"Ghi chú: {stray}"]
    assert table.totals[-1] == "4"  # the stray prize is in no line of the table: the note says so
    # and so does the page, among the report's problems
    login(client, world.alice)
    page = client.get(f"/reports/{report.pk}/").content.decode()
    problems = page[page.index('data-testid="problems"') :]
    assert over in problems and stray in problems

    # When the report is approved, then the frozen figure keeps what it said, and the Word file prints it
    report = report_services.report_approve(actor=world.alice, report=report)
    assert _prize_table(report)[1] == [f"Ghi chú: {over}", f"Ghi chú: {stray}"]
    word = docx.Document(io.BytesIO(report_services.render(selectors.document(report), "docx")))
    text = "\n".join(paragraph.text for paragraph in word.paragraphs)
    assert f"Ghi chú: {over}" in text and f"Ghi chú: {stray}" in text
