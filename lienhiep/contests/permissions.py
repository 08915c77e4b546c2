"""Access to contests: one access function per object (`get_edition_for_user`, `get_entry_for_user`), as everywhere.

- The organiser's roles (a role on the contest's node or a node above it, `orgs.permissions.access_level`): VIEW reads
  the edition and every entry of it, EDIT enters its rules, moves it, screens and types entries from paper, MANAGE the
  same (the organising board's decisions are recorded by the office).
- The edition's line (decision 0016): a user whose role sits on a unit under the organiser (a member association's
  secretary under the province's union) sees the edition (its rules are public anyway) and submits entries for the
  units she may record on; she sees only the entries her units sent. Management pages answer her 403.
- Everyone else: 404, as for an edition that does not exist (another province's).
- An entry: the roles on its sending unit (VIEW reads, EDIT corrects it and adds files while it is submitted), and the
  organiser's roles (all of it). Jurors (a grant on the entry) are judging's to add.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from lienhiep.contests.models import Contest, Edition, Entry, EntryFile
from lienhiep.core.permissions import allows, get_for_user, get_or_404, require_allowed
from lienhiep.orgs import selectors as org_selectors
from lienhiep.orgs.models import Org, OrgClosure
from lienhiep.orgs.permissions import Access, access_level, get_held_for_user, is_system_admin, role_org_ids


def organiser_level(user: Any, edition: Edition) -> Access | None:
    """The level the user's roles give on the edition's organiser (None: not one of its roles)."""
    return access_level(user, edition.contest.org)


def in_line(user: Any, organiser: Org, need: Access = Access.VIEW) -> bool:
    """Whether one of the user's roles giving `need` sits on a unit the organiser holds today (its subtree)."""
    if is_system_admin(user):
        return True
    holders = role_org_ids(user, need)
    if not holders:
        return False
    on = org_selectors.today()
    return OrgClosure.objects.filter(org_selectors.holds(on), ancestor=organiser, descendant_id__in=holders).exists()


def get_contest_for_user(user: Any, pk: int | str | None, need: Access = Access.EDIT) -> Contest:
    """A contest (its editions' common head), through its organiser: changing it takes EDIT."""
    return get_held_for_user(Contest.objects.select_related("org"), pk, user, need)


def edition_level(user: Any, edition: Edition) -> Access | None:
    """The organiser's level; a user in the edition's line reads it (VIEW: 403 above); anyone else, None (404)."""
    level = organiser_level(user, edition)
    if level is None and in_line(user, edition.contest.org):
        return Access.VIEW
    return level


def get_edition_for_user(user: Any, pk: int | str | None, need: Access = Access.VIEW) -> Edition:
    """An edition: 404 unless the user is one of the organiser's roles or in its line; the organiser's `need` for
    anything above VIEW (403 for the line)."""
    return get_for_user(Edition.objects.select_related("contest", "contest__org"), pk, user, need, edition_level)


def may_submit(user: Any, edition: Edition) -> bool:
    """Whether the user may send entries to the edition: EDIT on the organiser or on a unit in its line."""
    level = organiser_level(user, edition)
    return allows(level, Access.EDIT) or in_line(user, edition.contest.org, Access.EDIT)


def get_edition_to_submit(user: Any, pk: int | str | None) -> Edition:
    """An edition to send an entry to: 404 as `get_edition_for_user`, 403 for a read-only role."""
    edition = get_edition_for_user(user, pk)
    if not may_submit(user, edition):
        raise PermissionDenied
    return edition


def entry_level(user: Any, entry: Entry) -> Access | None:
    """The strongest of the user's levels on the entry's sending unit and on its edition's organiser."""
    levels = [
        level
        for level in (access_level(user, entry.sending_unit), organiser_level(user, entry.edition))
        if level is not None
    ]
    return max(levels) if levels else None


def get_entry_for_user(user: Any, pk: int | str | None, need: Access = Access.VIEW) -> Entry:
    rows = Entry.objects.select_related("edition", "edition__contest", "edition__contest__org", "sending_unit", "field")
    return get_for_user(rows, pk, user, need, entry_level)


def get_entry_to_screen(user: Any, pk: int | str | None) -> Entry:
    """An entry to accept or refuse: screening is the organiser's (EDIT on it); the sending unit's roles get 403."""
    entry = get_entry_for_user(user, pk)
    require_organiser(user, entry.edition)
    return entry


def get_entry_to_change(user: Any, pk: int | str | None) -> Entry:
    """An entry to correct or add files to: its sending unit's roles and the organiser's with EDIT (403 for those
    who only read it, 404 for everyone else); when the rules allow it is the service's (`entry_update`)."""
    return get_entry_for_user(user, pk, Access.EDIT)


def get_entry_file_for_user(user: Any, pk: int | str | None) -> EntryFile:
    row = get_or_404(EntryFile.objects.all(), pk)
    row.entry = get_entry_for_user(user, row.entry_id)
    return row


def require_organiser(user: Any, edition: Edition, need: Access = Access.EDIT) -> None:
    """For services: PermissionDenied unless the user's roles give `need` on the organiser."""
    require_allowed(organiser_level(user, edition), need)
