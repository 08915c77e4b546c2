"""The pages of a dossier's draft: the draft as a readable document with the comments beside each part (read a page
at a time, the next loading as the reader scrolls), the comment form (htmx, usable on a phone), answers, the
secretary's decisions and the union's opinion with its Word file, the file's download (stamped with the reader's
name and the time on a confidential dossier, every open logged) and a confidential dossier's access list. Thin: an
access check, a form, one service call, a page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lienhiep.core import files
from lienhiep.core.forms import posted_valid
from lienhiep.core.http import act, id_param, progress_response, submit
from lienhiep.reviews import opinion as opinion_doc
from lienhiep.reviews import stamping
from lienhiep.reviews.drafts import selectors, services
from lienhiep.reviews.drafts.forms import (
    AccessForm,
    CommentForm,
    DecideForm,
    DraftUploadForm,
    IssueForm,
    ItemForm,
    OpinionForm,
    ReplyForm,
    TakeForm,
)
from lienhiep.reviews.drafts.permissions import (
    Need,
    abilities,
    get_access_row_for_user,
    get_comment_for_user,
    get_dossier_drafts_for_user,
    get_dossier_for_access_list,
    get_draft_for_user,
    get_item_for_user,
)
from lienhiep.reviews.models import Dossier
from lienhiep.reviews.models.drafts import Draft, DraftPart, DraftStatus

RUNNING = (DraftStatus.QUEUED, DraftStatus.SPLITTING)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _page_url(dossier: Dossier, part: DraftPart | None = None) -> str:
    url = reverse("reviews:draft", args=[dossier.pk])
    return f"{url}#part-{part.pk}" if part is not None else url


@require_GET
def draft_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The dossier's latest draft, a page of its parts with their comments; the upload for the secretary."""
    dossier = get_dossier_drafts_for_user(request.user, pk, need=Need.READ)
    draft = selectors.latest_draft(dossier)
    context: dict[str, Any] = {"dossier": dossier, "draft": draft, **abilities(request.user, dossier)}
    if draft is not None and draft.status == DraftStatus.DONE:
        general, views, following = selectors.first_page(draft)
        context |= {"views": views, "following": following, "general": general}
        if dossier.confidential:
            services.file_opened(user=request.user, dossier=dossier, draft=draft, stamped=False)
    context["running"] = draft is not None and draft.status in RUNNING
    context["upload_form"] = DraftUploadForm() if context["can_decide"] else None
    context["counts"] = selectors.counts(dossier)
    return render(request, "reviews/drafts/page.html", context)


@require_GET
def draft_parts(request: HttpRequest, pk: int) -> HttpResponse:
    """The next page of parts (`?after=` the last part's order), loaded as the reader scrolls."""
    draft = get_draft_for_user(request.user, pk)
    if draft.status != DraftStatus.DONE:
        raise Http404
    views, following = selectors.page(draft, after=id_param(request.GET.get("after")) or 0)
    context = {"dossier": draft.dossier, "draft": draft, "views": views, "following": following}
    return render(request, "reviews/drafts/_parts.html", context | abilities(request.user, draft.dossier))


@require_GET
def draft_progress(request: HttpRequest, pk: int) -> HttpResponse:
    draft = get_draft_for_user(request.user, pk)
    return progress_response(
        request, "reviews/drafts/_progress.html", {"draft": draft}, running=draft.status in RUNNING
    )


@require_POST
def draft_upload(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = get_dossier_drafts_for_user(request.user, pk, need=Need.DECIDE)
    form = DraftUploadForm(request.POST, request.FILES)
    if posted_valid(request, form, _("Choose a Word (.docx) or PDF file.")):
        submit(
            request,
            services.draft_upload,
            form,
            _("The draft is being split into its parts."),
            values={"upload": form.cleaned_data["file"]},
            on_form=False,
            dossier=dossier,
        )
    return redirect("reviews:draft", dossier.pk)


@require_POST
def draft_resplit(request: HttpRequest, pk: int) -> HttpResponse:
    draft = get_draft_for_user(request.user, pk, need=Need.DECIDE)
    act(request, lambda: services.draft_resplit(actor=request.user, draft=draft))
    return redirect("reviews:draft", draft.dossier_id)


def stamp_line(user: Any) -> str:
    now = timezone.localtime()
    return _("Copy of %(name)s, opened %(time)s; confidential") % {
        "name": str(user),
        "time": f"{now:%H:%M} {date_format(now.date(), 'd/m/Y')}",
    }


@require_GET
def draft_file(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The draft's file, to whoever reads the dossier's draft; every open logged, and on a confidential dossier
    stamped with the reader's name and the time on every page."""
    draft = get_draft_for_user(request.user, pk)
    dossier = draft.dossier
    stored = files.path(draft.stored_file)
    if not stored.is_file():
        raise Http404
    services.file_opened(user=request.user, dossier=dossier, draft=draft, stamped=dossier.confidential)
    if not dossier.confidential:
        return files.serve(stored, filename=draft.file_name, content_type=draft.content_type)
    try:
        stamped = stamping.stamp(stored.read_bytes(), stamp_line(request.user))
    except stamping.StampFailed:
        raise Http404 from None  # a file we cannot stamp is not handed over unstamped
    from django.core.files.base import ContentFile

    return files.serve(
        ContentFile(stamped, name=draft.file_name), filename=draft.file_name, content_type=draft.content_type
    )


# --- Comments -----------------------------------------------------------------------------------


def _part_of(draft: Draft, raw: str | None) -> DraftPart | None:
    number = id_param(raw)
    if number is None:
        return None
    part = DraftPart.objects.filter(draft=draft, pk=number).first()
    if part is None:
        raise Http404
    return part


@require_http_methods(["GET", "POST"])
def comment_new(request: HttpRequest, pk: int) -> HttpResponse:
    """The comment form of a part (`?part=`; none: the draft as a whole); sent, the part with its comments again."""
    draft = get_draft_for_user(request.user, pk, need=Need.COMMENT)
    part = _part_of(draft, request.POST.get("part") if request.method == "POST" else request.GET.get("part"))
    form = CommentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if submit(request, services.comment_add, form, draft=draft, part=part):
            if request.htmx:  # type: ignore[attr-defined]
                view = selectors.part_view(part) if part is not None else selectors.general(draft)
                context = {"dossier": draft.dossier, "draft": draft, "view": view}
                return render(request, "reviews/drafts/_part.html", context | abilities(request.user, draft.dossier))
            messages.success(request, _("Your comment is recorded."))
            return redirect(_page_url(draft.dossier, part))
    context = {"dossier": draft.dossier, "draft": draft, "part": part, "form": form}
    if not request.htmx:  # type: ignore[attr-defined]
        return render(request, "reviews/drafts/comment.html", context)
    response = render(request, "reviews/drafts/_comment_form.html", context)
    if request.method == "POST":  # the form again, with its errors, where it stood
        response["HX-Retarget"] = f"#form-{part.pk if part is not None else 'general'}"
        response["HX-Reswap"] = "innerHTML"
    return response


@require_http_methods(["GET", "POST"])
def comment_reply(request: HttpRequest, pk: int) -> HttpResponse:
    """The answer form of a comment (GET: loaded by htmx under the comment when asked for, so that a page of the
    draft does not carry a form for each of its comments; without htmx, a page of its own); sent, the draft's
    page again at the comment's part."""
    comment = get_comment_for_user(request.user, pk, need=Need.COMMENT)
    if request.method == "GET":
        context = {"dossier": comment.draft.dossier, "comment": comment, "form": ReplyForm()}
        template = "_reply_form.html" if request.htmx else "reply.html"  # type: ignore[attr-defined]
        return render(request, f"reviews/drafts/{template}", context)
    form = ReplyForm(request.POST)
    if posted_valid(request, form, _("Write an answer.")):
        submit(request, services.comment_reply, form, on_form=False, comment=comment)
    return redirect(_page_url(comment.draft.dossier, comment.part))


@require_GET
def part_comments(request: HttpRequest, pk: int) -> HttpResponse:
    """The further comments of a part (`?part=`, none: the draft as a whole) after comment `?after=`."""
    draft = get_draft_for_user(request.user, pk)
    part = _part_of(draft, request.GET.get("part"))
    view = selectors.part_comments(draft, part, after_id=id_param(request.GET.get("after")) or 0)
    context = {"dossier": draft.dossier, "draft": draft, "view": view}
    return render(request, "reviews/drafts/_threads.html", context | abilities(request.user, draft.dossier))


@require_POST
def comment_decide(request: HttpRequest, pk: int) -> HttpResponse:
    comment = get_comment_for_user(request.user, pk, need=Need.DECIDE)
    form = DecideForm(request.POST)
    if form.is_valid():
        submit(request, services.comment_decide, form, on_form=False, comment=comment)
    return redirect("reviews:opinion", comment.draft.dossier_id)


# --- The opinion --------------------------------------------------------------------------------


def _opinion_context(request: HttpRequest, dossier: Dossier, **forms: Any) -> dict[str, Any]:
    opinion = services.opinion_of(dossier)
    undecided_rows = selectors.undecided(dossier)
    undecided = list(undecided_rows[: selectors.UNDECIDED_SHOWN])
    initial = {
        name: getattr(opinion, name)
        for name in ("position", "reasons", "authority", "signer_title", "signer_name", "recipients")
    }
    return {
        "dossier": dossier,
        "opinion": opinion,
        "issued": opinion.issued,
        "items": selectors.items(dossier),
        "undecided": undecided,
        "undecided_more": max(0, undecided_rows.count() - len(undecided))
        if len(undecided) == selectors.UNDECIDED_SHOWN
        else 0,
        "dissent": selectors.decided(dossier, "dissent"),
        "dropped": selectors.decided(dossier, "dropped"),
        "counts": selectors.counts(dossier),
        "form": forms.get("form") or OpinionForm(initial=initial),
        "take_form": forms.get("take_form") or TakeForm(comment_ids=[c.pk for c in undecided]),
        "issue_form": forms.get("issue_form") or IssueForm(initial={"issued_on": timezone.localdate()}),
        "decide_form": DecideForm(),
    }


@require_http_methods(["GET", "POST"])
def opinion_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The union's opinion: its position, reasons and signature (saved here), its items, the comments not yet
    decided on (taken, merged, dropped or kept as dissent here), its Word file and its issue."""
    need = Need.DECIDE if request.method == "POST" else Need.READ
    dossier = get_dossier_drafts_for_user(request.user, pk, need=need)
    form = OpinionForm(request.POST) if request.method == "POST" else None
    if form is not None and form.is_valid():
        if submit(request, services.opinion_save, form, _("The opinion is saved."), dossier=dossier):
            return redirect("reviews:opinion", dossier.pk)
    context = _opinion_context(request, dossier, form=form) | abilities(request.user, dossier)
    return render(request, "reviews/drafts/opinion.html", context)


@require_POST
def opinion_take(request: HttpRequest, pk: int) -> HttpResponse:
    """Take the comments ticked into the opinion as one item: one accepted, several merged."""
    dossier = get_dossier_drafts_for_user(request.user, pk, need=Need.DECIDE)
    ticked = [number for raw in request.POST.getlist("comments") if (number := id_param(raw)) is not None]
    undecided = {c.pk: c for c in selectors.undecided(dossier).filter(pk__in=ticked)}
    form = TakeForm(request.POST, comment_ids=list(undecided))
    if form.is_valid():
        data = form.cleaned_data
        if act(
            request,
            lambda: services.comments_take(
                actor=request.user,
                comments=[undecided[pk] for pk in data["comments"]],
                text=data["text"],
                proposed_text=data["proposed_text"],
                reasons=data["reasons"],
            ),
            _("Taken into the opinion."),
            form=form,
        ):
            return redirect("reviews:opinion", dossier.pk)
    context = _opinion_context(request, dossier, take_form=form) | abilities(request.user, dossier)
    return render(request, "reviews/drafts/opinion.html", context, status=400)


@require_POST
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change an item's wording, or (`remove`) take it out of the opinion, its comments open again."""
    item = get_item_for_user(request.user, pk)

    def change() -> None:
        if "remove" in request.POST:
            services.item_remove(actor=request.user, item=item)
            return
        form = ItemForm(request.POST)
        if not form.is_valid():
            raise ValidationError(_("Write the union's comment."))
        services.item_save(actor=request.user, item=item, **form.cleaned_data)

    act(request, change)
    return redirect("reviews:opinion", item.dossier_id)


@require_GET
def opinion_docx(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The opinion's Word file as it stands (issued: with its number and date); on a confidential dossier, as its
    draft, stamped with the reader's name and the time on every page and every download logged."""
    dossier = get_dossier_drafts_for_user(request.user, pk)
    opinion = services.opinion_of(dossier)
    data = opinion_doc.render(dossier, opinion)
    name = f"bao-cao-ket-qua-{dossier.pk}.docx"
    if dossier.confidential:
        data = stamping.stamp(data, stamp_line(request.user))  # our own Word file: it always takes the line
        services.opinion_opened(user=request.user, dossier=dossier, file_name=name, stamped=True)
    from django.core.files.base import ContentFile

    return files.serve(ContentFile(data, name=name), filename=name, content_type=DOCX)


@require_POST
def opinion_issue(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = get_dossier_drafts_for_user(request.user, pk, need=Need.DECIDE)
    form = IssueForm(request.POST)
    if form.is_valid():
        moved = submit(request, services.opinion_issue, form, dossier=dossier)
        if moved:
            messages.success(request, _("The opinion is issued as %(number)s.") % {"number": moved.result.number_line})
            return redirect("reviews:opinion", dossier.pk)
    context = _opinion_context(request, dossier, issue_form=form) | abilities(request.user, dossier)
    return render(request, "reviews/drafts/opinion.html", context, status=400)


# --- Confidential dossiers ----------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def access_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A dossier's access list (who reads its draft when it is confidential) and the log of its files' opens; kept
    by the staff who record on its node."""
    dossier = get_dossier_for_access_list(request.user, pk)
    form = AccessForm(request.POST or None, candidates=selectors.access_candidates(dossier))
    if request.method == "POST" and form.is_valid():
        if act(
            request,
            lambda: services.access_add(actor=request.user, dossier=dossier, user=form.cleaned_data["user"]),
            form=form,
        ):
            return redirect("reviews:access", dossier.pk)
    context = {
        "dossier": dossier,
        "rows": selectors.access_list(dossier),
        "opens": selectors.opens(dossier),
        "form": form,
    }
    return render(request, "reviews/drafts/access.html", context)


@require_POST
def access_remove(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_access_row_for_user(request.user, pk)
    services.access_remove(actor=request.user, row=row)
    return redirect("reviews:access", row.dossier_id)
