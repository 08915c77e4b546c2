"""The pages of `reporting` that read the registry: the drill-down of one figure (`reporting:figure`) and the node
overview (`reporting:overview`, its Excel file `reporting:overview_export`).

Kept apart from `views.py` (the reports' pages) so that the pages of figures and those of reports can change
without touching each other; `urls.py` adds `urlpatterns` below to its own."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_GET

from lienhiep.activities.forms import PeriodForm
from lienhiep.core.forms import parse_date
from lienhiep.core.http import id_param, url_with
from lienhiep.core.spreadsheets import download
from lienhiep.core.templatetags.vn import vnum
from lienhiep.governance import permissions as governance_permissions
from lienhiep.orgs import permissions as org_permissions
from lienhiep.orgs import selectors as org_selectors
from lienhiep.orgs.models import Org
from lienhiep.reporting import overview as overview_page
from lienhiep.reporting import registry
from lienhiep.reporting import targets as targets_page
from lienhiep.reporting.models import FigureSource

PAGE_SIZE = 50


@dataclass(frozen=True)
class RecordRow:
    label: str
    day: dt.date | None
    unit: str
    url: str  # empty: the reader may not open the record's page


def _unit_of(obj: Model) -> Org | None:
    """The unit whose access decides who opens a record's page."""
    if isinstance(obj, Org):
        return obj
    for path_ in ("org", "congress.org", "committee.congress.org"):
        value: Any = obj
        for name in path_.split("."):
            value = getattr(value, name, None)
        if isinstance(value, Org):
            return value
    return None


# The page of each kind of record, by the model `FigureSpec.records` names: (url name, the record's pk for it).
PAGES: dict[str, tuple[str, str]] = {
    "orgs.Org": ("orgs:detail", "pk"),
    "activities.Activity": ("activities:detail", "pk"),
    "governance.Congress": ("governance:term", "pk"),
    "governance.CongressTarget": ("governance:term", "congress_id"),
    "governance.Seat": ("governance:term", "committee.congress_id"),
    "members.Person": ("members:detail", "pk"),
    "awards.Nomination": ("awards:nomination", "pk"),
    "campaigns.Submission": ("campaigns:submission", "pk"),
}
DAYS = ("start_date", "decision_date", "done_on", "held_on", "started_on", "founded_on", "proposed_on")


def _attr(obj: Any, dotted: str) -> Any:
    for name in dotted.split("."):
        obj = getattr(obj, name)
    return obj


def _rows(user: Any, records: str, ids: list[int]) -> list[RecordRow]:
    """The records `ids` of the model `records`, in the figure's order, each linked to its page when the reader
    may open it (a role reaching its unit)."""
    model = apps.get_model(records)
    rows = model._default_manager.filter(pk__in=ids)
    # The unit of every row, read for its access (`_unit_of`), and a submission's campaign, which names it.
    related = [f.name for f in model._meta.get_fields() if f.name in ("org", "campaign") and f.many_to_one]
    if related:
        rows = rows.select_related(*related)
    found = {obj.pk: obj for obj in rows}
    page = PAGES.get(records)
    rows = []
    for pk in ids:
        obj = found.get(pk)
        if obj is None:
            continue
        unit = _unit_of(obj)
        url = ""
        if page and unit is not None and org_permissions.access_level(user, unit) is not None:
            url = reverse(page[0], args=[_attr(obj, page[1])])
        day = next((getattr(obj, name) for name in DAYS if getattr(obj, name, None)), None)
        if records == "activities.Initiative":
            day = dt.date(obj.year, 1, 1)  # type: ignore[attr-defined]
        rows.append(RecordRow(str(obj), day, unit.name if unit and unit != obj else "", url))
    return rows


FIELD_LABELS: dict[str, Any] = {
    "name": gettext_lazy("Name"),
    "short_name": gettext_lazy("Short name"),
    "group": gettext_lazy("Group"),
    "founded_on": gettext_lazy("Founded"),
    "label": gettext_lazy("Item"),
    "count": gettext_lazy("Count"),
    "title": gettext_lazy("Title"),
    "position": gettext_lazy("Position"),
    "started_on": gettext_lazy("From"),
    "ended_on": gettext_lazy("Until"),
    "reason": gettext_lazy("Reason"),
    "required": gettext_lazy("Required"),
    "held": gettext_lazy("Held"),
    "on_time": gettext_lazy("On time"),
    "late": gettext_lazy("Late"),
    "missing": gettext_lazy("Missing"),
    "order": gettext_lazy("No."),
    "text": gettext_lazy("Target"),
    "at_least": gettext_lazy("At least"),
    "at_most": gettext_lazy("At most"),
    "unit": gettext_lazy("Unit"),
    "period": gettext_lazy("Period"),
    # A record's kind (an activity's, a dossier's): "Kind" alone is a unit's (Loại đơn vị).
    "kind": pgettext_lazy("record", "Kind"),
    "start_date": gettext_lazy("Date"),
    "end_date": gettext_lazy("Until"),
    "place": gettext_lazy("Place"),
    "partners": gettext_lazy("Partners"),
    "year": gettext_lazy("Year"),
    "level": gettext_lazy("Level"),
    "applied": gettext_lazy("Applied"),
    "authors": gettext_lazy("Authors"),
    "decision_date": gettext_lazy("Decision date"),
    "decision_number": gettext_lazy("Decision number"),
    "form": gettext_lazy("Form"),
    "issuer": gettext_lazy("Issued by"),
    "recipient": gettext_lazy("Recipient"),
    "rating": gettext_lazy("Rating"),
    "rated_by": gettext_lazy("Rated by"),
    "organiser": gettext_lazy("Organised by (outside the network)"),
    "participants": gettext_lazy("Participants"),
    "named": gettext_lazy("Members named"),
    "made": gettext_lazy("Nominations sent"),
    "granted": gettext_lazy("Nominations granted"),
    "contest": gettext_lazy("Contest"),
    "field": gettext_lazy("Field"),
    "rank": gettext_lazy("Prize"),
    "quota": gettext_lazy("Places in the rules"),
    "awarded": gettext_lazy("Prizes awarded"),
}


def _cell(value: Any) -> str:
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, int | Decimal):
        return vnum(value)
    return "" if value is None else str(value)


def _number(raw: str | None) -> int:
    return int(raw) if raw and raw.isascii() and raw.isdigit() and len(raw) < 7 else 1


@require_GET
def figure(request: HttpRequest) -> HttpResponse:
    """One figure and the records behind it: its label, value and basis, and the records counted, 50 a page,
    each linked to its page when the reader may open it.

    GET parameters (stable: figure chips link here):
    - ``key``: the figure's key ("honours.count"); unknown: 404.
    - ``node``: the unit's id (404 outside the reader's tree); none: the unit the reader works in.
    - ``start``, ``end``: the period, dd/mm/yyyy or YYYY-MM-DD (default: this year to today).
    - ``as_of``: the cut-off date (default: ``end``).
    - every parameter the figure takes, by its own name (``issuer=vusta&form=bang_khen``).
    - ``page``: the page of records (1, 2, …).
    - ``campaign`` (and ``section``): the figure as a report block takes it from that campaign of the unit's
      (`registry.Taken`): its records are then the accepted submissions it sums, or the records it lists.
    A figure that counts persons names no records (members): the page links to the member list of the unit on
    the day instead."""
    try:
        spec = registry.spec(request.GET.get("key", ""))
    except ValidationError:
        raise Http404 from None
    node = org_permissions.page_node(request)
    today = org_selectors.today()
    end = parse_date(request.GET.get("end"), today)
    start = parse_date(request.GET.get("start"), dt.date(end.year, 1, 1))
    as_of = parse_date(request.GET.get("as_of"), end)
    params = {name: request.GET[name] for name in spec.params if request.GET.get(name)}
    campaign = id_param(request.GET.get("campaign"))
    if request.GET.get("campaign") and campaign is None:
        raise Http404
    context: dict[str, Any] = {"spec": spec, "node": node, "start": start, "end": end, "as_of": as_of}
    context["params"] = [
        (name, value, dict(spec.params[name] or []).get(value, value)) for name, value in params.items()
    ]
    try:
        if start > end:
            raise ValidationError(_("The period ends before it begins."))
        taken = (
            None
            if campaign is None
            else registry.Taken(FigureSource.SUBMISSIONS, campaign, request.GET.get("section", ""))
        )
        result = registry.compute(
            spec.key, node, start=start, end=end, as_of=as_of, params=params, user=request.user, taken=taken
        )
    except ValidationError as error:
        context["error"] = " ".join(error.messages)
        return render(request, "reporting/figure.html", context, status=400)
    context["result"] = result
    context["rows_value"] = result.value if isinstance(result.value, list) else None
    if isinstance(result.value, list):
        context["columns"] = [(name, FIELD_LABELS.get(name, name)) for name in spec.row_fields]
        context["table"] = [[_cell(row.get(name)) for name in spec.row_fields] for row in result.value]
    if result.record_ids is not None and result.records:
        number = _number(request.GET.get("page"))
        first = (number - 1) * PAGE_SIZE
        ids = result.record_ids[first : first + PAGE_SIZE]
        context["records"] = _rows(request.user, result.records, ids)
        context["record_count"] = len(result.record_ids)
        query = request.GET.copy()
        query.pop("page", None)
        context["query_string"] = query.urlencode()
        context["page"] = number
        context["previous_page"] = number - 1 if number > 1 else None
        context["next_page"] = number + 1 if first + PAGE_SIZE < len(result.record_ids) else None
    elif spec.key.startswith("members."):
        context["members_url"] = url_with("members:list", node=node.pk, on=org_selectors.tree_day(node, as_of))
    return render(request, "reporting/figure.html", context)


def _period(request: HttpRequest, node: Any) -> tuple[PeriodForm, dt.date, dt.date]:
    """The overview's filters and its period as they ask (by default `overview.period`)."""
    start, end = overview_page.period(org_selectors.today())
    initial = {"node": node, "start": start, "end": end}
    form = PeriodForm(request.GET or None, nodes=org_permissions.orgs_at_least(request.user), initial=initial)
    if form.is_valid():
        start = form.cleaned_data["start"] or start
        end = form.cleaned_data["end"] or end
    return form, start, end


@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    """A unit's figures over a period: `?node=` (the working unit by default), `?start=`, `?end=`."""
    node = getattr(request, "working_org", None)
    form, start, end = _period(request, node)
    if form.is_valid():
        node = form.cleaned_data["node"] or node
    context: dict[str, Any] = {"form": form, "node": node, "start": start, "end": end}
    if node is not None:
        context.update(overview_page.figures(node, start, end))
        context["heading"] = overview_page.heading(node, start, end)
        context["export_url"] = url_with("reporting:overview_export", node=node.pk, start=start, end=end)
    return render(request, "reporting/overview.html", context)


@require_GET
def overview_export(request: HttpRequest) -> HttpResponse:
    """The overview as an Excel file: `?node=` (404 outside the user's tree; none: the working unit), `?start=`,
    `?end=` as the page reads them."""
    node = org_permissions.page_node(request)
    _form, start, end = _period(request, node)
    data = overview_page.workbook(node, start, end, overview_page.figures(node, start, end))
    return download(data, f"tong-quan-{start:%Y%m%d}-{end:%Y%m%d}.xlsx")


@require_GET
def targets(request: HttpRequest, pk: int) -> HttpResponse:
    """The targets of congress `pk` (404 outside the reader's tree) with their progress, measured through the
    registry or entered by hand; the congress page includes it (htmx) in place of its targets' card."""
    congress = governance_permissions.get_congress_for_user(request.user, pk)
    context = {
        "congress": congress,
        "targets": targets_page.progress(congress),
        "can_edit": governance_permissions.can_record(request.user, congress.org),
    }
    template = "reporting/_targets.html" if request.headers.get("HX-Request") else "reporting/targets.html"
    return render(request, template, context)


urlpatterns = [
    path("figure/", figure, name="figure"),
    path("overview/", overview, name="overview"),
    path("overview/export/", overview_export, name="overview_export"),
    path("congresses/<int:pk>/targets/", targets, name="targets"),
]
