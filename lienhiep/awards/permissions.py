"""Access to honours and ratings: through the node that records them (404 outside, 403 inside without EDIT)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from lienhiep.awards.models import EmulationRating, Honour
from lienhiep.orgs import permissions as org_permissions
from lienhiep.orgs.models import Org
from lienhiep.orgs.permissions import Access


def get_honour_for_user(user: Any, pk: int, *, need: Access = Access.VIEW) -> Honour:
    honour = Honour.objects.select_related("org", "person").filter(pk=pk).first()
    if honour is None:
        raise Http404
    org_permissions.require(org_permissions.access_level(user, honour.org), need)
    return honour


def get_rating_for_user(user: Any, pk: int, *, need: Access = Access.VIEW) -> EmulationRating:
    rating = EmulationRating.objects.select_related("org").filter(pk=pk).first()
    if rating is None:
        raise Http404
    org_permissions.require(org_permissions.access_level(user, rating.org), need)
    return rating


def recording_orgs(user: Any) -> QuerySet[Org]:
    """Nodes where the user may record honours: those they may edit, ended ones too (honours of past years)."""
    return org_permissions.orgs_at_least(user, Access.EDIT).order_by("name_sort")


def visible_org_ids(user: Any) -> list[int] | None:
    if org_permissions.sees_everything(user):
        return None
    return list(org_permissions.visible_orgs(user).values_list("pk", flat=True))


def visible_nodes(user: Any) -> QuerySet[Org]:
    return org_permissions.visible_orgs(user).order_by("name_sort")
