"""Tables in and out: uploads read by content in any encoding, from a chosen sheet and header row; cells read
as the user meant them; exports that never carry a formula; the file of rows in error."""

import csv
import datetime as dt
import io
import unicodedata
import zipfile

import openpyxl
import pytest
from django.utils import translation
from openpyxl import Workbook, load_workbook

from lienhiep.core.spreadsheets import (
    CellError,
    Column,
    ImportFileError,
    RowError,
    Table,
    cell_date,
    errors_xlsx,
    name_index,
    neutralise,
    read_table,
    stream_csv,
    template_xlsx,
    write_xlsx,
)

D = dt.date
FORMULAS = ["=1+1", "+84 912 345 678", "-2+3", "@SUM(A1:A2)", "\t=1", "\r=1"]
Y_TE = "Hội KH&KT Trung tâm Y tế"


@pytest.fixture(autouse=True)
def _english():
    """Messages are compared with their English msgids, whatever the Vietnamese catalogue holds."""
    with translation.override("en"):
        yield


def xlsx(*rows, sheets=None):
    """A workbook of `rows`, or of several named sheets: `sheets={"Bìa": [...], "Danh sách": [...]}`."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, cells in (sheets or {"Sheet": rows}).items():
        sheet = workbook.create_sheet(title)
        for row in cells:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def naive(year, month, day):
    """A date-time as a spreadsheet cell holds it: without a time zone."""
    return dt.datetime.combine(D(year, month, day), dt.time())


# --- Reading files ----------------------------------------------------------------------------


def test_a_csv_with_semicolons_in_utf8_with_bom():
    data = "Họ và tên;Hội;Ngày vào hội\nTrần Thị Mai;Hội Y tế, Hồng Lĩnh;01/02/2024\n".encode("utf-8-sig")
    assert read_table("hoi-vien.csv", data) == Table(
        headers=["Họ và tên", "Hội", "Ngày vào hội"], rows=[["Trần Thị Mai", "Hội Y tế, Hồng Lĩnh", "01/02/2024"]]
    )


def windows_1258(text):
    """Encode as Vietnamese Windows does: letters with their shape marks, tones as combining marks."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = b""
    for char in text:
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            marks = unicodedata.normalize("NFD", char)
            base = unicodedata.normalize("NFC", "".join(m for m in marks if m not in tones))
            out += (base + "".join(m for m in marks if m in tones)).encode("cp1258")
    return out


def test_a_csv_in_windows_1258_comes_out_nfc():
    data = windows_1258("Họ và tên;Hội;Ngày vào hội\r\nĐặng Thị Hường;Hội Luật gia;01/02/2024\r\n")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    table = read_table("hoi-vien.csv", data)
    assert table == Table(
        headers=["Họ và tên", "Hội", "Ngày vào hội"], rows=[["Đặng Thị Hường", "Hội Luật gia", "01/02/2024"]]
    )
    assert unicodedata.is_normalized("NFC", table.rows[0][0])


def test_a_csv_with_commas_and_quotes_or_with_tabs():
    buffer = io.StringIO()
    csv.writer(buffer).writerows([["Họ và tên", "Địa chỉ"], ["Lê Văn Nam", "Phường Bắc Hồng, Hồng Lĩnh"]])
    expected = Table(headers=["Họ và tên", "Địa chỉ"], rows=[["Lê Văn Nam", "Phường Bắc Hồng, Hồng Lĩnh"]])
    assert read_table("a.csv", buffer.getvalue().encode()) == expected
    assert read_table("a.CSV", "Họ và tên\tĐịa chỉ\nLê Văn Nam\tPhường Bắc Hồng, Hồng Lĩnh\n".encode()) == expected


def test_a_stray_control_character_in_a_csv_is_dropped():
    table = read_table("a.csv", "Họ và tên;Hội\nLê Văn\x0b Nam;Hội Y tế\n".encode())
    assert table.rows == [["Lê Văn Nam", "Hội Y tế"]]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("anh.xlsx", b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "Upload an Excel workbook (.xlsx) or a CSV file."),
        ("anh.csv", b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "Upload an Excel workbook (.xlsx) or a CSV file."),
        ("hoi-vien.pdf", b"%PDF-1.7\n", "Upload an Excel workbook (.xlsx) or a CSV file."),
        ("hoi-vien.csv", b"PK\x03\x04", "Upload an Excel workbook (.xlsx) or a CSV file."),
        ("hoi-vien.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
         "This is an old Excel file (.xls): open it in Excel and save it as .xlsx."),
        ("hoi-vien.xlsx", b"PK\x05\x06" + b"\0" * 18, "The Excel workbook could not be read; it may be damaged."),
        ("hoi-vien.csv", b"", "The file is empty."),
        ("hoi-vien.csv", b";;\nMai;;", "The first row of the file must hold the column headers."),
        ("hoi-vien.csv", "Họ và tên;Hội\n;\n\n".encode(), "The file has no rows below the column headers."),
    ],
)  # fmt: skip
def test_files_that_are_not_tables_are_refused(name, data, message):
    with pytest.raises(ImportFileError) as refused:
        read_table(name, data)
    assert str(refused.value) == message


def test_a_zip_that_is_not_a_workbook_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(ImportFileError) as refused:
        read_table("hoi-vien.xlsx", buffer.getvalue())
    assert str(refused.value) == "The Excel workbook could not be read; it may be damaged."


def test_more_than_200_000_rows_are_refused():
    data = ("Họ và tên\n" + "An\n" * 200_001).encode()
    with pytest.raises(ImportFileError) as refused:
        read_table("hoi-vien.csv", data)
    assert (
        str(refused.value) == "The file has more than 200.000 rows; split it into smaller files."
    )  # the project groups with dots
    assert len(read_table("hoi-vien.csv", ("Họ và tên\n" + "An\n" * 200_000).encode()).rows) == 200_000
    with pytest.raises(ImportFileError) as refused:
        read_table("sang-kien.csv", ("Tên\n" + "A\n" * 5_001).encode(), max_rows=5_000)
    assert str(refused.value) == "The file has more than 5.000 rows; split it into smaller files."


def test_a_workbook_keeps_row_numbers_across_blank_rows():
    table = read_table(
        "hoi-vien.xlsx",
        xlsx(["Họ và tên", "Hội", "Ngày vào hội"], ["Mai", Y_TE, naive(2024, 2, 1)], [None], ["Nam", Y_TE, "x", None]),
    )
    assert table == Table(headers=["Họ và tên", "Hội", "Ngày vào hội"],
                          rows=[["Mai", Y_TE, D(2024, 2, 1)], [], ["Nam", Y_TE, "x"]])  # fmt: skip
    assert [table.number(i) for i in range(3)] == [2, 3, 4] and table.row(4) == ["Nam", Y_TE, "x"]
    assert (table.row(1), table.row(5)) == (None, None)


# --- The sheet and the header row are the caller's choice ---------------------------------------

REPORT = [
    ["DANH SÁCH HỘI VIÊN NĂM 2025", None, None],  # a title, as offices write it above the table
    [None, None, None],
    ["Họ và tên", "Hội", "Ngày vào hội"],
    ["Trần Thị Mai", Y_TE, naive(2024, 2, 1)],
    [None],
    ["Lê Văn Nam", Y_TE, "01/03/2024"],
]


def test_headers_below_a_title_and_a_blank_row_are_read_from_the_row_asked_for():
    table = read_table("hoi-vien.xlsx", xlsx(*REPORT), header_row=3)
    assert table == Table(
        headers=["Họ và tên", "Hội", "Ngày vào hội"],
        rows=[["Trần Thị Mai", Y_TE, D(2024, 2, 1)], [], ["Lê Văn Nam", Y_TE, "01/03/2024"]],
        first_row=4,
    )
    assert (table.number(2), table.row(6)) == (6, ["Lê Văn Nam", Y_TE, "01/03/2024"])  # as Excel numbers them
    data = "Danh sách;;\n;;\nHọ và tên;Hội\nMai;Y tế\n".encode()
    assert read_table("a.csv", data, header_row=3) == Table(["Họ và tên", "Hội"], [["Mai", "Y tế"]], first_row=4)
    with pytest.raises(ImportFileError) as refused:
        read_table("hoi-vien.xlsx", xlsx(*REPORT), header_row=2)
    assert str(refused.value) == "Row 2 of the file must hold the column headers."


def test_a_sheet_is_chosen_by_position_or_by_name():
    data = xlsx(sheets={"Bìa": [["Báo cáo năm 2025"], ["Liên hiệp hội tỉnh Hà Tĩnh"]], "Danh sách": REPORT[2:]})
    assert read_table("a.xlsx", data).headers == ["Báo cáo năm 2025"]  # the first sheet, unless told
    by_position = read_table("a.xlsx", data, sheet=1)
    assert read_table("a.xlsx", data, sheet="Danh sách") == by_position
    assert by_position.headers == ["Họ và tên", "Hội", "Ngày vào hội"] and len(by_position.rows) == 3
    for missing, label in ((2, "3"), ("Sheet1", "Sheet1")):
        with pytest.raises(ImportFileError) as refused:
            read_table("a.xlsx", data, sheet=missing)
        assert str(refused.value) == f"The workbook has no sheet “{label}”."


# --- Cells and columns --------------------------------------------------------------------------


def test_excel_serial_numbers_follow_excel_before_march_1900():
    assert (cell_date(1), cell_date(59), cell_date(61)) == (D(1900, 1, 1), D(1900, 2, 28), D(1900, 3, 1))
    assert (cell_date(29221), cell_date("29221"), cell_date(" "), cell_date(None)) == (D(1980, 1, 1),) * 2 + (None,) * 2
    for cell, reason in ((60, "Not a real date."), (1980, "Only a year: write the full date as dd/mm/yyyy.")):
        with pytest.raises(CellError) as refused:
            cell_date(cell)
        assert str(refused.value) == reason


def test_names_are_indexed_folded_and_a_shared_name_names_nobody():
    units = [("Hội Luật gia tỉnh Hà Tĩnh", "Luật gia HT"), ("Hội KH&KT Trung tâm Y tế", ""), ("Luật gia HT", "")]
    index = name_index(units, lambda unit: unit)
    assert index == {"hoi luat gia tinh ha tinh": units[0], "luat gia ht": None, "hoi kh&kt trung tam y te": units[1]}


# --- Exports ------------------------------------------------------------------------------------


def test_neutralise_keeps_dates_and_numbers():
    assert [neutralise(text) for text in FORMULAS] == ["'" + text for text in FORMULAS]
    assert neutralise("Nguyễn Văn An") == "Nguyễn Văn An"
    assert neutralise("") == ""
    assert neutralise(-5) == -5
    assert neutralise(D(2020, 1, 2)) == D(2020, 1, 2)


def test_csv_neutralises_formulas_and_writes_dates_day_first():
    data = b"".join(stream_csv([["a", "b"], [*FORMULAS, D(1980, 5, 17), -5, None]]))
    assert data.startswith(b"\xef\xbb\xbf")
    assert list(csv.reader(io.StringIO(data.decode("utf-8-sig")))) == [
        ["a", "b"],
        ["'=1+1", "'+84 912 345 678", "'-2+3", "'@SUM(A1:A2)", "'\t=1", "'\r=1", "17/05/1980", "-5", ""],
    ]


def test_csv_is_streamed_in_pieces_of_rows():
    pieces = list(stream_csv([["x"]] * 1200))
    assert [len(piece) for piece in pieces] == [3, 1500, 1500, 600]


def test_xlsx_neutralises_formulas_keeps_dates_and_numbers(tmp_path):
    rows = [["Họ và tên", "b"], [*FORMULAS, D(1980, 5, 17), -5, "", None]]
    write_xlsx(rows, tmp_path / "x.xlsx", title="Hội viên", widths=[28, 9])

    sheet = openpyxl.load_workbook(tmp_path / "x.xlsx").active
    header, row = list(sheet.iter_rows())

    assert (sheet.title, sheet.column_dimensions["A"].width, sheet.freeze_panes) == ("Hội viên", 28, "A2")
    assert [(c.value, c.font.b) for c in header[:2]] == [("Họ và tên", True), ("b", True)]
    assert [c.value for c in row[:6]] == ["'" + text for text in FORMULAS]
    assert all(c.data_type != "f" for r in (header, row) for c in r)
    assert (row[6].value, row[6].number_format, row[6].is_date) == (naive(1980, 5, 17), "DD/MM/YYYY", True)
    assert (row[7].value, row[7].data_type) == (-5, "n")
    assert len(row) == 8  # the blank cells are not written


# --- An import's template and its rows in error -------------------------------------------------


def test_a_template_holds_headers_examples_formats_and_a_guide():
    columns = [Column("name", "Tên", True, help="Tên đầy đủ."), Column("on", "Ngày", help="dd/mm/yyyy"),
               Column("kind", "Loại", aliases=("Kiểu",))]  # fmt: skip
    data = template_xlsx(
        columns, title="Mẫu", examples=[{"name": "=A", "on": D(2024, 1, 2)}, {"name": "B", "kind": "X"}],
        notes=["Mỗi dòng một mục."], widths={"name": 30}, formats={"on": "dd/mm/yyyy"}, choices={"kind": "X,Y"},
    )  # fmt: skip
    sheet, guide = load_workbook(io.BytesIO(data)).worksheets
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        ["Tên", "Ngày", "Loại"], ["=A", naive(2024, 1, 2), None], ["B", None, "X"]
    ]  # fmt: skip
    assert (sheet.title, sheet.freeze_panes, sheet["B2"].number_format, sheet["B3"].number_format) == (
        "Mẫu", "A2", "dd/mm/yyyy", "dd/mm/yyyy"
    )  # fmt: skip
    assert (sheet.column_dimensions["A"].width, sheet.column_dimensions["C"].width) == (30, 14)
    [validation] = sheet.data_validations.dataValidation
    assert (validation.formula1, str(validation.sqref)) == ('"X,Y"', "C2:C200001")
    assert [[c.value for c in row] for row in guide.iter_rows()] == [
        ["Cột", "Bắt buộc", "Cách ghi"], ["Tên", "Có", "Tên đầy đủ."], ["Ngày", None, "dd/mm/yyyy"],
        ["Loại", None, None], [None, None, None], ["Mỗi dòng một mục.", None, None],
    ]  # fmt: skip


def test_the_errors_file_holds_the_rows_in_error_with_their_reasons():
    table = Table(
        headers=["Họ và tên", "Hội", "Ngày vào hội"],
        rows=[
            ["Trần Thị Mai", Y_TE, naive(2024, 2, 1)],
            ["=1+1", "Hội khác", "31/02/2024"],
            [],
            ["Lê Văn Nam", Y_TE, "01/02/2024", "thừa"],
        ],
    )
    errors = [
        RowError(3, "Hội", "Hội khác", "No association you can record into has this name."),
        RowError(3, "Ngày vào hội", "31/02/2024", "Not a real date."),
        RowError(5, "Họ và tên", "Lê Văn Nam", "The same name and birth date are already on row 2."),
    ]
    sheet = load_workbook(io.BytesIO(errors_xlsx(table, errors))).active
    assert [[cell.value for cell in row] for row in sheet.iter_rows()] == [
        ["Họ và tên", "Hội", "Ngày vào hội", None, "Dòng", "Lỗi"],
        ["=1+1", "Hội khác", "31/02/2024", None, 3,
         "No association you can record into has this name.; Not a real date."],
        ["Lê Văn Nam", Y_TE, "01/02/2024", "thừa", 5, "The same name and birth date are already on row 2."],
    ]  # fmt: skip
    assert sheet["A2"].data_type == "s"  # text from the file never becomes a formula
    assert sheet["A1"].font.bold and sheet.freeze_panes == "A2"


def test_the_errors_file_finds_its_rows_below_a_header_lower_down():
    table = read_table("hoi-vien.xlsx", xlsx(*REPORT), header_row=3)
    sheet = load_workbook(io.BytesIO(errors_xlsx(table, [RowError(6, "Ngày vào hội", "", "Sai.")]))).active
    assert [[cell.value for cell in row] for row in sheet.iter_rows()] == [
        ["Họ và tên", "Hội", "Ngày vào hội", "Dòng", "Lỗi"], ["Lê Văn Nam", Y_TE, "01/03/2024", 6, "Sai."]
    ]  # fmt: skip


def test_a_workbook_that_unpacks_to_too_much_is_refused_before_it_is_parsed():
    from lienhiep.core import files
    from lienhiep.core.tests.test_files import _inflated

    book = Workbook()
    book.active.append(["Họ và tên"])
    out = io.BytesIO()
    book.save(out)
    bomb = _inflated(out.getvalue(), extra={"xl/worksheets/sheet1.xml.bak": files.MAX_UNPACKED_BYTES + 2**20})
    with pytest.raises(ImportFileError, match="unpacks to more"):
        read_table("hoi-vien.xlsx", bomb)


# --- Files as offices make them: found header, chosen sheet, totals, hidden columns, formulas ----------

MEMBER_COLUMNS = [
    Column("full_name", "Họ và tên", True),
    Column("org", "Hội", True),
    Column("joined_on", "Ngày vào hội"),
]
LIST = [
    ["STT", "Họ và tên", "Hội", "Ngày vào hội"],
    [1, "Trần Thị Mai", Y_TE, "01/02/2024"],
    [None, None, None, None],
    [2, "Lê Văn Nam", Y_TE, "01/03/2024"],
]


def test_the_header_below_a_merged_title_is_found_and_the_page_can_say_which_row():
    from lienhiep.core.tests.samples import office_xlsx

    data = office_xlsx({"Hội viên": LIST}, title="DANH SÁCH HỘI VIÊN")
    table = read_table("hoi-vien.xlsx", data, columns=MEMBER_COLUMNS)
    assert (table.header_row, table.header_found, table.first_row) == (3, True, 4)
    assert table.headers == ["STT", "Họ và tên", "Hội", "Ngày vào hội"]
    assert table.rows == [[1.0, "Trần Thị Mai", Y_TE, "01/02/2024"], [], [2.0, "Lê Văn Nam", Y_TE, "01/03/2024"]]
    assert table.preview[:4] == [["DANH SÁCH HỘI VIÊN"], [], ["STT", "Họ và tên", "Hội", "Ngày vào hội"],
                                 ["1", "Trần Thị Mai", Y_TE, "01/02/2024"]]  # fmt: skip
    # Told another row, it takes that one; without columns to look for, row 1.
    assert read_table("hoi-vien.xlsx", data, columns=MEMBER_COLUMNS, header_row=4).headers[1] == "Trần Thị Mai"
    assert read_table("hoi-vien.xlsx", data).headers == ["DANH SÁCH HỘI VIÊN"]
    # A CSV the same way.
    csv_data = "Danh sách hội viên;;\n;;\nHọ và tên;Hội\nMai;Y tế\n".encode()
    assert read_table("a.csv", csv_data, columns=MEMBER_COLUMNS).header_row == 3


def test_the_first_sheet_with_the_columns_is_read_without_its_totals_row():
    from lienhiep.core.tests.samples import office_xlsx

    cover = [["BÁO CÁO SỐ LƯỢNG HỘI VIÊN"], ["Liên hiệp hội tỉnh Hà Tĩnh"]]
    totals = [None, "Tổng cộng", "2 hội viên", "=COUNTA(B4:B6)"]
    data = office_xlsx({"Bìa": cover, "Danh sách": [*LIST, totals]}, cached={})
    table = read_table("hoi-vien.xlsx", data, columns=MEMBER_COLUMNS)
    assert table.sheet == "Danh sách" and table.header_row == 1
    assert [(s.name, s.rows, s.header_row) for s in table.sheets] == [("Bìa", 2, None), ("Danh sách", 5, 1)]
    assert table.totals == [5]
    assert table.rows == [[1.0, "Trần Thị Mai", Y_TE, "01/02/2024"], [], [2.0, "Lê Văn Nam", Y_TE, "01/03/2024"]]
    assert table.summary()["rows"] == 2
    # "Cộng" with a SUM whose value Excel saved is a totals row too; a member named Công is not.
    for last, skipped in (([None, "Cộng", None, 2], [5]), ([3, "Công Văn Tú", Y_TE, "01/04/2024"], [])):
        assert read_table("a.xlsx", office_xlsx({"DS": [*LIST, last]}), columns=MEMBER_COLUMNS).totals == skipped


LUAT = "Hội Luật gia tỉnh"
# A list as a union sends it: the association's name merged down its members' rows, a totals row, then the
# place and date, who signs, and their names.
MERGED_LIST = [
    ["STT", "Họ và tên", "Hội", "Ngày vào hội"],  # row 3, under the title
    [1, "Trần Thị Mai", Y_TE, "01/02/2024"],
    [2, "Lê Văn Nam", None, "01/03/2024"],
    [3, "Phan Thị Hoa", None, "01/04/2024"],
    [4, "Võ Văn Tú", LUAT, "01/05/2024"],
    [None, "Tổng cộng", "4 hội viên", None],  # row 8
    [None, None, None, None],
    [None, None, None, "Hà Tĩnh, ngày 15 tháng 3 năm 2025"],
    [None, "Người lập biểu", "Kế toán", "Thủ trưởng đơn vị"],
    [None, "(Ký, ghi rõ họ tên)", None, "(Ký tên, đóng dấu)"],
    [None, None, None, None],
    [None, "Nguyễn Văn Lập", "Lê Thị Toán", "Trần Văn Trưởng"],  # row 14
]


def test_a_unit_merged_down_its_members_rows_is_read_on_each_row_and_the_signatures_end_the_table():
    from lienhiep.core.tests.samples import office_xlsx

    data = office_xlsx({"DS": MERGED_LIST}, title="DANH SÁCH HỘI VIÊN", merged=("C4:C6", "D12:D13"))
    table = read_table("hoi-vien.xlsx", data, columns=MEMBER_COLUMNS)
    assert table.rows == [
        [1.0, "Trần Thị Mai", Y_TE, "01/02/2024"],
        [2.0, "Lê Văn Nam", Y_TE, "01/03/2024"],
        [3.0, "Phan Thị Hoa", Y_TE, "01/04/2024"],
        [4.0, "Võ Văn Tú", LUAT, "01/05/2024"],
    ]
    assert (table.totals, table.notes) == ([8], [10, 11, 12, 13, 14])
    assert table.summary()["notes"] == [10, 11, 12, 13, 14] and table.summary()["rows"] == 4
    # The title merged across row 1 stays in its first cell, and the header row is still found.
    assert table.preview[0] == ["DANH SÁCH HỘI VIÊN"] and table.header_row == 3


def test_without_a_totals_row_one_or_two_cells_of_text_outside_the_required_columns_are_notes():
    from lienhiep.core.tests.samples import office_xlsx

    signatures = [
        [None, None, None, None],
        [None, None, None, "Hà Tĩnh, ngày 15 tháng 3 năm 2025"],
        ["Người lập biểu", None, None, "Thủ trưởng đơn vị"],  # under STT and the date: no required column
        ["Nguyễn Văn Lập", None, None, "Trần Văn Trưởng"],
    ]
    table = read_table("a.xlsx", office_xlsx({"DS": [*LIST, *signatures]}), columns=MEMBER_COLUMNS)
    assert (table.rows[-1], table.totals, table.notes) == ([2.0, "Lê Văn Nam", Y_TE, "01/03/2024"], [], [6, 7, 8])
    # A line in a required column (a name under "Họ và tên") is a row of the table: the check says what it lacks.
    table = read_table("a.xlsx", office_xlsx({"DS": [*LIST, [None, "Nguyễn Văn Lập"]]}), columns=MEMBER_COLUMNS)
    assert (table.rows[-1], table.notes) == (["", "Nguyễn Văn Lập"], [])
    # So is one of three cells, or of a number; and without the import's columns nothing is taken for a note.
    for last in (["Ghi chú", None, "a", "b"], [None, None, None, 12]):
        assert read_table("a.xlsx", office_xlsx({"DS": [*LIST, last]}), columns=MEMBER_COLUMNS).notes == []
    assert read_table("a.xlsx", office_xlsx({"DS": [*LIST, *signatures]})).notes == []


def test_a_hidden_column_is_read_like_the_others_and_marked_hidden():
    from lienhiep.core.tests.samples import office_xlsx

    table = read_table("hoi-vien.xlsx", office_xlsx({"DS": LIST}, hidden="C"), columns=MEMBER_COLUMNS)
    assert table.hidden == [2] and table.headers[2] == "Hội" and table.rows[0][2] == Y_TE


def test_a_formula_gives_its_saved_value_or_says_it_has_none():
    from lienhiep.core.spreadsheets import Uncomputed
    from lienhiep.core.tests.samples import office_xlsx

    rows = [["Họ và tên", "Hội", "Số thẻ"], ['=HYPERLINK("http://hoi.vn","Mai")', Y_TE, "=10+2"]]
    table = read_table("a.xlsx", office_xlsx({"DS": rows}, cached={"C2": "12"}), columns=MEMBER_COLUMNS)
    assert table.rows == [['=HYPERLINK("http://hoi.vn","Mai")', Y_TE, 12.0]]
    assert isinstance(table.rows[0][0], Uncomputed) and not isinstance(table.rows[0][2], Uncomputed)


def test_names_in_nfd_from_a_workbook_come_out_nfc():
    from lienhiep.core.tests.samples import office_xlsx

    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Bình")
    table = read_table("a.xlsx", office_xlsx({"DS": [["Họ và tên", "Hội"], [nfd, Y_TE]]}), columns=MEMBER_COLUMNS)
    from lienhiep.core.spreadsheets import cell_text

    assert cell_text(table.rows[0][0]) == "Nguyễn Thị Bình" == unicodedata.normalize("NFC", nfd)


def test_formulas_are_found_in_any_spelling_of_the_sheet_xml():
    from lienhiep.core.spreadsheets import reading

    xml = (
        '<x:worksheet xmlns:x="urn:main"><x:sheetData><x:row r="2">'
        '<x:c r="B2"><x:f>HYPERLINK("a&amp;b")</x:f></x:c>'  # a prefixed cell without a value
        '<x:c r="C2" t="str"><x:f>IF(A2="","","x")</x:f><x:v></x:v></x:c>'  # an empty text: computed
        '<x:c r="D2"><x:f t="shared" si="0"/><x:v>4</x:v></x:c>'  # a shared formula with its value
        '<x:c r="E2"><x:f t="shared" si="0"/></x:c>'  # and without
        "</x:row></x:sheetData></x:worksheet>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/worksheets/sheet1.xml", xml)
    with zipfile.ZipFile(buffer) as archive:
        found = reading._uncomputed(archive, "xl/worksheets/sheet1.xml", offset=1)
    assert found == {2: {0: '=HYPERLINK("a&b")', 3: "=…"}}
