"""Reading and checking member imports: every rule gives an exact error at an exact row and column."""

import datetime as dt
import io
import unicodedata

import pytest
from django.utils import translation
from openpyxl import Workbook, load_workbook

from lienhiep.core.spreadsheets import (
    RowError,
    Table,
    errors_xlsx,
    guess_mapping,
    header_key,
    missing_required,
    read_table,
)
from lienhiep.members import services
from lienhiep.members.importing import BY_KEY, COLUMNS, Report, RowWarning, template_xlsx, validate
from lienhiep.members.models import ID_UNUSABLE, Field
from lienhiep.orgs.models import Org

D = dt.date
TODAY = D(2026, 3, 1)
HEADERS = [column.header for column in COLUMNS]


@pytest.fixture(autouse=True)
def _english():
    """Reasons are compared with their English msgids, whatever the Vietnamese catalogue holds."""
    with translation.override("en"):
        yield


def naive(year, month, day):
    """A date-time as a spreadsheet cell holds it: without a time zone."""
    return dt.datetime.combine(D(year, month, day), dt.time())


def member(world, **cells):
    """A valid row in template order; `cells` replaces or adds values by column key."""
    values = {"full_name": "Trần Thị Mai", "org": world.y_te.name, "joined_on": "01/02/2024", **cells}
    return [values.get(column.key) for column in COLUMNS]


def check(world, *rows, orgs=None):
    table = Table(headers=HEADERS, rows=list(rows))
    orgs = [world.y_te, world.trung_luong, world.branch] if orgs is None else orgs
    return validate(table, guess_mapping(HEADERS, COLUMNS), orgs=orgs, today=TODAY)


def error(row, key, value, reason):
    return RowError(row=row, column=BY_KEY[key].header, value=value, reason=reason)


def xlsx(*rows):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- Columns ----------------------------------------------------------------------------------


def test_no_two_columns_share_a_header_or_an_alias():
    names = [header_key(name) for column in COLUMNS for name in (column.header, *column.aliases)]
    assert len(names) == len(set(names))


def test_headers_are_matched_by_name_or_alias_ignoring_case_marks_and_spaces():
    headers = ["STT", "HỌ VÀ TÊN", "ngay  sinh", "CCCD", "Tên hội", "Ngày gia nhập (dd/mm/yyyy)", "Ghi chú"]
    mapping = guess_mapping(headers, COLUMNS)
    assert mapping == {1: "full_name", 2: "birth_date", 3: "id_number", 4: "org", 5: "joined_on"}
    assert missing_required(mapping, COLUMNS) == []
    assert missing_required({1: "full_name"}, COLUMNS) == [BY_KEY["org"], BY_KEY["joined_on"]]


def test_a_header_wins_over_an_alias_of_the_same_column():
    assert guess_mapping(["Tên", "Họ và tên", "Hội"], COLUMNS) == {1: "full_name", 2: "org"}


# --- The template -----------------------------------------------------------------------------


def test_the_template_reads_back_and_its_example_row_is_valid(world):
    data = template_xlsx(org_name=world.y_te.name)

    table = read_table("mau-nhap-hoi-vien.xlsx", data)
    mapping = guess_mapping(table.headers, COLUMNS)
    assert mapping == {index: column.key for index, column in enumerate(COLUMNS)}
    report = validate(table, mapping, orgs=[world.y_te], today=TODAY)

    assert (report.ok, report.errors, report.total) == (True, [], 1)
    [person] = report.rows
    assert person.values == {
        "full_name": "Nguyễn Thị Bình", "gender": "f", "birth_date": D(1985, 3, 14), "id_number": "042185001234",
        "phone": "0912345678", "email": "binh.nt@example.com",
        "address": "Phường Trung Lương, thị xã Hồng Lĩnh, Hà Tĩnh", "education": "ts", "academic_title": "pgs",
        "workplace": "Trung tâm Y tế thị xã Hồng Lĩnh", "position": "Phó Giám đốc",
    }  # fmt: skip
    assert [field.name for field in person.fields] == ["Y tế", "Giáo dục"]
    [membership] = person.memberships
    assert (membership.org, membership.joined_on, membership.card_number) == (world.y_te, D(2020, 1, 15), "HV-0001")


def test_the_template_looks_like_a_form_to_fill_in():
    workbook = load_workbook(io.BytesIO(template_xlsx()))
    sheet, guide = workbook.worksheets
    assert (sheet.title, guide.title) == ("Hội viên", "Hướng dẫn")
    assert [cell.value for cell in sheet[1]] == HEADERS
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet["C2"].number_format == "dd/mm/yyyy" and sheet["N2"].number_format == "dd/mm/yyyy"
    assert sheet["D2"].value == "042185001234" and sheet["D2"].number_format == "@"
    assert [row[0] for row in guide.iter_rows(min_row=2, max_row=16, values_only=True)] == HEADERS
    assert guide["B2"].value == "Có" and guide["B3"].value is None


# --- Reading files ----------------------------------------------------------------------------


def test_a_workbook_keeps_row_numbers_across_blank_rows(world):
    data = xlsx(
        ["Họ và tên", "Hội", "Ngày vào hội"],
        ["Trần Thị Mai", world.y_te.name, naive(2024, 2, 1)],
        [None, None, None],
        ["Lê Văn Nam", world.y_te.name, "31/02/2024", None],
        [None, "  "],
    )
    table = read_table("hoi-vien.xlsx", data)
    assert table == Table(
        headers=["Họ và tên", "Hội", "Ngày vào hội"],
        rows=[
            ["Trần Thị Mai", world.y_te.name, D(2024, 2, 1)],  # a date cell reads as a date
            [],
            ["Lê Văn Nam", world.y_te.name, "31/02/2024"],
        ],
    )
    report = validate(table, guess_mapping(table.headers, COLUMNS), orgs=[world.y_te], today=TODAY)
    assert report.total == 2
    assert report.errors == [error(4, "joined_on", "31/02/2024", "Not a real date.")]


# --- Rules ------------------------------------------------------------------------------------


def test_a_valid_row_becomes_a_person_row(world):
    report = check(world, member(world, gender="NỮ", id_number="042 190.001 111", card_number=" HV-7 "))
    assert report.ok and report.total == 1
    [person] = report.rows
    assert person.values["gender"] == "f" and person.values["id_number"] == "042190001111"
    assert person.memberships[0].card_number == "HV-7"


def test_required_values_are_missing(world):
    report = check(world, member(world, full_name="  ", gender="Nam", org=None, joined_on=""))
    assert report.errors == [
        error(2, "full_name", "", "This cell must not be empty."),
        error(2, "org", "", "This cell must not be empty."),
        error(2, "joined_on", "", "This cell must not be empty."),
    ]
    assert (report.rows, report.total, report.ok) == ([], 1, False)


@pytest.mark.parametrize(
    "cell",
    [
        29221, 29221.0, "29221", naive(1980, 1, 1), D(1980, 1, 1),
        "01/01/1980", "1/1/1980", "01-01-1980", "1980-01-01", "01.01.1980",
    ],
)  # fmt: skip
def test_dates_are_read_from_cells_text_and_excel_serial_numbers(world, cell):
    [person] = check(world, member(world, birth_date=cell)).rows
    assert person.values["birth_date"] == D(1980, 1, 1)


@pytest.mark.parametrize(
    ("cell", "shown", "reason"),
    [
        ("31/02/1980", "31/02/1980", "Not a real date."),
        ("hôm qua", "hôm qua", "Not a date: write it as dd/mm/yyyy."),
        (1980, "1980", "Only a year: write the full date as dd/mm/yyyy."),
        (90_000, "90000", "Not a date: write it as dd/mm/yyyy."),
        ("02/03/2026", "02/03/2026", "The birth date is in the future."),
        (D(1899, 12, 31), "31/12/1899", "The birth date is before 1900."),
    ],
)
def test_birth_dates_that_cannot_be(world, cell, shown, reason):
    report = check(world, member(world, birth_date=cell))
    assert report.errors == [error(2, "birth_date", shown, reason)]
    assert report.rows == []


@pytest.mark.parametrize(
    ("cells", "shown", "reason"),
    [
        ({"joined_on": "02/03/2026"}, "02/03/2026", "The joining date is in the future."),
        ({"birth_date": "10/05/1990", "joined_on": "09/05/1990"}, "09/05/1990",
         "The joining date is before the birth date."),
        ({"joined_on": "01/01/2004"}, "01/01/2004", "Hội KH&KT Trung tâm Y tế did not exist on 01/01/2004."),
    ],
)  # fmt: skip
def test_joining_dates_that_cannot_be(world, cells, shown, reason):
    assert check(world, member(world, **cells)).errors == [error(2, "joined_on", shown, reason)]


@pytest.mark.parametrize(
    ("cell", "shown"), [("12345", "12345"), ("0420800012345", "0420800012345"), ("04208000123A", "04208000123A")]
)
def test_a_citizen_id_has_12_digits(world, cell, shown):
    report = check(world, member(world, id_number=cell))
    assert report.errors == [error(2, "id_number", shown, "A citizen ID number (CCCD) has exactly 12 digits.")]


def test_a_citizen_id_typed_as_a_number_gets_its_leading_zero_back(world):
    [person] = check(world, member(world, id_number=42190001111)).rows
    assert person.values["id_number"] == "042190001111"


def test_unknown_gender_education_and_academic_title_list_the_accepted_values(world):
    report = check(world, member(world, gender="Khác", education="Lớp 12", academic_title="TSKH"))
    assert report.errors == [
        error(2, "gender", "Khác", "Unknown gender; write one of: Nam, Nữ."),
        error(2, "education", "Lớp 12", "Unknown education level; write one of: TS, ThS, ĐH, CĐ, TC, Khác."),
        error(2, "academic_title", "TSKH", "Unknown academic title; write one of: GS, PGS."),
    ]


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        ({"gender": "Nam", "education": "Tiến sĩ", "academic_title": "Giáo sư"}, ("m", "ts", "gs")),
        ({"gender": "nu", "education": "thạc sỹ", "academic_title": "Phó giáo sư"}, ("f", "ths", "pgs")),
        ({"education": "ĐH"}, ("", "dh", "")),
        ({"education": "Cao đẳng"}, ("", "cd", "")),
        ({"education": "trung cấp"}, ("", "tc", "")),
        ({"education": "Khác"}, ("", "other", "")),
    ],
)
def test_choices_accept_short_and_long_forms(world, cells, expected):
    [person] = check(world, member(world, **cells)).rows
    assert (person.values["gender"], person.values["education"], person.values["academic_title"]) == expected


def test_fields_are_found_by_name_even_with_a_comma_in_the_name(world):
    [person] = check(world, member(world, fields="y tế, Quốc phòng, an ninh;Luật")).rows
    assert [field.name for field in person.fields] == ["Y tế", "Quốc phòng, an ninh", "Luật"]


def test_an_unknown_field_is_an_error(world):
    names = ", ".join(sorted(Field.objects.values_list("name", flat=True)))
    report = check(world, member(world, fields="Y tế; Thiên văn"))
    assert report.errors == [
        error(2, "fields", "Thiên văn", f"Unknown field of expertise; write one of: {names}."),
    ]


def test_an_invalid_email_is_an_error(world):
    report = check(world, member(world, email="mai@"), member(world, full_name="Lê Văn Nam", email="nam@example.vn"))
    assert report.errors == [error(2, "email", "mai@", "Not a valid e-mail address.")]
    assert [person.values["email"] for person in report.rows] == ["nam@example.vn"]


def test_text_longer_than_the_registry_holds_is_an_error(world):
    report = check(world, member(world, card_number="X" * 31))
    assert report.errors == [error(2, "card_number", "X" * 31, "Too long: at most 30 characters.")]


def test_the_association_is_found_by_folded_name_or_short_name(world):
    Org.objects.filter(pk=world.trung_luong.pk).update(short_name="Hội Trung Lương")
    world.trung_luong.refresh_from_db()
    report = check(
        world,
        member(world, org="hội kh&kt  trung tâm y tế"),
        member(world, full_name="Lê Văn Nam", org="HOI TRUNG LUONG"),
    )
    assert report.errors == []
    assert [person.memberships[0].org for person in report.rows] == [world.y_te, world.trung_luong]


def test_an_association_the_user_cannot_record_into_is_an_error(world):
    report = check(
        world,
        member(world, org="Hội Luật gia tỉnh Bắc Ninh"),
        member(world, full_name="Lê Văn Nam", org=world.hong_linh.name),  # not an association
        orgs=[world.y_te, world.hong_linh],
    )
    reason = "No association you can record into has this name."
    assert report.errors == [
        error(2, "org", "Hội Luật gia tỉnh Bắc Ninh", reason),
        error(3, "org", world.hong_linh.name, reason),
    ]


def test_two_associations_with_one_name_are_an_error(world):
    world.branch.name = world.y_te.name  # in memory only: two branches of one name in different places
    report = check(world, member(world))
    assert report.errors == [
        error(
            2, "org", world.y_te.name, "Several associations you can record into have this name; write its short name."
        )
    ]


def test_a_citizen_id_twice_in_the_file_is_an_error_on_the_later_rows(world):
    report = check(
        world,
        member(world, id_number="042190001111"),
        member(world, full_name="Lê Văn Nam", id_number="042190002222"),
        member(world, full_name="Võ Thị Hoa", id_number="042 190 001 111"),
    )
    assert report.errors == [
        error(4, "id_number", "042 190 001 111", "The same citizen ID number is already on row 2."),
    ]
    assert [person.values["full_name"] for person in report.rows] == ["Trần Thị Mai", "Lê Văn Nam"]


def test_a_name_and_birth_date_twice_in_the_file_is_a_warning_to_resolve(world):
    # Issue 11: a likely duplicate is the user's to resolve row by row (same person or not), not an error.
    report = check(
        world,
        member(world, birth_date="17/05/1980"),
        member(world, full_name="TRẦN THỊ  MAI", birth_date=D(1980, 5, 17)),
        member(world, full_name="Trần Thị Mai", birth_date="18/05/1980"),
    )
    assert (report.errors, report.numbers) == ([], [2, 3, 4])
    assert report.warnings == [RowWarning(3, "TRẦN THỊ MAI", ["name_birth"], [], 2)]


def test_rows_that_repeat_a_registered_member_or_a_card_are_warnings(world):
    services.member_admit(
        actor=world.root, person=world.person, org=world.trung_luong, joined_on=D(2016, 1, 1), card_number="TL-7"
    )
    report = check(
        world,
        member(world, full_name="NGUYỄN VĂN AN", birth_date="17/05/1980"),  # world.person, without a CCCD
        member(world, full_name="Lê Văn Tư", phone="+84 912 345 678"),  # world.person's phone
        member(world, full_name="Đỗ Văn Năm", org=world.trung_luong.name, card_number="tl-7"),  # a card in use
        member(world, full_name="Đỗ Văn Sáu", card_number="YT-1"),
        member(world, full_name="Đỗ Văn Bảy", card_number="yt-1"),  # the card of the row above, same association
        member(world, full_name="Nguyễn Văn An", birth_date="17/05/1980", id_number="042080009999"),
    )
    pk = world.person.pk
    assert report.errors == []
    assert report.warnings == [
        RowWarning(2, "NGUYỄN VĂN AN", ["name_birth"], [pk]),
        RowWarning(3, "Lê Văn Tư", ["phone"], [pk]),
        RowWarning(4, "Đỗ Văn Năm", ["card"], [pk]),
        RowWarning(6, "Đỗ Văn Bảy", ["card"], [], 5),
        # Not world.person (another CCCD), but row 2, which has none
        RowWarning(7, "Nguyễn Văn An", ["name_birth"], [], 2),
    ]
    # Only persons the uploader sees are named: none of Hà Tĩnh's for Bắc Ninh's secretary.
    table = Table(headers=HEADERS, rows=[member(world, full_name="Nguyễn Văn An", birth_date="17/05/1980")])
    hidden = validate(table, guess_mapping(HEADERS, COLUMNS), orgs=[world.y_te], today=TODAY, visible=[])
    assert hidden.warnings == []


def test_namesakes_born_the_same_day_with_different_citizen_ids_are_two_people(world):
    report = check(
        world,
        member(world, birth_date="17/05/1980", id_number="042180001111"),
        member(world, birth_date="17/05/1980", id_number="042180002222"),
    )
    assert (report.errors, len(report.rows)) == ([], 2)


def test_a_citizen_id_already_registered_is_an_error(world):
    report = check(world, member(world), member(world, full_name="Nguyễn Văn An", id_number=world.person.id_number))
    reason = str(ID_UNUSABLE)  # the form's words: nothing said of whose it is
    assert report.errors == [error(3, "id_number", "042080001234", reason)]
    assert len(report.rows) == 1


def test_several_errors_of_one_row_are_all_reported_in_column_order(world):
    report = check(
        world,
        member(world, id_number=world.person.id_number, birth_date="31/02/1980", org="Hội khác", email="x"),
    )
    assert [(e.row, e.column) for e in report.errors] == [
        (2, "Ngày sinh"), (2, "Số CCCD"), (2, "Email"), (2, "Hội"),
    ]  # fmt: skip


def test_names_typed_in_nfd_come_out_nfc(world):
    name = unicodedata.normalize("NFD", "  Đặng  Thị Hường ")
    workplace = unicodedata.normalize("NFD", "Bệnh viện Đa khoa")
    [person] = check(world, member(world, full_name=name, workplace=workplace)).rows
    assert person.values["full_name"] == "Đặng Thị Hường"
    assert person.values["workplace"] == "Bệnh viện Đa khoa"
    assert unicodedata.is_normalized("NFC", person.values["full_name"] + person.values["workplace"])


def test_rows_with_nothing_but_a_running_number_are_skipped(world):
    table = Table(headers=["STT", *HEADERS], rows=[[1, *member(world)], [2], [3, None, "  "]])
    report = validate(table, guess_mapping(table.headers, COLUMNS), orgs=[world.y_te], today=TODAY)
    assert (report.errors, len(report.rows), report.total) == ([], 1, 1)


def test_columns_left_out_of_the_mapping_are_ignored(world):
    table = Table(
        headers=["Ghi chú", "Họ và tên", "Hội", "Ngày vào hội"],
        rows=[["x", "Lê Văn Nam", world.y_te.name, "01/02/2024"]],
    )
    report = validate(table, {1: "full_name", 2: "org", 3: "joined_on"}, orgs=[world.y_te], today=TODAY)
    assert report.ok
    assert report.rows[0].values["full_name"] == "Lê Văn Nam"


def test_checking_3000_rows_takes_a_few_queries(world, django_assert_max_num_queries):
    rows = [
        member(world, full_name=f"Hội viên {n}", id_number=f"0421900{n:05d}", fields="Y tế", birth_date=29221 + n)
        for n in range(3000)
    ]
    table = Table(headers=HEADERS, rows=rows)
    orgs = Org.objects.filter(pk__in=[world.y_te.pk, world.trung_luong.pk])
    # fields, orgs, one query per 1,000 citizen IDs, and one per 1,000 rows for the members they may repeat (by name
    # and birth date; by phone and card number too when the file has them)
    with django_assert_max_num_queries(8):
        report = validate(table, guess_mapping(HEADERS, COLUMNS), orgs=orgs, today=TODAY)
    assert (report.errors, len(report.rows), report.total) == ([], 3000, 3000)


# --- The errors file --------------------------------------------------------------------------


def test_an_errors_file_imported_again_gets_new_reasons_not_more_columns(world):
    table = read_table(
        "loi.xlsx", xlsx(["Họ và tên", "Hội", "Ngày vào hội", "Dòng", "Lỗi"], ["", "Hội khác", D(2024, 2, 1), 7, "cũ"])
    )
    report = validate(table, guess_mapping(table.headers, COLUMNS), orgs=[world.y_te], today=TODAY)
    sheet = load_workbook(io.BytesIO(errors_xlsx(table, report.errors))).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows == [
        ["Họ và tên", "Hội", "Ngày vào hội", "Dòng", "Lỗi"],
        [None, "Hội khác", naive(2024, 2, 1), 2,
         "This cell must not be empty.; No association you can record into has this name."],
    ]  # fmt: skip
    assert sheet["C2"].number_format == "dd/mm/yyyy"


def test_a_report_is_ok_without_errors():
    assert Report(rows=[], errors=[], total=0).ok
    assert not Report(rows=[], errors=[RowError(2, "Hội", "", "x")], total=1).ok
