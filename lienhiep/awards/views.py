from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lienhiep.awards import exporting, permissions, selectors, services
from lienhiep.awards.forms import (
    HonourEntryForm,
    NominationForm,
    NominationGrantForm,
    NominationRefuseForm,
    NominationSendForm,
    NominationWithdrawForm,
    RatingForm,
)
from lienhiep.awards.models import NominationStatus, Rating
from lienhiep.core import files
from lienhiep.core.forms import errors_said
from lienhiep.core.http import act, form_page, submit, url_with, year_param
from lienhiep.core.spreadsheets import download
from lienhiep.members.selectors import persons_ever_in
from lienhiep.orgs import permissions as org_permissions
from lienhiep.orgs.forms import unit_form
from lienhiep.orgs.models import Org
from lienhiep.orgs.permissions import Access
from lienhiep.orgs.selectors import today


@require_GET
def honour_list(request: HttpRequest) -> HttpResponse:
    _, context = exporting.HONOURS.shown(request, "honours")
    context["editable"] = org_permissions.editable_among(request.user, (h.org_id for h in context["honours"]))
    context["can_record"] = org_permissions.orgs_at_least(request.user, Access.EDIT).exists()
    return render(request, "awards/list.html", context)


# The list as filtered, written to Excel in the background (core.exports); a `?node=` not seen: 404.
honour_export = exporting.HONOURS.export_view()


@require_http_methods(["GET", "POST"])
def honour_new(request: HttpRequest) -> HttpResponse:
    node = permissions.get_honour_org_for_user(request.user, org_permissions.node_asked(request))
    orgs = org_permissions.orgs_at_least(request.user, Access.EDIT)
    form = unit_form(request, HonourEntryForm, node, orgs, persons=persons_ever_in(orgs))
    return form_page(
        request, form, services.honour_create, _("The honour has been recorded."), to="awards:list",
        template="awards/form.html", title=_("Record an honour"), org=node,
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def honour_edit(request: HttpRequest, pk: int) -> HttpResponse:
    honour = permissions.get_honour_for_user(request.user, pk, need=Access.EDIT)
    orgs = (org_permissions.orgs_at_least(request.user, Access.EDIT) | Org.objects.filter(pk=honour.org_id)).distinct()
    initial = {name: getattr(honour, name) for name in services.HONOUR_FIELDS}
    form = HonourEntryForm(
        request.POST or None, request.FILES or None, orgs=orgs, persons=persons_ever_in(orgs), initial=initial
    )
    return form_page(
        request, form, services.honour_update, _("The honour has been saved."), to="awards:list",
        template="awards/form.html", title=str(honour), context={"honour": honour}, honour=honour,
    )  # fmt: skip


@require_GET
def honour_scan(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The scan, to those who may read the honour; shown in the browser, in a sandbox."""
    honour = permissions.get_honour_for_user(request.user, pk)
    return files.serve_kept(
        honour.scan,
        named=lambda suffix: f"khen-thuong-{honour.decision_date:%Y-%m-%d}{suffix}",
        content_type=honour.scan_type,
        inline=True,
    )


@require_POST
def honour_delete(request: HttpRequest, pk: int) -> HttpResponse:
    honour = permissions.get_honour_for_user(request.user, pk, need=Access.EDIT)
    if act(
        request, lambda: services.honour_delete(actor=request.user, honour=honour), _("The honour has been deleted.")
    ):
        return redirect("awards:list")
    return redirect("awards:edit", pk=honour.pk)


@require_GET
def rating_list(request: HttpRequest) -> HttpResponse:
    node = org_permissions.org_from_param(request, "node", or_working=True)
    year = year_param(request.GET.get("year"), today().year - 1)
    orgs = org_permissions.orgs_at_least(request.user, Access.EDIT)
    context = {
        "node": node,
        "year": year,
        "years": list(range(today().year, today().year - 12, -1)),
        "ratings": selectors.ratings_in(node, year=year) if node else [],
        "history": selectors.ratings_of(node, first_year=year - 9, last_year=year) if node else [],
        "evidence": selectors.rating_evidence(node, year=year) if node else [],
        "heading": exporting.ratings_heading(node, year) if node else None,
        "export_url": url_with("awards:ratings_export", node=node.pk, year=year) if node else "",
        "form": RatingForm(orgs=orgs, initial={"year": year, "org": node, "rating": Rating.EXCELLENT})
        if orgs.exists()
        else None,
    }
    return render(request, "awards/ratings.html", context)


@require_GET
def ratings_export(request: HttpRequest) -> HttpResponse:
    """The ratings page as an Excel file: `?node=` (404 outside the user's tree; none: the working unit), `?year=`."""
    node = org_permissions.page_node(request)
    year = year_param(request.GET.get("year"), today().year - 1)
    ratings = selectors.ratings_in(node, year=year)
    history = selectors.ratings_of(node, first_year=year - 9, last_year=year)
    data = exporting.ratings_workbook(node, year, ratings, history)
    return download(data, f"xep-loai-thi-dua-{year}.xlsx")


@require_http_methods(["GET", "POST"])
def rating_set(request: HttpRequest) -> HttpResponse:
    node = permissions.get_rating_org_for_user(request.user, org_permissions.node_asked(request))
    orgs = org_permissions.orgs_at_least(request.user, Access.EDIT)
    form = unit_form(request, RatingForm, node, orgs, initial={"year": today().year - 1})
    return form_page(
        request, form, services.rating_set, _("The rating has been saved."),
        to=lambda rating: f"{reverse('awards:ratings')}?node={rating.org_id}&year={rating.year}",
        template="awards/form.html", title=_("Record an emulation rating"), org=node,
    )  # fmt: skip


# --- Nominations --------------------------------------------------------------------------------------------------


@require_GET
def nomination_list(request: HttpRequest) -> HttpResponse:
    _, context = exporting.NOMINATIONS.shown(request, "nominations")
    context["can_record"] = org_permissions.orgs_at_least(request.user, Access.EDIT).exists()
    return render(request, "awards/nominations.html", context)


# The list as filtered, written to Excel in the background (core.exports); a `?node=` not seen: 404.
nomination_export = exporting.NOMINATIONS.export_view()


def _nomination_form(request: HttpRequest, orgs: Any, initial: dict[str, Any]) -> NominationForm:
    return NominationForm(
        request.POST or None, request.FILES or None, orgs=orgs, persons=persons_ever_in(orgs), initial=initial
    )


@require_http_methods(["GET", "POST"])
def nomination_new(request: HttpRequest) -> HttpResponse:
    node = permissions.get_nomination_org_for_user(request.user, org_permissions.node_asked(request))
    orgs = org_permissions.orgs_at_least(request.user, Access.EDIT)
    initial = {"proposed_on": today(), "year": today().year}
    form = unit_form(request, NominationForm, node, orgs, persons=persons_ever_in(orgs), initial=initial)
    return form_page(
        request, form, services.nomination_create, _("The nomination has been recorded."),
        to=lambda nomination: reverse("awards:nomination", args=[nomination.pk]),
        template="awards/nomination_form.html", title=_("Propose for an honour"), org=node,
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def nomination_edit(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = permissions.get_nomination_for_user(request.user, pk, need=Access.EDIT)
    orgs = (
        org_permissions.orgs_at_least(request.user, Access.EDIT) | Org.objects.filter(pk=nomination.org_id)
    ).distinct()
    form = _nomination_form(request, orgs, {name: getattr(nomination, name) for name in services.NOMINATION_FIELDS})
    return form_page(
        request, form, services.nomination_update, _("The nomination has been saved."),
        to=reverse("awards:nomination", args=[nomination.pk]), template="awards/nomination_form.html",
        title=str(nomination), context={"nomination": nomination}, nomination=nomination,
    )  # fmt: skip


MOVE_FORMS: dict[
    str, type[NominationSendForm | NominationGrantForm | NominationRefuseForm | NominationWithdrawForm]
] = {
    NominationStatus.SENT: NominationSendForm,
    NominationStatus.GRANTED: NominationGrantForm,
    NominationStatus.REFUSED: NominationRefuseForm,
    NominationStatus.WITHDRAWN: NominationWithdrawForm,
}
# The service of each step, whose keywords are its form's fields.
MOVE_SERVICES: dict[str, Callable[..., Any]] = {
    NominationStatus.SENT: services.nomination_send,
    NominationStatus.GRANTED: services.nomination_grant,
    NominationStatus.REFUSED: services.nomination_refuse,
    NominationStatus.WITHDRAWN: services.nomination_withdraw,
}


@require_GET
def nomination_detail(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = permissions.get_nomination_for_user(request.user, pk)
    editable = org_permissions.can(request.user, nomination.org, Access.EDIT)
    steps = dict(NominationStatus.choices)
    on = today()
    moves = [
        (to, label, MOVE_FORMS[to](prefix=to, initial={"sent_on": on, "refused_on": on, "withdrawn_on": on}))
        for to, label in nomination.moves.items()
    ]
    context = {
        "nomination": nomination,
        "editable": editable,
        "moves": moves if editable else [],
        "files": nomination.files.all(),
        "history": [
            (e, steps.get(e.data.get("after"), "") if e.kind == "move" else e.data.get("file", ""))
            for e in selectors.nomination_history(nomination)
        ],
    }
    return render(request, "awards/nomination.html", context)


@require_POST
def nomination_move(request: HttpRequest, pk: int) -> HttpResponse:
    """One move of NOMINATION_TRANSITIONS, from the nomination page's form for that step (`to`)."""
    nomination = permissions.get_nomination_for_user(request.user, pk, need=Access.EDIT)
    to = request.POST.get("to", "")
    if to not in MOVE_FORMS:
        messages.error(request, _("Choose a step."))
        return redirect("awards:nomination", pk=nomination.pk)
    form = MOVE_FORMS[to](request.POST, request.FILES, prefix=to)
    if not form.is_valid():
        messages.error(request, errors_said(form, labels=True))
        return redirect("awards:nomination", pk=nomination.pk)
    service = MOVE_SERVICES[to]
    if submit(request, service, form, on_form=False, nomination=nomination):
        messages.success(request, _("The nomination is now “%(step)s”.") % {"step": nomination.get_status_display()})
    return redirect("awards:nomination", pk=nomination.pk)


@require_GET
def nomination_file(request: HttpRequest, pk: int) -> HttpResponseBase:
    """A file of a nomination's dossier, to those who may read the nomination; downloaded, never shown inline."""
    row = permissions.get_nomination_file_for_user(request.user, pk)
    return row.response()
