"""A report's files: written in the background when issued (or asked for), the same bytes every time, the signed
scan checked like every upload; the command line's render and list."""

import datetime as dt
import hashlib
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.management import call_command

from lienhiep.core import files
from lienhiep.reporting import services
from lienhiep.reporting.models import Rendering, RenderStatus, Report, ReportEvent, ReportStatus
from lienhiep.reporting.tests.factories import mini_template

D = dt.date
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def annual(world, org=None):
    template = mini_template(key="mini-annual", kind="annual", style="administrative")
    return services.report_create(
        actor=world.alice, org=org or world.hong_linh, kind="annual", template=template,
        period_start=D(2025, 1, 1), period_end=D(2025, 12, 31),
    )  # fmt: skip


def document_xml(docx: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        return archive.read("word/document.xml")


def issued(world, django_capture_on_commit_callbacks):
    report = annual(world)
    services.report_approve(actor=world.alice, report=report)
    with django_capture_on_commit_callbacks(execute=True):
        services.report_issue(actor=world.alice, report=report, issued_on=D(2026, 1, 12), formats=("docx", "xlsx"))
    return Report.objects.get(pk=report.pk)


@pytest.mark.django_db
def test_issuing_writes_the_files_with_their_sha256(world, media, django_capture_on_commit_callbacks):
    report = issued(world, django_capture_on_commit_callbacks)
    rendering = Rendering.objects.get(report=report)
    assert (rendering.purpose, rendering.status, rendering.percent, rendering.message) == ("issue", "done", 100, "")
    assert report.docx.startswith(f"reports/{world.hong_linh.pk}/") and report.docx.endswith(".docx")
    assert report.xlsx.endswith(".xlsx") and report.pdf == ""
    for fmt in ("docx", "xlsx"):
        content = files.path(getattr(report, fmt)).read_bytes()
        assert report.files_sha256[fmt] == hashlib.sha256(content).hexdigest()
    event = ReportEvent.objects.filter(report=report, kind="render").get()
    assert event.data["sha256"] == report.files_sha256
    # The same frozen report renders the same Word body again (test F.42), by the command line too.
    out = media / "again.docx"
    call_command("report_render", report=report.pk, format="docx", out=str(out), stdout=io.StringIO())
    assert document_xml(out.read_bytes()) == document_xml(files.path(report.docx).read_bytes())


@pytest.mark.django_db
def test_a_draft_is_rendered_on_request_and_a_failure_is_said(world, media, django_capture_on_commit_callbacks):
    report = annual(world)
    with django_capture_on_commit_callbacks(execute=True):
        rendering = services.rendering_request(actor=world.lan, report=report, formats=("docx",))
    rendering.refresh_from_db()
    assert (rendering.status, rendering.steps, rendering.done_steps, list(rendering.files)) == ("done", 2, 2, ["docx"])
    assert rendering.names["docx"].endswith(".docx")
    assert Report.objects.get(pk=report.pk).docx == ""  # a preview is not the report's file
    with pytest.raises(ValidationError) as caught:
        services.rendering_request(actor=world.alice, report=report, formats=("odt",))
    assert caught.value.messages == ["Hãy chọn ít nhất một tệp cần tạo."]
    # A rendering that fails says why and leaves no file behind.
    broken = Rendering.objects.create(report=report, actor=world.alice, formats=["doc"], steps=2)
    services.rendering_write(rendering_id=broken.pk)
    broken.refresh_from_db()
    assert (broken.status, broken.message) == (
        RenderStatus.FAILED,
        "Không tạo được tệp: Định dạng tệp không hợp lệ: doc.",
    )


@pytest.mark.django_db
def test_the_signed_scan_is_checked_and_kept_for_an_issued_report(world, media, django_capture_on_commit_callbacks):
    draft = annual(world)
    with pytest.raises(ValidationError):
        services.signed_scan_upload(actor=world.alice, report=draft, upload=ContentFile(PDF, name="ban-ky.pdf"))
    report = issued(world, django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError):
        services.signed_scan_upload(actor=world.alice, report=report, upload=ContentFile(b"MZ\x90\x00", name="x.pdf"))
    assert Report.objects.get(pk=report.pk).signed_scan == ""
    assert not [p for p in (media / "reports" / "scans").rglob("*") if p.is_file()]  # a refused scan leaves no file
    services.signed_scan_upload(actor=world.alice, report=report, upload=ContentFile(PDF, name="ban-ky.pdf"))
    report = Report.objects.get(pk=report.pk)
    assert report.signed_scan.startswith("reports/scans/") and report.signed_scan.endswith(".pdf")
    assert files.path(report.signed_scan).read_bytes() == PDF
    assert report.files_sha256["scan"] == hashlib.sha256(PDF).hexdigest()
    assert report.status == ReportStatus.ISSUED


@pytest.mark.django_db
def test_report_list_prints_one_report_a_line(world):
    first, second = annual(world), annual(world, world.ha_tinh)
    services.report_approve(actor=world.alice, report=second)
    out = io.StringIO()
    call_command("report_list", stdout=out)
    assert out.getvalue().splitlines() == [
        f"{first.pk}\tLiên hiệp hội thị xã Hồng Lĩnh\tannual\t01/01/2025-31/12/2025\tdraft",
        f"{second.pk}\tLiên hiệp hội tỉnh Hà Tĩnh\tannual\t01/01/2025-31/12/2025\tapproved",
    ]
    out = io.StringIO()
    call_command("report_list", status="approved", stdout=out)
    assert out.getvalue().splitlines() == [
        f"{second.pk}\tLiên hiệp hội tỉnh Hà Tĩnh\tannual\t01/01/2025-31/12/2025\tapproved"
    ]


@pytest.mark.django_db
def test_report_render_writes_the_annex_and_refuses_an_unknown_report(world, media):
    from django.core.management.base import CommandError
    from openpyxl import load_workbook

    report = annual(world)
    out = media / "phu-luc.xlsx"
    call_command(
        "report_render", report=report.pk, format="xlsx", out=str(out), stdout=io.StringIO(), stderr=io.StringIO()
    )
    assert load_workbook(out).sheetnames[0] == "Số liệu"
    with pytest.raises(CommandError, match="No report 999999"):
        call_command("report_render", report=999999, format="docx", out=str(out))
