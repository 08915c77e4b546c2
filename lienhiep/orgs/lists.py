"""A filtered list declared once: the page that shows a page of it, its CSV streamed in the request and its Excel
file written in the background (`core.exports`, with the export's progress bar) read the same declaration.

An app declares a `FilteredList` in its `exporting` module: the filter form, the selector and how the form's
values become the selector's filters (`orgs.permissions.filtered`), the key the list is ordered by (newest first,
then by id: the page's keyset and the export's chunks), the header and how one record reads as a row, the sheet's
title and widths, the heading's title where the list prints one, and the columns its page prints where they are
few of many (`columns`). Its `export` is the export source's function (`ExportSource.rows`, `exporting.<name> =
LIST.export`); its `page` is what the list view reads; its `export_view` is the export's view (CSV now where the
list offers one, else the background export's page).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import FETCH_PEERS, Model, QuerySet
from django.http import HttpRequest, QueryDict
from django.http.response import HttpResponseBase
from django.utils.functional import Promise
from django.views.decorators.http import require_GET

from lienhiep.core import exports
from lienhiep.core.http import export_started
from lienhiep.core.paging import keyset_chunks, list_page
from lienhiep.core.spreadsheets import csv_response
from lienhiep.orgs.permissions import Filtered, filtered, org_from_param
from lienhiep.orgs.selectors import today

CHUNK = 2000  # records read at a time by an export (keyset: memory stays flat however long the list)


@dataclass(frozen=True)
class FilteredList[M: Model]:
    source: str  # its export's name (`core.exports.ExportSource.name`, declared in the app's AppConfig)
    form: type[Any]  # a `core.forms.FilterForm`
    select: Callable[..., QuerySet[M]]  # the selector: (visible_org_ids=…, filters=…) -> the rows, not read yet
    make: Callable[..., Any]  # the form's values -> the selector's filters
    key: str  # the list's order: newest `key` first, then by id
    header: Callable[[], list[object]]
    row: Callable[[M], list[object]]  # how one record reads in the file
    sheet: str | Promise
    widths: Sequence[int]
    title: str | Promise | None = None  # the heading's title, for a list that prints one above its table
    related: Callable[[QuerySet[M]], QuerySet[M]] | None = None  # the export's joins, where a row reads others
    csv: bool = False  # the export view streams a CSV when asked (?format=csv)
    # The columns a page of the list prints, where it prints few of many (`only`: the page reads those alone, the
    # export reads what `related` joins). A column left out is read for the whole page at once (FETCH_PEERS), not
    # once a row.
    columns: tuple[str, ...] = ()

    def read(self, user: Any, query: QueryDict) -> Filtered[Any, QuerySet[M]]:
        """The list as `user` sees it today, filtered as `query` (the list page's query string) asks."""
        return filtered(user, query, self.form, self.select, self.make)

    def page(self, request: HttpRequest) -> tuple[Filtered[Any, QuerySet[M]], list[M], dict[str, Any]]:
        """The list as the request's user sees it, the page of it the request asks for, and the pager's context."""
        listed = self.read(request.user, request.GET)
        rows = listed.rows.only(*self.columns).fetch_mode(FETCH_PEERS) if self.columns else listed.rows
        page, paging = list_page(request, rows, key=self.key)
        return listed, page, paging

    def shown(self, request: HttpRequest, name: str) -> tuple[Filtered[Any, QuerySet[M]], dict[str, Any]]:
        """The list as the request's user sees it, and its page's context: the filter form, the page of records
        under `name`, the pager's context and, for a list that prints one, its heading."""
        listed, page, paging = self.page(request)
        context: dict[str, Any] = {"form": listed.form, name: page, **paging}
        if self.title is not None:
            context["heading"] = self.heading(listed.form)
        return listed, context

    def heading(self, form: Any) -> exports.Heading:
        """The list's heading, on paper and in its sheet: its title, the unit filtered on, today, the filters."""
        return exports.list_heading(self.title or self.sheet, form, on=today())

    def rows(self, records: QuerySet[M]) -> Iterator[list[object]]:
        """The header, then the records in the list's order, CHUNK at a time by keyset."""
        yield self.header()
        ordered = self.related(records) if self.related is not None else records
        for chunk in keyset_chunks(ordered.order_by(f"-{self.key}", "-id"), key=self.key, size=CHUNK):
            for record in chunk:
                yield self.row(record)

    def export(self, user: Any, query: QueryDict) -> exports.Rows:
        """The filtered list as rows, under its heading where it has one, for the CSV streamed in the request and
        the Excel file written in the background (`ExportSource.rows`)."""
        listed = self.read(user, query)
        return exports.Rows(
            self.rows(listed.rows),
            total=listed.rows.select_related(None).order_by().count,
            sheet=str(self.sheet),
            widths=self.widths,
            heading=self.heading(listed.form).lines() if self.title is not None else (),
        )

    def export_view(self) -> Callable[[HttpRequest], HttpResponseBase]:
        """The list's export view (GET): `exported`, after the `?node=` check (404 outside the user's tree, as on the
        list's page: `orgs.permissions.filter_form`), made here because the Excel file is only read in the
        background."""

        @require_GET
        def view(request: HttpRequest) -> HttpResponseBase:
            org_from_param(request, "node")
            return self.exported(request)

        view.__doc__ = f"The {self.source} list as filtered, every row of it (orgs.lists.FilteredList.exported)."
        return view

    def exported(self, request: HttpRequest) -> HttpResponseBase:
        """The export view's answer: the list as filtered, every row of it, as a CSV streamed now (?format=csv,
        where the list offers one), else written to Excel in the background (its page polls the progress)."""
        if self.csv and request.GET.get("format") == "csv":
            stem = exports.export_sources()[self.source].file_stem
            return csv_response(self.export(request.user, request.GET).rows, f"{stem}-{today():%Y%m%d}.csv")
        return export_started(request, self.source)
