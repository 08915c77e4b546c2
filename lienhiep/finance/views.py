from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lienhiep.activities.models import Activity
from lienhiep.core.http import form_page, url_with, year_param
from lienhiep.core.spreadsheets import download
from lienhiep.finance import exporting, permissions, services
from lienhiep.finance.forms import BudgetForm, SpendingForm
from lienhiep.finance.models import Source
from lienhiep.orgs import permissions as org_permissions
from lienhiep.orgs.forms import unit_form
from lienhiep.orgs.permissions import Access
from lienhiep.orgs.selectors import today

ACTIVITY_CHOICES = 300


def _activities(orgs: Any) -> Any:
    since = dt.date(today().year - 1, 1, 1)
    return Activity.objects.filter(org__in=orgs, start_date__gte=since).order_by("-start_date", "-id")[
        :ACTIVITY_CHOICES
    ]


@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    node = org_permissions.org_from_param(request, "node", or_working=True)
    last = year_param(request.GET.get("to"), today().year)
    first = min(year_param(request.GET.get("from"), last - 5), last)
    orgs = org_permissions.orgs_at_least(request.user, Access.EDIT)
    context: dict[str, Any] = {
        "node": node,
        "first": first,
        "last": last,
        "years_choice": list(range(today().year + 1, today().year - 15, -1)),
        "sources": Source.choices,
    }
    if node is not None:
        found = exporting.figures(node, first, last)
        owners = {s.org_id for s in found["spending"]} | {b.org_id for b in found["budgets"]}
        context.update(
            found,
            editable=set(orgs.filter(pk__in=owners).values_list("pk", flat=True)),
            heading=exporting.heading(node, first, last),
            export_url=url_with("finance:export", node=node.pk, **{"from": first, "to": last}),
        )
    if orgs.exists():
        initial = {"org": node, "year": today().year}
        # Two forms on one page: each its own ids, so that every label names its own field.
        context["budget_form"] = BudgetForm(orgs=orgs, initial=initial, auto_id="budget_%s")
        context["spending_form"] = SpendingForm(
            orgs=orgs, activities=_activities(orgs), initial={"org": node, "spent_on": today()}, auto_id="spending_%s"
        )
    return render(request, "finance/overview.html", context)


@require_GET
def export(request: HttpRequest) -> HttpResponse:
    """The finance page as an Excel file: `?node=` (404 outside the user's tree; none: the working unit), `?from=`,
    `?to=` as the page reads them."""
    node = org_permissions.page_node(request)
    last = year_param(request.GET.get("to"), today().year)
    first = min(year_param(request.GET.get("from"), last - 5), last)
    return download(exporting.workbook(node, first, last), f"tai-chinh-{first}-{last}.xlsx")


def _back(org_pk: int, year: int) -> HttpResponse:
    return redirect(f"{reverse('finance:overview')}?node={org_pk}&to={year}")


@require_http_methods(["GET", "POST"])
def budget_set(request: HttpRequest) -> HttpResponse:
    node = permissions.get_budget_org_for_user(request.user, org_permissions.node_asked(request))
    orgs = org_permissions.orgs_at_least(request.user, Access.EDIT)
    form = unit_form(request, BudgetForm, node, orgs, initial={"year": today().year})
    return form_page(
        request, form, services.budget_set, _("The budget has been saved."),
        to=lambda budget: _back(budget.org_id, budget.year), template="finance/form.html", title=_("Budget of a year"),
        org=node,
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def spending_new(request: HttpRequest) -> HttpResponse:
    node = permissions.get_spending_org_for_user(request.user, org_permissions.node_asked(request))
    orgs = org_permissions.orgs_at_least(request.user, Access.EDIT)
    form = unit_form(request, SpendingForm, node, orgs, activities=_activities(orgs), initial={"spent_on": today()})
    return form_page(
        request, form, services.spending_record, _("The spending has been recorded."),
        to=lambda spending: _back(spending.org_id, spending.spent_on.year), template="finance/form.html",
        title=_("Record spending"), org=node,
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def spending_edit(request: HttpRequest, pk: int) -> HttpResponse:
    spending = permissions.get_spending_for_user(request.user, pk, need=Access.EDIT)
    orgs = org_permissions.orgs_at_least(request.user, Access.EDIT)
    activities = _activities(orgs)
    if spending.activity_id:
        activities = Activity.objects.filter(pk__in=[*activities.values_list("pk", flat=True), spending.activity_id])
    initial = {name: getattr(spending, name) for name in ("org", "spent_on", "amount", "purpose", "source", "activity")}
    form = SpendingForm(request.POST or None, orgs=orgs, activities=activities, initial=initial)
    return form_page(
        request, form, services.spending_update, _("The spending line has been corrected."),
        to=lambda _updated: _back(spending.org_id, spending.spent_on.year), template="finance/form.html",
        title=_("Correct a spending line"), spending=spending,
    )  # fmt: skip


@require_POST
def budget_delete(request: HttpRequest, pk: int) -> HttpResponse:
    budget = permissions.get_budget_for_user(request.user, pk, need=Access.EDIT)
    org_pk, year = budget.org_id, budget.year
    services.budget_delete(actor=request.user, budget=budget)
    messages.success(request, _("The budget line has been deleted."))
    return _back(org_pk, year)


@require_POST
def spending_delete(request: HttpRequest, pk: int) -> HttpResponse:
    spending = permissions.get_spending_for_user(request.user, pk, need=Access.EDIT)
    org_pk, year = spending.org_id, spending.spent_on.year
    services.spending_delete(actor=request.user, spending=spending)
    messages.success(request, _("The spending line has been deleted."))
    return _back(org_pk, year)
