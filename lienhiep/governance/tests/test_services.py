"""Every rule of the services; where something is refused, nothing changed."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from lienhiep.governance import selectors, services
from lienhiep.governance.models import Congress, GovernanceEvent, Meeting, Restructuring, Seat
from lienhiep.governance.tests.factories import CommitteeFactory, CongressFactory, PersonFactory

D = dt.date


def refused(match, call, **kwargs):
    seats, meetings, events = Seat.objects.count(), Meeting.objects.count(), GovernanceEvent.objects.count()
    with pytest.raises(ValidationError, match=match):
        call(actor=None, **kwargs)
    assert (Seat.objects.count(), Meeting.objects.count(), GovernanceEvent.objects.count()) == (seats, meetings, events)


# --- Congresses and committees ----------------------------------------------------------------------


def test_congress_rules(world):
    CongressFactory(org=world.hong_linh)
    create = services.congress_create
    base = {"org": world.hong_linh, "term_start_year": 2024, "term_end_year": 2029, "held_on": D(2024, 3, 20)}
    refused("đã có đại hội lần thứ này", create, **{**base, "ordinal": 4})
    refused("theo đúng thứ tự thời gian", create, **{**base, "ordinal": 3})
    refused("Năm kết thúc nhiệm kỳ phải sau", create, **{**base, "ordinal": 5, "term_end_year": 2024})
    refused("phải tổ chức trong năm 2024", create, **{**base, "ordinal": 5, "held_on": D(2022, 3, 20)})
    before_founding = {"held_on": D(2003, 1, 1), "term_start_year": 2003, "term_end_year": 2008, "ordinal": 1}
    refused("không tồn tại vào ngày 01/01/2003", create, **{**base, **before_founding})
    assert Congress.objects.count() == 1
    congress = create(actor=world.alice, **{**base, "ordinal": 5})
    assert GovernanceEvent.objects.filter(congress=congress, kind="congress", actor=world.alice).count() == 1


def test_the_term_ends_at_the_next_congress_or_when_the_unit_ends(world):
    from lienhiep.orgs import services as org_services

    iv = CongressFactory(org=world.hong_linh)
    assert selectors.term(iv).last_day is None
    v = CongressFactory(
        org=world.hong_linh, ordinal=5, term_start_year=2024, term_end_year=2029, held_on=D(2024, 3, 20)
    )
    assert selectors.term(iv).last_day == D(2024, 3, 19)
    org_services.org_dissolve(actor=world.root, org=world.hong_linh, on=D(2025, 7, 1), children_to=world.ha_tinh)
    v.org.refresh_from_db()
    assert selectors.term(v).ends_on == D(2025, 7, 1)


def test_committee_rules(world):
    congress = CongressFactory(org=world.hong_linh)
    btv = services.committee_create(actor=None, congress=congress, kind="btv", planned_size=5)
    assert btv.meetings_per_year == 4  # the charter's default for the standing committee
    with pytest.raises(ValidationError, match="Đại hội này đã có ban này"):
        services.committee_create(actor=None, congress=congress, kind="btv", planned_size=5)
    with pytest.raises(ValidationError, match="từ 1 đến 12"):
        services.committee_update(actor=None, committee=btv, planned_size=5, meetings_per_year=13)
    services.committee_update(actor=None, committee=btv, planned_size=7, meetings_per_year=6)
    btv.refresh_from_db()
    assert (btv.planned_size, btv.meetings_per_year) == (7, 6)
    assert GovernanceEvent.objects.get(kind="committee_update").data["before"] == {
        "planned_size": 5,
        "meetings_per_year": 4,
    }


# --- Seats ---------------------------------------------------------------------------------------------


@pytest.fixture
def bch(world):
    congress = CongressFactory(org=world.hong_linh)
    CongressFactory(org=world.hong_linh, ordinal=5, term_start_year=2024, term_end_year=2029, held_on=D(2024, 3, 20))
    return CommitteeFactory(congress=congress, kind="bch", planned_size=3)


def test_seat_rules(world, bch):
    an = PersonFactory(full_name="Nguyễn Văn An", org=world.y_te)
    binh = PersonFactory(full_name="Trần Thị Bình", org=world.y_te)
    seat = services.seat_elect(actor=None, committee=bch, person=an, position="member", started_on=D(2018, 6, 15))
    elect = services.seat_elect
    refused(
        "đã là thành viên của ban này", elect, committee=bch, person=an, position="member", started_on=D(2019, 1, 1)
    )
    refused("nằm ngoài nhiệm kỳ", elect, committee=bch, person=binh, position="member", started_on=D(2018, 6, 14))
    refused("nằm ngoài nhiệm kỳ", elect, committee=bch, person=binh, position="member", started_on=D(2024, 3, 20))
    refused(
        "không có chức danh", elect, committee=bch, person=binh, position="inspection_head", started_on=D(2019, 1, 1)
    )
    services.seat_elect(actor=None, committee=bch, person=binh, position="chair", started_on=D(2018, 6, 15))
    chi = PersonFactory(full_name="Lê Văn Chí", org=world.y_te)
    refused(
        "đang do Trần Thị Bình đảm nhận", elect, committee=bch, person=chi, position="chair", started_on=D(2019, 1, 1)
    )
    services.seat_elect(actor=None, committee=bch, person=chi, position="member", started_on=D(2019, 1, 1))
    dung = PersonFactory(full_name="Phạm Dũng", org=world.y_te)
    refused(
        "đã đủ 3 thành viên theo cơ cấu", elect, committee=bch, person=dung, position="member", started_on=D(2020, 1, 1)
    )

    end = services.seat_end
    refused("Ngày thôi phải sau ngày nhận chức danh", end, seat=seat, ended_on=D(2018, 6, 15), end_reason="transfer")
    refused("sau ngày kết thúc nhiệm kỳ", end, seat=seat, ended_on=D(2024, 3, 21), end_reason="transfer")
    refused("Hãy chọn lý do", end, seat=seat, ended_on=D(2020, 1, 1), end_reason="bored")
    end(actor=None, seat=seat, ended_on=D(2020, 1, 1), end_reason="resignation")
    refused("đã thôi chức danh này từ ngày 01/01/2020", end, seat=seat, ended_on=D(2021, 1, 1), end_reason="transfer")
    # Leaving and coming back later is two seats, not an overlap.
    services.seat_elect(actor=None, committee=bch, person=an, position="member", started_on=D(2021, 1, 1),
                        start_reason="co_opted")  # fmt: skip
    assert Seat.objects.filter(person=an).count() == 2


def test_a_standing_committee_seat_needs_an_executive_seat_and_ends_with_it(world, bch):
    btv = CommitteeFactory(congress=bch.congress, kind="btv", planned_size=5)
    an = PersonFactory(full_name="Nguyễn Văn An", org=world.y_te)
    refused("phải là Ủy viên Ban Chấp hành", services.seat_elect, committee=btv, person=an, position="chair",
            started_on=D(2018, 6, 15))  # fmt: skip
    member = services.seat_elect(actor=None, committee=bch, person=an, position="member", started_on=D(2018, 6, 15))
    chair = services.seat_elect(actor=None, committee=btv, person=an, position="chair", started_on=D(2018, 6, 20))
    services.seat_end(actor=None, seat=member, ended_on=D(2020, 9, 1), end_reason="transfer")
    chair.refresh_from_db()
    assert (chair.ended_on, chair.end_reason) == (D(2020, 9, 1), "transfer")


def test_seat_replace_ends_and_opens_together_or_not_at_all(world, bch):
    an = PersonFactory(full_name="Nguyễn Văn An", org=world.y_te)
    binh = PersonFactory(full_name="Trần Thị Bình", org=world.y_te)
    seat = services.seat_elect(actor=None, committee=bch, person=an, position="chair", started_on=D(2018, 6, 15))
    services.seat_elect(actor=None, committee=bch, person=binh, position="member", started_on=D(2018, 6, 15))
    # Bình already sits on the committee: the replacement is refused, and the chair's seat stays open.
    refused("đã là thành viên của ban này", services.seat_replace, seat=seat, ended_on=D(2020, 9, 1),
            end_reason="transfer", person=binh)  # fmt: skip
    seat.refresh_from_db()
    assert seat.ended_on is None
    refused("Người thay thế phải là người khác", services.seat_replace, seat=seat, ended_on=D(2020, 9, 1),
            end_reason="transfer", person=an)  # fmt: skip
    refused("không thể đảm nhận trước", services.seat_replace, seat=seat, ended_on=D(2020, 9, 1),
            end_reason="transfer", person=binh, started_on=D(2020, 8, 1))  # fmt: skip
    chi = PersonFactory(full_name="Lê Văn Chí", org=world.y_te)
    new = services.seat_replace(actor=world.alice, seat=seat, ended_on=D(2020, 9, 1), end_reason="transfer", person=chi,
                                decision_number="05/NQ-LHH")  # fmt: skip
    seat.refresh_from_db()
    assert (seat.ended_on, seat.end_reason) == (D(2020, 9, 1), "transfer")
    assert (new.person, new.position, new.started_on, new.start_reason, new.replaces) == (
        chi, "chair", D(2020, 9, 1), "co_opted", seat
    )  # fmt: skip
    assert list(GovernanceEvent.objects.filter(actor=world.alice).order_by("id").values_list("kind", flat=True)) == [
        "seat_end", "seat_elect"
    ]  # fmt: skip


# --- Meetings -------------------------------------------------------------------------------------------


def test_meeting_rules(world, bch):
    an = PersonFactory(full_name="Nguyễn Văn An", org=world.y_te)
    binh = PersonFactory(full_name="Trần Thị Bình", org=world.y_te)
    a = services.seat_elect(actor=None, committee=bch, person=an, position="member", started_on=D(2018, 6, 15))
    b = services.seat_elect(actor=None, committee=bch, person=binh, position="member", started_on=D(2019, 1, 1))
    record = services.meeting_record
    refused("Hãy ghi nhận tham dự của: Trần Thị Bình", record, committee=bch, held_on=D(2019, 6, 1),
            attendance={a.pk: "present"})  # fmt: skip
    refused("không là thành viên của ban vào ngày đó", record, committee=bch, held_on=D(2018, 12, 1),
            attendance={a.pk: "present", b.pk: "present"})  # fmt: skip
    refused("nằm ngoài nhiệm kỳ", record, committee=bch, held_on=D(2024, 6, 1), attendance={})
    refused("không hợp lệ", record, committee=bch, held_on=D(2019, 6, 1), attendance={a.pk: "asleep", b.pk: "present"})
    meeting = record(actor=None, committee=bch, held_on=D(2019, 6, 1), attendance={a.pk: "present", b.pk: "excused"})
    assert sorted(meeting.attendance.values_list("status", flat=True)) == ["excused", "present"]
    refused("Đã có cuộc họp của ban này vào ngày 01/06/2019", record, committee=bch, held_on=D(2019, 6, 1),
            attendance={a.pk: "present", b.pk: "present"})  # fmt: skip
    # A seat cannot end before a meeting it attended.
    refused("đã được ghi nhận tham dự", services.seat_end, seat=b, ended_on=D(2019, 5, 1), end_reason="transfer")


# --- Restructurings and targets ----------------------------------------------------------------------------


def test_restructuring_moves_along_its_transitions(world):
    plan = services.restructuring_plan(actor=None, org=world.y_te, planned_on=D(2022, 5, 30), reason="Nghỉ hưu")
    with pytest.raises(ValidationError, match="Chỉ kiện toàn hội thành viên"):
        services.restructuring_plan(actor=None, org=world.hong_linh, planned_on=D(2022, 5, 30))
    with pytest.raises(ValidationError, match="Hãy ghi nội dung"):
        services.restructuring_done(actor=None, restructuring=plan, done_on=D(2022, 6, 1), what_changed=" ")
    services.restructuring_done(actor=None, restructuring=plan, done_on=D(2022, 9, 20), what_changed="Bầu Chủ tịch")
    assert (plan.status, plan.on_time) == ("done", False)
    with pytest.raises(ValidationError, match="không thể chuyển sang"):
        services.restructuring_cancel(actor=None, restructuring=plan)
    assert Restructuring.objects.get().status == "done"


def test_target_rules(world):
    congress = CongressFactory(org=world.hong_linh)
    with pytest.raises(ValidationError, match="không được nhỏ hơn"):
        services.target_set(actor=None, congress=congress, text="x", target_min=2, target_max=1)
    with pytest.raises(ValidationError, match="Cách đo không hợp lệ"):
        services.target_set(actor=None, congress=congress, text="x", measure="stars")
    computed = services.target_set(actor=None, congress=congress, text="Trí thức", measure="intellectual_share")
    with pytest.raises(ValidationError, match="không nhập thủ công"):
        services.target_value_set(actor=None, target=computed, year=2019, value=1)
    by_hand = services.target_set(actor=None, congress=congress, text="Chuyên đề", target_min=1, target_max=2)
    with pytest.raises(ValidationError, match="trong nhiệm kỳ 2018–2023"):
        services.target_value_set(actor=None, target=by_hand, year=2024, value=1)
    services.target_value_set(actor=None, target=by_hand, year=2019, value=1)
    services.target_value_set(actor=None, target=by_hand, year=2019, value=2)  # corrected, not duplicated
    assert list(by_hand.values.values_list("year", "value")) == [(2019, 2)]
    assert [t.order for t in congress.targets.all()] == [1, 2]


@pytest.mark.django_db(transaction=True)
def test_photographed_minutes_are_re_encoded_before_the_transaction_opens(world, settings, tmp_path):
    from django.core.files.base import ContentFile

    from lienhiep.core.tests.samples import png_bytes
    from lienhiep.core.tests.spies import jpeg_encodings

    settings.MEDIA_ROOT = tmp_path
    with jpeg_encodings() as in_transaction:
        congress = services.congress_create(
            actor=world.alice, org=world.hong_linh, ordinal=4, term_start_year=2018, term_end_year=2023,
            held_on=D(2018, 6, 15), documents=ContentFile(png_bytes(), name="nghi-quyet.png"),
        )  # fmt: skip
        committee = services.committee_create(actor=world.alice, congress=congress, kind="bch", planned_size=9)
        seat = services.seat_elect(
            actor=world.alice, committee=committee, person=world.person, position="member", started_on=D(2018, 6, 15)
        )
        services.meeting_record(
            actor=world.alice, committee=committee, held_on=D(2018, 12, 20), attendance={seat.pk: "present"},
            minutes=ContentFile(png_bytes(), name="bien-ban.png"),
        )  # fmt: skip
    assert in_transaction == [False, False]
    assert Meeting.objects.get().minutes.name.endswith(".jpg")


def test_a_unit_does_not_end_before_its_congresses_seats_meetings_and_restructurings(world):
    # A term ends with its unit (Congress.ends_on): a congress, a seat or a meeting after the unit's end, or a
    # restructuring planned or done then, would lie outside its life. Its end is refused up to the last of them.
    from lienhiep.orgs import services as org_services
    from lienhiep.orgs.models import Org, OrgClosure

    org = world.trung_luong
    congress = CongressFactory(org=org, actor=world.root)
    committee = CommitteeFactory(congress=congress)
    seat = services.seat_elect(
        actor=world.root, committee=committee, person=world.person, position="member", started_on=D(2019, 1, 1)
    )
    services.meeting_record(
        actor=world.root, committee=committee, held_on=D(2020, 5, 1), attendance={seat.pk: "present"}
    )
    planned = services.restructuring_plan(actor=world.root, org=org, planned_on=D(2021, 1, 1))
    dropped = services.restructuring_plan(actor=world.root, org=org, planned_on=D(2022, 1, 1))
    services.restructuring_cancel(actor=world.root, restructuring=dropped)
    rows = sorted(OrgClosure.objects.filter(descendant=org).values_list("ancestor_id", "valid_from", "valid_to"))
    for end, on, found in (
        (org_services.org_dissolve, D(2018, 6, 15), "đại hội 1; chức danh 1; cuộc họp 1; kiện toàn 1"),
        (org_services.org_dissolve, D(2020, 5, 1), "cuộc họp 1; kiện toàn 1"),
        (lambda **kw: org_services.org_split(parts=["A", "B"], **kw), D(2020, 5, 1), "cuộc họp 1; kiện toàn 1"),
        (org_services.org_dissolve, D(2020, 5, 2), "kiện toàn 1"),
    ):
        with pytest.raises(ValidationError) as error:
            end(actor=world.root, org=org, on=on)
        assert error.value.code == "records_after_end"
        assert f"({found})" in error.value.messages[0]
        assert Org.objects.get(pk=org.pk).ended_on is None
        assert (
            sorted(OrgClosure.objects.filter(descendant=org).values_list("ancestor_id", "valid_from", "valid_to"))
            == rows
        )
    # A restructuring still planned holds the unit until it is cancelled (a cancelled one never happened); a seat
    # still held on the end day is what the committee had then.
    services.restructuring_cancel(actor=world.root, restructuring=planned)
    org_services.org_dissolve(actor=world.root, org=org, on=D(2020, 5, 2))
    assert Org.objects.get(pk=org.pk).ended_on == D(2020, 5, 2)
