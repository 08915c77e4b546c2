"""Export of the (filtered) activity list to Excel and CSV: one row per activity with the figures of its
kind, read in keyset chunks (core.paging) so that memory stays flat however long the list, and written by
core's CSV and workbook writers (`core.spreadsheets`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext as _

from lienhiep.activities.models import CHOSEN, FIGURES, Activity, ActivityKind, Initiative, InitiativeLevel
from lienhiep.core import exports
from lienhiep.core.paging import keyset_chunks
from lienhiep.orgs.permissions import Filtered, filtered

CHUNK = 2000
NUMBERS = [name for name in FIGURES if name not in CHOSEN]
# The words after the numbers: the unit of `items` first, then the choices, in FIGURES' order.
WORDS = ["items_unit", *(name for name in CHOSEN if name != "items_unit")]
# How the activity stands and the unit's part in it, after the place.
STANDING = ("status", "planned_for", "role", "host")
# The columns in the order `rows` writes them: the import's (`importing.ACTIVITY_COLUMNS`, a test keeps them equal).
KEYS = (
    "start_date", "end_date", "kind", "title", "org", "field", "place", *STANDING, *NUMBERS, *WORDS, "co_organisers",
)  # fmt: skip
WIDTHS = [12, 12, 20, 50, 36, 20, 24, 12, 12, 14, 30, *[14] * len(NUMBERS), *[18] * len(WORDS), 40]


def header() -> list[object]:
    """The columns the activity import reads back (`importing.ACTIVITY_COLUMNS`, a file format: fixed Vietnamese), so
    that a file exported can be corrected and imported."""
    from lienhiep.activities.importing import ACTIVITY_COLUMNS

    return [column.header for column in ACTIVITY_COLUMNS]


def activities_filtered(user: Any, query: QueryDict) -> Filtered[Any, QuerySet[Activity]]:
    """The activity list as `user` sees it today, filtered as `query` (the list page's query string) asks: what the
    list page shows a page of, and its CSV and Excel file write whole."""
    from lienhiep.activities import selectors
    from lienhiep.activities.forms import ActivityFilterForm

    return filtered(user, query, ActivityFilterForm, selectors.activity_list, ActivityFilterForm.make)


def list_rows(user: Any, query: QueryDict) -> exports.Rows:
    """The filtered activity list (`activities_filtered`) as rows, for the CSV streamed in the request and the Excel
    file written in the background (`core.exports`)."""
    activities = activities_filtered(user, query).rows
    return exports.Rows(
        rows(activities), total=activities.select_related(None).order_by().count, sheet=_("Activities"), widths=WIDTHS
    )


def rows(activities: QuerySet[Activity]) -> Iterator[list[object]]:
    """The header, then the activities in the list's order (newest first), read CHUNK at a time by keyset."""
    yield header()
    kinds = dict(ActivityKind.choices)
    ordered = activities.select_related("org", "field", "host").prefetch_related("co_organisers")
    for chunk in keyset_chunks(ordered.order_by("-start_date", "-id"), key="start_date", size=CHUNK):
        for activity in chunk:
            yield [
                activity.start_date, activity.end_date, str(kinds.get(activity.kind, activity.kind)), activity.title,
                activity.org.name, activity.field.name if activity.field else "", activity.place,
                str(activity.get_status_display()), activity.planned_for, str(activity.get_role_display()),
                activity.host.name if activity.host else "",
                *[_number(getattr(activity, name)) for name in NUMBERS],
                *[str(activity.shown(name) or "") if name != "items_unit" else activity.items_unit for name in WORDS],
                "; ".join(sorted(org.name for org in activity.co_organisers.all())),
            ]  # fmt: skip


def _number(value: Any) -> int | None:
    return int(value) if value is not None else None


INITIATIVE_WIDTHS = [8, 12, 60, 36, 36, 24, 18, 10, 50]


def initiative_heading(form: Any) -> exports.Heading:
    """The initiative list's heading, on paper and in its sheet."""
    from lienhiep.orgs.selectors import today

    return exports.list_heading(_("Initiatives and research"), form, on=today())


def initiatives_filtered(user: Any, query: QueryDict) -> Filtered[Any, QuerySet[Initiative]]:
    """The initiative list as `user` sees it today, filtered as `query` (the list page's query string) asks."""
    from lienhiep.activities import selectors
    from lienhiep.activities.forms import InitiativeFilterForm

    return filtered(user, query, InitiativeFilterForm, selectors.initiative_list, selectors.InitiativeFilters)


def initiative_rows(user: Any, query: QueryDict) -> exports.Rows:
    """The filtered initiative list (`initiatives_filtered`) as rows, under its heading, for its Excel file."""
    listed = initiatives_filtered(user, query)
    return exports.Rows(
        _initiatives(listed.rows),
        total=listed.rows.select_related(None).order_by().count,
        sheet=_("Initiatives"),
        widths=INITIATIVE_WIDTHS,
        heading=initiative_heading(listed.form).lines(),
    )


def _initiatives(initiatives: QuerySet[Initiative]) -> Iterator[list[object]]:
    """The header, then the initiatives in the list's order (newest year first), CHUNK at a time by keyset."""
    yield [
        _("Year"), _("Date recognised"), _("Title"), _("Authors"), _("Unit"), _("Field"), _("Recognised at"),
        _("Applied"), _("Effect"),
    ]  # fmt: skip
    levels = dict(InitiativeLevel.choices)
    for chunk in keyset_chunks(initiatives.order_by("-year", "-id"), key="year", size=CHUNK):
        for initiative in chunk:
            yield [
                initiative.year, initiative.recognised_on, initiative.title, initiative.author_names,
                initiative.org.name,
                initiative.field.name if initiative.field else "", str(levels.get(initiative.level, initiative.level)),
                _("Yes") if initiative.applied else _("No"), initiative.effect,
            ]  # fmt: skip
