"""Figures of activities and initiatives. Activities count where their organiser stood on the day they began
(span); initiatives where their unit stood at the end of their year (years). Authors are named only with their
consent to publication (REPORTING.md §5.8)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lienhiep.activities import selectors as activities
from lienhiep.activities.models import (
    PARTICIPANTS,
    Activity,
    ActivityKind,
    ActivityRole,
    ActivityStatus,
    CharityTheme,
    Initiative,
    InitiativeLevel,
    LegalArea,
    Project,
    ProjectKind,
    ProjectStatus,
)
from lienhiep.orgs.models import Org
from lienhiep.reporting import registry
from lienhiep.reporting.figures.common import YES_NO, choice, listed, names_on, num, publishable
from lienhiep.reporting.registry import FigureResult, Period, Scope, declared, figure

PROJECT_PARAMS: dict[str, list[tuple[str, Any]] | None] = {
    "kind": list(ProjectKind.choices),
    "field": None,
    "running": YES_NO,
}
PROJECT_FIELDS = (
    "title", "kind", "unit", "host", "partners", "field", "started_on", "ended_on", "households", "scale", "funding",
    "funding_source", "ocop_product", "outcome", "status",
)  # fmt: skip
ACTIVITY_PARAMS: dict[str, list[tuple[str, Any]] | None] = {
    "kind": list(ActivityKind.choices),
    "field": None,
    "with_partner": YES_NO,
    "co_organised": YES_NO,
    "role": list(ActivityRole.choices),
}
INITIATIVE_PARAMS: dict[str, list[tuple[str, Any]] | None] = {
    "level": list(InitiativeLevel.choices),
    "applied": YES_NO,
    "field": None,
}


def _field(value: Any) -> int | None:
    if value in ("", None):
        return None
    text = str(value)
    if not (text.isascii() and text.isdigit() and 0 < int(text) < 2**31):
        raise ValidationError(gettext("%(value)s is not a field.") % {"value": text})
    return int(text)


@dataclass(frozen=True)
class ActivityFilter:
    """Which activities a figure counts or lists, as its parameters ask (`ACTIVITY_PARAMS`): of a kind, of a field
    (its id, or "" for any), with partners or not, co-organised in the network or not, and the unit's role. Built
    once from the parameters (`ActivityFilter(**params)`) and taken whole by `count`, `count_many`,
    `activity_list` and the other figures of activities."""

    kind: str = ""
    field: Any = ""
    with_partner: str = ""
    co_organised: str = ""
    role: str = ""

    @property
    def field_id(self) -> int | None:
        """The field asked, checked: None for any, a ValidationError for what names none."""
        return _field(self.field)

    @property
    def plain(self) -> bool:
        """Whether it asks only a kind and a field: what the remembered months (`totals`) hold."""
        return not (self.with_partner or self.co_organised or self.role)

    @property
    def label(self) -> str:
        """What its activities are called in a basis: the kind's name, or "hoạt động"."""
        return str(ActivityKind(self.kind).label if self.kind else "hoạt động").lower()

    def counted(self, found: activities.ActivityTotals) -> int:
        """How many of `found` (the totals of a node) are of its kind."""
        return found.by_kind.get(self.kind, 0) if self.kind else found.count

    def rows(self, p: Scope, *, status: str = ActivityStatus.DONE, whole_tree: bool = False) -> QuerySet[Activity]:
        """The activities of `p`'s node and period it lets through (done ones unless `status` says otherwise;
        `whole_tree`: read without the join to the tree, `Scope.whole_tree`)."""
        rows = activities.activities_in(
            p.node, start=p.start, end=p.end, kind=self.kind, field=self.field_id, status=status, whole_tree=whole_tree
        )
        if self.role:
            rows = rows.filter(role=self.role)
        partner = choice(self.with_partner)
        if partner is not None:
            rows = rows.filter(partners__isnull=False).distinct() if partner else rows.filter(partners__isnull=True)
        shared = choice(self.co_organised)
        if shared is not None:
            if shared:
                rows = rows.filter(co_organisers__isnull=False).distinct()
            else:
                rows = rows.filter(co_organisers__isnull=True)
        return rows


@figure("activities.count", _("Activities"), "count", "span", many="count_many", params=ACTIVITY_PARAMS,
        unit=_("activities"), records="activities.Activity")  # fmt: skip
def count(p: Scope, **params: Any) -> FigureResult:
    """Activities done in the period by the units under `node` (as they stood that day); with `role`, those where
    the unit organised, co-organised or took part."""
    asked = ActivityFilter(**params)
    if not registry.records_wanted() and asked.plain:
        value = asked.counted(totals(p, asked.field))
        return FigureResult(value, basis=f"{num(value)} {asked.label}")
    if registry.is_sharing() and asked.plain:
        # An approval counts several kinds of the same activities: read once (`_done`).
        ids = sorted(row[0] for row in _done(p, asked.field) if not asked.kind or row[1] == asked.kind)
    else:
        ids = sorted(asked.rows(p).values_list("pk", flat=True))
    return FigureResult(len(ids), basis=f"{num(len(ids))} {asked.label}", record_ids=ids)


def count_many(nodes: list[Org], p: Period, **params: Any) -> dict[int, FigureResult] | None:
    """`count` of each node, grouped (`registry.compute_each`); None (node by node) for the partner, co-organiser
    and role filters."""
    asked = ActivityFilter(**params)
    if not asked.plain:
        return None
    out = {}
    for pk, found in totals_each(nodes, p, asked.field).items():
        value = asked.counted(found)
        out[pk] = FigureResult(value, basis=f"{num(value)} {asked.label}")
    return out


def totals_each(nodes: list[Org], p: Period, field: Any = "") -> dict[int, activities.ActivityTotals]:
    """`totals` of each node, in one grouped read shared within `registry.figures_only` (the figures of a campaign's
    form read it once)."""
    ids = [node.pk for node in nodes]
    field_id = _field(field)
    return registry.shared(
        ("activities_each", tuple(ids), p.start, p.end, field_id),
        lambda: activities.activity_totals_each(ids, start=p.start, end=p.end, field=field_id),
    )


def totals(p: Scope, field: Any = "") -> activities.ActivityTotals:
    """The activities' totals over the period (remembered), read once within `registry.figures_only`."""
    field_id = _field(field)
    if field_id is None:
        return by_month(p.node, p.start, p.end)[0]
    return registry.shared(
        ("activities", p.node.pk, p.start, p.end, field_id),
        lambda: activities.activity_totals(p.node, start=p.start, end=p.end, field=field_id),
    )


def sums_by_kind(p: Scope, field: Any = "") -> dict[str, dict[str, int]]:
    """{kind: {figure: sum}} of the activities begun in the period, in one grouped read shared within
    `registry.figures_only` (an annual report sums six figures of four kinds: two reads each took 1.5 s for a
    province, load 7)."""
    field_id = _field(field)
    if field_id is None:
        # From the remembered months, as the totals are.
        return by_month(p.node, p.start, p.end)[0].sums_by_kind

    def read() -> dict[str, dict[str, int]]:
        rows = activities.activities_in(p.node, start=p.start, end=p.end, field=field_id)
        grouped: Any = rows.values("kind").annotate(**{name: Sum(name) for name in activities.SUMMED}).order_by()
        return {row["kind"]: {name: int(row[name] or 0) for name in activities.SUMMED} for row in grouped}

    return registry.shared(("activity_sums", p.node.pk, p.start, p.end, field_id), read)


def by_month(node: Org, start: dt.date, end: dt.date) -> tuple[activities.ActivityTotals, dict[Any, Any]]:
    """`activities.activity_figures`: the totals and the counts by month and kind, read once within
    `registry.figures_only` (the overview's too)."""
    return registry.shared(
        ("activity_figures", node.pk, start, end), lambda: activities.activity_figures(node, start=start, end=end)
    )


@figure("activities.list", _("Activities, listed"), "rows", "span", params=ACTIVITY_PARAMS,
        records="activities.Activity",
        row_fields=("title", "kind", "start_date", "end_date", "unit", "place", "partners", "role", "items"),
)  # fmt: skip
def activity_list(p: Scope, **params: Any) -> FigureResult:
    """The same activities by date: title, kind, dates, organiser as it was named then, place, partners, the
    unit's part (with the outside organiser) and the works counted ("6 công trình") (the first rows only within
    `registry.rows_at_most`). Read as plain values, a handful of queries whatever the count: a national list
    holds 30,000 trainings, and a model and its labels per row took 44 s for 18,000."""
    asked = ActivityFilter(**params)
    counted_already = None
    if asked.plain and not asked.field_id:
        # How many there are is in the remembered months: a COUNT of the country's 32,000 trainings took 1.8 s.
        counted_already = asked.counted(totals(p))
    # At the top of the tree, without the join: sorting the country's 32,025 trainings joined to the tree to print
    # 30 took 1.1 s of PostgreSQL; read in date order on their index, it stops at the 30th.
    rows, total = registry.first_rows(
        asked.rows(p, whole_tree=p.whole_tree)
        .order_by("start_date", "id")
        .values(
            "pk",
            "title",
            "kind",
            "start_date",
            "end_date",
            "org_id",
            "place",
            "role",
            "host__name",
            "items",
            "items_unit",
        ),
        total=counted_already,
    )
    ids = [row["pk"] for row in rows]
    partners: dict[int, list[str]] = {}
    through = Activity.partners.through.objects.filter(activity_id__in=ids).order_by("partner__name", "partner_id")
    for activity_id, name in through.values_list("activity_id", "partner__name"):
        partners.setdefault(activity_id, []).append(name)
    names = names_on((row["org_id"], row["start_date"]) for row in rows)
    kinds = {value: str(label) for value, label in ActivityKind.choices}
    roles = {value: str(label) for value, label in ActivityRole.choices}
    value = [
        {
            "title": row["title"],
            "kind": kinds.get(row["kind"], row["kind"]),
            "start_date": row["start_date"],
            "end_date": row["end_date"],
            "unit": names[row["org_id"], row["start_date"]],
            "place": row["place"],
            "partners": ", ".join(partners.get(row["pk"], [])),
            "role": roles[row["role"]] + (f" ({row['host__name']})" if row["host__name"] else ""),
            "items": f"{row['items']:02d} {row['items_unit']}" if row["items"] is not None else "",
        }
        for row in rows
    ]
    return listed(value, ids, total, "hoạt động")


def _outside_contests(p: Scope) -> tuple[list[dict[str, Any]], list[int]]:
    rows = list(
        ActivityFilter(ActivityKind.CONTEST)
        .rows(p)
        .order_by("start_date", "id")
        .values("pk", "title", "start_date", "org_id", "host__name", *PARTICIPANTS)
    )
    ids = [row["pk"] for row in rows]
    named: dict[int, int] = {}
    for activity_id in Activity.members.through.objects.filter(activity_id__in=ids).values_list(
        "activity_id", flat=True
    ):
        named[activity_id] = named.get(activity_id, 0) + 1
    names = names_on((row["org_id"], row["start_date"]) for row in rows)
    value = [
        {
            "title": row["title"],
            "organiser": row["host__name"] or "",
            "start_date": row["start_date"],
            "unit": names[row["org_id"], row["start_date"]],
            "participants": sum(row[name] or 0 for name in PARTICIPANTS),
            "named": named.get(row["pk"], 0),
        }
        for row in rows
    ]
    return value, ids


def _contests_basis(value: list[dict[str, Any]]) -> str:
    return f"{num(len(value))} cuộc thi, {num(sum(row['participants'] for row in value))} lượt người dự thi"


@figure("activities.outside_contests", _("Outside contests taken part in"), "rows", "span",
        records="activities.Activity", row_fields=("title", "organiser", "start_date", "unit", "participants", "named"),
)  # fmt: skip
def outside_contests(p: Scope) -> FigureResult:
    """The contests and quizzes other bodies ran that the units took part in (kind "contest"), by date: title, the
    body that ran it, the unit as named then, how many took part and how many members are named (never their names:
    a report counts them)."""
    value, ids = _outside_contests(p)
    return FigureResult(value, basis=_contests_basis(value), record_ids=ids)


def _in_a_sentence(title: str) -> str:
    """A title as a sentence names it: "Cuộc thi tìm hiểu…" → "cuộc thi tìm hiểu…" (an acronym kept: "BHXH…")."""
    return title[:1].lower() + title[1:] if title[1:2].islower() else title


@figure("activities.outside_contests_text", _("Outside contests taken part in, as a sentence names them"), "text",
        "span", records="activities.Activity")  # fmt: skip
def outside_contests_text(p: Scope) -> FigureResult:
    """The same contests as seed 000 §2.1 names them: "cuộc thi A; cuộc thi B do Ban Chỉ đạo … tổ chức", the
    titles of each organiser together, in the order they were first held."""
    value, ids = _outside_contests(p)
    by_organiser: dict[str, list[str]] = {}
    for row in value:
        titles = by_organiser.setdefault(row["organiser"], [])
        if _in_a_sentence(row["title"]) not in titles:
            titles.append(_in_a_sentence(row["title"]))
    text = "; ".join(
        "; ".join(titles) + (f" do {organiser} tổ chức" if organiser else "")
        for organiser, titles in by_organiser.items()
    )
    return FigureResult(text, basis=_contests_basis(value), record_ids=ids)


# Everyone an activity reached: participants, persons helped and persons advised (`ActivityTotals.people_reached`).
REACHED = (*PARTICIPANTS, "recipients", "persons_advised")
FIGURES = [
    ("participants", _("participants (person-times)")),
    ("people_reached", _("people reached")),
    *((name, Activity._meta.get_field(name).verbose_name) for name in activities.SUMMED if name not in PARTICIPANTS),  # type: ignore[union-attr]
]


@figure("activities.sum", _("Activities' figures added up"), "count", "span", many="total_many",
        params={"figure": FIGURES, "kind": list(ActivityKind.choices), "field": None}, records="activities.Activity",
)  # fmt: skip
def total(p: Scope, *, figure: str = "participants", kind: str = "", field: Any = "") -> FigureResult:
    """The sum of one figure of the activities begun in the period, and how many activities recorded it."""
    names = {"participants": PARTICIPANTS, "people_reached": REACHED}.get(figure, (figure,))
    if not registry.records_wanted():
        sums = totals(p, field).sums if not kind else sums_by_kind(p, field).get(kind, {})
        value = sum(sums.get(name, 0) for name in names)
        return FigureResult(value, basis=f"{num(value)}")
    if registry.is_sharing():
        value, ids = _total_shared(_done(p, field), kind, names)
    else:
        rows = activities.activities_in(p.node, start=p.start, end=p.end, kind=kind, field=_field(field))
        having = Q()
        for name in names:
            having |= Q(**{f"{name}__isnull": False})
        recorded = rows.filter(having)
        sums = recorded.aggregate(**{name: Sum(name) for name in names})
        value = sum(int(sums[name] or 0) for name in names)
        ids = sorted(recorded.values_list("pk", flat=True))
    return FigureResult(value, basis=f"{num(value)} từ {num(len(ids))} hoạt động", record_ids=ids)


def _done(p: Scope, field: Any) -> list[tuple[Any, ...]]:
    """(pk, kind, every summed field) of the activities done in the period, read once within `registry.sharing`: an
    approval counts six kinds and sums ten fields of the same activities (22 queries over the same join, 0.9 of a
    province's 1.6 s), each figure then taken from these rows as it would read alone. At the top of the only tree,
    without joining the country's activities to it (`Scope.whole_tree`)."""

    def read() -> list[tuple[Any, ...]]:
        rows = ActivityFilter(field=field).rows(p, whole_tree=p.whole_tree)
        return list(rows.values_list("pk", "kind", *activities.SUMMED))

    return registry.shared(("activities.done", p.node.pk, p.start, p.end, field), read)


def _total_shared(done: list[tuple[Any, ...]], kind: str, names: tuple[str, ...]) -> tuple[int, list[int]]:
    """`total`'s value and records from `_done`'s rows: the same sums (SUM skips what was not recorded), of the
    activities that recorded any of `names`."""
    at = [activities.SUMMED.index(name) + 2 for name in names]
    recorded = [row for row in done if (not kind or row[1] == kind) and any(row[i] is not None for i in at)]
    value = sum(int(sum(row[i] for row in recorded if row[i] is not None) or 0) for i in at)
    return value, sorted(row[0] for row in recorded)


def total_many(
    nodes: list[Org], p: Period, *, figure: str = "participants", kind: str = "", field: Any = ""
) -> dict[int, FigureResult]:
    """`total` of each node, grouped (`registry.compute_each`)."""
    names = {"participants": PARTICIPANTS, "people_reached": REACHED}.get(figure, (figure,))
    out = {}
    for pk, found in totals_each(nodes, p, field).items():
        sums = found.sums if not kind else found.sums_by_kind.get(kind, {})
        value = sum(sums.get(name, 0) for name in names)
        out[pk] = FigureResult(value, basis=f"{num(value)}")
    return out


def _initiatives(p: Scope, level: str, applied: str, field: Any) -> QuerySet[Initiative]:
    """The initiatives of `p`: recognised on a day of the period, for a period within a year that is not the whole
    year (`Period.counts_by_year`), else of its years."""
    if not p.counts_by_year():
        rows = activities.initiatives_recognised_in(
            p.node, start=p.start, end=p.end, level=level, applied=choice(applied)
        )
    else:
        first, last = p.years
        rows = activities.initiatives_in(p.node, first_year=first, last_year=last, level=level, applied=choice(applied))
    field_id = _field(field)
    return rows.filter(field_id=field_id) if field_id else rows


@figure("initiatives.count", _("Initiatives"), "count", "years", params=INITIATIVE_PARAMS, dated=True,
        unit=_("initiatives"), records="activities.Initiative")  # fmt: skip
def initiative_count(p: Scope, *, level: str = "", applied: str = "", field: Any = "") -> FigureResult:
    """Initiatives recognised in the period's years (of `level`, applied or not, of `field`); the basis says how
    many of all those recognised were applied ("932 / 950 được ứng dụng")."""
    if not p.counts_by_year():
        return _initiatives_dated(p, level, applied, field)
    first, last = p.years
    value = _remembered_count(p, level, applied, field)
    if value is not None:
        found = initiatives_totals(p.node, first, last)
        basis = f"{num(found.applied)} / {num(found.count)} được ứng dụng ({first}–{last})"
        return FigureResult(value, basis=basis)
    ids = sorted(_initiatives(p, level, applied, field).values_list("pk", flat=True))
    every = _initiatives(p, level, "", field)
    used = every.filter(applied=True).count()
    basis = f"{num(used)} / {num(every.count())} được ứng dụng ({first}–{last})"
    return FigureResult(len(ids), basis=basis, record_ids=ids)


def _remembered_count(p: Scope, level: str, applied: str, field: Any) -> int | None:
    """How many initiatives `initiative_count` counts, from the remembered years (`initiatives_totals`), where no
    records are wanted (`registry.figures_only`) and the years hold it (by year, not by field, not by level and
    applied together); None otherwise."""
    if registry.records_wanted() or not p.counts_by_year() or field or (level and applied):
        return None
    found = initiatives_totals(p.node, *p.years)
    value = found.by_level.get(level, 0) if level else found.count
    if applied:
        value = found.applied if choice(applied) else found.count - found.applied
    return value


def _initiatives_dated(p: Scope, level: str, applied: str, field: Any) -> FigureResult:
    """`initiative_count` over a period within a year: the initiatives recognised on a day in it; the basis says how
    many of the year's carry no date (counted by their year only, so not here)."""
    ids = sorted(_initiatives(p, level, applied, field).values_list("pk", flat=True))
    every = _initiatives(p, level, "", field)
    used = every.filter(applied=True).count()
    undated = activities.initiatives_in(p.node, first_year=p.start.year, last_year=p.start.year, level=level)
    undated = undated.filter(recognised_on__isnull=True)
    field_id = _field(field)
    undated_n = (undated.filter(field_id=field_id) if field_id else undated).count()
    basis = f"{num(used)} / {num(every.count())} được ứng dụng ({p.start:%d/%m/%Y}–{p.end:%d/%m/%Y})"
    if undated_n:
        basis += f"; {num(undated_n)} không ghi ngày công nhận (năm {p.start.year}) không tính"
    return FigureResult(len(ids), basis=basis, record_ids=ids)


@figure("initiatives.applied_share", _("Share of recognised initiatives applied"), "percent", "years", unit="%")
def applied_share(p: Scope) -> FigureResult:
    """% of the initiatives recognised in the period's years that were applied."""
    first, last = p.years
    found = initiatives_totals(p.node, first, last)
    share = found.applied_share
    basis = f"{num(found.applied)} / {num(found.count)} được ứng dụng ({first}–{last})"
    return FigureResult(None if share is None else Decimal(str(share)), basis=basis)


def initiatives_totals(node: Org, first_year: int, last_year: int) -> activities.InitiativeTotals:
    """The initiatives' totals over the years (remembered), read once within `registry.figures_only`."""
    return registry.shared(
        ("initiatives", node.pk, first_year, last_year),
        lambda: activities.initiative_totals(node, first_year=first_year, last_year=last_year),
    )


@figure("initiatives.list", _("Initiatives, listed"), "rows", "years", params=INITIATIVE_PARAMS, dated=True,
        records="activities.Initiative", row_fields=("title", "unit", "year", "level", "applied", "authors"),
)  # fmt: skip
def initiative_list(p: Scope, *, level: str = "", applied: str = "", field: Any = "") -> FigureResult:
    """The initiatives by year and title; their member authors named only with consent, the others counted (the
    first rows only within `registry.rows_at_most`)."""
    # How many there are is in the remembered years, as `initiative_count` reads them: the national COUNT of a
    # year's province-level initiatives joined to the tree took 17–27 ms of PostgreSQL.
    counted = _remembered_count(p, level, applied, field) if registry.rows_limit() else None
    rows, total = registry.first_rows(
        _initiatives(p, level, applied, field)
        .select_related("org")
        .prefetch_related("authors")
        .order_by("year", "title", "id"),
        total=counted,
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
    return listed(value, [i.pk for i in rows], total, "đề tài, sáng kiến", unnamed=left_out, who="tác giả")


@figure("activities.planned", _("Activities planned"), "rows", "span",
        params={"kind": list(ActivityKind.choices), "field": None}, records="activities.Activity",
        row_fields=("title", "kind", "planned_for", "unit"))  # fmt: skip
def planned(p: Scope, *, kind: str = "", field: Any = "") -> FigureResult:
    """The activities planned for the period and not yet done or cancelled ("phương hướng 6 tháng cuối năm"), by
    the day planned: title, kind, the day, the unit as it stood then."""
    rows = list(
        ActivityFilter(kind, field)
        .rows(p, status=ActivityStatus.PLANNED)
        .order_by("start_date", "id")
        .values("pk", "title", "kind", "start_date", "org_id")
    )
    names = names_on((row["org_id"], row["start_date"]) for row in rows)
    kinds = {value: str(label) for value, label in ActivityKind.choices}
    value = [
        {
            "title": row["title"],
            "kind": kinds.get(row["kind"], row["kind"]),
            "planned_for": row["start_date"],
            "unit": names[row["org_id"], row["start_date"]],
        }
        for row in rows
    ]
    return FigureResult(value, basis=f"{num(len(rows))} hoạt động dự kiến", record_ids=[row["pk"] for row in rows])


@figure("activities.legal_advice", _("Legal advice by area of law"), "table", "span", records="activities.Activity",
        row_fields=("area", "sessions", "persons_advised", "cases_handled"))  # fmt: skip
def legal_advice(p: Scope) -> FigureResult:
    """Legal advice done in the period by area of law, in the areas' order: sessions, persons advised, cases
    handled. A session over several areas counts in each of them (the basis says how many sessions in all). Read
    grouped by the set of areas (kept sorted by the service), so a country costs a few rows."""
    # Built only where records are read (a page of figures reads the remembered months: building it cost ~2 ms).
    rows = ActivityFilter(ActivityKind.LEGAL_AID).rows(p) if registry.records_wanted() else None
    grouped: Any
    if rows is not None:
        grouped = (
            rows.values("legal_areas")
            .annotate(n=Count("id"), advised=Sum("persons_advised"), cases=Sum("cases_handled"))
            .order_by()
        )
    else:
        # From the remembered months (`totals`), grouped the same way.
        grouped = [
            {"legal_areas": areas.split("|") if areas else [], "n": counted["n"],
             "advised": counted["persons_advised"], "cases": counted["cases_handled"]}
            for areas, counted in totals(p).legal.items()
        ]  # fmt: skip
    by_area = {area: {"sessions": 0, "persons_advised": 0, "cases_handled": 0} for area in [*LegalArea.values, ""]}
    sessions = advised = 0
    for row in grouped:
        sessions, advised = sessions + row["n"], advised + int(row["advised"] or 0)
        for area in row["legal_areas"] or [""]:
            counted = by_area[area if area in by_area else ""]
            counted["sessions"] += row["n"]
            counted["persons_advised"] += int(row["advised"] or 0)
            counted["cases_handled"] += int(row["cases"] or 0)
    labels = {**dict(LegalArea.choices), "": "không ghi lĩnh vực"}
    value = [{"area": str(labels[area]), **counted} for area, counted in by_area.items() if counted["sessions"]]
    basis = f"{num(sessions)} buổi tư vấn, {num(advised)} lượt người được tư vấn"
    ids = sorted(rows.values_list("pk", flat=True)) if rows is not None else None
    return FigureResult(value, basis=basis, record_ids=ids)


CHARITY_SUMS = activities.CHARITY_SUMS


@figure("activities.charity", _("Charity by cause"), "table", "span", records="activities.Activity",
        row_fields=("theme", "activities", *CHARITY_SUMS))  # fmt: skip
def charity(p: Scope) -> FigureResult:
    """Charity campaigns and visits done in the period by cause, in the causes' order: how many, money raised,
    gifts and their value, scholarships, persons helped (figures as recorded, a warned one too)."""
    rows = None
    if registry.records_wanted():  # (built only then, as in `legal_advice`)
        rows = ActivityFilter().rows(p).filter(kind__in=activities.CHARITY_KINDS)
    found: dict[str, Any]
    if rows is not None:
        grouped: Any = rows.values("theme").annotate(n=Count("id"), **{name: Sum(name) for name in CHARITY_SUMS})
        found = {row["theme"]: row for row in grouped.order_by()}
    else:
        found = totals(p).charity  # from the remembered months, by cause as above
    labels = {**dict(CharityTheme.choices), "": "không ghi chủ đề"}
    value: list[dict[str, Any]] = [
        {"theme": str(labels[theme]), "activities": found[theme]["n"],
         **{name: int(found[theme][name] or 0) for name in CHARITY_SUMS}}
        for theme in [*CharityTheme.values, ""]
        if theme in found
    ]  # fmt: skip
    total = sum(row["activities"] for row in value)
    ids = sorted(rows.values_list("pk", flat=True)) if rows is not None else None
    return FigureResult(value, basis=f"{num(total)} hoạt động từ thiện", record_ids=ids)


def _projects(p: Scope, kind: str, field: Any, running: str) -> QuerySet[Project]:
    return activities.projects_in(
        p.node, start=p.start, end=p.end, kind=kind, field=_field(field), running=bool(choice(running))
    )


@figure("projects.count", _("Models and projects"), "count", "span", params=PROJECT_PARAMS,
        unit=_("models and projects"), records="activities.Project")  # fmt: skip
def project_count(p: Scope, *, kind: str = "", field: Any = "", running: str = "") -> FigureResult:
    """Models and projects started in the period by the units under `node` (as they stood the day each started); with
    `running`, those under way at some time in it (000 rows 18, 19)."""
    rows = _projects(p, kind, field, running)
    households = int(rows.aggregate(n=Sum("households"))["n"] or 0)
    ids = sorted(rows.values_list("pk", flat=True))
    label = str(ProjectKind(kind).label).lower() if kind else "mô hình, dự án"
    basis = f"{num(len(ids))} {label}" + (f", {num(households)} hộ tham gia" if households else "")
    return FigureResult(len(ids), basis=basis, record_ids=ids if registry.records_wanted() else None)


@figure("projects.list", _("Models and projects, listed"), "rows", "span", params=PROJECT_PARAMS,
        records="activities.Project", row_fields=PROJECT_FIELDS)  # fmt: skip
def project_list(p: Scope, *, kind: str = "", field: Any = "", running: str = "") -> FigureResult:
    """The same models and projects by the day they started: name, kind, the unit as it was named then, where,
    partners, field, dates, households, scale, funding and its source, OCOP product, outcome, status."""
    rows, total = registry.first_rows(
        _projects(p, kind, field, running)
        .select_related("field")
        .prefetch_related("partners")
        .order_by("started_on", "id")
    )
    names = names_on((p.org_id, p.started_on) for p in rows)
    kinds, statuses = dict(ProjectKind.choices), dict(ProjectStatus.choices)
    value = [
        {
            "title": p.title, "kind": str(kinds[p.kind]), "unit": names[p.org_id, p.started_on], "host": p.host,
            "partners": ", ".join(sorted(partner.name for partner in p.partners.all())),
            "field": p.field.name if p.field else "", "started_on": p.started_on, "ended_on": p.ended_on,
            "households": p.households, "scale": p.scale, "funding": p.funding, "funding_source": p.funding_source,
            "ocop_product": p.ocop_product, "outcome": p.outcome, "status": str(statuses[p.status]),
        }
        for p in rows
    ]  # fmt: skip
    return listed(value, [p.pk for p in rows], total, "mô hình, dự án")


SPECS = declared(__name__)
