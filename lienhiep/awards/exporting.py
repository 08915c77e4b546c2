"""The honour and nomination lists, declared once (`orgs.lists.FilteredList`) for their pages and their Excel files
written in the background (`core.exports`): one row per record in the list's order, read in keyset chunks, under
the list's heading (title, unit, date, filters in words); and the ratings page's workbook."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lienhiep.awards import selectors
from lienhiep.awards.forms import HonourFilterForm, NominationFilterForm
from lienhiep.awards.models import EmulationRating, Honour, HonourForm, Issuer, Nomination, NominationStatus
from lienhiep.core import exports
from lienhiep.core.spreadsheets import ExportSheet, xlsx_bytes
from lienhiep.orgs.lists import FilteredList
from lienhiep.orgs.models import Org

FORMS, ISSUERS, STATUSES = dict(HonourForm.choices), dict(Issuer.choices), dict(NominationStatus.choices)


def _honour_header() -> list[object]:
    return [
        _("Decision number"), _("Decision date"), _("Form"), _("Recipient"), _("Unit"), _("Issued by"),
        _("Issuer's name"), _("Reason"),
    ]  # fmt: skip


def _honour(honour: Honour) -> list[object]:
    return [
        honour.decision_number, honour.decision_date, str(FORMS.get(honour.form, honour.form)), honour.recipient,
        honour.org.name, str(ISSUERS.get(honour.issuer, honour.issuer)), honour.issuer_name, honour.reason,
    ]  # fmt: skip


# The honour list (newest decision first), under its heading, and its Excel file.
HONOURS = FilteredList(
    source="honours", form=HonourFilterForm, select=selectors.honour_list, make=selectors.HonourFilters,
    key="decision_date", header=_honour_header, row=_honour, sheet=gettext_lazy("Honours"),
    widths=[16, 12, 30, 32, 36, 26, 30, 50], title=gettext_lazy("Honours"),
)  # fmt: skip
list_rows = HONOURS.export  # the export source's function (apps.py)


def ratings_heading(node: Org, year: int) -> exports.Heading:
    return exports.Heading(str(_("Emulation ratings")), node.name, exports.years(year, year))


def ratings_workbook(
    node: Org, year: int, ratings: Iterable[EmulationRating], history: Iterable[EmulationRating]
) -> bytes:
    """The ratings page's two tables, each on its sheet under the page's heading: the units under `node` rated for
    `year`, and `node`'s own ratings over ten years (the page's querysets, read once more)."""
    decided = [_("Rating"), _("Rated by"), _("Decision number")]
    units = [[_("Unit"), *decided]] + [
        [r.org.name, r.get_rating_display(), r.get_rated_by_display(), r.decision_number] for r in ratings
    ]
    own = [[_("Year"), *decided]] + [
        [r.year, r.get_rating_display(), r.get_rated_by_display(), r.decision_number] for r in history
    ]
    return xlsx_bytes(
        units,
        title=_("Rated in %(year)s") % {"year": year},
        widths=[44, 24, 30, 18],
        heading=ratings_heading(node, year).lines(),
        sheets=[ExportSheet(_("Over ten years"), own, [10, 24, 30, 18])],
    )


def _nomination_header() -> list[object]:
    return [
        _("Proposed on"), _("Form"), _("Candidate"), _("Unit"), _("To be conferred by"), _("Year"), _("Status"),
        _("Sent on"), _("Decision"), _("Achievements"),
    ]  # fmt: skip


def _nomination(n: Nomination) -> list[object]:
    decision = f"{n.honour.decision_number} ({n.honour.decision_date:%d/%m/%Y})" if n.honour else ""
    return [
        n.proposed_on, str(FORMS.get(n.form, n.form)), n.candidate, n.org.name,
        n.issuer_name or str(ISSUERS.get(n.issuer, n.issuer)), n.years, str(STATUSES.get(n.status, n.status)),
        n.sent_on, decision, n.reason,
    ]  # fmt: skip


# The nomination list (newest proposal first), under its heading, and its Excel file.
NOMINATIONS = FilteredList(
    source="nominations", form=NominationFilterForm, select=selectors.nomination_list,
    make=selectors.NominationFilters, key="proposed_on", header=_nomination_header, row=_nomination,
    sheet=gettext_lazy("Nominations"), widths=[12, 30, 32, 36, 26, 10, 16, 12, 24, 50],
    title=gettext_lazy("Nominations"),
)  # fmt: skip
nomination_list_rows = NOMINATIONS.export  # the export source's function (apps.py)
