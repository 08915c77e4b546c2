"""Import of initiatives (sáng kiến, đề tài) from a spreadsheet: a union's list kept in Excel for years.

Every row is checked before any is written; one bad row imports nothing and the page lists each problem
with its row, column and value. Files are read by the member import's reader (calamine, CSV; content
checked, not the name), headers matched whatever their order, case and diacritics.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from lienhiep.activities import services
from lienhiep.activities.models import Initiative, InitiativeLevel
from lienhiep.core.text import fold
from lienhiep.members.importing import ImportFileError, RowError, cell_text, header_key, read_table
from lienhiep.members.models import Field
from lienhiep.orgs.models import Org

MAX_ROWS = 5_000
MAX_BYTES = 5 * 2**20


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # the template's header; a file format, so fixed Vietnamese
    aliases: tuple[str, ...] = ()
    required: bool = False


COLUMNS = (
    Column("title", "Tên sáng kiến, đề tài", ("tên sáng kiến", "tên đề tài", "sáng kiến", "đề tài", "tên"), True),
    Column("author_names", "Tác giả", ("tác giả, nhóm tác giả", "nhóm tác giả", "chủ nhiệm"), True),
    Column("org", "Đơn vị", ("hội", "đơn vị công tác", "đơn vị chủ trì"), True),
    Column("field", "Lĩnh vực", ("ngành", "lĩnh vực chuyên môn")),
    Column("level", "Cấp công nhận", ("cấp", "cấp độ"), True),
    Column("year", "Năm công nhận", ("năm",), True),
    Column("applied", "Đã áp dụng", ("áp dụng", "ứng dụng")),
    Column("effect", "Hiệu quả áp dụng", ("hiệu quả", "kết quả áp dụng")),
)
LEVELS = {header_key(word): level for level, words in {
    InitiativeLevel.BASIC: ("Cơ sở", "cấp cơ sở", "basic"),
    InitiativeLevel.SECTOR: ("Ngành", "cấp ngành", "bộ, ngành", "sector"),
    InitiativeLevel.PROVINCE: ("Tỉnh", "cấp tỉnh", "province"),
    InitiativeLevel.NATIONAL: ("Quốc gia", "cấp quốc gia", "nhà nước", "national"),
}.items() for word in words}  # fmt: skip
YES = {header_key(word) for word in ("Có", "x", "Đã áp dụng", "yes", "1", "true")}
NO = {header_key(word) for word in ("Không", "Chưa", "Chưa áp dụng", "no", "0", "false")}


@dataclass
class Result:
    initiatives: list[Initiative]
    errors: list[RowError]
    missing: list[str]  # headers of required columns not found


def check(*, file_name: str, data: bytes, orgs: Iterable[Org]) -> Result:
    """Read and check every row; `orgs` are the units the importer may record for."""
    if len(data) > MAX_BYTES:
        raise ImportFileError(_("The file is larger than %(mb)s MB.") % {"mb": MAX_BYTES // 2**20})
    table = read_table(file_name, data)
    if len(table.rows) > MAX_ROWS:
        raise ImportFileError(
            _("The file has more than %(max)s rows; split it into smaller files.") % {"max": MAX_ROWS}
        )
    keys = [header_key(h) for h in table.headers]
    at: dict[str, int] = {}
    for column in COLUMNS:
        for name in (column.header, *column.aliases):
            if header_key(name) in keys and column.key not in at:
                at[column.key] = keys.index(header_key(name))
    missing = [c.header for c in COLUMNS if c.required and c.key not in at]
    if missing:
        return Result([], [], missing)

    units: dict[str, Org | None] = {}
    for org in orgs:
        for name in {fold(org.name), fold(org.short_name)} - {""}:
            units[name] = org if units.get(name, org) == org else None  # None: two units share the name
    known = list(Field.objects.all())
    fields = {header_key(f.code): f for f in known} | {header_key(f.name): f for f in known}  # a name wins
    out: list[Initiative] = []
    errors: list[RowError] = []
    headers = {c.key: c.header for c in COLUMNS}
    for number, cells in enumerate(table.rows, start=2):
        if not cells:
            continue
        value = {key: cell_text(cells[i]) if i < len(cells) else "" for key, i in at.items()}

        def error(key: str, reason: str, number: int = number, value: dict[str, str] = value) -> None:
            errors.append(RowError(number, headers.get(key, ""), value.get(key, ""), reason))

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
            year=year, applied=applied_key in YES, effect=value.get("effect", ""),
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
    return Result(out, errors, [])


def template_xlsx(*, org_name: str = "Hội KH&KT Trung tâm Y tế") -> bytes:
    """The import template: the headers, two example rows (the first in `org_name`, the unit it is for) and a
    sheet saying how to fill each column."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Sáng kiến"
    sheet.append([c.header for c in COLUMNS])
    sheet.append(
        [
            "Ứng dụng nội soi trong khám Tai - Mũi - Họng",
            "Trần Thị Mai",
            org_name,
            "Y tế",
            "Cơ sở",
            2023,
            "Có",
            "Áp dụng tại khoa khám bệnh, rút ngắn thời gian chờ",
        ]
    )
    sheet.append(["Giải pháp tiết kiệm điện trong trường học", "Lê Văn An, Phan Thị Hoa",
                  "Hội KH&KT phường Trung Lương", "", "Tỉnh", 2022, "Không", ""])  # fmt: skip
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for letter, width in zip("ABCDEFGH", (50, 28, 36, 16, 14, 14, 12, 50), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    guide = workbook.create_sheet("Hướng dẫn")
    guide.append(["Cột", "Bắt buộc", "Cách ghi"])
    help_text = {
        "title": "Tên sáng kiến hoặc đề tài.",
        "author_names": "Họ tên tác giả; nhiều người cách nhau bằng dấu phẩy.",
        "org": "Tên đơn vị (hội, chi hội) như trong hệ thống; chỉ các đơn vị bạn được ghi nhận.",
        "field": "Lĩnh vực, như trong danh mục lĩnh vực (để trống nếu không rõ).",
        "level": "Cơ sở, Ngành, Tỉnh hoặc Quốc gia.",
        "year": "Năm được công nhận, 4 chữ số.",
        "applied": "Có hoặc Không (để trống là Không).",
        "effect": "Bắt buộc khi đã áp dụng: áp dụng ở đâu, mang lại gì.",
    }
    for column in COLUMNS:
        guide.append([column.header, "Có" if column.required else "", help_text[column.key]])
    guide.append([])
    guide.append(
        ["Mỗi dòng là một sáng kiến. Thứ tự các cột có thể thay đổi. Nếu có dòng lỗi, không dòng nào được nhập."]
    )
    for cell in guide[1]:
        cell.font = Font(bold=True)
    guide.column_dimensions["A"].width, guide.column_dimensions["C"].width = 24, 80
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
