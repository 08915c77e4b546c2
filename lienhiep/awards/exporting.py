"""Export of the (filtered) honour and nomination lists to Excel, in the background (`core.exports`): one row per
record in the list's order, read in keyset chunks, under the list's heading (title, unit, date, filters in words)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext as _

from lienhiep.awards.models import EmulationRating, Honour, HonourForm, Issuer, Nomination, NominationStatus
from lienhiep.core import exports
from lienhiep.core.paging import keyset_chunks
from lienhiep.core.spreadsheets import ExportSheet, xlsx_bytes
from lienhiep.orgs.models import Org
from lienhiep.orgs.permissions import Filtered, filtered
from lienhiep.orgs.selectors import today

CHUNK = 2000
WIDTHS = [16, 12, 30, 32, 36, 26, 30, 50]


def list_heading(form: Any) -> exports.Heading:
    """The honour list's heading, on paper and in its sheet."""
    return exports.list_heading(_("Honours"), form, on=today())


def honours_filtered(user: Any, query: QueryDict) -> Filtered[Any, QuerySet[Honour]]:
    """The honour list as `user` sees it today, filtered as `query` (the list page's query string) asks: what the
    list page shows a page of, and its Excel file writes whole."""
    from lienhiep.awards import selectors
    from lienhiep.awards.forms import HonourFilterForm

    return filtered(user, query, HonourFilterForm, selectors.honour_list, selectors.HonourFilters)


def list_rows(user: Any, query: QueryDict) -> exports.Rows:
    """The filtered honour list (`honours_filtered`) as rows, under its heading, for its Excel file."""
    listed = honours_filtered(user, query)
    return exports.Rows(
        rows(listed.rows),
        total=listed.rows.select_related(None).order_by().count,
        sheet=_("Honours"),
        widths=WIDTHS,
        heading=list_heading(listed.form).lines(),
    )


def rows(honours: QuerySet[Honour]) -> Iterator[list[object]]:
    """The header, then the honours in the list's order (newest decision first), CHUNK at a time by keyset."""
    yield [
        _("Decision number"), _("Decision date"), _("Form"), _("Recipient"), _("Unit"), _("Issued by"),
        _("Issuer's name"), _("Reason"),
    ]  # fmt: skip
    forms, issuers = dict(HonourForm.choices), dict(Issuer.choices)
    ordered = honours.order_by("-decision_date", "-id")
    for chunk in keyset_chunks(ordered, key="decision_date", size=CHUNK):
        for honour in chunk:
            yield [
                honour.decision_number, honour.decision_date, str(forms.get(honour.form, honour.form)),
                honour.recipient, honour.org.name, str(issuers.get(honour.issuer, honour.issuer)),
                honour.issuer_name, honour.reason,
            ]  # fmt: skip


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


def nomination_heading(form: Any) -> exports.Heading:
    """The nomination list's heading, on paper and in its sheet."""
    return exports.list_heading(_("Nominations"), form, on=today())


def nominations_filtered(user: Any, query: QueryDict) -> Filtered[Any, QuerySet[Nomination]]:
    """The nomination list as `user` sees it today, filtered as `query` (the list page's query string) asks."""
    from lienhiep.awards import selectors
    from lienhiep.awards.forms import NominationFilterForm

    return filtered(user, query, NominationFilterForm, selectors.nomination_list, selectors.NominationFilters)


def nomination_list_rows(user: Any, query: QueryDict) -> exports.Rows:
    """The filtered nomination list (`nominations_filtered`) as rows, under its heading, for its Excel file."""
    listed = nominations_filtered(user, query)
    return exports.Rows(
        nomination_rows(listed.rows),
        total=listed.rows.select_related(None).order_by().count,
        sheet=_("Nominations"),
        widths=[12, 30, 32, 36, 26, 10, 16, 12, 24, 50],
        heading=nomination_heading(listed.form).lines(),
    )


def nomination_rows(nominations: QuerySet[Nomination]) -> Iterator[list[object]]:
    """The header, then the nominations in the list's order (newest proposal first), CHUNK at a time by keyset."""
    yield [
        _("Proposed on"), _("Form"), _("Candidate"), _("Unit"), _("To be conferred by"), _("Year"), _("Status"),
        _("Sent on"), _("Decision"), _("Achievements"),
    ]  # fmt: skip
    forms, issuers, statuses = dict(HonourForm.choices), dict(Issuer.choices), dict(NominationStatus.choices)
    ordered = nominations.order_by("-proposed_on", "-id")
    for chunk in keyset_chunks(ordered, key="proposed_on", size=CHUNK):
        for n in chunk:
            decision = f"{n.honour.decision_number} ({n.honour.decision_date:%d/%m/%Y})" if n.honour else ""
            yield [
                n.proposed_on, str(forms.get(n.form, n.form)), n.candidate, n.org.name,
                n.issuer_name or str(issuers.get(n.issuer, n.issuer)), n.years, str(statuses.get(n.status, n.status)),
                n.sent_on, decision, n.reason,
            ]  # fmt: skip
