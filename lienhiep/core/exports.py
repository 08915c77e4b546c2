"""Lists written to a spreadsheet in the background (XLSX of a country's members: minutes), for every app.

The user asks from the list's page (`services.export_request`, with the page's query string); a task writes the
file (`services.export_write`, run by `manage.py db_worker`) while the page polls its progress; the file is then
offered to that user alone (`permissions.get_export_for_user`), under a generated name in private storage, until
EXPORT_KEEP has passed (`services.exports_purge`, before every new export and nightly from
`manage.py purge_exports`).

An app offers a list by declaring `export_sources` on its AppConfig (core imports no app): a name, what the user
exports, the download's name, and the function that reads the rows again as the user who asked — their access
today, the filters they chose — and returns them as `Rows`. The same function serves the app's CSV, streamed in
the request as before.

This module only describes; it imports no model, so an AppConfig can use it at class definition.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.http import QueryDict
from django.utils.functional import Promise
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from lienhiep.core import declarations, figures

EXPORT_DIR = "exports"
EXPORT_KEEP = dt.timedelta(days=1)
PROGRESS_EVERY = 2000  # rows between two updates of the progress bar


@dataclass(frozen=True)
class Rows:
    """What an app's export function returns: the header row then the rows, how many rows will follow the header
    (counted when the progress bar needs it: a streamed CSV does not), the sheet's title and the columns' widths."""

    rows: Iterable[list[object]]
    total: Callable[[], int]
    sheet: str
    widths: Sequence[int]
    heading: Sequence[str] = ()  # the lines above the table: `Heading.lines()`
    formats: Sequence[str | None] = ()  # number formats by column (core.spreadsheets.NUMBER, …)


@dataclass(frozen=True)
class ExportSource:
    name: str  # as the app's views name it: export_request(source=...)
    title: str | Promise  # what the user exports ("Members"), shown on the export's page
    file_stem: str  # the download's name before its date: hoi-vien → hoi-vien-20261126.xlsx
    rows: str  # dotted path of (user, query: QueryDict) -> Rows
    list_url: str  # the list's URL name, to go back to it

    def read(self, user: Any, query: QueryDict) -> Rows:
        result: Rows = import_string(self.rows)(user, query)
        return result


def export_sources() -> dict[str, ExportSource]:
    return {source.name: source for source in declarations.declared("export_sources", ExportSource)}


# --- What a printed page and an exported sheet say above their tables -----------------------------


@dataclass(frozen=True)
class Heading:
    """The lines above a page's tables, the same on paper and in its Excel file: what it is, the unit's full name,
    the date or the period, and the filters in words. A page renders it with `partials/print_heading.html`
    (shown only in print); its export passes `lines()` to `core.spreadsheets.write_xlsx(heading=)`."""

    title: str
    unit: str
    when: str
    filters: Sequence[tuple[str, str]] = field(default=())

    def filters_text(self) -> str:
        if not self.filters:
            return _("Filters: none")
        return _("Filters: %(filters)s") % {"filters": "; ".join(f"{label}: {value}" for label, value in self.filters)}

    def note(self) -> str:
        """Said under the lines when the figures read so far are partly the nightly ones (decision 0009)."""
        return figures.nightly_note()

    def lines(self) -> list[str]:
        note = self.note()
        return [self.title, self.unit, self.when, self.filters_text(), *([note] if note else [])]


def list_heading(title: str | Promise, form: Any, *, on: dt.date) -> Heading:
    """The heading of a filtered list (a `core.forms.FilterForm` with a `node` field) on `on`: the unit filtered
    on, or every unit the user sees; the other filters in words."""
    node = form.cleaned_data.get("node") if form.is_valid() else None
    unit = node.name if node is not None else _("All units you can see")
    return Heading(str(title), str(unit), as_of(on), form.in_words(leave_out=("node",)))


def as_of(on: dt.date) -> str:
    return _("As of %(date)s") % {"date": f"{on:%d/%m/%Y}"}


def period(start: dt.date, end: dt.date) -> str:
    return _("From %(start)s to %(end)s") % {"start": f"{start:%d/%m/%Y}", "end": f"{end:%d/%m/%Y}"}


def years(first: int, last: int) -> str:
    if first == last:
        return _("Year %(year)s") % {"year": first}
    return _("Years %(first)s to %(last)s") % {"first": first, "last": last}


def chart_rows(data: dict[str, Any], *, label: str, value: str = "") -> list[list[object]]:
    """A chart's figures as a table (a header, then a row per label), as `static/js/charts.js` draws them: one
    series (`values`, its column named `value`), several (`datasets`: a column each), or joined and left."""
    labels = list(data.get("labels", []))
    if "datasets" in data:
        series = [(str(s["label"]), list(s["values"])) for s in data["datasets"]]
    elif "joined" in data:
        series = [(_("Joined"), list(data["joined"])), (_("Left"), list(data["left"]))]
    else:
        series = [(value, list(data.get("values", [])))]
    return [[label, *(name for name, _values in series)]] + [
        [name, *(values[i] for _name, values in series)] for i, name in enumerate(labels)
    ]
