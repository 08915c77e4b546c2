"""The member import: its columns and template (`columns`) and the rules of its rows (`checking`).
Reading the file, the template's layout and the errors file are core's (`lienhiep.core.spreadsheets`);
nothing here writes to the database: `services.import_*` move an `ImportBatch` along and
`persons_bulk_create` writes what `validate` found valid."""

from lienhiep.members.importing.checking import ID_CHUNK, PROGRESS_EVERY, Report, RowWarning, field_index, validate
from lienhiep.members.importing.columns import BY_KEY, COLUMNS, template_xlsx

__all__ = [
    "BY_KEY",
    "COLUMNS",
    "ID_CHUNK",
    "PROGRESS_EVERY",
    "Report",
    "RowWarning",
    "field_index",
    "template_xlsx",
    "validate",
]
