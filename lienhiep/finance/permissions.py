"""Access to budgets and spending: through their node (404 outside the user's subtree, 403 inside without EDIT)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from lienhiep.finance.models import Budget, Spending
from lienhiep.orgs import permissions as org_permissions
from lienhiep.orgs.models import Org
from lienhiep.orgs.permissions import Access


def get_spending_for_user(user: Any, pk: int, *, need: Access = Access.VIEW) -> Spending:
    spending = Spending.objects.select_related("org").filter(pk=pk).first()
    if spending is None:
        raise Http404
    org_permissions.require(org_permissions.access_level(user, spending.org), need)
    return spending


def get_budget_for_user(user: Any, pk: int, *, need: Access = Access.VIEW) -> Budget:
    budget = Budget.objects.select_related("org").filter(pk=pk).first()
    if budget is None:
        raise Http404
    org_permissions.require(org_permissions.access_level(user, budget.org), need)
    return budget


def recording_orgs(user: Any) -> QuerySet[Org]:
    return org_permissions.orgs_at_least(user, Access.EDIT).order_by("name_sort")


def visible_nodes(user: Any) -> QuerySet[Org]:
    return org_permissions.visible_orgs(user).order_by("name_sort")
