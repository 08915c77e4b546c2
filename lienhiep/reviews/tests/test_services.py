"""Registering a dossier, every move of its workflow (allowed and refused), the deadlines its regulation profile
gives, and its costs posted to finance."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from lienhiep.finance.models import FinanceEvent, Spending
from lienhiep.reviews import services
from lienhiep.reviews.models import DOSSIER_TRANSITIONS, Dossier, DossierEvent, DossierStatus, RegulationProfile
from lienhiep.reviews.tests import factories

D = dt.date

# What each step needs to be entered with.
DETAILS = {
    DossierStatus.ACCEPTED: {"reply_number": "12/LHH-TVPB", "reply_date": D(2026, 3, 5)},
    DossierStatus.DECLINED: {
        "reply_number": "13/LHH-TVPB",
        "reply_date": D(2026, 3, 5),
        "decline_reason": "Ngoài lĩnh vực của Liên hiệp hội",
    },  # fmt: skip
    DossierStatus.OPINIONS: {"by_written": True, "by_council": True},
    DossierStatus.SENT: {"opinion_number": "20/BC-LHH", "proposals": 8},
    DossierStatus.ANSWERED: {"proposals_taken_up": 6, "taken_up": "Điều chỉnh quy mô", "explained": "Giữ tiến độ"},
}


def register(world, **extra):
    """The factories' critique dossier, registered by the officer for Hồng Lĩnh."""
    return factories.dossier(world.alice, world.hong_linh, **extra)


def test_a_request_is_registered_received_under_the_provincial_rules(world):
    dossier = register(world)
    assert (dossier.status, dossier.status_since, dossier.profile.scope, dossier.profile.org_id) == (
        "received",
        D(2026, 3, 2),
        "provincial",
        None,
    )
    assert dossier.due_on == D(2026, 3, 4)  # received: 2 days in the shipped provincial profile
    event = DossierEvent.objects.get(dossier=dossier)
    assert (event.kind, event.org_id, event.target, event.data["after"]["requester_name"]) == (
        "create",
        world.hong_linh.pk,
        "dossier",
        "UBND thị xã Hồng Lĩnh",
    )


def test_a_request_needs_its_requester_and_a_leader_may_not_register(world):
    with pytest.raises(ValidationError) as refused:
        register(world, requester_name="")
    assert refused.value.message_dict == {"requester_name": ["Ghi tên và loại cơ quan, đơn vị đề nghị."]}
    own = register(world, origin="self", requester_name="", requester_type="")
    assert own.origin == "self"
    with pytest.raises(PermissionDenied):
        services.dossier_create(
            actor=world.lan, org=world.hong_linh, kind="consult", title="x", subject_type="plan",
            received_on=D(2026, 3, 2), origin="self",
        )  # fmt: skip
    assert Dossier.objects.count() == 1


def test_every_move_of_the_table_is_allowed_and_every_other_refused(world):
    dossier = register(world)
    statuses = list(DossierStatus.values)
    allowed, refused = [], []
    for before in statuses:
        for after in statuses:
            Dossier.objects.filter(pk=dossier.pk).update(status=before, status_since=D(2026, 3, 2))
            dossier.refresh_from_db()
            events = DossierEvent.objects.count()
            try:
                with transaction.atomic():
                    services.dossier_move(
                        actor=world.alice, dossier=dossier, to=after, on=D(2026, 3, 10), **DETAILS.get(after, {})
                    )
            except ValidationError as error:
                assert error.code == "transition"
                dossier.refresh_from_db()
                assert (dossier.status, DossierEvent.objects.count()) == (before, events)  # nothing changed
                refused.append((before, after))
            else:
                dossier.refresh_from_db()
                assert (dossier.status, dossier.status_since) == (after, D(2026, 3, 10))
                event = DossierEvent.objects.filter(dossier=dossier).latest("id")
                assert (event.kind, event.data["before"], event.data["after"]) == ("move", before, after)
                allowed.append((before, after))
    assert sorted(allowed) == sorted((b, a) for b, targets in DOSSIER_TRANSITIONS.items() for a in targets)
    assert len(allowed) == 14
    assert len(refused) == 12 * 12 - 14


def test_a_move_records_what_its_step_needs_or_changes_nothing(world):
    dossier = register(world)
    services.dossier_move(actor=world.alice, dossier=dossier, to="checking", on=D(2026, 3, 3))
    with pytest.raises(ValidationError) as refused:
        services.dossier_move(actor=world.alice, dossier=dossier, to="declined", on=D(2026, 3, 4))
    assert sorted(refused.value.message_dict) == ["decline_reason", "reply_date", "reply_number"]
    with pytest.raises(PermissionDenied):
        services.dossier_move(actor=world.lan, dossier=dossier, to="accepted", **DETAILS[DossierStatus.ACCEPTED])
    dossier.refresh_from_db()
    assert (dossier.status, dossier.reply_number) == ("checking", "")
    services.dossier_move(actor=world.alice, dossier=dossier, to="accepted", on=D(2026, 3, 5), **DETAILS["accepted"])
    for step in ("estimated", "experts"):
        services.dossier_move(actor=world.alice, dossier=dossier, to=step, on=D(2026, 3, 6))
    with pytest.raises(ValidationError, match="Chọn hình thức lấy ý kiến"):
        services.dossier_move(actor=world.alice, dossier=dossier, to="opinions", on=D(2026, 3, 20))
    services.dossier_move(actor=world.alice, dossier=dossier, to="opinions", on=D(2026, 3, 20), by_workshop=True)
    services.dossier_move(actor=world.alice, dossier=dossier, to="drafting", on=D(2026, 3, 22))
    services.dossier_move(actor=world.alice, dossier=dossier, to="review", on=D(2026, 3, 24))
    services.dossier_move(actor=world.alice, dossier=dossier, to="sent", on=D(2026, 3, 25), **DETAILS["sent"])
    with pytest.raises(ValidationError) as too_many:
        services.dossier_move(
            actor=world.alice, dossier=dossier, to="answered", on=D(2026, 4, 20), proposals_taken_up=9
        )
    assert too_many.value.message_dict == {
        "proposals_taken_up": ["Số kiến nghị được tiếp thu nhiều hơn số kiến nghị đã gửi (8)."]
    }
    services.dossier_move(actor=world.alice, dossier=dossier, to="answered", on=D(2026, 4, 20), **DETAILS["answered"])
    services.dossier_move(actor=world.alice, dossier=dossier, to="closed", on=D(2026, 4, 21))
    dossier.refresh_from_db()
    assert (
        dossier.sent_on, dossier.proposals, dossier.answered_on, dossier.proposals_taken_up, dossier.closed_on,
        dossier.by_workshop, dossier.by_written,
    ) == (D(2026, 3, 25), 8, D(2026, 4, 20), 6, D(2026, 4, 21), True, False)  # fmt: skip
    assert dossier.due_on is None
    with pytest.raises(ValidationError, match="Hồ sơ đã kết thúc, không sửa được nữa"):
        services.dossier_update(actor=world.alice, dossier=dossier, title="Khác")


def test_a_union_edits_its_own_copy_of_the_rules_and_its_new_dossiers_follow_it(world):
    before = register(world)
    days = dict(RegulationProfile.objects.get(org__isnull=True, scope="provincial").days, received=4, checking=10)
    profile = services.profile_save(actor=world.alice, org=world.ha_tinh, scope="provincial", days=days)
    assert (profile.org_id, profile.days["received"], profile.days["experts"]) == (world.ha_tinh.pk, 4, 15)
    # The shipped profile is as it was; a dossier registered before keeps its rules, a new one of a node under
    # Hà Tĩnh follows Hà Tĩnh's.
    assert RegulationProfile.objects.get(org__isnull=True, scope="provincial").days["received"] == 2
    before.refresh_from_db()
    assert before.due_on == D(2026, 3, 4)
    after = register(world)
    assert (after.profile_id, after.due_on) == (profile.pk, D(2026, 3, 6))
    services.dossier_move(actor=world.alice, dossier=after, to="checking", on=D(2026, 3, 3))
    assert (after.due_on, after.is_overdue(D(2026, 3, 13)), after.is_overdue(D(2026, 3, 14))) == (
        D(2026, 3, 13), False, True
    )  # fmt: skip
    with pytest.raises(ValidationError, match="Mỗi bước từ 1 đến 365 ngày"):
        services.profile_save(actor=world.alice, org=world.ha_tinh, scope="provincial", days={"received": 0})
    with pytest.raises(PermissionDenied):
        services.profile_save(actor=world.bob, org=world.trung_luong, scope="provincial", days={})


def test_a_paid_cost_is_posted_as_a_spending_line_of_the_union_in_one_transaction(world):
    dossier = register(world)
    council = services.cost_add(
        actor=world.alice, dossier=dossier, item="council", planned=Decimal(6_000_000), description="02 phiên"
    )
    opinions = services.cost_add(actor=world.alice, dossier=dossier, item="expert_opinion", planned=Decimal(4_500_000))
    services.cost_pay(actor=world.alice, line=council, paid=Decimal(5_400_000), paid_on=D(2026, 3, 20))
    spending = Spending.objects.get()
    assert (spending.org_id, spending.spent_on, spending.amount, spending.purpose) == (
        world.hong_linh.pk, D(2026, 3, 20), Decimal(5_400_000),
        "Họp hội đồng: Đề án phát triển đô thị thị xã Hồng Lĩnh đến năm 2025",
    )  # fmt: skip
    council.refresh_from_db()
    assert (council.spending_id, council.paid) == (spending.pk, Decimal(5_400_000))
    assert FinanceEvent.objects.filter(target="spending", target_id=spending.pk).count() == 1
    with pytest.raises(ValidationError, match="Khoản này đã chi"):
        services.cost_pay(actor=world.alice, line=council, paid=Decimal(1), paid_on=D(2026, 3, 21))
    # Finance refuses a payment dated ahead: the line stays unpaid and the books unchanged.
    with pytest.raises(ValidationError):
        services.cost_pay(actor=world.alice, line=opinions, paid=Decimal(4_500_000), paid_on=D(2099, 1, 1))
    opinions.refresh_from_db()
    assert (opinions.paid, opinions.spending_id, Spending.objects.count()) == (None, None, 1)
    assert list(DossierEvent.objects.filter(target="cost").values_list("kind", flat=True).order_by("id")) == [
        "cost", "cost", "cost_paid"
    ]  # fmt: skip


def test_a_union_does_not_end_before_its_dossiers_and_plans(world):
    # A dossier is dated by its receipt and a plan by its year, both within the union's life: its end is refused
    # up to the day a dossier arrived, and within the year of a plan, by dissolution and split alike.
    from lienhiep.orgs import services as org_services
    from lienhiep.orgs.models import Org, OrgClosure

    factories.dossier(world.alice, world.hong_linh, received_on=D(2026, 3, 2))
    services.plan_set(actor=world.alice, org=world.hong_linh, year=2026, topics=3)
    rows = sorted(OrgClosure.objects.values_list("ancestor_id", "descendant_id", "valid_from", "valid_to"))
    kids = {world.trung_luong.pk: 0, world.y_te.pk: 1}
    for end, on, found in (
        (lambda **kw: org_services.org_dissolve(children_to=world.ha_tinh, **kw), D(2025, 12, 31),
         "hồ sơ 1; kế hoạch tư vấn, phản biện 1"),
        (lambda **kw: org_services.org_split(parts=["A", "B"], assignment=kids, **kw), D(2026, 3, 2), "hồ sơ 1"),
    ):  # fmt: skip
        with pytest.raises(ValidationError) as error:
            end(actor=world.root, org=world.hong_linh, on=on)
        assert error.value.code == "records_after_end"
        assert f"({found})" in error.value.messages[0]
        assert Org.objects.get(pk=world.hong_linh.pk).ended_on is None
        assert sorted(OrgClosure.objects.values_list("ancestor_id", "descendant_id", "valid_from", "valid_to")) == rows
    org_services.org_dissolve(actor=world.root, org=world.hong_linh, on=D(2026, 3, 3), children_to=world.ha_tinh)
    assert Org.objects.get(pk=world.hong_linh.pk).ended_on == D(2026, 3, 3)
