"""Reads over activities and initiatives: lists, and the figures reports print, for any period and
subtree as the tree stood.

An activity counts for a node when its organiser stood under that node on the day it began (so a
report for 2018–2023 of a town union dissolved in 2025 still counts what its associations did then).
An initiative counts for a node when its unit stood under the node at the end of the year it was
recognised (on the day it ended, for a unit that ended that year).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear
from django.utils.translation import gettext as _

from lienhiep.activities.models import (
    DEFAULT_LIMITS,
    LIMITS,
    PARTICIPANTS,
    Activity,
    ActivityEvent,
    ActivityKind,
    ActivityStatus,
    Initiative,
    InitiativeLevel,
    Partner,
    PlausibilityLimits,
    Project,
    ProjectStatus,
    Target,
)
from lienhiep.core import filtering
from lienhiep.members.models import Field
from lienhiep.orgs import figures
from lienhiep.orgs import selectors as org_selectors
from lienhiep.orgs.models import Org

DAY = dt.timedelta(days=1)


def in_subtree_during(node: Org | int, *, start: dt.date, end: dt.date) -> Q:
    """Activities whose organiser stood under `node` on the day they began, in [start, end]."""
    return org_selectors.stood_under(node, start=start, end=end, date_field="start_date")


def activities_in(
    node: Org | int,
    *,
    start: dt.date,
    end: dt.date,
    kind: str = "",
    field: int | None = None,
    status: str = ActivityStatus.DONE,
    whole_tree: bool = False,
) -> QuerySet[Activity]:
    """The activities of `node`'s subtree begun in [start, end], as the tree stood: done ones only (every figure
    counts these), unless `status` asks for the planned or cancelled ones. `whole_tree`: the caller knows `node`
    tops the only tree (`orgs.selectors.is_whole_tree`), so every activity of the period is under it, read without
    joining the tree (PostgreSQL then walks the (kind, date) index in order and stops at a list's first rows)."""
    under = (
        Q(start_date__gte=start, start_date__lte=end) if whole_tree else in_subtree_during(node, start=start, end=end)
    )
    rows = Activity.objects.filter(under, status=status)
    return rows.filter(**filtering.given(kind=kind, field_id=field))


# --- Figures ------------------------------------------------------------------------------------


SUMMED = (*PARTICIPANTS, "copies", "money_raised", "gifts", "gifts_value", "scholarships", "recipients",
          "persons_advised", "cases_handled")  # fmt: skip


@dataclass
class ActivityTotals:
    count: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    by_field: dict[str, int] = field(default_factory=dict)
    sums: dict[str, int] = field(default_factory=dict)
    # {kind: {figure: sum}}: a report sums a figure of one kind (the money its campaigns raised).
    sums_by_kind: dict[str, dict[str, int]] = field(default_factory=dict)
    # Charity campaigns and visits by cause, {theme: {"n": count, figure: sum}}; legal advice by its set of areas,
    # {"area|area": {"n": sessions, figure: sum}} (the service keeps the areas sorted, so a set is one key).
    charity: dict[str, dict[str, int]] = field(default_factory=dict)
    legal: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def participants(self) -> int:
        return sum(self.sums.get(name, 0) for name in PARTICIPANTS)

    @property
    def people_reached(self) -> int:
        """Everyone an activity reached: participants, persons helped and persons advised."""
        return self.participants + self.sums.get("recipients", 0) + self.sums.get("persons_advised", 0)

    @property
    def money_raised(self) -> int:
        return self.sums.get("money_raised", 0)


def _int(value: Any) -> int:
    return int(value) if isinstance(value, int | Decimal) else 0


def activity_totals(
    node: Org | int, *, start: dt.date, end: dt.date, kind: str = "", field: int | None = None
) -> ActivityTotals:
    """Counts by kind and field, and the sums of every figure, over `node`'s subtree in [start, end]."""
    if not kind and not field:
        return activity_figures(node, start=start, end=end)[0]
    return _totals(_activity_piece(activities_in(node, start=start, end=end, kind=kind, field=field)).values())


def _activity_piece(rows: QuerySet[Activity], *, by_month: bool = False, by: str = "") -> dict[Any, dict[str, Any]]:
    """{(year, month) or None: {"n": {kind: count}, "s": {figure: sum}, "k": {kind: {figure: sum}}, "f": {field id:
    count}}} of `rows`, in one query grouped by kind and field (two, one per grouping, read the same rows twice: the
    open month of the national overview, computed on every request, cost twice what it needs); keyed by the
    column `by` instead when given (the node a row was joined to, `activity_totals_each`)."""
    out: dict[Any, dict[str, Any]] = defaultdict(lambda: {"n": {}, "s": {}, "k": {}, "f": {}, "t": {}, "l": {}})
    month: dict[str, Any] = {"y": ExtractYear("start_date"), "m": ExtractMonth("start_date")} if by_month else {}
    # Grouped by cause and by areas of law too: only charity and legal advice have them, so the other kinds' rows
    # do not multiply, and the country's charity by cause and legal advice by area come from the remembered
    # months (read live, each was a 2 s join of 90,000 activities with their units' closure rows).
    grouped: Any = (
        rows.annotate(**month)
        .values(*month, *([by] if by else []), "kind", "field_id", "theme", "legal_areas")
        .annotate(c=Count("id"), **{f"s_{name}": Sum(name) for name in SUMMED})
        .order_by()
    )
    for row in grouped:
        piece = out[(row["y"], row["m"]) if by_month else row[by] if by else None]
        kind, count = row["kind"], row["c"]
        piece["n"][kind] = piece["n"].get(kind, 0) + count
        field_key = str(row["field_id"] or "")
        piece["f"][field_key] = piece["f"].get(field_key, 0) + count
        for name in SUMMED:
            if value := _int(row[f"s_{name}"]):
                piece["s"][name] = piece["s"].get(name, 0) + value
                of_kind = piece["k"].setdefault(kind, {})
                of_kind[name] = of_kind.get(name, 0) + value
        if kind in CHARITY_KINDS:
            _add(piece["t"].setdefault(row["theme"] or "", {}), row, count, CHARITY_SUMS)
        elif kind == ActivityKind.LEGAL_AID:
            _add(piece["l"].setdefault("|".join(row["legal_areas"] or []), {}), row, count, LEGAL_SUMS)
    return out


# What charity and legal advice are counted by (reporting's figures by cause and by area of law).
CHARITY_KINDS = (ActivityKind.CAMPAIGN, ActivityKind.VISIT)
CHARITY_SUMS = ("money_raised", "gifts", "gifts_value", "scholarships", "recipients")
LEGAL_SUMS = ("persons_advised", "cases_handled")


def _add(counted: dict[str, int], row: dict[str, Any], count: int, names: tuple[str, ...]) -> None:
    counted["n"] = counted.get("n", 0) + count
    for name in names:
        counted[name] = counted.get(name, 0) + _int(row[f"s_{name}"])


def _merge(into: dict[str, dict[str, int]], piece: dict[str, dict[str, int]]) -> None:
    for key, counted in piece.items():
        total = into.setdefault(key, {})
        for name, value in counted.items():
            total[name] = total.get(name, 0) + value


def _totals(pieces: Iterable[dict[str, Any]], *, fields_named: bool = True) -> ActivityTotals:
    by_kind: dict[str, int] = defaultdict(int)
    by_field_id: dict[str, int] = defaultdict(int)
    sums = dict.fromkeys(SUMMED, 0)
    sums_by_kind: dict[str, dict[str, int]] = {}
    charity: dict[str, dict[str, int]] = {}
    legal: dict[str, dict[str, int]] = {}
    for piece in pieces:
        _merge(charity, piece.get("t", {}))
        _merge(legal, piece.get("l", {}))
        for kind, n in piece.get("n", {}).items():
            by_kind[kind] += n
        for name, value in piece.get("s", {}).items():
            sums[name] += value
        for kind, of_kind in piece.get("k", {}).items():
            kind_sums = sums_by_kind.setdefault(kind, dict.fromkeys(SUMMED, 0))
            for name, value in of_kind.items():
                kind_sums[name] += value
        for field_id, n in piece.get("f", {}).items():
            by_field_id[field_id] += n
    return ActivityTotals(
        count=sum(by_kind.values()),
        by_kind=dict(sorted(by_kind.items())),
        by_field=_field_names(by_field_id) if fields_named else {},
        sums=sums,
        sums_by_kind=dict(sorted(sums_by_kind.items())),
        charity=charity,
        legal=legal,
    )


def _field_names(by_field_id: dict[str, int]) -> dict[str, int]:
    """{field id or "": count} as {field name or "": count}, in name order. Pieces keep the ids, so a renamed
    field shows its new name; a field deleted since is no field, as its records now say."""
    names = dict(Field.objects.filter(pk__in=[int(i) for i in by_field_id if i]).values_list("pk", "name"))
    by_field: dict[str, int] = defaultdict(int)
    for field_id, n in by_field_id.items():
        by_field[names.get(int(field_id), "") if field_id else ""] += n
    return dict(sorted(by_field.items()))


def activity_pieces(node: Org | int, *, start: dt.date, end: dt.date) -> figures.Pieces:
    """The figures of `activity_figures` month by month, remembered (`orgs.figures`)."""

    def compute(first: dt.date, last: dt.date) -> dict[dt.date, figures.Data]:
        # At the top of the only tree, the month's activities without the join to the tree: every record lies within
        # its unit's life (services refuse the others, and a unit's end before them), so all are under the node.
        rows = activities_in(node, start=first, end=last, whole_tree=org_selectors.is_whole_tree(node))
        grouped = _activity_piece(rows, by_month=True)
        return {max(dt.date(y, m, 1), first): piece for (y, m), piece in grouped.items()}

    return figures.pieced(node, source="activities", start=start, end=end, compute=compute)


def activity_figures(
    node: Org | int, *, start: dt.date, end: dt.date
) -> tuple[ActivityTotals, dict[tuple[int, int], dict[str, int]]]:
    """`activity_totals` and `activities_by_month` together, as the overview shows them, added up from the
    remembered months (`activity_pieces`)."""
    pieces = activity_pieces(node, start=start, end=end)
    by_month = {
        (first.year, first.month): dict(sorted(data["n"].items())) for first, _last, data in pieces if data.get("n")
    }
    return _totals(data for _first, _last, data in pieces), by_month


def activity_totals_each(
    node_ids: list[int], *, start: dt.date, end: dt.date, field: int | None = None
) -> dict[int, ActivityTotals]:
    """`activity_totals` of each node (by id) over [start, end], from the records in one query grouped by node
    through the closure (a campaign's 300 units: one query, not 300 reads of remembered months); a node without
    activities has empty totals. Their `by_field` is left empty: the counts and sums these serve never read it, and
    naming the fields would cost a query more where some activity has one."""
    rows = Activity.objects.filter(
        org_selectors.stood_under(node_ids, start=start, end=end, date_field="start_date"), status=ActivityStatus.DONE
    )
    if field:
        rows = rows.filter(field_id=field)
    pieces = _activity_piece(rows, by="org__closure_up__ancestor_id")
    return {pk: _totals([pieces[pk]] if pk in pieces else [], fields_named=False) for pk in node_ids}


def money_raised_by_year(node: Org | int, *, first_year: int, last_year: int) -> dict[int, int]:
    """Money raised in campaigns per year. Activities are recorded once they have taken place, so the years end
    today at the latest — which lets this year share its last month with the overview of the period to today."""
    out = dict.fromkeys(range(first_year, last_year + 1), 0)
    end = min(dt.date(last_year, 12, 31), org_selectors.today())
    for first, _last, data in activity_pieces(node, start=dt.date(first_year, 1, 1), end=end):
        out[first.year] += data.get("s", {}).get("money_raised", 0)
    return out


def activities_by_month(node: Org | int, *, start: dt.date, end: dt.date) -> dict[tuple[int, int], dict[str, int]]:
    """{(year, month): {kind: count}} over the period."""
    rows = (
        activities_in(node, start=start, end=end)
        .annotate(y=ExtractYear("start_date"), m=ExtractMonth("start_date"))
        .values_list("y", "m", "kind")
        .annotate(n=Count("id"))
        .order_by("y", "m", "kind")
    )
    out: dict[tuple[int, int], dict[str, int]] = defaultdict(dict)
    for year, month, kind, n in rows:
        out[(year, month)][kind] = n
    return dict(out)


def months(start: dt.date, end: dt.date) -> list[tuple[int, int]]:
    out = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        out.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


# --- Initiatives ----------------------------------------------------------------------------------


def initiatives_in(
    node: Org | int, *, first_year: int, last_year: int, level: str = "", applied: bool | None = None
) -> QuerySet[Initiative]:
    rows = Initiative.objects.filter(org_selectors.held_in_years(node, first_year=first_year, last_year=last_year))
    rows = rows.filter(**filtering.given(level=level))
    if applied is not None:  # False is asked for too
        rows = rows.filter(applied=applied)
    return rows


def initiatives_recognised_in(
    node: Org | int, *, start: dt.date, end: dt.date, level: str = "", applied: bool | None = None
) -> QuerySet[Initiative]:
    """Initiatives recognised on a day in [start, end] (those with a date: a half-year counts by it) whose unit stood
    under `node` that day."""
    rows = Initiative.objects.filter(org_selectors.stood_under(node, start=start, end=end, date_field="recognised_on"))
    rows = rows.filter(**filtering.given(level=level))
    if applied is not None:  # False is asked for too
        rows = rows.filter(applied=applied)
    return rows


@dataclass
class InitiativeTotals:
    count: int
    applied: int
    by_level: dict[str, int]
    by_year: dict[int, int]
    by_field: dict[str, int]

    @property
    def applied_share(self) -> float | None:
        return round(100 * self.applied / self.count, 1) if self.count else None


def initiative_pieces(node: Org | int, *, start: dt.date, end: dt.date) -> figures.Pieces:
    """Initiatives by level, applied and field, year by year, remembered (`orgs.figures`)."""

    def compute(first: dt.date, last: dt.date) -> dict[dt.date, figures.Data]:
        rows = initiatives_in(node, first_year=first.year, last_year=last.year)
        out: dict[dt.date, figures.Data] = defaultdict(lambda: {"l": {}, "a": 0, "f": {}})
        # One query grouped by everything a piece holds (not one per grouping: the open year is computed on
        # every request).
        for level, year, is_applied, field_id, n in (
            rows.values_list("level", "year", "applied", "field_id").annotate(n=Count("id")).order_by()
        ):
            piece = out[dt.date(year, 1, 1)]
            piece["l"][level] = piece["l"].get(level, 0) + n
            piece["a"] += n if is_applied else 0
            piece["f"][str(field_id or "")] = piece["f"].get(str(field_id or ""), 0) + n
        return out

    return figures.pieced(node, source="initiatives", start=start, end=end, compute=compute)


def initiative_totals(node: Org | int, *, first_year: int, last_year: int) -> InitiativeTotals:
    """Added up from the years remembered by `orgs.figures`."""
    pieces = initiative_pieces(node, start=dt.date(first_year, 1, 1), end=dt.date(last_year, 12, 31))
    by_level = dict.fromkeys(InitiativeLevel.values, 0)
    by_year: dict[int, int] = {}
    by_field_id: dict[str, int] = defaultdict(int)
    applied = 0
    for first, _last, data in pieces:
        for level, n in data.get("l", {}).items():
            by_level[level] += n
            by_year[first.year] = by_year.get(first.year, 0) + n
        applied += data.get("a", 0)
        for field_id, n in data.get("f", {}).items():
            by_field_id[field_id] += n
    return InitiativeTotals(
        count=sum(by_level.values()),
        applied=applied,
        by_level=by_level,
        by_year=by_year,
        by_field=_field_names(by_field_id),
    )


# --- Lists ----------------------------------------------------------------------------------------


@dataclass
class ActivityFilters:
    node: Org | None = None
    kind: str = ""
    field: int | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    q: str = ""
    status: str = ""


# The unit and the dates are read together (`activity_list`): the unit's subtree as it stood within them.
ACTIVITY_FILTERS: dict[str, filtering.Lookup] = {
    "kind": "kind",
    "field": "field_id",
    "status": "status",
    "q": filtering.each_word("title_folded"),
}


def _visible(org_ids: list[int]) -> Q:
    """Activities organised or co-organised by one of `org_ids` (co-organisers' holders may read them)."""
    joint = Activity.co_organisers.through.objects.filter(org_id__in=org_ids).values("activity_id")
    return Q(org_id__in=org_ids) | Q(pk__in=joint)


def _visible_read(org_ids: list[int]) -> Q:
    """`_visible`, the co-organised activities' ids read first (one query, the co-organisers' org index): where
    there are none, the units' own activities alone, whose count PostgreSQL reads on activities_by_org_date with
    `org_id = ANY` as its index condition; the OR with a subquery made it filter that whole index instead (a
    province officer's list at 1 M: the count 170 → 7.5 ms, docs/benchmarks.md "Session 20 … ov20")."""
    through = Activity.co_organisers.through.objects
    joint = list(through.filter(org_id__in=org_ids).values_list("activity_id", flat=True).distinct())
    return Q(org_id__in=org_ids) | Q(pk__in=joint) if joint else Q(org_id__in=org_ids)


def activity_list(*, visible_org_ids: list[int] | None, filters: ActivityFilters) -> QuerySet[Activity]:
    """Activities of visible nodes (None: every node) matching `filters`, newest first. A node's holders see
    the activities it co-organised too (they may read them); a node filter means organised under it."""
    rows = Activity.objects.all()
    if visible_org_ids is not None:
        rows = rows.filter(_visible_read(visible_org_ids))
    start = filters.start or dt.date(1945, 1, 1)
    # Planned activities may lie ahead: the list reaches two years past today.
    end = filters.end or org_selectors.today() + dt.timedelta(days=731)
    if filters.node is not None:
        rows = rows.filter(in_subtree_during(filters.node, start=start, end=end))
    else:
        rows = rows.filter(start_date__gte=start, start_date__lte=end)
    rows = filtering.narrow(rows, filters, ACTIVITY_FILTERS)
    return rows.select_related("org").order_by("-start_date", "-id")


MAX_SPAN = dt.timedelta(days=366)  # an activity over several days is looked for this far back
LIMIT_IN_MONTH = 500


def activities_in_month(
    *, visible_org_ids: list[int] | None, node: Org | None, year: int, month: int
) -> list[Activity]:
    """Activities on the days of a month: those that began in it, and those begun before that last into it."""
    first = dt.date(year, month, 1)
    last = dt.date(year + month // 12, month % 12 + 1, 1) - DAY

    # Two reads, each one index range: the few begun earlier that last into the month (activities_by_date_end,
    # which holds only activities over several days, the end checked in the index), then the month's own in
    # date order (activities_by_date) — together already in date order. As one query with "began in the month
    # or ends in it", PostgreSQL walked the date index from 2005 for the first 500 (1.3 s at a million).
    def part(start: dt.date, end: dt.date, **more: Any) -> QuerySet[Activity]:
        rows = Activity.objects.filter(start_date__gte=start, start_date__lte=end, **more)
        if visible_org_ids is not None:
            rows = rows.filter(_visible(visible_org_ids))
        if node is not None:
            rows = rows.filter(in_subtree_during(node, start=start, end=end))
        return rows.select_related("org").order_by("start_date", "id")

    earlier = list(part(first - MAX_SPAN, first - DAY, end_date__gte=first)[:LIMIT_IN_MONTH])
    return earlier + list(part(first, last)[: LIMIT_IN_MONTH - len(earlier)])


@dataclass
class InitiativeFilters:
    node: Org | None = None
    level: str = ""
    year: int | None = None
    applied: str = ""  # "", "yes", "no"
    q: str = ""


# The unit and the year are read together (`initiative_list`): the units it held at that year's end.
INITIATIVE_FILTERS: dict[str, filtering.Lookup] = {
    "level": "level",
    "applied": lambda applied: Q(applied=applied == "yes"),
    "q": filtering.each_word("title_folded"),
}


def initiative_list(*, visible_org_ids: list[int] | None, filters: InitiativeFilters) -> QuerySet[Initiative]:
    if filters.node is not None and filters.year:
        rows = initiatives_in(filters.node, first_year=filters.year, last_year=filters.year)
    elif filters.node is not None:
        # Every year: the units the node holds today with their whole history, and those it held to their end.
        held = org_selectors.held_ids([filters.node.pk])
        rows = Initiative.objects.filter(org_id__in=held)
    else:
        rows = Initiative.objects.all()
        if filters.year:
            rows = rows.filter(year=filters.year)
    if visible_org_ids is not None:
        rows = rows.filter(org_id__in=visible_org_ids)
    rows = filtering.narrow(rows, filters, INITIATIVE_FILTERS)
    return rows.select_related("org", "field").order_by("-year", "-id")


def partner_list(*, visible_org_ids: list[int] | None, q: str = "") -> QuerySet[Partner]:
    """The partners of the registry every unit shares (the activity form offers them all: their names are no unit's
    own), each with `n`, its done activities the user sees — organised or co-organised by one of `visible_org_ids`
    (None: every unit), as the activity list counts them. Another province's work with a partner is not a figure
    of this list."""
    # Done ones: a plan is not yet work with the partner.
    done = Activity.objects.filter(status=ActivityStatus.DONE)
    activities = done if visible_org_ids is None else done.filter(_visible(visible_org_ids))
    links = Activity.partners.through.objects.filter(partner_id=OuterRef("pk"), activity_id__in=activities.values("pk"))
    counted = links.order_by().values("partner_id").annotate(c=Count("activity_id")).values("c")[:1]  # type: ignore[misc]
    rows = Partner.objects.annotate(n=Coalesce(Subquery(counted), 0))
    return rows.filter(filtering.each_word("name_folded")(q)).order_by("name_folded")


def activity_events(activity: Activity) -> QuerySet[ActivityEvent]:
    return ActivityEvent.objects.filter(target=Target.ACTIVITY, target_id=activity.pk).select_related("actor")


KIND_LABELS = dict(ActivityKind.choices)
LEVEL_LABELS = dict(InitiativeLevel.choices)


def held_record_counts(*, org_ids: list[int]) -> list[tuple[str, int]]:
    """How many activities and initiatives units `org_ids` hold, all dates: what goes with a unit that moves (the
    move's preview; declared as `held_records` on the AppConfig)."""
    return [
        (str(Activity._meta.verbose_name_plural), Activity.objects.filter(org_id__in=org_ids).count()),
        (str(Initiative._meta.verbose_name_plural), Initiative.objects.filter(org_id__in=org_ids).count()),
        (str(Project._meta.verbose_name_plural), Project.objects.filter(org_id__in=org_ids).count()),
    ]


def records_dated_from(*, org_id: int, on: dt.date) -> list[QuerySet[Any]]:
    """How many activities, models and projects of unit `org_id` are dated `on` or later, and initiatives of a later
    year: what its end on `on` would leave outside its life (declared as `records_dated_from` on the AppConfig, read
    by `orgs.services` before a unit ends)."""
    return [
        Activity.objects.filter(org_id=org_id, start_date__gte=on),
        Initiative.objects.filter(org_id=org_id, year__gt=on.year),
        Project.objects.filter(org_id=org_id, started_on__gte=on),
    ]


# --- Models and projects ---------------------------------------------------------------------------


def projects_in(
    node: Org | int,
    *,
    start: dt.date,
    end: dt.date,
    kind: str = "",
    field: int | None = None,
    running: bool = False,
) -> QuerySet[Project]:
    """Models and projects of `node`'s subtree, each where its unit stood on the day it started: those started in
    [start, end]; with `running`, those under way at some time in it (started by its end, not ended before its
    start). Planned ones that have not started are not counted."""
    first = dt.date(1945, 1, 1) if running else start
    rows = Project.objects.filter(org_selectors.stood_under(node, start=first, end=end, date_field="started_on"))
    rows = rows.exclude(status=ProjectStatus.PLANNED)
    if running:
        rows = rows.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start))
    return rows.filter(**filtering.given(kind=kind, field_id=field))


@dataclass
class ProjectFilters:
    node: Org | None = None
    kind: str = ""
    status: str = ""
    q: str = ""


PROJECT_FILTERS: dict[str, filtering.Lookup] = {
    "node": org_selectors.held_by,
    "kind": "kind",
    "status": "status",
    "q": filtering.each_word("title_folded"),
}


def project_list(*, visible_org_ids: list[int] | None, filters: ProjectFilters) -> QuerySet[Project]:
    """Models and projects of visible units (None: every unit) matching `filters`, newest first; a node filter means
    run by a unit it holds (with their whole history)."""
    rows = Project.objects.all()
    if visible_org_ids is not None:
        rows = rows.filter(org_id__in=visible_org_ids)
    rows = filtering.narrow(rows, filters, PROJECT_FILTERS)
    return rows.select_related("org", "field").order_by("-started_on", "-id")


def project_events(project: Project) -> QuerySet[ActivityEvent]:
    return ActivityEvent.objects.filter(target=Target.PROJECT, target_id=project.pk).select_related("actor")


# --- Plausibility ---------------------------------------------------------------------------------


def plausibility_limits(org: Org | int | None) -> dict[str, int]:
    """The ceilings that hold for `org`'s figures: its own row, else the nearest unit above it (today's tree) that
    set some, else `DEFAULT_LIMITS`; a ceiling left empty on a row is the default's."""
    limits = dict(DEFAULT_LIMITS)
    if org is None:
        return limits
    chain = [o.pk for o in org_selectors.ancestors(org, on=org_selectors.today(), include_self=True)]
    rows = {row.org_id: row for row in PlausibilityLimits.objects.filter(org_id__in=chain)}
    for pk in reversed(chain):  # nearest first
        if pk in rows:
            row = rows[pk]
            for name in LIMITS:
                if getattr(row, name) is not None:
                    limits[name] = int(getattr(row, name))
            break
    return limits


def _amount(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except ArithmeticError:
        return None


def _money_words(value: Decimal) -> str:
    return f"{int(value):,}".replace(",", ".")


def plausibility_warnings(
    values: Mapping[str, Any], *, org: Org | int | None = None, limits: Mapping[str, int] | None = None
) -> list[str]:
    """Warnings, in the interface language (Vietnamese), about figures that are possible but unlikely: an entry
    to check, never to change or refuse (REPORTING.md §5.9 item 28: such a figure is printed as recorded).

    `values` is a plain mapping of figures, as an activity's form or a campaign's submission holds them; any key may
    be missing or empty, and a rule whose figures are missing says nothing:
    - ``gifts`` (count) and ``gifts_value`` (đồng, all the gifts together): the value of one gift;
    - ``participants`` (person-times) — or ``participants_members``, ``participants_officials`` and
      ``participants_public``, added up — and ``classes`` (how many classes or sessions, 1 if missing): the people
      in one class; checked for a ``kind`` of "training" or when ``classes`` is given;
    - ``money_given`` — or, without it, ``money_raised`` — (đồng) and ``recipients`` (persons helped): the money for
      one person.
    Numbers may be int, Decimal or their text ("5000000"). The ceilings are `limits` if given, else those of `org`
    (`plausibility_limits`), else `DEFAULT_LIMITS`.
    """
    ceiling = dict(limits) if limits is not None else plausibility_limits(org)
    out: list[str] = []
    gifts, gifts_value = _amount(values.get("gifts")), _amount(values.get("gifts_value"))
    if gifts and gifts_value is not None and gifts > 0:
        each = gifts_value / gifts
        if each > ceiling["gift_value"]:
            out.append(
                _("Each gift is worth %(each)s đồng, above the usual %(limit)s đồng: check the value of the gifts.")
                % {"each": _money_words(each), "limit": _money_words(Decimal(ceiling["gift_value"]))}
            )
    participants = _amount(values.get("participants"))
    if participants is None and any(values.get(name) not in (None, "") for name in PARTICIPANTS):
        participants = sum((_amount(values.get(name)) or Decimal(0) for name in PARTICIPANTS), Decimal(0))
    classes = _amount(values.get("classes"))
    if participants is not None and (classes or values.get("kind") == ActivityKind.TRAINING):
        per_class = participants / (classes or 1)
        if per_class > ceiling["participants_per_class"]:
            out.append(
                _("%(n)s participants in one class, above the usual %(limit)s: check the number of participants.")
                % {"n": _money_words(per_class), "limit": _money_words(Decimal(ceiling["participants_per_class"]))}
            )
    money = _amount(values.get("money_given"))
    if money is None:
        money = _amount(values.get("money_raised"))
    recipients = _amount(values.get("recipients"))
    if money is not None and recipients:
        each = money / recipients
        if each > ceiling["money_per_recipient"]:
            out.append(
                _("%(each)s đồng for each person helped, above the usual %(limit)s đồng: check the amount and the "
                  "number of persons helped.")
                % {"each": _money_words(each), "limit": _money_words(Decimal(ceiling["money_per_recipient"]))}
            )  # fmt: skip
    return out


def activity_warnings(activity: Activity) -> list[str]:
    """`plausibility_warnings` of a recorded activity, with its unit's ceilings."""
    values = {name: getattr(activity, name) for name in SUMMED}
    return plausibility_warnings({**values, "kind": activity.kind}, org=activity.org_id)
