"""The activity and initiative lists, declared once (`orgs.lists.FilteredList`) for their pages and their exports
to Excel and CSV: one row per activity with the figures of its kind, read in keyset chunks so that memory stays
flat however long the list, and written by core's CSV and workbook writers (`core.spreadsheets`)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lienhiep.activities import selectors
from lienhiep.activities.forms import ActivityFilterForm, InitiativeFilterForm
from lienhiep.activities.models import (
    CHOSEN,
    FIGURES,
    PARTICIPANTS,
    Activity,
    ActivityKind,
    Initiative,
    InitiativeLevel,
)
from lienhiep.orgs.lists import FilteredList

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
KINDS, LEVELS = dict(ActivityKind.choices), dict(InitiativeLevel.choices)


def header() -> list[object]:
    """The columns the activity import reads back (`importing.ACTIVITY_COLUMNS`, a file format: fixed Vietnamese), so
    that a file exported can be corrected and imported."""
    from lienhiep.activities.importing import ACTIVITY_COLUMNS

    return [column.header for column in ACTIVITY_COLUMNS]


def _activity(activity: Activity) -> list[object]:
    """An activity as the file writes it, in KEYS' order."""
    return [
        activity.start_date, activity.end_date, str(KINDS.get(activity.kind, activity.kind)), activity.title,
        activity.org.name, activity.field.name if activity.field else "", activity.place,
        str(activity.get_status_display()), activity.planned_for, str(activity.get_role_display()),
        activity.host.name if activity.host else "",
        *[_number(getattr(activity, name)) for name in NUMBERS],
        *[str(activity.shown(name) or "") if name != "items_unit" else activity.items_unit for name in WORDS],
        "; ".join(sorted(org.name for org in activity.co_organisers.all())),
    ]  # fmt: skip


def _number(value: Any) -> int | None:
    return int(value) if value is not None else None


# The activity list (newest first), its CSV and its Excel file.
ACTIVITIES = FilteredList(
    source="activities", form=ActivityFilterForm, select=selectors.activity_list, make=ActivityFilterForm.make,
    key="start_date", header=header, row=_activity, sheet=gettext_lazy("Activities"), widths=WIDTHS,
    related=lambda activities: activities.select_related("org", "field", "host").prefetch_related("co_organisers"),
    csv=True,
    # What a row of the page prints (activities/_list_rows.html) of an activity's 36 columns and its unit's 19: the
    # 51 rows of all of them cost 1.2 ms more of the national officer's 22 (docs/benchmarks.md, "Session 26").
    columns=("start_date", "title", "status", "kind", "org__name", *PARTICIPANTS),
)  # fmt: skip
list_rows = ACTIVITIES.export  # the export source's function (apps.py)


def _initiative_header() -> list[object]:
    return [
        _("Year"), _("Date recognised"), _("Title"), _("Authors"), _("Unit"), _("Field"), _("Recognised at"),
        _("Applied"), _("Effect"),
    ]  # fmt: skip


def _initiative(initiative: Initiative) -> list[object]:
    return [
        initiative.year, initiative.recognised_on, initiative.title, initiative.author_names, initiative.org.name,
        initiative.field.name if initiative.field else "", str(LEVELS.get(initiative.level, initiative.level)),
        _("Yes") if initiative.applied else _("No"), initiative.effect,
    ]  # fmt: skip


# The initiative list (newest year first), under its heading, and its Excel file.
INITIATIVES = FilteredList(
    source="initiatives", form=InitiativeFilterForm, select=selectors.initiative_list,
    make=selectors.InitiativeFilters, key="year", header=_initiative_header, row=_initiative,
    sheet=gettext_lazy("Initiatives"), widths=[8, 12, 60, 36, 36, 24, 18, 10, 50],
    title=gettext_lazy("Initiatives and research"),
)  # fmt: skip
initiative_rows = INITIATIVES.export  # the export source's function (apps.py)
