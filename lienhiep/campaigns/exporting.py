"""The campaign board to Excel (core.exports): one row per unit, as the board's filters and order show it."""

from __future__ import annotations

from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext as _

from lienhiep.core import exports
from lienhiep.core.spreadsheets.writing import NUMBER

SOURCE = "campaign_board"
WIDTHS = [48, 22, 18, 18, 12, 12, 18, 40]


def board_rows(user: Any, query: QueryDict) -> exports.Rows:
    """The board of the campaign `query["campaign"]` names, as `user` sees it today (404 otherwise: the export's
    task reads it again as the user who asked)."""
    from django.utils import timezone

    from lienhiep.campaigns import selectors
    from lienhiep.campaigns.forms import BoardFilterForm
    from lienhiep.campaigns.permissions import get_campaign_for_user

    campaign = get_campaign_for_user(user, query.get("campaign"))
    form = BoardFilterForm(query or None)
    data = form.cleaned_data if form.is_valid() else {}
    rows = selectors.board(campaign, status=data.get("status") or "", order=data.get("order") or "name")
    zone = timezone.get_current_timezone()

    def when(moment: Any) -> str:
        return moment.astimezone(zone).strftime("%d/%m/%Y %H:%M") if moment else ""

    def lines() -> Any:
        yield [
            _("Unit"), _("Status"), _("Due"), _("Submitted at"), _("Days late"), _("Reminders sent"),
            _("Last change"), _("Comment on return"),
        ]  # fmt: skip
        for row in rows:
            yield [
                row.name, row.status_label, when(row.due), when(row.first_submitted_at), row.days_late,
                row.reminders_sent, when(row.last_change), row.returned_comment,
            ]  # fmt: skip

    heading = exports.Heading(
        campaign.title,
        campaign.org.name,
        exports.period(campaign.period_start, campaign.period_end),
        form.in_words(),
    )
    return exports.Rows(
        lines(),
        total=lambda: len(rows),
        sheet=_("Campaign board"),
        widths=WIDTHS,
        heading=heading.lines(),
        formats=[None, None, None, None, NUMBER, NUMBER, None, None],
    )
