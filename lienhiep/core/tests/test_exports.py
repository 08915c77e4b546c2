"""Lists written to Excel in the background: asked from the list, written by a task, offered to the asker alone."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from lienhiep.core import exports, files, services
from lienhiep.core.models import Export, ExportStatus


def test_an_excel_export_is_written_in_the_background_for_its_asker_alone(
    world, client_for, django_capture_on_commit_callbacks
):
    client = client_for(world.alice)
    # Asked from the member list: the page of the export, the file not written yet.
    with django_capture_on_commit_callbacks() as queued:
        response = client.get(reverse("members:export"), {"format": "xlsx", "status": "all", "q": "nguyen"})
    export = Export.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/exports/{export.pk}/"
    assert (export.actor, export.source, export.status, export.title) == (world.alice, "members", "queued", "Hội viên")
    assert export.query == {"status": ["all"], "q": ["nguyen"]}
    assert export.file_name == f"hoi-vien-{timezone.localdate():%Y%m%d}.xlsx"
    page = client.get(export.get_absolute_url())
    assert page.context["running"] is True and 'hx-trigger="every 1s"' in page.content.decode()
    # The task runs once the request's transaction is committed.
    for callback in queued:
        callback()
    export.refresh_from_db()
    assert (export.status, export.total_rows, export.done_rows, export.percent) == ("done", 1, 1, 100)
    assert export.stored_file.startswith("exports/") and export.stored_file.endswith(".xlsx")
    progress = client.get(reverse("exports:progress", args=[export.pk]))
    assert progress["HX-Refresh"] == "true"  # done: the page shows its link
    page = client.get(export.get_absolute_url())
    assert 'data-testid="export-download"' in page.content.decode()
    download = client.get(reverse("exports:file", args=[export.pk]))
    assert download["Content-Disposition"] == f'attachment; filename="{export.file_name}"'
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert [row[0] for row in rows] == ["Họ và tên", "Nguyễn Văn An"]
    assert rows[1][12] == "Hội KH&KT Trung tâm Y tế"
    # Nobody else sees it: not an outsider, not a colleague of the same province, not its page nor its file.
    for other in (world.dan, world.lan):
        other_client = client_for(other)
        for name in ("exports:detail", "exports:progress", "exports:file"):
            assert other_client.get(reverse(name, args=[export.pk])).status_code == 404, (other, name)


@pytest.fixture
def export_of(world, monkeypatch):  # type: ignore[no-untyped-def]
    """An export by alice of a list whose rows `rows()` gives (in place of the apps' sources)."""

    def make(rows):  # type: ignore[no-untyped-def]
        source = exports.ExportSource("test", "Danh sách", "danh-sach", "unused", "home")
        monkeypatch.setattr(exports.ExportSource, "read", lambda self, user, query: rows())
        monkeypatch.setattr(services, "export_sources", lambda: {"test": source})
        return Export.objects.create(
            actor=world.alice, source="test", language="vi", title="Danh sách", file_name="danh-sach.xlsx"
        )

    return make


def test_the_progress_is_committed_as_the_rows_are_written(export_of, monkeypatch):
    monkeypatch.setattr(services, "PROGRESS_EVERY", 2)
    seen = []
    export = None

    def rows():  # type: ignore[no-untyped-def]
        def gen():  # type: ignore[no-untyped-def]
            yield ["Tên"]
            for i in range(1, 6):
                seen.append((i, Export.objects.get(pk=export.pk).done_rows))
                yield [f"Dòng {i}"]

        return exports.Rows(gen(), total=lambda: 5, sheet="Danh sách", widths=[20])

    export = export_of(rows)
    services.export_write(export_id=export.pk)
    # As row i is read, the rows before it that make a whole step of two are on record.
    assert seen == [(1, 0), (2, 0), (3, 2), (4, 2), (5, 4)]
    export.refresh_from_db()
    assert (export.status, export.total_rows, export.done_rows) == (ExportStatus.DONE, 5, 5)
    sheet = openpyxl.load_workbook(files.path(export.stored_file)).active
    assert [row[0] for row in sheet.iter_rows(values_only=True)] == [
        "Tên",
        "Dòng 1",
        "Dòng 2",
        "Dòng 3",
        "Dòng 4",
        "Dòng 5",
    ]
    assert services.export_write(export_id=export.pk).status == ExportStatus.DONE  # queued twice: done once


def test_a_failed_export_says_why_and_keeps_no_file(export_of):
    folder = files.path(exports.EXPORT_DIR)
    before = set(folder.iterdir()) if folder.exists() else set()

    def rows():  # type: ignore[no-untyped-def]
        def gen():  # type: ignore[no-untyped-def]
            yield ["Tên"]
            yield ["Dòng 1"]
            raise RuntimeError("mất kết nối")

        return exports.Rows(gen(), total=lambda: 2, sheet="Danh sách", widths=[20])

    export = services.export_write(export_id=export_of(rows).pk)
    export.refresh_from_db()
    assert (export.status, export.stored_file) == (ExportStatus.FAILED, "")
    assert export.message == "Không ghi được tệp: mất kết nối"
    assert set(folder.iterdir()) == before


def test_exports_are_deleted_with_their_files_after_a_day(world, client_for, django_capture_on_commit_callbacks):
    client = client_for(world.alice)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(reverse("members:export"))
    old = Export.objects.get()
    stored = files.path(old.stored_file)
    assert stored.is_file()
    # A day later, it is no longer offered, and the next export deletes it and its file.
    Export.objects.filter(pk=old.pk).update(created_at=timezone.now() - exports.EXPORT_KEEP - dt.timedelta(seconds=1))
    assert client.get(old.get_absolute_url()).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        client.get(reverse("activities:export"))
    assert list(Export.objects.values_list("source", flat=True)) == ["activities"]
    assert not Path(stored).exists()


def _stale(export: Export) -> None:
    """As if the export's worker had stopped: its heartbeat older than IMPORT_STALE_AFTER."""
    from django.conf import settings

    stale = timezone.now() - dt.timedelta(seconds=settings.IMPORT_STALE_AFTER + 60)
    Export.objects.filter(pk=export.pk).update(heartbeat_at=stale)


def test_an_export_whose_worker_stopped_is_written_again_by_its_asker(
    world, client_for, django_capture_on_commit_callbacks
):
    client = client_for(world.alice)
    with django_capture_on_commit_callbacks() as first:
        client.get(reverse("members:export"), {"format": "xlsx", "status": "all"})
    export = Export.objects.get()
    assert (export.attempt, export.status) == (1, ExportStatus.QUEUED) and export.heartbeat_at is not None
    # While its heartbeat is fresh, the page polls and offers nothing else; running it again is refused.
    page = client.get(export.get_absolute_url()).content.decode()
    assert 'hx-trigger="every 1s"' in page and 'data-testid="export-stalled"' not in page
    response = client.post(reverse("exports:retry", args=[export.pk]), follow=True)
    assert "Tệp vẫn đang được ghi." in response.content.decode()
    # No worker took it: once its heartbeat is stale, the page says so, stops polling, and offers both moves.
    _stale(export)
    page = client.get(export.get_absolute_url()).content.decode()
    assert 'data-testid="export-stalled"' in page and 'hx-trigger="every 1s"' not in page
    assert "Ghi lại" in page and "Hủy xuất tệp" in page
    assert client.get(reverse("exports:progress", args=[export.pk]))["HX-Refresh"] == "true"
    with django_capture_on_commit_callbacks() as second:
        response = client.post(reverse("exports:retry", args=[export.pk]))
    assert response.status_code == 302 and response["Location"] == export.get_absolute_url()
    export.refresh_from_db()
    assert (export.attempt, export.status, export.running) == (2, ExportStatus.QUEUED, True)
    # The first attempt's task, taken late, does nothing; the second writes the file.
    for callback in first:
        callback()
    export.refresh_from_db()
    assert (export.status, export.stored_file) == (ExportStatus.QUEUED, "")
    for callback in second:
        callback()
    export.refresh_from_db()
    assert export.status == ExportStatus.DONE and files.path(export.stored_file).is_file()


def test_an_export_whose_worker_stopped_can_be_given_up(world, client_for, django_capture_on_commit_callbacks):
    client = client_for(world.alice)
    with django_capture_on_commit_callbacks() as queued:
        client.get(reverse("members:export"), {"format": "xlsx"})
    export = Export.objects.get()
    _stale(export)
    client.post(reverse("exports:cancel", args=[export.pk]))
    export.refresh_from_db()
    assert export.status == ExportStatus.FAILED
    assert export.message == "Việc xuất tệp đã bị hủy sau khi tiến trình chạy nền dừng."
    # Its task, if a worker takes it after all, leaves it given up.
    for callback in queued:
        callback()
    export.refresh_from_db()
    assert (export.status, export.stored_file) == (ExportStatus.FAILED, "")
    assert 'data-testid="export-stalled"' not in client.get(export.get_absolute_url()).content.decode()


def test_a_worker_taken_for_stopped_leaves_the_export_queued_again_and_keeps_no_file(export_of):
    """The worker was slow, not dead: while it wrote, its asker ran the export again. When it ends, the export is
    the new attempt's, and the file it wrote is deleted."""
    folder = files.path(exports.EXPORT_DIR)
    before = set(folder.iterdir()) if folder.exists() else set()
    export = None

    def rows():  # type: ignore[no-untyped-def]
        def gen():  # type: ignore[no-untyped-def]
            yield ["Tên"]
            yield ["Dòng 1"]
            _stale(export)
            services.export_retry(actor=export.actor, export=Export.objects.get(pk=export.pk))
            yield ["Dòng 2"]

        return exports.Rows(gen(), total=lambda: 2, sheet="Danh sách", widths=[20])

    export = export_of(rows)
    services.export_write(export_id=export.pk)
    export.refresh_from_db()
    assert (export.status, export.attempt, export.stored_file) == (ExportStatus.QUEUED, 1, "")
    assert set(folder.iterdir()) == before
