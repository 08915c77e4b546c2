"""The campaign pages: the list, a new campaign, the board (units × status, filter, sort, Excel), the moves of a
campaign, a unit's submission (filled on a phone), the officer's review, a child campaign and attachments. Thin: an
access check, a form, one service call, a page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lienhiep.campaigns import exporting, selectors, services
from lienhiep.campaigns.forms import (
    DEFAULT_FIGURES,
    DEFAULT_SECTIONS,
    AttachmentForm,
    BoardFilterForm,
    CampaignForm,
    ChildForm,
    MoveForm,
    ReviewForm,
    SubmissionForm,
)
from lienhiep.campaigns.models import FILLABLE, CampaignStatus, SubmissionStatus
from lienhiep.campaigns.permissions import (
    CampaignAccess,
    SubmissionAccess,
    campaign_access,
    get_attachment_for_user,
    get_campaign_for_user,
    get_submission_for_user,
    submission_access,
)
from lienhiep.core import files
from lienhiep.core.forms import errors_said, posted_valid
from lienhiep.core.http import act, export_started, form_page, progress_response, submit
from lienhiep.orgs import permissions as org_permissions
from lienhiep.orgs.permissions import Access


@require_GET
def campaign_list(request: HttpRequest) -> HttpResponse:
    """The campaigns of the units the user sees, and what the user's units are asked for."""
    context = {
        "campaigns": selectors.campaigns_visible_to(request.user)[:100],
        "asked": selectors.submissions_asked_of(request.user)[:50],
        "can_create": org_permissions.orgs_at_least(request.user, Access.MANAGE).exists(),
    }
    return render(request, "campaigns/list.html", context)


@require_http_methods(["GET", "POST"])
def campaign_new(request: HttpRequest) -> HttpResponse:
    node = org_permissions.get_org_for_user(
        request.user, org_permissions.node_asked(request, need=Access.MANAGE), need=Access.MANAGE
    )
    # The unit asked for, or the one access fell back on, is chosen ahead: the scope offered follows its kind.
    initial = {
        "org": node,
        "kinds": selectors.DEFAULT_SCOPE.get(node.kind, []),
        "figures": DEFAULT_FIGURES,
        "sections": str(DEFAULT_SECTIONS),
        "kind": "half_year",
    }
    form = CampaignForm(
        request.POST or None, orgs=org_permissions.orgs_at_least(request.user, Access.MANAGE), initial=initial
    )
    # Created and opened in one transaction: a campaign that cannot be opened leaves no draft.
    done = _("The campaign is open: every unit in it has its submission to fill.")
    return form_page(
        request, form, services.campaign_open_new, done, to=lambda campaign: campaign.get_absolute_url(),
        template="campaigns/new.html", title=_("Open a reporting campaign"), values=form.campaign,
    )  # fmt: skip


@require_GET
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The board: each unit's submission, its status, days late, reminders sent and last change."""
    campaign = get_campaign_for_user(request.user, pk)
    form = BoardFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    rows = selectors.board(campaign, status=data.get("status") or "", order=data.get("order") or "name")
    can_manage = CampaignAccess.MANAGE in (campaign_access(request.user, campaign) or set())
    context = {
        "campaign": campaign,
        **_prefill_context(campaign, can_manage),
        "form": form,
        "rows": rows,
        "counts": selectors.board_counts(campaign),
        "can_manage": can_manage,
        "export_query": request.GET.urlencode(),
        "statuses": SubmissionStatus,
        # One reverse for the rows' links (300 units: 300 reverses were a tenth of the page).
        "submissions_url": reverse("campaigns:submission", args=[0])[:-2],
    }
    return render(request, "campaigns/detail.html", context)


def _prefill_context(campaign: Any, can_manage: bool) -> dict[str, Any]:
    """The pre-fill's progress bar on the board while the background task fills the submissions."""
    prefill = selectors.prefill_progress(campaign) if campaign.status == CampaignStatus.OPEN else None
    running = prefill is not None and prefill.running
    return {
        "prefill": prefill if running else None,
        "prefill_stalled": running and can_manage and prefill.stalled(campaign),  # type: ignore[union-attr]
    }


@require_GET
def campaign_prefill(request: HttpRequest, pk: int) -> HttpResponse:
    """The pre-fill's progress bar, polled by the board (htmx) until every submission is filled; then the board
    reloads itself."""
    campaign = get_campaign_for_user(request.user, pk)
    can_manage = CampaignAccess.MANAGE in (campaign_access(request.user, campaign) or set())
    context = {"campaign": campaign, "can_manage": can_manage, **_prefill_context(campaign, can_manage)}
    return progress_response(request, "campaigns/_prefill_progress.html", context, running=bool(context["prefill"]))


@require_GET
def campaign_export(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The board as filtered, to Excel in the background (core.exports)."""
    return export_started(request, exporting.SOURCE, campaign=get_campaign_for_user(request.user, pk).pk)


@require_POST
def campaign_move(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_campaign_for_user(request.user, pk, need=CampaignAccess.MANAGE)
    form = MoveForm(request.POST)
    if form.is_valid():
        action = form.cleaned_data["action"]

        def move() -> None:
            if action == "close":
                services.campaign_close(actor=request.user, campaign=campaign)
            elif action == "reopen":
                services.campaign_reopen(actor=request.user, campaign=campaign)
            elif action == "lock":
                services.campaign_lock(actor=request.user, campaign=campaign)
            elif action == "prefill":
                services.campaign_prefill_queue(actor=request.user, campaign=campaign)
            else:
                services.campaign_cancel(actor=request.user, campaign=campaign, reason=form.cleaned_data["reason"])

        if act(request, move):
            messages.success(
                request, _("The campaign is now “%(status)s”.") % {"status": campaign.get_status_display()}
            )
    return redirect(campaign.get_absolute_url())


def _submission_page(
    request: HttpRequest, submission: Any, form: SubmissionForm | None = None, **extra: Any
) -> HttpResponse:
    allowed = submission_access(request.user, submission) or set()
    campaign = submission.campaign
    children = list(campaign.children.filter(org=submission.org))  # read once: listed, and whether to roll up
    fillable = (
        SubmissionAccess.FILL in allowed
        and campaign.status == CampaignStatus.OPEN
        and submission.status in FILLABLE
        and submission.prefilled_at is not None
    )
    if form is None:
        form = SubmissionForm(submission=submission, estimates=services.estimates_open(campaign))
    context = {
        "submission": submission,
        "campaign": campaign,
        "form": form,
        "fillable": fillable,
        "can_review": SubmissionAccess.REVIEW in allowed,
        "can_cascade": (
            submission.org.kind in selectors.UNION_KINDS
            and campaign.status == CampaignStatus.OPEN
            and org_permissions.can(request.user, submission.org, Access.MANAGE)
        ),
        "children": children,
        "roll_up": fillable and any(child.status != CampaignStatus.CANCELLED for child in children),
        "history": selectors.history(submission),
        "attachments": submission.attachments.all(),
        "attachment_form": AttachmentForm(asked=campaign.form.get("attachments", [])) if fillable else None,
        "review_form": ReviewForm(),
        "child_form": ChildForm(),
        "days_late": submission.days_late(),
        "unit_name": selectors.names_on([submission.org_id], on=campaign.as_of).get(submission.org_id, ""),
        "earlier_estimates": selectors.earlier_estimates(submission),
        **extra,
    }
    return render(request, "campaigns/submission.html", context)


@require_http_methods(["GET", "POST"])
def submission_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A unit's submission: the figures counted from its records (changed only with a reason), typed where it keeps
    none, its narratives by section; saved, or saved and submitted."""
    need = SubmissionAccess.FILL if request.method == "POST" else SubmissionAccess.VIEW
    submission = get_submission_for_user(request.user, pk, need=need)
    if request.method == "GET":
        return _submission_page(request, submission)
    form = SubmissionForm(request.POST, submission=submission, estimates=services.estimates_open(submission.campaign))
    if form.is_valid():
        figures, narratives = form.values()
        try:
            services.submission_save(actor=request.user, submission=submission, figures=figures, narratives=narratives)
            if request.POST.get("submit"):
                warnings = services.submission_submit(actor=request.user, submission=submission)
                for warning in warnings:
                    messages.warning(request, warning)
                messages.success(request, _("Your submission has been sent."))
            else:
                messages.success(request, _("Saved."))
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            return redirect(submission.get_absolute_url())
    submission.refresh_from_db()
    return _submission_page(request, submission, form)


def _errors_to_form(form: SubmissionForm, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    rows = {row["name"]: row["i"] for row in form.rows}
    for name, problems in error.message_dict.items():
        field = f"r{rows[name]}" if name in rows else None
        for problem in problems:
            form.add_error(field, problem)


@require_POST
def submission_review(request: HttpRequest, pk: int) -> HttpResponse:
    """The requester's officer returns (with a comment), accepts, locks, exempts or extends a submission."""
    submission = get_submission_for_user(request.user, pk, need=SubmissionAccess.REVIEW)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, errors_said(form))
        return redirect(submission.get_absolute_url())
    data, user = form.cleaned_data, request.user

    def review() -> None:
        match data["action"]:
            case "accept":
                services.submission_accept(actor=user, submission=submission)
            case "return":
                services.submission_return(actor=user, submission=submission, comment=data["comment"])
            case "lock":
                services.submission_lock(actor=user, submission=submission)
            case "exempt":
                services.submission_exempt(actor=user, submission=submission, reason=data["comment"])
            case "unexempt":
                services.submission_unexempt(actor=user, submission=submission)
            case "extend":
                services.submission_extend(actor=user, submission=submission, due=data["due"], reason=data["comment"])

    if act(request, review):
        messages.success(
            request, _("Done: the submission is “%(status)s”.") % {"status": submission.get_status_display()}
        )
    return redirect(submission.get_absolute_url())


@require_POST
def submission_child(request: HttpRequest, pk: int) -> HttpResponse:
    """A union in the campaign opens the same campaign for its own units, its deadline earlier."""
    submission = get_submission_for_user(request.user, pk, need=SubmissionAccess.FILL)
    org_permissions.require_can(request.user, submission.org, Access.MANAGE)
    form = ChildForm(request.POST)
    if not form.is_valid():
        messages.error(request, errors_said(form))
        return redirect(submission.get_absolute_url())
    moved = act(
        request,
        lambda: services.campaign_open_child(
            actor=request.user, submission=submission, lead_days=form.cleaned_data["lead_days"]
        ),
        _("The campaign is open for your units."),
    )
    return redirect(moved.result.get_absolute_url() if moved else submission.get_absolute_url())


@require_POST
def submission_roll_up(request: HttpRequest, pk: int) -> HttpResponse:
    """A union that asked its own units fills its submission's figures with what they gave (accepted)."""
    submission = get_submission_for_user(request.user, pk, need=SubmissionAccess.FILL)
    act(
        request,
        lambda: services.submission_roll_up(actor=request.user, submission=submission),
        _("The figures are now the sums of your units' accepted reports."),
    )
    return redirect(submission.get_absolute_url())


@require_POST
def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    submission = get_submission_for_user(request.user, pk, need=SubmissionAccess.FILL)
    form = AttachmentForm(request.POST, request.FILES, asked=submission.campaign.form.get("attachments", []))
    if posted_valid(request, form):
        values = {"item": form.cleaned_data["item"], "upload": form.cleaned_data["file"]}
        submit(
            request,
            services.submission_attach,
            form,
            _("The file is attached."),
            values=values,
            on_form=False,
            submission=submission,
        )
    return redirect(submission.get_absolute_url())


@require_GET
def attachment_file(request: HttpRequest, pk: int) -> HttpResponseBase:
    attachment = get_attachment_for_user(request.user, pk)
    return files.serve(files.path(attachment.stored), filename=attachment.name, content_type=attachment.content_type)
