"""The figures of contests that reports print (issue 16), given to the registry from `ContestsConfig.ready`
(decision 0016: reporting never imports contests).

A prize counts for the unit that first sent the entry (`Entry.origin_unit`, copied up a forwarding chain), as that
unit stood on the day the prize was approved (`EntryPrize.approved_on`): a Hồng Lĩnh school's product that won at the
province and then at the national level is two prizes of Hồng Lĩnh's, one per level — the seed's "12 … cấp quốc gia và
Khu vực phía Bắc; 78 … cấp tỉnh". Entries count where their sending unit stood on the day they were submitted; an
entry forwarded to a higher edition is the same work, counted once (its first entry) unless a level is asked."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lienhiep.contests.models import (
    LEVEL_ORDER,
    RANK_ORDER,
    ContestLevel,
    ContestType,
    Entry,
    EntryAuthor,
    EntryPrize,
    PrizeRank,
    PrizeStatus,
)
from lienhiep.core import filtering
from lienhiep.orgs import selectors as org_selectors
from lienhiep.orgs.models import Org
from lienhiep.reporting.figures.common import num
from lienhiep.reporting.registry import FigureResult, Scope, declared, figure

# "Region and national": the seed's "cấp quốc gia và Khu vực phía Bắc".
ABOVE_PROVINCE = "above_province"
LEVELS: list[tuple[str, Any]] = [
    *ContestLevel.choices,
    (ABOVE_PROVINCE, gettext_lazy("Region and national")),
]
# How a product list names a prize's level ("đạt giải cấp Quốc gia", "đạt giải Khu vực phía Bắc").
LEVEL_WORDS: dict[str, Any] = {
    ContestLevel.DISTRICT: gettext_lazy("district level"),
    ContestLevel.PROVINCE: gettext_lazy("provincial level"),
    ContestLevel.REGION: gettext_lazy("regional level"),
    ContestLevel.NATIONAL: gettext_lazy("national level"),
}
YES_NO: list[tuple[str, Any]] = [("yes", gettext_lazy("Yes")), ("no", gettext_lazy("No"))]


TYPES = list(ContestType.choices)
RANKS = list(PrizeRank.choices)


def _level_q(level: str, prefix: str) -> Q:
    if not level:
        return Q()
    if level == ABOVE_PROVINCE:
        return Q(**{f"{prefix}edition__contest__level__in": [ContestLevel.REGION, ContestLevel.NATIONAL]})
    return Q(**{f"{prefix}edition__contest__level": level})


def prizes(
    node: Org | int, start: dt.date, end: dt.date, *, level: str = "", type: str = "", rank: str = "",  # noqa: A002
    cited: str = "", field: str = "",
) -> QuerySet[EntryPrize]:  # fmt: skip
    """The approved prizes of the units under `node` (where they stood that day) approved within the period."""
    rows = EntryPrize.objects.filter(status=PrizeStatus.APPROVED).filter(
        org_selectors.stood_under(node, start=start, end=end, date_field="approved_on", org_field="entry__origin_unit")
    )
    rows = rows.filter(_level_q(level, "entry__"))
    rows = rows.filter(**filtering.given(entry__edition__contest__type=type, rank=rank, entry__field__name=field))
    if cited:  # "yes" or "no"
        rows = rows.filter(entry__cited=cited == "yes")
    return rows


def entries(
    node: Org | int,
    start: dt.date,
    end: dt.date,
    *,
    level: str = "",
    type: str = "",
    field: str = "",  # noqa: A002
) -> QuerySet[Entry]:
    """The entries the units under `node` sent in the period (as they stood on the day), once each: a forwarded
    entry is the same work as the one it came from, unless a level is asked (then the entries at that level)."""
    rows = Entry.objects.filter(
        org_selectors.stood_under(node, start=start, end=end, date_field="submitted_on", org_field="origin_unit")
    )
    rows = rows.filter(_level_q(level, "")) if level else rows.filter(forwarded_from__isnull=True)
    return rows.filter(**filtering.given(edition__contest__type=type, field__name=field))


def _period(start: dt.date, end: dt.date) -> str:
    return str(start.year) if start.year == end.year else f"{start.year}–{end.year}"


@figure("contests.entries", gettext_lazy("Contest entries sent"), "count", "span",
        params={"level": list(ContestLevel.choices), "type": TYPES, "field": None}, unit=gettext_lazy("entries"),
        records="contests.Entry")  # fmt: skip
def entry_count(p: Scope, *, level: str = "", type: str = "", field: str = "") -> FigureResult:
    ids = sorted(entries(p.node, p.start, p.end, level=level, type=type, field=field).values_list("pk", flat=True))
    basis = _("%(n)s contest entries sent (%(years)s)") % {"n": num(len(ids)), "years": _period(p.start, p.end)}
    return FigureResult(len(ids), basis=basis, record_ids=ids)


@figure("contests.authors", gettext_lazy("Authors of contest entries"), "count", "span", params={"type": TYPES},
        unit=gettext_lazy("authors"))  # fmt: skip
def author_count(p: Scope, *, type: str = "") -> FigureResult:
    """The authors of the entries sent in the period, each person once: a member by their record, anyone else by
    their name and birth date."""
    rows = EntryAuthor.objects.filter(entry__in=entries(p.node, p.start, p.end, type=type))
    people = {
        ("p", person) if person else ("n", name, born)
        for person, name, born in rows.values_list("person_id", "full_name", "birth_date")
    }
    return FigureResult(
        len(people), basis=_("authors of %(n)s entries") % {"n": num(rows.values("entry").distinct().count())}
    )


@figure("contests.prizes", gettext_lazy("Contest prizes won"), "count", "span",
        params={"level": LEVELS, "type": TYPES, "rank": RANKS, "cited": YES_NO, "field": None},
        unit=gettext_lazy("prizes"), records="contests.EntryPrize")  # fmt: skip
def prize_count(
    p: Scope, *, level: str = "", type: str = "", rank: str = "", cited: str = "", field: str = ""
) -> FigureResult:
    """Prizes won by the units under `node`, approved in the period, at a level (region and national together:
    `above_province`), of a contest type, a rank, a field when asked."""
    rows = prizes(p.node, p.start, p.end, level=level, type=type, rank=rank, cited=cited, field=field)
    ids = sorted(rows.values_list("pk", flat=True))
    words = dict(LEVELS).get(level)
    basis = _("%(n)s prizes approved (%(years)s)") % {"n": num(len(ids)), "years": _period(p.start, p.end)}
    if words:
        basis += f", {str(words).lower()}"
    return FigureResult(len(ids), basis=basis, record_ids=ids)


@figure("contests.prizes_by_level", gettext_lazy("Contest prizes by level and rank"), "table", "span",
        row_fields=("level", "rank", "count"))  # fmt: skip
def prizes_by_level(p: Scope) -> FigureResult:
    """Prizes by level (highest first) and rank: the prize table of a report (REPORTING.md test 29: it adds up to the
    prizes awarded)."""
    counts = (
        prizes(p.node, p.start, p.end)
        .order_by()
        .values("entry__edition__contest__level", "rank")
        .annotate(n=Count("id"))
    )
    levels, ranks = dict(ContestLevel.choices), dict(PrizeRank.choices)
    table = [
        {"level": str(levels[r["entry__edition__contest__level"]]), "rank": str(ranks[r["rank"]]), "count": r["n"]}
        for r in sorted(
            counts, key=lambda r: (-LEVEL_ORDER[r["entry__edition__contest__level"]], RANK_ORDER[r["rank"]])
        )
    ]
    basis = _("%(n)s prizes approved (%(years)s)") % {
        "n": num(sum(r["count"] for r in table)),
        "years": _period(p.start, p.end),
    }
    return FigureResult(table, basis=basis)


@figure("contests.forwarded", gettext_lazy("Entries forwarded to a higher level and their results"), "table", "span",
        row_fields=("level", "result", "count"), records="contests.Entry")  # fmt: skip
def forwarded(p: Scope) -> FigureResult:
    """The entries of the units under `node` forwarded to a higher level in the period, and what they won there."""
    rows = Entry.objects.filter(
        org_selectors.stood_under(p.node, start=p.start, end=p.end, date_field="submitted_on", org_field="origin_unit"),
        forwarded_from__isnull=False,
    )
    levels, ranks = dict(ContestLevel.choices), dict(PrizeRank.choices)
    found: dict[tuple[str, str], int] = {}
    for level, rank, status in rows.values_list("edition__contest__level", "prize__rank", "prize__status"):
        result = str(ranks[rank]) if rank and status == PrizeStatus.APPROVED else str(_("No prize"))
        found[(level, result)] = found.get((level, result), 0) + 1
    table = [
        {"level": str(levels[level]), "result": result, "count": n}
        for (level, result), n in sorted(found.items(), key=lambda item: (-LEVEL_ORDER[item[0][0]], item[0][1]))
    ]
    ids = sorted(rows.values_list("pk", flat=True))
    basis = _("%(n)s entries forwarded to a higher level") % {"n": num(len(ids))}
    return FigureResult(table, basis=basis, record_ids=ids)


# What `entries_and_prizes` groups by: the entry's field for it, the words of its basis.
GROUPED_BY: dict[str, tuple[str, Any]] = {
    "unit": ("origin_unit__name", gettext_lazy("%(n)s units")),
    "field": ("field__name", gettext_lazy("%(n)s fields")),
}


@figure("contests.by_unit", gettext_lazy("Contest entries and prizes by unit"), "table", "span",
        row_fields=("unit", "entries", "prizes"), given={"by": "unit"})  # fmt: skip
@figure("contests.by_field", gettext_lazy("Contest entries and prizes by field"), "table", "span",
        row_fields=("field", "entries", "prizes"), given={"by": "field"})  # fmt: skip
def entries_and_prizes(p: Scope, *, by: str) -> FigureResult:
    """Per unit that sent them, or per field of the contests (by its name): entries sent and prizes won in the
    period, most prizes first."""
    column, words = GROUPED_BY[by]
    sent = dict(entries(p.node, p.start, p.end).order_by().values_list(column).annotate(n=Count("id")))
    won = dict(prizes(p.node, p.start, p.end).order_by().values_list(f"entry__{column}").annotate(n=Count("id")))
    names = sorted(set(sent) | set(won), key=lambda name: (-won.get(name, 0), -sent.get(name, 0), name))
    table = [{by: name, "entries": sent.get(name, 0), "prizes": won.get(name, 0)} for name in names]
    return FigureResult(table, basis=str(words) % {"n": num(len(table))})


@figure("contests.rank_in_province", gettext_lazy("Rank by contest prizes within the province"), "count", "span")
def rank_in_province(p: Scope) -> FigureResult:
    """The congress measure "đơn vị đạt kết quả xếp vào tốp đầu của tỉnh": the node's place among the units of its
    province that stood directly under the provincial union on the last day of the period (the node among them), by
    the prizes each won in the period; units with as many prizes share a place."""
    day = p.last
    parent = org_selectors.parent_on(p.node, on=day)
    if parent is None and p.node.ended_on is not None:
        day = p.node.ended_on - dt.timedelta(days=1)
        parent = org_selectors.parent_on(p.node, on=day)
    if parent is None:
        return FigureResult(None, basis=_("the unit stands under no provincial union"))
    siblings = [child.org.pk for child in org_selectors.children(parent, on=day)]
    counts = {pk: prizes(pk, p.start, p.end).count() for pk in siblings}
    mine = counts.get(p.node.pk, 0)
    place = 1 + sum(1 for n in counts.values() if n > mine)
    basis = _("%(place)s of %(n)s units under %(parent)s, %(prizes)s prizes") % {
        "place": num(place),
        "n": num(len(counts)),
        "parent": parent.name,
        "prizes": num(mine),
    }
    return FigureResult(place, basis=basis)


def _roots(entry_ids: set[int]) -> dict[int, int]:
    """Each entry's first entry (the work as its unit first sent it), up its forwarding chain."""
    parent = dict(Entry.objects.filter(pk__in=entry_ids).values_list("pk", "forwarded_from_id"))
    while missing := {p for p in parent.values() if p is not None and p not in parent}:
        parent.update(Entry.objects.filter(pk__in=missing).values_list("pk", "forwarded_from_id"))
    roots = {}
    for pk in entry_ids:
        root = pk
        while parent.get(root) is not None:
            root = parent[root]  # type: ignore[assignment]
        roots[pk] = root
    return roots


def _products(
    node: Org,
    start: dt.date,
    end: dt.date,
    level: str,
    type: str,
    cited: str,  # noqa: A002
) -> tuple[list[dict[str, Any]], list[int]]:
    """Each work once, at the highest level it won a prize in the period; highest level first, then in the order the
    prizes were recorded (a union types its past results as its report will list them)."""
    rows = list(
        prizes(node, start, end, type=type, cited=cited).select_related("entry__edition__contest", "entry__origin_unit")
    )
    roots = _roots({p.entry_id for p in rows})
    best: dict[int, EntryPrize] = {}
    for prize in rows:
        root = roots[prize.entry_id]
        known = best.get(root)
        rank = LEVEL_ORDER[prize.entry.edition.contest.level]
        if known is None or rank > LEVEL_ORDER[known.entry.edition.contest.level]:
            best[root] = prize
    chosen = [p for p in best.values() if _level_matches(p.entry.edition.contest.level, level)]
    chosen.sort(key=lambda p: (-LEVEL_ORDER[p.entry.edition.contest.level], p.pk))
    found = []
    for prize in chosen:
        entry = prize.entry
        contest = entry.edition.contest
        words = contest.area if contest.level == ContestLevel.REGION and contest.area else LEVEL_WORDS[contest.level]
        found.append(
            {
                "title": entry.title,
                "unit": entry.author_unit or entry.origin_unit.name,
                "level": str(words),
                "year": prize.approved_on.year if prize.approved_on else entry.edition.year_end,
                "contest": contest.name,
                "rank": str(prize.get_rank_display()),
            }
        )
    return found, [p.pk for p in chosen]


def _level_matches(value: str, level: str) -> bool:
    if not level:
        return True
    if level == ABOVE_PROVINCE:
        return value in (ContestLevel.REGION, ContestLevel.NATIONAL)
    return value == level


@figure("contests.products", gettext_lazy("Prize-winning products, listed"), "rows", "span",
        params={"level": LEVELS, "type": TYPES, "cited": YES_NO}, records="contests.EntryPrize",
        row_fields=("title", "unit", "level", "year", "contest", "rank"))  # fmt: skip
def products(p: Scope, *, level: str = "", type: str = "", cited: str = "") -> FigureResult:
    """The prize-winning products, each once at the highest level it won in the period (highest first, then in the
    order recorded): with `cited`, those the units cite among their notable products (seed 000 §2.4's list)."""
    found, ids = _products(p.node, p.start, p.end, level, type, cited)
    return FigureResult(found, basis=_("%(n)s prize-winning products") % {"n": num(len(found))}, record_ids=ids)


@figure("contests.products_text", gettext_lazy("Prize-winning products, named in a sentence"), "text", "span",
        params={"level": LEVELS, "type": TYPES, "cited": YES_NO}, records="contests.EntryPrize")  # fmt: skip
def products_text(p: Scope, *, level: str = "", type: str = "", cited: str = "") -> FigureResult:
    """The same products as a sentence names them: “A”, unit, level, year; one after another (a footnote's text)."""
    found, ids = _products(p.node, p.start, p.end, level, type, cited)
    parts = [
        _("“%(title)s”, %(unit)s, prize at %(level)s in %(year)s") % row  # type: ignore[str-format]
        for row in found
    ]
    return FigureResult(
        "; ".join(parts), basis=_("%(n)s prize-winning products") % {"n": num(len(found))}, record_ids=ids
    )


def _prize_lines(edition: Any, awarded: list[EntryPrize]) -> tuple[list[Any], list[Any]]:
    """The edition's prize table and its awarded entries as the results decision reads them (`decision.PrizeLine`,
    `decision.AwardedEntry`), so that the report's check is the decision's (REPORTING.md §5.9 item 29)."""
    from lienhiep.contests.judging.decision import AwardedEntry, PrizeLine
    from lienhiep.contests.judging.selectors import _group_label, _row_label
    from lienhiep.contests.selectors import prize_table as edition_prize_rows

    lines = [PrizeLine(row.pk, _row_label(row), row.rank, row.count) for row in edition_prize_rows(edition)]
    given = [
        AwardedEntry(
            number=p.entry.number,
            title=p.entry.title,
            authors="",
            unit="",
            group=_group_label(p.prize_row, p.entry),
            rank=p.rank,
            prize_key=p.prize_row_id,
        )  # fmt: skip
        for p in sorted(awarded, key=lambda p: (RANK_ORDER[p.rank], p.entry.number))
    ]
    return lines, given


@figure("contests.prize_table", gettext_lazy("Prize table of the contests"), "table", "span",
        records="contests.EntryPrize", row_fields=("contest", "field", "rank", "quota", "awarded"))  # fmt: skip
def prize_table(p: Scope) -> FigureResult:
    """The prize table of each contest edition whose results were approved in the period and that `node`
    organised or took part in (its units' entries won there): one row per group and prize — the places the rules
    give (`quota`) and the entries awarded — from the edition's prize table (`contests.selectors.prize_table`); an
    edition typed from its results without a table gives a row per group and prize awarded, with no places. Of an
    edition `node` took part in, the rows count its units' entries only. Where a table does not add up to the
    entries awarded (a prize over its places, an entry given a prize the table lacks), the result's `notes` say
    where, in the results decision's words (`judging.decision.check`: item 29 is checked in one place)."""
    from lienhiep.contests.judging.decision import RANK_WORDS, check

    in_period = Q(status=PrizeStatus.APPROVED, approved_on__gte=p.start, approved_on__lte=p.end)
    ours = set(prizes(p.node, p.start, p.end).values_list("pk", flat=True))
    organised = set(
        EntryPrize.objects.filter(in_period, entry__edition__contest__org=p.node).values_list(
            "entry__edition_id", flat=True
        )
    )
    chosen = (
        EntryPrize.objects.filter(in_period)
        .filter(Q(entry__edition_id__in=organised) | Q(pk__in=ours))
        .select_related("entry__field", "entry__edition__contest", "prize_row__field", "prize_row__category")
    )
    by_edition: dict[int, list[EntryPrize]] = {}
    for prize in chosen:
        by_edition.setdefault(prize.entry.edition_id, []).append(prize)
    editions = sorted(
        {p.entry.edition for rows in by_edition.values() for p in rows},
        key=lambda e: (-LEVEL_ORDER[e.contest.level], e.contest.name, e.number),
    )
    rows: list[dict[str, Any]] = []
    notes: list[str] = []
    record_ids: list[int] = []
    for edition in editions:
        awarded = by_edition[edition.pk]
        record_ids += sorted(p.pk for p in awarded)
        name = f"{edition.contest.name} lần thứ {edition.number} ({edition.years})"
        lines, given = _prize_lines(edition, awarded)
        if lines:
            counts: dict[int | None, int] = {}
            for entry in given:
                counts[entry.prize_key] = counts.get(entry.prize_key, 0) + 1
            whole = edition.pk in organised
            for line in lines:
                if whole or counts.get(line.key):
                    rows.append({"contest": name, "field": line.group, "rank": RANK_WORDS.get(line.rank, line.rank),
                                 "quota": line.quota, "awarded": counts.get(line.key, 0)})  # fmt: skip
            notes += [f"{name}: {problem}" for problem in check(tuple(lines), tuple(given))]
        else:
            grouped: dict[tuple[str, str], int] = {}
            for entry in given:
                grouped[(entry.group, entry.rank)] = grouped.get((entry.group, entry.rank), 0) + 1
            for (group, rank), count in grouped.items():
                rows.append({"contest": name, "field": group, "rank": RANK_WORDS.get(rank, rank), "quota": None,
                             "awarded": count})  # fmt: skip
    # The contest's name on the first row of its edition only, as a merged cell of the printed table reads.
    last = None
    for row in rows:
        if row["contest"] == last:
            row["contest"] = ""
        else:
            last = row["contest"]
    basis = _("%(prizes)s prizes approved from %(start)s to %(end)s, in %(editions)s contest editions") % {
        "prizes": num(len(record_ids)),
        "start": f"{p.start:%d/%m/%Y}",
        "end": f"{p.end:%d/%m/%Y}",
        "editions": num(len(editions)),
    }
    return FigureResult(rows, basis=basis, record_ids=record_ids, records="contests.EntryPrize", notes=tuple(notes))


SPECS = declared(__name__)
