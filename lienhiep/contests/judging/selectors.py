"""What the judging pages and the results decision read: a round's ranking per group (the tables read once, the
rules decided by `contests.ranking`), the jury's progress (counts, never points, before the close), a juror's sheet,
the editions an entry may be forwarded to, and the decision's and certificates' plain data."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Count, Q, QuerySet

from lienhiep.contests import ranking
from lienhiep.contests.judging.certificates import Certificate
from lienhiep.contests.judging.decision import AwardedEntry, DecisionData, PrizeLine
from lienhiep.contests.models import (
    LEVEL_ORDER,
    RANK_ORDER,
    BoardApproval,
    Edition,
    EditionStatus,
    Entry,
    EntryAuthor,
    EntryPrize,
    EntryStatus,
    JurorAssignment,
    JurorEntry,
    PrizeRow,
    PublicVote,
    ResultsDecision,
    Round,
    Score,
)
from lienhiep.experts import selectors as expert_selectors
from lienhiep.experts.models import Expert
from lienhiep.orgs import selectors as org_selectors
from lienhiep.reporting import document

# Entries a juror may be given: accepted at screening, not yet judged.
JUDGED = frozenset({EntryStatus.ACCEPTED})
# No threshold in the round's rules: at least half the board.
DEFAULT_THRESHOLD = Decimal(50)

GroupKey = tuple[str, int | None]


def pickable_experts(round_: Round) -> QuerySet[Expert]:
    """The experts an officer may put on a round's jury: available ones on the lists of the organiser and of the
    unions above it (`experts.selectors.experts_of`), with an account (a juror scores with it), by name."""
    return expert_selectors.experts_of(round_.edition.contest.org).filter(user__isnull=False)


def rules_of(round_: Round) -> ranking.Rules:
    return ranking.Rules.of(
        [(c.pk, c.max_points) for c in round_.criteria.order_by("order", "id")],
        drop_outliers=round_.drop_outliers,
        public_share=round_.public_vote_share or 0,
    )


def _group_key(entry_field: int, entry_category: int | None, rows: list[PrizeRow]) -> GroupKey:
    """The group an entry is ranked in: its category where the table has rows for it, else its field where the
    table has rows for the field as a whole, else the edition where the table is for the whole edition, else its
    field (ranked, no prize to propose)."""
    if entry_category is not None and any(r.category_id == entry_category for r in rows):
        return ("category", entry_category)
    if any(r.field_id == entry_field and r.category_id is None for r in rows):
        return ("field", entry_field)
    if any(r.field_id is None for r in rows):
        return ("edition", None)
    return ("field", entry_field)


def _row_key(row: PrizeRow) -> GroupKey:
    if row.category_id is not None:
        return ("category", row.category_id)
    if row.field_id is not None:
        return ("field", row.field_id)
    return ("edition", None)


@dataclass
class Group:
    key: GroupKey
    label: str
    ranked: list[ranking.EntryScore]
    prizes: list[ranking.Prize]
    rows: list[PrizeRow]
    entries: dict[int, Entry] = field(default_factory=dict)


@dataclass
class Board:
    round: Round
    rules: ranking.Rules
    groups: list[Group]


def round_entries(round_: Round) -> QuerySet[Entry]:
    """The entries a round judges: those on a juror's sheet (kept-off rows aside)."""
    on_sheets = JurorEntry.objects.filter(
        assignment__round=round_, assignment__removed_on__isnull=True, kept_off=False
    ).values("entry_id")
    return Entry.objects.filter(pk__in=on_sheets)


def counted_scores(round_: Round, entries: QuerySet[Entry] | None = None) -> list[tuple[int, int, int, Decimal]]:
    """The scores that count in `round_` (of `entries`, all by default): jurors still on the jury, entries they
    were not kept off."""
    rows = Score.objects.filter(assignment__round=round_, assignment__removed_on__isnull=True)
    kept_off = JurorEntry.objects.filter(assignment__round=round_, kept_off=True)
    if entries is not None:
        ids = list(entries.values_list("pk", flat=True))
        rows, kept_off = rows.filter(entry_id__in=ids), kept_off.filter(entry_id__in=ids)
    off = set(kept_off.values_list("assignment_id", "entry_id"))
    found = rows.values_list("entry_id", "assignment_id", "criterion_id", "points")
    return [row for row in found if (row[1], row[0]) not in off] if off else list(found)


def ranking_of(round_: Round, *, group: GroupKey | None = None) -> Board:
    """The ranking of a round, group by group (or of one `group`), with each group's prize table."""
    rules = rules_of(round_)
    rows = list(PrizeRow.objects.filter(edition_id=round_.edition_id).select_related("field", "category"))
    entries = (
        round_entries(round_)
        .select_related("field", "category", "sending_unit")
        # What the ranking and its page print of an entry.
        .only("id", "number", "title", "field__name", "field__order", "category__name", "sending_unit__name")
    )
    if group is not None and group[1] is not None:
        entries = entries.filter(**{f"{group[0]}_id": group[1]})
    by_pk = {e.pk: e for e in entries}
    keys = {e.pk: _group_key(e.field_id, e.category_id, rows) for e in by_pk.values()}
    if group is not None:
        by_pk = {pk: e for pk, e in by_pk.items() if keys[pk] == group}
    scores = counted_scores(round_, entries)
    votes: dict[int, int] = {}
    if rules.public_share:
        votes = dict(PublicVote.objects.filter(round=round_, entry__in=list(by_pk)).values_list("entry_id", "votes"))
    ranked = ranking.rank_groups([(pk, keys[pk]) for pk in sorted(by_pk)], scores, rules, votes=votes)
    groups = []
    for key, results in ranked.items():
        table = [r for r in rows if _row_key(r) == key]
        sample = by_pk[results[0].entry_id]
        label = (
            f"{sample.field.name} – {sample.category.name}" if key[0] == "category" and sample.category
            else sample.field.name if key[0] == "field" else ""
        )  # fmt: skip
        groups.append(
            Group(
                key=key,
                label=label,
                ranked=results,
                prizes=[ranking.Prize(r.pk, RANK_ORDER[r.rank], r.count) for r in table],
                rows=sorted(table, key=lambda r: RANK_ORDER[r.rank]),
                entries={r.entry_id: by_pk[r.entry_id] for r in results},
            )
        )
    groups.sort(key=lambda g: (by_pk[g.ranked[0].entry_id].field.order, g.label))
    return Board(round=round_, rules=rules, groups=groups)


def groups_of(round_: Round) -> list[tuple[GroupKey, str]]:
    """The groups a round ranks (key and label), in the order of the fields: the ranking page shows one at a time."""
    rows = list(PrizeRow.objects.filter(edition_id=round_.edition_id))
    pairs = (
        round_entries(round_)
        .values_list("field_id", "field__name", "field__order", "category_id", "category__name")
        # Without the entries' default order, which DISTINCT would otherwise take in: one row a field and category,
        # not one an entry (5,000 rows for ten groups on a national edition).
        .order_by()
        .distinct()
    )
    found: dict[GroupKey, tuple[int, str]] = {}
    for field_id, field_name, order, category_id, category_name in pairs:
        key = _group_key(field_id, category_id, rows)
        label = f"{field_name} – {category_name}" if key[0] == "category" else field_name if key[0] == "field" else ""
        found.setdefault(key, (order, label))
    return [(key, label) for key, (_order, label) in sorted(found.items(), key=lambda kv: (kv[1][0], kv[1][1]))]


def group_param(raw: str | None) -> GroupKey | None:
    """ "field-12", "category-3", "edition" as a group key; None for anything else."""
    kind, _, pk = (raw or "").partition("-")
    if kind == "edition" and not pk:
        return ("edition", None)
    if kind in ("field", "category") and pk.isascii() and pk.isdigit():
        return (kind, int(pk))
    return None


def group_of(entry: Entry) -> GroupKey:
    rows = list(PrizeRow.objects.filter(edition_id=entry.edition_id))
    return _group_key(entry.field_id, entry.category_id, rows)


def prize_rows_for(entry: Entry) -> set[int]:
    """The prize rows an entry may take: its group's."""
    rows = list(PrizeRow.objects.filter(edition_id=entry.edition_id))
    key = _group_key(entry.field_id, entry.category_id, rows)
    return {r.pk for r in rows if _row_key(r) == key}


def entry_result(round_: Round, entry: Entry) -> ranking.EntryScore | None:
    board = ranking_of(round_, group=group_of(entry))
    for group in board.groups:
        for result in group.ranked:
            if result.entry_id == entry.pk:
                return result
    return None


# --- The jury ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SeatProgress:
    seat: JurorAssignment
    entries: int
    kept_off: int
    complete: int


def jury_progress(round_: Round) -> list[SeatProgress]:
    """Each juror of the round with how many entries she scores, is kept off, and has scored on every criterion:
    counts only, so the organiser follows the work without seeing points before the close."""
    criteria = round_.criteria.count()
    seats = list(
        JurorAssignment.objects.filter(round=round_)
        .select_related("expert", "grant")
        .annotate(
            n_entries=Count("assigned", filter=Q(assigned__kept_off=False), distinct=True),
            n_off=Count("assigned", filter=Q(assigned__kept_off=True), distinct=True),
        )
        .order_by("removed_on", "expert__name_sort", "id")
    )
    done: dict[int, int] = defaultdict(int)
    if criteria:
        sheets = (
            Score.objects.filter(assignment__round=round_)
            .values("assignment_id", "entry_id")
            .annotate(n=Count("id"))
            .filter(n__gte=criteria)
            .order_by()
        )
        # The complete sheets counted per juror by the database: a national round has 10,000 sheets and 200 jurors,
        # and the page needs 200 numbers, not 10,000 rows (docs/benchmarks.md, session 12).
        sql, params = sheets.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT assignment_id, COUNT(*) FROM ({sql}) sheets GROUP BY assignment_id", params)  # noqa: S608 - Django's own SQL and parameters
            done.update(dict(cursor.fetchall()))
    return [SeatProgress(s, s.n_entries, s.n_off, done[s.pk]) for s in seats]  # type: ignore[attr-defined]


@dataclass(frozen=True)
class SheetLine:
    entry: Entry
    row: JurorEntry
    scored: int


def sheet_of(seat: JurorAssignment) -> list[SheetLine]:
    """The entries on a juror's sheet (those she is kept off aside), by number, with how many criteria she scored."""
    rows = list(
        JurorEntry.objects.filter(assignment=seat, kept_off=False)
        .select_related("entry__field", "entry__category")
        # What the sheet prints of each entry, not its summary or its dossier's columns.
        .only("id", "entry__id", "entry__number", "entry__title", "entry__field__name", "entry__category__name")
        .order_by("entry__number")
    )
    scored = dict(
        Score.objects.filter(assignment=seat).values("entry_id").annotate(n=Count("id")).values_list("entry_id", "n")
    )
    return [SheetLine(row.entry, row, scored.get(row.entry_id, 0)) for row in rows]


def my_points(seat: JurorAssignment, entry: Entry) -> dict[int, Decimal]:
    """The juror's own points on an entry, by criterion: the only scores her pages read before the close."""
    return dict(Score.objects.filter(assignment=seat, entry=entry).values_list("criterion_id", "points"))


# --- Forwarding ---------------------------------------------------------------------------------------------------


def forward_targets(edition: Edition) -> list[Edition]:
    """The editions a prized entry of `edition` may go up to: open editions of the same type of contest at a higher
    level, organised by a unit above the organiser."""
    org = edition.contest.org
    above = [a.pk for a in org_selectors.ancestors(org, on=org_selectors.today())]
    level = LEVEL_ORDER[edition.contest.level]
    higher = [lv for lv, order in LEVEL_ORDER.items() if order > level]
    return list(
        Edition.objects.filter(
            contest__type=edition.contest.type,
            contest__level__in=higher,
            contest__org__in=above,
            status__in=[EditionStatus.OPEN, EditionStatus.SCREENING],
        )
        .select_related("contest")
        .order_by("contest__level", "-year_start", "id")
    )


def forwarded_count(edition: Edition, sender: Any) -> int:
    return Entry.objects.filter(edition=edition, sending_unit=sender, forwarded_from__isnull=False).count()


# --- The results decision and the certificates ---------------------------------------------------------------------


def _authors(entry_ids: list[int]) -> dict[int, list[EntryAuthor]]:
    found: dict[int, list[EntryAuthor]] = defaultdict(list)
    for author in EntryAuthor.objects.filter(entry_id__in=entry_ids).order_by("entry_id", "order", "id"):
        found[author.entry_id].append(author)
    return found


def _row_label(row: PrizeRow) -> str:
    """The group of a prize row as the decision names it: "field – category", the field, or the whole contest."""
    if row.category is not None and row.field is not None:
        return f"{row.field.name} – {row.category.name}"
    return row.field.name if row.field is not None else "Toàn hội thi"


def _group_label(row: PrizeRow | None, entry: Entry) -> str:
    return _row_label(row) if row is not None else entry.field.name


def _edition_words(edition: Edition) -> str:
    return f"lần thứ {edition.number} ({edition.years})"


def decision_data(edition: Edition) -> DecisionData:
    """The results decision of `edition` as plain data: the head from the organiser as it is named on the issue
    date, the prize table (every row of the rules) and the entries awarded, by prize then number."""
    org = edition.contest.org
    saved = ResultsDecision.objects.filter(edition=edition).first() or ResultsDecision(edition=edition)
    name, superior = org_selectors.issuer_on(org, on=saved.issued_on or org_selectors.today())
    rows = list(PrizeRow.objects.filter(edition=edition).select_related("field", "category"))
    rows.sort(key=lambda r: ((r.field.order if r.field else -1), r.field_id or 0, r.category_id or 0,
                             RANK_ORDER[r.rank]))  # fmt: skip
    prizes = tuple(PrizeLine(r.pk, _row_label(r), r.rank, r.count, r.amount, r.extra_honour) for r in rows)
    awarded_rows = list(
        EntryPrize.objects.filter(entry__edition=edition).select_related(
            "entry__field", "entry__sending_unit", "prize_row__field", "prize_row__category"
        )
    )
    awarded_rows.sort(key=lambda p: (RANK_ORDER[p.rank], p.entry.number))
    authors = _authors([p.entry_id for p in awarded_rows])
    awarded = tuple(
        AwardedEntry(
            number=p.entry.number,
            title=p.entry.title,
            authors=", ".join(a.full_name for a in authors.get(p.entry_id, [])),
            unit=p.entry.author_unit or p.entry.sending_unit.name,
            group=_group_label(p.prize_row, p.entry),
            rank=p.rank,
            prize_key=p.prize_row_id,
            score=p.score,
        )  # fmt: skip
        for p in awarded_rows
    )
    approval = BoardApproval.objects.filter(edition=edition).order_by("-held_on", "-id").first()
    approval_line = ""
    if approval is not None:
        approval_line = "Biên bản họp Ban Tổ chức" + (
            f" số {approval.minutes_number}" if approval.minutes_number else ""
        )
        approval_line += f" ngày {approval.held_on:%d/%m/%Y}"
    rules_line = ""
    if edition.rules_number:
        rules_line = f"Quyết định số {edition.rules_number}"
        rules_line += f" ngày {edition.rules_date:%d/%m/%Y}" if edition.rules_date else ""
    from lienhiep.contests.judging.decision import DEFAULT_RECIPIENTS, check

    return DecisionData(
        superior=superior,
        issuer=name,
        place=org.place_name or "",
        symbol=document.symbol("QĐ", org.abbreviation or ""),
        number_line=saved.number_line,
        issued_on=saved.issued_on,
        contest=edition.contest.name,
        edition=_edition_words(edition),
        rules_line=rules_line,
        approval_line=approval_line,
        prizes=prizes,
        awarded=awarded,
        authority=saved.authority,
        signer_title=saved.signer_title or "Chủ tịch",
        signer_name=saved.signer_name,
        recipients=saved.recipient_lines(DEFAULT_RECIPIENTS),
        problems=check(prizes, awarded),
    )


def certificates(edition: Edition) -> list[Certificate]:
    """A certificate per author of every approved prize, by prize then entry number then author."""
    data = decision_data(edition)
    prizes = list(
        EntryPrize.objects.filter(entry__edition=edition, status="approved").select_related(
            "entry__field", "entry__sending_unit", "prize_row__field", "prize_row__category"
        )
    )
    prizes.sort(key=lambda p: (RANK_ORDER[p.rank], p.entry.number))
    authors = _authors([p.entry_id for p in prizes])
    decision_line = ""
    if data.number_line and data.issued_on:
        decision_line = f"Quyết định {data.number_line.replace('Số:', 'số').strip()} ngày {data.issued_on:%d/%m/%Y}"
    return [
        Certificate(
            issuer=data.issuer,
            contest=f"{data.contest} {data.edition}",
            author=a.full_name,
            title=p.entry.title,
            unit=p.entry.author_unit or p.entry.sending_unit.name,
            group=_group_label(p.prize_row, p.entry),
            rank=p.rank,
            decision_line=decision_line,
            place=data.place,
            issued_on=data.issued_on,
            signer_title=data.signer_title,
            signer_name=data.signer_name,
        )  # fmt: skip
        for p in prizes
        for a in authors.get(p.entry_id, [])
    ]


def approvals(edition: Edition) -> list[BoardApproval]:
    return list(BoardApproval.objects.filter(edition=edition).order_by("-held_on", "-id"))


def expert_assignments(expert: Any, *, user: Any) -> list[Any]:
    """The expert's seats on contest juries for their page in the registry (`experts.assignments`: the
    `expert_assignments` hook): the round and edition, linked to the jury where `user` reaches its organiser."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from lienhiep.experts.assignments import Assignment
    from lienhiep.orgs.permissions import access_level

    seats = (
        JurorAssignment.objects.filter(expert=expert)
        .select_related("round__edition__contest__org")
        .order_by("-assigned_on", "-id")
    )
    out = []
    for seat in seats:
        round_ = seat.round
        seen = access_level(user, round_.edition.contest.org) is not None
        out.append(
            Assignment(
                on=seat.assigned_on,
                title=f"{round_.edition} · {round_.get_kind_display()}",
                role=str(_("Juror")),
                status=str(_("Taken off")) if seat.removed_on else round_.get_status_display(),
                url=reverse("contests:jury", args=[round_.pk]) if seen else "",
                until=seat.removed_on,
            )
        )
    return out
