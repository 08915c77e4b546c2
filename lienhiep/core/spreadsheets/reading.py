"""An uploaded table, read into memory: XLSX/XLSM with calamine (≈ 12 × openpyxl's read-only mode,
docs/decisions/0003) or CSV in any encoding an office PC writes, recognised by content, not by name.

`read_table` takes the sheet and the row of the column headers as parameters: offices send sheets with a
title, a blank line and then the headers, or several sheets of which one is the list. Today every import
asks for the first sheet and headers on row 1; choosing them (or detecting them) changes the arguments,
not the reader. `Column`, `guess_mapping` and `missing_required` match an import's columns to whatever
headers the file has, in any order, case and spelling.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from python_calamine import CalamineWorkbook

from lienhiep.core import files
from lienhiep.core.spreadsheets.cells import blank, cell_text, header_key
from lienhiep.core.text import nfc

MAX_ROWS = 200_000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class ImportFileError(Exception):
    """The upload cannot be read as a table; the message is for the user."""


@dataclass
class Table:
    """The cells of one sheet below its header row. `rows[i]` is spreadsheet row `first_row + i`; a blank row
    inside the data is kept as [] so that the numbering holds."""

    headers: list[str]
    rows: list[list[object]]
    first_row: int = 2

    def number(self, index: int) -> int:
        """The spreadsheet row number of `rows[index]`, as the user sees it in Excel."""
        return self.first_row + index

    def row(self, number: int) -> list[object] | None:
        """The cells of spreadsheet row `number`, if it is a data row."""
        index = number - self.first_row
        return self.rows[index] if 0 <= index < len(self.rows) else None


@dataclass(frozen=True)
class RowError:
    row: int  # the spreadsheet row number
    column: str  # the column's header, as the template writes it
    value: str
    reason: str


@dataclass(frozen=True)
class Column:
    """A column an import reads. The header is the template's (a file format: fixed Vietnamese, never
    translated); offices' own spellings of it are its aliases; `help` says in the template's guide how to
    fill it in."""

    key: str
    header: str
    required: bool = False
    aliases: tuple[str, ...] = ()
    help: str = ""


# --- Reading ------------------------------------------------------------------------------------


def read_table(
    file_name: str, data: bytes, *, sheet: int | str = 0, header_row: int = 1, max_rows: int = MAX_ROWS
) -> Table:
    """One sheet of an .xlsx/.xlsm workbook (`sheet`: its position from 0, or its name) or a CSV file (a
    single sheet, `sheet` is not asked), recognised by its content. `header_row` is the spreadsheet row that
    holds the column headers (1: the first); the rows above it are passed over, every row below is data,
    at most `max_rows` of them."""
    suffix = PurePath(file_name).suffix.lower()
    if not data:
        raise ImportFileError(_("The file is empty."))
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(_("This is an old Excel file (.xls): open it in Excel and save it as .xlsx."))
    if suffix in (".xlsx", ".xlsm") and data.startswith(b"PK"):
        return _read_workbook(data, sheet=sheet, header_row=header_row, max_rows=max_rows)
    if suffix == ".csv" and not data.startswith(b"PK"):
        return _collect(_csv_rows(data), header_row=header_row, max_rows=max_rows)
    raise ImportFileError(_("Upload an Excel workbook (.xlsx) or a CSV file."))


def _read_workbook(data: bytes, *, sheet: int | str, header_row: int, max_rows: int) -> Table:
    # A decompression bomb is refused before the workbook is parsed (a 1.57 MB file once unpacked to 1.5 GiB).
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            files.check_archive(archive, _("The workbook"))
    except zipfile.BadZipFile as error:
        raise ImportFileError(_("The Excel workbook could not be read; it may be damaged.")) from error
    except ValidationError as error:
        raise ImportFileError(" ".join(error.messages)) from error
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as error:  # a damaged file raises many kinds of error
        raise ImportFileError(_("The Excel workbook could not be read; it may be damaged.")) from error
    try:
        names = workbook.sheet_names
        if not (sheet in names if isinstance(sheet, str) else 0 <= sheet < len(names)):
            label = sheet if isinstance(sheet, str) else sheet + 1
            raise ImportFileError(_("The workbook has no sheet “%(sheet)s”.") % {"sheet": label})
        found = workbook.get_sheet_by_name(sheet) if isinstance(sheet, str) else workbook.get_sheet_by_index(sheet)
        return _collect(found.iter_rows(), header_row=header_row, max_rows=max_rows)
    except ImportFileError:
        raise
    except Exception as error:
        raise ImportFileError(_("The Excel workbook could not be read; it may be damaged.")) from error
    finally:
        workbook.close()


def _csv_rows(data: bytes) -> Iterator[list[str]]:
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
        yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    except csv.Error as error:
        raise ImportFileError(_("The CSV file could not be read: %(error)s") % {"error": error}) from error


def _collect(rows: Iterable[Sequence[object]], *, header_row: int, max_rows: int) -> Table:
    """Header and rows; trailing blank cells and rows dropped, inner blank rows kept so numbering holds."""
    iterator = iter(rows)
    for _above in range(header_row - 1):
        next(iterator, None)
    header = next(iterator, None)
    if header is None:
        raise ImportFileError(_("The file is empty."))
    if all(blank(cell) for cell in header):
        if header_row == 1:
            raise ImportFileError(_("The first row of the file must hold the column headers."))
        raise ImportFileError(_("Row %(row)s of the file must hold the column headers.") % {"row": header_row})
    out: list[list[object]] = []
    gap = 0
    for raw in iterator:
        cells = list(raw)
        while cells and blank(cells[-1]):
            cells.pop()
        if not cells:
            gap += 1
            continue
        out.extend([] for _row in range(gap))
        gap = 0
        out.append(cells)
        if len(out) > max_rows:
            raise ImportFileError(
                _("The file has more than %(max)s rows; split it into smaller files.")
                % {"max": number_format(max_rows, force_grouping=True)}
            )
    if not out:
        raise ImportFileError(_("The file has no rows below the column headers."))
    headers = [cell_text(cell) for cell in header]
    while headers and not headers[-1]:
        headers.pop()
    return Table(headers=headers, rows=out, first_row=header_row + 1)


# --- Columns ------------------------------------------------------------------------------------


def guess_mapping(headers: list[str], columns: Sequence[Column]) -> dict[int, str]:
    """Column index -> `Column.key`, by header and then by alias; each key goes to one column at most."""
    keys = [header_key(header) for header in headers]
    mapping: dict[int, str] = {}
    for names in ((lambda c: (c.header,)), (lambda c: c.aliases)):
        for column in columns:
            if column.key in mapping.values():
                continue
            wanted = {header_key(name) for name in names(column)}
            index = next((i for i, k in enumerate(keys) if k in wanted and i not in mapping), None)
            if index is not None:
                mapping[index] = column.key
    return dict(sorted(mapping.items()))


def missing_required(mapping: dict[int, str], columns: Sequence[Column]) -> list[Column]:
    chosen = set(mapping.values())
    return [column for column in columns if column.required and column.key not in chosen]
