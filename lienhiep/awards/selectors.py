"""Reads over honours and ratings, for any period and subtree as the tree stood: an honour counts for a
node when its recipient unit stood under it on the decision date."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Q, QuerySet
from django.db.models.functions import ExtractMonth, ExtractYear

from lienhiep.awards.models import (
    EmulationRating,
    Honour,
    HonourForm,
    Issuer,
    Nomination,
    NominationEvent,
    NominationStatus,
)
from lienhiep.core import declarations, filtering
from lienhiep.core.text import fold
from lienhiep.orgs import figures
from lienhiep.orgs import selectors as org_selectors
from lienhiep.orgs.models import Org, OrgSpell


def honours_in(node: Org | int, *, start: dt.date, end: dt.date, whole_tree: bool = False) -> QuerySet[Honour]:
    """Honours decided in [start, end] to units (or their people) that stood under `node` on the decision date.
    `whole_tree`: the caller knows `node` tops the only tree (`orgs.selectors.is_whole_tree`; an honour is dated
    within its unit's life, `services._check_honour`), so every honour of the period is under it, read without
    joining the tree: the country's 4,300 honours of a year joined to its 36,000 closure rows took 35–55 ms of
    PostgreSQL per read (docs/benchmarks.md, session 16)."""
    if whole_tree:
        return Honour.objects.filter(decision_date__gte=start, decision_date__lte=end)
    return Honour.objects.filter(org_selectors.stood_under(node, start=start, end=end, date_field="decision_date"))


@dataclass
class HonourTotals:
    count: int
    to_units: int
    to_persons: int
    by_issuer: dict[str, int]
    by_form: dict[str, int]
    by_year: dict[int, dict[str, int]]  # year -> issuer -> count


def honour_pieces(node: Org | int, *, start: dt.date, end: dt.date) -> figures.Pieces:
    """Each month's honours by issuer, form and recipient (unit or person), remembered (`orgs.figures`), in one
    pass over the honours of the months not remembered yet."""
    to_person = ExpressionWrapper(Q(person__isnull=False) | ~Q(person_name=""), output_field=BooleanField())

    def compute(first: dt.date, last: dt.date) -> dict[dt.date, figures.Data]:
        grouped = (
            honours_in(node, start=first, end=last)
            .annotate(y=ExtractYear("decision_date"), m=ExtractMonth("decision_date"), p=to_person)
            .values_list("y", "m", "issuer", "form", "p")
            .annotate(n=Count("id"))
            .order_by()
        )
        out: dict[dt.date, figures.Data] = defaultdict(lambda: {"c": []})
        for year, month, issuer, form, is_person, n in grouped:
            out[max(dt.date(year, month, 1), first)]["c"].append([issuer, form, bool(is_person), n])
        return out

    return figures.pieced(node, source="honours", start=start, end=end, compute=compute)


def honour_totals(node: Org | int, *, start: dt.date, end: dt.date) -> HonourTotals:
    """Added up from the months remembered by `orgs.figures`."""
    by_year: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    by_issuer: dict[str, int] = defaultdict(int)
    by_form: dict[str, int] = defaultdict(int)
    persons = 0
    for first, _last, data in honour_pieces(node, start=start, end=end):
        for issuer, form, is_person, n in data.get("c", []):
            by_year[first.year][issuer] += n
            by_issuer[issuer] += n
            by_form[form] += n
            persons += n if is_person else 0
    count = sum(by_issuer.values())
    return HonourTotals(
        count=count,
        to_units=count - persons,
        to_persons=persons,
        by_issuer=dict(sorted(by_issuer.items())),
        by_form=dict(sorted(by_form.items())),
        by_year={year: dict(issuers) for year, issuers in sorted(by_year.items())},
    )


def honours_to_unit(
    node: Org | int, *, issuer: str = "", form: str = "", start: dt.date | None = None, end: dt.date | None = None
) -> QuerySet[Honour]:
    """Honours to the unit itself (not to its members), e.g. VUSTA's certificates of merit to a town union."""
    rows = Honour.objects.filter(org=node, person__isnull=True, person_name="")
    rows = rows.filter(**filtering.given(issuer=issuer, form=form, decision_date__gte=start, decision_date__lte=end))
    return rows.order_by("decision_date")


def ratings_of(node: Org | int, *, first_year: int, last_year: int) -> QuerySet[EmulationRating]:
    return EmulationRating.objects.filter(org=node, year__gte=first_year, year__lte=last_year).order_by("year")


def ratings_in(node: Org | int, *, year: int) -> QuerySet[EmulationRating]:
    """The ratings of `year` of the units under `node` at that year's end."""
    return (
        EmulationRating.objects.filter(org_selectors.held_in_years(node, first_year=year, last_year=year))
        .select_related("org")
        .order_by("org__name_sort", "rated_by")
    )


def rating_evidence(node: Org, *, year: int) -> list[dict[str, Any]]:
    """What the apps above awards give an emulation rating of `year` to weigh (`rating_evidence` on their AppConfig:
    a function of the node and year returning a table {title, headers, rows}, or None): campaigns' timeliness."""
    tables = (evidence(node, year=year) for evidence in declarations.imported("rating_evidence"))
    return [table for table in tables if table]


@dataclass
class HonourFilters:
    node: Org | None = None
    issuer: str = ""
    form: str = ""
    year: int | None = None
    q: str = ""


def _unit_named(folded: str) -> Exists:
    """The row's unit has had a name holding every word of `folded` (the record names it as it was then)."""
    unit_named = OrgSpell.objects.filter(org_id=OuterRef("org_id"))
    for word in folded.split():
        unit_named = unit_named.filter(name_folded__contains=word)
    return Exists(unit_named)


def _honour_named(q: str) -> Q:
    """A member's name, the decision number, or the unit's name (any name it has had), case and diacritics ignored;
    a typed name or the reason as written."""
    folded = fold(q)
    return (
        Q(person__name_folded__contains=folded)
        | Q(person_name__icontains=q)
        | Q(reason__icontains=q)
        | Q(decision_folded__contains=folded)
        | Q(_unit_named(folded))
    )


HONOUR_FILTERS: dict[str, filtering.Lookup] = {
    "node": org_selectors.held_by,
    "issuer": "issuer",
    "form": "form",
    "year": "decision_date__year",
    "q": _honour_named,
}


def honour_list(*, visible_org_ids: list[int] | None, filters: HonourFilters) -> QuerySet[Honour]:
    rows = Honour.objects.all()
    if visible_org_ids is not None:
        rows = rows.filter(org_id__in=visible_org_ids)
    rows = filtering.narrow(rows, filters, HONOUR_FILTERS)
    return rows.select_related("org", "person").order_by("-decision_date", "-id")


ISSUER_COLOURS = {
    Issuer.VUSTA: "#dc3545", Issuer.PROVINCIAL_COMMITTEE: "#fd7e14", Issuer.PROVINCIAL_UNION: "#0d6efd",
    Issuer.MINISTRY: "#6f42c1", Issuer.LOCAL_COMMITTEE: "#198754", Issuer.OTHER: "#6c757d",
}  # fmt: skip


def overview_panel(node: Org | int, *, start: dt.date, end: dt.date) -> dict[str, Any]:
    """The node overview's panel: honours by year and issuer."""
    from django.utils.translation import gettext as _

    totals = honour_totals(node, start=start, end=end)
    years = list(range(start.year, end.year + 1))
    issuers = [i for i in Issuer.values if totals.by_issuer.get(i)]
    return {
        "honours": totals,
        "forms": [(HonourForm(k).label, n) for k, n in totals.by_form.items()],
        "chart": {
            "honours_by_year": {
                "title": _("Honours by year and issuer"),
                "axis": _("Year"),
                "labels": [str(y) for y in years],
                "datasets": [
                    {
                        "label": str(Issuer(i).label),
                        "values": [totals.by_year.get(y, {}).get(i, 0) for y in years],
                        "color": ISSUER_COLOURS[Issuer(i)],
                    }
                    for i in issuers
                ],
            }  # fmt: skip
        },
    }


def held_record_counts(*, org_ids: list[int]) -> list[tuple[str, int]]:
    """How many honours units `org_ids` hold, all dates: what goes with a unit that moves (the move's preview)."""
    return [(str(Honour._meta.verbose_name_plural), Honour.objects.filter(org_id__in=org_ids).count())]


def records_dated_from(*, org_id: int, on: dt.date) -> list[QuerySet[Any]]:
    """How many honours of unit `org_id` were decided `on` or later, and how many of its emulation ratings are of a
    later year (a rating is of a year the unit lived in, `check_exists_in`): what its end on `on` would leave outside
    its life, where the country's honours are read without the tree (`honours_in(whole_tree=True)`). Declared as
    `records_dated_from` on the AppConfig, read by `orgs.services` before a unit ends."""
    return [
        Honour.objects.filter(org_id=org_id, decision_date__gte=on),
        EmulationRating.objects.filter(org_id=org_id, year__gt=on.year),
    ]


@dataclass
class NominationFilters:
    node: Org | None = None
    form: str = ""
    status: str = ""
    year: int | None = None
    q: str = ""


def _nomination_named(q: str) -> Q:
    folded = fold(q)
    return Q(person__name_folded__contains=folded) | Q(reason__icontains=q) | Q(_unit_named(folded))


NOMINATION_FILTERS: dict[str, filtering.Lookup] = {
    "node": org_selectors.held_by,
    "form": "form",
    "status": "status",
    "year": "proposed_on__year",
    "q": _nomination_named,
}


def nomination_list(*, visible_org_ids: list[int] | None, filters: NominationFilters) -> QuerySet[Nomination]:
    """The nominations of the units a user sees (and below `filters.node`), newest proposal first."""
    rows = Nomination.objects.all()
    if visible_org_ids is not None:
        rows = rows.filter(org_id__in=visible_org_ids)
    rows = filtering.narrow(rows, filters, NOMINATION_FILTERS)
    return rows.select_related("org", "person", "honour").order_by("-proposed_on", "-id")


def nomination_history(nomination: Nomination) -> QuerySet[NominationEvent]:
    return (
        NominationEvent.objects.filter(target="nomination", target_id=nomination.pk)
        .select_related("actor")
        .order_by("at", "id")
    )


def nominations_sent_in(
    node: Org | int, *, start: dt.date, end: dt.date, as_of: dt.date | None = None
) -> QuerySet[Nomination]:
    """Nominations sent to their issuer in [start, end] by units that stood under `node` on the day they were sent
    (those proposed but not sent are the unit's drafts: no nomination made yet), less those the unit had withdrawn
    by `as_of` (a nomination taken back before the answer was not made, in the end)."""
    rows = Nomination.objects.filter(org_selectors.stood_under(node, start=start, end=end, date_field="sent_on"))
    if as_of is not None:
        rows = rows.exclude(withdrawn_on__lte=as_of)
    return rows


def nominations_granted_in(node: Org | int, *, start: dt.date, end: dt.date) -> QuerySet[Nomination]:
    """Nominations granted by a decision dated in [start, end] (their honour's), to units that stood under `node`
    on that day."""
    return Nomination.objects.filter(
        org_selectors.stood_under(node, start=start, end=end, date_field="honour__decision_date"),
        status=NominationStatus.GRANTED,
    )
