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

from lienhiep.core.permissions import get_for_user, get_or_404, require_allowed
from lienhiep.orgs import grants
from lienhiep.orgs.models import Org
from lienhiep.orgs.permissions import Access, access_level, get_org_for_user
from lienhiep.reviews.models import CostLine, Dossier, DossierExpert


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
    return get_for_user(Dossier.objects.select_related("org", "profile"), pk, user, need, dossier_level)


def require_dossier(user: Any, dossier: Dossier, need: Access) -> None:
    """For services: PermissionDenied unless `user` may do `need` with `dossier`."""
    require_allowed(dossier_level(user, dossier), need)


def get_cost_for_user(user: Any, pk: int | str | None, need: Access = Access.EDIT) -> CostLine:
    """A cost line, through its dossier."""
    line = get_or_404(CostLine.objects.all(), pk)
    line.dossier = get_dossier_for_user(user, line.dossier_id, need)
    return line


def get_dossier_org_for_user(user: Any, pk: int | str | None, *, need: Access = Access.EDIT) -> Org:
    """The node a new dossier (a regulation profile, a yearly plan) is recorded on: 404 outside the user's tree, 403
    without `need` on it."""
    return get_org_for_user(user, pk, need=need)


def get_assignment_for_user(user: Any, pk: int | str | None, need: Access = Access.EDIT) -> DossierExpert:
    """An expert's assignment to a dossier, through its dossier."""
    row = get_or_404(DossierExpert.objects.select_related("expert"), pk)
    row.dossier = get_dossier_for_user(user, row.dossier_id, need)
    return row
