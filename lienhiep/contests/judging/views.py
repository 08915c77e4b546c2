"""Judging's pages. The juror's (declared in `ContestsConfig.grant_views`, reached without a role through her grant):
her sheet, an entry with its files and her score by criterion, her declaration. The organiser's: the jury of a round
(who scores what, how far, never the points before the close), opening and closing the round, the ranking per group
with the prizes proposed, the board's vote, the results decision and the certificates, forwarding a winner. Thin: an
access check, a form, one service call, a page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lienhiep.contests import ranking as rank_rules
from lienhiep.contests.judging import certificates as certificate_doc
from lienhiep.contests.judging import decision as decision_doc
from lienhiep.contests.judging import selectors, services
from lienhiep.contests.judging.forms import (
    ApprovalForm,
    DecisionForm,
    DeclareForm,
    ForwardForm,
    IssueForm,
    JurorForm,
)
from lienhiep.contests.judging.permissions import (
    get_entry_to_forward,
    get_results_for_user,
    get_round_for_user,
    get_seat_for_juror,
    get_seat_for_officer,
    get_sheet_entry,
    get_sheet_file,
)
from lienhiep.contests.models import (
    ContestField,
    Edition,
    EditionStatus,
    Entry,
    EntryPrize,
    PrizeRank,
    PrizeRow,
    PublicVote,
    ResultsDecision,
    RoundStatus,
)
from lienhiep.core import files
from lienhiep.core.forms import INT_MAX
from lienhiep.core.http import act, id_param, submit
from lienhiep.experts import selectors as expert_selectors
from lienhiep.orgs.permissions import Access, can

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# The most votes an entry may be given: what the column holds.
MAX_VOTES = INT_MAX


# --- The juror's pages ----------------------------------------------------------------------------------------------


@require_GET
def judge(request: HttpRequest, pk: int) -> HttpResponse:
    """The juror's sheet: the entries she scores, how far she is, the rubric."""
    seat = get_seat_for_juror(request.user, pk)
    criteria = list(seat.round.criteria.order_by("order", "id"))
    lines = selectors.sheet_of(seat)
    return render(
        request,
        "contests/judging/judge.html",
        {"seat": seat, "round": seat.round, "lines": lines, "criteria": criteria,
         "done": sum(1 for line in lines if line.scored >= len(criteria))},
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def judge_entry(request: HttpRequest, pk: int, entry: int) -> HttpResponse:
    """An entry on the juror's sheet: what it is, its files, and her points by criterion (hers only)."""
    seat = get_seat_for_juror(request.user, pk)
    target = get_sheet_entry(seat, entry)
    criteria = list(seat.round.criteria.order_by("order", "id"))
    errors: dict[str, list[str]] = {}
    posted: dict[str, str] = {}
    if request.method == "POST":
        posted = {f"c{c.pk}": request.POST.get(f"c{c.pk}", "") for c in criteria}
        try:
            services.sheet_save(
                actor=request.user, seat=seat, entry=target, points={c.pk: posted[f"c{c.pk}"] for c in criteria}
            )
        except ValidationError as error:
            errors = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
        else:
            messages.success(request, _("Your scores on entry %(number)s are saved.") % {"number": target.number})
            return redirect("contests:judge", seat.pk)
    mine = selectors.my_points(seat, target)
    rows = [
        {
            "criterion": c,
            "name": f"c{c.pk}",
            "value": posted.get(f"c{c.pk}", services.points_text(mine[c.pk]) if c.pk in mine else ""),
            "max": services.points_text(c.max_points),
            "errors": errors.get(f"c{c.pk}", []),
        }
        for c in criteria
    ]
    return render(
        request,
        "contests/judging/judge_entry.html",
        {"seat": seat, "entry": target, "rows": rows, "general": errors.get("", []),
         "files": list(target.files.order_by("kind", "id")), "open": seat.round.status == RoundStatus.OPEN,
         "declare_form": DeclareForm()},
    )  # fmt: skip


@require_POST
def judge_declare(request: HttpRequest, pk: int, entry: int) -> HttpResponse:
    """The juror declares her link with an entry; a link keeps her off it."""
    seat = get_seat_for_juror(request.user, pk)
    target = get_sheet_entry(seat, entry)
    form = DeclareForm(request.POST)
    if form.is_valid():
        kept_off = services.juror_declare(actor=request.user, seat=seat, entry=target, **form.cleaned_data)
        if kept_off:
            messages.info(request, _("You are taken off this entry: your scores on it do not count."))
        else:
            messages.success(request, _("Your declaration is recorded."))
    else:
        messages.error(request, _("Choose your link with this entry."))
    return redirect("contests:judge", seat.pk)


@require_GET
def judge_file(request: HttpRequest, pk: int, file: int) -> HttpResponseBase:
    """A file of an entry on the juror's sheet."""
    seat = get_seat_for_juror(request.user, pk)
    found = get_sheet_file(seat, file)
    return found.response()


# --- The jury and the round -----------------------------------------------------------------------------------------


def _juror_form(round_: Any, data: Any = None) -> JurorForm:
    entries = Entry.objects.filter(edition=round_.edition, status__in=selectors.JUDGED).order_by("number")
    fields = ContestField.objects.filter(edition=round_.edition).order_by("order", "id")
    return JurorForm(
        data, experts=selectors.pickable_experts(round_), fields=fields, entries=entries,
        search_url=reverse("contests:juror_lookup", args=[round_.pk]),
    )  # fmt: skip


@require_GET
def juror_lookup(request: HttpRequest, pk: int) -> JsonResponse:
    """The experts the jury form's picker offers as the officer types (`?q=`): those she may put on the round
    (`pickable_experts`), by name or workplace, diacritics ignored; for whoever may put a juror on it (EDIT)."""
    round_ = get_round_for_user(request.user, pk, Access.EDIT)
    found = expert_selectors.expert_lookup(among=selectors.pickable_experts(round_), q=request.GET.get("q", ""))
    return JsonResponse({"results": [{"value": e.pk, "text": e.full_name, "sub": e.workplace} for e in found]})


@require_http_methods(["GET", "POST"])
def jury(request: HttpRequest, pk: int) -> HttpResponse:
    """A round's jury: each juror, her entries and how many she has scored (no points), and a juror put on it."""
    round_ = get_round_for_user(request.user, pk, Access.EDIT if request.method == "POST" else Access.VIEW)
    form = _juror_form(round_, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        entries = form.chosen_entries()
        reason = data["override_reason"]
        moved = act(
            request,
            lambda: services.juror_assign(
                actor=request.user,
                round_=round_,
                expert=data["expert"],
                entries=entries,
                overrides={e.pk: reason for e in entries} if reason else None,
            ),
            form=form,
        )
        if moved:
            seat, kept_off = moved.result
            numbers = {e.pk: e.number for e in entries}
            for entry_id, reasons in kept_off.items():
                messages.warning(
                    request,
                    _("%(name)s is kept off entry %(number)s: %(reasons)s")
                    % {"name": seat.expert.full_name, "number": numbers[entry_id], "reasons": " ".join(reasons)},
                )
            messages.success(request, _("%(name)s is on the jury.") % {"name": seat.expert.full_name})
            return redirect("contests:jury", round_.pk)
    return render(
        request,
        "contests/judging/jury.html",
        {"round": round_, "edition": round_.edition, "progress": selectors.jury_progress(round_), "form": form,
         "can_edit": can(request.user, round_.edition.contest.org, Access.EDIT),
         "removable": can(request.user, round_.edition.contest.org, Access.EDIT) and round_.status != "closed",
         "can_manage": can(request.user, round_.edition.contest.org, Access.MANAGE)},
    )  # fmt: skip


@require_POST
def juror_remove(request: HttpRequest, pk: int) -> HttpResponse:
    seat = get_seat_for_officer(request.user, pk, Access.EDIT)
    act(request, lambda: services.juror_remove(actor=request.user, seat=seat, reason=request.POST.get("reason", "")))
    return redirect("contests:jury", seat.round_id)


@require_POST
def round_open(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_round_for_user(request.user, pk, Access.MANAGE)
    act(request, lambda: services.round_open(actor=request.user, round_=round_))
    return redirect("contests:jury", round_.pk)


@require_POST
def round_close(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_round_for_user(request.user, pk, Access.MANAGE)
    done = _("The round is closed: the jurors' access ended and the ranking is shown.")
    if act(request, lambda: services.round_close(actor=request.user, round_=round_), done):
        return redirect("contests:ranking", round_.pk)
    return redirect("contests:jury", round_.pk)


# --- Ranking, prizes, approval ----------------------------------------------------------------------------------------


# Rows of a group's ranking a page prints: a national field ranks 500 entries, each row a prize form (the page cost
# 0.95 s of CPU and 470 kB at 500; docs/benchmarks.md, session 12). The prizes go from the top, on the first page.
RANKING_PAGE = 100


@require_GET
def ranking(request: HttpRequest, pk: int) -> HttpResponse:
    """The ranking per group once the round is closed, with the prize proposed to each entry and the ties the
    officer must decide; the board's vote below."""
    round_ = get_round_for_user(request.user, pk, Access.VIEW)
    edition = round_.edition
    closed = round_.status == RoundStatus.CLOSED
    # One group a page: a national edition ranks thousands of entries.
    tabs = selectors.groups_of(round_) if closed else []
    asked = selectors.group_param(request.GET.get("group"))
    current = asked if asked in {key for key, _label in tabs} else (tabs[0][0] if tabs else None)
    board = selectors.ranking_of(round_, group=current) if current is not None else None
    prizes = {p.entry_id: p for p in EntryPrize.objects.filter(entry__edition=edition).select_related("prize_row")}
    tally = dict(PublicVote.objects.filter(round=round_).values_list("entry_id", "votes"))
    groups, pages = [], 1
    asked_page = id_param(request.GET.get("page")) or 1
    for group in board.groups if board else []:
        # The proposal and the ties are the whole group's; only the rows printed are one page of them.
        proposal = rank_rules.propose(group.ranked, group.prizes)
        tied = {e for tie in proposal.ties for e in tie.entry_ids}
        pages = max(1, -(-len(group.ranked) // RANKING_PAGE))
        page = min(asked_page, pages)
        shown = group.ranked[(page - 1) * RANKING_PAGE : page * RANKING_PAGE]
        groups.append(
            {
                "group": group,
                "rows": [
                    {"result": r, "entry": group.entries[r.entry_id], "prize": prizes.get(r.entry_id),
                     "boundary": r.entry_id in tied, "votes": tally.get(r.entry_id, "")}
                    for r in shown
                ],
                "ties": proposal.ties,
                "table": group.rows,
                "page": page,
                "pages": pages,
                "first": (page - 1) * RANKING_PAGE + 1,
                "last": (page - 1) * RANKING_PAGE + len(shown),
                "count": len(group.ranked),
            }
        )  # fmt: skip
    can_edit = can(request.user, edition.contest.org, Access.EDIT)
    judging = edition.status == EditionStatus.JUDGING and closed
    return render(
        request,
        "contests/judging/ranking.html",
        {"round": round_, "edition": edition, "closed": closed, "groups": groups, "current": current,
         "tabs": [{"param": f"{k[0]}-{k[1]}" if k[1] is not None else k[0], "label": label, "current": k == current}
                  for k, label in tabs],
         "rules": board.rules if board else None, "can_edit": can_edit and judging,
         "can_manage": can(request.user, edition.contest.org, Access.MANAGE) and judging,
         "approval_form": ApprovalForm(initial={"held_on": selectors.org_selectors.today()}),
         "approvals": selectors.approvals(edition)},
    )  # fmt: skip


@require_POST
def prizes_propose(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_round_for_user(request.user, pk, Access.EDIT)
    moved = act(request, lambda: services.prizes_propose(actor=request.user, round_=round_))
    if moved:
        ties = sum(len(p.ties) for p in moved.result.values())
        messages.success(request, _("Prizes are proposed down the ranking within the quota."))
        if ties:
            messages.warning(request, _("Entries tie at a quota's boundary: decide their prizes below."))
    return redirect("contests:ranking", round_.pk)


@require_POST
def prize_set(request: HttpRequest, pk: int, entry: int) -> HttpResponse:
    round_ = get_round_for_user(request.user, pk, Access.EDIT)
    # An entry named in the path that is not of this edition is not found, as any record that does not exist.
    target = get_object_or_404(Entry, pk=id_param(entry) or 0, edition=round_.edition)
    row_id = id_param(request.POST.get("prize_row"))
    row = PrizeRow.objects.filter(pk=row_id, edition=round_.edition).first() if row_id else None
    if row_id and row is None:
        messages.error(request, _("Choose a prize of this edition."))
        return redirect("contests:ranking", round_.pk)
    act(request, lambda: services.prize_set(actor=request.user, entry=target, prize_row=row, round_=round_))
    return redirect(_ranking_url(round_, target))


def _ranking_url(round_: Any, entry: Entry | None = None) -> str:
    url = reverse("contests:ranking", args=[round_.pk])
    if entry is None:
        return url
    key = selectors.group_of(entry)
    return f"{url}?group={key[0]}-{key[1]}" if key[1] is not None else f"{url}?group={key[0]}"


@require_POST
def votes(request: HttpRequest, pk: int) -> HttpResponse:
    """The public's votes of the entries shown (one group), as the organiser tallied them."""
    round_ = get_round_for_user(request.user, pk, Access.EDIT)
    counts: dict[int, int] = {}
    for name in request.POST:
        entry_id = id_param(name[1:]) if name.startswith("v") else None
        value = str(request.POST.get(name, ""))
        if entry_id is not None and value.strip():
            if not (value.strip().isascii() and value.strip().isdigit() and int(value.strip()) <= MAX_VOTES):
                messages.error(request, _("Give a count of votes, 0 or more, for entries of this round."))
                return redirect("contests:ranking", round_.pk)
            counts[entry_id] = int(value.strip())
    act(
        request,
        lambda: services.votes_record(actor=request.user, round_=round_, votes=counts),
        _("The public's votes are recorded."),
    )
    group = request.POST.get("group", "")
    url = reverse("contests:ranking", args=[round_.pk])
    return redirect(f"{url}?group={group}" if selectors.group_param(group) else url)


@require_POST
def approval(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_round_for_user(request.user, pk, Access.MANAGE)
    form = ApprovalForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, str(message))
        return redirect("contests:ranking", round_.pk)
    if not submit(request, services.approval_record, form, on_form=False, round_=round_):
        return redirect("contests:ranking", round_.pk)
    edition = Edition.objects.get(pk=round_.edition_id)
    if edition.status == EditionStatus.APPROVED:
        messages.success(request, _("The board approved the results: the prizes are awarded."))
        return redirect("contests:decision", edition.pk)
    messages.warning(request, _("The vote is recorded; it does not reach the board's threshold."))
    return redirect("contests:ranking", round_.pk)


# --- The results decision and certificates ------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def decision(request: HttpRequest, pk: int) -> HttpResponse:
    """The results decision: who signs it, what the prize table says (and where it does not add up), its issue."""
    edition = get_results_for_user(request.user, pk, Access.EDIT if request.method == "POST" else Access.VIEW)
    saved = ResultsDecision.objects.filter(edition=edition).first()
    shown = saved or ResultsDecision(edition=edition, recipients="\n".join(decision_doc.DEFAULT_RECIPIENTS))
    initial = {f: getattr(shown, f) for f in ("authority", "signer_title", "signer_name", "recipients")}
    form = DecisionForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if submit(request, services.decision_save, form, _("The decision's signature is saved."), edition=edition):
            return redirect("contests:decision", edition.pk)
    data = selectors.decision_data(edition)
    org = edition.contest.org
    return render(
        request,
        "contests/judging/decision.html",
        {"edition": edition, "data": data, "saved": saved, "form": form,
         "awarded": [(a, PrizeRank(a.rank).label if a.rank in PrizeRank.values else a.rank) for a in data.awarded],
         "issue_form": IssueForm(initial={"issued_on": selectors.org_selectors.today()}),
         "approved": edition.status in (EditionStatus.APPROVED, EditionStatus.CLOSED),
         "can_edit": can(request.user, org, Access.EDIT), "can_manage": can(request.user, org, Access.MANAGE),
         "winners": Entry.objects.filter(edition=edition, status__in=["prized", "forwarded"]).order_by("number")},
    )  # fmt: skip


@require_POST
def decision_issue(request: HttpRequest, pk: int) -> HttpResponse:
    edition = get_results_for_user(request.user, pk, Access.MANAGE)
    form = IssueForm(request.POST)
    if form.is_valid():
        moved = submit(request, services.decision_issue, form, on_form=False, edition=edition)
        if moved:
            messages.success(
                request, _("The results decision is issued as %(number)s.") % {"number": moved.result.number_line}
            )
    else:
        messages.error(request, _("Give the issue date."))
    return redirect("contests:decision", edition.pk)


@require_GET
def decision_docx(request: HttpRequest, pk: int) -> HttpResponseBase:
    edition = get_results_for_user(request.user, pk, Access.VIEW)
    data = decision_doc.render(selectors.decision_data(edition))
    name = f"quyet-dinh-ket-qua-{edition.pk}.docx"
    return files.serve(ContentFile(data, name=name), filename=name, content_type=DOCX)


@require_GET
def certificates(request: HttpRequest, pk: int) -> HttpResponseBase:
    edition = get_results_for_user(request.user, pk, Access.VIEW)
    data = certificate_doc.render(selectors.certificates(edition))
    name = f"giay-chung-nhan-{edition.pk}.docx"
    return files.serve(ContentFile(data, name=name), filename=name, content_type=DOCX)


# --- Forwarding ---------------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def forward(request: HttpRequest, pk: int) -> HttpResponse:
    """Send a winner to an edition of the next level, within its quota."""
    entry = get_entry_to_forward(request.user, pk, Access.MANAGE if request.method == "POST" else Access.VIEW)
    targets = selectors.forward_targets(entry.edition)
    form = ForwardForm(
        request.POST if request.method == "POST" else None,
        targets=Edition.objects.filter(pk__in=[t.pk for t in targets]).select_related("contest"),
    )
    if request.method == "POST" and form.is_valid():
        moved = act(
            request,
            lambda: services.entry_forward(actor=request.user, entry=entry, to_edition=form.cleaned_data["to_edition"]),
            form=form,
        )
        if moved:
            messages.success(
                request,
                _("Entry %(number)s is sent to %(edition)s.")
                % {"number": entry.number, "edition": moved.result.edition},
            )
            return redirect(reverse("contests:decision", args=[entry.edition_id]))
    sender = entry.edition.contest.org
    return render(
        request,
        "contests/judging/forward.html",
        {"entry": entry, "form": form,
         "quotas": [(t, t.forward_quota, selectors.forwarded_count(t, sender)) for t in targets]},
    )  # fmt: skip
