"""The figures of consultancy that reports print (issue 15), given to the registry from `ReviewsConfig.ready`
(decision 0014: reporting never imports reviews).

Each counts the dossiers of the units under the node as they stood on the dossier's own date: received in the period
(`received_on`) for what came in, opinion sent in the period (`sent_on`) for what was done — "the topics" a term
report names (seed 000 §2.2) and the congress measure "topics a year". A confidential dossier is counted, never named:
the list of topics prints its title as a count ("và 01 chuyên đề mật")."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, F, QuerySet, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lienhiep.orgs import selectors as org_selectors
from lienhiep.reporting.figures.common import num
from lienhiep.reporting.registry import FigureResult, Scope, declared, figure
from lienhiep.reviews.models import Dossier, DossierKind, DossierStatus, RequesterType, ReviewPlan

KINDS = list(DossierKind.choices)
REQUESTERS = list(RequesterType.choices)


def received(p: Scope) -> QuerySet[Dossier]:
    """The dossiers received in the period by the units under the node, as they stood that day."""
    return Dossier.objects.filter(org_selectors.stood_under(p.node, start=p.start, end=p.end, date_field="received_on"))


def done(p: Scope) -> QuerySet[Dossier]:
    """The dossiers whose opinion went out in the period: the topics advised on, critiqued or assessed."""
    return Dossier.objects.filter(org_selectors.stood_under(p.node, start=p.start, end=p.end, date_field="sent_on"))


@figure("reviews.count", gettext_lazy("Consultancy dossiers received"), "count", "span",
        params={"kind": KINDS, "requester": REQUESTERS}, unit=gettext_lazy("dossiers"), records="reviews.Dossier",
)  # fmt: skip
def count(p: Scope, *, kind: str = "", requester: str = "") -> FigureResult:
    """Dossiers received in the period, of a kind and a requester type when given."""
    rows = received(p)
    if kind:
        rows = rows.filter(kind=kind)
    if requester:
        rows = rows.filter(requester_type=requester)
    ids = sorted(rows.values_list("pk", flat=True))
    return FigureResult(len(ids), basis=_("%(n)s dossiers received") % {"n": num(len(ids))}, record_ids=ids)


def _table(rows: QuerySet[Dossier], field: str, choices: list[tuple[str, Any]], name: str) -> list[dict[str, Any]]:
    counts = {r[field]: r["n"] for r in rows.order_by().values(field).annotate(n=Count("id"))}
    return [{name: str(label), "count": counts.get(value, 0)} for value, label in choices if counts.get(value)]


@figure("reviews.by_kind", gettext_lazy("Consultancy dossiers by kind"), "table", "span", row_fields=("kind", "count"))
def by_kind(p: Scope) -> FigureResult:
    rows = received(p)
    table = _table(rows, "kind", list(DossierKind.choices), "kind")
    return FigureResult(table, basis=_("%(n)s dossiers received") % {"n": num(sum(r["count"] for r in table))})


@figure("reviews.by_requester", gettext_lazy("Consultancy dossiers by requester"), "table", "span",
        row_fields=("requester", "count"))  # fmt: skip
def by_requester(p: Scope) -> FigureResult:
    rows = received(p).exclude(requester_type="")
    table = _table(rows, "requester_type", list(RequesterType.choices), "requester")
    return FigureResult(table, basis=_("%(n)s requested dossiers") % {"n": num(sum(r["count"] for r in table))})


OUTCOMES: list[tuple[str, Any]] = [
    ("declined", gettext_lazy("Declined")),
    ("sent", gettext_lazy("Opinion sent, no answer yet")),
    ("answered", gettext_lazy("Requester answered")),
    ("open", gettext_lazy("Still open")),
]


def _outcome(status: str, answered_on: Any, sent_on: Any, reply_declined: bool) -> str:
    if answered_on is not None:
        return "answered"
    if sent_on is not None:
        return "sent"
    if reply_declined:
        return "declined"
    return "open"


@figure("reviews.by_outcome", gettext_lazy("Consultancy dossiers by outcome"), "table", "span",
        row_fields=("outcome", "count"))  # fmt: skip
def by_outcome(p: Scope) -> FigureResult:
    """The dossiers received in the period by where they ended: declined, opinion sent, answered, still open."""
    counts = dict.fromkeys([value for value, _label in OUTCOMES], 0)
    rows = received(p).values_list("status", "answered_on", "sent_on", "decline_reason")
    for status, answered_on, sent_on, reason in rows:
        declined = status == DossierStatus.DECLINED or (status == DossierStatus.CLOSED and bool(reason))
        counts[_outcome(status, answered_on, sent_on, declined)] += 1
    table = [{"outcome": str(label), "count": counts[value]} for value, label in OUTCOMES]
    return FigureResult(table, basis=_("%(n)s dossiers received") % {"n": num(sum(counts.values()))})


@figure("reviews.taken_up_share", gettext_lazy("Share of proposals taken up"), "percent", "span", unit="%")
def taken_up_share(p: Scope) -> FigureResult:
    """Of the proposals in the opinions sent in the period whose requester answered, the share it took up."""
    sums = (
        done(p)
        .filter(answered_on__isnull=False, proposals__isnull=False, proposals_taken_up__isnull=False)
        .aggregate(made=Sum("proposals"), taken=Sum("proposals_taken_up"))
    )
    made, taken = sums["made"] or 0, sums["taken"] or 0
    share = (Decimal(taken) * 100 / made).quantize(Decimal("0.1"), ROUND_HALF_UP) if made else None
    basis = _("%(taken)s of %(made)s proposals taken up") % {"taken": num(taken), "made": num(made)}
    return FigureResult(share, basis=basis)


@figure("reviews.eia_seats", gettext_lazy("Seats on environmental-impact councils"), "count", "span",
        unit=gettext_lazy("seats"), records="reviews.Dossier")  # fmt: skip
def eia_seats(p: Scope) -> FigureResult:
    ids = sorted(received(p).filter(kind=DossierKind.EIA_SEAT).values_list("pk", flat=True))
    basis = _("%(n)s seats on environmental-impact councils") % {"n": num(len(ids))}
    return FigureResult(len(ids), basis=basis, record_ids=ids)


@figure("reviews.days_to_answer", gettext_lazy("Days from request to opinion"), "count", "span",
        unit=gettext_lazy("days"))  # fmt: skip
def days_to_answer(p: Scope) -> FigureResult:
    """The average days from a request's arrival to the opinion sent, over the opinions sent in the period."""
    pairs: list[tuple[dt.date, dt.date]] = list(done(p).values_list("received_on", "sent_on"))  # type: ignore[arg-type]
    if not pairs:
        return FigureResult(None, basis=_("no opinion sent in the period"))
    total = sum((sent - got).days for got, sent in pairs)
    average = (Decimal(total) / len(pairs)).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return FigureResult(average, basis=_("over %(n)s opinions sent") % {"n": num(len(pairs))})


@figure("reviews.topics_a_year", gettext_lazy("Consultancy topics a year"), "count", "span",
        unit=gettext_lazy("topics"))  # fmt: skip
def topics_a_year(p: Scope) -> FigureResult:
    """The congress measure "topics a year": the opinions sent in the period over the years it touches."""
    n = done(p).count()
    years = p.end.year - p.start.year + 1
    value = (Decimal(n) / years).quantize(Decimal("0.1"), ROUND_HALF_UP)
    basis = _("%(n)s topics over %(years)s years") % {"n": num(n), "years": num(years)}
    return FigureResult(value, basis=basis)


@figure("reviews.plan", gettext_lazy("Consultancy plan against what was done"), "table", "span",
        row_fields=("year", "planned", "done"))  # fmt: skip
def plan_against_done(p: Scope) -> FigureResult:
    """Each year of the period: the topics the node planned (its own plan) and the opinions sent that year."""
    plans = dict(
        ReviewPlan.objects.filter(org=p.node, year__gte=p.start.year, year__lte=p.end.year).values_list(
            "year", "topics"
        )
    )
    sent = {row["year"]: row["n"] for row in done(p).order_by().values(year=F("sent_on__year")).annotate(n=Count("id"))}
    table = [
        {"year": year, "planned": plans.get(year), "done": sent.get(year, 0)}
        for year in range(p.start.year, p.end.year + 1)
        if year in plans or year in sent
    ]
    return FigureResult(table, basis=_("yearly plans of the unit and opinions sent"))


def _topics(p: Scope) -> tuple[list[dict[str, Any]], int, list[int]]:
    fields = ("pk", "title", "kind", "requester_name", "received_on", "sent_on", "confidential")
    rows: list[dict[str, Any]] = [dict(row) for row in done(p).order_by("sent_on", "id").values(*fields)]
    kinds = dict(DossierKind.choices)
    named = [
        {
            "title": r["title"],
            "kind": str(kinds.get(r["kind"], r["kind"])),
            "requester": r["requester_name"],
            "received_on": r["received_on"].strftime("%d/%m/%Y"),
            "sent_on": r["sent_on"].strftime("%d/%m/%Y"),
            "year": r["sent_on"].year,
        }
        for r in rows
        if not r["confidential"]
    ]
    secret = sum(1 for r in rows if r["confidential"])
    return named, secret, sorted(r["pk"] for r in rows)


def _secret_words(secret: int) -> str:
    return _("%(n)s confidential topics") % {"n": f"{secret:02d}"}


@figure("reviews.topics", gettext_lazy("Consultancy topics, listed"), "rows", "span", records="reviews.Dossier",
        row_fields=("title", "kind", "requester", "received_on", "sent_on", "year"))  # fmt: skip
def topics(p: Scope) -> FigureResult:
    """The topics of the period (opinions sent), in the order they went out; a confidential one only counted."""
    named, secret, ids = _topics(p)
    basis = _("%(n)s topics") % {"n": num(len(ids))}
    if secret:
        basis += " (" + _secret_words(secret) + ")"
    return FigureResult(named, basis=basis, record_ids=ids)


@figure("reviews.confidential_topics", gettext_lazy("Confidential consultancy topics, counted"), "count", "span",
        unit=gettext_lazy("topics"), records="reviews.Dossier")  # fmt: skip
def confidential_topics(p: Scope) -> FigureResult:
    """How many of the period's topics were confidential: what a report prints of them (never their titles)."""
    ids = sorted(done(p).filter(confidential=True).values_list("pk", flat=True))
    return FigureResult(len(ids), basis=_secret_words(len(ids)), record_ids=ids)


@figure("reviews.topics_text", gettext_lazy("Consultancy topics, named in a sentence"), "text", "span",
        records="reviews.Dossier")  # fmt: skip
def topics_text(p: Scope) -> FigureResult:
    """The same topics as a report's sentence names them: "A; B; C" (seed 000 §2.2), the confidential ones counted at
    the end."""
    named, secret, ids = _topics(p)
    parts = [row["title"] for row in named]
    if secret:
        parts.append(_secret_words(secret))
    return FigureResult("; ".join(parts), basis=_("%(n)s topics") % {"n": num(len(ids))}, record_ids=ids)


SPECS = declared(__name__)
