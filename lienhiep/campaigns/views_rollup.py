"""The reconciliation of a campaign (REPORTING.md §5.6, 7): per unit and figure, what the unit submitted beside what
its records give, with the difference; and the same to Excel. Read like the campaign's board (whoever sees the
requester; a unit in the campaign's scope gets 403, anyone else 404)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.views.decorators.http import require_GET

from lienhiep.campaigns import rollup
from lienhiep.campaigns.permissions import get_campaign_for_user
from lienhiep.core.http import export_started


@require_GET
def reconciliation(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_campaign_for_user(request.user, pk)
    only = request.GET.get("different") == "1"
    rows = rollup.reconciliation(campaign, only_different=only)
    context = {
        "campaign": campaign,
        "rows": rows,
        "only": only,
        "differing": sum(1 for row in rows if row.difference),
        "export_query": request.GET.urlencode(),
    }
    return render(request, "campaigns/reconciliation.html", context)


@require_GET
def reconciliation_export(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The reconciliation as shown, to Excel in the background (core.exports)."""
    return export_started(request, rollup.RECONCILIATION_SOURCE, campaign=get_campaign_for_user(request.user, pk).pk)
