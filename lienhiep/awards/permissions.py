"""Access to honours and ratings: through the node that records them (404 outside, 403 inside without EDIT)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from lienhiep.awards.models import EmulationRating, Honour
from lienhiep.orgs import permissions as org_permissions
from lienhiep.orgs.models import Org
from lienhiep.orgs.permissions import Access


def get_honour_for_user(user: Any, pk: int, *, need: Access = Access.VIEW) -> Honour:
    return org_permissions.get_held_for_user(Honour.objects.select_related("org", "person"), pk, user, need)


def get_rating_for_user(user: Any, pk: int, *, need: Access = Access.VIEW) -> EmulationRating:
    return org_permissions.get_held_for_user(EmulationRating.objects.select_related("org"), pk, user, need)


def recording_orgs(user: Any) -> QuerySet[Org]:
    """Nodes where the user may record honours: those they may edit, ended ones too (honours of past years)."""
    return org_permissions.orgs_at_least(user, Access.EDIT).order_by("name_sort")


def visible_org_ids(user: Any) -> list[int] | None:
    if org_permissions.sees_everything(user):
        return None
    return list(org_permissions.visible_orgs(user).values_list("pk", flat=True))


def visible_nodes(user: Any) -> QuerySet[Org]:
    return org_permissions.visible_orgs(user).order_by("name_sort")
