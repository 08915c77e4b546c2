"""Access to the expert registry: through the unit keeping the list (404 outside, 403 inside without the level)."""

from __future__ import annotations

from typing import Any

from lienhiep.experts.models import Expert
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
