"""Access to honours and ratings: through the node that records them (404 outside, 403 inside without EDIT)."""

from __future__ import annotations

from typing import Any

from lienhiep.awards.models import EmulationRating, Honour
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
