"""The board of dossiers to Excel (core.exports): one row per dossier, as the board's filters show it. A confidential
dossier's subject is not written into the file (its row says "mật")."""

from __future__ import annotations

from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext as _

from lienhiep.core import exports

SOURCE = "dossier_board"
WIDTHS = [48, 18, 30, 20, 14, 22, 14, 14, 14]


def board_rows(user: Any, query: QueryDict) -> exports.Rows:
    """The board as `user` sees it today, filtered as `query` says."""
    from lienhiep.orgs.selectors import today
    from lienhiep.reviews import selectors
    from lienhiep.reviews.forms import BoardFilterForm

    form = BoardFilterForm(query or None)
    rows = list(selectors.board(selectors.dossiers_visible_to(user), form.filters(selectors.BoardFilters)))
    day = today()

    def when(value: Any) -> str:
        return f"{value:%d/%m/%Y}" if value else ""

    def lines() -> Any:
        yield [
            _("Subject"), _("Kind"), _("Requester"), _("Unit"), _("Received on"), _("Step"), _("Step due by"),
            _("Overdue"), _("Sent on"),
        ]  # fmt: skip
        for d in rows:
            yield [
                _("Confidential dossier") if d.confidential else d.title, d.get_kind_display(), d.requester_name,
                d.org.name, when(d.received_on), d.get_status_display(), when(d.due_on),
                _("yes") if d.is_overdue(day) else "", when(d.sent_on),
            ]  # fmt: skip

    heading = exports.Heading(_("Consultancy and critique dossiers"), "", f"{day:%d/%m/%Y}", form.in_words())
    return exports.Rows(lines(), total=lambda: len(rows), sheet=_("Dossiers"), widths=WIDTHS, heading=heading.lines())
