"""Thin views: access check, form, one service call, redirect or render."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lienhiep.core import files
from lienhiep.core.forms import parse_date, posted_valid
from lienhiep.core.http import act, form_page, submit, url_with
from lienhiep.core.spreadsheets import download
from lienhiep.governance import exporting, permissions, selectors, services
from lienhiep.governance.forms import (
    CommitteeEditForm,
    CommitteeForm,
    CongressForm,
    MeetingForm,
    RestructuringDoneForm,
    RestructuringPlanForm,
    SeatElectForm,
    SeatReplaceForm,
    TargetForm,
    TargetValueForm,
)
from lienhiep.governance.models import Committee, TargetPeriod
from lienhiep.members import selectors as member_selectors
from lienhiep.orgs import permissions as org_permissions
from lienhiep.orgs import selectors as org_selectors
from lienhiep.orgs.forms import unit_form
from lienhiep.orgs.models import Org, OrgKind
from lienhiep.orgs.selectors import today


def _seat_form[F: SeatElectForm | SeatReplaceForm](
    request: HttpRequest, form: type[F], committee: Any, *, initial: dict[str, Any], leaving: Any = None
) -> F:
    """A seat form of `committee`: its positions are those of the committee's kind, its person picker offers the
    members ever under the congress's unit (but the one `leaving` the seat) and asks for names as the user types
    (a province has thousands)."""
    org = committee.congress.org
    persons = member_selectors.persons_ever_under(org)
    return form(
        request.POST or None,
        persons=persons.exclude(pk=leaving.person_id) if leaving is not None else persons,
        positions=sorted(services.POSITIONS[committee.kind]),
        search_url=f"{reverse('members:person_lookup')}?within={org.pk}",
        initial=initial,
    )


# --- Congresses ----------------------------------------------------------------------------------


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    visible = org_permissions.orgs_at_least(request.user).values("pk")
    node = getattr(request, "working_org", None)
    if node is not None:
        # The unit chosen in the header and everything that stood under it.
        visible = visible.filter(selectors.nodes_under(node, on=today(), column="pk"))
    rows = []
    for congress in selectors.congresses(visible):
        span = selectors.term(congress)
        rows.append((congress, span))
    context = {"rows": rows, "can_create": org_permissions.orgs_at_least(request.user, permissions.RECORD).exists()}
    return render(request, "governance/home.html", context)


@require_http_methods(["GET", "POST"])
def congress_new(request: HttpRequest) -> HttpResponse:
    node = permissions.get_congress_org_for_user(request.user, org_permissions.node_asked(request))
    orgs = org_permissions.orgs_at_least(request.user, permissions.RECORD).exclude(kind=OrgKind.BRANCH)
    form = unit_form(request, CongressForm, node, orgs)
    return form_page(
        request, form, services.congress_create, _("The congress has been recorded."),
        to=lambda congress: reverse("governance:term", args=[congress.pk]), template="governance/form.html",
        title=_("Record a congress"), org=node,
    )  # fmt: skip


@require_GET
def term(request: HttpRequest, pk: int) -> HttpResponse:
    congress = permissions.get_congress_for_user(request.user, pk)
    span = selectors.term(congress)
    committees = list(congress.committees.all())
    chosen = request.GET.get("committee")
    committee = next((c for c in committees if c.kind == chosen), committees[0] if committees else None)
    on = parse_date(request.GET.get("on"), span.last_day_by(today()))
    context: dict[str, Any] = {
        "congress": congress,
        "span": span,
        "committees": committees,
        "committee": committee,
        "on": on,
        "can_edit": permissions.can_record(request.user, congress.org),
        "events": congress.events.select_related("actor")[:30],
    }
    if committee is not None:
        context.update(
            {
                "composition": selectors.composition(committee, on=on),
                "size_at_start": selectors.size_at_start(committee),
                "size_at_end": selectors.size_at_end(committee),
                "departures": selectors.departures(committee),
                "chair": selectors.holder(congress.org, "chair", on=on),
                "meetings": selectors.meetings_with_attendance(committee),
                "by_year": selectors.meetings_by_year(committee),
                "rates": selectors.attendance_rates(committee),
                "chart": {"timeline": selectors.timeline(committee)},
            }
        )
        # A row per seat holder, readable on a laptop screen.
        context["timeline_height"] = 26 * len(context["chart"]["timeline"]["labels"]) + 70
    return render(request, "governance/term.html", context)


@require_GET
def congress_documents(request: HttpRequest, pk: int) -> FileResponse:
    congress = permissions.get_congress_for_user(request.user, pk)
    return files.serve_kept(congress.documents, named=lambda suffix: f"tai-lieu-dai-hoi-{congress.ordinal}{suffix}")


# --- Committees and seats --------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def committee_new(request: HttpRequest, pk: int) -> HttpResponse:
    congress = permissions.get_congress_for_user(request.user, pk, need=permissions.RECORD)
    form = CommitteeForm(request.POST or None)
    return form_page(
        request, form, services.committee_create, _("The committee has been recorded."), to=_term_url,
        template="governance/form.html", title=_("Add a committee"), context={"congress": congress}, congress=congress,
    )  # fmt: skip


def _term_url(committee: Committee) -> str:
    return f"{reverse('governance:term', args=[committee.congress_id])}?committee={committee.kind}"


@require_http_methods(["GET", "POST"])
def committee_edit(request: HttpRequest, pk: int) -> HttpResponse:
    committee = permissions.get_committee_for_user(request.user, pk, need=permissions.RECORD)
    initial = {"planned_size": committee.planned_size, "meetings_per_year": committee.meetings_per_year}
    form = CommitteeEditForm(request.POST or None, initial=initial)
    return form_page(
        request, form, services.committee_update, _("The committee has been saved."),
        to=lambda _saved: _term_url(committee), template="governance/form.html",
        title=f"{committee.get_kind_display()} · {committee.congress}", context={"congress": committee.congress},
        committee=committee,
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def seat_elect(request: HttpRequest, pk: int) -> HttpResponse:
    committee = permissions.get_committee_for_user(request.user, pk, need=permissions.RECORD)
    congress = committee.congress
    form = _seat_form(request, SeatElectForm, committee, initial={"started_on": congress.held_on})
    return form_page(
        request, form, services.seat_elect, _("The seat has been recorded."), to=lambda _seat: _term_url(committee),
        template="governance/form.html",
        title=_("Add a member: %(committee)s") % {"committee": committee.get_kind_display()},
        context={"congress": congress}, committee=committee,
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def seat_replace(request: HttpRequest, pk: int) -> HttpResponse:
    seat = permissions.get_seat_for_user(request.user, pk, need=permissions.RECORD)
    committee = seat.committee
    initial = {"position": seat.position, "ended_on": today()}
    form = _seat_form(request, SeatReplaceForm, committee, initial=initial, leaving=seat)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def depart() -> None:  # ended, or ended and replaced
            if data["person"] is None:
                services.seat_end(
                    actor=request.user, seat=seat, ended_on=data["ended_on"], end_reason=data["end_reason"],
                    decision_number=data["decision_number"],
                )  # fmt: skip
            else:
                services.seat_replace(
                    actor=request.user, seat=seat, ended_on=data["ended_on"], end_reason=data["end_reason"],
                    decision_number=data["decision_number"], person=data["person"], position=data["position"],
                    started_on=data["started_on"], start_reason=data["start_reason"] or "co_opted",
                )  # fmt: skip

        if act(request, depart, _("The departure has been recorded."), form=form):
            return redirect(_term_url(committee))
    context = {"form": form, "seat": seat, "congress": committee.congress}
    return render(request, "governance/seat_replace.html", context)


# --- Meetings -----------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def meeting_new(request: HttpRequest, pk: int) -> HttpResponse:
    committee = permissions.get_committee_for_user(request.user, pk, need=permissions.RECORD)
    span = selectors.term(committee.congress)
    raw = request.POST.get("held_on") if request.method == "POST" else request.GET.get("held_on")
    held_on = parse_date(raw, span.last_day_by(today()))
    seats = selectors.composition(committee, on=held_on)
    # A new date redraws the list and keeps what was already marked for those still seated.
    marked = {key: value for key, value in request.GET.items() if key.startswith("att_")}
    form = MeetingForm(
        request.POST or None, request.FILES or None, seats=seats, initial={"held_on": held_on, **marked},
        refresh_url=reverse("governance:meeting_new", args=[committee.pk]),
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if act(
            request,
            lambda: services.meeting_record(
                actor=request.user,
                committee=committee,
                held_on=data["held_on"],
                kind=data["kind"],
                agenda=data["agenda"],
                minutes=data["minutes"],
                attendance=form.attendance(),
            ),
            _("The meeting has been recorded."),
            form=form,
        ):
            return redirect(_term_url(committee))
    context = {"form": form, "committee": committee, "congress": committee.congress, "held_on": held_on}
    template = "governance/_attendance.html" if request.htmx else "governance/meeting_form.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@require_GET
def meeting_minutes(request: HttpRequest, pk: int) -> FileResponse:
    meeting = permissions.get_meeting_for_user(request.user, pk)
    return files.serve_kept(meeting.minutes, named=lambda suffix: f"bien-ban-hop-{meeting.held_on:%Y-%m-%d}{suffix}")


# --- Rosters -------------------------------------------------------------------------------------------


def _roster_day(request: HttpRequest, committee: Committee) -> dt.date:
    return parse_date(request.GET.get("on"), selectors.term(committee.congress).last_day_by(today()))


def _roster_name(committee: Committee, on: dt.date, ext: str) -> str:
    congress = committee.congress
    return f"danh-sach-{committee.kind}-{congress.term_start_year}-{congress.term_end_year}-{on:%Y%m%d}.{ext}"


@require_GET
def roster_docx(request: HttpRequest, pk: int) -> HttpResponse:
    committee = permissions.get_committee_for_user(request.user, pk)
    on = _roster_day(request, committee)
    return download(
        exporting.roster_docx(committee, on), _roster_name(committee, on, "docx"), content_type=exporting.DOCX
    )


@require_GET
def roster_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    committee = permissions.get_committee_for_user(request.user, pk)
    on = _roster_day(request, committee)
    return download(exporting.roster_xlsx(committee, on), _roster_name(committee, on, "xlsx"))


# --- Targets ----------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def target_new(request: HttpRequest, pk: int) -> HttpResponse:
    congress = permissions.get_congress_for_user(request.user, pk, need=permissions.RECORD)
    form = TargetForm(request.POST or None, initial={"period": TargetPeriod.YEAR})
    return form_page(
        request, form, services.target_set, _("The target has been recorded."),
        to=f"{reverse('governance:term', args=[congress.pk])}#targets", template="governance/form.html",
        title=_("Add a target"), context={"congress": congress}, congress=congress,
    )  # fmt: skip


@require_POST
def target_value(request: HttpRequest, pk: int) -> HttpResponse:
    target = permissions.get_target_for_user(request.user, pk, need=permissions.RECORD)
    form = TargetValueForm(request.POST)
    if posted_valid(request, form, _("Enter a number.")):
        submit(request, services.target_value_set, form, _("The value has been saved."), on_form=False, target=target)
    return redirect(f"{reverse('governance:term', args=[target.congress_id])}#targets")


# --- Compliance and restructurings ---------------------------------------------------------------------


@require_GET
def compliance_home(request: HttpRequest) -> HttpResponse:
    node = getattr(request, "working_org", None)
    if node is None:
        return render(request, "governance/compliance.html", {"node": None})
    return redirect("governance:compliance", pk=node.pk)


def _compliance(request: HttpRequest, pk: int) -> dict[str, Any]:
    """What the compliance view shows and its Excel file holds: a node's report today, of each unit's last two
    terms or (`?all=1`) of every term."""
    node = org_permissions.get_org_for_user(request.user, pk)
    on = today()
    whole = request.GET.get("all") == "1"
    report = selectors.compliance(node, on=on, terms=None if whole else selectors.RECENT_TERMS)
    return {
        "whole": whole,
        "node": node,
        "on": on,
        "report": report,
        "restructurings": selectors.restructurings(node, on=on),
    }


@require_GET
def compliance(request: HttpRequest, pk: int) -> HttpResponse:
    found = _compliance(request, pk)
    node, on, whole = found["node"], found["on"], found["whole"]
    context = {
        **found,
        "can_edit": permissions.can_record(request.user, node),
        "low_attendance": selectors.LOW_ATTENDANCE,
        "heading": exporting.compliance_heading(node, on, whole=whole),
        "export_url": url_with("governance:compliance_export", node.pk, all="1" if whole else None),
    }
    return render(request, "governance/compliance.html", context)


@require_GET
def compliance_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The compliance view as an Excel file (`?all=1`: every term, as on the page)."""
    found = _compliance(request, pk)
    on = found["on"]
    data = exporting.compliance_xlsx(found["node"], on, found["report"], found["restructurings"], whole=found["whole"])
    return download(data, f"tuan-thu-dieu-le-{on:%Y%m%d}.xlsx")


def _restructurable(request: HttpRequest, node: Org) -> QuerySet[Org]:
    ids = org_selectors.subtree_ids(node, on=today())
    return org_permissions.orgs_at_least(request.user, permissions.RECORD, active=True).filter(
        pk__in=ids, kind__in=services.RESTRUCTURED_KINDS
    )


@require_http_methods(["GET", "POST"])
def restructuring_new(request: HttpRequest, pk: int) -> HttpResponse:
    node = org_permissions.get_org_for_user(request.user, pk, need=permissions.RECORD)
    form = RestructuringPlanForm(request.POST or None, orgs=_restructurable(request, node), within=node)
    return form_page(
        request, form, services.restructuring_plan, _("The restructuring has been planned."),
        to=reverse("governance:compliance", args=[node.pk]), template="governance/form.html",
        title=_("Plan a restructuring"), context={"node": node},
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def restructuring_done(request: HttpRequest, pk: int) -> HttpResponse:
    restructuring = permissions.get_restructuring_for_user(request.user, pk, need=permissions.RECORD)
    form = RestructuringDoneForm(request.POST or None, initial={"done_on": today()})
    # Back to the page the form was opened from when it is one of ours, else the unit's compliance.
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("governance:compliance", args=[restructuring.org_id])
    return form_page(
        request, form, services.restructuring_done, _("The restructuring has been recorded as done."), to=back,
        template="governance/form.html", title=_("Restructuring of %(unit)s") % {"unit": restructuring.org.name},
        restructuring=restructuring,
    )  # fmt: skip
