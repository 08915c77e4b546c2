"""Results and forwardings recorded after the fact, from an edition's results decision (the past editions of a
union's term, typed from paper, as the demo and an office taking up the platform have them). The judging pages
(jurors, scores, ranking, proposals, the board's approval) decide results as they happen; these two services record
what was decided elsewhere, through the same moves and event rows."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lienhiep.contests import services
from lienhiep.contests.models import (
    LEVEL_ORDER,
    ContestField,
    Edition,
    EditionEventKind,
    Entry,
    EntryAuthor,
    EntryEventKind,
    EntryPrize,
    EntryStatus,
    PrizeRow,
    PrizeStatus,
)
from lienhiep.contests.permissions import require_organiser
from lienhiep.core.bulk import copies
from lienhiep.core.text import fold


@transaction.atomic
def result_record(
    *, actor: Any, entry: Entry, rank: str | None, on: dt.date, prize_row: PrizeRow | None = None
) -> EntryPrize | None:
    """Record an accepted entry's result as its edition's decision gave it on `on`: a prize of `rank`, approved that
    day, or none (`rank` None)."""
    require_organiser(actor, entry.edition)
    if rank is None:
        services.entry_move(actor=actor, entry=entry, to=EntryStatus.NOT_PRIZED, on=on)
        return None
    prize = EntryPrize(
        entry=entry, prize_row=prize_row, rank=rank, status=PrizeStatus.APPROVED, approved_on=on, proposed_by=actor
    )
    prize.full_clean()
    prize.save()
    services.entry_move(actor=actor, entry=entry, to=EntryStatus.PRIZED, on=on)
    services._entry_event(entry, actor, EntryEventKind.PRIZE, rank=rank, status=PrizeStatus.APPROVED)
    return prize


@transaction.atomic
def forward_record(
    *, actor: Any, entry: Entry, to: Edition, field: ContestField, on: dt.date, cited: bool | None = None
) -> Entry:
    """Send a prized entry to the higher edition `to`: a new entry there (sent by the lower edition's organiser,
    typed from its dossier, dated `on`), with the same title, units and authors, `forwarded_from` the lower entry
    and the same `origin_unit`, so its result there comes back to the unit that first sent it."""
    require_organiser(actor, entry.edition)
    if LEVEL_ORDER[to.contest.level] <= LEVEL_ORDER[entry.edition.contest.level]:
        raise ValidationError(_("An entry is forwarded to a higher level."))
    if field.edition_id != to.pk:
        raise ValidationError(_("Choose a field of the higher edition."))
    return copy_up(actor=actor, entry=entry, to=to, field=field, on=on, from_paper=True, cited=cited)


# What a forwarded entry takes of its authors and its dossier's files (`copy_up`).
AUTHOR_COPIED = (
    "order", "person_id", "full_name", "birth_date", "workplace", "guardian_name", "guardian_phone", "consent_publish",
)  # fmt: skip
FILE_COPIED = ("kind", "original_name", "stored_name", "content_type", "size", "uploaded_by_id")


def copy_up(
    *, actor: Any, entry: Entry, to: Edition, field: ContestField, on: dt.date, from_paper: bool,
    cited: bool | None = None, files: bool = False,
) -> Entry:  # fmt: skip
    """The forwarding itself, for this record typed from paper and for judging's `entry_forward`: the new entry of
    `to` (sent by the lower edition's organiser, the same title, units and authors — and dossier files with `files`
    —, `forwarded_from` the lower entry, the same `origin_unit`), the lower entry moved to "forwarded", an event on
    each. The caller has checked who may and where to."""
    from lienhiep.contests.models import EntryFile

    higher = Entry(
        edition=to, field=field, number=(to.entries.order_by("-number").values_list("number", flat=True).first() or 0)
        + 1, title=entry.title, title_folded=fold(entry.title), summary=entry.summary,
        sending_unit=entry.edition.contest.org, origin_unit=entry.origin_unit, author_unit=entry.author_unit,
        application_site=entry.application_site, applied_on=entry.applied_on, from_paper=from_paper,
        submitted_on=on, status=EntryStatus.SUBMITTED, status_since=on, forwarded_from=entry, created_by=actor,
        cited=entry.cited if cited is None else cited,
    )  # fmt: skip
    higher.full_clean()
    higher.save()
    EntryAuthor.objects.bulk_create(copies(entry.authors.all(), AUTHOR_COPIED, entry=higher))
    if files:
        # The same stored files (never removed while an entry names them), so the dossier goes up as it is.
        EntryFile.objects.bulk_create(copies(entry.files.all(), FILE_COPIED, entry=higher))
    services.entry_move(actor=actor, entry=entry, to=EntryStatus.FORWARDED, on=on)
    services._entry_event(higher, actor, EntryEventKind.FORWARD, title=higher.title, field=field.name)
    return higher


@transaction.atomic
def results_decision_record(*, actor: Any, edition: Edition, number: str, on: dt.date) -> Edition:
    """Record the number and date of the decision that issued an edition's results (typed from it)."""
    require_organiser(actor, edition)
    edition.results_number, edition.results_date = " ".join(number.split()), on
    edition.full_clean()
    edition.save(update_fields=["results_number", "results_date", "updated_at"])
    services._edition_event(
        edition, actor, EditionEventKind.RESULTS, target="edition", target_id=edition.pk, after=f"{number} {on}"
    )
    return edition
