"""The dossier pages: the union's board (by step, deadline, kind, year; Excel), registering a request, the dossier
page (its step and deadline, the next moves, costs, history), correcting it, the union's regulation profile and its
yearly plan. Thin: an access check, a form, one service call, a page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lienhiep.core.forms import errors_said, posted_valid
from lienhiep.core.http import act, export_started, form_page, submit
from lienhiep.core.paging import list_page
from lienhiep.orgs import permissions as org_permissions
from lienhiep.orgs.permissions import Access
from lienhiep.orgs.selectors import today
from lienhiep.reviews import exporting, selectors, services
from lienhiep.reviews.forms import (
    BoardFilterForm,
    CostForm,
    DeclarationForm,
    DossierForm,
    DossierNewForm,
    ExpertAssignForm,
    ExpertEndForm,
    MoveForm,
    PayForm,
    PlanForm,
    ProfileForm,
)
from lienhiep.reviews.models import DossierStatus, RegulationProfile, ReviewPlan
from lienhiep.reviews.models.dossiers import ProfileScope
from lienhiep.reviews.permissions import (
    dossier_level,
    get_assignment_for_user,
    get_cost_for_user,
    get_dossier_for_user,
    get_dossier_org_for_user,
)
from lienhiep.reviews.services import DETAIL_FIELDS


def _board_rows(request: HttpRequest, user: Any) -> tuple[Any, BoardFilterForm, selectors.BoardFilters, Any]:
    org_ids = org_permissions.org_ids_at_least(user, Access.VIEW)
    if org_ids == []:
        raise Http404  # a user without a role (an expert) has their assignments, not a board
    form = BoardFilterForm(request.GET or None)
    visible = selectors.dossiers_among(org_ids)
    filters = form.filters(selectors.BoardFilters)
    return visible, form, filters, selectors.board(visible, filters)


@require_GET
def dossier_list(request: HttpRequest) -> HttpResponse:
    """The board of the dossiers the user's units hold: counts by step and overdue, filters, a page of the list."""
    visible, form, filters, rows = _board_rows(request, request.user)
    counts = selectors.board_counts(visible)
    # Unfiltered, filtered by one step or by overdue alone, the list's count is one of the counts already read. The
    # page reads its ids first, from the index that holds the filters' columns (reviews_dossier_newest).
    page, paging = list_page(
        request, rows, key="received_on", count=selectors.counted(filters, counts), keys_first=True
    )
    context = {
        "form": form,
        "rows": page,
        **paging,
        "counts": counts,
        "statuses": DossierStatus.choices,
        "today": today(),
        "can_create": org_permissions.holds_at_least(request.user, Access.EDIT),
        "can_manage": org_permissions.holds_at_least(request.user, Access.MANAGE),
    }
    if request.headers.get("HX-Request"):
        return render(request, "reviews/_board_rows.html", context)
    return render(request, "reviews/list.html", context)


@require_GET
def dossier_export(request: HttpRequest) -> HttpResponseBase:
    """The board as filtered, to Excel in the background (core.exports)."""
    _board_rows(request, request.user)  # 404 to a user without a role, as the board
    return export_started(request, exporting.SOURCE)


@require_http_methods(["GET", "POST"])
def dossier_new(request: HttpRequest) -> HttpResponse:
    node = get_dossier_org_for_user(request.user, org_permissions.node_asked(request), need=Access.EDIT)
    # The unit asked for, or the one access fell back on, is chosen ahead (a dossier's form looks up no names).
    initial = {"org": node, "received_on": today()}
    form = DossierNewForm(
        request.POST or None, orgs=org_permissions.orgs_at_least(request.user, Access.EDIT), initial=initial
    )
    return form_page(
        request, form, services.dossier_create, _("The request is registered. Check its papers next."),
        to=lambda dossier: dossier.get_absolute_url(), template="reviews/form.html", title=_("Register a request"),
        values=form.details,
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def dossier_edit(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = get_dossier_for_user(request.user, pk, Access.EDIT)
    initial = {name: getattr(dossier, name) for name in DETAIL_FIELDS}
    form = DossierForm(request.POST or None, initial=initial)
    return form_page(
        request, form, services.dossier_update, _("Saved."), to=lambda _saved: dossier.get_absolute_url(),
        template="reviews/form.html", title=dossier.title, context={"dossier": dossier}, values=form.details,
        dossier=dossier,
    )  # fmt: skip


@require_GET
def dossier_detail(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = get_dossier_for_user(request.user, pk)
    level = dossier_level(request.user, dossier)
    can_edit = level is not None and level >= Access.EDIT
    lines, totals = selectors.costs(dossier)
    steps = dict(DossierStatus.choices)
    moves = []
    if can_edit:
        for value, label in selectors.next_steps(dossier):
            form = MoveForm(initial={"to": value, "on": today()}, prefix=value)
            moves.append({"to": value, "label": label, "form": form, "fields": form.for_step(value)})
    context = {
        "dossier": dossier,
        "can_edit": can_edit,
        "moves": moves,
        "costs": lines,
        "totals": totals,
        "cost_form": CostForm() if can_edit else None,
        "pay_form": PayForm(initial={"paid_on": today()}) if can_edit else None,
        "experts": selectors.dossier_experts(dossier),
        "expert_form": (
            ExpertAssignForm(experts=services.pickable_experts(dossier), confidential=dossier.confidential)
            if can_edit and dossier.status in services.OPEN_FOR_EXPERTS
            else None
        ),
        "history": [
            (e, steps.get(e.data.get("after", "")) if e.kind == "move" else "") for e in selectors.history(dossier)
        ],
        "overdue": dossier.is_overdue(today()),
    }
    return render(request, "reviews/detail.html", context)


@require_POST
def dossier_move(request: HttpRequest, pk: int) -> HttpResponse:
    """One move of the workflow, from the dossier page's form for that step."""
    dossier = get_dossier_for_user(request.user, pk, Access.EDIT)
    to = request.POST.get("to", "")
    form = MoveForm(request.POST, prefix=to if to in DossierStatus.values else None)
    if not form.is_valid():
        messages.error(request, errors_said(form, labels=True))
        return redirect(dossier.get_absolute_url())
    if submit(
        request,
        services.dossier_move,
        form,
        values=form.details(),
        said=lambda error: errors_said(form, error, labels=True),
        dossier=dossier,
        to=form.cleaned_data["to"],
        on=form.cleaned_data["on"],
    ):
        messages.success(request, _("The dossier is now “%(step)s”.") % {"step": dossier.get_status_display()})
    return redirect(dossier.get_absolute_url())


@require_POST
def cost_add(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = get_dossier_for_user(request.user, pk, Access.EDIT)
    form = CostForm(request.POST)
    if posted_valid(request, form, _("Check the item and the amount.")):
        submit(request, services.cost_add, form, _("The cost line is added."), on_form=False, dossier=dossier)
    return redirect(dossier.get_absolute_url() + "#costs")


@require_POST
def cost_pay(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a payment: the line is posted as a spending line of the unit that holds the dossier."""
    line = get_cost_for_user(request.user, pk)
    form = PayForm(request.POST)
    if posted_valid(request, form, _("Check the amount and the date.")):
        submit(
            request, services.cost_pay, form, _("Paid, and posted to the unit's spending."), on_form=False, line=line
        )
    return redirect(line.dossier.get_absolute_url() + "#costs")


@require_http_methods(["GET", "POST"])
def profile_edit(request: HttpRequest) -> HttpResponse:
    """A union's days for each step of its dossiers, under the rules it chooses (starting from the shipped ones)."""
    node = get_dossier_org_for_user(
        request.user, org_permissions.node_asked(request, need=Access.MANAGE), need=Access.MANAGE
    )
    scope = request.POST.get("scope") or request.GET.get("scope") or services.profile_for(node).scope
    if scope not in ProfileScope.values:
        scope = ProfileScope.PROVINCIAL
    current = RegulationProfile.objects.filter(org=node, scope=scope).first() or RegulationProfile.objects.get(
        org__isnull=True, scope=scope
    )
    form = ProfileForm(request.POST or None, days=current.days, initial={"scope": scope})
    return form_page(
        request, form, services.profile_save, _("The days allowed for each step are saved."),
        to=f"{request.path}?org={node.pk}&scope={scope}", template="reviews/profile.html",
        title=_("Days allowed for each step"), context={"node": node, "profile": current},
        values=lambda: {"scope": form.cleaned_data["scope"], "days": form.days()}, org=node,
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest) -> HttpResponse:
    """A node's yearly plan of consultancy (how many topics), against which the year's dossiers are counted."""
    node = get_dossier_org_for_user(request.user, org_permissions.node_asked(request), need=Access.EDIT)
    year = today().year
    current = ReviewPlan.objects.filter(org=node, year=year).first()
    initial = {"year": year, "topics": current.topics if current else None, "note": current.note if current else ""}
    form = PlanForm(request.POST or None, initial=initial)
    return form_page(
        request, form, services.plan_set, _("The plan is saved."), to="reviews:list", template="reviews/plan.html",
        title=_("Yearly consultancy plan"),
        context={"node": node, "plans": ReviewPlan.objects.filter(org=node).order_by("-year")[:10]}, org=node,
    )  # fmt: skip


@require_POST
def expert_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Put an expert on the dossier with their declaration; refused, saying why, for a conflict no officer overrode."""
    dossier = get_dossier_for_user(request.user, pk, Access.EDIT)
    form = ExpertAssignForm(request.POST, experts=services.pickable_experts(dossier))
    if posted_valid(request, form, _("Choose an expert.")):
        moved = submit(
            request,
            services.dossier_assign_expert,
            form,
            said=lambda error: errors_said(form, error, labels=True),
            dossier=dossier,
        )
        if moved:
            messages.success(request, _("%(name)s is on the dossier.") % {"name": moved.result.expert.full_name})
    return redirect(dossier.get_absolute_url() + "#experts")


@require_POST
def expert_remove(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_assignment_for_user(request.user, pk, Access.EDIT)
    act(
        request,
        lambda: services.dossier_remove_expert(
            actor=request.user, assignment=row, reason=request.POST.get("reason", "")
        ),
        _("%(name)s is taken off the dossier.") % {"name": row.expert.full_name},
    )
    return redirect(row.dossier.get_absolute_url() + "#experts")


@require_POST
def expert_end(request: HttpRequest, pk: int) -> HttpResponse:
    """Change the day an expert's assignment ends (their deadline, and their access with it)."""
    row = get_assignment_for_user(request.user, pk, Access.EDIT)
    form = ExpertEndForm(request.POST)
    if not form.is_valid():
        messages.error(request, errors_said(form, labels=True))
        return redirect(row.dossier.get_absolute_url() + "#experts")
    if act(
        request,
        lambda: services.dossier_expert_set_end(actor=request.user, assignment=row, ends=form.cleaned_data["ends"]),
        said=lambda error: errors_said(form, error, labels=True),
    ):
        ends = form.cleaned_data["ends"]
        messages.success(
            request,
            _("%(name)s's assignment now ends %(day)s.") % {"name": row.expert.full_name, "day": f"{ends:%d/%m/%Y}"}
            if ends
            else _("%(name)s's assignment now runs until the dossier closes.") % {"name": row.expert.full_name},
        )
    return redirect(row.dossier.get_absolute_url() + "#experts")


@require_http_methods(["GET", "POST"])
def expert_declare(request: HttpRequest, pk: int) -> HttpResponse:
    """An expert's declaration of interest on a dossier they are on: by the expert, or typed by the office."""
    row = get_assignment_for_user(request.user, pk, Access.VIEW)
    own = row.expert.user_id is not None and row.expert.user_id == request.user.pk
    if not own and (dossier_level(request.user, row.dossier) or 0) < Access.EDIT:
        raise PermissionDenied
    form = DeclarationForm(
        request.POST or None, initial={"declared_link": row.declared_link, "declaration": row.declaration}
    )
    return form_page(
        request, form, services.dossier_expert_declare, _("The declaration is recorded."),
        to=row.dossier.get_absolute_url(), template="reviews/form.html",
        title=_("Declaration of interest: %(name)s") % {"name": row.expert.full_name},
        context={"dossier": row.dossier}, assignment=row,
    )  # fmt: skip
