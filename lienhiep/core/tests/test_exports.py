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
