"""Access to governance records: each belongs to a node, and follows the roles on it.

Officers (MANAGE) and member-association secretaries (EDIT) record governance on their subtree;
leaders (VIEW) read it. Not visible: 404; visible but not allowed: 403.
"""

from __future__ import annotations

from typing import Any

from lienhiep.governance.models import Committee, Congress, CongressTarget, Meeting, Restructuring, Seat
from lienhiep.orgs import permissions as org_permissions
from lienhiep.orgs.models import Org
from lienhiep.orgs.permissions import Access

RECORD = Access.EDIT  # what recording governance takes


def get_congress_for_user(user: Any, pk: int, *, need: Access = Access.VIEW) -> Congress:
    return org_permissions.get_held_for_user(Congress.objects.select_related("org"), pk, user, need)


def get_committee_for_user(user: Any, pk: int, *, need: Access = Access.VIEW) -> Committee:
    rows = Committee.objects.select_related("congress__org")
    return org_permissions.get_held_for_user(rows, pk, user, need, org="congress.org")


def get_seat_for_user(user: Any, pk: int, *, need: Access = Access.VIEW) -> Seat:
    rows = Seat.objects.select_related("committee__congress__org", "person")
    return org_permissions.get_held_for_user(rows, pk, user, need, org="committee.congress.org")


def get_meeting_for_user(user: Any, pk: int, *, need: Access = Access.VIEW) -> Meeting:
    rows = Meeting.objects.select_related("committee__congress__org")
    return org_permissions.get_held_for_user(rows, pk, user, need, org="committee.congress.org")


def get_target_for_user(user: Any, pk: int, *, need: Access = Access.VIEW) -> CongressTarget:
    rows = CongressTarget.objects.select_related("congress__org")
    return org_permissions.get_held_for_user(rows, pk, user, need, org="congress.org")


def get_restructuring_for_user(user: Any, pk: int, *, need: Access = Access.VIEW) -> Restructuring:
    return org_permissions.get_held_for_user(Restructuring.objects.select_related("org"), pk, user, need)


def can_record(user: Any, org: Org) -> bool:
    return org_permissions.can(user, org, RECORD)


def get_congress_org_for_user(user: Any, pk: int | str | None, *, need: Access = RECORD) -> Org:
    """The unit whose congress is recorded (a union or an association; branches hold none)."""
    return org_permissions.get_org_for_user(user, pk, need=need)
