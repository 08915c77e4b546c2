"""Judging (contests/judging/services.py): jurors from the registry with their grant and their conflicts, sheets
within each criterion's maximum, the round closed, prizes proposed within quota, the board's threshold, the results
decision numbered from the register, and winners forwarded up with their history."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from lienhiep.contests.judging import decision, selectors, services
from lienhiep.contests.models import (
    Contest,
    ContestField,
    Edition,
    EditionEvent,
    EditionEventKind,
    Entry,
    EntryEvent,
    EntryPrize,
    JurorEntry,
    JuryEvent,
    ResultsDecision,
    Score,
)
from lienhiep.contests.tests import judging_factories as make
from lienhiep.members import services as member_services
from lienhiep.members.models import PersonEvent
from lienhiep.orgs import grants
from lienhiep.orgs.models import Org
from lienhiep.reporting import registry
from lienhiep.reporting.tests.layout import problems

D = dt.date
pytestmark = pytest.mark.django_db


def _scored(world, judged, seat, entry, *points):
    criteria = judged.criteria
    services.sheet_save(
        actor=seat.expert.user, seat=seat, entry=entry, points={c.pk: p for c, p in zip(criteria, points, strict=True)}
    )


def test_a_juror_is_granted_her_seat_and_kept_off_an_entry_by_a_colleague(world):
    judged = make.edition(world)
    own = make.entry(world, judged, "Máy bóc vỏ lạc", authors=(("Trần Văn Bình", "Trường Đại học Hà Tĩnh"),))
    other = make.entry(world, judged, "Lò sấy hạt")
    hoa = make.expert(world, "Nguyễn Thị Hoa", workplace="Trường Đại học Hà Tĩnh")

    seat, kept_off = services.juror_assign(actor=world.alice, round_=judged.round, expert=hoa, entries=[own, other])

    assert kept_off == {own.pk: ["Cùng nơi công tác với bên đề nghị hoặc tác giả (Trường Đại học Hà Tĩnh)."]}
    assert grants.holds(hoa.user, seat, kind=grants.JUROR)
    assert [line.entry for line in selectors.sheet_of(seat)] == [other]
    assert list(
        JurorEntry.objects.filter(assignment=seat).values_list("entry_id", "kept_off").order_by("entry_id")
    ) == [
        (own.pk, True),
        (other.pk, False),
    ]
    assert list(JuryEvent.objects.filter(round=judged.round).values_list("kind", flat=True).order_by("id")) == [
        "juror_add",
        "kept_off",
        "entry_add",
    ]
    # Kept off: she may not score it.
    with pytest.raises(PermissionDenied):
        _scored(world, judged, seat, own, 50, 30)


def test_an_officer_keeps_a_juror_on_by_recording_why_and_a_declared_relative_keeps_her_off(world):
    judged = make.edition(world)
    own = make.entry(world, judged, "Máy bóc vỏ lạc", authors=(("Trần Văn Bình", "Trường Đại học Hà Tĩnh"),))
    family = make.entry(world, judged, "Lò sấy hạt")
    hoa = make.expert(world, "Nguyễn Thị Hoa", workplace="Trường Đại học Hà Tĩnh")
    # A secretary's role (bob, EDIT on an association) does not reach the organiser: refused, nothing written.
    with pytest.raises(PermissionDenied):
        services.juror_assign(actor=world.bob, round_=judged.round, expert=hoa, entries=[own])
    assert not JurorEntry.objects.exists()

    seat, kept_off = services.juror_assign(
        actor=world.alice, round_=judged.round, expert=hoa, entries=[own, family],
        declared={family.pk: "family"}, overrides={own.pk: "Chuyên gia duy nhất về máy nông nghiệp; khác khoa."},
    )  # fmt: skip

    assert kept_off == {family.pk: ["Khai có quan hệ: Có quan hệ gia đình với người liên quan."]}
    row = JurorEntry.objects.get(assignment=seat, entry=own)
    assert (row.kept_off, row.override_reason) == (False, "Chuyên gia duy nhất về máy nông nghiệp; khác khoa.")
    assert [line.entry for line in selectors.sheet_of(seat)] == [own]


def test_a_juror_declaring_a_link_later_is_kept_off_and_her_scores_stop_counting(world):
    judged = make.edition(world)
    target = make.entry(world, judged, "Máy bóc vỏ lạc")
    hoa = make.expert(world, "Nguyễn Thị Hoa")
    seat, _ = services.juror_assign(actor=world.alice, round_=judged.round, expert=hoa, entries=[target])
    _scored(world, judged, seat, target, 50, 30)
    assert selectors.counted_scores(judged.round) != []

    assert services.juror_declare(actor=hoa.user, seat=seat, entry=target, declared_link="family") is True

    assert selectors.counted_scores(judged.round) == []
    assert selectors.sheet_of(seat) == []


def test_a_sheet_is_scored_within_each_maximum_by_its_own_juror_while_the_round_is_open(world):
    judged = make.edition(world)
    target = make.entry(world, judged, "Máy bóc vỏ lạc")
    hoa, binh = make.expert(world, "Nguyễn Thị Hoa"), make.expert(world, "Lê Văn Bình", workplace="Sở Công Thương")
    seat, _ = services.juror_assign(actor=world.alice, round_=judged.round, expert=hoa, entries=[target])
    services.juror_assign(actor=world.alice, round_=judged.round, expert=binh, entries=[target])
    novelty, effect = judged.criteria

    with pytest.raises(ValidationError) as refused:
        services.sheet_save(actor=hoa.user, seat=seat, entry=target, points={novelty.pk: "61", effect.pk: "-1"})
    assert refused.value.message_dict == {f"c{novelty.pk}": ["Từ 0 đến 60."], f"c{effect.pk}": ["Từ 0 đến 40."]}
    assert not Score.objects.exists()
    # Another juror (or an officer) cannot write on her sheet.
    for actor in (binh.user, world.alice):
        with pytest.raises(PermissionDenied):
            services.sheet_save(actor=actor, seat=seat, entry=target, points={novelty.pk: "10"})

    assert services.sheet_save(actor=hoa.user, seat=seat, entry=target, points={novelty.pk: "55,5", effect.pk: ""}) == 1
    assert selectors.my_points(seat, target) == {novelty.pk: Decimal("55.50")}
    assert services.sheet_save(actor=hoa.user, seat=seat, entry=target, points={novelty.pk: "50", effect.pk: "30"}) == 2
    assert selectors.my_points(seat, target) == {novelty.pk: Decimal("50.00"), effect.pk: Decimal("30.00")}
    event = JuryEvent.objects.filter(kind="sheet").latest("id")
    assert event.data == {"expert": "Nguyễn Thị Hoa", "entry": 1, "scored": 2, "criteria": 2}  # no points

    services.round_close(actor=world.alice, round_=judged.round)
    with pytest.raises(ValidationError):  # the round is closed (and her grant revoked: her pages answer 404)
        services.sheet_save(actor=hoa.user, seat=seat, entry=target, points={novelty.pk: "1"})


def test_closing_the_round_revokes_every_juror_grant_and_shows_the_progress(world):
    judged = make.edition(world)
    entries = [make.entry(world, judged, f"Sản phẩm {i}") for i in range(3)]
    hoa, binh = make.expert(world, "Nguyễn Thị Hoa"), make.expert(world, "Lê Văn Bình", workplace="Sở Công Thương")
    seat_h, _ = services.juror_assign(actor=world.alice, round_=judged.round, expert=hoa, entries=entries)
    seat_b, _ = services.juror_assign(actor=world.alice, round_=judged.round, expert=binh, entries=entries[:2])
    _scored(world, judged, seat_h, entries[0], 50, 30)
    services.sheet_save(actor=hoa.user, seat=seat_h, entry=entries[1], points={judged.criteria[0].pk: "40"})
    with pytest.raises(PermissionDenied):  # a leader (VIEW) may not close it
        services.round_close(actor=world.lan, round_=judged.round)

    assert [(p.seat.expert.full_name, p.entries, p.complete) for p in selectors.jury_progress(judged.round)] == [
        ("Lê Văn Bình", 2, 0),
        ("Nguyễn Thị Hoa", 3, 1),
    ]
    services.round_close(actor=world.alice, round_=judged.round)

    assert not grants.holds(hoa.user, seat_h, kind=grants.JUROR)
    assert not grants.holds(binh.user, seat_b, kind=grants.JUROR)
    assert EditionEvent.objects.filter(kind="round", data__after="closed").count() == 1


def _judge(world, judged, totals):
    """Two jurors score each of `totals` (entry -> (novelty, effect) of each juror) and the round closes."""
    hoa = make.expert(world, "Nguyễn Thị Hoa", workplace="Viện Cơ khí")
    binh = make.expert(world, "Lê Văn Bình", workplace="Sở Công Thương")
    seats = [
        services.juror_assign(actor=world.alice, round_=judged.round, expert=e, entries=list(totals))[0]
        for e in (hoa, binh)
    ]
    for entry, sheets in totals.items():
        for seat, points in zip(seats, sheets, strict=True):
            _scored(world, judged, seat, entry, *points)
    services.round_close(actor=world.alice, round_=judged.round)
    return seats


def test_prizes_are_proposed_within_the_quota_of_each_field_and_category_with_a_boundary_tie_held(world):
    judged = make.edition(world)
    e = {n: make.entry(world, judged, f"Cơ khí {n}") for n in range(1, 6)}
    rice = make.entry(world, judged, "Giống lúa", field_=judged.agri, category=judged.rice)
    fish = make.entry(world, judged, "Cá rô", field_=judged.agri, category=judged.fish)
    totals = {
        e[1]: ((55, 35), (50, 35)),  # 87.5
        e[2]: ((50, 30), (50, 30)),  # 80
        e[3]: ((40, 30), (40, 30)),  # 70 — ties with 4 and 5 on everything for the two Ba after Nhì
        e[4]: ((40, 30), (40, 30)),
        e[5]: ((40, 30), (40, 30)),
        rice: ((30, 20), (30, 20)),
        fish: ((10, 10), (20, 10)),
    }
    _judge(world, judged, totals)

    proposals = services.prizes_propose(actor=world.alice, round_=judged.round)

    mech = proposals[("field", judged.mech.pk)]
    rows = {r.rank: r.pk for r in judged.edition.prize_rows.filter(field=judged.mech)}
    assert mech.awarded == {e[1].pk: rows["nhat"], e[2].pk: rows["nhi"]}
    assert [(t.rank, t.entry_ids, t.held) for t in mech.ties] == [(3, (e[3].pk, e[4].pk, e[5].pk), (rows["ba"],) * 2)]
    assert proposals[("category", judged.rice.pk)].awarded.keys() == {rice.pk}
    assert proposals[("category", judged.fish.pk)].awarded.keys() == {fish.pk}
    assert dict(EntryPrize.objects.values_list("entry__title", "rank")) == {
        "Cơ khí 1": "nhat", "Cơ khí 2": "nhi", "Giống lúa": "nhi", "Cá rô": "ba",
    }  # fmt: skip
    assert EntryPrize.objects.get(entry=e[1]).score == Decimal("87.50")
    # The officer decides the tie within the quota: two of the three take a Ba; a third is refused.
    ba = judged.edition.prize_rows.get(field=judged.mech, rank="ba")
    services.prize_set(actor=world.alice, entry=e[3], prize_row=ba, round_=judged.round)
    services.prize_set(actor=world.alice, entry=e[4], prize_row=ba, round_=judged.round)
    with pytest.raises(ValidationError):
        services.prize_set(actor=world.alice, entry=e[5], prize_row=ba, round_=judged.round)
    with pytest.raises(ValidationError):  # a row of another group
        services.prize_set(
            actor=world.alice, entry=e[5], prize_row=judged.edition.prize_rows.get(category=judged.fish),
            round_=judged.round,
        )  # fmt: skip
    assert EntryPrize.objects.count() == 6


def test_the_board_approves_from_its_threshold_and_the_results_follow(world):
    judged = make.edition(world, approval_threshold=Decimal("66.67"))
    first = make.entry(world, judged, "Máy bóc vỏ lạc")
    second = make.entry(world, judged, "Lò sấy hạt")
    _judge(world, judged, {first: ((55, 35), (50, 35)), second: ((10, 10), (10, 10))})
    services.prizes_propose(actor=world.alice, round_=judged.round)
    services.prize_set(actor=world.alice, entry=second, prize_row=None, round_=judged.round)

    # 6 of 9 is 66.66…%: short of the threshold; recorded, nothing else moves.
    services.approval_record(actor=world.alice, round_=judged.round, held_on=D(2026, 11, 20), members_total=9,
                             members_for=6, minutes_number="05/BB-BTC")  # fmt: skip
    judged.edition.refresh_from_db()
    assert judged.edition.status == "judging"
    assert list(EntryPrize.objects.values_list("status", flat=True)) == ["proposed"]

    services.approval_record(actor=world.alice, round_=judged.round, held_on=D(2026, 11, 21), members_total=9,
                             members_for=7, minutes_number="06/BB-BTC")  # fmt: skip

    judged.edition.refresh_from_db()
    assert (judged.edition.status, judged.edition.status_since) == ("approved", D(2026, 11, 21))
    assert list(EntryPrize.objects.values_list("entry__title", "status", "approved_on")) == [
        ("Máy bóc vỏ lạc", "approved", D(2026, 11, 21))
    ]
    assert dict(Entry.objects.values_list("title", "status")) == {
        "Máy bóc vỏ lạc": "prized",
        "Lò sấy hạt": "not_prized",
    }
    assert [e.data["approved"] for e in EditionEvent.objects.filter(kind="approval").order_by("id")] == [False, True]


def test_the_publics_votes_take_their_share_of_the_ranking(world):
    judged = make.edition(world, public_vote_share=Decimal(50))
    first = make.entry(world, judged, "Máy bóc vỏ lạc")
    second = make.entry(world, judged, "Lò sấy hạt")
    _judge(world, judged, {first: ((50, 30), (50, 30)), second: ((40, 30), (40, 30))})  # 80 and 70
    with pytest.raises(ValidationError):  # a count for an entry the round did not judge
        services.votes_record(actor=world.alice, round_=judged.round, votes={first.pk + 100: 3})

    services.votes_record(actor=world.alice, round_=judged.round, votes={first.pk: 10, second.pk: 40})

    [group] = selectors.ranking_of(judged.round).groups
    # 50 % of the jury's score and 50 % of the public's: 40 + 12.5 = 52.5 against 35 + 50 = 85.
    assert [(r.entry_id, r.total) for r in group.ranked] == [(second.pk, 85), (first.pk, Decimal("52.5"))]
    assert JuryEvent.objects.get(kind="votes").data == {"entry": 2, "votes": 50}


def _approved(world):
    Org.objects.filter(pk=world.ha_tinh.pk).update(place_name="Hà Tĩnh", abbreviation="LHH")
    judged = make.edition(world)
    judged.contest.org.refresh_from_db()
    first = make.entry(
        world, judged, "Máy bóc vỏ lạc", authors=(("Nguyễn Văn An", "Công ty A"), ("Trần Thị Bình", "Công ty A"))
    )
    second = make.entry(world, judged, "Lò sấy hạt")
    _judge(world, judged, {first: ((55, 35), (50, 35)), second: ((40, 30), (40, 30))})
    services.prizes_propose(actor=world.alice, round_=judged.round)
    services.approval_record(actor=world.alice, round_=judged.round, held_on=D(2026, 11, 20), members_total=9,
                             members_for=9, minutes_number="05/BB-BTC")  # fmt: skip
    return judged, first, second


def test_the_results_decision_is_numbered_from_the_register_and_passes_the_nd30_check(world):
    judged, first, second = _approved(world)
    with pytest.raises(ValidationError):  # nobody named to sign
        services.decision_issue(actor=world.alice, edition=judged.edition, issued_on=D(2026, 11, 25))
    services.decision_save(
        actor=world.alice, edition=judged.edition, signer_name="Trần Văn Minh", signer_title="Chủ tịch"
    )
    assert (
        problems(decision.render(selectors.decision_data(judged.edition)), style="administrative", issued=False) == []
    )

    issued = services.decision_issue(actor=world.alice, edition=judged.edition, issued_on=D(2026, 11, 25))

    assert (issued.number_line, issued.number.seq, issued.number.year) == ("Số: 01/QĐ-LHH", 1, 2026)
    data = selectors.decision_data(judged.edition)
    assert data.problems == ()
    assert [(a.title, a.rank, a.authors) for a in data.awarded] == [
        ("Máy bóc vỏ lạc", "nhat", "Nguyễn Văn An, Trần Thị Bình"),
        ("Lò sấy hạt", "nhi", "Nguyễn Văn An"),
    ]
    assert data.approval_line == "Biên bản họp Ban Tổ chức số 05/BB-BTC ngày 20/11/2026"
    assert problems(decision.render(data), style="administrative") == []
    judged.edition.refresh_from_db()
    assert (judged.edition.results_number, judged.edition.results_date) == ("01/QĐ-LHH", D(2026, 11, 25))
    assert [c.author for c in selectors.certificates(judged.edition)] == [
        "Nguyễn Văn An",
        "Trần Thị Bình",
        "Nguyễn Văn An",
    ]
    with pytest.raises(ValidationError):
        services.decision_issue(actor=world.alice, edition=judged.edition, issued_on=D(2026, 11, 26))


def test_the_decisions_signature_is_saved_with_its_event_and_starts_from_the_unions_usual_one(world):
    judged, _, _ = _approved(world)
    edition = judged.edition
    assert (ResultsDecision(edition=edition).authority, ResultsDecision(edition=edition).signer_title) == (
        "TM. BAN THƯỜNG VỤ",
        "CHỦ TỊCH",
    )

    services.decision_save(actor=world.alice, edition=edition, signer_name="Trần Văn Minh", signer_title="Chủ tịch",
                           authority="TM. BAN THƯỜNG VỤ", recipients="Như Điều 3;\nLưu: VT.")  # fmt: skip

    event = EditionEvent.objects.get(edition=edition, kind=EditionEventKind.SIGNATURE)
    assert (event.actor, event.target, event.target_id) == (world.alice, "decision", edition.decision.pk)
    assert event.data == {
        "signer": "Trần Văn Minh",
        "title": "Chủ tịch",
        "authority": "TM. BAN THƯỜNG VỤ",
        "recipients": "Như Điều 3;\nLưu: VT.",
    }
    assert selectors.decision_data(edition).recipients == ("Như Điều 3;", "Lưu: VT.")


def test_a_register_number_is_one_decisions_and_the_database_says_so(world):
    judged, _, _ = _approved(world)
    services.decision_save(
        actor=world.alice, edition=judged.edition, signer_name="Trần Văn Minh", signer_title="Chủ tịch"
    )
    issued = services.decision_issue(actor=world.alice, edition=judged.edition, issued_on=D(2026, 11, 25))
    other = make.edition(world, name="Cuộc thi Sáng tạo Thanh thiếu niên tỉnh Hà Tĩnh")
    with pytest.raises(IntegrityError), transaction.atomic():  # as an opinion's number: one document's
        ResultsDecision.objects.create(edition=other.edition, number=issued.number)


def test_winners_are_forwarded_to_the_national_edition_within_its_quota_with_their_history(world):
    judged, first, second = _approved(world)
    national = Contest.objects.create(org=world.national, type="stkt", level="national", name="Hội thi STKT toàn quốc")
    up = Edition.objects.create(
        contest=national, number=18, year_start=2026, year_end=2027, opens_on=D(2026, 9, 1), closes_on=D(2027, 3, 1),
        status="open", status_since=D(2026, 9, 1), forward_quota=1,
    )  # fmt: skip
    ContestField.objects.create(edition=up, name="Cơ khí – Tự động hóa")
    assert selectors.forward_targets(judged.edition) == [up]

    moved = services.entry_forward(actor=world.alice, entry=first, to_edition=up)

    first.refresh_from_db()
    assert first.status == "forwarded"
    assert (moved.edition, moved.forwarded_from, moved.sending_unit, moved.origin_unit, moved.status) == (
        up, first, world.ha_tinh, world.trung_luong, "submitted",
    )  # fmt: skip
    assert list(moved.authors.values_list("full_name", flat=True)) == ["Nguyễn Văn An", "Trần Thị Bình"]
    assert EntryEvent.objects.filter(entry=first, kind="forward").get().data["to_entry"] == moved.pk
    with pytest.raises(ValidationError) as refused:  # the national edition takes one a unit
        services.entry_forward(actor=world.alice, entry=second, to_edition=up)
    assert refused.value.messages == [
        "Hội thi STKT toàn quốc – 2026–2027 nhận 1 đề tài, sản phẩm của mỗi đơn vị; đã gửi 1."
    ]
    second.refresh_from_db()
    assert second.status == "prized"


def test_the_registry_tells_an_experts_seats_on_juries(world):
    from lienhiep.experts.assignments import assignments

    judged = make.edition(world)
    target = make.entry(world, judged, "Máy bóc vỏ lạc")
    hoa = make.expert(world, "Nguyễn Thị Hoa")
    services.juror_assign(actor=world.alice, round_=judged.round, expert=hoa, entries=[target], on=D(2026, 10, 5))

    [seat] = assignments(hoa, user=world.alice)
    assert (seat.on, seat.title, seat.role, seat.url) == (
        D(2026, 10, 5),
        "Hội thi Sáng tạo Kỹ thuật tỉnh Hà Tĩnh – 2025–2026 · Vòng chung khảo",
        "Giám khảo",
        f"/contests/rounds/{judged.round.pk}/jury/",
    )
    assert assignments(hoa, user=world.dan)[0].url == ""


def test_the_result_up_there_comes_back_to_the_sending_units_figures(world):
    from lienhiep.contests import figures

    judged, first, _second = _approved(world)
    national = Contest.objects.create(org=world.national, type="stkt", level="national", name="Hội thi STKT toàn quốc")
    up = Edition.objects.create(
        contest=national, number=18, year_start=2026, year_end=2027, opens_on=D(2026, 9, 1), closes_on=D(2027, 3, 1),
        status="open", status_since=D(2026, 9, 1),
    )  # fmt: skip
    field = ContestField.objects.create(edition=up, name="Cơ khí – Tự động hóa")
    moved = services.entry_forward(actor=world.alice, entry=first, to_edition=up)
    # The national organiser awards it (its own judging, as above).
    EntryPrize.objects.create(entry=moved, rank="ba", status="approved", approved_on=D(2026, 12, 20))
    Entry.objects.filter(pk=moved.pk).update(status="prized", field=field)

    result = figures.forwarded(registry.Scope(D(2026, 1, 1), D(2026, 12, 31), D(2026, 12, 31), node=world.hong_linh))

    assert result.value == [{"level": "Trung ương", "result": "Giải Ba", "count": 1}]
    assert result.record_ids == [moved.pk]
    # Both prizes, the province's and the nation's, count for Trung Lương, which first sent the work.
    assert figures.prizes(world.trung_luong, D(2026, 1, 1), D(2026, 12, 31)).count() == 3


@pytest.mark.parametrize("issued", [True, False])
def test_a_members_erasure_keeps_an_issued_decisions_signer_and_empties_an_unissued_ones(world, issued):
    # Decision 0018: the issued decision is a document of record; before it is issued, the signer is typed again.
    judged, _first, _second = _approved(world)
    services.decision_save(actor=world.alice, edition=judged.edition, signer_name="Nguyễn Văn An")
    if issued:
        services.decision_issue(actor=world.alice, edition=judged.edition, issued_on=D(2026, 11, 25))

    member_services.person_erase(actor=world.root, person=world.person)  # Nguyễn Văn An

    assert ResultsDecision.objects.get(edition=judged.edition).signer_name == ("Nguyễn Văn An" if issued else "")
    signature = EditionEvent.objects.get(edition=judged.edition, kind=EditionEventKind.SIGNATURE).data["signer"]
    assert (signature == "Nguyễn Văn An") is issued
    event = PersonEvent.objects.get(person=world.person, kind="erase").data
    assert (
        event["redacted"]["contests.ResultsDecision"],
        event["documents_kept"]["contests.ResultsDecision.signer_name"],
    ) == ((0, 1) if issued else (1, 0))
