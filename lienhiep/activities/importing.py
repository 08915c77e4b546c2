"""Import of initiatives (sáng kiến, đề tài) from a spreadsheet: a union's list kept in Excel for years.

Every row is checked before any is written; one bad row imports nothing and the page lists each problem
with its row, column and value. Files are read by core's reader (`core.spreadsheets`: calamine, CSV; content
checked, not the name), headers matched whatever their order, case and diacritics; the sheet and the header
row are found (a title above the table, a cover sheet) unless the user chose them, a unit merged down its rows
is read on each, and a totals row and the signatures under the table are passed over. A file of at most
MAX_ROWS rows and MAX_BYTES is read and checked in the background (`services.initiative_import_*`, a
`models.InitiativeImport` batch moved by `core.batches`); the request only checks the upload and keeps it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from lienhiep.activities import services
from lienhiep.activities.models import Initiative, InitiativeLevel
from lienhiep.core.spreadsheets import (
    UNCOMPUTED,
    Column,
    ImportFileError,
    RowError,
    Table,
    cell_date,
    cell_text,
    guess_mapping,
    header_key,
    missing_required,
    name_index,
    read_table,
)
from lienhiep.core.spreadsheets import template_xlsx as _template
from lienhiep.core.spreadsheets.cells import CellError, Uncomputed
from lienhiep.core.text import fold
from lienhiep.members.importing import field_index
from lienhiep.orgs.models import Org

MAX_ROWS = 5_000
MAX_BYTES = 5 * 2**20
PROGRESS_EVERY = 500  # rows checked between two heartbeats of the task

# The template's headers and guide: a file format, so fixed Vietnamese.
# fmt: off
COLUMNS = (
    Column("title", "Tên sáng kiến, đề tài", True, ("tên sáng kiến", "tên đề tài", "sáng kiến", "đề tài", "tên"),
           "Tên sáng kiến hoặc đề tài."),
    Column("author_names", "Tác giả", True, ("tác giả, nhóm tác giả", "nhóm tác giả", "chủ nhiệm"),
           "Họ tên tác giả; nhiều người cách nhau bằng dấu phẩy."),
    Column("org", "Đơn vị", True, ("hội", "đơn vị công tác", "đơn vị chủ trì"),
           "Tên đơn vị (hội, chi hội) như trong hệ thống; chỉ các đơn vị bạn được ghi nhận."),
    Column("field", "Lĩnh vực", False, ("ngành", "lĩnh vực chuyên môn"),
           "Lĩnh vực, như trong danh mục lĩnh vực (để trống nếu không rõ)."),
    Column("level", "Cấp công nhận", True, ("cấp", "cấp độ"), "Cơ sở, Ngành, Tỉnh hoặc Quốc gia."),
    Column("year", "Năm công nhận", True, ("năm",), "Năm được công nhận, 4 chữ số."),
    Column("recognised_on", "Ngày công nhận", False, ("ngày quyết định", "ngày ký quyết định"),
           "Ngày của quyết định công nhận, nếu biết (dd/mm/yyyy; báo cáo 6 tháng tính theo ngày này)."),
    Column("applied", "Đã áp dụng", False, ("áp dụng", "ứng dụng"), "Có hoặc Không (để trống là Không)."),
    Column("effect", "Hiệu quả áp dụng", False, ("hiệu quả", "kết quả áp dụng"),
           "Bắt buộc khi đã áp dụng: áp dụng ở đâu, mang lại gì."),
)
# fmt: on
LEVELS = {
    header_key(word): level
    for level, words in {
        InitiativeLevel.BASIC: ("Cơ sở", "cấp cơ sở", "basic"),
        InitiativeLevel.SECTOR: ("Ngành", "cấp ngành", "bộ, ngành", "sector"),
        InitiativeLevel.PROVINCE: ("Tỉnh", "cấp tỉnh", "province"),
        InitiativeLevel.NATIONAL: ("Quốc gia", "cấp quốc gia", "nhà nước", "national"),
    }.items()
    for word in words
}  # fmt: skip
YES = {header_key(word) for word in ("Có", "x", "Đã áp dụng", "yes", "1", "true")}
NO = {header_key(word) for word in ("Không", "Chưa", "Chưa áp dụng", "no", "0", "false")}


@dataclass
class Result:
    initiatives: list[Initiative]
    errors: list[RowError]
    missing: list[str]  # headers of required columns not found
    table: dict[str, Any] = field(default_factory=dict)  # what was read (`Table.summary`), for the page


def check(
    *, file_name: str, data: bytes, orgs: Iterable[Org], sheet: str | None = None, header_row: int | None = None
) -> Result:
    """Read and check every row; `orgs` are the units the importer may record for. The sheet (by name) and the
    header row are found unless given."""
    if len(data) > MAX_BYTES:
        raise ImportFileError(_("The file is larger than %(mb)s MB.") % {"mb": MAX_BYTES // 2**20})
    return validate(read(file_name, data, sheet=sheet, header_row=header_row), orgs=orgs)


def read(file_name: str, data: bytes, *, sheet: str | None = None, header_row: int | None = None) -> Table:
    """The table of initiatives in the file: its sheet (by name) and header row found unless given."""
    return read_table(file_name, data, sheet=sheet, header_row=header_row, columns=COLUMNS, max_rows=MAX_ROWS)


def validate(table: Table, *, orgs: Iterable[Org], progress: Callable[[int], None] | None = None) -> Result:
    """Check every row of `table`; `orgs` are the units the importer may record for. `progress` is told how many
    rows were checked, every PROGRESS_EVERY."""
    mapping = guess_mapping(table.headers, COLUMNS)
    missing = [column.header for column in missing_required(mapping, COLUMNS)]
    if missing:
        return Result([], [], missing, table.summary())
    at = {key: index for index, key in mapping.items()}

    units = name_index(orgs, lambda org: (org.name, org.short_name))  # None: two units share the name
    fields = field_index()
    out: list[Initiative] = []
    errors: list[RowError] = []
    headers = {c.key: c.header for c in COLUMNS}
    for number, cells in enumerate(table.rows, start=table.first_row):
        if progress is not None and number > table.first_row and (number - table.first_row) % PROGRESS_EVERY == 0:
            progress(number - table.first_row)
        if not cells:
            continue
        value = {key: cell_text(cells[i]) if i < len(cells) else "" for key, i in at.items()}

        def error(key: str, reason: str, number: int = number, value: dict[str, str] = value) -> None:
            errors.append(RowError(number, headers.get(key, ""), value.get(key, ""), reason))

        formulas = [key for key, i in at.items() if i < len(cells) and isinstance(cells[i], Uncomputed)]
        for key in formulas:
            error(key, str(UNCOMPUTED))
        if formulas:
            continue
        before = len(errors)
        unit = units.get(fold(value["org"]))
        if unit is None:
            error("org", _("Not a unit you may record for (or two units have this name)."))
        level = LEVELS.get(header_key(value["level"]))
        if level is None:
            error("level", _("Write one of: Cơ sở, Ngành, Tỉnh, Quốc gia."))
        try:
            year = int(value["year"])
        except ValueError:
            year = 0
        if not 1945 <= year <= 2100:
            error("year", _("Write the year as four digits, for example 2023."))
        recognised_on = None
        if "recognised_on" in at and at["recognised_on"] < len(cells):
            try:
                recognised_on = cell_date(cells[at["recognised_on"]])
            except CellError as bad:
                error("recognised_on", str(bad))
        field = None
        if value.get("field"):
            field = fields.get(header_key(value["field"]))
            if field is None:
                error("field", _("Unknown field."))
        applied_key = header_key(value.get("applied", ""))
        if applied_key and applied_key not in YES | NO:
            error("applied", _("Write Có or Không."))
        if len(errors) > before or unit is None or level is None:
            continue
        initiative = Initiative(
            org=unit, title=value["title"], author_names=value["author_names"], field=field, level=level,
            year=year, recognised_on=recognised_on, applied=applied_key in YES, effect=value.get("effect", ""),
        )  # fmt: skip
        try:
            services.initiative_check(initiative)
        except ValidationError as invalid:
            for key, messages in (
                invalid.message_dict if hasattr(invalid, "error_dict") else {"": invalid.messages}
            ).items():
                for message in messages:
                    error(key if key in headers else "org", message)  # the unit's life: not a field's
            continue
        out.append(initiative)
    return Result(out, errors, [], table.summary())


def template_xlsx(*, org_name: str = "Hội KH&KT Trung tâm Y tế") -> bytes:
    """The import template: the headers, two example rows (the first in `org_name`, the unit it is for) and a
    sheet saying how to fill each column."""
    examples = [
        {"title": "Ứng dụng nội soi trong khám Tai - Mũi - Họng", "author_names": "Trần Thị Mai",
         "org": org_name, "field": "Y tế", "level": "Cơ sở", "year": 2023, "recognised_on": "15/06/2023",
         "applied": "Có",
         "effect": "Áp dụng tại khoa khám bệnh, rút ngắn thời gian chờ"},
        {"title": "Giải pháp tiết kiệm điện trong trường học", "author_names": "Lê Văn An, Phan Thị Hoa",
         "org": "Hội KH&KT phường Trung Lương", "level": "Tỉnh", "year": 2022, "applied": "Không"},
    ]  # fmt: skip
    notes = [
        "Mỗi dòng là một sáng kiến. Thứ tự các cột có thể thay đổi. Nếu có dòng lỗi, không dòng nào được nhập.",
        'Dòng tiêu đề có thể nằm dưới tên bảng; dòng "Tổng cộng" và các dòng ký tên ở cuối bảng được bỏ qua; tên đơn '
        "vị gộp ô qua nhiều dòng được hiểu là của từng dòng.",
    ]
    widths = dict(zip((c.key for c in COLUMNS), (50, 28, 36, 16, 14, 14, 16, 12, 50), strict=True))
    return _template(COLUMNS, title="Sáng kiến", examples=examples, notes=notes, widths=widths, max_rows=MAX_ROWS)
