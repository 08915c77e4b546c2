from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lienhiep.awards import permissions, selectors, services
from lienhiep.awards.forms import HonourEntryForm, HonourFilterForm, RatingForm
from lienhiep.awards.models import Rating
from lienhiep.core import files
from lienhiep.core.http import year_param
from lienhiep.core.paging import list_page
from lienhiep.members.selectors import persons_ever_in
from lienhiep.orgs import permissions as org_permissions
from lienhiep.orgs.models import Org
from lienhiep.orgs.permissions import Access
from lienhiep.orgs.selectors import today


@require_GET
def honour_list(request: HttpRequest) -> HttpResponse:
    form = HonourFilterForm(request.GET or None, nodes=permissions.visible_nodes(request.user))
    filters = form.filters(selectors.HonourFilters)
    rows = selectors.honour_list(visible_org_ids=permissions.visible_org_ids(request.user), filters=filters)
    page, paging = list_page(request, rows, key="decision_date")
    context = {
        "form": form,
        "honours": page,
        "editable": org_permissions.editable_among(request.user, (h.org_id for h in page)),
        **paging,
        "can_record": permissions.recording_orgs(request.user).exists(),
    }
    return render(request, "awards/list.html", context)


@transaction.atomic
def _save(request: HttpRequest, form: HonourEntryForm, honour: Any = None) -> Any:
    """The honour and, if one was chosen, its scan: both or neither."""
    values = dict(form.cleaned_data)
    scan = values.pop("scan", None)
    if not org_permissions.can(request.user, values["org"], Access.EDIT):
        raise PermissionDenied
    if honour is None:
        honour = services.honour_create(actor=request.user, **values)
    else:
        honour = services.honour_update(actor=request.user, honour=honour, **values)
    if scan:
        files.check_size(scan.name or "", scan.size)  # before it is read into memory
        services.honour_scan_attach(actor=request.user, honour=honour, name=scan.name or "", data=scan.read())
    return honour


@require_http_methods(["GET", "POST"])
def honour_new(request: HttpRequest) -> HttpResponse:
    orgs = permissions.recording_orgs(request.user)
    if not orgs.exists():
        raise PermissionDenied
    form = HonourEntryForm(request.POST or None, request.FILES or None, orgs=orgs, persons=persons_ever_in(orgs))
    if request.method == "POST" and form.is_valid():
        try:
            _save(request, form)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The honour has been recorded."))
            return redirect("awards:list")
    return render(request, "awards/form.html", {"form": form, "title": _("Record an honour")})


@require_http_methods(["GET", "POST"])
def honour_edit(request: HttpRequest, pk: int) -> HttpResponse:
    honour = permissions.get_honour_for_user(request.user, pk, need=Access.EDIT)
    orgs = (permissions.recording_orgs(request.user) | Org.objects.filter(pk=honour.org_id)).distinct()
    initial = {name: getattr(honour, name) for name in services.HONOUR_FIELDS}
    form = HonourEntryForm(
        request.POST or None, request.FILES or None, orgs=orgs, persons=persons_ever_in(orgs), initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            _save(request, form, honour)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The honour has been saved."))
            return redirect("awards:list")
    context = {"form": form, "title": str(honour), "honour": honour}
    return render(request, "awards/form.html", context)


@require_GET
def honour_scan(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The scan, to those who may read the honour; shown in the browser, in a sandbox."""
    honour = permissions.get_honour_for_user(request.user, pk)
    if not honour.scan:
        raise Http404
    name = f"khen-thuong-{honour.decision_date:%Y-%m-%d}{Path(honour.scan).suffix}"
    return files.serve(files.path(honour.scan), filename=name, content_type=honour.scan_type, inline=True)


@require_POST
def honour_delete(request: HttpRequest, pk: int) -> HttpResponse:
    honour = permissions.get_honour_for_user(request.user, pk, need=Access.EDIT)
    services.honour_delete(actor=request.user, honour=honour)
    messages.success(request, _("The honour has been deleted."))
    return redirect("awards:list")


@require_GET
def rating_list(request: HttpRequest) -> HttpResponse:
    node = org_permissions.org_from_param(request.user, request.GET.get("node")) or getattr(
        request, "working_org", None
    )
    year = year_param(request.GET.get("year"), today().year - 1)
    orgs = permissions.recording_orgs(request.user)
    context = {
        "node": node,
        "nodes": permissions.visible_nodes(request.user),
        "year": year,
        "years": list(range(today().year, today().year - 12, -1)),
        "ratings": selectors.ratings_in(node, year=year) if node else [],
        "history": selectors.ratings_of(node, first_year=year - 9, last_year=year) if node else [],
        "form": RatingForm(orgs=orgs, initial={"year": year, "org": node, "rating": Rating.EXCELLENT})
        if orgs.exists()
        else None,
    }
    return render(request, "awards/ratings.html", context)


@require_http_methods(["GET", "POST"])
def rating_set(request: HttpRequest) -> HttpResponse:
    orgs = permissions.recording_orgs(request.user)
    if not orgs.exists():
        raise PermissionDenied
    form = RatingForm(request.POST or None, orgs=orgs, initial={"year": today().year - 1})
    if request.method == "POST" and form.is_valid():
        try:
            row = services.rating_set(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The rating has been saved."))
            return redirect(f"{reverse('awards:ratings')}?node={row.org_id}&year={row.year}")
    return render(request, "awards/form.html", {"form": form, "title": _("Record an emulation rating")})
