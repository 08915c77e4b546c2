"""The report pages: the list, a new report, the report shown as it will print with its figures as chips, each text
block edited in place (htmx), the side panel (a figure, a block's history and comments), the moves of its life, its
files, and a union's own copy of a template. Thin: an access check, a form, one service call, a page."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lienhiep.core import files
from lienhiep.core.forms import errors_said, posted_valid
from lienhiep.core.http import act, form_page, progress_response, submit
from lienhiep.core.paging import list_page
from lienhiep.core.permissions import get_or_404
from lienhiep.core.templatetags.vn import vnum
from lienhiep.governance.models import Congress, Meeting
from lienhiep.orgs import permissions as org_permissions
from lienhiep.orgs.forms import unit_form
from lienhiep.orgs.models import Org
from lienhiep.orgs.permissions import Access
from lienhiep.reporting import permissions, registry, selectors, services, sheet
from lienhiep.reporting.forms import (
    ApproveForm,
    BlockSourceForm,
    BlockTextForm,
    CommentForm,
    IssueForm,
    OverrideForm,
    ReportCreateForm,
    ReportFilterForm,
    ScanForm,
    TemplateCopyForm,
    WithdrawForm,
    adapted_structure,
    runs_as_text,
    template_sections,
)
from lienhiep.reporting.models import (
    EDITABLE_STATUSES,
    LIVE_STATUSES,
    Block,
    BlockKind,
    FigureSource,
    Rendering,
    RenderStatus,
    ReportStatus,
    ReportTemplate,
)
from lienhiep.reporting.permissions import ReportAccess

FORMATS: dict[str, str] = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def _report_org(request: HttpRequest) -> Org:
    """The unit a new report or a template's copy is for (`node_asked`): 404 outside the user's tree, 403 without
    MANAGE on it (officers create reports, §5.8)."""
    return org_permissions.get_org_for_user(
        request.user, org_permissions.node_asked(request, need=Access.MANAGE), need=Access.MANAGE
    )


def _drift(report: Any) -> list[dict[str, Any]]:
    """The nightly check's findings (`Report.drift`) as the banner says them: each figure's label, then and now."""
    rows = []
    for change in report.drift if report.status not in LIVE_STATUSES else []:
        try:
            label = str(registry.spec(change.get("key", "")).label)
        except ValidationError:
            label = change.get("key", "")
        rows.append(
            {
                "label": label,
                "then": change.get("value"),
                "now": change.get("now"),
                "campaign": change.get("campaign"),
                "records": change.get("records"),
            }
        )
    return rows


def _can(user: Any, report: Any) -> dict[str, bool]:
    allowed = permissions.report_access(user, report) or set()
    return {name.value: name in allowed for name in ReportAccess}


# --- The list and a new report ------------------------------------------------------------------


@require_GET
def report_list(request: HttpRequest) -> HttpResponse:
    """The reports of the units the user sees (and the issued ones of the units above them), newest period first;
    filtered by unit, kind, status and year."""
    form = org_permissions.filter_form(request.user, request.GET, ReportFilterForm)
    data = form.cleaned_data if form.is_valid() else {}
    rows = selectors.report_list(
        request.user,
        org=data.get("node"),
        kind=data.get("kind") or "",
        status=data.get("status") or "",
        year=data.get("year"),
    )
    page, paging = list_page(request, rows, key="period_end")
    context = {
        "form": form,
        "reports": page,
        **paging,
        "can_create": org_permissions.holds_at_least(request.user, Access.MANAGE),
    }
    return render(request, "reporting/list.html", context)


@require_http_methods(["GET", "POST"])
def report_new(request: HttpRequest) -> HttpResponse:
    node = _report_org(request)
    orgs = org_permissions.orgs_at_least(request.user, Access.MANAGE)
    form = unit_form(
        request,
        ReportCreateForm,
        node,
        orgs,
        templates=ReportTemplate.objects.filter(Q(org__isnull=True) | Q(org=node)).order_by("kind", "name", "-version"),
        congresses=Congress.objects.filter(org=node).select_related("org").order_by("-held_on"),
    )
    return form_page(
        request, form, services.report_create, _("The report has been created from its template."),
        to=lambda report: reverse("reporting:detail", args=[report.pk]), template="reporting/new.html",
        title=_("Create a report"), org=node,
    )  # fmt: skip


# --- The report page ----------------------------------------------------------------------------


def _page(request: HttpRequest, report: Any, **extra: Any) -> dict[str, Any]:
    can = _can(request.user, report)
    editable = can["edit"] and report.status in EDITABLE_STATUSES
    built = sheet.sheet(report, user=request.user, editable=editable)
    return {
        "report": report,
        "sheet": built,
        "can": can,
        "editable": editable,
        "problems": built.problems,
        "drift": _drift(report),
        "events": selectors.history(report)[:12],
        "sections_toggle": editable,
        "all_sections": report.sections.order_by("order") if editable else [],
        **extra,
    }


@require_GET
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = permissions.get_report_for_user(request.user, pk)
    context = _page(request, report, **_files(request, report))
    return render(request, "reporting/report.html", context)


@require_GET
def report_panel(request: HttpRequest, pk: int) -> HttpResponse:
    """The side panel as the page opens it (how to use the page, the sections, the history)."""
    report = permissions.get_report_for_user(request.user, pk)
    can = _can(request.user, report)
    editable = can["edit"] and report.status in EDITABLE_STATUSES
    context = {
        "report": report,
        "can": can,
        "events": selectors.history(report)[:12],
        "sections_toggle": editable,
        "all_sections": report.sections.order_by("order") if editable else [],
    }
    return render(request, "reporting/_panel_intro.html", context)


def _block_response(request: HttpRequest, block: Block, report: Any) -> HttpResponse:
    can = _can(request.user, report)
    editable = can["edit"] and report.status in EDITABLE_STATUSES
    built = sheet.sheet(report, user=request.user, editable=editable)
    info = built.block(block.pk)
    if info is None:  # left out of the print (its section, or a block that prints nothing)
        return HttpResponse("")
    return render(request, "reporting/_block.html", {"info": info, "report": report, "can": can, "tools": True})


@require_GET
def block_view(request: HttpRequest, pk: int) -> HttpResponse:
    block, report = permissions.get_block_for_user(request.user, pk, need=ReportAccess.VIEW)
    if not request.headers.get("HX-Request"):
        return redirect(f"{reverse('reporting:detail', args=[report.pk])}#block-{block.pk}")
    return _block_response(request, block, report)


@require_http_methods(["GET", "POST"])
def block_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """A text block's words, edited in place: its figures come back by their number only (forms.BlockTextForm)."""
    block, report = permissions.get_block_for_user(request.user, pk, need=ReportAccess.EDIT)
    if block.kind != BlockKind.TEXT:
        raise Http404
    original = list((block.content or {}).get("runs", []))
    form = BlockTextForm(request.POST or None, original=original)
    if request.method == "POST" and form.is_valid():
        content = {**(block.content or {}), "runs": form.cleaned_data["new_runs"]}
        if act(request, lambda: services.block_edit(actor=request.user, block=block, content=content), form=form):
            if request.headers.get("HX-Request"):  # the block is printed again by its own read (block_view)
                return render(request, "reporting/_block_reload.html", {"block_id": block.pk})
            messages.success(request, _("The paragraph has been saved."))
            return redirect(f"{reverse('reporting:detail', args=[report.pk])}#block-{block.pk}")
    built = sheet.sheet(report, user=request.user, editable=True)
    printed = sheet.printed_tokens(built, block.pk)
    if request.method == "GET":
        shown = {n: text for n, (text, _label) in printed.items()}
        form = BlockTextForm(initial={"text": runs_as_text(original, shown)}, original=original)
    editor_runs = sheet.editor_runs(original, printed)
    context = {"the_block": block, "report": report, "form": form, "editor_runs": json.dumps(editor_runs)}
    template = "reporting/_block_edit.html" if request.headers.get("HX-Request") else "reporting/block_edit.html"
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
def block_source(request: HttpRequest, pk: int) -> HttpResponse:
    """Where a block's figures come from (the records, or a campaign's accepted submissions): the side panel's
    form, then `services.block_source`."""
    block, report = permissions.get_block_for_user(request.user, pk, need=ReportAccess.EDIT)
    if block.kind not in services.SOURCED_BLOCKS:
        raise Http404
    offered = services.source_choices(report, user=request.user)
    content = block.content or {}
    initial = {"campaign": content.get("campaign"), "section": content.get("campaign_section", "")}
    form = BlockSourceForm(request.POST or None, offered=offered, initial=initial)
    htmx = bool(request.headers.get("HX-Request"))

    def answer(_block: Block) -> HttpResponse | str:
        # From the side panel (htmx) the page reloads itself, the block's figures counted afresh; without htmx, the
        # report at the block.
        if htmx:
            return HttpResponse("", headers={"HX-Refresh": "true"})
        return f"{reverse('reporting:detail', args=[report.pk])}#block-{block.pk}"

    return form_page(
        request,
        form,
        services.block_source,
        "" if htmx else _("The source of the figures has been saved."),
        to=answer,
        template="reporting/_source_panel.html",
        title=_("Source of the figures"),
        context={"the_block": block, "report": report, "offered": offered},
        block=block,
    )


@require_GET
def block_history(request: HttpRequest, pk: int) -> HttpResponse:
    block, report = permissions.get_block_for_user(request.user, pk, need=ReportAccess.VIEW)
    revisions = [
        {"at": r.at, "actor": r.actor, "before_text": runs_as_text(r.before.get("runs", [])),
         "after_text": runs_as_text(r.after.get("runs", []))}
        for r in block.revisions.select_related("actor")
    ]  # fmt: skip
    return render(
        request, "reporting/_history_panel.html", {"the_block": block, "report": report, "revisions": revisions}
    )


@require_http_methods(["GET", "POST"])
def block_comments(request: HttpRequest, pk: int) -> HttpResponse:
    """A block's comments, and a new one (reviewers: whoever may comment on the report)."""
    need = ReportAccess.COMMENT if request.method == "POST" else ReportAccess.VIEW
    block, report = permissions.get_block_for_user(request.user, pk, need=need)
    can = _can(request.user, report)
    form = CommentForm(request.POST or None) if can["comment"] else None
    if request.method == "POST" and form is not None and form.is_valid():
        if submit(request, services.block_comment, form, block=block):
            if not request.headers.get("HX-Request"):
                return redirect(f"{reverse('reporting:detail', args=[report.pk])}#block-{block.pk}")
            form = CommentForm()
    comments = block.comments.select_related("author").order_by("created_at", "id")
    context = {"the_block": block, "report": report, "comments": comments, "form": form, "can": can}
    return render(request, "reporting/_comments_panel.html", context)


@require_POST
def comment_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    comment, report = permissions.get_comment_for_user(request.user, pk)  # its author, or an editor
    act(request, lambda: services.comment_resolve(actor=request.user, comment=comment))
    if comment.block is None or not request.headers.get("HX-Request"):
        return redirect("reporting:detail", pk=report.pk)
    comments = comment.block.comments.select_related("author").order_by("created_at", "id")
    context = {
        "the_block": comment.block,
        "report": report,
        "comments": comments,
        "form": CommentForm(),
        "can": _can(request.user, report),
    }
    return render(request, "reporting/_comments_panel.html", context)


@require_POST
def section_include(request: HttpRequest, pk: int) -> HttpResponse:
    report = permissions.get_report_for_user(request.user, pk, need=ReportAccess.EDIT)
    section = get_or_404(report.sections.all(), request.POST.get("section"))
    act(
        request,
        lambda: services.section_include(
            actor=request.user, section=section, included=request.POST.get("included") == "1"
        ),
    )
    return redirect("reporting:detail", pk=report.pk)


# --- Figures ------------------------------------------------------------------------------------


def _figure_context(request: HttpRequest, report: Any, ref: str, form: OverrideForm | None = None) -> dict[str, Any]:
    figure = sheet.figure_line(report, ref, user=request.user)
    if figure is None:
        raise Http404
    line, token = figure
    can = _can(request.user, report)
    rule = ""
    if token is not None:
        try:
            rule = registry.spec(token.key).period
        except ValidationError:
            rule = ""
    drill_url = ""
    if token is not None:  # the drill-down page (pages.figure): the figure's parameters by their own names
        query = {
            "key": token.key,
            "node": token.scope or report.org_id,
            "start": line.start.isoformat(),
            "end": line.end.isoformat(),
            "as_of": line.as_of.isoformat(),
            **{name: value for name, value in token.params_dict.items() if isinstance(value, str | int)},
        }
        if token.campaign is not None:  # taken from a campaign: its submissions, not the records
            query["campaign"] = token.campaign
            if token.section:
                query["section"] = token.section
        drill_url = f"{reverse('reporting:figure')}?{urlencode(query)}"
    may_override = can["edit"] and report.status in EDITABLE_STATUSES and token is not None
    if may_override and form is None:
        form = OverrideForm(initial={"value": line.override if line.override is not None else ""})
    exact = line.value
    shown_value = vnum(exact) if isinstance(exact, int | float | Decimal) and not isinstance(exact, bool) else ""
    return {
        "report": report,
        "line": line,
        "figure": ref,
        "rule": rule,
        "drill_url": drill_url,
        "override_form": form if may_override else None,
        "shown_value": shown_value,
        "source_label": dict(FigureSource.choices).get(line.source, line.source),
    }


def _token(report: Any, ref: str) -> selectors.Token:
    """The figure token a chip names (`Run.figure`, "key#hash"), among those the report prints; 404 otherwise."""
    token = next((t for t in selectors.report_tokens(report) if t.ref == ref), None)
    if token is None:
        raise Http404
    return token


@require_GET
def figure_panel(request: HttpRequest, pk: int) -> HttpResponse:
    """The side panel of one figure of the report (`?figure=` the reference its chip carries)."""
    report = permissions.get_report_for_user(request.user, pk)
    ref = request.GET.get("figure", "")
    return render(request, "reporting/_figure_panel.html", _figure_context(request, report, ref))


@require_POST
def figure_override(request: HttpRequest, pk: int) -> HttpResponse:
    """Print another value than the computed one, with the reason (both stay in the annex)."""
    report = permissions.get_report_for_user(request.user, pk, need=ReportAccess.EDIT)
    ref = request.POST.get("figure", "")
    form = OverrideForm(request.POST)
    if form.is_valid():
        token = _token(report, ref)
        if submit(
            request,
            services.figure_override,
            form,
            report=report,
            token=token,
        ):
            if not request.headers.get("HX-Request"):
                messages.success(request, _("The figure has been overridden."))
                return redirect("reporting:detail", pk=report.pk)
            response = render(request, "reporting/_figure_panel.html", _figure_context(request, report, ref))
            response["HX-Refresh"] = "true"
            return response
    if not request.headers.get("HX-Request"):
        messages.error(request, errors_said(form))
        return redirect("reporting:detail", pk=report.pk)
    return render(request, "reporting/_figure_panel.html", _figure_context(request, report, ref, form))


# --- Moves --------------------------------------------------------------------------------------


def _move(request: HttpRequest, pk: int, need: str, service: Any, done: str) -> HttpResponse:
    report = permissions.get_report_for_user(request.user, pk, need=need)
    moved = act(request, lambda: service(actor=request.user, report=report), done)
    return redirect("reporting:detail", pk=getattr(moved.result, "pk", report.pk) if moved else report.pk)


@require_POST
def report_review(request: HttpRequest, pk: int) -> HttpResponse:
    return _move(request, pk, ReportAccess.EDIT, services.report_review, _("The report has been sent for review."))


@require_POST
def report_return(request: HttpRequest, pk: int) -> HttpResponse:
    return _move(request, pk, ReportAccess.EDIT, services.report_return, _("The report is a draft again."))


@require_POST
def report_new_version(request: HttpRequest, pk: int) -> HttpResponse:
    return _move(
        request, pk, ReportAccess.EDIT, services.report_new_version, _("A new version has been opened as a draft.")
    )


@require_http_methods(["GET", "POST"])
def report_approve(request: HttpRequest, pk: int) -> HttpResponse:
    """Approve: every figure is counted once more and frozen; the approving meeting may be named."""
    report = permissions.get_report_for_user(request.user, pk, need=ReportAccess.APPROVE)
    meetings = (
        Meeting.objects.filter(committee__congress__org=report.org).select_related("committee").order_by("-held_on")
    )
    form = ApproveForm(request.POST if request.method == "POST" else None, meetings=meetings)
    if request.method == "POST" and form.is_valid():
        moved = submit(request, services.report_approve_request, form, report=report)
        if moved:
            if moved.result is None:
                messages.success(request, _("The report has been approved; its figures are frozen."))
            else:
                messages.info(request, _("The report is being approved in the background; this page shows how far."))
            return redirect("reporting:detail", pk=report.pk)
    context = {"form": form, "report": report, "title": _("Approve the report")}
    return render(request, "reporting/approve.html", context)


@require_http_methods(["GET", "POST"])
def report_issue(request: HttpRequest, pk: int) -> HttpResponse:
    """Issue: the next number of the unit's register (administrative style), the date and the signer."""
    report = permissions.get_report_for_user(request.user, pk, need=ReportAccess.EDIT)
    initial = {"authority": report.authority, "signer_title": report.signer_title, "signer_name": report.signer_name}
    return form_page(
        request, IssueForm(request.POST or None, initial=initial), services.report_issue,
        _("The report has been issued."), to=reverse("reporting:detail", args=[report.pk]),
        template="reporting/issue.html", title=_("Issue the report"), context={"report": report}, report=report,
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def report_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdraw an issued report, saying why (it keeps its files, its number and its history)."""
    report = permissions.get_report_for_user(request.user, pk, need=ReportAccess.EDIT)
    return form_page(
        request, WithdrawForm(request.POST or None), services.report_withdraw,
        _("The report has been withdrawn."), to=reverse("reporting:detail", args=[report.pk]),
        template="reporting/withdraw.html", title=_("Withdraw the report"), context={"report": report}, report=report,
    )  # fmt: skip


# --- Files ------------------------------------------------------------------------------------
# An issued report keeps the files written when it was issued; any other has its files written on request, for
# the one who asked (a preview, kept a day). Both are written in the background: the page shows a progress bar.

RUNNING = tuple(Rendering.running_statuses)


def _renderings(request: HttpRequest, report: Any) -> tuple[Rendering | None, Rendering | None]:
    """The report's issue rendering still running, if any, and the user's latest preview."""
    running = (
        report.renderings.filter(purpose__in=("issue", "approve"), status__in=RUNNING).order_by("-created_at").first()
    )
    preview = report.renderings.filter(purpose="preview", actor=request.user).order_by("-created_at").first()
    return running, preview


def _files(request: HttpRequest, report: Any) -> dict[str, Any]:
    """What the page's downloads show: the stored files (issued), the preview's, or a bar while they are written
    (or while the report is being approved); why the last approval in the background failed, if it did."""
    running, preview = _renderings(request, report)
    failed = None
    if report.status == ReportStatus.REVIEW:
        last = report.renderings.filter(purpose="approve").order_by("-created_at").first()
        failed = last if last is not None and last.status == RenderStatus.FAILED else None
    stored = [fmt for fmt in FORMATS if getattr(report, fmt)]
    shown = running or (preview if preview is not None and preview.status in RUNNING else None)
    return {
        "stored_files": stored,
        "preview": preview if preview is not None and preview.status == RenderStatus.DONE and not stored else None,
        "preview_failed": preview.message if preview is not None and preview.status == RenderStatus.FAILED else "",
        "rendering": shown,
        # Its worker stopped (core.batches: the heartbeat went stale): run it again or give it up, if the user may.
        "stalled": shown is not None and shown.stalled,
        "may_restart": shown is not None and services.rendering_may_restart(request.user, shown),
        "approval_failed": failed.message if failed is not None else "",
        "pdf_available": services.pdf_available(),
    }


@require_POST
def report_render(request: HttpRequest, pk: int) -> HttpResponse:
    """Write the report's files now (in the background): the Word file and the annex, and PDF where it can."""
    report = permissions.get_report_for_user(request.user, pk)
    act(
        request,
        lambda: services.rendering_request(
            actor=request.user, report=report, purpose="preview", formats=tuple(FORMATS)
        ),
    )
    return redirect("reporting:detail", pk=report.pk)


@require_GET
def report_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponseBase:
    """A file the report keeps since it was issued: .docx, the .xlsx annex, .pdf where it was written."""
    report = permissions.get_report_for_user(request.user, pk)
    stored = getattr(report, fmt, "") if fmt in FORMATS else ""
    if not stored or not files.path(stored).is_file():
        raise Http404
    issued = report.renderings.filter(purpose="issue", status=RenderStatus.DONE).order_by("-created_at").first()
    name = (issued.names.get(fmt) if issued else "") or f"bao-cao-{report.pk}.{fmt}"
    return files.serve(files.path(stored), filename=name, content_type=FORMATS[fmt])


@require_GET
def rendering_file(request: HttpRequest, pk: int, fmt: str) -> HttpResponseBase:
    """A file written on request (a preview): to the one who asked, while it is kept; anyone else 404."""
    rendering = permissions.get_rendering_for_user(request.user, pk, fmt)
    stored = files.path(rendering.files[fmt])
    if not stored.is_file():
        raise Http404
    return files.serve(stored, filename=rendering.names.get(fmt, stored.name), content_type=FORMATS.get(fmt))


@require_GET
def report_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress bar of the files being written (htmx polls it; once they are, the page reloads)."""
    report = permissions.get_report_for_user(request.user, pk)
    rendering = _files(request, report)["rendering"]
    context = {"report": report, "rendering": rendering, "percent": rendering.percent if rendering else 100}
    # Once the work stopped with its worker, the page reloads and offers to run it again or give it up.
    running = rendering is not None and not rendering.stalled
    return progress_response(request, "reporting/_progress.html", context, running=running)


def _stalled_action(request: HttpRequest, pk: int, service: Any, done: str) -> HttpResponse:
    """Run again, or give up, the work the report's page shows whose worker stopped (its approval, its files)."""
    report = permissions.get_report_for_user(request.user, pk)
    rendering = _files(request, report)["rendering"]
    if rendering is None:
        messages.info(request, _("Nothing is being done in the background for this report any more."))
        return redirect("reporting:detail", pk=report.pk)
    if not services.rendering_may_restart(request.user, rendering):
        raise PermissionDenied
    act(request, lambda: service(actor=request.user, rendering=rendering), done)
    return redirect("reporting:detail", pk=report.pk)


@require_POST
def background_retry(request: HttpRequest, pk: int) -> HttpResponse:
    """Run again the report's approval, or the writing of its files, whose worker stopped."""
    return _stalled_action(
        request, pk, services.rendering_retry, _("It has been queued again; this page shows how far.")
    )


@require_POST
def background_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Give up the report's approval (back to review), or the writing of its files, whose worker stopped."""
    return _stalled_action(request, pk, services.rendering_cancel, _("It has been cancelled; nothing of it was kept."))


@require_POST
def scan_upload(request: HttpRequest, pk: int) -> HttpResponse:
    report = permissions.get_report_for_user(request.user, pk, need=ReportAccess.EDIT)
    form = ScanForm(request.POST, request.FILES)
    if posted_valid(request, form, _("Choose the scanned file.")):
        submit(
            request,
            services.signed_scan_upload,
            form,
            _("The signed scan has been stored."),
            values={"upload": form.cleaned_data["scan"]},
            on_form=False,
            report=report,
        )
    return redirect("reporting:detail", pk=report.pk)


@require_GET
def scan(request: HttpRequest, pk: int) -> HttpResponseBase:
    report = permissions.get_report_for_user(request.user, pk)
    return files.serve_kept(report.signed_scan, named=lambda suffix: f"ban-ky-{report.pk}{suffix}", inline=True)


# --- Templates ----------------------------------------------------------------------------------


@require_GET
def template_list(request: HttpRequest) -> HttpResponse:
    """The shipped templates and the units' own copies the user sees."""
    own = ReportTemplate.objects.filter(org_id__in=org_permissions.orgs_at_least(request.user).values("pk"))
    context = {
        "shipped": ReportTemplate.objects.filter(org__isnull=True).order_by("kind", "name", "-version"),
        "own": own.select_related("org").order_by("org__name_sort", "kind", "-version"),
        "can_copy": org_permissions.orgs_at_least(request.user, Access.MANAGE).exists(),
    }
    return render(request, "reporting/templates.html", context)


@require_http_methods(["GET", "POST"])
def template_copy(request: HttpRequest, pk: int) -> HttpResponse:
    """Sao chép mẫu: a union copies a template (shipped, or one of its own) and reorders, renames or leaves out its
    sections."""
    template = permissions.get_template_for_user(request.user, pk)
    node = _report_org(request)
    orgs = org_permissions.orgs_at_least(request.user, Access.MANAGE)
    sections = template_sections(template.structure)
    form = unit_form(request, TemplateCopyForm, node, orgs, sections=sections, initial={"name": template.name})
    if request.method == "POST" and form.is_valid():

        @transaction.atomic  # the copy and its adaptation, or neither
        def copy() -> ReportTemplate:
            made = services.template_copy(actor=request.user, template=template, org=node)
            structure = adapted_structure(made.structure, form.cleaned_data["name"], form.changes())
            return services.template_update(actor=request.user, template=made, structure=structure)

        moved = act(request, copy, _("The template has been copied for your union."), form=form)
        if moved:
            return redirect(f"{reverse('reporting:templates')}#template-{moved.result.pk}")
    context = {"form": form, "template": template, "title": _("Copy the template")}
    return render(request, "reporting/template_copy.html", context)
