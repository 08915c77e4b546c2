"""Access to budgets and spending: through their node (404 outside the user's subtree, 403 inside without EDIT)."""

from __future__ import annotations

from typing import Any

from lienhiep.finance.models import Budget, Spending
from lienhiep.orgs import permissions as org_permissions
from lienhiep.orgs.models import Org
from lienhiep.orgs.permissions import Access


def get_spending_for_user(user: Any, pk: int, *, need: Access = Access.VIEW) -> Spending:
    return org_permissions.get_held_for_user(Spending.objects.select_related("org"), pk, user, need)


def get_budget_for_user(user: Any, pk: int, *, need: Access = Access.VIEW) -> Budget:
    return org_permissions.get_held_for_user(Budget.objects.select_related("org"), pk, user, need)


def get_budget_org_for_user(user: Any, pk: int | str | None, *, need: Access = Access.EDIT) -> Org:
    """The unit whose budget of a year is recorded."""
    return org_permissions.get_org_for_user(user, pk, need=need)


def get_spending_org_for_user(user: Any, pk: int | str | None, *, need: Access = Access.EDIT) -> Org:
    """The unit a new spending line is recorded for."""
    return org_permissions.get_org_for_user(user, pk, need=need)
