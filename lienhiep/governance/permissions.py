"""Access to governance records: each belongs to a node, and follows the roles on it.

Officers (MANAGE) and member-association secretaries (EDIT) record governance on their subtree;
leaders (VIEW) read it. Not visible: 404; visible but not allowed: 403.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404

from lienhiep.governance.models import Committee, Congress, CongressTarget, Meeting, Restructuring, Seat
from lienhiep.orgs import permissions as org_permissions
from lienhiep.orgs.models import Org
from lienhiep.orgs.permissions import Access

RECORD = Access.EDIT  # what recording governance takes


def _checked(obj: Any, org: Org | int, user: Any, need: Access) -> Any:
    if obj is None:
        raise Http404
    org_permissions.require(org_permissions.access_level(user, org), need)
    return obj


def get_congress_for_user(user: Any, pk: int, *, need: Access = Access.VIEW) -> Congress:
    congress = Congress.objects.select_related("org").filter(pk=pk).first()
    return _checked(congress, congress.org if congress else 0, user, need)  # type: ignore[no-any-return]


def get_committee_for_user(user: Any, pk: int, *, need: Access = Access.VIEW) -> Committee:
    committee = Committee.objects.select_related("congress__org").filter(pk=pk).first()
    return _checked(committee, committee.congress.org if committee else 0, user, need)  # type: ignore[no-any-return]


def get_seat_for_user(user: Any, pk: int, *, need: Access = Access.VIEW) -> Seat:
    seat = Seat.objects.select_related("committee__congress__org", "person").filter(pk=pk).first()
    return _checked(seat, seat.committee.congress.org if seat else 0, user, need)  # type: ignore[no-any-return]


def get_meeting_for_user(user: Any, pk: int, *, need: Access = Access.VIEW) -> Meeting:
    meeting = Meeting.objects.select_related("committee__congress__org").filter(pk=pk).first()
    return _checked(meeting, meeting.committee.congress.org if meeting else 0, user, need)  # type: ignore[no-any-return]


def get_target_for_user(user: Any, pk: int, *, need: Access = Access.VIEW) -> CongressTarget:
    target = CongressTarget.objects.select_related("congress__org").filter(pk=pk).first()
    return _checked(target, target.congress.org if target else 0, user, need)  # type: ignore[no-any-return]


def get_restructuring_for_user(user: Any, pk: int, *, need: Access = Access.VIEW) -> Restructuring:
    restructuring = Restructuring.objects.select_related("org").filter(pk=pk).first()
    return _checked(restructuring, restructuring.org if restructuring else 0, user, need)  # type: ignore[no-any-return]


def can_record(user: Any, org: Org) -> bool:
    return org_permissions.can(user, org, RECORD)


def get_congress_org_for_user(user: Any, pk: int | str | None, *, need: Access = RECORD) -> Org:
    """The unit whose congress is recorded (a union or an association; branches hold none)."""
    return org_permissions.get_org_for_user(user, pk, need=need)
