from __future__ import annotations

import calendar
import datetime as dt
import functools
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lienhiep.activities import exporting, permissions, selectors, services
from lienhiep.activities.forms import (
    ActivityEditForm,
    ActivityForm,
    FileForm,
    InitiativeForm,
    LimitsForm,
    PartnerForm,
    ProjectFilterForm,
    ProjectForm,
)
from lienhiep.activities.models import (
    FIGURES,
    LIMITS,
    Activity,
    ActivityKind,
    Partner,
    PlausibilityLimits,
)
from lienhiep.core import files
from lienhiep.core.http import act, form_page, submit, year_param
from lienhiep.core.paging import list_page
from lienhiep.members.selectors import persons_ever_in
from lienhiep.orgs import permissions as org_permissions
from lienhiep.orgs.forms import unit_form
from lienhiep.orgs.models import Org
from lienhiep.orgs.permissions import Access
from lienhiep.orgs.selectors import today

# --- Activities ------------------------------------------------------------------------------------


@require_GET
def activity_list(request: HttpRequest) -> HttpResponse:
    listed, context = exporting.ACTIVITIES.shown(request, "activities")
    # Activities the user's units only co-organised are marked as such.
    own = set(listed.visible) if listed.visible is not None else None
    for activity in context["activities"]:
        activity.joint = own is not None and activity.org_id not in own
    context |= {
        "can_record": org_permissions.orgs_at_least(request.user, Access.EDIT, active=True).exists(),
        # The working unit's ceilings, for its officer.
        "limits_node": working
        if (working := getattr(request, "working_org", None)) is not None
        and org_permissions.can(request.user, working, Access.MANAGE)
        else None,
    }
    template = "activities/_list_rows.html" if request.htmx else "activities/list.html"  # type: ignore[attr-defined]
    return render(request, template, context)


# The list as filtered, every row of it: CSV streamed now (?format=csv), Excel written in the background.
activity_export = exporting.ACTIVITIES.export_view()


@require_http_methods(["GET", "POST"])
def activity_new(request: HttpRequest) -> HttpResponse:
    node = permissions.get_activity_org_for_user(request.user, org_permissions.node_asked(request))
    orgs = org_permissions.orgs_at_least(request.user, Access.EDIT, active=True)
    initial = {"start_date": today(), "kind": request.GET.get("kind") or ActivityKind.TRAINING}
    form = unit_form(request, ActivityForm, node, orgs, persons=persons_ever_in(orgs), initial=initial)

    def warned(activity: Activity) -> HttpResponse:
        _warn(request, activity)
        return redirect("activities:detail", pk=activity.pk)

    return form_page(
        request, form, services.activity_create, _("The activity has been recorded."), to=warned,
        template="activities/form.html", title=_("Record an activity"), context={"figures": FORM_FIGURES}, org=node,
    )  # fmt: skip


def _warn(request: HttpRequest, activity: Activity) -> None:
    """Figures that are possible but unlikely, said as the activity is saved as typed (and on its page)."""
    for warning in selectors.activity_warnings(activity):
        messages.warning(request, warning)


# The members named are shown for the kinds that name them, as a figure is for its kinds.
FORM_FIGURES = (*FIGURES, "members")


def _form_context(form: Any, title: str, **extra: Any) -> dict[str, Any]:
    return {"form": form, "title": title, "figures": FORM_FIGURES, **extra}


@require_GET
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = permissions.get_activity_for_user(request.user, pk)
    files = list(activity.files.all())
    context = {
        "activity": activity,
        "photos": [f for f in files if f.kind == "photo"],
        "documents": [f for f in files if f.kind != "photo"],
        "co_organisers": activity.co_organisers.order_by("name_sort"),
        "partners": activity.partners.all(),
        "members": activity.members.order_by("name_sort"),
        "events": selectors.activity_events(activity)[:50],
        "can_edit": org_permissions.can(request.user, activity.org, Access.EDIT),
        "file_form": FileForm(),
        "warnings": selectors.activity_warnings(activity),
    }
    return render(request, "activities/detail.html", context)


@require_http_methods(["GET", "POST"])
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    activity = permissions.get_activity_for_user(request.user, pk, need=Access.EDIT)
    orgs = org_permissions.orgs_at_least(request.user, Access.EDIT, active=True) | Org.objects.filter(
        pk=activity.org_id
    )
    initial: dict[str, Any] = {name: getattr(activity, name) for name in services.ACTIVITY_FIELDS}
    initial.update(org=activity.org, co_organisers=list(activity.co_organisers.all()),
                   partners=list(activity.partners.all()), members=list(activity.members.all()))  # fmt: skip
    form = ActivityEditForm(
        request.POST or None, orgs=orgs.distinct(), co_orgs=org_permissions.orgs_at_least(request.user),
        persons=persons_ever_in(orgs.distinct()), initial=initial,
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        new_org = form.cleaned_data["org"]
        if not org_permissions.can(request.user, new_org, Access.EDIT):
            raise PermissionDenied
        if submit(
            request,
            services.activity_update,
            form,
            _("The activity has been saved."),
            values=form.activity_values(),
            activity=activity,
            org=new_org,
            co_organisers=form.cleaned_data["co_organisers"],
            partners=form.cleaned_data["partners"],
        ):
            _warn(request, activity)
            return redirect("activities:detail", pk=activity.pk)
    return render(request, "activities/form.html", _form_context(form, activity.title, activity=activity))


@require_POST
def activity_delete(request: HttpRequest, pk: int) -> HttpResponse:
    activity = permissions.get_activity_for_user(request.user, pk, need=Access.EDIT)
    services.activity_delete(actor=request.user, activity=activity)
    messages.success(request, _("The activity has been deleted."))
    return redirect("activities:list")


@require_POST
def file_add(request: HttpRequest, pk: int) -> HttpResponse:
    activity = permissions.get_activity_for_user(request.user, pk, need=Access.EDIT)
    form = FileForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file."))
        return redirect("activities:detail", pk=activity.pk)
    added = 0
    for upload in form.cleaned_data["upload"]:
        if act(
            request, functools.partial(services.activity_file_add, actor=request.user, activity=activity, upload=upload)
        ):
            added += 1
    if added:
        messages.success(request, _("%(n)s file(s) added.") % {"n": added})
    return redirect("activities:detail", pk=activity.pk)


@require_GET
def file_serve(request: HttpRequest, pk: int) -> HttpResponseBase:
    file = permissions.get_file_for_user(request.user, pk)
    thumbnail = request.GET.get("size") == "thumb"
    return files.serve(
        services.file_path(file, thumbnail=thumbnail),
        filename=file.original_name, content_type=file.content_type, inline=file.kind == "photo",
    )  # fmt: skip


@require_POST
def file_delete(request: HttpRequest, pk: int) -> HttpResponse:
    file = permissions.get_file_for_user(request.user, pk, need=Access.EDIT)
    activity_pk = file.activity_id
    services.activity_file_remove(actor=request.user, file=file)
    messages.success(request, _("The file has been removed."))
    return redirect("activities:detail", pk=activity_pk)


# --- Calendar and overview ------------------------------------------------------------------------


def _node_param(request: HttpRequest) -> Any:
    return org_permissions.org_from_param(request, "node")


@require_GET
def activity_calendar(request: HttpRequest) -> HttpResponse:
    node = _node_param(request)
    now = today()
    try:
        year, month = (int(part) for part in request.GET.get("month", "").split("-"))
        if year != year_param(year, 0):  # the calendar's weeks and spans reach past the month: keep to real years
            raise ValueError(year)
        dt.date(year, month, 1)
    except ValueError:
        year, month = now.year, now.month
    rows = selectors.activities_in_month(
        visible_org_ids=org_permissions.org_ids_at_least(request.user), node=node, year=year, month=month
    )
    by_day: dict[dt.date, list[Activity]] = {}
    first, day = dt.date(year, month, 1), dt.timedelta(days=1)
    for activity in rows:
        on = max(activity.start_date, first)
        while on <= (activity.end_date or activity.start_date) and on.month == month:
            by_day.setdefault(on, []).append(activity)
            on += day
    weeks = [
        [(day, by_day.get(day, [])) for day in week] for week in calendar.Calendar().monthdatescalendar(year, month)
    ]
    previous = dt.date(year, month, 1) - dt.timedelta(days=1)
    following = dt.date(year, month, 28) + dt.timedelta(days=7)
    context = {
        "node": node,
        "weeks": weeks,
        "month": dt.date(year, month, 1),
        "previous": f"{previous.year}-{previous.month:02d}",
        "next": f"{following.year}-{following.month:02d}",
        "count": len(rows),
        "today": now,
    }
    return render(request, "activities/calendar.html", context)


@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    """The overview moved to `reporting:overview` (it reads every app's figures); old links keep working."""
    return _moved("reporting:overview", request)


@require_GET
def overview_export(request: HttpRequest) -> HttpResponse:
    """The overview's Excel file moved to `reporting:overview_export`; the node is checked first, as there."""
    org_permissions.page_node(request)
    return _moved("reporting:overview_export", request)


def _moved(name: str, request: HttpRequest) -> HttpResponse:
    query = request.GET.urlencode()
    return HttpResponseRedirect(reverse(name) + (f"?{query}" if query else ""))


# --- Models and projects ---------------------------------------------------------------------------


@require_GET
def project_list(request: HttpRequest) -> HttpResponse:
    listed = org_permissions.filtered(
        request.user, request.GET, ProjectFilterForm, selectors.project_list, selectors.ProjectFilters
    )
    page, paging = list_page(request, listed.rows, key="started_on")
    context = {
        "form": listed.form,
        "projects": page,
        **paging,
        "can_record": org_permissions.orgs_at_least(request.user, Access.EDIT, active=True).exists(),
    }
    return render(request, "activities/projects.html", context)


@require_http_methods(["GET", "POST"])
def project_new(request: HttpRequest) -> HttpResponse:
    node = permissions.get_project_org_for_user(request.user, org_permissions.node_asked(request))
    orgs = org_permissions.orgs_at_least(request.user, Access.EDIT, active=True)
    form = unit_form(request, ProjectForm, node, orgs)
    return form_page(
        request, form, services.project_create, _("The model or project has been recorded."),
        to=lambda project: reverse("activities:project", args=[project.pk]), template="activities/project_form.html",
        title=_("Record a model or project"), org=node,
    )  # fmt: skip


@require_GET
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = permissions.get_project_for_user(request.user, pk)
    context = {
        "project": project,
        "partners": project.partners.all(),
        "events": selectors.project_events(project)[:50],
        "can_edit": org_permissions.can(request.user, project.org, Access.EDIT),
    }
    return render(request, "activities/project_detail.html", context)


@require_http_methods(["GET", "POST"])
def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    project = permissions.get_project_for_user(request.user, pk, need=Access.EDIT)
    orgs = (
        org_permissions.orgs_at_least(request.user, Access.EDIT, active=True) | Org.objects.filter(pk=project.org_id)
    ).distinct()
    initial: dict[str, Any] = {name: getattr(project, name) for name in services.PROJECT_FIELDS}
    initial.update(org=project.org, partners=list(project.partners.all()))
    form = ProjectForm(request.POST or None, orgs=orgs, initial=initial)
    return form_page(
        request, form, services.project_update, _("The model or project has been saved."),
        to=reverse("activities:project", args=[project.pk]), template="activities/project_form.html",
        title=project.title, context={"project": project}, project=project,
    )  # fmt: skip


@require_POST
def project_delete(request: HttpRequest, pk: int) -> HttpResponse:
    project = permissions.get_project_for_user(request.user, pk, need=Access.EDIT)
    services.project_delete(actor=request.user, project=project)
    messages.success(request, _("The model or project has been deleted."))
    return redirect("activities:projects")


# --- Plausibility ceilings ------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def limits(request: HttpRequest) -> HttpResponse:
    """A union's ceilings for the figures its units enter (?node=); its officer sets them."""
    # The unit is named in the query string (the form posts to its own address), or in the form.
    asked = request.GET.get("node") or org_permissions.node_asked(request, "node", need=Access.MANAGE)
    node = permissions.get_limits_org_for_user(request.user, asked)
    current = selectors.plausibility_limits(node)
    own = PlausibilityLimits.objects.filter(org=node).first()
    initial = {name: getattr(own, name) for name in LIMITS} if own else {}
    form = LimitsForm(request.POST or None, initial=initial)
    for name in LIMITS:
        form.fields[name].help_text = _("In force: %(value)s") % {"value": f"{current[name]:,}".replace(",", ".")}
    return form_page(
        request, form, services.plausibility_limits_set, _("The ceilings have been saved."),
        to=f"{reverse('activities:limits')}?node={node.pk}", template="activities/simple_form.html",
        title=_("Ceilings for entered figures: %(unit)s") % {"unit": node.name}, org=node,
    )  # fmt: skip


# --- Partners ------------------------------------------------------------------------------------


@require_GET
def partner_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "")
    visible = org_permissions.org_ids_at_least(request.user)
    # The registry is shared by every unit, but a user who sees no unit (no role: an expert) sees none of it.
    partners = selectors.partner_list(visible_org_ids=visible, q=q) if visible != [] else Partner.objects.none()
    context = {
        "partners": partners[:500],
        "q": q,
        "can_record": org_permissions.orgs_at_least(request.user, Access.EDIT, active=True).exists(),
    }
    return render(request, "activities/partners.html", context)


@require_http_methods(["GET", "POST"])
def partner_new(request: HttpRequest) -> HttpResponse:
    node = permissions.get_partner_org_for_user(request.user, org_permissions.node_asked(request))
    orgs = org_permissions.orgs_at_least(request.user, Access.EDIT, active=True)
    form = unit_form(request, PartnerForm, node, orgs)
    return form_page(
        request, form, services.partner_create,
        lambda partner: _("%(name)s has been added to the partners.") % {"name": partner.name},
        to="activities:partners", template="activities/simple_form.html", title=_("New partner"), org=node,
    )  # fmt: skip


# --- Initiatives ------------------------------------------------------------------------------------


@require_GET
def initiative_list(request: HttpRequest) -> HttpResponse:
    _, context = exporting.INITIATIVES.shown(request, "initiatives")
    context["editable"] = org_permissions.editable_among(request.user, (i.org_id for i in context["initiatives"]))
    context["can_record"] = org_permissions.orgs_at_least(request.user, Access.EDIT, active=True).exists()
    return render(request, "activities/initiatives.html", context)


# The list as filtered, written to Excel in the background (core.exports); a `?node=` not seen: 404.
initiative_export = exporting.INITIATIVES.export_view()


@require_http_methods(["GET", "POST"])
def initiative_new(request: HttpRequest) -> HttpResponse:
    node = permissions.get_initiative_org_for_user(request.user, org_permissions.node_asked(request))
    orgs = org_permissions.orgs_at_least(request.user, Access.EDIT, active=True)
    form = unit_form(request, InitiativeForm, node, orgs, persons=persons_ever_in(orgs), initial={"year": today().year})
    return form_page(
        request, form, services.initiative_create, _("The initiative has been recorded."), to="activities:initiatives",
        template="activities/simple_form.html", title=_("Record an initiative"), org=node,
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def initiative_edit(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = permissions.get_initiative_for_user(request.user, pk, need=Access.EDIT)
    orgs = (
        org_permissions.orgs_at_least(request.user, Access.EDIT, active=True) | Org.objects.filter(pk=initiative.org_id)
    ).distinct()
    initial: dict[str, Any] = {name: getattr(initiative, name) for name in services.INITIATIVE_FIELDS}
    initial["authors"] = list(initiative.authors.all())
    form = InitiativeForm(request.POST or None, orgs=orgs, persons=persons_ever_in(orgs), initial=initial)
    if request.method == "POST" and form.is_valid():
        if not org_permissions.can(request.user, form.cleaned_data["org"], Access.EDIT):
            raise PermissionDenied
        if submit(
            request,
            services.initiative_update,
            form,
            _("The initiative has been saved."),
            initiative=initiative,
        ):
            return redirect("activities:initiatives")
    context = {"form": form, "title": initiative.title, "initiative": initiative}
    return render(request, "activities/simple_form.html", context)


@require_POST
def initiative_delete(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = permissions.get_initiative_for_user(request.user, pk, need=Access.EDIT)
    services.initiative_delete(actor=request.user, initiative=initiative)
    messages.success(request, _("The initiative has been deleted."))
    return redirect("activities:initiatives")
