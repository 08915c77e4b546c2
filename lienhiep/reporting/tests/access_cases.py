import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from lienhiep.core.access_cases import EDIT, MANAGE, VIEW, Case, created_on, form_on, listed_under, posted_on
from lienhiep.governance.tests.access_cases import gov

D = dt.date

# A small administrative template of the pages' own: one section with a sentence of two figures and a footnote.
UI_TEMPLATE = {
    "key": "ui-annual",
    "kind": "annual",
    "name": "Báo cáo năm (mẫu của trang)",
    "version": 1,
    "style": "administrative",
    "part_words": True,
    "doc_type": "BÁO CÁO",
    "summary": "TỔNG KẾT HOẠT ĐỘNG NĂM {year}",
    "authority": "TM. BAN CHẤP HÀNH",
    "signer_title": "CHỦ TỊCH",
    "recipients": ["- Liên hiệp hội tỉnh (b/c);", "- Lưu: VT, VP."],
    "sections": [
        {"key": "i", "level": 1, "title": "KẾT QUẢ ĐẠT ĐƯỢC", "sections": [
            {"key": "i.1", "level": 2, "title": "Công tác tổ chức", "blocks": [
                {"kind": "text", "content": {"runs": [
                    {"t": "Liên hiệp hội có "}, {"fig": "orgs.associations"}, {"t": " hội thành viên, tập hợp "},
                    {"fig": "members.count"}, {"t": " hội viên"}, {"note": "fn1"}, {"t": "."},
                ]}},
                {"kind": "footnote", "content": {"key": "fn1", "runs": [{"t": "Số liệu đến ngày chốt."}]}},
            ]},
            {"key": "i.2", "level": 2, "title": "Hoạt động khác", "blocks": [
                {"kind": "text", "content": {"runs": [{"t": "Các hội thành viên hoạt động đều."}]}},
            ]},
        ]},
    ],
}  # fmt: skip


def ui_template():
    from lienhiep.reporting import schema
    from lienhiep.reporting.models import ReportTemplate

    structure = schema.check_template(dict(UI_TEMPLATE))
    template, _created = ReportTemplate.objects.get_or_create(
        org=None,
        key=structure["key"],
        version=structure["version"],
        defaults={"kind": structure["kind"], "name": structure["name"], "style": structure["style"],
                  "structure": structure},
    )  # fmt: skip
    return template


def ui_report(world, *, status="draft"):
    """A 2023 annual report of the Hồng Lĩnh town union (under alice's Hà Tĩnh), moved to `status`."""
    from lienhiep.reporting import services

    report = services.report_create(
        actor=world.root, org=world.hong_linh, kind="annual", template=ui_template(),
        period_start=D(2023, 1, 1), period_end=D(2023, 12, 31), as_of=D(2023, 12, 31),
    )  # fmt: skip
    if status == "review":
        report = services.report_review(actor=world.root, report=report)
    if status in ("approved", "issued"):
        report = services.report_approve(actor=world.root, report=report)
    if status == "issued":
        report = services.report_issue(actor=world.root, report=report, issued_on=D(2024, 1, 15))
        # The files are written by a task once the issue commits; a test's transaction never commits.
        for rendering in report.renderings.filter(status="queued"):
            services.rendering_write(rendering_id=rendering.pk)
        report.refresh_from_db()
    return report


def _stalled(world):
    """The town's report being approved in the background, its worker stopped: the approval's heartbeat older than
    IMPORT_STALE_AFTER (its task, queued once the test's transaction would commit, never runs here)."""
    from django.test import override_settings
    from django.utils import timezone

    from lienhiep.reporting import services
    from lienhiep.reporting.models import Rendering

    report = ui_report(world, status="review")
    with override_settings(REPORT_APPROVE_INLINE_UNITS=0):
        rendering = services.report_approve_request(actor=world.root, report=report)
    Rendering.objects.filter(pk=rendering.pk).update(heartbeat_at=timezone.now() - dt.timedelta(hours=1))
    return {"pk": report.pk}


def _event(kind):
    def happened(world, client):
        from lienhiep.reporting.models import ReportEvent

        return ReportEvent.objects.filter(kind=kind, actor=world.alice).exists()

    return happened


def _report(status="draft"):
    return lambda world: {"pk": ui_report(world, status=status).pk}


def _block(world):
    from lienhiep.reporting.models import Block

    report = ui_report(world)
    return {"pk": Block.objects.filter(section__report=report, kind="text").order_by("section__order", "order")[0].pk}


def _comment(world):
    from lienhiep.reporting import services
    from lienhiep.reporting.models import Block

    block = Block.objects.get(pk=_block(world)["pk"])
    return {"pk": services.block_comment(actor=world.root, block=block, text="Xem lại số liệu.").pk}


def _scanned(world):
    from lienhiep.reporting import services

    report = ui_report(world, status="issued")
    scan = SimpleUploadedFile("ban-ky.pdf", b"%PDF-1.4 ban ky\n%%EOF\n", content_type="application/pdf")
    services.signed_scan_upload(actor=world.root, report=report, upload=scan)
    return {"pk": report.pk}


def _preview(world):
    from lienhiep.reporting import services

    report = ui_report(world)
    rendering = services.rendering_request(actor=world.alice, report=report, formats=("docx",))
    services.rendering_write(rendering_id=rendering.pk)
    return {"pk": rendering.pk, "fmt": "docx"}


def _rendered(world, client):
    from lienhiep.reporting.models import Rendering

    return Rendering.objects.filter(purpose="preview", actor=world.alice).exists()


def _figure_ref():
    from lienhiep.reporting.selectors import Token

    return Token.of({"fig": "members.count"}).ref


def _status(value, **filters):
    from lienhiep.reporting.models import Report

    return Report.objects.filter(org__name__contains="Hồng Lĩnh", status=value, **filters).exists()


def _create_data(world):
    return {
        "org": world.hong_linh.pk, "kind": "annual", "template": ui_template().pk, "period_start": "01/01/2024",
        "period_end": "31/12/2024", "as_of": "31/12/2024",
    }  # fmt: skip


def _copy_kwargs(world):
    return {"pk": ui_template().pk}


def _copy_data(world):
    return {
        "org": world.hong_linh.pk, "name": "Báo cáo năm của thị xã",
        "order__i": "1", "title__i": "KẾT QUẢ", "included__i": "on",
        "order__i.1": "2", "title__i.1": "Tổ chức", "included__i.1": "on",
        "order__i.2": "1", "title__i.2": "Hoạt động khác", "included__i.2": "on",
    }  # fmt: skip


def _block_changed(world, client):
    from lienhiep.reporting.models import Block

    return Block.objects.filter(content__runs__0__t="Nay Liên hiệp hội có ").exists()


def _section_out(world, client):
    from lienhiep.reporting.models import ReportSection

    return ReportSection.objects.filter(key="i.2", included=False).exists()


def _section_data(world):
    from lienhiep.reporting.models import ReportSection

    return {"section": ReportSection.objects.filter(key="i.2").order_by("-pk")[0].pk, "included": "0"}


def _overridden(world, client):
    from lienhiep.reporting.models import FigureValue

    return FigureValue.objects.filter(key="members.count", override__isnull=False).exists()


def _commented(world, client):
    from lienhiep.reporting.models import ReportComment

    return ReportComment.objects.filter(text="Câu này cần dẫn nguồn.").exists()


def _resolved(world, client):
    from lienhiep.reporting.models import ReportComment

    return ReportComment.objects.filter(resolved_at__isnull=False).exists()


def _scan_stored(world, client):
    from lienhiep.reporting.models import Report

    return Report.objects.exclude(signed_scan="").exists()


def _new_version(world, client):
    from lienhiep.reporting.models import Report

    return Report.objects.filter(previous__isnull=False, status="draft").exists()


def _own_copy(world, client):
    from lienhiep.reporting.models import ReportTemplate

    copy = ReportTemplate.objects.filter(org=world.hong_linh, key="ui-annual").first()
    return copy is not None and [s["key"] for s in copy.structure["sections"][0]["sections"]] == ["i.2", "i.1"]


CASES = {
    # The pages of figures (pages.py).
    "reporting:figure": Case(query=lambda w: {"key": "orgs.associations", "node": w.hong_linh.pk}),
    "reporting:overview": Case(scoped=False),
    "reporting:targets": Case(kwargs=lambda w: {"pk": gov(w).congress.pk}),
    "reporting:overview_export": listed_under("hong_linh", {"start": "01/01/2025", "end": "31/12/2025"}),
    # The report pages (views.py).
    "reporting:list": listed_under("hong_linh"),
    "reporting:templates": Case(scoped=False),
    "reporting:new": created_on(
        "hong_linh",
        MANAGE,
        data=_create_data,
        changed=lambda w, client: _status("draft", period_start=D(2024, 1, 1)),
    ),
    "reporting:detail": Case(kwargs=_report()),
    "reporting:panel": Case(kwargs=_report()),
    "reporting:figure_panel": Case(kwargs=_report(), query=lambda w: {"figure": _figure_ref()}),
    "reporting:figure_override": posted_on(
        _report(),
        EDIT,
        data=lambda w: {"figure": _figure_ref(), "value": "25", "reason": "Số liệu của văn phòng, chưa nhập đủ."},
        changed=_overridden,
    ),
    "reporting:section_include": posted_on(_report(), EDIT, data=_section_data, changed=_section_out),
    "reporting:review": posted_on(_report(), EDIT, changed=lambda w, c: _status("review")),
    "reporting:return": posted_on(_report("review"), EDIT, changed=lambda w, c: _status("draft")),
    "reporting:approve": form_on(_report(), EDIT, changed=lambda w, c: _status("approved")),
    "reporting:issue": form_on(
        _report("approved"),
        EDIT,
        data=lambda w: {
            "issued_on": "15/01/2024",
            "authority": "TM. BAN CHẤP HÀNH",
            "signer_title": "CHỦ TỊCH",
            "signer_name": "Tôn Quang Ngọc",
        },  # fmt: skip
        changed=lambda w, c: _status("issued", number=1),
    ),
    "reporting:new_version": posted_on(_report("approved"), EDIT, changed=_new_version),
    "reporting:withdraw": form_on(
        _report("issued"),
        EDIT,
        data=lambda w: {"reason": "Ban hành nhầm kỳ báo cáo."},
        changed=lambda w, c: _status("withdrawn"),
    ),
    "reporting:download": Case(kwargs=lambda w: {**_report("issued")(w), "fmt": "docx"}),
    # Anyone who reads the report may have its files written (a preview, for them alone).
    "reporting:render": posted_on(_report(), VIEW, changed=_rendered),
    "reporting:rendering_file": Case(kwargs=_preview, private=True),
    "reporting:progress": Case(kwargs=_report()),
    # Work whose worker stopped (here an approval): run again or given up by whoever may approve it.
    "reporting:background_retry": posted_on(_stalled, EDIT, changed=_event("approve_retry")),
    "reporting:background_cancel": posted_on(_stalled, EDIT, changed=_event("approve_cancel")),
    "reporting:scan": Case(kwargs=_scanned),
    "reporting:scan_upload": posted_on(
        _report("issued"),
        EDIT,
        data=lambda w: {"scan": SimpleUploadedFile("ky.pdf", b"%PDF-1.4 ky\n%%EOF\n", content_type="application/pdf")},
        changed=_scan_stored,
    ),
    "reporting:block": Case(kwargs=_block),
    "reporting:block_edit": form_on(
        _block,
        EDIT,
        data=lambda w: {"text": "Nay Liên hiệp hội có [[1]] hội thành viên, tập hợp [[2]] hội viên[[3]]."},
        changed=_block_changed,
    ),
    "reporting:block_history": Case(kwargs=_block),
    # Reviewers comment: a leader of the unit above may too (VIEW), an outsider may not.
    "reporting:block_comments": form_on(
        _block, VIEW, data=lambda w: {"text": "Câu này cần dẫn nguồn."}, changed=_commented
    ),
    # A comment is resolved by its author or an editor of the report (the one here is root's).
    "reporting:comment_resolve": posted_on(_comment, EDIT, changed=_resolved),
    "reporting:template_copy": form_on(
        _copy_kwargs, MANAGE, query=lambda w: {"org": w.hong_linh.pk}, data=_copy_data, changed=_own_copy
    ),
}
