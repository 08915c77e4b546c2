"""The ranking of a round, as pure functions over plain data: no ORM here, so the rules can be read, tested and
benchmarked apart from the tables (the selectors read the rows, these functions decide).

The rules, as the results decision states them:

- **A juror's sheet** on an entry counts once it scores every criterion of the rubric; a partial sheet does not count
  (its juror is listed in `EntryScore.partial`, so the officer sees who has not finished).
- **Outliers** (when the round's rules ask for it): among the complete sheets of an entry, the sheet with the highest
  total and the one with the lowest are set aside when at least `MIN_JURORS_TO_DROP` (5) jurors scored it, so at
  least three sheets remain. Equal totals: the sheet of the smaller juror id goes, so the same data always gives the
  same ranking.
- **The jury's score** of an entry: per criterion, the average of the counted sheets; its total, the sum of those
  averages (which is the average of the counted totals). Averages are exact fractions; they print rounded to two
  decimals, but entries are compared on the exact values.
- **The public vote** (when the round gives it a share `s`, in percent): the most voted entry of the group gets the
  rubric's maximum, the others in proportion to their votes; the final score is `(100 − s) % × jury + s % × public`.
  No vote in the group: the public part is 0 for everyone.
- **Ties** are broken by, in this order: the final score; the jury's score (where a public vote counts); the criteria
  averages in the rubric's order (the first criterion weighs first). Entries still equal share their rank
  ("đồng hạng": 1, 2, 2, 4) and are marked `tied`: no order between them is made up.
- **Entries without a complete sheet** are not ranked (`rank` None), listed after the ranked ones.
- **Prizes** are proposed down the ranking within the prize table of the group (a field, or a category where the
  table is per category): each entry takes the highest prize left whose minimum score (if any) it reaches, and the
  round's floor (if any) must be reached for any prize. Prizes no entry reaches stay unused. A block of entries
  tied on one rank that does not fit the places left of one prize — three entries for the last two "Nhì", or two for
  the last "Khuyến khích" — is not cut: the places it would take are held for it and reported as a `BoundaryTie`
  (the board decides), and the proposal goes on below it.
- **The board's approval** holds when the members voting for reach the threshold: `for × 100 ≥ threshold × members`
  (members of the whole board, not only those present).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

# Outliers are set aside only when at least this many jurors scored the entry: three sheets then remain.
MIN_JURORS_TO_DROP = 5

Number = int | Decimal | Fraction | str


def exact(value: Number) -> Fraction:
    """A points value as an exact fraction ("8.5", Decimal("8.5"), 17/2 alike)."""
    if isinstance(value, Fraction):
        return value
    return Fraction(Decimal(value) if isinstance(value, str) else value)


def shown(value: Fraction | None, places: int = 2) -> Decimal | None:
    """An exact score as it prints: rounded half up to `places` decimals."""
    if value is None:
        return None
    quantum = Decimal(1).scaleb(-places)
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(quantum, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Criterion:
    id: int
    max_points: Fraction


@dataclass(frozen=True)
class Rules:
    """A round's rubric as the ranking reads it: the criteria in their order, whether outliers are set aside, the
    public vote's share in percent (0: none), and the floor a prize needs (None: none)."""

    criteria: tuple[Criterion, ...]
    drop_outliers: bool = False
    public_share: Fraction = Fraction(0)
    floor: Fraction | None = None

    @classmethod
    def of(
        cls,
        criteria: Iterable[tuple[int, Number]],
        *,
        drop_outliers: bool = False,
        public_share: Number = 0,
        floor: Number | None = None,
    ) -> Rules:
        share = exact(public_share)
        if not 0 <= share <= 100:
            raise ValueError("The public vote's share is a percentage between 0 and 100.")
        return cls(
            criteria=tuple(Criterion(int(pk), exact(top)) for pk, top in criteria),
            drop_outliers=drop_outliers,
            public_share=share,
            floor=None if floor is None else exact(floor),
        )

    @property
    def max_total(self) -> Fraction:
        return sum((c.max_points for c in self.criteria), Fraction(0))


@dataclass
class EntryScore:
    """One entry's place in the ranking: the sheets counted and set aside, the averages, the final score and the
    rank (None: no complete sheet), `tied` when another entry has exactly the same key after every tie-break."""

    entry_id: int
    group: Any = None
    counted: tuple[int, ...] = ()
    dropped: tuple[int, ...] = ()
    partial: tuple[int, ...] = ()
    criteria: dict[int, Fraction] = field(default_factory=dict)
    jury: Fraction | None = None
    votes: int = 0
    public: Fraction | None = None
    total: Fraction | None = None
    rank: int | None = None
    tied: bool = False

    def key(self, rules: Rules) -> tuple[Fraction, ...]:
        """What the ranking compares, larger first: the total, the jury's score, the criteria in order."""
        if self.total is None or self.jury is None:
            raise ValueError("An entry without a complete sheet has no place in the ranking.")
        return (self.total, self.jury, *(self.criteria[c.id] for c in rules.criteria))


Points = Decimal | Fraction


def _points(value: Number) -> Points:
    """Points as given: a decimal (what the tables and forms hold, added in C) or an exact fraction."""
    if isinstance(value, Decimal | Fraction):
        return value
    return Decimal(value)


def sheets(scores: Iterable[tuple[int, int, int, Number]]) -> dict[int, dict[int, dict[int, Points]]]:
    """Rows (entry, juror, criterion, points) as {entry: {juror: {criterion: points}}}."""
    found: dict[int, dict[int, dict[int, Points]]] = defaultdict(lambda: defaultdict(dict))
    for entry_id, juror_id, criterion_id, points in scores:
        found[entry_id][juror_id][criterion_id] = _points(points)
    return found


def _sum(values: Iterable[Points]) -> Points:
    total: Any = 0
    for value in values:
        total = total + value
    return total


def score_entry(entry_id: int, by_juror: Mapping[int, Mapping[int, Points]], rules: Rules) -> EntryScore:
    """The jury's score of one entry from its sheets {juror: {criterion: points}} (public vote aside). Sums are
    taken on the points as given (decimals add exactly); only the averages are fractions."""
    wanted = [c.id for c in rules.criteria]
    complete = {j: s for j, s in by_juror.items() if all(c in s for c in wanted)}
    partial = tuple(sorted(j for j in by_juror if j not in complete))
    result = EntryScore(entry_id=entry_id, partial=partial)
    if not complete or not wanted:
        return result
    totals = {j: _sum(s[c] for c in wanted) for j, s in complete.items()}
    counted = sorted(complete)
    dropped: tuple[int, ...] = ()
    if rules.drop_outliers and len(counted) >= MIN_JURORS_TO_DROP:
        # Highest and lowest totals; on equal totals the smaller juror id goes (a fixed rule, not chance).
        high = min(counted, key=lambda j: (-totals[j], j))
        low = min((j for j in counted if j != high), key=lambda j: (totals[j], j))
        dropped = tuple(sorted((high, low)))
        counted = [j for j in counted if j not in dropped]
    n = len(counted)
    result.counted = tuple(counted)
    result.dropped = dropped
    result.criteria = {c: exact(_sum(complete[j][c] for j in counted)) / n for c in wanted}
    result.jury = sum(result.criteria.values(), Fraction(0))
    return result


def _add_public(results: list[EntryScore], votes: Mapping[int, int], rules: Rules) -> None:
    share = rules.public_share / 100
    most = max((votes.get(r.entry_id, 0) for r in results), default=0)
    for r in results:
        r.votes = int(votes.get(r.entry_id, 0))
        if r.jury is None:
            continue
        if share:
            r.public = rules.max_total * r.votes / most if most else Fraction(0)
            r.total = (1 - share) * r.jury + share * r.public
        else:
            r.total = r.jury


def _place(results: list[EntryScore], rules: Rules) -> list[EntryScore]:
    ranked = sorted((r for r in results if r.total is not None), key=lambda r: r.key(rules), reverse=True)
    previous: tuple[Fraction, ...] | None = None
    for position, r in enumerate(ranked, start=1):
        key = r.key(rules)
        if key == previous:
            r.rank = ranked[position - 2].rank
            r.tied = ranked[position - 2].tied = True
        else:
            r.rank = position
        previous = key
    unranked = sorted((r for r in results if r.total is None), key=lambda r: r.entry_id)
    return ranked + unranked


def rank(
    entry_ids: Iterable[int],
    scores: Iterable[tuple[int, int, int, Number]],
    rules: Rules,
    *,
    votes: Mapping[int, int] | None = None,
) -> list[EntryScore]:
    """The ranking of one group (a field, or a category): every entry of `entry_ids`, best first, from the score
    rows (entry, juror, criterion, points) and the public votes per entry (where the rules give them a share)."""
    by_entry = sheets(scores)
    results = [score_entry(e, by_entry.get(e, {}), rules) for e in dict.fromkeys(entry_ids)]
    _add_public(results, votes or {}, rules)
    return _place(results, rules)


def rank_groups(
    entries: Iterable[tuple[int, Any]],
    scores: Iterable[tuple[int, int, int, Number]],
    rules: Rules,
    *,
    votes: Mapping[int, int] | None = None,
) -> dict[Any, list[EntryScore]]:
    """The ranking per group: `entries` are (entry id, group) pairs — the group a field, or a category where the
    prize table is per category — and each group is ranked on its own (the public vote too)."""
    members: dict[Any, list[int]] = defaultdict(list)
    for entry_id, group in entries:
        members[group].append(entry_id)
    by_entry = sheets(scores)
    ranked: dict[Any, list[EntryScore]] = {}
    for group, ids in members.items():
        results = [score_entry(e, by_entry.get(e, {}), rules) for e in dict.fromkeys(ids)]
        for r in results:
            r.group = group
        _add_public(results, votes or {}, rules)
        ranked[group] = _place(results, rules)
    return ranked


# --- Prizes --------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Prize:
    """A row of the group's prize table: its id, its order (0 the highest: Đặc biệt, Nhất, Nhì…), how many, and the
    minimum score it needs (None: none)."""

    id: int
    order: int
    count: int
    min_total: Fraction | None = None


@dataclass(frozen=True)
class BoundaryTie:
    """Entries tied on one rank that do not fit the places left of one prize: the places held for them (prize ids,
    highest first; fewer than the entries when the table runs out) and the entries, for the board to decide."""

    rank: int
    entry_ids: tuple[int, ...]
    held: tuple[int, ...]


@dataclass
class Proposal:
    awarded: dict[int, int] = field(default_factory=dict)  # entry id -> prize id
    ties: list[BoundaryTie] = field(default_factory=list)
    unused: dict[int, int] = field(default_factory=dict)  # prize id -> places left


def _blocks(ranked: Sequence[EntryScore]) -> list[list[EntryScore]]:
    blocks: list[list[EntryScore]] = []
    for r in ranked:
        if r.rank is None or r.total is None:
            continue
        if blocks and blocks[-1][0].rank == r.rank:
            blocks[-1].append(r)
        else:
            blocks.append([r])
    return blocks


def propose(ranked: Sequence[EntryScore], prizes: Iterable[Prize], *, floor: Fraction | None = None) -> Proposal:
    """Prizes proposed down `ranked` (one group's ranking, best first) within `prizes` (that group's table)."""
    table = sorted(prizes, key=lambda p: (p.order, p.id))
    places = [p for p in table for _ in range(max(p.count, 0))]
    proposal = Proposal()
    for block in _blocks(ranked):
        total, block_rank = block[0].total, block[0].rank
        if total is None or block_rank is None:  # _blocks keeps ranked entries only
            continue
        if floor is not None and total < floor:
            break
        # Places this block cannot reach are out of reach of every entry below it too (scores only go down).
        places = [p for p in places if p.min_total is None or total >= p.min_total]
        if not places:
            break
        taken, places = places[: len(block)], places[len(block) :]
        if len(taken) == len(block) and len({p.id for p in taken}) == 1:
            for r in block:
                proposal.awarded[r.entry_id] = taken[0].id
        else:
            proposal.ties.append(BoundaryTie(block_rank, tuple(r.entry_id for r in block), tuple(p.id for p in taken)))
    used: dict[int, int] = defaultdict(int)
    for prize_id in proposal.awarded.values():
        used[prize_id] += 1
    for tie in proposal.ties:
        for prize_id in tie.held:
            used[prize_id] += 1
    proposal.unused = {p.id: p.count - used[p.id] for p in table if p.count - used[p.id] > 0}
    return proposal


# --- The board and the decision's table -----------------------------------------------------------------------------


def board_approves(*, votes_for: int, members: int, threshold: Number) -> bool:
    """Whether the board's vote approves the results: `votes_for` of its `members` reach `threshold` percent."""
    if members <= 0 or not 0 <= votes_for <= members:
        raise ValueError("Votes for are counted among the board's members.")
    return votes_for * 100 >= exact(threshold) * members


@dataclass(frozen=True)
class TallyLine:
    """One line of the decision's prize table: the group and prize, the places the rules gave, the entries awarded."""

    group: Any
    prize_id: int
    quota: int
    awarded: int

    @property
    def over(self) -> bool:
        return self.awarded > self.quota


@dataclass
class Tally:
    lines: list[TallyLine]
    entries: int  # entries awarded, each once
    stray: list[tuple[int, int]]  # (entry, prize) awarded a prize not in its group's table

    @property
    def total(self) -> int:
        return sum(line.awarded for line in self.lines)

    @property
    def adds_up(self) -> bool:
        return self.total == self.entries and not self.stray and not any(line.over for line in self.lines)


def tally(table: Iterable[tuple[Any, int, int]], awarded: Iterable[tuple[int, Any, int]]) -> Tally:
    """The decision's prize table checked against the entries it awards (REPORTING.md §5.9 item 29): `table` rows
    (group, prize id, quota), `awarded` rows (entry id, group, prize id). Each line counts its entries; `adds_up`
    says whether the lines add up to the entries awarded with no prize over its quota and none outside the table."""
    rows = list(table)
    known = {(group, prize_id) for group, prize_id, _quota in rows}
    counts: dict[tuple[Any, int], int] = defaultdict(int)
    seen: set[int] = set()
    stray: list[tuple[int, int]] = []
    for entry_id, group, prize_id in awarded:
        seen.add(entry_id)
        if (group, prize_id) in known:
            counts[(group, prize_id)] += 1
        else:
            stray.append((entry_id, prize_id))
    lines = [TallyLine(group, prize_id, quota, counts[(group, prize_id)]) for group, prize_id, quota in rows]
    return Tally(lines=lines, entries=len(seen), stray=stray)
