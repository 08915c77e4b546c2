"""Access to honours and ratings: through the node that records them (404 outside, 403 inside without EDIT)."""

from __future__ import annotations

from typing import Any

from lienhiep.awards.models import EmulationRating, Honour
from lienhiep.orgs import permissions as org_permissions
from lienhiep.orgs.permissions import Access


def get_honour_for_user(user: Any, pk: int, *, need: Access = Access.VIEW) -> Honour:
    return org_permissions.get_held_for_user(Honour.objects.select_related("org", "person"), pk, user, need)


def get_rating_for_user(user: Any, pk: int, *, need: Access = Access.VIEW) -> EmulationRating:
    return org_permissions.get_held_for_user(EmulationRating.objects.select_related("org"), pk, user, need)
