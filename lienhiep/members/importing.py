"""Reading and checking a member import (XLSX or CSV); nothing here writes to the database.

`read_table` turns an upload into a `Table`, `guess_mapping` matches its headers to `COLUMNS`, and
`validate` turns each row into a `PersonRow` for `persons_bulk_create`, or into `RowError`s that
`errors_xlsx` hands back so the office can fix the rows and import them again. The column headers are
fixed Vietnamese data (they are the template's content); every message goes through gettext.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import functools
import io
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from python_calamine import CalamineWorkbook

from lienhiep.core.text import fold, nfc
from lienhiep.members.models import AcademicTitle, Education, Field, Gender, Membership, Person
from lienhiep.members.services import MEMBER_KINDS, MembershipRow, PersonRow
from lienhiep.orgs.models import Org

MAX_ROWS = 200_000
PROGRESS_EVERY = 1_000  # below the header, blank rows inside the data included
ID_CHUNK = 1_000  # citizen IDs per `IN` query when looking for persons already registered
DATE_FORMAT = "dd/mm/yyyy"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool
    aliases: tuple[str, ...] = ()


# fmt: off
COLUMNS: list[Column] = [
    Column("full_name", "Họ và tên", True, ("Họ tên", "Tên", "Tên hội viên", "Họ và tên hội viên", "Full name")),
    Column("gender", "Giới tính", False, ("Giới", "Nam/Nữ", "Phái", "Gender")),
    Column("birth_date", "Ngày sinh", False, ("Ngày tháng năm sinh", "Năm sinh", "NS", "Date of birth")),
    Column("id_number", "Số CCCD", False, (
        "CCCD", "Căn cước", "Căn cước công dân", "Số căn cước", "Số căn cước công dân", "CMND", "Số CMND",
        "CCCD/CMND", "Số CCCD/CMND", "Số định danh", "Số định danh cá nhân")),
    Column("phone", "Số điện thoại", False, ("SĐT", "Điện thoại", "Số ĐT", "ĐT", "Di động", "Phone")),
    Column("email", "Email", False, ("Thư điện tử", "Địa chỉ email", "Mail")),
    Column("address", "Địa chỉ", False, ("Nơi ở", "Nơi ở hiện nay", "Chỗ ở hiện nay", "Địa chỉ liên hệ")),
    Column("education", "Trình độ", False, ("Trình độ chuyên môn", "Trình độ đào tạo", "Học vị", "Bằng cấp")),
    Column("academic_title", "Học hàm", False, ("Chức danh khoa học", "GS/PGS")),
    Column("fields", "Lĩnh vực", False, ("Lĩnh vực chuyên môn", "Lĩnh vực hoạt động", "Chuyên ngành", "Ngành")),
    Column("workplace", "Nơi công tác", False, ("Đơn vị công tác", "Cơ quan", "Cơ quan công tác", "Nơi làm việc")),
    Column("position", "Chức vụ", False, ("Chức danh", "Chức vụ hiện nay", "Chức vụ, chức danh")),
    Column("org", "Hội", True, ("Tên hội", "Đơn vị", "Chi hội", "Hội/Chi hội", "Sinh hoạt tại")),
    Column("joined_on", "Ngày vào hội", True, ("Ngày gia nhập", "Ngày gia nhập hội", "Ngày kết nạp", "Ngày vào")),
    Column("card_number", "Số thẻ hội viên", False, ("Số thẻ", "Mã thẻ", "Số thẻ HV", "Mã hội viên")),
]
# fmt: on
BY_KEY = {column.key: column for column in COLUMNS}
_POSITION = {column.header: index for index, column in enumerate(COLUMNS)}

_HELP = {
    "full_name": "Họ và tên đầy đủ, có dấu. Ví dụ: Nguyễn Thị Bình.",
    "gender": "Nam hoặc Nữ.",
    "birth_date": "Ngày/tháng/năm, ví dụ 14/03/1985.",
    "id_number": "Số căn cước công dân, đủ 12 chữ số (giữ số 0 ở đầu); không trùng với người đã có trong hệ thống.",
    "phone": "Số điện thoại liên hệ.",
    "email": "Địa chỉ thư điện tử.",
    "address": "Nơi ở hiện nay.",
    "education": "TS, ThS, ĐH, CĐ, TC hoặc Khác (hoặc ghi đủ: Tiến sĩ, Thạc sĩ, Đại học, Cao đẳng, Trung cấp).",
    "academic_title": "GS hoặc PGS; để trống nếu không có.",
    "fields": "Tên lĩnh vực trong danh mục của hệ thống, cách nhau bởi dấu ; (ví dụ: Y tế; Giáo dục).",
    "workplace": "Cơ quan, đơn vị nơi hội viên công tác.",
    "position": "Chức vụ hiện nay.",
    "org": "Tên (hoặc tên viết tắt) của hội, chi hội mà hội viên tham gia, đúng như trong hệ thống.",
    "joined_on": "Ngày vào hội, dạng ngày/tháng/năm; không sau ngày hôm nay.",
    "card_number": "Số thẻ hội viên, nếu đã cấp.",
}
_WIDTHS = {"full_name": 26, "address": 32, "fields": 24, "workplace": 30, "org": 34, "email": 26}
_DATES = ("birth_date", "joined_on")
_TEXT_CELLS = ("id_number", "phone", "card_number")  # formatted as text so Excel keeps leading zeros
_CHOICES = {"gender": "Nam,Nữ", "education": "TS,ThS,ĐH,CĐ,TC,Khác", "academic_title": "GS,PGS"}


class ImportFileError(Exception):
    """The upload cannot be read as a table; the message is for the user."""


@dataclass
class Table:
    """The cells of the first sheet. Row i is spreadsheet row i + 2; a blank row inside the data is kept as []."""

    headers: list[str]
    rows: list[list[object]]


@dataclass(frozen=True)
class RowError:
    row: int  # the spreadsheet row number
    column: str  # the column's Vietnamese header
    value: str
    reason: str


@dataclass
class Report:
    rows: list[PersonRow]
    errors: list[RowError]
    total: int  # rows that hold anything

    @property
    def ok(self) -> bool:
        return not self.errors


# --- Cells --------------------------------------------------------------------------------------

_PARENS = re.compile(r"\(.*?\)")
_NOT_ALNUM = re.compile(r"[\W_]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@functools.lru_cache(maxsize=4096)  # choices, org names and headers repeat row after row
def _key(text: str) -> str:
    """What two spellings of a header or a choice share: `Ngày sinh (dd/mm/yyyy)` -> `ngaysinh`."""
    return _NOT_ALNUM.sub("", fold(_PARENS.sub("", text)))


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: object) -> str:
    """A cell as the user reads it: stripped NFC text, dates as dd/mm/yyyy, whole numbers without `.0`."""
    if value is None:
        return ""
    if isinstance(value, str):
        return nfc(value).strip()
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# The same readings for other apps' imports (activities' initiatives).
header_key = _key
cell_text = _text


# --- Reading ------------------------------------------------------------------------------------


def read_table(file_name: str, data: bytes) -> Table:
    """The first sheet of an .xlsx/.xlsm workbook or a CSV file, recognised by its content."""
    suffix = PurePath(file_name).suffix.lower()
    if not data:
        raise ImportFileError(_("The file is empty."))
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(_("This is an old Excel file (.xls): open it in Excel and save it as .xlsx."))
    if suffix in (".xlsx", ".xlsm") and data.startswith(b"PK"):
        return _read_workbook(data)
    if suffix == ".csv" and not data.startswith(b"PK"):
        return _read_csv(data)
    raise ImportFileError(_("Upload an Excel workbook (.xlsx) or a CSV file."))


def _read_workbook(data: bytes) -> Table:
    """Read with calamine (compiled; ≈ 12 × openpyxl's read-only mode, see docs/decisions/0003)."""
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        try:
            sheet = workbook.get_sheet_by_index(0)
            return _collect(sheet.iter_rows())
        finally:
            workbook.close()
    except ImportFileError:
        raise
    except Exception as error:  # a damaged file raises many kinds of error
        raise ImportFileError(_("The Excel workbook could not be read; it may be damaged.")) from error


def _read_csv(data: bytes) -> Table:
    utf16 = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    for encoding in ("utf-16",) * utf16 + ("utf-8-sig", "cp1258"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        text = data.decode("latin-1")  # never fails
    # Binary content decodes too (latin-1 always does): control characters give it away.
    if "\x00" in text or len(_CONTROL.findall(text, 0, 65_536)) > 8:
        raise ImportFileError(_("Upload an Excel workbook (.xlsx) or a CSV file."))
    text = nfc(_CONTROL.sub("", text))  # cp1258 spells tones as combining marks
    header_line = text.partition("\n")[0]
    delimiter = max(",;\t", key=header_line.count)
    try:
        return _collect(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise ImportFileError(_("The CSV file could not be read: %(error)s") % {"error": error}) from error


def _collect(rows: Iterable[Sequence[object]]) -> Table:
    """Header and rows; trailing blank cells and rows dropped, inner blank rows kept so numbering holds."""
    iterator = iter(rows)
    header = next(iterator, None)
    if header is None:
        raise ImportFileError(_("The file is empty."))
    if all(_blank(cell) for cell in header):
        raise ImportFileError(_("The first row of the file must hold the column headers."))
    out: list[list[object]] = []
    gap = 0
    for raw in iterator:
        cells = list(raw)
        while cells and _blank(cells[-1]):
            cells.pop()
        if not cells:
            gap += 1
            continue
        out.extend([] for _row in range(gap))
        gap = 0
        out.append(cells)
        if len(out) > MAX_ROWS:
            raise ImportFileError(
                _("The file has more than %(max)s rows; split it into smaller files.")
                % {"max": number_format(MAX_ROWS, force_grouping=True)}
            )
    if not out:
        raise ImportFileError(_("The file has no rows below the column headers."))
    headers = [_text(cell) for cell in header]
    while headers and not headers[-1]:
        headers.pop()
    return Table(headers=headers, rows=out)


# --- Columns ------------------------------------------------------------------------------------


def guess_mapping(headers: list[str]) -> dict[int, str]:
    """Column index -> `Column.key`, by header and then by alias; each key goes to one column at most."""
    keys = [_key(header) for header in headers]
    mapping: dict[int, str] = {}
    for names in ((lambda c: (c.header,)), (lambda c: c.aliases)):
        for column in COLUMNS:
            if column.key in mapping.values():
                continue
            wanted = {_key(name) for name in names(column)}
            index = next((i for i, k in enumerate(keys) if k in wanted and i not in mapping), None)
            if index is not None:
                mapping[index] = column.key
    return dict(sorted(mapping.items()))


def missing_required(mapping: dict[int, str]) -> list[Column]:
    chosen = set(mapping.values())
    return [column for column in COLUMNS if column.required and column.key not in chosen]


# --- Checking -----------------------------------------------------------------------------------

# Lazy: translated only when a row is wrong, not once per row.
_UNKNOWN = {
    "gender": gettext_lazy("Unknown gender; write one of: %(values)s."),
    "education": gettext_lazy("Unknown education level; write one of: %(values)s."),
    "academic_title": gettext_lazy("Unknown academic title; write one of: %(values)s."),
}
_GENDERS = {"nam": Gender.MALE, "nu": Gender.FEMALE}
# fmt: off
_EDUCATION = {key: level for keys, level in (
    ("ts tiensi tiensy", Education.DOCTORATE), ("ths thacsi thacsy", Education.MASTER),
    ("dh daihoc cunhan kysu", Education.BACHELOR), ("cd caodang", Education.COLLEGE),
    ("tc trungcap", Education.VOCATIONAL), ("khac", Education.OTHER),
) for key in keys.split()}
# fmt: on
_TITLES = {"gs": AcademicTitle.PROFESSOR, "giaosu": AcademicTitle.PROFESSOR}
_TITLES |= {"pgs": AcademicTitle.ASSOCIATE, "phogiaosu": AcademicTitle.ASSOCIATE}
_LIMITS: dict[str, int | None] = {
    name: getattr(Person._meta.get_field(name), "max_length", None)
    for name in ("full_name", "phone", "email", "address", "workplace", "position")
}
_LIMITS["card_number"] = Membership._meta.get_field("card_number").max_length
_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_YMD = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T][\d:.]*)?")
_ID_NOISE = re.compile(r"[\s.]+")
_FIELD_SEPARATORS = re.compile(r"[;,\n]")


class _Invalid(ValueError):
    """A cell that cannot be read; the message is for the user."""


def _serial(number: int) -> dt.date:
    """An Excel day number: 1 is 01/01/1900, and 60 is the 29/02/1900 that Excel wrongly believes in."""
    if 1900 <= number <= 2100:
        raise _Invalid(_("Only a year: write the full date as dd/mm/yyyy."))
    if not 1 <= number <= 80_000:
        raise _Invalid(_("Not a date: write it as dd/mm/yyyy."))
    if number == 60:
        raise _Invalid(_("Not a real date."))
    return dt.date(1899, 12, 31 if number < 60 else 30) + dt.timedelta(days=number)


def _date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _serial(int(value))
    text = _text(value)
    if not text:
        return None
    if text.isascii() and text.isdigit():
        return _serial(int(text))
    if match := _DMY.fullmatch(text):
        day, month, year = match.groups()
    elif match := _YMD.fullmatch(text):
        year, month, day = match.groups()
    else:
        raise _Invalid(_("Not a date: write it as dd/mm/yyyy."))
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        raise _Invalid(_("Not a real date.")) from None


def _id_number(value: object) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        text = str(int(value))
        # Excel drops the leading zero of a number, and every CCCD starts with 0 (the province code).
        return "0" + text if len(text) == 11 else text
    return _ID_NOISE.sub("", _text(value))


class _Row:
    """One row's cells and the errors found in them."""

    def __init__(self, number: int, cells: dict[str, object]) -> None:
        self.number, self.cells, self.errors = number, cells, list[RowError]()

    def error(self, key: str, reason: str, value: str | None = None) -> None:
        shown = _text(self.cells.get(key)) if value is None else value
        self.errors.append(RowError(self.number, BY_KEY[key].header, shown, reason))

    def text(self, key: str) -> str:
        text = _text(self.cells.get(key))
        if not text and BY_KEY[key].required:
            self.error(key, _("This cell must not be empty."))
        limit = _LIMITS.get(key)
        if limit and len(text) > limit:
            self.error(key, _("Too long: at most %(max)s characters.") % {"max": limit})
            return ""
        return text

    def choice(self, key: str, choices: Mapping[str, str]) -> str:
        text = _text(self.cells.get(key))
        if not text:
            return ""
        found = choices.get(_key(text))
        if found is None:
            self.error(key, str(_UNKNOWN[key]) % {"values": ", ".join(_CHOICES[key].split(","))})
            return ""
        return found

    def date(self, key: str) -> dt.date | None:
        try:
            found = _date(self.cells.get(key))
        except _Invalid as invalid:
            self.error(key, str(invalid))
            return None
        if found is None and BY_KEY[key].required:
            self.error(key, _("This cell must not be empty."))
        return found


def _field_lookup() -> dict[str, Field]:
    found: dict[str, Field] = {}
    for field in Field.objects.all():
        found.setdefault(_key(field.code), field)
        found[_key(field.name)] = field
    return found


def _fields(row: _Row, lookup: dict[str, Field]) -> list[Field]:
    """Field names split on ; or , — greedily rejoined, since a name may hold a comma (`Quốc phòng, an ninh`)."""
    parts = [part.strip() for part in _FIELD_SEPARATORS.split(_text(row.cells.get("fields")))]
    parts = [part for part in parts if part]
    chosen: list[Field] = []
    start = 0
    while start < len(parts):
        for end in range(len(parts), start, -1):
            field = lookup.get(_key(",".join(parts[start:end])))
            if field is not None:
                if field not in chosen:
                    chosen.append(field)
                start = end
                break
        else:
            names = ", ".join(sorted({f.name for f in lookup.values()}))
            reason = _("Unknown field of expertise; write one of: %(values)s.") % {"values": names}
            row.error("fields", reason, parts[start])
            start += 1
    return chosen


def _org_lookup(orgs: Iterable[Org]) -> dict[str, Org | None]:
    """Folded name or short name -> org; None where two orgs share it."""
    found: dict[str, Org | None] = {}
    for org in orgs:
        if org.kind not in MEMBER_KINDS:
            continue
        for name in {fold(org.name), fold(org.short_name)} - {""}:
            found[name] = org if found.get(name, org) == org else None
    return found


def _ids_taken(ids: list[str]) -> set[str | None]:
    """The citizen IDs already held by a person: one query per chunk, never one per row."""
    taken: set[str | None] = set()
    for start in range(0, len(ids), ID_CHUNK):
        chunk = ids[start : start + ID_CHUNK]
        taken.update(Person.objects.filter(id_number__in=chunk).values_list("id_number", flat=True))
    return taken


def validate(
    table: Table,
    mapping: dict[int, str],
    *,
    orgs: Iterable[Org],
    today: dt.date,
    progress: Callable[[int], None] | None = None,
) -> Report:
    """Every row as a `PersonRow`, or every problem in it; a row with any problem gives no `PersonRow`.

    `progress(rows_done)` is called every PROGRESS_EVERY rows, for the progress bar."""
    org_lookup, field_lookup = _org_lookup(orgs), _field_lookup()
    folded = functools.lru_cache(maxsize=1024)(fold)
    columns = [(index, key) for index, key in mapping.items() if key in BY_KEY]
    errors: list[RowError] = []
    candidates: list[tuple[int, PersonRow]] = []
    with_id: dict[str, list[tuple[int, str]]] = {}  # citizen ID -> (row, cell text) of every row holding it
    named: dict[tuple[str, dt.date], tuple[int, str]] = {}  # (folded name, birth date) -> (first row, its ID)
    total = 0
    for index, raw in enumerate(table.rows):
        if progress is not None and index and index % PROGRESS_EVERY == 0:
            progress(index)
        row = _Row(index + 2, {key: raw[i] if i < len(raw) else None for i, key in columns})
        if all(_blank(cell) for cell in row.cells.values()):
            continue  # blank, or only a running number (STT) in an unmapped column
        total += 1
        full_name = " ".join(row.text("full_name").split())
        gender = row.choice("gender", _GENDERS)
        birth = row.date("birth_date")
        if birth and birth > today:
            row.error("birth_date", _("The birth date is in the future."))
            birth = None
        elif birth and birth.year < 1900:
            row.error("birth_date", _("The birth date is before 1900."))
            birth = None
        id_number = _id_number(row.cells.get("id_number"))
        if id_number and not (len(id_number) == 12 and id_number.isascii() and id_number.isdigit()):
            row.error("id_number", _("A citizen ID number (CCCD) has exactly 12 digits."))
            id_number = ""
        phone, email, address = row.text("phone"), row.text("email"), row.text("address")
        if email:
            try:
                validate_email(email)
            except ValidationError:
                row.error("email", _("Not a valid e-mail address."))
        education, title = row.choice("education", _EDUCATION), row.choice("academic_title", _TITLES)
        fields = _fields(row, field_lookup)
        workplace, position = row.text("workplace"), row.text("position")
        org_name = folded(_text(row.cells.get("org")))
        org = org_lookup.get(org_name)
        if not org_name:
            row.error("org", _("This cell must not be empty."))
        elif org_name not in org_lookup:
            row.error("org", _("No association you can record into has this name."))
        elif org is None:
            row.error("org", _("Several associations you can record into have this name; write its short name."))
        joined = row.date("joined_on")
        if joined and joined > today:
            row.error("joined_on", _("The joining date is in the future."))
        elif joined and birth and joined < birth:
            row.error("joined_on", _("The joining date is before the birth date."))
        elif joined and org:
            try:
                org.check_exists_on(joined)
            except ValidationError as refused:
                row.error("joined_on", refused.messages[0])
        card_number = row.text("card_number")

        if id_number:
            holders = with_id.setdefault(id_number, [])
            if holders:
                row.error(
                    "id_number", _("The same citizen ID number is already on row %(row)s.") % {"row": holders[0][0]}
                )
            holders.append((row.number, _text(row.cells.get("id_number"))))
        if full_name and birth:
            first = named.setdefault((fold(full_name), birth), (row.number, id_number))
            # Two rows whose citizen IDs both exist and differ are two people who share a name and a birthday.
            if first[0] != row.number and not (first[1] and id_number and first[1] != id_number):
                row.error(
                    "full_name", _("The same name and birth date are already on row %(row)s.") % {"row": first[0]}
                )

        if row.errors or org is None or joined is None:  # without an error, org and joined are set
            errors.extend(row.errors)
            continue
        values = {
            "full_name": full_name, "gender": gender, "birth_date": birth, "id_number": id_number or None,
            "phone": phone, "email": email, "address": address, "education": education, "academic_title": title,
            "workplace": workplace, "position": position,
        }  # fmt: skip
        membership = MembershipRow(org=org, joined_on=joined, card_number=card_number)
        candidates.append((row.number, PersonRow(values=values, memberships=[membership], fields=fields)))

    taken = _ids_taken(list(with_id))
    header = BY_KEY["id_number"].header
    registered = _("A person with this citizen ID number is already registered.")
    errors.extend(RowError(n, header, text, registered) for id_ in taken if id_ for n, text in with_id[id_])
    errors.sort(key=lambda e: (e.row, _POSITION[e.column]))
    bad = {error.row for error in errors}
    return Report(rows=[person for n, person in candidates if n not in bad], errors=errors, total=total)


# --- Workbooks ----------------------------------------------------------------------------------


def _save(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_xlsx(*, org_name: str = "Hội KH&KT phường Trung Lương") -> bytes:
    """The import template: headers, one example row (in `org_name`) and a sheet explaining each column."""
    example = {
        "full_name": "Nguyễn Thị Bình", "gender": "Nữ", "birth_date": dt.date(1985, 3, 14),
        "id_number": "042185001234", "phone": "0912345678", "email": "binh.nt@example.com",
        "address": "Phường Trung Lương, thị xã Hồng Lĩnh, Hà Tĩnh", "education": "TS", "academic_title": "PGS",
        "fields": "Y tế; Giáo dục", "workplace": "Trung tâm Y tế thị xã Hồng Lĩnh", "position": "Phó Giám đốc",
        "org": org_name, "joined_on": dt.date(2020, 1, 15), "card_number": "HV-0001",
    }  # fmt: skip
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Hội viên"
    sheet.append([column.header for column in COLUMNS])
    sheet.append([example[column.key] for column in COLUMNS])
    sheet.freeze_panes = "A2"
    for number, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(number)
        sheet.cell(1, number).font = Font(bold=True)
        dimension = sheet.column_dimensions[letter]
        dimension.width = _WIDTHS.get(column.key, max(14, len(column.header) + 4))
        if column.key in _DATES or column.key in _TEXT_CELLS:
            dimension.number_format = DATE_FORMAT if column.key in _DATES else "@"
            sheet.cell(2, number).number_format = dimension.number_format
        if column.key in _CHOICES:
            # A drop-down as a hint only: the long forms are accepted too, so Excel must not refuse them.
            validation = DataValidation(type="list", formula1=f'"{_CHOICES[column.key]}"', allow_blank=True)
            validation.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
            sheet.add_data_validation(validation)

    guide = workbook.create_sheet("Hướng dẫn")
    guide.append(["Cột", "Bắt buộc", "Cách ghi"])
    for column in COLUMNS:
        guide.append([column.header, "Có" if column.required else "", _HELP[column.key]])
    guide.append([])
    guide.append(["Mỗi dòng là một hội viên. Giữ dòng tiêu đề ở dòng 1; thứ tự các cột có thể thay đổi."])
    guide.append(["Ngày ghi theo dạng ngày/tháng/năm (dd/mm/yyyy) hoặc dùng ô kiểu ngày của Excel."])
    guide.append(["Nếu có dòng lỗi, hệ thống trả về tệp các dòng lỗi kèm lý do: sửa các dòng đó rồi nhập lại."])
    for cell in guide[1]:
        cell.font = Font(bold=True)
    for letter, width in (("A", 18), ("B", 10), ("C", 90)):
        guide.column_dimensions[letter].width = width
    for cells in guide.iter_rows(min_row=2, max_row=len(COLUMNS) + 1, min_col=3, max_col=3):
        cells[0].alignment = Alignment(wrap_text=True, vertical="top")
    return _save(workbook)


def errors_xlsx(table: Table, errors: list[RowError]) -> bytes:
    """The rows in error with their original cells, then `Dòng` (row number) and `Lỗi` (every reason)."""
    reasons: dict[int, list[str]] = {}
    for error in errors:
        reasons.setdefault(error.row, []).append(error.reason)
    numbers = sorted(n for n in reasons if 0 <= n - 2 < len(table.rows))
    width = max([len(table.headers), *(len(table.rows[n - 2]) for n in numbers)])
    headers = table.headers + [""] * (width - len(table.headers))
    # An errors file imported again and still wrong: replace its old Dòng/Lỗi columns, do not add more.
    keep = [i for i, header in enumerate(headers) if _key(header) not in ("dong", "loi")]

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Lỗi")
    sheet.freeze_panes = "A2"
    sheet.column_dimensions[get_column_letter(len(keep) + 2)].width = 60
    bold = Font(bold=True)
    sheet.append(
        [_cell(sheet, headers[i] or None, font=bold) for i in keep]
        + [_cell(sheet, h, font=bold) for h in ("Dòng", "Lỗi")]
    )
    for number in numbers:
        raw = table.rows[number - 2]
        cells = [_cell(sheet, raw[i] if i < len(raw) else None) for i in keep]
        sheet.append([*cells, number, "; ".join(dict.fromkeys(reasons[number]))])
    return _save(workbook)


def _cell(sheet: object, value: object, *, font: Font | None = None) -> WriteOnlyCell:
    """A cell that keeps what the user typed: dates as dates, text as text (never a formula)."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"
    if isinstance(value, dt.date):
        cell.number_format = DATE_FORMAT
    if font is not None:
        cell.font = font
    return cell
