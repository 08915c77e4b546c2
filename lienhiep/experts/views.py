from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from lienhiep.core.http import form_page
from lienhiep.core.paging import list_page
from lienhiep.experts import assignments, permissions, selectors, services
from lienhiep.experts.forms import AccountForm, ExpertFilterForm, ExpertForm
from lienhiep.experts.models import ExpertEvent
from lienhiep.orgs import permissions as org_permissions
from lienhiep.orgs.forms import unit_form
from lienhiep.orgs.models import Org
from lienhiep.orgs.permissions import Access


@require_GET
def expert_list(request: HttpRequest) -> HttpResponse:
    listed = org_permissions.filtered(
        request.user, request.GET, ExpertFilterForm, selectors.expert_list, selectors.ExpertFilters
    )
    page, paging = list_page(request, listed.rows, key="name_sort")
    names = selectors.expert_fields(page)
    for expert in page:
        expert.field_names = names.get(expert.pk, [])  # type: ignore[attr-defined]
    context = {
        "form": listed.form,
        "experts": page,
        **paging,
        "can_record": org_permissions.orgs_at_least(request.user, Access.EDIT).exists(),
    }
    return render(request, "experts/list.html", context)


@require_GET
def expert_detail(request: HttpRequest, pk: int) -> HttpResponse:
    expert = permissions.get_expert_for_user(request.user, pk)
    context = {
        "expert": expert,
        "fields": selectors.expert_fields([expert]).get(expert.pk, []),
        "assignments": assignments.assignments(expert, user=request.user),
        "events": ExpertEvent.objects.filter(target="expert", target_id=expert.pk).select_related("actor")[:20],
        "can_edit": org_permissions.can(request.user, expert.org, Access.EDIT),
        "can_manage": org_permissions.can(request.user, expert.org, Access.MANAGE),
    }
    return render(request, "experts/detail.html", context)


@require_http_methods(["GET", "POST"])
def expert_new(request: HttpRequest) -> HttpResponse:
    node = permissions.get_expert_org_for_user(request.user, org_permissions.node_asked(request))
    orgs = org_permissions.orgs_at_least(request.user, Access.EDIT, active=True)
    form = unit_form(request, ExpertForm, node, orgs, node=node, initial={"available": True})
    return form_page(
        request, form, services.expert_create,
        lambda expert: _("%(name)s has been added to the experts.") % {"name": expert.full_name},
        to=lambda expert: reverse("experts:detail", args=[expert.pk]), template="experts/form.html",
        title=_("New expert"), values=form.values, org=node,
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def expert_edit(request: HttpRequest, pk: int) -> HttpResponse:
    expert = permissions.get_expert_for_user(request.user, pk, need=Access.EDIT)
    orgs = Org.objects.filter(pk=expert.org_id)  # the list an expert is on does not change
    initial = {name: getattr(expert, name) for name in services.EXPERT_FIELDS}
    initial |= {"org": expert.org, "expertise": list(expert.fields.all())}
    form = ExpertForm(request.POST or None, orgs=orgs, node=expert.org, initial=initial)
    return form_page(
        request, form, services.expert_update, _("The expert's record has been saved."),
        to=reverse("experts:detail", args=[expert.pk]), template="experts/form.html", title=expert.full_name,
        context={"expert": expert}, values=lambda: {k: v for k, v in form.values().items() if k != "org"},
        expert=expert,
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def expert_account(request: HttpRequest, pk: int) -> HttpResponse:
    """Create a login for this expert: an account without a role (it reaches only the records granted to it)."""
    expert = permissions.get_expert_for_user(request.user, pk, need=Access.MANAGE)
    form = AccountForm(request.POST or None, initial={"username": expert.email or ""})
    return form_page(
        request, form, services.expert_account_create,
        lambda user: _("The expert can now log in as %(name)s.") % {"name": user.username},
        to=reverse("experts:detail", args=[expert.pk]), template="experts/form.html",
        title=_("A login for %(name)s") % {"name": expert.full_name}, context={"expert": expert, "account": True},
        expert=expert,
    )  # fmt: skip
