"""Reading one cell as the user meant it, whichever of Excel, LibreOffice or a CSV file holds it."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lienhiep.core.text import fold, nfc

_PARENS = re.compile(r"\(.*?\)")
_NOT_ALNUM = re.compile(r"[\W_]+")
_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_YMD = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T][\d:.]*)?")


class CellError(ValueError):
    """A cell that cannot be read as what its column holds; the message is for the user."""


class Uncomputed(str):
    """A formula cell saved without its computed value (a file written by a script and never opened in Excel):
    the formula's text, `=HYPERLINK(…)`. Not blank, and never read as the value it would compute: a row check
    reports it (`UNCOMPUTED`) instead of "empty"; the file of rows in error writes it back as text."""

    __slots__ = ()


UNCOMPUTED = gettext_lazy(
    "The cell is a formula without a computed value; open the file in Excel, save it and upload it again."
)


@functools.lru_cache(maxsize=4096)  # choices, unit names and headers repeat row after row
def header_key(text: str) -> str:
    """What two spellings of a header or a choice share: `Ngày sinh (dd/mm/yyyy)` -> `ngaysinh`."""
    return _NOT_ALNUM.sub("", fold(_PARENS.sub("", text)))


def blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def cell_text(value: object) -> str:
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


def _serial(number: int) -> dt.date:
    """An Excel day number: 1 is 01/01/1900, and 60 is the 29/02/1900 that Excel wrongly believes in."""
    if 1900 <= number <= 2100:
        raise CellError(_("Only a year: write the full date as dd/mm/yyyy."))
    if not 1 <= number <= 80_000:
        raise CellError(_("Not a date: write it as dd/mm/yyyy."))
    if number == 60:
        raise CellError(_("Not a real date."))
    return dt.date(1899, 12, 31 if number < 60 else 30) + dt.timedelta(days=number)


def cell_date(value: object) -> dt.date | None:
    """A date cell, an Excel day number, or text as dd/mm/yyyy (or / . - between) or yyyy-mm-dd; None if blank.
    Raises `CellError` for anything else."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _serial(int(value))
    text = cell_text(value)
    if not text:
        return None
    if text.isascii() and text.isdigit():
        return _serial(int(text))
    if match := _DMY.fullmatch(text):
        day, month, year = match.groups()
    elif match := _YMD.fullmatch(text):
        year, month, day = match.groups()
    else:
        raise CellError(_("Not a date: write it as dd/mm/yyyy."))
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        raise CellError(_("Not a real date.")) from None


def name_index[T](items: Iterable[T], names: Callable[[T], Iterable[str]]) -> dict[str, T | None]:
    """Folded name -> the item a cell names by it (case and diacritics ignored, `fold`); None where two items
    share a name, so that a cell holding it names neither (the unit an import row belongs to)."""
    found: dict[str, T | None] = {}
    for item in items:
        for name in {fold(name) for name in names(item)} - {""}:
            found[name] = item if found.get(name, item) == item else None
    return found
