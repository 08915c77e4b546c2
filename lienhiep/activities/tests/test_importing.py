"""Initiatives from a spreadsheet: the template imports as it is; one bad row imports nothing. The upload only
checks and keeps the file; a background task reads and checks it, another imports it (core.batches)."""

import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lienhiep.activities import importing
from lienhiep.activities.models import Initiative, InitiativeImport
from lienhiep.core.tests.imports import import_run
from lienhiep.orgs.models import RememberedFigure

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx(rows):
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _post(client, data, name="sang-kien.xlsx", **fields):
    """Upload through the page, then run the reading and check the upload queued (the worker's part): the page of
    the batch, as the user then sees it."""
    response = client.post(reverse("activities:initiative_import"), {"file": SimpleUploadedFile(name, data, XLSX)})
    assert response.status_code == 302
    batch = InitiativeImport.objects.latest("pk")
    assert (batch.status, batch.table) == ("reading", {})  # nothing parsed in the request
    assert response["Location"] == reverse("activities:initiative_import_batch", args=[batch.pk])
    importing.INITIATIVES.read(batch_id=batch.pk, attempt=batch.attempt)
    return client.get(response["Location"])


def _upload(client, rows, name="sang-kien.xlsx"):
    return _post(client, _xlsx(rows), name)


def _run(client, response, capture):
    """Ask for the import of the batch a page shows; the task runs as the worker would, once the request commits."""
    return import_run(client, response.context["batch"], capture, "activities:initiative_import_run")


def test_the_template_imports_as_it_is(world, client_for, django_capture_on_commit_callbacks):
    client = client_for(world.alice)
    # Given the officer downloads the template for Trung tâm Y tế (its first example row names that unit)
    template = client.get(reverse("activities:initiative_template"), {"org": world.y_te.pk})
    assert template["Content-Type"] == XLSX
    # and uploads it with its two example rows: read and checked, then imported when asked
    page = _post(client, template.content, "mau.xlsx")
    assert "Tất cả 2 dòng đều hợp lệ." in page.content.decode()
    assert Initiative.objects.count() == 0
    batch = _run(client, page, django_capture_on_commit_callbacks)
    assert (batch.status, batch.created) == ("done", 2)
    rows = {i.title: (i.org, i.level, i.year, i.applied, i.author_names) for i in Initiative.objects.all()}
    assert rows == {
        "Ứng dụng nội soi trong khám Tai - Mũi - Họng": (world.y_te, "basic", 2023, True, "Trần Thị Mai"),
        "Giải pháp tiết kiệm điện trong trường học": (world.trung_luong, "province", 2022, False,
                                                      "Lê Văn An, Phan Thị Hoa"),
    }  # fmt: skip
    page = client.get(reverse("activities:initiative_import_batch", args=[batch.pk])).content.decode()
    assert "Đã nhập 2 sáng kiến." in page
    # Every move of the batch wrote its event row.
    assert list(batch.events.order_by("pk").values_list("before", "kind")) == [
        ("", "reading"),
        ("reading", "checked"),
        ("checked", "importing"),
        ("importing", "done"),
    ]


def test_one_bad_row_imports_nothing_and_each_problem_is_listed(world, client_for):
    header = ["Năm", "Tên đề tài", "tac gia", "Đơn vị", "Cấp", "Đã áp dụng", "Hiệu quả"]  # any order and spelling
    rows = [
        header,
        [2023, "Đúng", "Lê Văn A", "Hội KH&KT Trung tâm Y tế", "cấp tỉnh", "Có", "Áp dụng tại đơn vị"],
        [2023, "Cấp sai", "Lê Văn A", "Hội KH&KT Trung tâm Y tế", "Huyện", "", ""],
        ["năm ngoái", "Năm sai", "Lê Văn A", "Hội KH&KT Trung tâm Y tế", "Cơ sở", "", ""],
        [2023, "Đơn vị ngoài", "Lê Văn A", "Hội Luật gia tỉnh Bắc Ninh", "Cơ sở", "", ""],
        [2023, "Áp dụng thiếu hiệu quả", "Lê Văn A", "Hội KH&KT Trung tâm Y tế", "Cơ sở", "Có", ""],
        [2001, "Trước khi có đơn vị", "Lê Văn A", "Hội KH&KT Trung tâm Y tế", "Cơ sở", "", ""],
    ]
    client = client_for(world.alice)
    response = _upload(client, rows)
    assert Initiative.objects.count() == 0
    assert response.context["batch"].error_count == 5
    assert [(e.row, e.column, e.value) for e in response.context["errors"]] == [
        (3, "Cấp công nhận", "Huyện"),
        (4, "Năm công nhận", "năm ngoái"),
        (5, "Đơn vị", "Hội Luật gia tỉnh Bắc Ninh"),
        (6, "Hiệu quả áp dụng", ""),
        (7, "Đơn vị", "Hội KH&KT Trung tâm Y tế"),
    ]
    page = response.content.decode()
    assert "Hội KH&amp;KT Trung tâm Y tế không tồn tại vào năm 2001." in page
    # A file with rows in error is not imported, even when asked.
    batch = response.context["batch"]
    assert client.post(reverse("activities:initiative_import_run", args=[batch.pk])).status_code == 302
    batch.refresh_from_db()
    assert (batch.status, Initiative.objects.count()) == ("checked", 0)


def test_a_missing_column_or_a_file_that_is_no_spreadsheet_is_refused(world, client_for):
    client = client_for(world.alice)
    response = _upload(client, [["Tên sáng kiến", "Đơn vị"], ["A", "Hội KH&KT Trung tâm Y tế"]])
    assert (response.context["batch"].status, response.context["batch"].message) == (
        "failed",
        "Thiếu các cột: Tác giả, Cấp công nhận, Năm công nhận.",
    )
    # What cannot be a table is refused by the upload itself, and nothing is kept.
    before = InitiativeImport.objects.count()
    fake = SimpleUploadedFile("sang-kien.xlsx", b"%PDF-1.4 not a workbook", XLSX)
    response = client.post(reverse("activities:initiative_import"), {"file": fake})
    assert response.context["problem"] == "Hãy tải lên tệp Excel (.xlsx) hoặc tệp CSV."
    assert (Initiative.objects.count(), InitiativeImport.objects.count()) == (0, before)


def test_imported_initiatives_reach_the_remembered_figures(world, client_for, django_capture_on_commit_callbacks):
    from lienhiep.activities import selectors

    assert selectors.initiative_totals(world.ha_tinh, first_year=2023, last_year=2023).count == 0
    assert RememberedFigure.objects.filter(source="initiatives").exists()
    client = client_for(world.alice)
    page = _upload(client, [
        ["Tên sáng kiến", "Tác giả", "Đơn vị", "Cấp", "Năm"],
        ["Một", "Lê Văn A", "Hội KH&KT Trung tâm Y tế", "Cơ sở", 2023],
    ])  # fmt: skip
    _run(client, page, django_capture_on_commit_callbacks)
    assert selectors.initiative_totals(world.ha_tinh, first_year=2023, last_year=2023).count == 1


def test_limits():
    assert (importing.MAX_ROWS, importing.MAX_BYTES) == (5_000, 5 * 2**20)


def test_an_import_is_for_a_unit_where_the_importer_records_and_the_units_under_it(world):
    import pytest
    from django.core.exceptions import PermissionDenied

    def csv(*units):
        rows = "".join(f"Ứng dụng {i},Lê Văn A,{unit},Cơ sở,2023\n" for i, unit in enumerate(units))
        return f"Tên sáng kiến,Tác giả,Đơn vị,Cấp công nhận,Năm công nhận\n{rows}".encode()

    def read(*units):
        batch = importing.INITIATIVES.upload(actor=world.alice, org=world.y_te, file_name="a.csv", data=csv(*units))
        return importing.INITIATIVES.read(batch_id=batch.pk)

    # Bob records for Trung Lương only; Lan reads Hà Tĩnh: neither imports for Trung tâm Y tế, and nothing is kept
    for user in (world.bob, world.lan, world.dan):
        with pytest.raises(PermissionDenied):
            importing.INITIATIVES.upload(
                actor=user, org=world.y_te, file_name="a.csv", data=csv("Hội KH&KT Trung tâm Y tế")
            )
    assert not InitiativeImport.objects.exists()
    # The officer's import for Trung tâm Y tế may name it and its branch, not Trung Lương beside it
    batch = read("Chi hội KH&KT Trạm Y tế", world.trung_luong.name)
    assert (batch.status, batch.error_count) == ("checked", 1)
    assert [(row, column, value) for row, column, value, _reason in batch.errors] == [
        (3, "Đơn vị", world.trung_luong.name)
    ]
    assert not Initiative.objects.exists()
    batch = read("Chi hội KH&KT Trạm Y tế", world.y_te.name)
    assert (batch.status, batch.error_count, batch.errors) == ("checked", 0, [])
    importing.INITIATIVES.request_apply(actor=world.alice, batch=batch)
    batch = importing.INITIATIVES.apply(batch_id=batch.pk)
    assert (batch.status, batch.created) == ("done", 2)
    assert sorted(Initiative.objects.values_list("title", "org")) == [
        ("Ứng dụng 0", world.branch.pk),
        ("Ứng dụng 1", world.y_te.pk),
    ]


# --- Files as offices make them (issue 11) ------------------------------------------------------

INITIATIVE_HEADER = ["STT", "Tên sáng kiến, đề tài", "Tác giả", "Đơn vị", "Cấp công nhận", "Năm công nhận"]
FORMULA_MESSAGE = "Ô là công thức chưa có giá trị tính sẵn; mở tệp trong Excel, lưu lại rồi tải lên."


def test_initiatives_under_a_title_on_a_second_sheet_import_without_the_totals_row(
    world, client_for, django_capture_on_commit_callbacks
):
    from lienhiep.core.tests.samples import office_xlsx

    rows = [
        INITIATIVE_HEADER,
        [1, "Ứng dụng nội soi", "Trần Thị Mai", "Hội KH&KT Trung tâm Y tế", "Cơ sở", 2023],
        [None] * 6,
        [2, "Tiết kiệm điện", "Lê Văn An", "Hội KH&KT phường Trung Lương", "Tỉnh", 2022],
        [None, "Cộng", None, None, None, "=COUNTA(B4:B7)"],
    ]
    data = office_xlsx({"Bìa": [["BÁO CÁO NĂM 2023"]], "Sáng kiến": rows}, title="DANH SÁCH SÁNG KIẾN")
    client = client_for(world.alice)
    batch = _run(client, _post(client, data), django_capture_on_commit_callbacks)
    assert (batch.status, batch.table["sheet"], batch.table["header_row"], batch.table["totals"]) == (
        "done",
        "Sáng kiến",
        3,
        [7],
    )
    assert sorted(Initiative.objects.values_list("title", "org", "year")) == [
        ("Tiết kiệm điện", world.trung_luong.pk, 2022),
        ("Ứng dụng nội soi", world.y_te.pk, 2023),
    ]


def test_an_initiative_formula_without_its_value_is_reported_and_the_page_says_the_header_row(world, client_for):
    from lienhiep.core.tests.samples import office_xlsx

    rows = [
        INITIATIVE_HEADER,
        [1, '=HYPERLINK("https://hoi.vn/1","Ứng dụng nội soi")', "Trần Thị Mai", "Hội KH&KT Trung tâm Y tế", "Cơ sở",
         "=2020+3"],
        [2, "Tiết kiệm điện", "Lê Văn An", "Hội KH&KT phường Trung Lương", "Tỉnh", "=2020+2"],
    ]  # fmt: skip
    data = office_xlsx({"DS": rows}, title="DANH SÁCH SÁNG KIẾN", hidden="A", cached={"F5": "2022"})
    client = client_for(world.alice)
    response = _post(client, data)
    assert Initiative.objects.count() == 0
    assert [(e.row, e.column, e.reason) for e in response.context["errors"]] == [
        (4, "Tên sáng kiến, đề tài", FORMULA_MESSAGE),
        (4, "Năm công nhận", FORMULA_MESSAGE),
    ]
    page = response.content.decode()
    assert "Dòng tiêu đề: dòng 3" in page and response.context["table"]["hidden"] == [0]
    # Told another header row on the page, it reads the stored file again from there (and finds no columns): no
    # new upload.
    batch = response.context["batch"]
    uploads = InitiativeImport.objects.count()
    response = client.post(reverse("activities:initiative_import_layout", args=[batch.pk]), {"header_row": "1"})
    assert response.status_code == 302
    batch.refresh_from_db()
    assert (batch.status, batch.header_row) == ("reading", 1)
    batch = importing.INITIATIVES.read(batch_id=batch.pk, attempt=batch.attempt)
    assert (batch.status, batch.message, batch.table["header_row"], InitiativeImport.objects.count()) == (
        "failed",
        "Thiếu các cột: Tên sáng kiến, đề tài, Tác giả, Đơn vị, Cấp công nhận, Năm công nhận.",
        1,
        uploads,
    )
    # and back to row 3, from the failed batch's page
    client.post(reverse("activities:initiative_import_layout", args=[batch.pk]), {"header_row": "3"})
    batch.refresh_from_db()
    batch = importing.INITIATIVES.read(batch_id=batch.pk, attempt=batch.attempt)
    assert (batch.status, batch.table["header_row"], batch.error_count) == ("checked", 3, 2)


def test_a_unit_merged_down_its_rows_and_the_signatures_under_the_totals_import_as_the_office_meant(
    world, client_for, django_capture_on_commit_callbacks
):
    from lienhiep.core.tests.samples import office_xlsx

    # Given the list as a union sends it: each unit merged down its initiatives' rows, a totals row, the signatures
    rows = [
        INITIATIVE_HEADER,
        [1, "Ứng dụng nội soi", "Trần Thị Mai", "Hội KH&KT Trung tâm Y tế", "Cơ sở", 2023],
        [2, "Bảng y lệnh điện tử", "Lê Văn Nam", None, "Ngành", 2023],
        [3, "Tiết kiệm điện", "Lê Văn An", "Hội KH&KT phường Trung Lương", "Tỉnh", 2022],
        [None, "Tổng cộng", "3 sáng kiến"],
        [],
        [None, None, None, None, "Hà Tĩnh, ngày 20 tháng 12 năm 2023"],
        [None, "Người lập biểu", None, None, "TM. Ban Thường vụ"],
        [None, "Nguyễn Văn Lập", None, None, "Trần Văn Trưởng"],
    ]
    data = office_xlsx({"Sáng kiến": rows}, title="DANH SÁCH SÁNG KIẾN NĂM 2023", merged=("D4:D5",))
    client = client_for(world.alice)
    # When it is uploaded, read, checked and imported
    page = _post(client, data)
    batch = page.context["batch"]
    assert (batch.status, batch.error_count, batch.total_rows) == ("checked", 0, 3)
    assert (batch.table["totals"], batch.table["notes"]) == ([7], [9, 10, 11])
    assert "Bỏ qua 3 dòng chữ ký/ghi chú ở cuối bảng." in page.content.decode()
    batch = _run(client, page, django_capture_on_commit_callbacks)
    # Then each initiative is in the unit its row shows, and no signature is an initiative
    assert (batch.status, batch.created) == ("done", 3)
    assert sorted(Initiative.objects.values_list("title", "org")) == [
        ("Bảng y lệnh điện tử", world.y_te.pk),
        ("Tiết kiệm điện", world.trung_luong.pk),
        ("Ứng dụng nội soi", world.y_te.pk),
    ]


def test_the_page_polls_while_the_file_is_read_and_a_stopped_import_is_run_again_or_cancelled(
    world, client_for, settings, django_capture_on_commit_callbacks
):
    import datetime as dt

    from django.utils import timezone

    client = client_for(world.alice)
    rows = [
        ["Tên sáng kiến", "Tác giả", "Đơn vị", "Cấp", "Năm"],
        ["Một", "Lê Văn A", "Hội KH&KT Trung tâm Y tế", "Cơ sở", 2023],
    ]
    upload = SimpleUploadedFile("sang-kien.xlsx", _xlsx(rows), XLSX)
    client.post(reverse("activities:initiative_import"), {"file": upload})
    batch = InitiativeImport.objects.latest("pk")
    # While it is being read, the progress bar polls, and no one may stop it yet
    progress = reverse("activities:initiative_import_progress", args=[batch.pk])
    response = client.get(progress)
    assert 'hx-trigger="every 1s"' in response.content.decode() and "HX-Refresh" not in response
    assert client.post(reverse("activities:initiative_import_cancel", args=[batch.pk])).status_code == 302
    batch.refresh_from_db()
    assert batch.status == "reading"
    # Its worker killed: the heartbeat goes stale, the bar stops polling and the page offers to run it again
    old = timezone.now() - dt.timedelta(seconds=settings.IMPORT_STALE_AFTER + 1)
    InitiativeImport.objects.filter(pk=batch.pk).update(heartbeat_at=old)
    assert client.get(progress)["HX-Refresh"] == "true"
    page = client.get(reverse("activities:initiative_import_batch", args=[batch.pk])).content.decode()
    assert "Quá trình nhập bị dừng giữa chừng" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("activities:initiative_import_retry", args=[batch.pk]))
    batch.refresh_from_db()
    assert (batch.status, batch.attempt, batch.total_rows) == ("checked", 2, 1)
    # The import stopped too, and given up: nothing written, every move an event row
    importing.INITIATIVES.request_apply(actor=world.alice, batch=batch)
    InitiativeImport.objects.filter(pk=batch.pk).update(heartbeat_at=old)
    client.post(reverse("activities:initiative_import_cancel", args=[batch.pk]))
    batch.refresh_from_db()
    assert (batch.status, Initiative.objects.count()) == ("cancelled", 0)
    assert list(batch.events.order_by("pk").values_list("before", "kind")) == [
        ("", "reading"), ("reading", "stopped"), ("stopped", "reading"), ("reading", "checked"),
        ("checked", "importing"), ("importing", "stopped"), ("stopped", "cancelled"),
    ]  # fmt: skip
    # A task queued for the earlier attempt does nothing
    assert importing.INITIATIVES.apply(batch_id=batch.pk, attempt=1).status == "cancelled"


def test_an_office_file_with_the_date_recognised_imports_it_and_a_half_year_counts_by_it(
    world, client_for, django_capture_on_commit_callbacks
):
    import datetime as dt

    from lienhiep.activities.selectors import initiatives_recognised_in
    from lienhiep.core.tests.samples import office_xlsx

    # Given a union's list under its title, a unit merged down two rows, the decision's date typed or a real date
    header = [*INITIATIVE_HEADER, "Ngày quyết định"]
    rows = [
        header,
        [1, "Ứng dụng nội soi", "Trần Thị Mai", "Hội KH&KT Trung tâm Y tế", "Cơ sở", 2026, "15/03/2026"],
        [2, "Bảng y lệnh điện tử", "Lê Văn Nam", None, "Ngành", 2026, dt.date(2026, 8, 2)],
        [3, "Tiết kiệm điện", "Lê Văn An", "Hội KH&KT phường Trung Lương", "Tỉnh", 2026, None],
    ]
    data = office_xlsx({"Sáng kiến": rows}, title="DANH SÁCH SÁNG KIẾN NĂM 2026", merged=("D4:D5",))
    client = client_for(world.alice)
    page = _post(client, data)
    assert (page.context["batch"].status, page.context["batch"].error_count) == ("checked", 0)
    batch = _run(client, page, django_capture_on_commit_callbacks)
    assert (batch.status, batch.created) == ("done", 3)
    assert sorted(Initiative.objects.values_list("title", "recognised_on")) == [
        ("Bảng y lệnh điện tử", dt.date(2026, 8, 2)),
        ("Tiết kiệm điện", None),
        ("Ứng dụng nội soi", dt.date(2026, 3, 15)),
    ]
    # Then the first half-year holds the one recognised in it
    half = initiatives_recognised_in(world.ha_tinh, start=dt.date(2026, 1, 1), end=dt.date(2026, 6, 30))
    assert list(half.values_list("title", flat=True)) == ["Ứng dụng nội soi"]
