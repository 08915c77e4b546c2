"""A large unit's report is approved in the background (issue 12: the national union's approval took ~23 s in the
request): the report "approving", not editable meanwhile, a progress bar on its page, the figures frozen by the task
run by a real worker (django-tasks' database backend, `manage.py db_worker`), an event each way; if it fails, a
clear Vietnamese message and the report back in review, nothing of the approval kept. A worker killed midway
(issue 14) leaves the report "approving" until its heartbeat is stale; then whoever may approve runs it again or
cancels it (back to review), and the same holds a report's files."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from lienhiep.accounts.testing import login
from lienhiep.core.tests.workers import Worker
from lienhiep.reporting import selectors, services
from lienhiep.reporting.models import (
    Block,
    FigureValue,
    Rendering,
    Report,
    ReportEvent,
    ReportStatus,
)
from lienhiep.reporting.tests.test_services import annual, text_block

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def queued(settings):  # type: ignore[no-untyped-def]
    """Every approval of a unit holding more than one unit goes to the background, whose tasks wait in the
    database for a worker."""
    settings.REPORT_APPROVE_INLINE_UNITS = 1
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_worker() -> None:
    # --batch: the worker runs what is queued and stops
    call_command("db_worker", batch=True, worker_id="rep14-test", no_startup_delay=True, verbosity=0)


def test_a_large_units_approval_runs_in_the_background_and_the_report_waits_unchanged(world, client, queued):
    # Given Hà Tĩnh's annual report in review (Hà Tĩnh holds more units than the threshold)
    report = annual(world)
    services.report_review(actor=world.alice, report=report)
    tokens = len(selectors.report_tokens(report))

    # When the officer approves it
    login(client, world.alice)
    response = client.post(f"/reports/{report.pk}/approve/", {"meeting": ""})

    # Then it is being approved: an event, the task queued, the page shows the bar and no approve button
    assert response.status_code == 302
    report = Report.objects.get(pk=report.pk)
    assert report.status == ReportStatus.APPROVING
    assert list(ReportEvent.objects.filter(report=report).values_list("kind", flat=True).order_by("id"))[-1] == (
        "approve_start"
    )
    job = Rendering.objects.get(report=report, purpose="approve")
    assert (job.status, job.steps, job.done_steps) == ("queued", tokens + 1, 0)
    page = client.get(f"/reports/{report.pk}/").content.decode()
    assert 'data-testid="approval-progress"' in page
    assert "Báo cáo đang được duyệt: từng số liệu được tính lại một lần nữa và chốt lại…" in page
    assert 'data-testid="action-approve"' not in page
    assert ">Đang duyệt<" in page
    progress = client.get(f"/reports/{report.pk}/progress/")
    assert progress.status_code == 200 and "HX-Refresh" not in progress
    # nothing of it may be changed meanwhile, nor approved twice
    content = text_block(report).content
    with pytest.raises(ValidationError) as caught:
        services.block_edit(actor=world.alice, block=text_block(report), content={"runs": [{"t": "Khác"}]})
    assert caught.value.messages == ["Báo cáo đang được duyệt; chưa thể thay đổi cho đến khi xong."]
    with pytest.raises(ValidationError):
        services.report_approve(actor=world.alice, report=report)
    assert Block.objects.get(pk=text_block(report).pk).content == content
    assert not FigureValue.objects.filter(report=report).exists()

    # When the worker runs the task
    run_worker()

    # Then the report is approved, every figure frozen, the bar at its end and the page told to reload
    report = Report.objects.get(pk=report.pk)
    assert (report.status, report.frozen_at is not None) == (ReportStatus.APPROVED, True)
    assert FigureValue.objects.filter(report=report).count() == tokens
    job.refresh_from_db()
    assert (job.status, job.done_steps, job.percent) == ("done", tokens + 1, 100)
    kinds = list(ReportEvent.objects.filter(report=report).values_list("kind", flat=True).order_by("id"))
    assert kinds[-2:] == ["approve_start", "approve"]
    assert client.get(f"/reports/{report.pk}/progress/")["HX-Refresh"] == "true"
    page = client.get(f"/reports/{report.pk}/").content.decode()
    assert 'data-testid="approval-progress"' not in page and 'data-testid="action-issue"' in page


def test_an_approval_that_fails_says_why_in_vietnamese_and_the_report_is_back_in_review(world, client, queued):
    # Given Hà Tĩnh's report with a figure narrowed to a unit of Bắc Ninh's (it cannot be computed)
    report = annual(world)
    block = text_block(report)
    runs = [*block.content["runs"], {"fig": "members.count", "scope": world.lawyers_bn.pk}]
    Block.objects.filter(pk=block.pk).update(content={**block.content, "runs": runs})
    login(client, world.alice)

    # When the officer approves it and the worker runs the task
    client.post(f"/reports/{report.pk}/approve/", {"meeting": ""})
    assert Report.objects.get(pk=report.pk).status == ReportStatus.APPROVING
    run_worker()

    # Then it is back in review with nothing frozen, an event says why, and so does its page
    report = Report.objects.get(pk=report.pk)
    assert (report.status, report.frozen_at, report.approved_meeting_id) == (ReportStatus.REVIEW, None, None)
    assert not FigureValue.objects.filter(report=report).exists()
    why = "Không tính được số liệu members.count: Đơn vị mà số liệu thu hẹp về không thuộc đơn vị của báo cáo."
    event = ReportEvent.objects.filter(report=report).order_by("-id").first()
    assert (event.kind, event.data["status"], event.data["error"]) == ("approve_fail", ["approving", "review"], why)
    job = Rendering.objects.get(report=report, purpose="approve")
    assert (job.status, job.message) == ("failed", f"Không duyệt được báo cáo: {why}")
    page = client.get(f"/reports/{report.pk}/").content.decode()
    assert f"Không duyệt được báo cáo: {why} Báo cáo đã trở lại trạng thái đang góp ý." in page
    assert 'data-testid="action-approve"' in page
    # and once the figure is mended, it is approved
    Block.objects.filter(pk=block.pk).update(content=block.content)
    services.report_approve(actor=world.alice, report=report)
    assert Report.objects.get(pk=report.pk).status == ReportStatus.APPROVED


# --- A worker that stops (issue 14): the imports' heartbeat and stop (core.batches), on renderings -------------------

YEARS = range(1945, 2101)  # every year a figure's "year" takes


def many_figures(report: Report, town: object) -> None:
    """The report's sentence prints the share of the area's intellectuals in every year, for the province and for
    the town: an approval long enough to kill its worker midway."""
    block = text_block(report)
    shares = [
        {"fig": "members.intellectual_share", "params": {"year": year}, **({"scope": scope} if scope else {})}
        for year in YEARS
        for scope in (None, town.pk)
    ]
    Block.objects.filter(pk=block.pk).update(content={**block.content, "runs": [*block.content["runs"], *shares]})


def events(report: Report) -> list[str]:
    return list(ReportEvent.objects.filter(report=report).order_by("id").values_list("kind", flat=True))


def stale(rendering: Rendering, settings) -> None:  # type: ignore[no-untyped-def]
    """The rendering's heartbeat older than IMPORT_STALE_AFTER: as its worker left it once killed, two minutes on."""
    settings.IMPORT_STALE_AFTER = 60
    Rendering.objects.filter(pk=rendering.pk).update(heartbeat_at=timezone.now() - dt.timedelta(seconds=61))


def test_an_approval_whose_worker_is_killed_is_offered_again_and_runs_to_its_end(
    world, client, queued, settings, tmp_path
):
    # Given Hà Tĩnh's report in review, printing 312 figures more, approved by the officer: queued for a worker
    report = annual(world)
    services.report_review(actor=world.alice, report=report)
    many_figures(report, world.hong_linh)
    tokens = len(selectors.report_tokens(report))
    assert tokens > 2 * len(YEARS)
    login(client, world.alice)
    client.post(f"/reports/{report.pk}/approve/", {"meeting": ""})
    job = Rendering.objects.get(report=report, purpose="approve")
    assert (job.status, job.attempt, job.heartbeat_at is not None) == ("queued", 1, True)
    worker = Worker(tmp_path)

    # When a real worker (db_worker) takes it and is killed (SIGKILL) midway through the figures
    def midway() -> bool:
        status, done = worker.row("reporting_rendering", job.pk, "status", "done_steps")
        assert status in ("queued", "writing"), f"the approval ended before the worker was killed: {status}"
        return status == "writing" and done >= 20

    worker.start()
    worker.kill_when(midway)
    worker.take_back()

    # Then the report is still being approved with nothing frozen; its work says how far it went
    report = Report.objects.get(pk=report.pk)
    assert (report.status, report.frozen_at) == (ReportStatus.APPROVING, None)
    assert not FigureValue.objects.filter(report=report).exists()
    job.refresh_from_db()
    assert job.status == "writing" and 20 <= job.done_steps < tokens
    # while its heartbeat is fresh the page shows the bar and offers nothing
    page = client.get(f"/reports/{report.pk}/").content.decode()
    assert 'data-testid="approval-progress"' in page and 'data-testid="approval-stalled"' not in page
    with pytest.raises(ValidationError) as caught:
        services.rendering_retry(actor=world.alice, rendering=job)
    assert caught.value.messages == ["Việc này vẫn đang chạy; trang của nó cho biết đã đến đâu."]

    # When its heartbeat is older than IMPORT_STALE_AFTER
    stale(job, settings)

    # Then the bar's poll reloads the page, which says the approval stopped and offers to run it again or cancel
    assert client.get(f"/reports/{report.pk}/progress/")["HX-Refresh"] == "true"
    page = client.get(f"/reports/{report.pk}/").content.decode()
    assert (
        "Việc duyệt bị dừng giữa chừng: tiến trình chạy nền đã dừng, chưa số liệu nào được chốt. Bạn có thể chạy"
        " lại, hoặc hủy để báo cáo trở lại trạng thái đang góp ý." in page
    )
    assert 'data-testid="approval-retry"' in page and 'data-testid="approval-cancel"' in page
    assert 'data-testid="approval-progress"' not in page

    # When the officer runs it again
    response = client.post(f"/reports/{report.pk}/background/retry/")

    # Then it is queued again (a new attempt), with an event; the report still being approved
    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.status, job.attempt, job.done_steps) == ("queued", 2, 0)
    assert events(report)[-2:] == ["approve_start", "approve_retry"]
    retry = ReportEvent.objects.filter(report=report).latest("id")
    assert (retry.actor, retry.data["work"], retry.data["attempt"]) == (world.alice, "approve", 1)
    # a task of the killed attempt that would come back does nothing
    assert services.approval_run(rendering_id=job.pk, attempt=1).status == "queued"

    # and a worker runs it to its end: approved, every figure frozen once
    run_worker()
    report = Report.objects.get(pk=report.pk)
    assert report.status == ReportStatus.APPROVED
    assert FigureValue.objects.filter(report=report).count() == tokens
    job.refresh_from_db()
    assert (job.status, job.done_steps) == ("done", tokens + 1)
    assert events(report)[-3:] == ["approve_start", "approve_retry", "approve"]


def test_an_approval_no_worker_took_is_cancelled_back_to_review_by_whoever_may_approve(world, client, queued, settings):
    # Given the town's report (Hồng Lĩnh) being approved in the background, its task never taken: the worker was down
    report = annual(world, world.hong_linh)
    login(client, world.alice)
    client.post(f"/reports/{report.pk}/approve/", {"meeting": ""})
    job = Rendering.objects.get(report=report, purpose="approve")
    stale(job, settings)

    # Then lan, a leader of the province who reads it but may not approve it, reads that it stopped, without buttons
    login(client, world.lan)
    page = client.get(f"/reports/{report.pk}/").content.decode()
    assert "Người có quyền duyệt báo cáo có thể chạy lại hoặc hủy." in page
    assert 'data-testid="approval-retry"' not in page and 'data-testid="approval-cancel"' not in page
    assert client.post(f"/reports/{report.pk}/background/cancel/").status_code == 403
    assert Report.objects.get(pk=report.pk).status == ReportStatus.APPROVING

    # When the officer cancels it
    login(client, world.alice)
    assert client.post(f"/reports/{report.pk}/background/cancel/").status_code == 302

    # Then the report is back in review with an event saying so, nothing frozen, and may be approved again
    report = Report.objects.get(pk=report.pk)
    assert (report.status, report.approved_meeting_id, report.frozen_at) == (ReportStatus.REVIEW, None, None)
    event = ReportEvent.objects.filter(report=report).latest("id")
    assert (event.kind, event.data["status"], event.actor) == ("approve_cancel", ["approving", "review"], world.alice)
    job.refresh_from_db()
    assert job.status == "cancelled"
    page = client.get(f"/reports/{report.pk}/").content.decode()
    assert 'data-testid="approval-stalled"' not in page and 'data-testid="action-approve"' in page
    # a task of the cancelled attempt that comes back late changes nothing
    services.approval_run(rendering_id=job.pk, attempt=1)
    assert Report.objects.get(pk=report.pk).status == ReportStatus.REVIEW
    assert Rendering.objects.get(pk=job.pk).status == "cancelled"
    assert not FigureValue.objects.filter(report=report).exists()
    # and it cannot be cancelled twice
    with pytest.raises(ValidationError):
        services.rendering_cancel(actor=world.alice, rendering=job)
    assert events(report)[-2:] == ["approve_start", "approve_cancel"]


def test_files_whose_worker_stopped_are_written_again_or_given_up(world, client, queued, settings):
    # Given the officer's Word file and annex asked for, and no worker taking them
    report = annual(world)
    login(client, world.alice)
    client.post(f"/reports/{report.pk}/files/")
    job = Rendering.objects.get(report=report, purpose="preview")
    stale(job, settings)

    # Then the page says so and offers to write them again or cancel
    page = client.get(f"/reports/{report.pk}/").content.decode()
    assert "Việc ghi tệp bị dừng giữa chừng" in page
    assert 'data-testid="render-retry"' in page and 'data-testid="render-cancel"' in page

    # When she writes them again: a new attempt, an event; the old task, come back, writes nothing
    assert client.post(f"/reports/{report.pk}/background/retry/").status_code == 302
    job.refresh_from_db()
    assert (job.status, job.attempt) == ("queued", 2)
    assert services.rendering_write(rendering_id=job.pk, attempt=1).status == "queued"
    run_worker()
    job.refresh_from_db()
    assert (job.status, sorted(job.files)) == ("done", sorted(job.formats))
    assert {"docx", "xlsx"} <= set(job.formats)
    assert events(report)[-1] == "render_retry"

    # When her next files stop too and she gives them up: cancelled, an event, and she may ask again
    client.post(f"/reports/{report.pk}/files/")
    again = Rendering.objects.filter(report=report, purpose="preview").latest("id")
    stale(again, settings)
    assert client.post(f"/reports/{report.pk}/background/cancel/").status_code == 302
    assert Rendering.objects.get(pk=again.pk).status == "cancelled"
    assert events(report)[-1] == "render_cancel"
    assert 'data-testid="action-render"' in client.get(f"/reports/{report.pk}/").content.decode()


def test_an_issued_reports_files_are_written_again_never_given_up(world, client, queued, settings):
    # Given an issued report whose files' worker stopped
    report = annual(world)
    services.report_approve(actor=world.alice, report=report)
    services.report_issue(actor=world.alice, report=report, issued_on=dt.date(2026, 1, 15))
    job = Rendering.objects.get(report=report, purpose="issue")
    stale(job, settings)
    login(client, world.alice)

    # Then the page offers to run it again, not to cancel; a cancel is refused and changes nothing
    page = client.get(f"/reports/{report.pk}/").content.decode()
    assert 'data-testid="render-retry"' in page and 'data-testid="render-cancel"' not in page
    with pytest.raises(ValidationError) as caught:
        services.rendering_cancel(actor=world.alice, rendering=job)
    assert caught.value.messages == ["Báo cáo đã ban hành phải có tệp: hãy chạy lại việc ghi tệp."]
    assert Rendering.objects.get(pk=job.pk).status == "queued"

    # When the officer runs it again and a worker writes them: the report keeps its files
    client.post(f"/reports/{report.pk}/background/retry/")
    run_worker()
    report = Report.objects.get(pk=report.pk)
    assert report.docx and report.xlsx
    assert events(report)[-2:] == ["render_retry", "render"]
