"""Access to honours, nominations and ratings: through the node that records them (404 outside, 403 inside
without EDIT)."""

from __future__ import annotations

from typing import Any

from lienhiep.awards.models import EmulationRating, Honour, Nomination, NominationFile
from lienhiep.core.permissions import get_or_404
from lienhiep.orgs import permissions as org_permissions
from lienhiep.orgs.models import Org
from lienhiep.orgs.permissions import Access


def get_honour_for_user(user: Any, pk: int, *, need: Access = Access.VIEW) -> Honour:
    return org_permissions.get_held_for_user(Honour.objects.select_related("org", "person"), pk, user, need)


def get_rating_for_user(user: Any, pk: int, *, need: Access = Access.VIEW) -> EmulationRating:
    return org_permissions.get_held_for_user(EmulationRating.objects.select_related("org"), pk, user, need)


def get_honour_org_for_user(user: Any, pk: int | str | None, *, need: Access = Access.EDIT) -> Org:
    """The unit a new honour is recorded for (the one receiving it, or the recipient's association)."""
    return org_permissions.get_org_for_user(user, pk, need=need)


def get_rating_org_for_user(user: Any, pk: int | str | None, *, need: Access = Access.EDIT) -> Org:
    """The unit whose yearly emulation rating is recorded."""
    return org_permissions.get_org_for_user(user, pk, need=need)


def get_nomination_for_user(user: Any, pk: int, *, need: Access = Access.VIEW) -> Nomination:
    return org_permissions.get_held_for_user(
        Nomination.objects.select_related("org", "person", "honour"), pk, user, need
    )


def get_nomination_file_for_user(user: Any, pk: int) -> NominationFile:
    """A file of a nomination's dossier, to those who may read the nomination."""
    row = get_or_404(NominationFile.objects.select_related("nomination__org"), pk)
    get_nomination_for_user(user, row.nomination_id)
    return row


def get_nomination_org_for_user(user: Any, pk: int | str | None, *, need: Access = Access.EDIT) -> Org:
    """The unit a new nomination is drawn up for (the candidate unit, or the candidate member's association)."""
    return org_permissions.get_org_for_user(user, pk, need=need)
