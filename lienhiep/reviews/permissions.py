"""Access to dossiers: one access function (`get_dossier_for_user`), as everywhere.

- A role on the dossier's node or a node above it (`orgs.permissions.access_level`): VIEW reads the dossier, EDIT
  records on it (corrects it, moves it, its costs and experts), MANAGE also overrides an expert's conflict of
  interest and sets the union's rules. Outside the user's tree: 404; inside without the level: 403.
- An expert assigned to the dossier (an active `orgs.grants` grant of kind "expert") without a role on it: VIEW
  only — reads it, comments on its draft and declares their own conflicts (those views ask for VIEW and check the
  grant themselves: `is_assigned_expert`); anything more is 403, and every other dossier answers 404 as to an
  outsider. A confidential dossier also needs the expert on its access list (drafts' part).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from lienhiep.core.http import id_param
from lienhiep.orgs import grants
from lienhiep.orgs.models import Org
from lienhiep.orgs.permissions import Access, access_level, get_org_for_user
from lienhiep.reviews.models import CostLine, Dossier


def is_assigned_expert(user: Any, dossier: Dossier) -> bool:
    """Whether `user` holds today an expert's grant on `dossier`."""
    return grants.holds(user, dossier, kind=grants.EXPERT)


def dossier_level(user: Any, dossier: Dossier) -> Access | None:
    """What `user` may do with `dossier`: their role's level on its node, else VIEW for an assigned expert, else None
    (404)."""
    level = access_level(user, dossier.org)
    if level is None and is_assigned_expert(user, dossier):
        return Access.VIEW
    return level


def get_dossier_for_user(user: Any, pk: int | str | None, need: Access = Access.VIEW) -> Dossier:
    """The one access function for dossiers: 404 for one that does not exist or that the user neither sees through a
    role nor holds as an assigned expert, 403 for one seen without `need`."""
    number = id_param(pk)
    dossier = Dossier.objects.select_related("org", "profile").filter(pk=number).first() if number is not None else None
    if dossier is None:
        raise Http404
    level = dossier_level(user, dossier)
    if level is None:
        raise Http404
    if level < need:
        raise PermissionDenied
    return dossier


def require_dossier(user: Any, dossier: Dossier, need: Access) -> None:
    """For services: PermissionDenied unless `user` may do `need` with `dossier`."""
    level = dossier_level(user, dossier)
    if level is None or level < need:
        raise PermissionDenied


def get_cost_for_user(user: Any, pk: int | str | None, need: Access = Access.EDIT) -> CostLine:
    """A cost line, through its dossier."""
    number = id_param(pk)
    line = CostLine.objects.filter(pk=number).first() if number is not None else None
    if line is None:
        raise Http404
    line.dossier = get_dossier_for_user(user, line.dossier_id, need)
    return line


def get_dossier_org_for_user(user: Any, pk: int | str | None, *, need: Access = Access.EDIT) -> Org:
    """The node a new dossier (a regulation profile, a yearly plan) is recorded on: 404 outside the user's tree, 403
    without `need` on it."""
    return get_org_for_user(user, pk, need=need)
