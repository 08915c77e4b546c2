"""The Excel annex of a report (REPORTING.md §5.7): where every printed figure came from.

Sheet "Số liệu": one row per `FigureLine` — section, label, exact value, what printed, unit, source ("nhập tay"
for a value typed by hand), key and parameters, period, cut-off, when computed, the override (value, reason,
who), whether it is an estimate, how many records it counts and how. Then one sheet per figure that counts
records, its drill-down rows. Written through `core.spreadsheets` (nothing written runs as a formula).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import pgettext

from lienhiep.core.spreadsheets.writing import NUMBER, ExportSheet, xlsx_bytes
from lienhiep.reporting.document import Document, FigureLine
from lienhiep.reporting.formats import place_date


def _sources() -> dict[str, str]:
    return {
        "records": pgettext("annex", "from the records"),
        "submissions": pgettext("annex", "from the units' submissions"),
        "manual": pgettext("annex", "entered by hand"),
        "opening": pgettext("annex", "opening balance"),
    }


def _value(value: object) -> object:
    """A cell's value: numbers and dates stay themselves; a list of rows counts its rows."""
    if value is None or isinstance(value, int | float | Decimal | dt.date) and not isinstance(value, bool):
        return value
    if isinstance(value, list | tuple):
        return len(value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return str(value)


def _moment(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{local:%H:%M %d/%m/%Y}"


def _params(line: FigureLine) -> str:
    return json.dumps(line.params, ensure_ascii=False, sort_keys=True, default=str) if line.params else ""


def _row(line: FigureLine, sources: dict[str, str]) -> list[object]:
    if line.rows_total is not None:
        records: int | None = line.rows_total
    else:
        records = len(line.records) if line.records else (len(line.value) if isinstance(line.value, list) else None)
    return [
        line.section,
        line.label,
        records if isinstance(line.value, list) else _value(line.value),
        line.printed,
        line.unit,
        sources.get(line.source, line.source),
        line.key,
        _params(line),
        line.start,
        line.end,
        line.as_of,
        _moment(line.computed_at),
        _value(line.override),
        line.override_reason,
        line.override_by,
        pgettext("annex", "estimate") if line.estimate else "",
        records,
        line.basis,
    ]


def _drill_sheets(figures: Sequence[FigureLine]) -> list[ExportSheet]:
    sheets = []
    for number, line in enumerate((line for line in figures if line.records), start=1):
        columns: list[str] = []
        for record in line.records:
            columns += [name for name in record if name not in columns]
        rows: list[Sequence[object]] = [columns]
        rows += [[_value(record.get(name)) for name in columns] for record in line.records]
        sheets.append(
            ExportSheet(
                title=f"{number}. {line.label}",
                rows=rows,
                widths=[max(10, min(50, len(name) + 4)) for name in columns],
                formats=[NUMBER] * len(columns),
            )
        )
    return sheets


def _columns() -> list[tuple[str, int, str | None]]:
    """The columns of the sheet "Số liệu": heading, width, number format."""
    return [
        (pgettext("annex", "Section"), 24, None),
        (pgettext("annex", "Figure"), 36, None),
        (pgettext("annex", "Value"), 14, NUMBER),
        (pgettext("annex", "Printed as"), 22, None),
        (pgettext("annex", "Unit"), 12, None),
        (pgettext("annex", "Source"), 18, None),
        (pgettext("annex", "Key"), 24, None),
        (pgettext("annex", "Parameters"), 24, None),
        (pgettext("annex", "From"), 12, None),
        (pgettext("annex", "To"), 12, None),
        (pgettext("annex", "Cut-off date"), 12, None),
        (pgettext("annex", "Computed at"), 17, None),
        (pgettext("annex", "Corrected value"), 14, NUMBER),
        (pgettext("annex", "Reason for the correction"), 30, None),
        (pgettext("annex", "Corrected by"), 18, None),
        (pgettext("annex", "Estimate"), 9, None),
        (pgettext("annex", "Records"), 10, NUMBER),
        (pgettext("annex", "How it was counted"), 40, None),
    ]


def render_annex(document: Document) -> bytes:
    sources = _sources()
    columns = _columns()
    rows: list[Sequence[object]] = [
        [heading for heading, _width, _format in columns],
        *(_row(line, sources) for line in document.figures),
    ]
    heading = [
        " ".join(line for line in (document.doc_type.upper(), document.summary.replace("\n", " ")) if line),
        document.issuer_line,
    ]
    if document.date or document.place:
        heading.append(place_date(document.place, document.date))
    return xlsx_bytes(
        rows,
        title=pgettext("annex", "Figures"),
        widths=[width for _heading, width, _format in columns],
        heading=heading,
        formats=[number_format for _heading, _width, number_format in columns],
        sheets=_drill_sheets(document.figures),
    )
