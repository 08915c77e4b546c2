"""Initiatives from a spreadsheet: the template imports as it is; one bad row imports nothing."""

import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lienhiep.activities import importing
from lienhiep.activities.models import Initiative
from lienhiep.orgs.models import RememberedFigure

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _upload(client, rows, name="sang-kien.xlsx"):
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return client.post(
        reverse("activities:initiative_import"), {"file": SimpleUploadedFile(name, out.getvalue(), XLSX)}
    )


def test_the_template_imports_as_it_is(world, client_for):
    client = client_for(world.alice)
    # Given the officer downloads the template for Trung tâm Y tế (its first example row names that unit)
    template = client.get(reverse("activities:initiative_template"), {"org": world.y_te.pk})
    assert template["Content-Type"] == XLSX
    # and uploads it with its two example rows
    upload = SimpleUploadedFile("mau.xlsx", template.content, XLSX)
    response = client.post(reverse("activities:initiative_import"), {"file": upload})
    assert response.status_code == 302
    rows = {i.title: (i.org, i.level, i.year, i.applied, i.author_names) for i in Initiative.objects.all()}
    assert rows == {
        "Ứng dụng nội soi trong khám Tai - Mũi - Họng": (world.y_te, "basic", 2023, True, "Trần Thị Mai"),
        "Giải pháp tiết kiệm điện trong trường học": (world.trung_luong, "province", 2022, False,
                                                      "Lê Văn An, Phan Thị Hoa"),
    }  # fmt: skip
    assert "2 sáng kiến đã được nhập." in client.get(reverse("activities:initiatives")).content.decode()


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
    response = _upload(client_for(world.alice), rows)
    assert Initiative.objects.count() == 0
    assert [(e.row, e.column, e.value) for e in response.context["errors"]] == [
        (3, "Cấp công nhận", "Huyện"),
        (4, "Năm công nhận", "năm ngoái"),
        (5, "Đơn vị", "Hội Luật gia tỉnh Bắc Ninh"),
        (6, "Hiệu quả áp dụng", ""),
        (7, "Đơn vị", "Hội KH&KT Trung tâm Y tế"),
    ]
    page = response.content.decode()
    assert "Hội KH&amp;KT Trung tâm Y tế không tồn tại vào năm 2001." in page


def test_a_missing_column_or_a_file_that_is_no_spreadsheet_is_refused(world, client_for):
    client = client_for(world.alice)
    response = _upload(client, [["Tên sáng kiến", "Đơn vị"], ["A", "Hội KH&KT Trung tâm Y tế"]])
    assert response.context["problem"] == "Thiếu các cột: Tác giả, Cấp công nhận, Năm công nhận."
    fake = SimpleUploadedFile("sang-kien.xlsx", b"%PDF-1.4 not a workbook", XLSX)
    response = client.post(reverse("activities:initiative_import"), {"file": fake})
    assert response.context["problem"] == "Hãy tải lên tệp Excel (.xlsx) hoặc tệp CSV."
    assert Initiative.objects.count() == 0


def test_imported_initiatives_reach_the_remembered_figures(world, client_for):
    from lienhiep.activities import selectors

    assert selectors.initiative_totals(world.ha_tinh, first_year=2023, last_year=2023).count == 0
    assert RememberedFigure.objects.filter(source="initiatives").exists()
    _upload(client_for(world.alice), [
        ["Tên sáng kiến", "Tác giả", "Đơn vị", "Cấp", "Năm"],
        ["Một", "Lê Văn A", "Hội KH&KT Trung tâm Y tế", "Cơ sở", 2023],
    ])  # fmt: skip
    assert selectors.initiative_totals(world.ha_tinh, first_year=2023, last_year=2023).count == 1


def test_limits():
    assert (importing.MAX_ROWS, importing.MAX_BYTES) == (5_000, 5 * 2**20)


def test_an_import_is_for_a_unit_where_the_importer_records_and_the_units_under_it(world):
    import pytest
    from django.core.exceptions import PermissionDenied

    from lienhiep.activities import services

    def csv(*units):
        rows = "".join(f"Ứng dụng {i},Lê Văn A,{unit},Cơ sở,2023\n" for i, unit in enumerate(units))
        return f"Tên sáng kiến,Tác giả,Đơn vị,Cấp công nhận,Năm công nhận\n{rows}".encode()

    # Bob records for Trung Lương only; Lan reads Hà Tĩnh: neither imports for Trung tâm Y tế
    for user in (world.bob, world.lan, world.dan):
        with pytest.raises(PermissionDenied):
            services.initiatives_import(
                actor=user, org=world.y_te, file_name="a.csv", data=csv("Hội KH&KT Trung tâm Y tế")
            )
    # The officer's import for Trung tâm Y tế may name it and its branch, not Trung Lương beside it
    result, created = services.initiatives_import(
        actor=world.alice,
        org=world.y_te,
        file_name="a.csv",
        data=csv("Chi hội KH&KT Trạm Y tế", world.trung_luong.name),
    )
    assert created == []
    assert [(e.row, e.column, e.value) for e in result.errors] == [(3, "Đơn vị", world.trung_luong.name)]
    assert not Initiative.objects.exists()
    result, created = services.initiatives_import(
        actor=world.alice, org=world.y_te, file_name="a.csv", data=csv("Chi hội KH&KT Trạm Y tế", world.y_te.name)
    )
    assert result.errors == []
    assert sorted(Initiative.objects.values_list("title", "org")) == [
        ("Ứng dụng 0", world.branch.pk),
        ("Ứng dụng 1", world.y_te.pk),
    ]
    assert sorted(i.pk for i in created) == sorted(Initiative.objects.values_list("pk", flat=True))


# --- Files as offices make them (issue 11) ------------------------------------------------------

INITIATIVE_HEADER = ["STT", "Tên sáng kiến, đề tài", "Tác giả", "Đơn vị", "Cấp công nhận", "Năm công nhận"]
FORMULA_MESSAGE = "Ô là công thức chưa có giá trị tính sẵn; mở tệp trong Excel, lưu lại rồi tải lên."


def _post(client, data, **fields):
    upload = SimpleUploadedFile("sang-kien.xlsx", data, XLSX)
    return client.post(reverse("activities:initiative_import"), {"file": upload, **fields})


def test_initiatives_under_a_title_on_a_second_sheet_import_without_the_totals_row(world, client_for):
    from lienhiep.core.tests.samples import office_xlsx

    rows = [
        INITIATIVE_HEADER,
        [1, "Ứng dụng nội soi", "Trần Thị Mai", "Hội KH&KT Trung tâm Y tế", "Cơ sở", 2023],
        [None] * 6,
        [2, "Tiết kiệm điện", "Lê Văn An", "Hội KH&KT phường Trung Lương", "Tỉnh", 2022],
        [None, "Cộng", None, None, None, "=COUNTA(B4:B7)"],
    ]
    data = office_xlsx({"Bìa": [["BÁO CÁO NĂM 2023"]], "Sáng kiến": rows}, title="DANH SÁCH SÁNG KIẾN")
    response = _post(client_for(world.alice), data)
    assert response.status_code == 302
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
    response = _post(client_for(world.alice), data)
    assert Initiative.objects.count() == 0
    assert [(e.row, e.column, e.reason) for e in response.context["errors"]] == [
        (4, "Tên sáng kiến, đề tài", FORMULA_MESSAGE),
        (4, "Năm công nhận", FORMULA_MESSAGE),
    ]
    page = response.content.decode()
    assert "Dòng tiêu đề: dòng 3" in page and response.context["table"]["hidden"] == [0]
    # Told another header row, it reads from there (and finds no columns).
    response = _post(client_for(world.alice), data, header_row="1")
    assert response.context["problem"] == (
        "Thiếu các cột: Tên sáng kiến, đề tài, Tác giả, Đơn vị, Cấp công nhận, Năm công nhận."
    )
