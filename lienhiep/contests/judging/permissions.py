"""Who reaches judging's records, one access function per object. The organiser's roles reach a round, an edition's
results and an entry to forward (404 outside their tree, 403 without the level asked). A juror reaches her own seat
only — the grant on it (`orgs.grants`, kind JUROR) while it holds — and on it the entries she was not kept off; every
one else, officers included, gets 404 on a juror's pages: her points are hers until the round closes."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from lienhiep.contests.models import Edition, Entry, EntryFile, JurorAssignment, JurorEntry, Round
from lienhiep.core.permissions import get_or_404
from lienhiep.orgs import grants
from lienhiep.orgs.permissions import Access, get_held_for_user


def get_round_for_user(user: Any, pk: Any, need: Access = Access.VIEW) -> Round:
    """A round, through its edition's organiser."""
    rows = Round.objects.select_related("edition__contest__org")
    return get_held_for_user(rows, pk, user, need, org="edition.contest.org")


def get_results_for_user(user: Any, pk: Any, need: Access = Access.VIEW) -> Edition:
    """An edition's results (the decision, the certificates), through its organiser."""
    return get_held_for_user(Edition.objects.select_related("contest__org"), pk, user, need, org="contest.org")


def get_entry_to_forward(user: Any, pk: Any, need: Access = Access.MANAGE) -> Entry:
    """An entry of an edition, through the edition's organiser (who forwards its winners)."""
    rows = Entry.objects.select_related("edition__contest__org", "field")
    return get_held_for_user(rows, pk, user, need, org="edition.contest.org")


def get_seat_for_officer(user: Any, pk: Any, need: Access = Access.EDIT) -> JurorAssignment:
    """A juror's seat as the organiser manages it (taking her off the round)."""
    rows = JurorAssignment.objects.select_related("round__edition__contest__org", "expert", "grant")
    return get_held_for_user(rows, pk, user, need, org="round.edition.contest.org")


def get_seat_for_juror(user: Any, pk: Any) -> JurorAssignment:
    """The juror's own seat: hers (her account), still on the jury, her grant holding today. Anyone else: 404."""
    found = get_or_404(
        JurorAssignment.objects.select_related("round__edition__contest", "expert").filter(removed_on__isnull=True), pk
    )
    if user is None or found.expert.user_id != user.pk:
        raise Http404
    if not grants.holds(user, found, kind=grants.JUROR):
        raise Http404
    return found


def get_sheet_entry(seat: JurorAssignment, pk: Any) -> Entry:
    """An entry on the juror's sheet (one she was kept off is not): 404 otherwise."""
    rows = JurorEntry.objects.select_related("entry__field", "entry__category").filter(assignment=seat, kept_off=False)
    return get_or_404(rows, pk, by="entry_id").entry


def get_sheet_file(seat: JurorAssignment, pk: Any) -> EntryFile:
    """A file of an entry on the juror's sheet."""
    found = get_or_404(EntryFile.objects.all(), pk)
    get_sheet_entry(seat, found.entry_id)
    return found
