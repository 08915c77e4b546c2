"""Member files as offices make them (issue 11): a title above the table, a cover sheet and a totals row, hidden
columns, formulas with and without a saved value, names in NFD; read in the background, never by the pages."""

import datetime as dt
import unicodedata

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lienhiep.core.tests.imports import import_run
from lienhiep.core.tests.samples import office_xlsx
from lienhiep.members import services
from lienhiep.members.models import ImportBatch, ImportEvent, ImportStatus, Person

Y_TE = "Hội KH&KT Trung tâm Y tế"
HEADER = ["STT", "Họ và tên", "Giới tính", "Ngày sinh", "Hội", "Ngày vào hội"]
ROWS = [
    [1, "Trần Thị Mai", "Nữ", "28/02/1980", Y_TE, "01/02/2024"],
    [None, None, None, None, None, None],  # a blank row inside the data
    [2, "Lê Văn Nam", "Nam", "12/12/1975", Y_TE, "01/03/2024"],
]
FORMULA_MESSAGE = "Ô là công thức chưa có giá trị tính sẵn; mở tệp trong Excel, lưu lại rồi tải lên."


def upload(client, data, name="danh-sach.xlsx", django_capture_on_commit_callbacks=None):
    """Upload through the page, then run the reading the upload queued (the worker's part)."""
    response = client.post(reverse("members:import"), {"file": SimpleUploadedFile(name, data)})
    assert response.status_code == 302
    batch = ImportBatch.objects.latest("pk")
    assert batch.status == ImportStatus.READING and batch.table == {}  # nothing parsed in the request
    return services.import_read(batch_id=batch.pk, attempt=batch.attempt)


def check_and_import(client, batch, capture):
    with capture(execute=True):
        page = client.get(reverse("members:import_batch", args=[batch.pk]))
        data = {name: field.initial or "" for name, field in page.context["form"].fields.items()}
        assert client.post(reverse("members:import_batch", args=[batch.pk]), data).status_code == 302
    batch.refresh_from_db()
    return batch


def test_a_list_under_a_merged_title_is_imported_from_its_header_on_row_3(
    world, client_for, django_capture_on_commit_callbacks
):
    client = client_for(world.alice)
    data = office_xlsx({"Hội viên": [HEADER, *ROWS]}, title="DANH SÁCH HỘI VIÊN")
    batch = upload(client, data)
    assert (batch.status, batch.table["header_row"], batch.total_rows) == (ImportStatus.UPLOADED, 3, 2)
    assert batch.mapping == {"1": "full_name", "2": "gender", "3": "birth_date", "4": "org", "5": "joined_on"}
    page = client.get(reverse("members:import_batch", args=[batch.pk])).content.decode()
    assert "Dòng tiêu đề: dòng 3" in page
    batch = check_and_import(client, batch, django_capture_on_commit_callbacks)
    assert (batch.status, batch.error_count, batch.total_rows) == (ImportStatus.CHECKED, 0, 2)
    batch = import_run(client, batch, django_capture_on_commit_callbacks, "members:import_run")
    assert (batch.status, batch.created_persons) == (ImportStatus.DONE, 2)
    assert sorted(Person.objects.filter(batch=batch).values_list("full_name", "birth_date")) == [
        ("Lê Văn Nam", dt.date(1975, 12, 12)),
        ("Trần Thị Mai", dt.date(1980, 2, 28)),
    ]


def test_the_list_sheet_is_read_without_its_totals_row(world, client_for, django_capture_on_commit_callbacks):
    client = client_for(world.alice)
    cover = [["BÁO CÁO HỘI VIÊN NĂM 2025"], ["Liên hiệp hội thị xã Hồng Lĩnh"]]
    totals = [None, "Tổng cộng", None, None, "=COUNTA(B2:B4)"]
    batch = upload(client, office_xlsx({"Bìa": cover, "Danh sách": [HEADER, *ROWS, totals]}, cached={}))
    table = batch.table
    assert (table["sheet"], table["header_row"], table["totals"]) == ("Danh sách", 1, [5])
    assert [(s["name"], s["rows"]) for s in table["sheets"]] == [("Bìa", 2), ("Danh sách", 5)]
    page = client.get(reverse("members:import_batch", args=[batch.pk])).content.decode()
    assert "Dòng 5 là dòng tổng cộng: không được nhập." in page
    assert "Danh sách (5 dòng)" in page and "Bìa (2 dòng)" in page
    batch = check_and_import(client, batch, django_capture_on_commit_callbacks)
    assert (batch.status, batch.error_count, batch.total_rows, batch.errors) == (ImportStatus.CHECKED, 0, 2, [])


def test_a_formula_without_its_value_is_reported_as_such_and_one_with_its_value_is_read(
    world, client_for, django_capture_on_commit_callbacks
):
    client = client_for(world.alice)
    rows = [
        [1, '=HYPERLINK("https://hoi.vn/mai","Trần Thị Mai")', "Nữ", "28/02/1980", Y_TE, "01/02/2024"],
        [2, "Lê Văn Nam", "Nam", "=DATE(1975,12,12)", Y_TE, "01/03/2024"],
    ]
    batch = upload(client, office_xlsx({"DS": [HEADER, *rows]}, cached={"D3": "27740"}))
    batch = check_and_import(client, batch, django_capture_on_commit_callbacks)
    # Stored by the check: the page reads them without opening the file.
    assert batch.errors == [[2, "Họ và tên", '=HYPERLINK("https://hoi.vn/mai","Trần Thị Mai")', FORMULA_MESSAGE]]
    page = client.get(reverse("members:import_batch", args=[batch.pk]))
    assert [(e.row, e.column, e.reason) for e in page.context["errors"]] == [(2, "Họ và tên", FORMULA_MESSAGE)]


def test_a_hidden_column_is_offered_like_the_others_and_said_hidden(world, client_for):
    client = client_for(world.alice)
    batch = upload(client, office_xlsx({"DS": [HEADER, *ROWS]}, hidden="C"))
    assert (batch.table["hidden"], batch.mapping["2"]) == ([2], "gender")
    form = client.get(reverse("members:import_batch", args=[batch.pk])).context["form"]
    assert form.fields["col_2"].label == "Giới tính (cột ẩn)"


def test_names_written_in_nfd_are_stored_nfc(world, client_for, django_capture_on_commit_callbacks):
    client = client_for(world.alice)
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Bình")
    batch = upload(client, office_xlsx({"DS": [HEADER, [1, nfd, "Nữ", "14/03/1985", Y_TE, "15/01/2020"]]}))
    batch = check_and_import(client, batch, django_capture_on_commit_callbacks)
    import_run(client, batch, django_capture_on_commit_callbacks, "members:import_run")
    assert Person.objects.get(batch=batch).full_name == unicodedata.normalize("NFC", nfd) == "Nguyễn Thị Bình"


def test_choosing_another_header_row_reads_the_file_again_and_guesses_the_columns_again(
    world, client_for, django_capture_on_commit_callbacks
):
    client = client_for(world.alice)
    batch = upload(client, office_xlsx({"DS": [HEADER, *ROWS]}, title="DANH SÁCH HỘI VIÊN"))
    layout = client.get(reverse("members:import_batch", args=[batch.pk])).context["layout"]
    assert [label for _n, label in layout.fields["header_row"].choices][:3] == [
        "Dòng 1: DANH SÁCH HỘI VIÊN", "Dòng 2: —", "Dòng 3: STT | Họ và tên | Giới tính | Ngày sinh",
    ]  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("members:import_layout", args=[batch.pk]), {"header_row": 1})
    assert response.status_code == 302
    batch.refresh_from_db()
    assert (batch.status, batch.header_row, batch.table["header_row"]) == (ImportStatus.UPLOADED, 1, 1)
    assert (batch.table["headers"], batch.mapping) == (["DANH SÁCH HỘI VIÊN"], {})
    moves = list(ImportEvent.objects.filter(batch=batch).order_by("id").values_list("before", "kind"))
    assert moves == [("", "reading"), ("reading", "uploaded"), ("uploaded", "reading"), ("reading", "uploaded")]


def test_a_file_that_cannot_be_read_fails_in_the_background_with_the_reason(world, client_for):
    client = client_for(world.alice)
    batch = upload(client, "Họ và tên;Hội\n".encode(), name="trong.csv")
    assert (batch.status, batch.message) == (ImportStatus.FAILED, "Tệp không có dòng dữ liệu nào dưới dòng tiêu đề.")


def test_only_a_stopped_import_can_be_run_again_or_cancelled(world, client_for, settings):
    import pytest
    from django.core.exceptions import ValidationError
    from django.utils import timezone

    client = client_for(world.alice)
    batch = upload(client, office_xlsx({"DS": [HEADER, *ROWS]}))
    services.import_request_check(actor=world.alice, batch=batch, mapping={1: "full_name", 4: "org", 5: "joined_on"})
    batch.refresh_from_db()
    # A check that is queued or running with a fresh heartbeat is not stopped: neither retried nor cancelled.
    assert (batch.status, batch.stalled) == (ImportStatus.CHECKING, False)
    for service in (services.import_retry, services.import_cancel):
        with pytest.raises(ValidationError) as refused:
            service(actor=world.alice, batch=batch)
        assert refused.value.code == "import_running"
    page = client.get(reverse("members:import_batch", args=[batch.pk]))
    assert page.context["running"] is True and b"import-stalled" not in page.content
    # Its heartbeat older than IMPORT_STALE_AFTER: stopped; the progress bar stops polling and the page reloads.
    ImportBatch.objects.filter(pk=batch.pk).update(
        heartbeat_at=timezone.now() - dt.timedelta(seconds=settings.IMPORT_STALE_AFTER + 1)
    )
    progress = client.get(reverse("members:import_progress", args=[batch.pk]))
    assert progress["HX-Refresh"] == "true"
    assert client.post(reverse("members:import_cancel", args=[batch.pk])).status_code == 302
    batch.refresh_from_db()
    assert batch.status == ImportStatus.CANCELLED
    moves = list(ImportEvent.objects.filter(batch=batch).order_by("id").values_list("before", "kind"))
    assert moves[-3:] == [("uploaded", "checking"), ("checking", "stopped"), ("stopped", "cancelled")]
    assert client.post(reverse("members:import_retry", args=[batch.pk])).status_code == 302
    assert ImportBatch.objects.get(pk=batch.pk).status == ImportStatus.CANCELLED  # refused: nothing to run


def test_a_unit_merged_down_its_members_rows_and_a_signature_block_import_as_the_office_meant(
    world, client_for, django_capture_on_commit_callbacks
):
    # Given the list as a union keeps it: the association merged down its members' rows, a totals row, then the
    # place and date, who signs and their names.
    client = client_for(world.alice)
    rows = [
        HEADER,
        [1, "Trần Thị Mai", "Nữ", "28/02/1980", Y_TE, "01/02/2024"],
        [2, "Lê Văn Nam", "Nam", "12/12/1975", None, "01/03/2024"],
        [3, "Phan Thị Hoa", "Nữ", "03/04/1982", None, "01/04/2024"],
        [4, "Võ Văn Tú", "Nam", "05/06/1970", "Hội Luật gia tỉnh Hà Tĩnh", "01/05/2024"],
        [None, "Tổng cộng", "4 hội viên"],
        [],
        [None, None, None, None, "Hà Tĩnh, ngày 15 tháng 3 năm 2025"],
        [None, "Người lập biểu", None, None, "Thủ trưởng đơn vị"],
        [None, "Nguyễn Văn Lập", None, None, "Trần Văn Trưởng"],
    ]
    data = office_xlsx({"Hội viên": rows}, title="DANH SÁCH HỘI VIÊN", merged=("E4:E6",))
    # When it is read, checked and imported
    batch = upload(client, data)
    assert (batch.table["totals"], batch.table["notes"], batch.total_rows) == ([8], [10, 11, 12], 4)
    page = client.get(reverse("members:import_batch", args=[batch.pk])).content.decode()
    assert "Bỏ qua 3 dòng chữ ký/ghi chú ở cuối bảng." in page
    batch = check_and_import(client, batch, django_capture_on_commit_callbacks)
    assert (batch.status, batch.error_count, batch.total_rows) == (ImportStatus.CHECKED, 0, 4)
    batch = import_run(client, batch, django_capture_on_commit_callbacks, "members:import_run")
    # Then every member is in the unit the merged cell shows on their row, and no signature became a member.
    assert (batch.status, batch.created_persons) == (ImportStatus.DONE, 4)
    assert sorted(Person.objects.filter(batch=batch).values_list("full_name", "memberships__org__name")) == [
        ("Lê Văn Nam", Y_TE),
        ("Phan Thị Hoa", Y_TE),
        ("Trần Thị Mai", Y_TE),
        ("Võ Văn Tú", "Hội Luật gia tỉnh Hà Tĩnh"),
    ]
