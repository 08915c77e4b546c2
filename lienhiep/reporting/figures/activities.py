"""Figures of activities and initiatives. Activities count where their organiser stood on the day they began
(span); initiatives where their unit stood at the end of their year (years). Authors are named only with their
consent to publication (REPORTING.md §5.8)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet, Sum
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lienhiep.activities import selectors as activities
from lienhiep.activities.models import PARTICIPANTS, Activity, ActivityKind, Initiative, InitiativeLevel
from lienhiep.orgs.models import Org
from lienhiep.reporting import registry
from lienhiep.reporting.figures.common import YES_NO, choice, names_on, num, publishable, years
from lienhiep.reporting.registry import FigureResult, FigureSpec


def _field(value: Any) -> int | None:
    if value in ("", None):
        return None
    text = str(value)
    if not (text.isascii() and text.isdigit() and 0 < int(text) < 2**31):
        raise ValidationError(gettext("%(value)s is not a field.") % {"value": text})
    return int(text)


def _activities(
    node: Org, start: dt.date, end: dt.date, kind: str, field: Any, with_partner: str, co_organised: str
) -> QuerySet[Activity]:
    rows = activities.activities_in(node, start=start, end=end, kind=kind, field=_field(field))
    partner = choice(with_partner)
    if partner is not None:
        rows = rows.filter(partners__isnull=False).distinct() if partner else rows.filter(partners__isnull=True)
    shared = choice(co_organised)
    if shared is not None:
        if shared:
            rows = rows.filter(co_organisers__isnull=False).distinct()
        else:
            rows = rows.filter(co_organisers__isnull=True)
    return rows


def count(
    node: Org,
    *,
    start: dt.date,
    end: dt.date,
    as_of: dt.date,
    user: Any = None,
    kind: str = "",
    field: Any = "",
    with_partner: str = "",
    co_organised: str = "",
) -> FigureResult:
    """Activities begun in the period by the units under `node` (as they stood that day)."""
    label = str(ActivityKind(kind).label if kind else "hoạt động").lower()
    if not registry.records_wanted() and not (with_partner or co_organised):
        found = totals(node, start, end, field)
        value = found.by_kind.get(kind, 0) if kind else found.count
        return FigureResult(value, basis=f"{num(value)} {label}")
    ids = sorted(_activities(node, start, end, kind, field, with_partner, co_organised).values_list("pk", flat=True))
    return FigureResult(len(ids), basis=f"{num(len(ids))} {label}", record_ids=ids)


def totals(node: Org, start: dt.date, end: dt.date, field: Any = "") -> activities.ActivityTotals:
    """The activities' totals over the period (remembered), read once within `registry.figures_only`."""
    field_id = _field(field)
    if field_id is None:
        return by_month(node, start, end)[0]
    return registry.shared(
        ("activities", node.pk, start, end, field_id),
        lambda: activities.activity_totals(node, start=start, end=end, field=field_id),
    )


def sums_by_kind(node: Org, start: dt.date, end: dt.date, field: Any = "") -> dict[str, dict[str, int]]:
    """{kind: {figure: sum}} of the activities begun in the period, in one grouped read shared within
    `registry.figures_only` (an annual report sums six figures of four kinds: two reads each took 1.5 s for a
    province, load 7)."""
    field_id = _field(field)
    if field_id is None:
        # From the remembered months, as the totals are.
        return by_month(node, start, end)[0].sums_by_kind

    def read() -> dict[str, dict[str, int]]:
        rows = activities.activities_in(node, start=start, end=end, field=field_id)
        grouped: Any = rows.values("kind").annotate(**{name: Sum(name) for name in activities.SUMMED}).order_by()
        return {row["kind"]: {name: int(row[name] or 0) for name in activities.SUMMED} for row in grouped}

    return registry.shared(("activity_sums", node.pk, start, end, field_id), read)


def by_month(node: Org, start: dt.date, end: dt.date) -> tuple[activities.ActivityTotals, dict[Any, Any]]:
    """`activities.activity_figures`: the totals and the counts by month and kind, read once within
    `registry.figures_only`."""
    return registry.shared(
        ("activity_figures", node.pk, start, end), lambda: activities.activity_figures(node, start=start, end=end)
    )


def activity_list(
    node: Org,
    *,
    start: dt.date,
    end: dt.date,
    as_of: dt.date,
    user: Any = None,
    kind: str = "",
    field: Any = "",
    with_partner: str = "",
    co_organised: str = "",
) -> FigureResult:
    """The same activities by date: title, kind, dates, organiser as it was named then, place and partners (the
    first rows only within `registry.rows_at_most`). Read as plain values, a handful of queries whatever the count:
    a national list holds 30,000 trainings, and a model and its labels per row took 44 s for 18,000."""
    counted_already = None
    if not (with_partner or co_organised or _field(field)):
        # How many there are is in the remembered months: a COUNT of the country's 32,000 trainings took 1.8 s.
        found = totals(node, start, end)
        counted_already = found.by_kind.get(kind, 0) if kind else found.count
    rows, total = registry.first_rows(
        _activities(node, start, end, kind, field, with_partner, co_organised)
        .order_by("start_date", "id")
        .values("pk", "title", "kind", "start_date", "end_date", "org_id", "place"),
        total=counted_already,
    )
    ids = [row["pk"] for row in rows]
    partners: dict[int, list[str]] = {}
    through = Activity.partners.through.objects.filter(activity_id__in=ids).order_by("partner__name", "partner_id")
    for activity_id, name in through.values_list("activity_id", "partner__name"):
        partners.setdefault(activity_id, []).append(name)
    names = names_on((row["org_id"], row["start_date"]) for row in rows)
    kinds = {value: str(label) for value, label in ActivityKind.choices}
    value = [
        {
            "title": row["title"],
            "kind": kinds.get(row["kind"], row["kind"]),
            "start_date": row["start_date"],
            "end_date": row["end_date"],
            "unit": names[row["org_id"], row["start_date"]],
            "place": row["place"],
            "partners": ", ".join(partners.get(row["pk"], [])),
        }
        for row in rows
    ]
    counted = len(value) if total is None else total
    return FigureResult(
        value, basis=f"{num(counted)} hoạt động", record_ids=ids if total is None else None, rows_total=total
    )


# Everyone an activity reached: participants, persons helped and persons advised (`ActivityTotals.people_reached`).
REACHED = (*PARTICIPANTS, "recipients", "persons_advised")
FIGURES = [
    ("participants", _("participants (person-times)")),
    ("people_reached", _("people reached")),
    *((name, Activity._meta.get_field(name).verbose_name) for name in activities.SUMMED if name not in PARTICIPANTS),  # type: ignore[union-attr]
]


def total(
    node: Org,
    *,
    start: dt.date,
    end: dt.date,
    as_of: dt.date,
    user: Any = None,
    figure: str = "participants",
    kind: str = "",
    field: Any = "",
) -> FigureResult:
    """The sum of one figure of the activities begun in the period, and how many activities recorded it."""
    names = {"participants": PARTICIPANTS, "people_reached": REACHED}.get(figure, (figure,))
    if not registry.records_wanted():
        sums = totals(node, start, end, field).sums if not kind else sums_by_kind(node, start, end, field).get(kind, {})
        value = sum(sums.get(name, 0) for name in names)
        return FigureResult(value, basis=f"{num(value)}")
    rows = activities.activities_in(node, start=start, end=end, kind=kind, field=_field(field))
    having = Q()
    for name in names:
        having |= Q(**{f"{name}__isnull": False})
    recorded = rows.filter(having)
    sums = recorded.aggregate(**{name: Sum(name) for name in names})
    value = sum(int(sums[name] or 0) for name in names)
    ids = sorted(recorded.values_list("pk", flat=True))
    return FigureResult(value, basis=f"{num(value)} từ {num(len(ids))} hoạt động", record_ids=ids)


def _initiatives(node: Org, start: dt.date, end: dt.date, level: str, applied: str, field: Any) -> QuerySet[Initiative]:
    first, last = years(start, end)
    rows = activities.initiatives_in(node, first_year=first, last_year=last, level=level, applied=choice(applied))
    field_id = _field(field)
    return rows.filter(field_id=field_id) if field_id else rows


def initiative_count(
    node: Org,
    *,
    start: dt.date,
    end: dt.date,
    as_of: dt.date,
    user: Any = None,
    level: str = "",
    applied: str = "",
    field: Any = "",
) -> FigureResult:
    """Initiatives recognised in the period's years (of `level`, applied or not, of `field`); the basis says how
    many of all those recognised were applied ("932 / 950 được ứng dụng")."""
    first, last = years(start, end)
    if not registry.records_wanted() and not field and not (level and applied):
        found = initiatives_totals(node, first, last)
        value = found.by_level.get(level, 0) if level else found.count
        if applied:
            value = found.applied if choice(applied) else found.count - found.applied
        basis = f"{num(found.applied)} / {num(found.count)} được ứng dụng ({first}–{last})"
        return FigureResult(value, basis=basis)
    ids = sorted(_initiatives(node, start, end, level, applied, field).values_list("pk", flat=True))
    every = _initiatives(node, start, end, level, "", field)
    used = every.filter(applied=True).count()
    basis = f"{num(used)} / {num(every.count())} được ứng dụng ({first}–{last})"
    return FigureResult(len(ids), basis=basis, record_ids=ids)


def applied_share(node: Org, *, start: dt.date, end: dt.date, as_of: dt.date, user: Any = None) -> FigureResult:
    """% of the initiatives recognised in the period's years that were applied."""
    first, last = years(start, end)
    found = initiatives_totals(node, first, last)
    share = found.applied_share
    basis = f"{num(found.applied)} / {num(found.count)} được ứng dụng ({first}–{last})"
    return FigureResult(None if share is None else Decimal(str(share)), basis=basis)


def initiatives_totals(node: Org, first_year: int, last_year: int) -> activities.InitiativeTotals:
    """The initiatives' totals over the years (remembered), read once within `registry.figures_only`."""
    return registry.shared(
        ("initiatives", node.pk, first_year, last_year),
        lambda: activities.initiative_totals(node, first_year=first_year, last_year=last_year),
    )


def initiative_list(
    node: Org,
    *,
    start: dt.date,
    end: dt.date,
    as_of: dt.date,
    user: Any = None,
    level: str = "",
    applied: str = "",
    field: Any = "",
) -> FigureResult:
    """The initiatives by year and title; their member authors named only with consent, the others counted (the
    first rows only within `registry.rows_at_most`)."""
    rows, total = registry.first_rows(
        _initiatives(node, start, end, level, applied, field)
        .select_related("org")
        .prefetch_related("authors")
        .order_by("year", "title", "id")
    )
    allowed = publishable(p.pk for i in rows for p in i.authors.all())
    levels = {value: str(label) for value, label in InitiativeLevel.choices}
    left_out = 0
    value = []
    for i in rows:
        authors = list(i.authors.all())
        named = [p.full_name for p in authors if p.pk in allowed]
        hidden = len(authors) - len(named) + (1 if i.author_names.strip() else 0)
        left_out += len(authors) - len(named)
        shown = ", ".join(named)
        if hidden:
            shown = (shown + " và " if shown else "") + (f"{hidden:02d} tác giả" if not named else "cộng sự")
        value.append(
            {
                "title": i.title,
                "unit": i.org.name,
                "year": i.year,
                "level": levels.get(i.level, i.level),
                "applied": i.applied,
                "authors": shown,
            }
        )
    basis = f"{num(len(rows) if total is None else total)} đề tài, sáng kiến"
    if left_out:
        basis += f"; {num(left_out)} tác giả không nêu tên (chưa đồng ý công bố)"
    return FigureResult(
        value, basis=basis, record_ids=[i.pk for i in rows] if total is None else None, rows_total=total
    )


ACTIVITY_PARAMS: dict[str, list[tuple[str, Any]] | None] = {
    "kind": list(ActivityKind.choices),
    "field": None,
    "with_partner": YES_NO,
    "co_organised": YES_NO,
}
INITIATIVE_PARAMS: dict[str, list[tuple[str, Any]] | None] = {
    "level": list(InitiativeLevel.choices),
    "applied": YES_NO,
    "field": None,
}
A = "lienhiep.reporting.figures.activities."
SPECS = (
    FigureSpec(
        key="activities.count",
        label=_("Activities"),
        value_type="count",
        period="span",
        compute=A + "count",
        params=ACTIVITY_PARAMS,
        unit=_("activities"),
        records="activities.Activity",
    ),
    FigureSpec(
        key="activities.list",
        label=_("Activities, listed"),
        value_type="rows",
        period="span",
        compute=A + "activity_list",
        params=ACTIVITY_PARAMS,
        records="activities.Activity",
        row_fields=("title", "kind", "start_date", "end_date", "unit", "place", "partners"),
    ),
    FigureSpec(
        key="activities.sum",
        label=_("Activities' figures added up"),
        value_type="count",
        period="span",
        compute=A + "total",
        params={"figure": FIGURES, "kind": list(ActivityKind.choices), "field": None},
        records="activities.Activity",
    ),
    FigureSpec(
        key="initiatives.count",
        label=_("Initiatives"),
        value_type="count",
        period="years",
        compute=A + "initiative_count",
        params=INITIATIVE_PARAMS,
        unit=_("initiatives"),
        records="activities.Initiative",
    ),
    FigureSpec(
        key="initiatives.applied_share",
        label=_("Share of recognised initiatives applied"),
        value_type="percent",
        period="years",
        compute=A + "applied_share",
        unit="%",
    ),
    FigureSpec(
        key="initiatives.list",
        label=_("Initiatives, listed"),
        value_type="rows",
        period="years",
        compute=A + "initiative_list",
        params=INITIATIVE_PARAMS,
        records="activities.Initiative",
        row_fields=("title", "unit", "year", "level", "applied", "authors"),
    ),
)
