"""The ranking's rules (contests/ranking.py) on plain data: averages, outliers, the public vote, ties, prizes within
the quota of each group, the board's threshold and the decision's tally; then properties over many random rounds
(seeded, so a failure is reproduced by its seed)."""

from __future__ import annotations

import random
from decimal import Decimal
from fractions import Fraction

import pytest

from lienhiep.contests import ranking
from lienhiep.contests.ranking import BoundaryTie, Prize, Rules

# A rubric of three criteria: novelty 40, feasibility 30, effect 30.
RULES = Rules.of([(1, 40), (2, 30), (3, 30)])


def sheet(entry: int, juror: int, *points: int | str) -> list[tuple[int, int, int, int | str]]:
    return [(entry, juror, criterion, p) for criterion, p in enumerate(points, start=1)]


def test_the_jury_score_is_the_average_of_each_criterion_and_their_sum():
    scores = sheet(10, 1, 30, 20, 25) + sheet(10, 2, 35, 25, "20.5")
    [result] = ranking.rank([10], scores, RULES)
    assert result.criteria == {1: Fraction(65, 2), 2: Fraction(45, 2), 3: Fraction(91, 4)}
    assert result.jury == Fraction(311, 4)
    assert result.total == Fraction(311, 4)
    assert ranking.shown(result.total) == Decimal("77.75")
    assert result.counted == (1, 2)
    assert result.rank == 1
    assert result.tied is False


def test_a_partial_sheet_does_not_count_and_is_named():
    scores = sheet(10, 1, 30, 20, 25) + [(10, 2, 1, 40), (10, 2, 2, 30)]
    [result] = ranking.rank([10], scores, RULES)
    assert result.counted == (1,)
    assert result.partial == (2,)
    assert result.total == 75


def test_an_entry_without_a_complete_sheet_is_not_ranked_and_comes_last():
    scores = sheet(10, 1, 10, 10, 10) + [(11, 1, 1, 40)]
    result = ranking.rank([11, 10, 12], scores, RULES)
    assert [(r.entry_id, r.rank, r.total) for r in result] == [(10, 1, 30), (11, None, None), (12, None, None)]
    assert result[1].partial == (1,)


def test_outliers_are_set_aside_from_five_jurors():
    rules = Rules.of([(1, 40), (2, 30), (3, 30)], drop_outliers=True)
    # Totals: juror 1: 90, 2: 60, 3: 70, 4: 75, 5: 20.
    scores = (
        sheet(10, 1, 40, 25, 25) + sheet(10, 2, 20, 20, 20) + sheet(10, 3, 30, 20, 20)
        + sheet(10, 4, 30, 20, 25) + sheet(10, 5, 10, 5, 5)
    )  # fmt: skip
    [result] = ranking.rank([10], scores, rules)
    assert result.dropped == (1, 5)
    assert result.counted == (2, 3, 4)
    assert result.criteria == {1: Fraction(80, 3), 2: 20, 3: Fraction(65, 3)}
    assert result.total == Fraction(205, 3)
    # The same sheets without the rule: every juror counts.
    [plain] = ranking.rank([10], scores, RULES)
    assert plain.dropped == ()
    assert plain.total == 63


def test_outliers_stay_with_four_jurors():
    rules = Rules.of([(1, 100)], drop_outliers=True)
    scores = [(10, j, 1, p) for j, p in ((1, 100), (2, 50), (3, 50), (4, 0))]
    [result] = ranking.rank([10], scores, rules)
    assert result.dropped == ()
    assert result.total == 50


def test_outliers_on_equal_totals_drop_the_smaller_juror_id():
    rules = Rules.of([(1, 100)], drop_outliers=True)
    scores = [(10, j, 1, p) for j, p in ((7, 90), (3, 90), (5, 40), (9, 40), (8, 60))]
    [result] = ranking.rank([10], scores, rules)
    assert result.dropped == (3, 5)
    assert result.counted == (7, 8, 9)
    assert result.total == Fraction(190, 3)


def test_the_public_vote_takes_its_share_scaled_to_the_most_voted():
    rules = Rules.of([(1, 100)], public_share=20)
    scores = [(10, 1, 1, 80), (11, 1, 1, 70), (12, 1, 1, 60)]
    result = ranking.rank([10, 11, 12], scores, rules, votes={10: 10, 11: 40, 12: 20})
    by_id = {r.entry_id: r for r in result}
    # 11 has the most votes: full 100 public points; 10: 25; 12: 50.
    assert by_id[10].public == 25
    assert by_id[11].public == 100
    assert by_id[12].public == 50
    assert by_id[10].total == Fraction(4, 5) * 80 + Fraction(1, 5) * 25  # 69
    assert by_id[11].total == 76
    assert by_id[12].total == 58
    assert [r.entry_id for r in result] == [11, 10, 12]
    assert [r.votes for r in result] == [40, 10, 20]


def test_no_vote_at_all_gives_everyone_no_public_points():
    rules = Rules.of([(1, 100)], public_share=30)
    result = ranking.rank([10, 11], [(10, 1, 1, 50), (11, 1, 1, 40)], rules)
    assert [(r.public, r.total) for r in result] == [(0, 35), (0, 28)]


def test_without_a_share_votes_change_nothing():
    result = ranking.rank([10, 11], [(10, 1, 1, 50), (11, 1, 1, 40)], Rules.of([(1, 100)]), votes={11: 99})
    assert [(r.entry_id, r.total, r.public) for r in result] == [(10, 50, None), (11, 40, None)]


def test_a_share_outside_0_to_100_is_refused():
    with pytest.raises(ValueError):
        Rules.of([(1, 100)], public_share=101)


def test_equal_totals_are_broken_by_the_criteria_in_order():
    # Both total 80; entry 11 scores more on the first criterion.
    scores = sheet(10, 1, 30, 30, 20) + sheet(11, 1, 35, 25, 20)
    result = ranking.rank([10, 11], scores, RULES)
    assert [(r.entry_id, r.rank, r.tied) for r in result] == [(11, 1, False), (10, 2, False)]


def test_equal_totals_with_a_public_vote_are_broken_by_the_jury_first():
    rules = Rules.of([(1, 100)], public_share=50)
    # 10: jury 30, the most votes (public 100) -> 65; 11: jury 80, half the votes (public 50) -> 65.
    result = ranking.rank([10, 11], [(10, 1, 1, 30), (11, 1, 1, 80)], rules, votes={10: 2, 11: 1})
    assert [(r.entry_id, r.total, r.rank) for r in result] == [(11, 65, 1), (10, 65, 2)]


def test_a_tie_that_nothing_breaks_shares_its_rank():
    scores = sheet(10, 1, 30, 20, 20) + sheet(11, 1, 40, 20, 20) + sheet(12, 1, 30, 20, 20) + sheet(13, 1, 1, 1, 1)
    result = ranking.rank([10, 11, 12, 13], scores, RULES)
    assert [(r.entry_id, r.rank, r.tied) for r in result] == [
        (11, 1, False),
        (10, 2, True),
        (12, 2, True),
        (13, 4, False),
    ]


def test_groups_are_ranked_apart():
    scores = [(10, 1, 1, 90), (11, 1, 1, 50), (20, 1, 1, 70)]
    ranked = ranking.rank_groups([(10, "cơ khí"), (11, "cơ khí"), (20, "y tế")], scores, Rules.of([(1, 100)]))
    assert {g: [(r.entry_id, r.rank) for r in rs] for g, rs in ranked.items()} == {
        "cơ khí": [(10, 1), (11, 2)],
        "y tế": [(20, 1)],
    }
    assert ranked["y tế"][0].group == "y tế"


def _ranked(totals: list[tuple[int, int]]) -> list[ranking.EntryScore]:
    return ranking.rank([e for e, _ in totals], [(e, 1, 1, t) for e, t in totals], Rules.of([(1, 100)]))


# The prize table of a field: Nhất 1, Nhì 2, Ba 3 (prize ids 1, 2, 3).
TABLE = [Prize(1, 0, 1), Prize(2, 1, 2), Prize(3, 2, 3)]


def test_prizes_go_down_the_ranking_within_the_quota():
    ranked = _ranked([(10, 95), (11, 90), (12, 85), (13, 80), (14, 70), (15, 60), (16, 50), (17, 40)])
    proposal = ranking.propose(ranked, TABLE)
    assert proposal.awarded == {10: 1, 11: 2, 12: 2, 13: 3, 14: 3, 15: 3}
    assert proposal.ties == []
    assert proposal.unused == {}


def test_unused_prizes_stay_unused():
    proposal = ranking.propose(_ranked([(10, 95), (11, 90)]), TABLE)
    assert proposal.awarded == {10: 1, 11: 2}
    assert proposal.unused == {2: 1, 3: 3}


def test_a_tie_at_the_quota_boundary_is_reported_with_the_places_held():
    # 11, 12 and 13 tie for the two "Nhì": the places of Nhì, Nhì and one Ba are held for them; 14 takes a Ba.
    ranked = _ranked([(10, 95), (11, 90), (12, 90), (13, 90), (14, 80), (15, 70), (16, 60)])
    proposal = ranking.propose(ranked, TABLE)
    assert proposal.awarded == {10: 1, 14: 3, 15: 3}
    assert proposal.ties == [BoundaryTie(rank=2, entry_ids=(11, 12, 13), held=(2, 2, 3))]
    assert proposal.unused == {}


def test_a_tie_for_the_last_place_holds_it_and_cuts_no_one():
    ranked = _ranked([(10, 95), (11, 90), (12, 85), (13, 80), (14, 70), (15, 60), (16, 60), (17, 50)])
    proposal = ranking.propose(ranked, TABLE)
    assert proposal.awarded == {10: 1, 11: 2, 12: 2, 13: 3, 14: 3}
    assert proposal.ties == [BoundaryTie(rank=6, entry_ids=(15, 16), held=(3,))]
    assert 17 not in proposal.awarded


def test_a_tie_within_one_prize_is_no_boundary():
    ranked = _ranked([(10, 95), (11, 90), (12, 90), (13, 80)])
    proposal = ranking.propose(ranked, TABLE)
    assert proposal.awarded == {10: 1, 11: 2, 12: 2, 13: 3}
    assert proposal.ties == []


def test_a_prize_with_a_minimum_is_skipped_by_entries_below_it():
    table = [Prize(1, 0, 1, min_total=Fraction(90)), Prize(2, 1, 2, min_total=Fraction(80)), Prize(3, 2, 3)]
    proposal = ranking.propose(_ranked([(10, 85), (11, 79), (12, 60)]), table)
    assert proposal.awarded == {10: 2, 11: 3, 12: 3}
    assert proposal.unused == {1: 1, 2: 1, 3: 1}


def test_the_floor_stops_the_prizes():
    proposal = ranking.propose(_ranked([(10, 95), (11, 90), (12, 49)]), TABLE, floor=Fraction(50))
    assert proposal.awarded == {10: 1, 11: 2}
    assert proposal.unused == {2: 1, 3: 3}


def test_unranked_entries_get_no_prize():
    ranked = ranking.rank([10, 11], [(10, 1, 1, 10)], Rules.of([(1, 100)]))
    assert ranking.propose(ranked, TABLE).awarded == {10: 1}


def test_quota_per_field():
    ranked = ranking.rank_groups(
        [(10, "a"), (11, "a"), (12, "a"), (20, "b"), (21, "b")],
        [(10, 1, 1, 90), (11, 1, 1, 80), (12, 1, 1, 70), (20, 1, 1, 60), (21, 1, 1, 50)],
        Rules.of([(1, 100)]),
    )
    tables = {"a": [Prize(1, 0, 1), Prize(2, 1, 1)], "b": [Prize(3, 0, 1)]}
    awarded = {g: ranking.propose(ranked[g], tables[g]).awarded for g in ranked}
    assert awarded == {"a": {10: 1, 11: 2}, "b": {20: 3}}


@pytest.mark.parametrize(
    ("votes_for", "members", "threshold", "approved"),
    [(5, 9, 50, True), (4, 9, 50, False), (6, 9, "66.67", False), (7, 9, "66.67", True), (2, 3, "66.67", False),
     (9, 9, 100, True), (0, 9, 0, True)],
)  # fmt: skip
def test_the_board_approves_from_its_threshold(votes_for, members, threshold, approved):
    assert ranking.board_approves(votes_for=votes_for, members=members, threshold=threshold) is approved


def test_votes_outside_the_board_are_refused():
    with pytest.raises(ValueError):
        ranking.board_approves(votes_for=10, members=9, threshold=50)
    with pytest.raises(ValueError):
        ranking.board_approves(votes_for=0, members=0, threshold=50)


def test_the_tally_adds_up_or_says_where():
    table = [("a", 1, 1), ("a", 2, 2), ("b", 3, 1)]
    good = ranking.tally(table, [(10, "a", 1), (11, "a", 2), (20, "b", 3)])
    assert [(line.quota, line.awarded) for line in good.lines] == [(1, 1), (2, 1), (1, 1)]
    assert (good.total, good.entries, good.adds_up) == (3, 3, True)
    over = ranking.tally(table, [(10, "a", 1), (11, "a", 1), (20, "b", 3)])
    assert [line.over for line in over.lines] == [True, False, False]
    assert over.adds_up is False
    stray = ranking.tally(table, [(10, "a", 1), (20, "b", 2)])
    assert stray.stray == [(20, 2)]
    assert (stray.total, stray.entries, stray.adds_up) == (1, 2, False)


# --- Properties over random rounds ----------------------------------------------------------------------------------


def _random_round(rng: random.Random):
    criteria = [(c, rng.choice([10, 20, 30, 40])) for c in range(1, rng.randint(1, 4) + 1)]
    rules = Rules.of(criteria, drop_outliers=rng.random() < 0.5, public_share=rng.choice([0, 0, 10, 30]))
    entries = list(range(100, 100 + rng.randint(1, 25)))
    scores = []
    for entry in entries:
        for juror in rng.sample(range(1, 9), rng.randint(0, 7)):
            for criterion, top in criteria:
                if rng.random() < 0.97:  # now and then a sheet left partial
                    scores.append((entry, juror, criterion, rng.randint(0, top // 5) * 5))  # coarse: ties happen
    votes = {e: rng.randint(0, 5) for e in entries} if rng.random() < 0.7 else {}
    return rules, entries, scores, votes


@pytest.mark.parametrize("seed", range(150))
def test_properties_of_a_random_round(seed):
    rng = random.Random(seed)
    rules, entries, scores, votes = _random_round(rng)
    result = ranking.rank(entries, scores, rules, votes=votes)
    # Every entry once.
    assert sorted(r.entry_id for r in result) == entries
    ranked = [r for r in result if r.rank is not None]
    for r in ranked:
        # Within the rubric, and outliers only from five sheets, leaving at least three.
        assert 0 <= r.total <= rules.max_total
        assert all(0 <= r.criteria[c.id] <= c.max_points for c in rules.criteria)
        assert len(r.dropped) in (0, 2)
        if r.dropped:
            assert rules.drop_outliers and len(r.counted) >= MIN_REMAINING
    # Ranks: non-decreasing, equal exactly on equal keys, competition style (1, 2, 2, 4).
    for position, (a, b) in enumerate(zip(ranked, ranked[1:], strict=False), start=2):
        assert a.key(rules) >= b.key(rules)
        if a.key(rules) == b.key(rules):
            assert (a.rank, a.tied, b.tied) == (b.rank, True, True)
        else:
            assert b.rank == position
    # The same data in another order ranks the same.
    shuffled = scores[:]
    rng.shuffle(shuffled)
    again = ranking.rank(list(reversed(entries)), shuffled, rules, votes=votes)
    assert {r.entry_id: r.rank for r in again} == {r.entry_id: r.rank for r in result}
    # Prizes: never over a quota, down the ranking, ties held not cut.
    table = [Prize(i, i, rng.randint(0, 3)) for i in range(1, rng.randint(1, 4) + 1)]
    proposal = ranking.propose(result, table)
    used = {p.id: 0 for p in table}
    for prize_id in proposal.awarded.values():
        used[prize_id] += 1
    for tie in proposal.ties:
        assert len(tie.held) <= len(tie.entry_ids)
        for prize_id in tie.held:
            used[prize_id] += 1
    for p in table:
        assert used[p.id] + proposal.unused.get(p.id, 0) == p.count
    order = {p.id: p.order for p in table}
    by_id = {r.entry_id: r for r in result}
    for e1, p1 in proposal.awarded.items():
        for e2, p2 in proposal.awarded.items():
            if by_id[e1].rank < by_id[e2].rank:
                assert order[p1] <= order[p2]
    # An entry without a prize is never better ranked than one with a prize, unless it is in a held tie.
    in_ties = {e for tie in proposal.ties for e in tie.entry_ids}
    worst_awarded = max((by_id[e].rank for e in proposal.awarded), default=0)
    for r in ranked:
        if r.entry_id not in proposal.awarded and r.entry_id not in in_ties:
            assert r.rank > worst_awarded


MIN_REMAINING = ranking.MIN_JURORS_TO_DROP - 2
