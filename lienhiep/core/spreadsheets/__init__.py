"""Spreadsheets in and out, for every app that imports or exports a table (docs/decisions/0003).

- `cells`: what a cell says — its text as the user reads it, a date however it was typed, the key two
  spellings of a header share, names matched whatever their case and diacritics.
- `reading`: an uploaded XLSX or CSV, recognised by its content, as a `Table` of one sheet from a
  chosen header row down; the columns an import knows (`Column`) matched to the file's headers.
- `writing`: exports streamed as CSV or written as write-only XLSX, text that a spreadsheet would run as a
  formula neutralised; an import's template with its guide sheet; the file of rows in error.

An app's import module keeps only what is its own: its columns and the rules of its rows.
"""

from lienhiep.core.spreadsheets.cells import (
    UNCOMPUTED,
    CellError,
    Uncomputed,
    blank,
    cell_date,
    cell_text,
    header_key,
    name_index,
)
from lienhiep.core.spreadsheets.reading import (
    HEADER_SEARCH,
    MAX_ROWS,
    Column,
    ImportFileError,
    RowError,
    Sheet,
    Table,
    check_table_file,
    find_header,
    guess_mapping,
    is_totals,
    missing_required,
    read_table,
)
from lienhiep.core.spreadsheets.writing import (
    DATE_FORMAT,
    DECIMAL,
    NUMBER,
    XLSX_TYPE,
    ExportSheet,
    csv_response,
    download,
    errors_xlsx,
    neutralise,
    stream_csv,
    template_xlsx,
    workbook_bytes,
    write_xlsx,
    xlsx_bytes,
)

__all__ = [
    "DATE_FORMAT", "DECIMAL", "HEADER_SEARCH", "MAX_ROWS", "NUMBER", "UNCOMPUTED", "XLSX_TYPE", "CellError", "Column",
    "ExportSheet", "ImportFileError", "RowError", "Sheet", "Table", "Uncomputed", "blank", "check_table_file",
    "find_header", "is_totals",
    "cell_date", "cell_text", "csv_response", "download", "errors_xlsx", "guess_mapping", "header_key",
    "missing_required", "name_index", "neutralise", "read_table", "stream_csv", "template_xlsx", "workbook_bytes",
    "write_xlsx", "xlsx_bytes",
]  # fmt: skip
