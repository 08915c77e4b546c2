"""A union's list of experts imported from its Excel file (tests/data/danh-sach-chuyen-gia.xlsx: two title rows,
the field merged down two experts, a name in capitals, the same person typed twice, fields by name, signature
lines under the table): every row checked and shown before anything is written, each error in Vietnamese; merged
twins and names already on the list said, nothing lost; all rows or none."""

import io
from pathlib import Path

from django.urls import reverse
from openpyxl import load_workbook

from lienhiep.accounts.testing import login
from lienhiep.core.tests.imports import import_run
from lienhiep.experts import services
from lienhiep.experts.models import Expert, ExpertImport
from lienhiep.members.models import Field

SAMPLE = Path(__file__).parent / "data" / "danh-sach-chuyen-gia.xlsx"


def corrected() -> bytes:
    """The sample with its two rows in error taken out, as the office would fix it."""
    book = load_workbook(SAMPLE)
    sheet = book.active
    sheet.delete_rows(9, 2)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client, world, data, capture, name="danh-sach-chuyen-gia.xlsx"):
    """Upload, and run the reading queued on commit (the tests' tasks run at once)."""
    file = io.BytesIO(data)
    file.name = name
    with capture(execute=True):
        response = client.post(reverse("experts:import") + f"?org={world.ha_tinh.pk}", {"file": file})
    return ExpertImport.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))


def test_the_preview_lists_every_problem_in_vietnamese_and_writes_nothing(
    world, client, django_capture_on_commit_callbacks
):
    login(client, world.alice)
    batch = upload(client, world, SAMPLE.read_bytes(), django_capture_on_commit_callbacks)
    batch.refresh_from_db()
    assert (batch.status, batch.table["header_row"], batch.total_rows, batch.error_count) == ("checked", 4, 6, 3)
    assert batch.errors == [
        [9, "Học vị", "Kỹ sư trưởng", "Ghi một trong các giá trị: TS, ThS, ĐH, CĐ, TC, Khác."],
        [9, "Email", "hung@", "Không phải địa chỉ email."],
        [10, "Lĩnh vực chuyên môn", "Thiên văn học", "Lĩnh vực không có trong danh mục; hãy ghi một trong các lĩnh "
         "vực: Báo chí, Công nghiệp, Công nghệ thông tin, Giao thông, Giáo dục, Kinh tế, Kiến trúc, Luật, Môi trường, "
         "Nông nghiệp, Quốc phòng, an ninh, Văn hóa, Xây dựng, Y tế."],
    ]  # fmt: skip
    page = client.get(reverse("experts:import_batch", args=[batch.pk])).content.decode()
    assert "Kỹ sư trưởng" in page and 'data-testid="import-run"' not in page
    assert Expert.objects.count() == 0


def test_twins_are_merged_a_listed_expert_kept_and_capitals_offered_then_all_written(
    world, client, django_capture_on_commit_callbacks
):
    services.expert_create(
        actor=world.alice, org=world.ha_tinh, full_name="Trần Đình Phúc", workplace="Sở Xây dựng tỉnh Hà Tĩnh"
    )
    login(client, world.alice)
    batch = upload(client, world, corrected(), django_capture_on_commit_callbacks)
    batch.refresh_from_db()
    assert (batch.status, batch.error_count) == ("checked", 0)
    assert [note[:2] + note[3:] for note in batch.notes] == [
        [5, "Họ và tên", "Tên viết in hoa: sẽ ghi là “Nguyễn Thị Minh Hằng” nếu bạn đánh dấu ô bên dưới, nếu không "
         "thì giữ như đã gõ.", "capitals"],
        [6, "Họ và tên", "Đã có trong danh sách của đơn vị (Trần Đình Phúc): không nhập lại.", "listed"],
        [6, "Họ và tên", "Bổ sung thông tin mới vào hồ sơ đã có: Học vị: Thạc sĩ (ThS); Điện thoại: 0913 111 222; "
         "Lĩnh vực chuyên môn: Môi trường.", "filled"],
        [8, "Họ và tên", "Cùng một người với dòng 5 (cùng số điện thoại): hai dòng được gộp làm một chuyên gia, "
         "gộp cả các lĩnh vực chuyên môn.", "merged"],
    ]  # fmt: skip
    page = client.get(reverse("experts:import_batch", args=[batch.pk])).content.decode()
    assert 'data-testid="proper-case"' in page and 'data-testid="import-notes"' in page
    batch = import_run(client, batch, django_capture_on_commit_callbacks, "experts:import_run", {"proper_case": "1"})
    assert (batch.status, batch.created) == ("done", 2)
    rows = {
        e.full_name: (
            e.education, e.workplace, e.position, e.phone, e.email, sorted(e.fields.values_list("name", flat=True))
        )
        for e in Expert.objects.filter(org=world.ha_tinh).exclude(full_name="Trần Đình Phúc")
    }  # fmt: skip
    assert rows == {
        "Nguyễn Thị Minh Hằng": (
            "ts", "Trường Đại học Hà Tĩnh", "Trưởng khoa", "0912 345 678", "hang.ntm@example.vn",
            ["Giáo dục", "Môi trường"],
        ),
        "Lê Văn Thắng": ("dh", "Công ty CP Nông nghiệp Hà Tĩnh", "Giám đốc", "", "", ["Nông nghiệp", "Xây dựng"]),
    }  # fmt: skip
    assert Expert.objects.filter(full_name="Trần Đình Phúc").count() == 1
    assert Field.objects.filter(name="Môi trường").exists()


def test_only_whoever_uploaded_it_sees_the_file_and_a_reader_may_not_upload(
    world, client, django_capture_on_commit_callbacks
):
    login(client, world.alice)
    batch = upload(client, world, corrected(), django_capture_on_commit_callbacks)
    login(client, world.lan)
    assert client.get(reverse("experts:import_batch", args=[batch.pk])).status_code == 404
    assert client.get(reverse("experts:import") + f"?org={world.ha_tinh.pk}").status_code == 403


def test_an_expert_already_listed_gets_the_new_details_and_the_officer_chooses_where_they_differ(
    world, client, django_capture_on_commit_callbacks
):
    """Issue 15: the sample (title rows, the field merged down two experts, her name in capitals, her typed twice)
    names an expert already on the list. What the file adds fills her empty details; where it differs, the preview
    says so and the list's value is kept unless the officer takes the file's; her event row says what changed."""
    from lienhiep.experts.models import ExpertEvent

    listed = services.expert_create(
        actor=world.alice, org=world.ha_tinh, full_name="Nguyễn Thị Minh Hằng", workplace="Trường Đại học Hà Tĩnh",
        position="Phó trưởng khoa", education="ths", notes="Ghi chú cũ",
    )  # fmt: skip
    login(client, world.alice)
    batch = upload(client, world, corrected(), django_capture_on_commit_callbacks)
    batch.refresh_from_db()
    assert (batch.status, batch.error_count) == ("checked", 0)
    # Rows 5 (in capitals) and 8 (her again, the same phone) are the expert listed: no new expert, no capitals box
    assert [note[:1] + note[3:] for note in batch.notes if note[0] in (5, 8)] == [
        [5, "Đã có trong danh sách của đơn vị (Nguyễn Thị Minh Hằng): không nhập lại.", "listed"],
        [5, "Trên danh sách ghi “Thạc sĩ (ThS)” ở cột Học vị; tệp ghi giá trị này. Giữ giá trị trên danh sách, trừ "
         "khi bạn chọn lấy giá trị của tệp ở dưới.", "conflict"],
        [5, "Trên danh sách ghi “Phó trưởng khoa” ở cột Chức vụ; tệp ghi giá trị này. Giữ giá trị trên danh sách, "
         "trừ khi bạn chọn lấy giá trị của tệp ở dưới.", "conflict"],
        [5, "Bổ sung thông tin mới vào hồ sơ đã có: Điện thoại: 0912 345 678; Email: hang.ntm@example.vn; Lĩnh vực "
         "chuyên môn: Môi trường, Giáo dục.", "filled"],
        [8, "Cùng một người với dòng 5 (cùng số điện thoại): hai dòng được gộp làm một chuyên gia, gộp cả các lĩnh "
         "vực chuyên môn.", "merged"],
    ]  # fmt: skip
    page = client.get(reverse("experts:import_batch", args=[batch.pk])).content.decode()
    assert 'data-testid="import-conflicts"' in page and 'name="take_5_position"' in page
    # The officer takes the file's position, keeps the recorded degree
    batch = import_run(
        client, batch, django_capture_on_commit_callbacks, "experts:import_run", {"take_5_position": "1"}
    )
    assert (batch.status, batch.created, batch.updated, batch.choices) == ("done", 2, 1, ["5:position"])
    listed.refresh_from_db()
    assert (listed.full_name, listed.position, listed.education, listed.phone, listed.email, listed.notes) == (
        "Nguyễn Thị Minh Hằng", "Trưởng khoa", "ths", "0912 345 678", "hang.ntm@example.vn", "Ghi chú cũ",
    )  # fmt: skip
    assert sorted(listed.fields.values_list("name", flat=True)) == ["Giáo dục", "Môi trường"]
    assert Expert.objects.filter(name_folded=listed.name_folded).count() == 1
    event = ExpertEvent.objects.filter(target_id=listed.pk, kind="update").get()
    assert event.data["before"] == {"position": "Phó trưởng khoa", "phone": "", "email": "", "fields": []}
    assert event.data["after"] == {
        "position": "Trưởng khoa", "phone": "0912 345 678", "email": "hang.ntm@example.vn",
        "fields": ["Giáo dục", "Môi trường"],
    }  # fmt: skip
    page = client.get(reverse("experts:import_batch", args=[batch.pk])).content.decode()
    assert "Đã thêm 2 chuyên gia vào danh sách. 1 chuyên gia đã có được bổ sung thông tin." in page
