"""Small files for the tests of every app."""

from __future__ import annotations

import io


def png_bytes(size: tuple[int, int] = (8, 8), color: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    """A PNG photo (which the upload checks re-encode as JPEG)."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "PNG")
    return out.getvalue()


def office_xlsx(
    sheets: dict[str, list[list[object]]],
    *,
    title: str = "",
    width: int = 8,
    hidden: str = "",
    cached: dict[str, str] | None = None,
    merged: tuple[str, ...] = (),
) -> bytes:
    """A workbook as an office keeps it, built with openpyxl: `sheets` of rows in order (None: a blank cell; a
    text starting with = a formula). With `title`, each sheet starts with it merged across `width` columns and a
    blank row, so its table begins on row 3. `hidden`: the letter of a column hidden on every sheet. `cached`:
    cell -> the value Excel would have saved for its formula (openpyxl saves none), written into the sheet's XML
    as Excel does (`<c r="F9"><f>SUM(…)</f><v>12</v></c>`) on the first sheet. `merged`: ranges ("C4:C6") merged
    on every sheet, as an office merges a unit's name down its members' rows (Excel keeps the top cell's value
    alone, and so does openpyxl)."""
    import re
    import zipfile

    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        if title:
            sheet.append([title])
            sheet.merge_cells(f"A1:{get_column_letter(width)}1")
            sheet.append([])
        for row in rows:
            sheet.append(row)
        if hidden:
            sheet.column_dimensions[hidden].hidden = True
        for cells in merged:
            sheet.merge_cells(cells)
    out = io.BytesIO()
    workbook.save(out)
    if not cached:
        return out.getvalue()
    patched = io.BytesIO()
    with zipfile.ZipFile(out) as source, zipfile.ZipFile(patched, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                for ref, value in cached.items():
                    text = re.sub(rf'(<c r="{ref}"[^>]*>)(<f>.*?</f>)<v\s*/?>(</v>)?', rf"\1\2<v>{value}</v>", text)
                data = text.encode()
            target.writestr(entry, data)
    return patched.getvalue()
