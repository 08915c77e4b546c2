"""A report's life (REPORTING.md §5.5): every move of REPORT_TRANSITIONS allowed or refused, the number register,
freezing and drift, overrides and revisions."""

import datetime as dt
import io
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection, connections
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from lienhiep.reporting import selectors, services
from lienhiep.reporting.models import (
    REPORT_TRANSITIONS,
    BlockKind,
    BlockRevision,
    DocumentNumber,
    FigureValue,
    Report,
    ReportEvent,
    ReportStatus,
)
from lienhiep.reporting.tests.factories import mini_template

D = dt.date
S = ReportStatus


def annual(world, org=None, *, year=2025, style="administrative"):
    template = mini_template(key=f"mini-annual-{style}", kind="annual", style=style)
    return services.report_create(
        actor=world.alice, org=org or world.ha_tinh, kind="annual", template=template,
        period_start=D(year, 1, 1), period_end=D(year, 12, 31),
    )  # fmt: skip


def text_block(report):
    return report.sections.get(key="p1.i.1").blocks.get(kind=BlockKind.TEXT)


def sentence(report):
    return "".join(run.text for run in selectors.document(report).sections[0].sections[0].sections[0].blocks[0].runs)


def approve_in_background(world, report):
    with override_settings(REPORT_APPROVE_INLINE_UNITS=0):
        return services.report_approve_request(actor=world.alice, report=report)


# Each move's service, by the status it leads to.
MOVES = {
    S.REVIEW: lambda world, report: services.report_review(actor=world.alice, report=report),
    S.DRAFT: lambda world, report: (
        services.report_new_version(actor=world.alice, report=report)
        if report.status == S.APPROVED
        else services.report_return(actor=world.alice, report=report)
    ),
    S.APPROVED: lambda world, report: services.report_approve(actor=world.alice, report=report),
    # A large unit's approval, queued (its task runs once the test's transaction would commit: never, here).
    S.APPROVING: lambda world, report: approve_in_background(world, report),
    S.ISSUED: lambda world, report: services.report_issue(actor=world.alice, report=report, issued_on=D(2026, 1, 15)),
    S.SUPERSEDED: lambda world, report: services.report_supersede(actor=world.alice, report=report),
    S.WITHDRAWN: lambda world, report: services.report_withdraw(actor=world.alice, report=report, reason="Nhầm số"),
}
# How to bring a new report to each status.
PATHS = {
    S.DRAFT: [],
    S.REVIEW: [S.REVIEW],
    S.APPROVING: [S.APPROVING],
    S.APPROVED: [S.APPROVED],
    S.ISSUED: [S.APPROVED, S.ISSUED],
    S.SUPERSEDED: [S.APPROVED, S.ISSUED, S.SUPERSEDED],
    S.WITHDRAWN: [S.APPROVED, S.ISSUED, S.WITHDRAWN],
}


def brought_to(world, status):
    report = annual(world)
    for step in PATHS[status]:
        MOVES[step](world, report)
    return Report.objects.get(pk=report.pk)


@pytest.mark.django_db
@pytest.mark.parametrize("start", list(PATHS))
def test_every_move_is_made_or_refused_as_the_transition_table_says(world, start):
    for to, move in MOVES.items():
        report = brought_to(world, start)
        events = ReportEvent.objects.filter(report=report).count()
        if start == S.APPROVING:  # only the approval's own end moves it (services.approval_run)
            with pytest.raises(ValidationError) as caught:
                move(world, report)
            assert caught.value.messages == ["Báo cáo đang được duyệt; chưa thể thay đổi cho đến khi xong."], to
            assert Report.objects.get(pk=report.pk).status == start
            assert ReportEvent.objects.filter(report=report).count() == events
        elif to in REPORT_TRANSITIONS[start]:
            moved = move(world, report)
            if (start, to) == (S.APPROVED, S.DRAFT):  # a new version; the approved one is kept
                assert (moved.status, moved.previous_id) == (S.DRAFT, report.pk)
                assert Report.objects.get(pk=report.pk).status == S.APPROVED
            else:
                assert Report.objects.get(pk=report.pk).status == to, (start, to)
            assert ReportEvent.objects.filter(report=report).count() == events + 1
        else:
            with pytest.raises(ValidationError) as caught:
                move(world, report)
            assert caught.value.messages == [
                f"Báo cáo đang ở trạng thái “{S(start).label}” không thể chuyển sang “{S(to).label}”."
            ], (start, to)
            assert Report.objects.get(pk=report.pk).status == start
            assert ReportEvent.objects.filter(report=report).count() == events


@pytest.mark.django_db
def test_approved_back_to_draft_is_a_new_version_and_the_old_one_is_kept(world):
    report = brought_to(world, S.APPROVED)
    new = services.report_new_version(actor=world.alice, report=report)
    assert (new.status, new.version, new.previous_id) == (S.DRAFT, 2, report.pk)
    assert Report.objects.get(pk=report.pk).status == S.APPROVED
    assert list(new.sections.values_list("key", flat=True)) == list(report.sections.values_list("key", flat=True))
    with pytest.raises(ValidationError) as caught:
        services.report_issue(actor=world.alice, report=report, issued_on=D(2026, 1, 15))
    assert caught.value.messages == ["Đã có phiên bản mới hơn của báo cáo này; hãy ban hành phiên bản đó."]
    with pytest.raises(ValidationError):
        services.report_new_version(actor=world.alice, report=report)
    with pytest.raises(ValidationError) as caught:
        services.report_new_version(actor=world.alice, report=new)
    assert caught.value.messages == [
        "Chỉ báo cáo đã thông qua hoặc đã ban hành mới có phiên bản mới; hãy sửa báo cáo này."
    ]


@pytest.mark.django_db
def test_issuing_a_new_version_supersedes_the_issued_one(world):
    report = brought_to(world, S.ISSUED)
    new = services.report_new_version(actor=world.alice, report=report)
    services.report_approve(actor=world.alice, report=new)
    services.report_issue(actor=world.alice, report=new, issued_on=D(2026, 2, 1))
    assert Report.objects.get(pk=report.pk).status == S.SUPERSEDED
    assert Report.objects.get(pk=new.pk).number_line == "Số: 02/BC"


@pytest.mark.django_db
def test_numbers_run_per_unit_and_year_and_are_never_given_again(world):
    world.ha_tinh.abbreviation = "LHH"
    world.ha_tinh.save()
    first, second, next_year = (annual(world, year=year) for year in (2024, 2025, 2025))
    for report in (first, second, next_year):
        services.report_approve(actor=world.alice, report=report)
    services.report_issue(actor=world.alice, report=first, issued_on=D(2025, 1, 10))
    services.report_withdraw(actor=world.alice, report=first, reason="Sai số liệu")
    services.report_issue(actor=world.alice, report=second, issued_on=D(2025, 12, 31))
    services.report_issue(actor=world.alice, report=next_year, issued_on=D(2026, 1, 5))
    lines = [Report.objects.get(pk=r.pk).number_line for r in (first, second, next_year)]
    assert lines == ["Số: 01/BC-LHH", "Số: 02/BC-LHH", "Số: 01/BC-LHH"]
    assert list(DocumentNumber.objects.order_by("year", "seq").values_list("year", "seq", "report")) == [
        (2025, 1, first.pk), (2025, 2, second.pk), (2026, 1, next_year.pk),
    ]  # fmt: skip
    # Another unit's register is its own.
    town = annual(world, world.hong_linh)
    services.report_approve(actor=world.alice, report=town)
    services.report_issue(actor=world.alice, report=town, issued_on=D(2026, 1, 6))
    assert Report.objects.get(pk=town.pk).number_line == "Số: 01/BC"
    assert selectors.document(Report.objects.get(pk=second.pk)).number_line == "Số: 02/BC-LHH"


@pytest.mark.django_db
def test_a_congress_document_takes_no_number(world):
    report = annual(world, style="congress")
    services.report_approve(actor=world.alice, report=report)
    services.report_issue(actor=world.alice, report=report, issued_on=D(2026, 1, 10))
    report = Report.objects.get(pk=report.pk)
    assert (report.status, report.number, report.number_line, report.issued_on) == (S.ISSUED, None, "", D(2026, 1, 10))
    assert not DocumentNumber.objects.exists()


@pytest.mark.django_db
def test_approval_freezes_the_figures_and_drift_shows_what_changed(world):
    from lienhiep.members import services as member_services

    report = annual(world, world.hong_linh)
    before = sentence(report)
    assert before.endswith("tập hợp được 01 hội viên.")
    services.report_approve(actor=world.alice, report=report)
    stored = FigureValue.objects.get(report=report, key="members.count")
    assert (stored.value, stored.computed_at is not None, len(stored.fingerprint)) == (1, True, 64)
    assert Report.objects.get(pk=report.pk).frozen_at is not None
    # A member admitted after approval, within the period: nothing printed changes, drift says which figure.
    person = member_services.person_create(actor=world.root, full_name="Trần Thị Bình", gender="f")
    member_services.member_admit(actor=world.root, person=person, org=world.y_te, joined_on=D(2025, 3, 1))
    report = Report.objects.get(pk=report.pk)
    assert sentence(report) == before
    changes = selectors.drift(report)
    assert [(c["key"], c["value"], c["now"]) for c in changes] == [("members.count", 1, 2)]
    out = io.StringIO()
    call_command("report_drift", stdout=out)  # the nightly check (tasks.drift_check runs the same)
    assert out.getvalue() == "1 reports with figures changed since approval.\n"
    assert Report.objects.get(pk=report.pk).drift == [
        {"key": "members.count", "params": {}, "scope": None, "section": "p1.i.1", "value": 1, "now": 2}
    ]


@pytest.mark.django_db
def test_an_override_needs_a_reason_and_keeps_both_values(world):
    report = annual(world, world.hong_linh)
    members, change = selectors.Token.make("members.count", None), selectors.Token.make("members.change", None)
    with pytest.raises(ValidationError) as caught:
        services.figure_override(actor=world.alice, report=report, token=members, value=1700, reason=" ")
    assert caught.value.messages == ["Hãy nêu lý do thay số liệu đã tính."]
    assert not FigureValue.objects.exists()
    with pytest.raises(ValidationError) as caught:
        services.figure_override(actor=world.alice, report=report, token=change, value=3, reason="x")
    assert caught.value.messages == ["Báo cáo không in số liệu này."]
    services.figure_override(
        actor=world.alice, report=report, token=members, value=1700, reason="Số liệu của Hội chưa nhập đủ"
    )
    assert sentence(report).endswith("tập hợp được 1.700 hội viên.")
    services.report_approve(actor=world.alice, report=report)
    row = FigureValue.objects.get(report=report, key="members.count")
    assert (row.value, row.override, row.override_reason, row.override_by) == (
        1, 1700, "Số liệu của Hội chưa nhập đủ", world.alice,
    )  # fmt: skip
    line = next(line for line in selectors.document(report).figures if line.key == "members.count")
    assert (line.value, line.override, line.printed, line.override_reason) == (
        1, 1700, "1.700", "Số liệu của Hội chưa nhập đủ",
    )  # fmt: skip
    new = services.report_new_version(actor=world.alice, report=report)
    assert list(new.figures.values_list("key", "override", "value")) == [("members.count", 1700, None)]


@pytest.mark.django_db
def test_edits_keep_the_figures_and_leave_revisions(world):
    report = annual(world, world.hong_linh)
    block = text_block(report)
    runs = block.content["runs"]
    edited = {"runs": [{"t": "Đến nay, Liên hiệp hội có "}, *runs[1:]]}
    services.block_edit(actor=world.alice, block=block, content=edited)
    assert sentence(report).startswith("Đến nay, Liên hiệp hội có 02 hội thành viên")
    revision = BlockRevision.objects.get(block=block)
    assert (revision.actor, revision.before["runs"][0], revision.after["runs"][0]) == (
        world.alice, {"t": "Hiện nay, Liên hiệp hội thị xã có "}, {"t": "Đến nay, Liên hiệp hội có "},
    )  # fmt: skip
    # A number typed over a figure is refused, and so is a figure dropped.
    typed = {"runs": [runs[0], {"t": "19"}, *runs[2:]]}
    for content in (typed, {"runs": [{"t": "Không có số liệu."}]}):
        with pytest.raises(ValidationError) as caught:
            services.block_edit(actor=world.alice, block=block, content=content)
        assert caught.value.messages == [
            "Số liệu trong đoạn văn được giữ nguyên: hãy viết quanh số liệu, không gõ đè lên "
            "(số gõ tay sẽ không theo dữ liệu)."
        ]
    assert BlockRevision.objects.filter(block=block).count() == 1
    # A reader may not edit; an approved report is frozen.
    with pytest.raises(PermissionDenied):
        services.block_edit(actor=world.lan, block=block, content=edited)
    services.report_approve(actor=world.alice, report=report)
    with pytest.raises(ValidationError) as caught:
        services.block_edit(actor=world.alice, block=block, content={"runs": [{"t": "x"}, *runs[1:]]})
    assert caught.value.messages == [
        "Báo cáo đang ở trạng thái “Đã thông qua” đã được chốt; hãy tạo phiên bản mới để sửa."
    ]


@pytest.mark.django_db
def test_comments_are_made_by_readers_and_resolved_once(world):
    report = annual(world, world.hong_linh)
    block = text_block(report)
    services.report_review(actor=world.alice, report=report)
    comment = services.block_comment(actor=world.lan, block=block, text="  Bổ sung số hội viên mới. ")
    assert (comment.text, comment.author, comment.resolved_at) == ("Bổ sung số hội viên mới.", world.lan, None)
    with pytest.raises(PermissionDenied):
        services.block_comment(actor=world.bob, block=block, text="?")
    services.comment_resolve(actor=world.alice, comment=comment)
    comment.refresh_from_db()
    assert comment.resolved_by == world.alice
    with pytest.raises(ValidationError) as caught:
        services.comment_resolve(actor=world.alice, comment=comment)
    assert caught.value.messages == ["Ý kiến này đã được xử lý."]
    kinds = list(ReportEvent.objects.filter(report=report).order_by("at", "id").values_list("kind", flat=True))
    assert kinds == ["create", "review", "comment", "resolve"]


@pytest.mark.django_db
def test_a_section_left_out_prints_nothing_and_takes_no_number(world):
    report = annual(world, world.hong_linh)
    services.section_include(actor=world.alice, section=report.sections.get(key="p1"), included=False)
    document = selectors.document(report)
    assert [(s.number, s.title) for s in document.sections] == [
        ("Phần thứ nhất", "PHƯƠNG HƯỚNG, MỤC TIÊU; NHIỆM VỤ VÀ GIẢI PHÁP")
    ]
    assert [line.key for line in document.figures] == []
    # The frozen figures are those printed.
    services.report_approve(actor=world.alice, report=report)
    assert not FigureValue.objects.filter(report=report).exists()


@pytest.mark.django_db
def test_a_leader_approves_only_their_own_units_report_and_an_outsider_nothing(world):
    town, province = annual(world, world.hong_linh), annual(world)
    with pytest.raises(PermissionDenied):
        services.report_approve(actor=world.lan, report=town)
    services.report_approve(actor=world.lan, report=province)
    with pytest.raises(PermissionDenied):
        services.report_issue(actor=world.lan, report=province, issued_on=D(2026, 1, 2))
    with pytest.raises(PermissionDenied):
        services.report_review(actor=world.chris, report=town)
    assert Report.objects.get(pk=town.pk).status == S.DRAFT


def test_two_issues_at_once_get_two_numbers(transactional_db, world, settings, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writer at a time; PostgreSQL's concurrent issues are tested here")
    settings.MEDIA_ROOT = tmp_path
    reports = [annual(world, year=2025) for _ in range(2)]
    for report in reports:
        services.report_approve(actor=world.alice, report=report)
    barrier = threading.Barrier(2)
    failures: list[BaseException] = []

    def issue(report: Report) -> None:
        try:
            barrier.wait(10)
            services.report_issue(actor=world.alice, report=report, issued_on=D(2026, 1, 5), formats=("xlsx",))
        except BaseException as error:  # noqa: BLE001 - reported by the test below
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=issue, args=(report,)) for report in reports]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert failures == []
    assert sorted(Report.objects.filter(pk__in=[r.pk for r in reports]).values_list("number", flat=True)) == [1, 2]
    assert list(DocumentNumber.objects.order_by("seq").values_list("year", "seq")) == [(2026, 1), (2026, 2)]


@pytest.mark.django_db
def test_a_frozen_list_prints_as_the_live_one_did(world):
    from lienhiep.reporting.models import Block

    report = annual(world, world.hong_linh)
    section = report.sections.get(key="p1.i.1")
    Block.objects.create(
        section=section, order=3, kind=BlockKind.LIST,
        content={"fig": "orgs.associations.list", "row": "- {name}, thành lập {founded_on};", "bullet": "-"},
    )  # fmt: skip

    def listed():
        blocks = selectors.document(Report.objects.get(pk=report.pk)).sections[0].sections[0].sections[0].blocks
        return [(p.bullet, "".join(run.text for run in p.runs)) for p in blocks[1:]]

    live = listed()
    assert live == [
        ("-", "Hội KH&KT phường Trung Lương, thành lập 26/03/2005;"),
        ("-", "Hội KH&KT Trung tâm Y tế, thành lập 20/05/2005;"),
    ]
    services.report_approve(actor=world.alice, report=report)
    assert listed() == live


@pytest.mark.django_db
def test_a_list_prints_its_first_rows_and_counts_the_others_which_the_annex_lists_whole(world):
    from openpyxl import load_workbook

    from lienhiep.activities import services as activity_services
    from lienhiep.reporting import output
    from lienhiep.reporting.models import Block

    # Given three trainings of Hồng Lĩnh in 2025 and a list that prints two rows at most
    for day, title in ((D(2025, 3, 2), "Tập huấn A"), (D(2025, 5, 9), "Tập huấn B"), (D(2025, 8, 1), "Tập huấn C")):
        activity_services.activity_create(
            actor=world.root, org=world.hong_linh, kind="training", title=title, start_date=day
        )
    report = annual(world, world.hong_linh)
    Block.objects.create(
        section=report.sections.get(key="p1.i.1"), order=3, kind=BlockKind.LIST,
        content={"fig": "activities.list", "params": {"kind": "training"}, "row": "- {title} ({start_date});",
                 "bullet": "-", "max": 2},
    )  # fmt: skip
    token = selectors.Token.make("activities.list", {"kind": "training"})
    assert selectors.list_limits(report) == {token: 2}

    def listed(document):
        blocks = document.sections[0].sections[0].sections[0].blocks[1:]
        return [(p.bullet, "".join(run.text for run in p.runs)) for p in blocks]

    # When the document is built, the figure reads two rows and counts the third (from the remembered months of
    # activities: a COUNT of the country's trainings took 1.8 s)
    with CaptureQueriesContext(connection) as queries:
        document = selectors.document(report)
    assert [
        q["sql"] for q in queries if q["sql"].startswith('SELECT COUNT(*) AS "__count" FROM "activities_activity"')
    ] == []
    expected = [
        ("-", "Tập huấn A (02/03/2025);"),
        ("-", "Tập huấn B (09/05/2025);"),
        ("-", "và 1 mục khác (xem Phụ lục)."),
    ]
    assert listed(document) == expected
    (line,) = [line for line in document.figures if line.key == "activities.list"]
    assert (len(line.value), line.rows_total, line.records, line.printed) == (2, 3, (), "3 dòng")
    # The annex's document reads it whole: the same print, and a sheet of every row
    whole = selectors.document(report, whole_lists=True)
    assert listed(whole) == expected
    book = load_workbook(io.BytesIO(output.render_annex(whole)))
    rows = [row[0] for row in book.worksheets[1].iter_rows(values_only=True)]
    assert rows[rows.index("title") + 1 :] == ["Tập huấn A", "Tập huấn B", "Tập huấn C"]
    # Approved, it keeps the whole list and prints the same
    services.report_approve(actor=world.alice, report=report)
    frozen = selectors.document(Report.objects.get(pk=report.pk))
    assert listed(frozen) == expected
    assert [row["title"] for row in FigureValue.objects.get(report=report, key="activities.list").value] == [
        "Tập huấn A", "Tập huấn B", "Tập huấn C",
    ]  # fmt: skip
