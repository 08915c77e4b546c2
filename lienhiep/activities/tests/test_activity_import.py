"""Activities from a spreadsheet (issue 14; `importing.ACTIVITIES` on core.importers, decision 0017): the template
imports as it is; every field of the form, the figures only where the kind has them; the export's columns, so that a
file exported imports back to the same activities; each problem listed in Vietnamese and nothing written."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from lienhiep.activities import exporting, importing, services
from lienhiep.activities.models import Activity, ActivityImport, Partner
from lienhiep.activities.tests.test_importing import _xlsx
from lienhiep.core.tests.imports import import_run

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SNAPSHOT = (
    "kind", "title", "start_date", "end_date", "place", "field_id", "status", "planned_for", "role", "host_id",
    "participants_members", "participants_officials", "participants_public", "copies", "money_raised", "gifts",
    "gifts_value", "scholarships", "recipients", "persons_advised", "cases_handled", "legal_areas", "mode", "audience",
    "theme", "beneficiary", "items", "items_unit", "publication_kind", "org_id",
)  # fmt: skip


def _read(client, data, name="hoat-dong.xlsx", org=None):
    """Upload through the page, then run the reading the upload queued: the batch's page as the user sees it."""
    form = {"file": SimpleUploadedFile(name, data, XLSX), **({"org": org.pk} if org else {})}
    response = client.post(reverse("activities:activity_import"), form)
    assert response.status_code == 302
    batch = ActivityImport.objects.latest("pk")
    assert (batch.status, batch.table) == ("reading", {})  # nothing parsed in the request
    importing.ACTIVITIES.read(batch_id=batch.pk, attempt=batch.attempt)
    return client.get(response["Location"])


def _run(client, page, capture):
    return import_run(client, page.context["batch"], capture, "activities:activity_import_run")


def _snapshot(activity):
    return {name: getattr(activity, name) for name in SNAPSHOT} | {
        "co_organisers": sorted(o.pk for o in activity.co_organisers.all())
    }


def test_the_export_and_the_import_have_the_same_columns():
    with translation.override("vi"):
        assert exporting.header() == [column.header for column in importing.ACTIVITY_COLUMNS]
        assert [column.key for column in importing.ACTIVITY_COLUMNS] == list(exporting.KEYS)
        # The headers are the form's labels as a Vietnamese reader sees them.
        for column in importing.ACTIVITY_COLUMNS:
            if column.key not in ("start_date", "end_date", "title", "org", "co_organisers"):
                label = str(Activity._meta.get_field(column.key).verbose_name)
                assert column.header == label[0].upper() + label[1:], column.key


def test_the_template_imports_as_it_is(world, client_for, django_capture_on_commit_callbacks):
    client = client_for(world.alice)
    template = client.get(reverse("activities:activity_import_template"), {"org": world.y_te.pk})
    assert template["Content-Type"] == XLSX
    page = _read(client, template.content, "mau.xlsx", org=world.y_te)
    assert "Tất cả 3 dòng đều hợp lệ." in page.content.decode()
    assert not Activity.objects.exists()
    batch = _run(client, page, django_capture_on_commit_callbacks)
    assert (batch.status, batch.created) == ("done", 3)
    rows = {
        a.title: (a.kind, a.org, a.participants_public, a.money_raised, a.legal_areas) for a in Activity.objects.all()
    }
    assert rows == {
        "Tập huấn kỹ thuật chăn nuôi gà an toàn sinh học": ("training", world.y_te, 45, None, []),
        "Trao quà cho hộ nghèo": ("campaign", world.y_te, None, 25_000_000, []),
        "Tư vấn pháp luật lưu động": ("legal_aid", world.y_te, None, None, ["land", "family"]),
    }
    page = client.get(reverse("activities:activity_import_batch", args=[batch.pk])).content.decode()
    assert "Đã nhập 3 hoạt động." in page
    assert list(batch.events.order_by("pk").values_list("before", "kind")) == [
        ("", "reading"), ("reading", "checked"), ("checked", "importing"), ("importing", "done"),
    ]  # fmt: skip
    # each activity has its event row, as when recorded on the form
    from lienhiep.activities.models import ActivityEvent

    assert ActivityEvent.objects.filter(target="activity", kind="create").count() == 3


def test_a_file_exported_imports_back_to_the_same_activities(world, client_for, django_capture_on_commit_callbacks):
    # Given activities of several kinds with the fields added for the reports
    host = services.partner_create(actor=world.root, org=world.ha_tinh, name="Sở Tư pháp Hà Tĩnh", kind="department")
    made = [
        services.activity_create(
            actor=world.alice, org=world.y_te, kind="legal_aid", title="Tư vấn pháp luật cho người lao động",
            start_date=dt.date(2024, 3, 5), place="Phường Bắc Hồng", persons_advised=40, cases_handled=3,
            legal_areas=["labour", "domestic_violence", "land"], mode="in_person", audience="residents",
        ),
        services.activity_create(
            actor=world.alice, org=world.y_te, kind="contest", title="Hội thi tìm hiểu Luật Bảo hiểm xã hội",
            start_date=dt.date(2024, 4, 1), end_date=dt.date(2024, 4, 2), role="participant", host=host,
            participants_members=7, mode="online",
        ),
        services.activity_create(
            actor=world.alice, org=world.y_te, kind="campaign", title="Vận động ủng hộ đồng bào vùng lũ",
            start_date=dt.date(2024, 9, 20), money_raised=12_500_000, gifts=30, recipients=30, theme="disaster",
            beneficiary="disaster", items=2, items_unit="công trình", co_organisers=[world.trung_luong],
        ),
        services.activity_create(
            actor=world.alice, org=world.y_te, kind="training", title="Tập huấn sơ cấp cứu",
            start_date=dt.date(2030, 1, 10), status="planned", participants_public=60, audience="pupils",
        ),
    ]  # fmt: skip
    before = [_snapshot(a) for a in made]
    # When they are exported, taken off the list, and the exported file is imported
    with translation.override("vi"):
        data = _xlsx(exporting.ACTIVITIES.rows(Activity.objects.all()))
    Activity.objects.all().delete()
    client = client_for(world.alice)
    page = _read(client, data, org=world.y_te)
    assert page.context["batch"].error_count == 0, page.context["errors"]
    batch = _run(client, page, django_capture_on_commit_callbacks)
    # Then they are the same activities
    assert (batch.status, batch.created) == ("done", 4)
    after = sorted((_snapshot(a) for a in Activity.objects.all()), key=lambda s: s["title"])
    assert after == sorted(before, key=lambda s: s["title"])


def test_each_problem_is_listed_in_vietnamese_and_nothing_is_written(world, client_for):
    header = [
        "Ngày", "Loại hoạt động", "Tên hoạt động", "Đơn vị tổ chức", "Số tiền vận động (đồng)",
        "Người tham dự: hội viên", "Trạng thái", "Lĩnh vực pháp luật", "Đơn vị tổ chức (ngoài hệ thống)",
    ]  # fmt: skip
    unit = world.y_te.name
    rows = [
        header,
        ["15/03/2024", "Tập huấn", "Đúng", unit, None, 20, None, None, None],
        ["15/03/2024", "Tập huấn", "Số tiền của loại khác", unit, 5_000_000, 20, None, None, None],
        ["15/03/2024", "Hội nghị", "Loại sai", unit, None, None, None, None, None],
        ["15/03/2024", "Tập huấn", "Số sai", unit, None, "hai mươi", None, None, None],
        ["15/03/2099", "Tập huấn", "Ngày tương lai", unit, None, None, None, None, None],
        ["15/03/2024", "Tư vấn, trợ giúp pháp lý", "Lĩnh vực sai", unit, None, None, None, "Đất đai, Thuế", None],
        ["15/03/2024", "Cuộc thi, hội thi bên ngoài (tham gia)", "Đối tác lạ", unit, None, 3, None, None, "Bộ X"],
        ["15/03/2024", "Tập huấn", "Đơn vị ngoài", "Hội Luật gia tỉnh Bắc Ninh", None, None, None, None, None],
        ["15/03/2024", "Tập huấn", "Trạng thái sai", unit, None, None, "Xong", None, None],
    ]
    client = client_for(world.alice)
    page = _read(client, _xlsx(rows), org=world.y_te)
    batch = page.context["batch"]
    assert batch.status == "checked" and not Activity.objects.exists()
    assert [(e.row, e.column, e.value) for e in page.context["errors"]] == [
        (3, "Loại hoạt động", "Tập huấn"),
        (4, "Loại hoạt động", "Hội nghị"),
        (5, "Người tham dự: hội viên", "hai mươi"),
        (6, "Ngày", "15/03/2099"),
        (7, "Lĩnh vực pháp luật", "Thuế"),
        (8, "Đơn vị tổ chức (ngoài hệ thống)", "Bộ X"),
        (9, "Đơn vị tổ chức", "Hội Luật gia tỉnh Bắc Ninh"),
        (10, "Trạng thái", "Xong"),
    ]
    reasons = [e.reason for e in page.context["errors"]]
    assert reasons[0] == "Hoạt động loại “tập huấn” không ghi: số tiền vận động (đồng)."
    assert reasons[2] == "Ghi một số nguyên, ví dụ 1.700."
    assert "Đã thực hiện" in reasons[7]
    # A file with rows in error is not imported, even when asked.
    assert client.post(reverse("activities:activity_import_run", args=[batch.pk])).status_code == 302
    batch.refresh_from_db()
    assert (batch.status, Activity.objects.count()) == ("checked", 0)


def test_a_planned_activity_and_an_outside_contest_with_its_organiser_import(
    world, client_for, django_capture_on_commit_callbacks
):
    Partner.objects.create(name="Bảo hiểm xã hội tỉnh", name_folded="bao hiem xa hoi tinh")
    header = ["Ngày", "Loại hoạt động", "Tên hoạt động", "Đơn vị tổ chức", "Trạng thái", "Vai trò của đơn vị",
              "Đơn vị tổ chức (ngoài hệ thống)", "Người tham dự: hội viên", "Hình thức", "Đơn vị phối hợp"]  # fmt: skip
    rows = [
        header,
        ["10/01/2031", "Tập huấn", "Tập huấn năm sau", world.y_te.name, "Dự kiến", None, None, None, "Trực tuyến",
         world.trung_luong.name],
        [dt.date(2024, 5, 2), "Cuộc thi, hội thi bên ngoài (tham gia)", "Thi tìm hiểu BHXH", world.y_te.name, None,
         "Tham dự", "BẢO HIỂM XÃ HỘI TỈNH", 12, "trực tuyến", None],
    ]  # fmt: skip
    client = client_for(world.alice)
    batch = _run(client, _read(client, _xlsx(rows), org=world.y_te), django_capture_on_commit_callbacks)
    assert (batch.status, batch.created) == ("done", 2)
    planned = Activity.objects.get(title="Tập huấn năm sau")
    assert (planned.status, planned.planned_for, planned.mode) == ("planned", dt.date(2031, 1, 10), "online")
    assert list(planned.co_organisers.all()) == [world.trung_luong]
    contest = Activity.objects.get(title="Thi tìm hiểu BHXH")
    assert (contest.role, contest.host.name, contest.participants_members) == (
        "participant",
        "Bảo hiểm xã hội tỉnh",
        12,
    )
