"""A large unit's report is approved in the background (issue 12: the national union's approval took ~23 s in the
request): the report "approving", not editable meanwhile, a progress bar on its page, the figures frozen by the task
run by a real worker (django-tasks' database backend, `manage.py db_worker`), an event each way; if it fails, a
clear Vietnamese message and the report back in review, nothing of the approval kept."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from lienhiep.accounts.testing import login
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
