"""Access to the expert registry: through the unit keeping the list (404 outside, 403 inside without the level)."""

from __future__ import annotations

from typing import Any

from lienhiep.core.permissions import uploaded_by
from lienhiep.experts.models import Expert, ExpertImport
from lienhiep.orgs import permissions as org_permissions
from lienhiep.orgs.models import Org
from lienhiep.orgs.permissions import Access


def get_expert_for_user(user: Any, pk: int, *, need: Access = Access.VIEW) -> Expert:
    """An expert's record: read by the roles on the unit keeping the list (and above), changed with EDIT, given a
    login account with MANAGE."""
    rows = Expert.objects.select_related("org", "person", "user")
    return org_permissions.get_held_for_user(rows, pk, user, need)


def get_expert_org_for_user(user: Any, pk: int | str | None, *, need: Access = Access.EDIT) -> Org:
    """The unit whose list a new expert joins."""
    return org_permissions.get_org_for_user(user, pk, need=need)


def get_expert_import_for_user(user: Any, pk: int) -> ExpertImport:
    """A file of experts is seen only by whoever uploaded it (404 for anyone else), while they may still record on
    its unit's list (403 once they may not)."""
    rows = uploaded_by(ExpertImport.objects.select_related("org"), user)
    return org_permissions.get_held_for_user(rows, pk, user, Access.EDIT)
