"""Imports of a union's records kept in Excel (decision 0017: each an `Importer` of `core.importers`, which gives
the pages, the background steps and the moves; this module says only the columns, the rules of a row and how a
checked file is written):

- initiatives (sáng kiến, đề tài): `INITIATIVES`, the list kept for years;
- activities: `ACTIVITIES`, with every field of the activity form (the figures only where the kind has them), in the
  columns the activity export writes (`ACTIVITY_COLUMNS`: a file exported can be imported back).

Every row is checked before any is written; one bad row imports nothing and the page lists each problem with its
row, column and value. Files are read by core's reader (`core.spreadsheets`: a title above the table, headers in any
order and spelling, a unit merged down its rows read on each, a totals row and the signatures passed over). The rows
may name the file's unit and the units under it where the uploader records.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, override

from lienhiep.activities import permissions, services
from lienhiep.activities.models import (
    CHOSEN,
    FIGURES,
    FIGURES_BY_KIND,
    Activity,
    ActivityImport,
    ActivityImportEvent,
    ActivityKind,
    ActivityRole,
    ActivityStatus,
    Audience,
    Beneficiary,
    CharityTheme,
    Initiative,
    InitiativeImport,
    InitiativeImportEvent,
    InitiativeLevel,
    LegalArea,
    Mode,
    Partner,
    PublicationKind,
)
from lienhiep.core.importers import Result, Row, rows
from lienhiep.core.spreadsheets import Column, Table, cell_date, header_key, name_index
from lienhiep.core.spreadsheets import template_xlsx as _template
from lienhiep.core.spreadsheets.cells import CellError
from lienhiep.core.templatetags.vn import vnum
from lienhiep.core.text import fold
from lienhiep.members.importing import field_index
from lienhiep.orgs import permissions as org_permissions
from lienhiep.orgs.importers import UnitImporter
from lienhiep.orgs.models import Org
from lienhiep.orgs.permissions import Access

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


def _units(batch: Any) -> Any:
    """The units a file's rows may name: its unit and those under it where its uploader records."""
    from lienhiep.orgs.selectors import subtree_ids, today

    return org_permissions.orgs_at_least(batch.actor, Access.EDIT, active=True).filter(
        pk__in=subtree_ids(batch.org, on=today())
    )


def _refused(row: Row, invalid: ValidationError, keys: Iterable[str], where: str) -> None:
    """A service's refusal of a row, listed on its columns (a refusal of no column of the file: on `where`)."""
    for key, messages in (invalid.message_dict if hasattr(invalid, "error_dict") else {"": invalid.messages}).items():
        for message in messages:
            row.error(key if key in keys else where, message)


def validate(table: Table, *, orgs: Iterable[Org], progress: Callable[[int], None] | None = None) -> Result:
    """Check every row of `table`; `orgs` are the units the importer may record for. `progress` is told how many
    rows were checked, every PROGRESS_EVERY."""
    result = Result()
    units = name_index(orgs, lambda org: (org.name, org.short_name))  # None: two units share the name
    fields = field_index()
    keys = {column.key for column in COLUMNS}
    for row in rows(table, COLUMNS, result, progress=progress, every=PROGRESS_EVERY):
        value = row.value
        before = len(result.errors)
        unit = units.get(fold(value["org"]))
        if unit is None:
            row.error("org", _("Not a unit you may record for (or two units have this name)."))
        level = LEVELS.get(header_key(value["level"]))
        if level is None:
            row.error("level", _("Write one of: Cơ sở, Ngành, Tỉnh, Quốc gia."))
        try:
            year = int(value["year"])
        except ValueError:
            year = 0
        if not 1945 <= year <= 2100:
            row.error("year", _("Write the year as four digits, for example 2023."))
        recognised_on = _date(row, "recognised_on")
        field = None
        if value.get("field"):
            field = fields.get(header_key(value["field"]))
            if field is None:
                row.error("field", _("Unknown field."))
        applied_key = header_key(value.get("applied", ""))
        if applied_key and applied_key not in YES | NO:
            row.error("applied", _("Write Có or Không."))
        if len(result.errors) > before or unit is None or level is None:
            continue
        initiative = Initiative(
            org=unit, title=value["title"], author_names=value["author_names"], field=field, level=level,
            year=year, recognised_on=recognised_on, applied=applied_key in YES, effect=value.get("effect", ""),
        )  # fmt: skip
        try:
            services.initiative_check(initiative)
        except ValidationError as invalid:
            _refused(row, invalid, keys, "org")  # the unit's life: not a field's
            continue
        result.rows.append(initiative)
    return result


def _date(row: Row, key: str) -> dt.date | None:
    """A date cell, however it was typed; empty: None; not a date: listed."""
    cell = row.cell(key)
    if cell is None or not row.value.get(key):
        return None
    try:
        return cell_date(cell)
    except CellError as bad:
        row.error(key, str(bad))
        return None


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


class InitiativeImporter(UnitImporter):
    name = "initiatives"
    namespace = "activities"
    prefix = "initiative_import"
    template_url_name = "initiative_template"
    batch_model = InitiativeImport
    event_model = InitiativeImportEvent
    columns = COLUMNS
    max_rows = MAX_ROWS
    max_bytes = MAX_BYTES
    progress_every = PROGRESS_EVERY
    template_file_name = "mau-nhap-sang-kien.xlsx"
    list_url_name = "activities:initiatives"

    def title(self) -> str:
        return _("Import initiatives")

    def list_label(self) -> str:
        return _("Initiatives and research")

    def intro(self, node: Any) -> list[str]:
        return [
            _(
                "Fill in the template (one initiative per row, at most %(n)s rows), then upload it. Every row is "
                "checked first: if one is wrong, nothing is imported and the rows to fix are listed below."
            ) % {"n": vnum(MAX_ROWS)},
            _("The rows may name %(unit)s and the units under it where you record.") % {"unit": node.name},
        ]  # fmt: skip

    def done_message(self, batch: Any) -> str:
        return ngettext(
            "%(n)s initiative has been imported.", "%(n)s initiatives have been imported.", batch.created
        ) % {"n": vnum(batch.created)}  # fmt: skip

    def get_org_for_user(self, user: Any, pk: int | str | None) -> Org:
        return permissions.get_initiative_org_for_user(user, pk)

    def check(self, batch: Any, table: Table, progress: Callable[[int], None]) -> Result:
        return validate(table, orgs=_units(batch), progress=progress)

    def write(self, batch: Any, result: Result) -> int:
        return len(services.initiatives_bulk_create(actor=batch.actor, rows=result.rows))

    def template_xlsx(self, org: Any) -> bytes:
        return template_xlsx(org_name=org.name)


INITIATIVES = InitiativeImporter()


# --- Activities ----------------------------------------------------------------------------------------------------

ACTIVITY_MAX_ROWS = 5_000
# The columns of the activity export and import, in the export's order: a file format, so fixed Vietnamese (the
# labels of the activity form's fields as the Vietnamese reader sees them; a test keeps them equal).
# fmt: off
ACTIVITY_COLUMNS = (
    Column("start_date", "Ngày", True, ("ngày tổ chức", "ngày bắt đầu", "thời gian"), "Ngày tổ chức (dd/mm/yyyy)."),
    Column("end_date", "Đến ngày", False, ("ngày kết thúc",), "Ngày kết thúc, nếu kéo dài nhiều ngày."),
    Column("kind", "Loại hoạt động", True, ("loại",), "Một trong các loại ở trang hướng dẫn."),
    Column("title", "Tên hoạt động", True, ("tên", "nội dung", "nội dung hoạt động"), "Tên hoạt động."),
    Column("org", "Đơn vị tổ chức", True, ("đơn vị", "hội", "đơn vị chủ trì"),
           "Tên đơn vị (hội, chi hội) như trong hệ thống; chỉ các đơn vị bạn được ghi nhận."),
    Column("field", "Lĩnh vực", False, ("lĩnh vực chuyên môn",), "Lĩnh vực, như trong danh mục (có thể để trống)."),
    Column("place", "Địa điểm", False, ("nơi tổ chức",), "Nơi tổ chức."),
    Column("status", "Trạng thái", False, ("tình trạng",), "Đã thực hiện (để trống), Dự kiến hoặc Đã hủy."),
    Column("planned_for", "Ngày dự kiến", False, (), "Ngày đã dự kiến, với hoạt động dự kiến (dd/mm/yyyy)."),
    Column("role", "Vai trò của đơn vị", False, ("vai trò",), "Chủ trì (để trống), Phối hợp tổ chức hoặc Tham dự."),
    Column("host", "Đơn vị tổ chức (ngoài hệ thống)", False, ("cơ quan tổ chức", "đơn vị tổ chức ngoài hệ thống"),
           "Khi đơn vị phối hợp hoặc tham dự: tên đối tác tổ chức, như trong danh sách đối tác."),
    Column("participants_members", "Người tham dự: hội viên", False, ("số hội viên tham dự",),
           "Số lượt hội viên tham dự."),
    Column("participants_officials", "Người tham dự: cán bộ, công chức", False, ("số cán bộ tham dự",),
           "Số lượt cán bộ, công chức, viên chức tham dự."),
    Column("participants_public", "Người tham dự: nhân dân và đối tượng khác", False, ("số người dân tham dự",),
           "Số lượt người dân và đối tượng khác tham dự."),
    Column("copies", "Số bản in, phát hành", False, ("số bản",), "Số bản in, phát hành."),
    Column("money_raised", "Số tiền vận động (đồng)", False, ("số tiền vận động",), "Số tiền, đồng."),
    Column("gifts", "Số suất quà", False, (), "Số suất quà."),
    Column("gifts_value", "Giá trị quà tặng (đồng)", False, ("giá trị quà",), "Giá trị quà, đồng."),
    Column("scholarships", "Số suất học bổng", False, (), "Số suất học bổng."),
    Column("recipients", "Số người được hỗ trợ", False, (), "Số người được hỗ trợ."),
    Column("persons_advised", "Số người được tư vấn", False, (), "Số lượt người được tư vấn pháp luật."),
    Column("cases_handled", "Số vụ việc được giải quyết", False, (), "Số vụ việc được giải quyết."),
    Column("items", "Công trình, sản phẩm", False, ("số công trình",), "Số lượng đếm được (cùng cột Đơn vị tính)."),
    Column("items_unit", "Đơn vị tính", False, (), "Đếm bằng gì, ví dụ “công trình”, “mô hình”."),
    Column("publication_kind", "Loại ấn phẩm", False, (), "Bài viết, Bản tin, Sách hoặc Phim, phóng sự."),
    Column("legal_areas", "Lĩnh vực pháp luật", False, (), "Các lĩnh vực, cách nhau bằng dấu phẩy."),
    Column("mode", "Hình thức", False, (), "Trực tiếp, Trực tuyến hoặc Trực tiếp và trực tuyến."),
    Column("audience", "Đối tượng", False, (), "Đối tượng tham dự."),
    Column("theme", "Chủ đề", False, (), "Chủ đề của đợt vận động."),
    Column("beneficiary", "Đối tượng thụ hưởng", False, (), "Ai được hỗ trợ."),
    Column("co_organisers", "Đơn vị phối hợp", False, (), "Các đơn vị trong hệ thống cùng tổ chức, cách nhau bằng ;."),
)
# fmt: on
ACTIVITY_HEADERS = {column.key: column.header for column in ACTIVITY_COLUMNS}
# The columns a choice is written in, with its choices: by their Vietnamese label or their code.
CHOICES: dict[str, Any] = {
    "kind": ActivityKind, "status": ActivityStatus, "role": ActivityRole, "publication_kind": PublicationKind,
    "legal_areas": LegalArea, "mode": Mode, "audience": Audience, "theme": CharityTheme, "beneficiary": Beneficiary,
}  # fmt: skip
MONEY = ("money_raised", "gifts_value")


def _choice_index(choices: Any) -> dict[str, str]:
    with override("vi"):
        return {
            **{header_key(value): value for value in choices.values},
            **{header_key(str(label)): value for value, label in choices.choices},
        }


def _choice_words(choices: Any) -> str:
    with override("vi"):
        return ", ".join(str(label) for label in choices.labels)


def _number(row: Row, key: str) -> Any:
    """A count (or whole đồng) written as a number, empty: None; anything else listed."""
    text = row.value[key].replace(".", "").replace(",", "").replace(" ", "") if key in MONEY else row.value[key]
    if not text:
        return None
    cell = row.cell(key)
    if isinstance(cell, (int, float)) and not isinstance(cell, bool) and cell >= 0 and cell == int(cell):
        return Decimal(int(cell)) if key in MONEY else int(cell)
    try:
        number = Decimal(text.replace(".", "").replace(" ", "")) if key in MONEY else Decimal(text)
    except InvalidOperation:
        number = Decimal(-1)
    if number < 0 or number != number.to_integral_value() or number > 10**15:
        row.error(key, _("Write a whole number, for example 1.700."))
        return None
    return number if key in MONEY else int(number)


def _areas(row: Row, index: dict[str, str]) -> list[str]:
    """The areas of law a cell names, as the export writes them (labels joined by commas, some of which hold a
    comma themselves: "Lao động, bảo hiểm xã hội"), or by semicolons; each unknown one listed."""
    parts = [part.strip() for part in row.value["legal_areas"].replace(";", ",").split(",")]
    areas: list[str] = []
    start = 0
    while start < len(parts):
        if not parts[start]:
            start += 1
            continue
        end = next(
            (end for end in range(len(parts), start, -1) if header_key(", ".join(parts[start:end])) in index), None
        )
        if end is None:
            row.error("legal_areas", _("Write one of: %(words)s.") % {"words": _choice_words(LegalArea)}, parts[start])
            start += 1
            continue
        areas.append(index[header_key(", ".join(parts[start:end]))])
        start = end
    return areas


def validate_activities(table: Table, *, orgs: Iterable[Org], progress: Callable[[int], None] | None = None) -> Result:
    """Check every row of a file of activities; `orgs` are the units the rows may name as organiser. A row's
    figures must be those of its kind (`FIGURES_BY_KIND`), as on the form; `services.activity_check` says the rest
    (a date in the future for an activity not planned, an outside contest without its organiser…)."""
    result = Result()
    units = name_index(orgs, lambda org: (org.name, org.short_name))
    network = name_index(Org.objects.all(), lambda org: (org.name, org.short_name))
    partners = {p.name_folded: p for p in Partner.objects.all()}
    fields = field_index()
    indexes = {key: _choice_index(choices) for key, choices in CHOICES.items()}
    for row in rows(table, ACTIVITY_COLUMNS, result, progress=progress, every=PROGRESS_EVERY):
        value = row.value
        before = len(result.errors)
        unit = units.get(fold(value["org"]))
        if unit is None:
            row.error("org", _("Not a unit you may record for (or two units have this name)."))
        start = _date(row, "start_date")
        if start is None and not value["start_date"]:
            row.error("start_date", _("Write the date, for example 15/06/2023."))
        values: dict[str, Any] = {
            "title": value["title"], "place": value["place"], "start_date": start, "end_date": _date(row, "end_date"),
            "planned_for": _date(row, "planned_for"), "items_unit": value["items_unit"],
        }  # fmt: skip
        for key, index in indexes.items():
            if key == "legal_areas":
                values[key] = _areas(row, index)
            elif value[key]:
                values[key] = index.get(header_key(value[key]))
                if values[key] is None:
                    row.error(key, _("Write one of: %(words)s.") % {"words": _choice_words(CHOICES[key])})
        values.setdefault("status", ActivityStatus.DONE)
        values.setdefault("role", ActivityRole.ORGANISER)
        for key in FIGURES:
            if key not in CHOSEN:
                values[key] = _number(row, key)
        if value["field"]:
            values["field"] = fields.get(header_key(value["field"]))
            if values["field"] is None:
                row.error("field", _("Unknown field."))
        if value["host"]:
            values["host"] = partners.get(fold(value["host"]))
            if values["host"] is None:
                row.error("host", _("Not on the list of partners: add it there first."))
        co_organisers = []
        for name in (part.strip() for part in value["co_organisers"].split(";")):
            if name:
                other = network.get(fold(name))
                if other is None:
                    row.error("co_organisers", _("No unit has this name (or two units have it)."), name)
                else:
                    co_organisers.append(other)
        if len(result.errors) > before or unit is None or not values.get("kind"):
            if not values.get("kind") and not value["kind"]:
                row.error("kind", _("Write one of: %(words)s.") % {"words": _choice_words(ActivityKind)})
            continue
        activity = Activity(org=unit, **{k: v for k, v in values.items() if v is not None or k in FIGURES})
        try:
            services.activity_check(activity, co_organisers)
        except ValidationError as invalid:
            _refused(row, invalid, ACTIVITY_HEADERS, "kind")  # the figures of another kind: said on the kind
            continue
        result.rows.append((activity, co_organisers))
    return result


def activity_template_xlsx(*, org_name: str = "Hội KH&KT Trung tâm Y tế") -> bytes:
    """The template of the activity import: the export's columns, three example rows (the first in `org_name`)
    and a guide saying how to fill each column and which figures each kind has."""
    examples = [
        {"start_date": "15/03/2024", "kind": "Tập huấn", "title": "Tập huấn kỹ thuật chăn nuôi gà an toàn sinh học",
         "org": org_name, "field": "Nông nghiệp", "place": "Xã Thạch Trung", "mode": "Trực tiếp",
         "audience": "Nông dân", "participants_members": 12, "participants_public": 45},
        {"start_date": "20/04/2024", "kind": "Vận động từ thiện, xã hội", "title": "Trao quà cho hộ nghèo",
         "org": org_name, "money_raised": 25000000, "gifts": 50, "gifts_value": 25000000, "recipients": 50,
         "theme": "Xóa đói giảm nghèo", "beneficiary": "Hộ nghèo, cận nghèo"},
        {"start_date": "10/05/2024", "kind": "Tư vấn, trợ giúp pháp lý", "title": "Tư vấn pháp luật lưu động",
         "org": org_name, "persons_advised": 30, "cases_handled": 4, "legal_areas": "Đất đai, Hôn nhân và gia đình"},
    ]  # fmt: skip
    with override("vi"):
        kinds = [
            f"{label}: " + ", ".join(ACTIVITY_HEADERS[name] for name in FIGURES_BY_KIND[value]) + "."
            for value, label in ActivityKind.choices
        ]
        words = {key: _choice_words(choices) for key, choices in CHOICES.items()}
    notes = [
        "Mỗi dòng là một hoạt động. Thứ tự các cột có thể thay đổi. Nếu có dòng lỗi, không dòng nào được nhập.",
        "Các cột giống tệp Excel xuất từ danh sách hoạt động: tệp đã xuất có thể sửa rồi nhập lại.",
        "Mỗi loại hoạt động chỉ ghi các số liệu của loại đó; các cột khác để trống:",
        *kinds,
        *(f"{ACTIVITY_HEADERS[key]}: {text}." for key, text in words.items()),
    ]
    return _template(ACTIVITY_COLUMNS, title="Hoạt động", examples=examples, notes=notes, max_rows=ACTIVITY_MAX_ROWS)


class ActivityImporter(UnitImporter):
    name = "activities"
    namespace = "activities"
    prefix = "activity_import"
    template_url_name = "activity_import_template"
    batch_model = ActivityImport
    event_model = ActivityImportEvent
    columns = ACTIVITY_COLUMNS
    max_rows = ACTIVITY_MAX_ROWS
    max_bytes = MAX_BYTES
    progress_every = PROGRESS_EVERY
    template_file_name = "mau-nhap-hoat-dong.xlsx"
    list_url_name = "activities:list"

    def title(self) -> str:
        return _("Import activities")

    def list_label(self) -> str:
        return _("Activities")

    def intro(self, node: Any) -> list[str]:
        return [
            _(
                "Fill in the template (one activity per row, at most %(n)s rows; the columns of the activity export, "
                "so an exported file can be corrected and imported), then upload it. Every row is checked first: if "
                "one is wrong, nothing is imported and the rows to fix are listed."
            ) % {"n": vnum(ACTIVITY_MAX_ROWS)},
            _("The rows may name %(unit)s and the units under it where you record.") % {"unit": node.name},
        ]  # fmt: skip

    def done_message(self, batch: Any) -> str:
        return ngettext(
            "%(n)s activity has been imported.", "%(n)s activities have been imported.", batch.created
        ) % {"n": vnum(batch.created)}  # fmt: skip

    def get_org_for_user(self, user: Any, pk: int | str | None) -> Org:
        return permissions.get_activity_org_for_user(user, pk)

    def check(self, batch: Any, table: Table, progress: Callable[[int], None]) -> Result:
        return validate_activities(table, orgs=_units(batch), progress=progress)

    def write(self, batch: Any, result: Result) -> int:
        return len(services.activities_bulk_create(actor=batch.actor, rows=result.rows))

    def template_xlsx(self, org: Any) -> bytes:
        return activity_template_xlsx(org_name=org.name)


ACTIVITIES = ActivityImporter()
