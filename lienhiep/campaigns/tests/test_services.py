"""Campaigns and submissions through their services (REPORTING.md §5.6; acceptance test E, items 30, 31, 32, 36)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from lienhiep.campaigns import selectors, services
from lienhiep.campaigns.models import (
    Campaign,
    CampaignEvent,
    CampaignStatus,
    Submission,
    SubmissionEvent,
    SubmissionStatus,
)
from lienhiep.campaigns.tests.factories import FORM, at, half_year
from lienhiep.members import services as member_services
from lienhiep.orgs import services as org_services
from lienhiep.orgs.models import OrgKind
from lienhiep.reporting import registry

D = dt.date
pytestmark = pytest.mark.django_db


def units(campaign: Campaign) -> list[str]:
    return sorted(s.org.name for s in campaign.submissions.select_related("org"))


# --- 30. Scope: the units in scope as the tree stood ------------------------------------------------------


def test_a_campaign_asks_each_unit_under_the_requester_once(world):
    campaign = half_year(world.alice, world.ha_tinh)

    assert campaign.status == CampaignStatus.OPEN
    assert units(campaign) == ["Hội Luật gia tỉnh Hà Tĩnh", "Liên hiệp hội thị xã Hồng Lĩnh"]
    assert set(campaign.submissions.values_list("status", flat=True)) == {SubmissionStatus.PENDING}
    assert set(campaign.submissions.values_list("due", flat=True)) == {at(2026, 7, 10)}
    assert list(CampaignEvent.objects.filter(campaign=campaign).values_list("kind", flat=True)) == ["open", "create"]


def test_a_campaign_that_cannot_be_opened_is_not_left_as_a_draft(world):
    # Given no branch stands directly under Hà Tĩnh
    # When its officer creates and opens a campaign asking its branches
    with pytest.raises(ValidationError) as refused:
        half_year(world.alice, world.ha_tinh, kinds=[OrgKind.BRANCH])

    # Then the opening's refusal is said, and neither the campaign nor any row of it is left
    assert refused.value.error_list[0].code == "empty_scope"
    assert not Campaign.objects.exists()
    assert not CampaignEvent.objects.exists()
    assert not Submission.objects.exists()


def test_the_scope_names_the_kinds_of_unit_asked(world):
    campaign = half_year(world.alice, world.ha_tinh, kinds=[OrgKind.ASSOCIATION])

    assert units(campaign) == ["Hội Luật gia tỉnh Hà Tĩnh"]


def test_the_scope_is_the_tree_as_it_stood_on_the_cut_off_date(world):
    # Given an association of Bắc Ninh moved under Hà Tĩnh on 01/07/2025, one founded in Hà Tĩnh in 2026 and one
    # dissolved in 2025
    moved = org_services.org_create(
        actor=world.root, kind=OrgKind.ASSOCIATION, name="Hội Tin học", founded_on=D(2010, 1, 1), parent=world.bac_ninh
    )
    org_services.org_move(actor=world.root, org=moved, new_parent=world.ha_tinh, on=D(2025, 7, 1))
    org_services.org_create(
        actor=world.root, kind=OrgKind.ASSOCIATION, name="Hội Mới", founded_on=D(2026, 3, 1), parent=world.ha_tinh
    )
    gone = org_services.org_create(
        actor=world.root, kind=OrgKind.ASSOCIATION, name="Hội Cũ", founded_on=D(2000, 1, 1), parent=world.ha_tinh
    )
    org_services.org_dissolve(actor=world.root, org=gone, on=D(2025, 3, 1))

    # Then Hà Tĩnh's H1 2024 campaign covers neither the moved nor the new one, and the dissolved one
    kinds = [OrgKind.ASSOCIATION]
    assert units(half_year(world.alice, world.ha_tinh, year=2024, kinds=kinds)) == [
        "Hội Cũ",
        "Hội Luật gia tỉnh Hà Tĩnh",
    ]
    # and Hà Tĩnh's H1 2026 campaign covers both, not the dissolved one; Bắc Ninh's covers none of them
    assert units(half_year(world.alice, world.ha_tinh, kinds=kinds)) == [
        "Hội Luật gia tỉnh Hà Tĩnh",
        "Hội Mới",
        "Hội Tin học",
    ]
    assert units(half_year(world.chris, world.bac_ninh, year=2024, kinds=kinds)) == [
        "Hội Luật gia tỉnh Bắc Ninh",
        "Hội Tin học",
    ]
    assert units(half_year(world.chris, world.bac_ninh, kinds=kinds)) == ["Hội Luật gia tỉnh Bắc Ninh"]


def test_only_an_officer_of_the_requester_opens_a_campaign(world):
    for user in (world.lan, world.bob, world.chris):
        with pytest.raises(PermissionDenied):
            half_year(user, world.ha_tinh)
    assert Campaign.objects.count() == 0


def test_a_form_asks_only_numbers_of_the_registry_that_fit_the_period(world):
    for form in (
        {"figures": [{"key": "activities.list", "params": {}}]},
        {"figures": [{"key": "initiatives.count", "params": {}}]},  # counted by whole years
        {"figures": [{"key": "members.count", "params": {"kind": "x"}}]},
        {"figures": [], "sections": []},
        {"figures": [], "sections": [{"key": "a b", "title": "x"}]},
    ):
        with pytest.raises(ValidationError):
            half_year(world.alice, world.ha_tinh, form=form)
    assert Campaign.objects.count() == 0


# --- 31. Pre-fill from the registry ---------------------------------------------------------------------


def test_each_submission_is_prefilled_with_its_units_record_figures(world):
    member_services.member_admit(actor=world.root, person=world.person, org=world.trung_luong, joined_on=D(2026, 2, 1))
    campaign = half_year(world.alice, world.ha_tinh)

    for submission in campaign.submissions.select_related("org"):
        for item in FORM["figures"]:
            expected = registry.compute(
                item["key"], submission.org, start=D(2026, 1, 1), end=D(2026, 6, 30), as_of=D(2026, 6, 30),
                params=item["params"],
            ).value  # fmt: skip
            name = "members.count" if not item["params"] else "activities.count|kind=training"
            assert submission.figures[name] == {
                "computed": expected,
                "value": expected,
                "reason": "",
                "estimate": False,
            }
    hong_linh = campaign.submissions.get(org=world.hong_linh)
    assert hong_linh.figures["members.count"]["value"] == 1  # the same person in two associations, once
    assert campaign.submissions.get(org=world.lawyers_ht).figures["members.count"]["value"] == 0


# --- The round trip ----------------------------------------------------------------------------------------


@pytest.fixture
def asked(world):
    """Hà Tĩnh's H1 2026 campaign; Hồng Lĩnh's submission (bob's union: alice fills it, as its officer)."""
    campaign = half_year(world.alice, world.ha_tinh)
    return campaign, campaign.submissions.get(org=world.hong_linh)


def test_a_counted_figure_changes_only_with_a_reason(world, asked):
    _campaign, submission = asked

    with pytest.raises(ValidationError) as refused:
        services.submission_save(
            actor=world.alice, submission=submission, figures={"members.count": {"value": "46"}}, narratives={}
        )
    assert refused.value.message_dict == {"members.count": ["Hãy nêu lý do số liệu khác với dữ liệu đã nhập."]}
    submission.refresh_from_db()
    assert submission.figures["members.count"]["value"] == 1
    assert submission.status == SubmissionStatus.PENDING

    services.submission_save(
        actor=world.alice,
        submission=submission,
        figures={
            "members.count": {"value": "46", "reason": "45 hội viên chưa nhập"},
            "activities.count|kind=training": {"value": "3"},  # nothing recorded: stands as typed
        },
        narratives={"training": "Tổ chức 3 lớp tập huấn.", "other": "not asked"},
    )
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.DRAFT
    assert submission.figures == {
        "members.count": {"computed": 1, "value": 46, "reason": "45 hội viên chưa nhập", "estimate": False},
        "activities.count|kind=training": {"computed": 0, "value": 3, "reason": "", "estimate": False},
    }
    assert submission.narratives == {"training": "Tổ chức 3 lớp tập huấn."}

    # A new count from the records keeps what was typed
    services.submission_prefill(actor=world.alice, submission=submission)
    submission.refresh_from_db()
    assert submission.figures["members.count"]["value"] == 46
    assert submission.figures["activities.count|kind=training"]["value"] == 3


def test_an_estimate_is_marked_only_while_the_campaign_takes_them(world):
    campaign = half_year(world.alice, world.ha_tinh, estimates_allowed=True)
    submission = campaign.submissions.get(org=world.lawyers_ht)
    figures = {"members.count": {"value": "120", "estimate": True}}

    with time_machine.travel(at(2026, 6, 20), tick=False):
        services.submission_save(actor=world.alice, submission=submission, figures=figures, narratives={})
    submission.refresh_from_db()
    assert submission.figures["members.count"] == {"computed": 0, "value": 120, "reason": "", "estimate": True}
    with time_machine.travel(at(2026, 7, 2), tick=False), pytest.raises(ValidationError):
        services.submission_save(actor=world.alice, submission=submission, figures=figures, narratives={})


def test_submit_return_resubmit_accept_lock(world, asked):
    campaign, submission = asked
    with time_machine.travel(at(2026, 7, 8, 9), tick=False):
        assert services.submission_submit(actor=world.alice, submission=submission) == []
    submission.refresh_from_db()
    assert (submission.status, submission.version, submission.days_late()) == ("submitted", 1, 0)

    with time_machine.travel(at(2026, 7, 9, 9), tick=False):
        services.submission_return(actor=world.alice, submission=submission, comment="Bổ sung số lớp tập huấn.")
    submission.refresh_from_db()
    assert (submission.status, submission.returned_comment) == ("returned", "Bổ sung số lớp tập huấn.")

    with time_machine.travel(at(2026, 7, 11, 9), tick=False):
        services.submission_save(
            actor=world.alice, submission=submission, figures={"activities.count|kind=training": {"value": 2}},
            narratives={},
        )  # fmt: skip
        services.submission_submit(actor=world.alice, submission=submission)
    submission.refresh_from_db()
    # Its timeliness is its first submission's: on time
    assert (submission.status, submission.version, submission.days_late(), submission.returned_comment) == (
        "submitted",
        2,
        0,
        "",
    )

    services.submission_accept(actor=world.alice, submission=submission)
    services.campaign_close(actor=world.alice, campaign=campaign)
    services.campaign_lock(actor=world.alice, campaign=campaign)
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.LOCKED
    assert list(
        SubmissionEvent.objects.filter(submission=submission).order_by("id").values_list("kind", flat=True)
    ) == [
        "prefill",
        "submit",
        "return",
        "save",
        "submit",
        "accept",
        "lock",
    ]
    # A locked submission moves no more, and changes no more
    with pytest.raises(ValidationError):
        services.submission_return(actor=world.alice, submission=submission, comment="x")
    with pytest.raises(ValidationError):
        services.submission_save(actor=world.alice, submission=submission, figures={}, narratives={})
    assert Submission.objects.get(pk=submission.pk).status == SubmissionStatus.LOCKED


WARNED = ["Mỗi suất quà trị giá 300.000.000 đồng, vượt mức thường gặp 10.000.000 đồng: hãy kiểm tra giá trị quà."]


def test_an_implausible_figure_is_warned_about_on_submit_and_kept_as_typed(world):
    # REPORTING.md §5.6, 5 and §5.9 item 28: two gifts worth 600,000,000 đồng, with the union's default ceilings
    gifts = [
        {"key": "activities.sum", "params": {"figure": name, "kind": "campaign"}} for name in ("gifts", "gifts_value")
    ]
    campaign = half_year(world.alice, world.ha_tinh, form={"figures": gifts, "sections": [], "attachments": []})
    submission = campaign.submissions.get(org=world.hong_linh)
    services.submission_save(
        actor=world.alice,
        submission=submission,
        figures={
            "activities.sum|figure=gifts&kind=campaign": {"value": "2"},
            "activities.sum|figure=gifts_value&kind=campaign": {"value": "600000000"},
        },
        narratives={},
    )
    warnings = services.submission_submit(actor=world.alice, submission=submission)
    assert warnings == WARNED
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED
    assert submission.figures["activities.sum|figure=gifts_value&kind=campaign"]["value"] == 600000000
    assert submission.events.get(kind="submit").data["warnings"] == WARNED


def test_a_disallowed_move_is_refused_and_changes_nothing(world, asked):
    _campaign, submission = asked
    with pytest.raises(ValidationError) as refused:
        services.submission_accept(actor=world.alice, submission=submission)
    assert refused.value.messages == [
        "Báo cáo đang ở trạng thái “Chưa thực hiện” không thể chuyển sang “Đã tiếp nhận”."
    ]
    assert Submission.objects.get(pk=submission.pk).status == SubmissionStatus.PENDING
    assert SubmissionEvent.objects.filter(submission=submission).count() == 1  # the pre-fill


def test_only_the_requesters_officers_review(world, asked):
    _campaign, submission = asked
    services.submission_submit(actor=world.alice, submission=submission)
    with pytest.raises(PermissionDenied):
        services.submission_accept(actor=world.lan, submission=submission)
    with pytest.raises(PermissionDenied):
        services.submission_save(actor=world.bob, submission=submission, figures={}, narratives={})
    assert Submission.objects.get(pk=submission.pk).status == SubmissionStatus.SUBMITTED


def test_days_late_count_from_the_first_submission_or_now(world, asked):
    _campaign, submission = asked
    assert submission.days_late(now=at(2026, 7, 10, 17)) == 0
    assert submission.days_late(now=at(2026, 7, 10, 18)) == 1
    assert submission.days_late(now=at(2026, 7, 13, 9)) == 3
    with time_machine.travel(at(2026, 7, 12, 9), tick=False):
        services.submission_submit(actor=world.alice, submission=submission)
    submission.refresh_from_db()
    assert submission.days_late(now=at(2026, 8, 1)) == 2


def test_an_exempt_unit_owes_nothing_and_an_extension_moves_its_deadline(world, asked):
    campaign, submission = asked
    other = campaign.submissions.get(org=world.lawyers_ht)
    services.submission_exempt(actor=world.alice, submission=submission, reason="Đã giải thể trên thực tế")
    extension = services.submission_extend(
        actor=world.alice, submission=other, due=at(2026, 7, 20), reason="Chủ tịch hội đi công tác"
    )
    submission.refresh_from_db()
    other.refresh_from_db()
    assert (submission.status, submission.exempt_reason, submission.days_late(now=at(2026, 8, 1))) == (
        "exempt",
        "Đã giải thể trên thực tế",
        0,
    )
    assert (other.due, extension.due_before) == (at(2026, 7, 20), at(2026, 7, 10))
    assert other.days_late(now=at(2026, 7, 15)) == 0
    with pytest.raises(ValidationError):
        services.submission_extend(actor=world.alice, submission=other, due=at(2026, 7, 18), reason="x")
    rows = selectors.board(campaign, now=at(2026, 7, 15))
    assert [(r.name, r.status, r.days_late, r.extended) for r in rows] == [
        ("Hội Luật gia tỉnh Hà Tĩnh", "pending", 0, True),
        ("Liên hiệp hội thị xã Hồng Lĩnh", "exempt", 0, False),
    ]
    services.submission_unexempt(actor=world.alice, submission=submission)
    assert Submission.objects.get(pk=submission.pk).status == SubmissionStatus.PENDING


# --- 36. The cascade ---------------------------------------------------------------------------------------


def test_a_union_in_scope_opens_a_child_campaign_five_days_earlier(world, asked):
    campaign, submission = asked

    child = services.campaign_open_child(actor=world.alice, submission=submission)

    assert (child.org, child.parent, child.deadline, child.status) == (
        world.hong_linh,
        campaign,
        at(2026, 7, 5),
        CampaignStatus.OPEN,
    )
    assert child.form == campaign.form
    assert units(child) == ["Hội KH&KT Trung tâm Y tế", "Hội KH&KT phường Trung Lương"]
    assert list(SubmissionEvent.objects.filter(submission=submission).values_list("kind", flat=True)) == [
        "child",
        "prefill",
    ]
    with pytest.raises(ValidationError):
        services.campaign_open_child(actor=world.alice, submission=submission)
    with pytest.raises(ValidationError):
        services.campaign_open_child(actor=world.alice, submission=campaign.submissions.get(org=world.lawyers_ht))
    assert Campaign.objects.count() == 2


def test_a_union_fills_its_own_figures_with_the_sums_of_its_units_accepted_reports(world, asked):
    campaign, submission = asked
    with pytest.raises(ValidationError) as refused:  # it has not asked its units
        services.submission_roll_up(actor=world.alice, submission=submission)
    assert refused.value.code == "no_child"
    child = services.campaign_open_child(actor=world.alice, submission=submission)
    y_te, trung_luong = (child.submissions.get(org=unit) for unit in (world.y_te, world.trung_luong))
    with pytest.raises(ValidationError) as refused:  # none of theirs accepted yet
        services.submission_roll_up(actor=world.alice, submission=submission)
    assert refused.value.code == "nothing_taken"

    # Y tế's report, with a figure changed for a reason, is accepted; Trung Lương's is only submitted.
    counted = y_te.figures["members.count"]["computed"]
    services.submission_save(
        actor=world.alice, submission=y_te, narratives={},
        figures={"members.count": {"value": counted + 12, "reason": "Có 12 hội viên mới chưa nhập"},
                 "activities.count|kind=training": {"value": "3"}},
    )  # fmt: skip
    services.submission_submit(actor=world.alice, submission=y_te)
    services.submission_accept(actor=world.alice, submission=y_te)
    services.submission_submit(actor=world.alice, submission=trung_luong)

    services.submission_roll_up(actor=world.alice, submission=submission)

    submission.refresh_from_db()
    members = submission.figures["members.count"]
    assert members["value"] == counted + 12
    assert members["reason"] == "Tổng số từ 1 trong 2 báo cáo đã được chấp nhận của đợt “Báo cáo 6 tháng đầu năm 2026”"
    assert submission.figures["activities.count|kind=training"]["value"] == 3
    assert submission.status == "draft" and submission.narratives == {}
    event = SubmissionEvent.objects.filter(submission=submission).latest("id")
    assert (event.kind, event.data["figures"]["members.count"]["after"]) == ("save", counted + 12)
    # A union's submission already sent is not filled again.
    services.submission_submit(actor=world.alice, submission=submission)
    with pytest.raises(ValidationError):
        services.submission_roll_up(actor=world.alice, submission=submission)
    # Nor by someone who may not fill it.
    with pytest.raises(PermissionDenied):
        services.submission_roll_up(actor=world.lan, submission=submission)


def test_the_board_counts_and_sorts(world, asked):
    campaign, submission = asked
    services.submission_submit(actor=world.alice, submission=submission)
    assert selectors.board_counts(campaign) == {
        "pending": 1,
        "draft": 0,
        "submitted": 1,
        "returned": 0,
        "accepted": 0,
        "locked": 0,
        "exempt": 0,
    }
    assert [r.name for r in selectors.board(campaign, order="status")] == [
        "Hội Luật gia tỉnh Hà Tĩnh",
        "Liên hiệp hội thị xã Hồng Lĩnh",
    ]
    assert [r.name for r in selectors.board(campaign, status="submitted")] == ["Liên hiệp hội thị xã Hồng Lĩnh"]


def test_an_app_above_reporting_registers_its_figures_and_twice_refuses():
    spec = registry.FigureSpec(
        key="campaigns.test_only", label="x", value_type="count", period="span", compute="builtins.len"
    )
    try:
        registry.register([spec])
        assert registry.spec("campaigns.test_only") is spec
        registry.register([spec])
        with pytest.raises(registry.ImproperlyConfiguredFigure):
            registry.specs()
    finally:
        registry._REGISTERED[:] = [s for s in registry._REGISTERED if s is not spec]
        registry.register([])
    with pytest.raises(ValidationError):
        registry.spec("campaigns.test_only")


def test_a_campaigns_and_a_submissions_events_take_their_unit_and_record_unless_given(world):
    # orgs.models.RecordEvent: the columns an event row about a record takes from it.
    campaign = half_year(world.alice, world.ha_tinh)
    submission = campaign.submissions.select_related("org").order_by("id").first()
    assert submission is not None

    assert CampaignEvent.columns_of(campaign, ()) == {"org": world.ha_tinh, "campaign": campaign}
    assert SubmissionEvent.columns_of(submission, ()) == {"org": submission.org, "submission": submission}
    assert SubmissionEvent.columns_of(submission, {"org_id"}) == {"submission": submission}
    # A row of another table (a template, a comment) is given its columns: none are taken from it.
    assert CampaignEvent.columns_of(submission, ()) == {}
    # The campaign's opening wrote its event on its unit and itself.
    opened = CampaignEvent.objects.filter(campaign=campaign).order_by("id").first()
    assert opened is not None
    assert (opened.org_id, str(opened)) == (world.ha_tinh.pk, f"{opened.get_kind_display()} {opened.at:%Y-%m-%d}")


def test_a_unit_does_not_end_before_the_cut_off_of_its_campaigns(world):
    # A campaign is dated by its cut-off, within its requester's life: the requester's end is refused up to that
    # day, by dissolution and merger alike, unless the campaign was cancelled.
    from lienhiep.orgs.models import Org, OrgClosure

    gone = org_services.org_create(
        actor=world.root, kind=OrgKind.DISTRICT, name="Liên hiệp hội huyện Cũ", founded_on=D(2000, 1, 1),
        parent=world.ha_tinh,
    )  # fmt: skip
    half_year(world.root, gone, year=2025, kinds=[OrgKind.ASSOCIATION], open_it=False)
    rows = sorted(OrgClosure.objects.filter(descendant=gone).values_list("ancestor_id", "valid_from", "valid_to"))
    for end in (
        lambda on: org_services.org_dissolve(actor=world.root, org=gone, on=on),
        lambda on: org_services.org_merge(actor=world.root, sources=[gone], target=world.hong_linh, on=on),
    ):
        with pytest.raises(ValidationError) as error:
            end(D(2025, 6, 30))
        assert error.value.code == "records_after_end"
        assert "(đợt báo cáo 1)" in error.value.messages[0]
        assert Org.objects.get(pk=gone.pk).ended_on is None
        assert (
            sorted(OrgClosure.objects.filter(descendant=gone).values_list("ancestor_id", "valid_from", "valid_to"))
            == rows
        )
    org_services.org_dissolve(actor=world.root, org=gone, on=D(2025, 7, 1))
    assert Org.objects.get(pk=gone.pk).ended_on == D(2025, 7, 1)
    # A cancelled campaign holds nothing back.
    other = org_services.org_create(
        actor=world.root, kind=OrgKind.DISTRICT, name="Liên hiệp hội huyện Khác", founded_on=D(2000, 1, 1),
        parent=world.ha_tinh,
    )  # fmt: skip
    services.campaign_cancel(
        actor=world.root, campaign=half_year(world.root, other, year=2025, open_it=False), reason="Nhầm"
    )
    org_services.org_dissolve(actor=world.root, org=other, on=D(2025, 3, 1))
    assert Org.objects.get(pk=other.pk).ended_on == D(2025, 3, 1)
