from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lienhiep.core import views as core_views
from lienhiep.core.forms import ImportLayoutForm
from lienhiep.core.http import progress_response
from lienhiep.core.models import BatchStatus
from lienhiep.core.paging import list_page
from lienhiep.core.spreadsheets import RowError, download
from lienhiep.experts import assignments, permissions, selectors, services
from lienhiep.experts.forms import AccountForm, ExpertFilterForm, ExpertForm
from lienhiep.experts.models import ExpertEvent, ExpertImport
from lienhiep.orgs import permissions as org_permissions
from lienhiep.orgs.forms import initial_unit
from lienhiep.orgs.models import Org
from lienhiep.orgs.permissions import Access


@require_GET
def expert_list(request: HttpRequest) -> HttpResponse:
    form = ExpertFilterForm(request.GET or None, nodes=org_permissions.orgs_at_least(request.user))
    filters = form.filters(selectors.ExpertFilters)
    rows = selectors.expert_list(visible_org_ids=org_permissions.org_ids_at_least(request.user), filters=filters)
    page, paging = list_page(request, rows, key="name_sort")
    names = selectors.expert_fields(page)
    for expert in page:
        expert.field_names = names.get(expert.pk, [])  # type: ignore[attr-defined]
    context = {
        "form": form,
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
    form = ExpertForm(
        request.POST or None, orgs=orgs, node=node, initial={"available": True, **initial_unit(request, node)}
    )
    if request.method == "POST" and form.is_valid():
        try:
            expert = services.expert_create(actor=request.user, **{**form.values(), "org": node})
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(name)s has been added to the experts.") % {"name": expert.full_name})
            return redirect("experts:detail", expert.pk)
    return render(request, "experts/form.html", {"form": form, "title": _("New expert")})


@require_http_methods(["GET", "POST"])
def expert_edit(request: HttpRequest, pk: int) -> HttpResponse:
    expert = permissions.get_expert_for_user(request.user, pk, need=Access.EDIT)
    orgs = Org.objects.filter(pk=expert.org_id)  # the list an expert is on does not change
    initial = {name: getattr(expert, name) for name in services.EXPERT_FIELDS}
    initial |= {"org": expert.org, "expertise": list(expert.fields.all())}
    form = ExpertForm(request.POST or None, orgs=orgs, node=expert.org, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.values().items() if k != "org"}
        try:
            services.expert_update(actor=request.user, expert=expert, **values)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The expert's record has been saved."))
            return redirect("experts:detail", expert.pk)
    return render(request, "experts/form.html", {"form": form, "title": expert.full_name, "expert": expert})


@require_http_methods(["GET", "POST"])
def expert_account(request: HttpRequest, pk: int) -> HttpResponse:
    """Create a login for this expert: an account without a role (it reaches only the records granted to it)."""
    expert = permissions.get_expert_for_user(request.user, pk, need=Access.MANAGE)
    form = AccountForm(request.POST or None, initial={"username": expert.email or ""})
    if request.method == "POST" and form.is_valid():
        try:
            services.expert_account_create(actor=request.user, expert=expert, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)  # the username's and the password's on their fields
        else:
            messages.success(
                request, _("The expert can now log in as %(name)s.") % {"name": form.cleaned_data["username"]}
            )
            return redirect("experts:detail", expert.pk)
    title = _("A login for %(name)s") % {"name": expert.full_name}
    return render(request, "experts/form.html", {"form": form, "title": title, "expert": expert, "account": True})


IMPORT_PAGE = "experts:import_batch"


@require_http_methods(["GET", "POST"])
def expert_import(request: HttpRequest) -> HttpResponse:
    """Upload a file of experts for a unit's list: checked for its size and content, kept, read in the background."""
    from lienhiep.experts import importing

    node = permissions.get_expert_org_for_user(request.user, org_permissions.node_asked(request))
    context: dict[str, object] = {"max_rows": importing.MAX_ROWS, "node": node}
    upload = request.FILES.get("file") if request.method == "POST" else None
    if request.method == "POST" and upload is None:
        context["problem"] = _("Choose a file to import.")
    elif upload is not None:
        try:
            if upload.size is not None and upload.size > importing.MAX_BYTES:
                raise ValidationError(_("The file is larger than %(mb)s MB.") % {"mb": importing.MAX_BYTES // 2**20})
            batch = services.expert_import_upload(
                actor=request.user, org=node, file_name=upload.name or "", data=upload.read()
            )
        except ValidationError as error:
            context["problem"] = " ".join(error.messages)
        else:
            return redirect(IMPORT_PAGE, pk=batch.pk)
    context["batches"] = ExpertImport.objects.filter(actor_id=request.user.pk).order_by("-created_at")[:10]
    return render(request, "experts/import.html", context)


@require_GET
def expert_import_batch(request: HttpRequest, pk: int) -> HttpResponse:
    """A file of experts as its reading and check stored it (never the file itself): the preview."""
    batch = permissions.get_expert_import_for_user(request.user, pk)
    layout = None
    if batch.status in (BatchStatus.CHECKED, BatchStatus.FAILED) and batch.table:
        layout = ImportLayoutForm(table=batch.table)
    context = {
        "batch": batch, "layout": layout, "table": batch.table, "node": batch.org,
        "errors": [RowError(*error) for error in batch.errors], "notes": [RowError(*note[:4]) for note in batch.notes],
        "capitals": any(note[4] == "capitals" for note in batch.notes),
    }  # fmt: skip
    return render(request, "experts/import_batch.html", context)


@require_GET
def expert_import_progress(request: HttpRequest, pk: int) -> HttpResponse:
    batch = permissions.get_expert_import_for_user(request.user, pk)
    return progress_response(request, "experts/_import_progress.html", {"batch": batch}, running=batch.running)


@require_POST
def expert_import_layout(request: HttpRequest, pk: int) -> HttpResponse:
    """Read the file again from another sheet or header row."""
    batch = permissions.get_expert_import_for_user(request.user, pk)
    return core_views.batch_layout(request, batch, read=services.expert_import_request_read, page=IMPORT_PAGE)


@require_POST
def expert_import_run(request: HttpRequest, pk: int) -> HttpResponseBase:
    """Import a checked file; the box asks to write the names typed in capitals in proper case."""
    batch = permissions.get_expert_import_for_user(request.user, pk)
    try:
        services.expert_import_request_apply(
            actor=request.user, batch=batch, proper_case=request.POST.get("proper_case") == "1"
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(IMPORT_PAGE, pk=batch.pk)


@require_POST
def expert_import_retry(request: HttpRequest, pk: int) -> HttpResponse:
    batch = permissions.get_expert_import_for_user(request.user, pk)
    return core_views.batch_action(request, batch, services.expert_import_retry, page=IMPORT_PAGE)


@require_POST
def expert_import_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    batch = permissions.get_expert_import_for_user(request.user, pk)
    done = _("The import has been cancelled; nothing of it was written.")
    return core_views.batch_action(request, batch, services.expert_import_cancel, page=IMPORT_PAGE, done=done)


@require_GET
def expert_import_template(request: HttpRequest) -> HttpResponse:
    from lienhiep.experts import importing

    permissions.get_expert_org_for_user(request.user, org_permissions.node_asked(request))
    return download(importing.template_xlsx(), "mau-nhap-chuyen-gia.xlsx")
