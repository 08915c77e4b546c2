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
    records = len(line.records) if line.records else (len(line.value) if isinstance(line.value, list) else None)
    return [
        line.section,
        line.label,
        _value(line.value),
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


def render_annex(document: Document) -> bytes:
    sources = _sources()
    header = [
        pgettext("annex", "Section"),
        pgettext("annex", "Figure"),
        pgettext("annex", "Value"),
        pgettext("annex", "Printed as"),
        pgettext("annex", "Unit"),
        pgettext("annex", "Source"),
        pgettext("annex", "Key"),
        pgettext("annex", "Parameters"),
        pgettext("annex", "From"),
        pgettext("annex", "To"),
        pgettext("annex", "Cut-off date"),
        pgettext("annex", "Computed at"),
        pgettext("annex", "Corrected value"),
        pgettext("annex", "Reason for the correction"),
        pgettext("annex", "Corrected by"),
        pgettext("annex", "Estimate"),
        pgettext("annex", "Records"),
        pgettext("annex", "How it was counted"),
    ]
    rows: list[Sequence[object]] = [header, *(_row(line, sources) for line in document.figures)]
    heading = [
        " ".join(line for line in (document.doc_type.upper(), document.summary.replace("\n", " ")) if line),
        document.issuer_line,
    ]
    if document.date or document.place:
        heading.append(place_date(document.place, document.date))
    return xlsx_bytes(
        rows,
        title=pgettext("annex", "Figures"),
        widths=[24, 36, 14, 22, 12, 18, 24, 24, 12, 12, 12, 17, 14, 30, 18, 9, 10, 40],
        heading=heading,
        formats=[
            None,
            None,
            NUMBER,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            NUMBER,
            None,
            None,
            None,
            NUMBER,
            None,
        ],
        sheets=_drill_sheets(document.figures),
    )
