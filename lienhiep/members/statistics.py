"""The member statistics page's figures, for the page, its print heading and its Excel file alike: the sheet is
written from the very dict the page renders, so the two cannot disagree."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from lienhiep.core import exports
from lienhiep.core.spreadsheets import NUMBER, ExportSheet, xlsx_bytes
from lienhiep.members import selectors
from lienhiep.members.models import Education, Gender
from lienhiep.orgs.models import AssociationGroup, Org


def figures(node: Org, on: dt.date) -> dict[str, Any]:
    years = list(range(on.year - 9, on.year + 1))
    ends = [min(dt.date(year, 12, 31), on) for year in years]
    breakdown = selectors.member_breakdown(node, on=on)
    education = dict(Education.choices)
    gender = dict(Gender.choices)
    groups = dict(AssociationGroup.choices)
    flows = selectors.joined_left_by_year(node, years=years)
    over_time = selectors.members_over_time(node, dates=ends, breakdown=(on, breakdown))
    chart = {
        "over_time": {"labels": [d.strftime("%d/%m/%Y") for d in ends], "values": [n for _day, n in over_time]},
        "fields": {"labels": list(breakdown.by_field), "values": list(breakdown.by_field.values())},
        "education": {
            "labels": [str(education.get(k, _("Not recorded"))) for k in breakdown.by_education],
            "values": list(breakdown.by_education.values()),
        },
        "flows": {
            "labels": [str(y) for y, _j, _l in flows],
            "joined": [j for _y, j, _l in flows],
            "left": [left for _y, _j, left in flows],
        },
    }
    gathered, estimate, share = selectors.intellectual_share(node, year=on.year, breakdown=(on, breakdown))
    return {
        "breakdown": breakdown,
        "by_gender": [(str(gender.get(k, _("Not recorded"))), v) for k, v in breakdown.by_gender.items()],
        "by_group": [(str(groups.get(k, _("Other units"))), v) for k, v in breakdown.by_group.items()],
        "by_age": sorted(breakdown.by_age.items()),
        "over_time": over_time,
        "flows": flows,
        "chart": chart,
        "gathered": gathered,
        "estimate": estimate,
        "share": share,
    }


def heading(node: Org, on: dt.date) -> exports.Heading:
    return exports.Heading(str(_("Member statistics")), node.name, exports.as_of(on))


def workbook(node: Org, on: dt.date, found: dict[str, Any]) -> bytes:
    """One sheet per table of the page (`found`: `figures(node, on)`), each under the page's heading."""
    count = [None, NUMBER]
    breakdown = found["breakdown"]
    summary = [
        [_("Indicator"), _("Figure")],
        [_("Members (each person once)"), breakdown.total],
        [_("Intellectuals (university and above)"), breakdown.intellectuals],
        [_("Intellectuals estimated in the area"), found["estimate"]],
        [_("Share of intellectuals gathered (%)"), found["share"]],
    ]
    chart = found["chart"]
    sheets = [
        ExportSheet(_("By group"), [[_("Group of associations"), _("Members")], *found["by_group"]], [40, 14], count),
        ExportSheet(_("By gender"), [[_("Gender"), _("Members")], *found["by_gender"]], [24, 14], count),
        ExportSheet(
            _("Members over time"),
            [[_("Date"), _("Members")], *[list(row) for row in found["over_time"]]],
            [14, 14],
            count,
        ),
        ExportSheet(
            _("Joined and left"),
            [[_("Year"), _("Joined"), _("Left")], *[list(row) for row in found["flows"]]],
            [10, 14, 14],
            [None, NUMBER, NUMBER],
        ),
        ExportSheet(
            _("By field"), [[_("Field"), _("Members")], *zip(*chart["fields"].values(), strict=True)], [36, 14], count
        ),
        ExportSheet(
            _("By education"),
            [[_("Education"), _("Members")], *zip(*chart["education"].values(), strict=True)],
            [24, 14],
            count,
        ),
        ExportSheet(
            _("By age"),
            [[_("Age"), _("Members")], *[(label or "?", n) for label, n in found["by_age"]]],
            [14, 14],
            count,
        ),
    ]
    return xlsx_bytes(
        summary,
        title=_("Summary"),
        widths=[44, 16],
        heading=heading(node, on).lines(),
        formats=[None, NUMBER],
        sheets=sheets,
    )
