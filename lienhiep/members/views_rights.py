"""Pages of the personal data duties: data subjects' requests (recorded, handled, answered by a deadline) and the
breach register, for the officers of the units they belong to."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lienhiep.core.forms import posted_valid
from lienhiep.core.http import form_page, submit
from lienhiep.members import permissions, selectors, services
from lienhiep.members.forms import BreachForm, BreachNoticeForm, SubjectRequestForm, SubjectRequestMoveForm
from lienhiep.members.models import REQUEST_TRANSITIONS, RegistryEvent
from lienhiep.orgs import permissions as org_permissions
from lienhiep.orgs.forms import unit_form
from lienhiep.orgs.permissions import Access
from lienhiep.orgs.selectors import today


def _managed(request: HttpRequest):  # type: ignore[no-untyped-def]
    return org_permissions.orgs_at_least(request.user, Access.MANAGE, active=True)


@require_GET
def request_list(request: HttpRequest) -> HttpResponse:
    rows = list(selectors.subject_requests_visible_to(request.user)[:500])
    context = {
        "rows": rows,
        "today": today(),
        "overdue": sum(1 for r in rows if r.is_overdue(today())),
        "can_add": _managed(request).exists(),
    }
    return render(request, "members/requests.html", context)


@require_http_methods(["GET", "POST"])
def request_new(request: HttpRequest) -> HttpResponse:
    node = permissions.get_rights_org_for_user(request.user, org_permissions.node_asked(request, need=Access.MANAGE))
    form = unit_form(request, SubjectRequestForm, node, _managed(request))
    return form_page(
        request, form, services.subject_request_record, _("The request has been recorded."),
        to=lambda row: reverse("members:request_detail", args=[row.pk]), template="members/rights_form.html",
        title=_("New data subject request"), org=node,
    )  # fmt: skip


@require_GET
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    row = permissions.get_subject_request_for_user(request.user, pk)
    can_move = org_permissions.can(request.user, row.org, Access.MANAGE) and bool(REQUEST_TRANSITIONS[row.status])
    form = SubjectRequestMoveForm(moves_from=row.status)
    events = RegistryEvent.objects.filter(target="request", target_id=row.pk).select_related("actor").order_by("at")
    context = {"row": row, "form": form, "can_move": can_move, "events": events, "today": today()}
    return render(request, "members/request_detail.html", context)


@require_POST
def request_move(request: HttpRequest, pk: int) -> HttpResponse:
    row = permissions.get_subject_request_for_user(request.user, pk, need=Access.MANAGE)
    form = SubjectRequestMoveForm(request.POST, moves_from=row.status)
    if posted_valid(request, form, _("Choose a status the request may move to.")):
        data = form.cleaned_data
        values = {"status": data["status"], "reply": data["reply"], "handler": request.user if data["take"] else None}
        submit(
            request,
            services.subject_request_move,
            form,
            _("The request has been moved on."),
            values=values,
            on_form=False,
            request=row,
        )
    return redirect("members:request_detail", pk=row.pk)


@require_GET
def breach_list(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    rows = list(selectors.breaches_visible_to(request.user)[:500])
    editable = {b.org_id for b in rows if org_permissions.can(request.user, b.org, Access.MANAGE)}
    context = {
        "rows": [(b, b.notice_late(now)) for b in rows],
        "editable": editable,
        "can_add": _managed(request).exists(),
        "notice_form": BreachNoticeForm(),
    }
    return render(request, "members/breaches.html", context)


@require_http_methods(["GET", "POST"])
def breach_new(request: HttpRequest) -> HttpResponse:
    node = permissions.get_rights_org_for_user(request.user, org_permissions.node_asked(request, need=Access.MANAGE))
    form = unit_form(request, BreachForm, node, _managed(request))
    return form_page(
        request, form, services.breach_record, _("The breach has been recorded."), to="members:breaches",
        template="members/rights_form.html", title=_("New personal data breach"), values=form.details, org=node,
    )  # fmt: skip


@require_POST
def breach_notify(request: HttpRequest, pk: int) -> HttpResponse:
    breach = permissions.get_breach_for_user(request.user, pk, need=Access.MANAGE)
    form = BreachNoticeForm(request.POST)
    if posted_valid(request, form, _("Enter the date and time of the notice.")):
        values = {"notified_at": form.notified_at(), "reference": form.cleaned_data["reference"]}
        submit(
            request,
            services.breach_notify,
            form,
            _("The notice to the authority has been recorded."),
            values=values,
            on_form=False,
            breach=breach,
        )
    return redirect("members:breaches")
