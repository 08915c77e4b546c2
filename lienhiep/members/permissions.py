"""Access to persons and memberships. A person is seen through the nodes of their memberships:
a user sees a person who is or was a member of a node the user's roles reach.

Citizen ID numbers: shown masked; revealed (and logged) for roles that may record data (EDIT).
Sensitive fields (Party membership, health): only for union officers (MANAGE).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from lienhiep.core.permissions import get_for_user, get_or_404, require, uploaded_by
from lienhiep.members.models import Breach, CollectiveMember, Consent, Membership, Person, PersonMerge, SubjectRequest
from lienhiep.members.selectors import person_memberships_visible_to, person_unit_levels
from lienhiep.orgs import permissions as org_permissions
from lienhiep.orgs.models import Org, OrgKind
from lienhiep.orgs.permissions import Access


def person_access(user: Any, person: Person) -> Access | None:
    """The strongest access the user has on one of the person's memberships they see
    (`selectors.person_memberships_visible_to`): none of them, the person is not theirs to see (404)."""
    levels = person_unit_levels(user=user, person=person)
    return max(levels.values()) if levels else None


def get_person_for_user(user: Any, pk: int, *, need: Access = Access.VIEW) -> Person:
    """The one access function for persons. What it found the user may do on each of the person's units is kept on
    the person it returns (`unit_levels_found`), for the page that asked to answer its own questions from."""
    person = get_or_404(Person.objects.all(), pk)
    levels = person_unit_levels(user=user, person=person)
    require(max(levels.values()) if levels else None, need)
    person.__dict__["_lienhiep_unit_levels"] = (user, levels)
    return person


def unit_levels_found(user: Any, person: Person) -> dict[int, Access]:
    """The person's `selectors.person_unit_levels` for `user` as `get_person_for_user` found them a moment ago (read
    again for a person it did not return, or returned to another user). Only for a page that changes nothing
    before it asks: after a change, access is asked again (`person_access`)."""
    kept = person.__dict__.get("_lienhiep_unit_levels")
    if kept is not None and kept[0] is user:
        return kept[1]  # type: ignore[no-any-return]
    return person_unit_levels(user=user, person=person)


def get_membership_for_user(user: Any, pk: int, *, need: Access = Access.EDIT) -> Membership:
    """A membership, through its unit; one the user may not see (`person_memberships_visible_to`: their side
    erased the person, whom another unit still holds) answers 404, as one outside their tree."""
    membership = org_permissions.get_held_for_user(Membership.objects.select_related("person", "org"), pk, user, need)
    if not person_memberships_visible_to(user=user, person=membership.person).filter(pk=membership.pk).exists():
        raise Http404
    return membership


def can_see_id(level: Access | None) -> bool:
    return level is not None and level >= Access.EDIT


def can_see_sensitive(level: Access | None) -> bool:
    return level is not None and level >= Access.MANAGE


def member_orgs_for(user: Any) -> QuerySet[Org]:
    """Active associations and branches where the user may record members."""
    editable = org_permissions.orgs_at_least(user, Access.EDIT, active=True)
    return editable.filter(kind__in=[OrgKind.ASSOCIATION, OrgKind.BRANCH])


def get_member_org_for_user(user: Any, pk: int | str | None, *, need: Access = Access.EDIT) -> Org:
    """The unit members are recorded for: one admitted by the form (an association or a branch), or the rows of
    an import (the unit and those under it), whose template it also fills in."""
    return org_permissions.get_org_for_user(user, pk, need=need)


def get_collective_org_for_user(user: Any, pk: int | str | None, *, need: Access = Access.EDIT) -> Org:
    """The association or branch a new collective member joins."""
    return org_permissions.get_org_for_user(user, pk, need=need)


def get_batch_for_user(user: Any, pk: int) -> Any:
    """An import is seen only by the person who uploaded it, while they may still record members on its unit."""
    from lienhiep.members.models import ImportBatch

    batch = get_or_404(uploaded_by(ImportBatch.objects.select_related("org"), user), pk)
    if batch.org is not None:
        require(org_permissions.access_level(user, batch.org), Access.EDIT)
    elif not member_orgs_for(user).exists():
        raise PermissionDenied
    return batch


def get_collective_for_user(user: Any, pk: int, *, need: Access = Access.EDIT) -> CollectiveMember:
    return org_permissions.get_held_for_user(CollectiveMember.objects.select_related("org"), pk, user, need)


def get_consent_for_user(user: Any, pk: int, *, need: Access = Access.EDIT) -> Consent:
    """A consent, through its person: recording or withdrawing it takes EDIT on one of the person's units."""
    rows = Consent.objects.select_related("person")
    return get_for_user(rows, pk, user, need, lambda who, consent: person_access(who, consent.person))


def get_estimate_org_for_user(user: Any, pk: int | str | None, *, need: Access = Access.MANAGE) -> Org:
    """The unit whose yearly estimate of intellectuals in its area an officer records (on its statistics page)."""
    return org_permissions.get_org_for_user(user, pk, need=need)


def get_duplicates_org_for_user(user: Any, pk: int | str | None, *, need: Access = Access.MANAGE) -> Org:
    """The unit whose possible duplicates an officer reviews: the pairs of persons ever under it."""
    return org_permissions.get_org_for_user(user, pk, need=need)


def get_pair_for_user(user: Any, pk: int, other: int, *, need: Access = Access.MANAGE) -> tuple[Person, Person]:
    """Two records to compare and merge: both must be the user's to manage (a merge moves every row of both). Either
    not visible: 404; visible but not managed: 403."""
    first, second = get_person_for_user(user, pk, need=need), get_person_for_user(user, other, need=need)
    if first.pk == second.pk:
        raise Http404
    return first, second


def get_merge_for_user(user: Any, pk: int, *, need: Access = Access.MANAGE) -> PersonMerge:
    """A merge, through the record it kept (which holds the memberships of both while it stands)."""
    rows = PersonMerge.objects.select_related("kept", "merged")
    return get_for_user(rows, pk, user, need, lambda who, merge: person_access(who, merge.kept))


def get_rights_org_for_user(user: Any, pk: int | str | None, *, need: Access = Access.MANAGE) -> Org:
    """The unit a data subject's request or a breach is recorded for: its officers handle them."""
    return org_permissions.get_org_for_user(user, pk, need=need)


def get_subject_request_for_user(user: Any, pk: int, *, need: Access = Access.VIEW) -> SubjectRequest:
    """A data subject's request, through its unit."""
    rows = SubjectRequest.objects.select_related("org", "handler", "person")
    return org_permissions.get_held_for_user(rows, pk, user, need)


def get_breach_for_user(user: Any, pk: int, *, need: Access = Access.VIEW) -> Breach:
    """A breach, through its unit."""
    return org_permissions.get_held_for_user(Breach.objects.select_related("org"), pk, user, need)
