"""The figures the seeds print, as the registry gives them on the demo (REPORTING.md §5.9 A 1–9 and C 17–23)."""

import datetime as dt
from decimal import Decimal

import pytest

from lienhiep.members.models import Consent, ConsentPurpose, Person
from lienhiep.orgs.models import Org, OrgKind
from lienhiep.reporting import registry

D = dt.date
# Seed 000: congress IV's term, cut off at the end of 2023. Seed 002: the self-review of 26/01/2024.
TERM = {"start": D(2018, 6, 15), "end": D(2023, 12, 31), "as_of": D(2023, 12, 31)}
REVIEW = {"start": D(2018, 6, 15), "end": D(2024, 1, 26), "as_of": D(2024, 1, 26)}

pytestmark = pytest.mark.django_db


@pytest.fixture
def town(demo):
    return Org.objects.get(kind=OrgKind.DISTRICT)


def figure(key, town, period, **params):
    return registry.compute(key, town, params=params, **period)


def test_a1_member_associations_by_group(town):
    every = figure("orgs.associations", town, TERM)
    assert (every.value, every.basis) == (19, "19 hội: 13 Khối cơ quan, doanh nghiệp, trường học, 6 Khối phường, xã")
    assert len(every.record_ids) == 19
    assert figure("orgs.associations", town, TERM, group="agencies").value == 13
    wards = figure("orgs.associations.list", town, TERM, group="wards")
    assert [row["name"] for row in wards.value] == [
        "Hội KH&KT phường Bắc Hồng",
        "Hội KH&KT phường Đậu Liêu",
        "Hội KH&KT phường Đức Thuận",
        "Hội KH&KT phường Nam Hồng",
        "Hội KH&KT phường Trung Lương",
        "Hội KH&KT xã Thuận Lộc",
    ]


def test_a2_members_and_their_change_pinned_to_the_cut_off(town):
    assert (figure("members.count", town, TERM).value, figure("members.count", town, TERM).record_ids) == (1700, None)
    change = figure("members.change", town, TERM)
    assert (change.value, change.basis) == (22, "1.678 → 1.700: 140 vào, 118 ra")
    later = {**TERM, "end": D(2024, 3, 19), "as_of": D(2024, 3, 19)}
    assert figure("members.count", town, later).value == 1701
    assert (figure("members.change", town, later).value, figure("members.change", town, later).basis) == (
        23,
        "1.678 → 1.701: 141 vào, 118 ra",
    )


def test_a3_c20_departures_and_the_committee_at_the_end(town):
    departures = figure("governance.departures", town, REVIEW)
    assert [(r["name"], r["reason"]) for r in departures.value] == [
        ("Lê Văn Bình", "Chuyển công tác"),
        ("Bùi Việt Hùng", "Chuyển công tác"),
        ("Phan Công Bình", "Nghỉ hưu"),
    ]
    assert figure("governance.departures.count", town, REVIEW).value == 3
    assert figure("governance.committee.size", town, REVIEW, committee="bch", at="as_of").value == 14
    assert figure("governance.holder", town, REVIEW, position="chair").value == "Tôn Quang Ngọc"
    restructured = figure("governance.restructurings", town, TERM)
    assert (restructured.value, restructured.basis) == (4, "4 lần kiện toàn ở 4 hội")
    assert figure("governance.restructurings", town, TERM, state="overdue").value == 2


def test_a4_a7_honours(town):
    exemplary = figure("honours.count", town, TERM, form="tri_thuc_tieu_bieu")
    assert exemplary.value == 3
    to_town = figure("honours.count", town, TERM, issuer="vusta", form="bang_khen", to="self")
    assert (to_town.value, to_town.basis) == (3, "3 lần (năm 2018, 2021, 2023)")
    assert figure("honours.count", town, TERM, issuer="vusta", form="bang_khen", to="person").value == 3
    commendations = figure("honours.count", town, TERM, issuer="provincial_union", form="giay_khen", to="self")
    assert commendations.basis == "6 lần (năm 2018, 2019, 2020, 2021, 2022, 2023)"
    ratings = figure("ratings.of_unit", town, TERM)
    assert [(r["year"], r["rating"]) for r in ratings.value] == [
        (year, "Hoàn thành xuất sắc nhiệm vụ") for year in range(2018, 2024)
    ]


def test_honoured_persons_are_named_only_with_their_consent(town):
    # Given no honoured member has consented to publication, the list counts them and the basis says so;
    people = figure("honours.list", town, TERM, issuer="vusta", form="bang_khen", to="person")
    assert [r["recipient"] for r in people.value] == ["01 cá nhân", "01 cá nhân", "01 cá nhân"]
    assert people.basis == "3 lần khen thưởng; 3 cá nhân không nêu tên (chưa đồng ý công bố)"
    # when one consents, they are named, and a withdrawn consent names nobody.
    quy = Person.objects.get(full_name="Phạm Hồng Quý", notes="Dữ liệu mô phỏng (demo)")
    Consent.objects.create(
        person=quy,
        purpose=ConsentPurpose.PUBLICATION,
        notice_version="1",
        given_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC),
    )
    ngoc = Person.objects.get(full_name="Tôn Quang Ngọc", notes="Dữ liệu mô phỏng (demo)")
    Consent.objects.create(
        person=ngoc,
        purpose=ConsentPurpose.PUBLICATION,
        notice_version="1",
        given_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC),
        withdrawn_at=dt.datetime(2024, 2, 1, tzinfo=dt.UTC),
    )
    people = figure("honours.list", town, TERM, issuer="vusta", form="bang_khen", to="person")
    assert [r["recipient"] for r in people.value] == ["Phạm Hồng Quý", "01 cá nhân", "01 cá nhân"]
    assert people.basis == "3 lần khen thưởng; 2 cá nhân không nêu tên (chưa đồng ý công bố)"


def test_a5_a6_initiatives_applied_and_money_raised(town):
    applied = figure("initiatives.count", town, TERM, applied="yes")
    # 932 of 950 before the seven prize-winning products became contest prizes (contests' demo).
    assert (applied.value, applied.basis) == (925, "925 / 943 được ứng dụng (2018–2023)")
    assert figure("initiatives.count", town, TERM).value == 943
    money = figure("activities.sum", town, TERM, figure="money_raised")
    assert (money.value, money.basis, len(money.record_ids)) == (53_500_000, "53.500.000 từ 4 hoạt động", 4)


def test_a8_cooperation_with_partners_and_with_other_unions(town):
    partners = figure("activities.list", town, TERM, with_partner="yes").value
    shared = figure("activities.list", town, TERM, co_organised="yes").value
    with_partners = {r["start_date"]: r["partners"] for r in partners}
    assert with_partners[D(2019, 9, 12)] == "Hội Nông nghiệp tỉnh Hà Tĩnh"
    assert with_partners[D(2020, 8, 20)] == "Sở Thông tin và Truyền thông tỉnh Hà Tĩnh, Sở Tư pháp tỉnh Hà Tĩnh"
    assert D(2021, 11, 5) in with_partners
    assert {D(2019, 3, 15), D(2021, 4, 9)} <= set(with_partners)
    co_organised = {r["start_date"]: r["title"] for r in shared}
    assert co_organised[D(2022, 6, 16)].startswith("Hội thảo nâng cao chất lượng hoạt động tư vấn, phản biện")
    assert co_organised[D(2019, 5, 24)] == "Tổng kết Cuộc thi sáng tạo thanh thiếu niên nhi đồng toàn tỉnh"


def test_a9_the_next_congress_targets_in_order(town):
    targets = figure("governance.targets", town, TERM, congress="next")
    assert targets.basis == "9 chỉ tiêu của Đại hội V (nhiệm kỳ 2024–2029)"
    assert [(t["at_least"], t["at_most"], t["unit"]) for t in targets.value] == [
        (90, None, "%"),
        (100, None, "%"),
        (100, None, "%"),
        (1, 2, "chuyên đề"),
        (90, None, "%"),
        (1, None, "đề tài"),
        (1, None, "hội viên"),
        (None, None, ""),
        (1, None, "bằng khen"),
    ]


def test_c18_c19_c21_committees_and_their_officers(town):
    assert figure("governance.committee.size", town, REVIEW, committee="bch", at="start").value == 17
    assert figure("governance.committee.size", town, REVIEW, committee="btv", at="start").value == 5
    first = figure("governance.committee.roster", town, REVIEW, committee="btv", at="start").value
    assert [(r["name"], r["title"]) for r in first[:3]] == [
        ("Lê Văn Bình", "Chủ tịch"),
        ("Nguyễn Trí Anh", "Phó Chủ tịch"),
        ("Phạm Quốc Dũng", "Thư ký"),
    ]
    now = figure("governance.committee.roster", town, REVIEW, committee="btv", at="as_of").value
    assert [(r["name"], r["title"]) for r in now] == [
        ("Tôn Quang Ngọc", "Chủ tịch"),
        ("Nguyễn Trí Anh", "Phó Chủ tịch"),
        ("Phạm Quốc Dũng", "Thư ký"),
        ("Phan Văn Đường", "Ủy viên Ban Thường vụ"),
        ("Phạm Hồng Quý", "Ủy viên Ban Thường vụ"),
    ]
    assert figure("orgs.associations", town, REVIEW).value == 19
    assert figure("members.count", town, REVIEW).value == 1700


def test_c22_meetings_against_the_charter(town):
    assert figure("governance.meetings", town, REVIEW).value == [
        {"label": "BCH", "required": 11, "held": 11, "on_time": 9, "late": 2, "missing": 0},
        {"label": "BTV", "required": 22, "held": 21, "on_time": 19, "late": 2, "missing": 1},
    ]


def test_c23_attendance_below_the_threshold_is_a_count(town):
    low = figure("governance.attendance", town, REVIEW, committee="bch", below="70")
    assert (low.value, low.basis) == (2, "2 đồng chí dự dưới 70% số phiên họp")


def test_the_share_of_intellectuals_and_the_breakdown(town):
    share = figure("members.intellectual_share", town, TERM)
    assert (share.value, share.basis) == (Decimal("90.5"), "1.215 / 1.342 trí thức trên địa bàn, năm 2023")
    assert figure("members.breakdown", town, TERM, by="gender").value == [
        {"label": "Nữ", "count": 759},
        {"label": "Nam", "count": 941},
    ]


def test_a_half_year_refuses_a_yearly_figure_and_a_term_counts_its_years(town):
    from django.core.exceptions import ValidationError

    half = {"start": D(2023, 1, 1), "end": D(2023, 6, 30), "as_of": D(2023, 6, 30)}
    with pytest.raises(ValidationError):
        figure("initiatives.applied_share", town, half)
    # Initiatives are counted by their date recognised within a year (REPORTING.md §5.3); the demo's carry only
    # their year, so a half-year counts none of them and says so.
    counted = figure("initiatives.count", town, half)
    assert counted.value == 0
    assert counted.basis.endswith("không ghi ngày công nhận (năm 2023) không tính")
    assert figure("initiatives.count", town, TERM).value == 943


def test_members_who_came_with_a_merged_union_are_not_said_to_have_joined(demo):
    # Bắc Giang's union merged into Bắc Ninh's on 01/07/2025: its 162 members came with their units.
    bac_ninh = Org.objects.get(name="Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh Bắc Ninh")
    bac_giang = Org.objects.get(name="Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh Bắc Giang")
    eve = {"start": D(2025, 6, 30), "end": D(2025, 6, 30), "as_of": D(2025, 6, 30)}
    assert registry.compute("members.count", bac_giang, **eve).value == 162
    change = registry.compute("members.change", bac_ninh, start=D(2025, 6, 30), end=D(2025, 7, 1), as_of=D(2025, 7, 1))
    assert (change.value, change.basis) == (162, "236 → 398: 0 vào, 0 ra, 162 chuyển đến cùng đơn vị")


def test_a_page_of_figures_gives_the_values_a_report_does(town):
    # Within figures_only (the overview, targets) the remembered totals answer; a report lists the records: the
    # values are the same.
    cases = [
        ("activities.count", TERM, {}),
        ("activities.count", TERM, {"kind": "campaign"}),
        ("activities.sum", TERM, {"figure": "money_raised"}),
        ("activities.sum", TERM, {"figure": "people_reached"}),
        ("activities.sum", TERM, {"figure": "participants"}),
        ("initiatives.count", TERM, {}),
        ("initiatives.count", TERM, {"applied": "yes"}),
        ("initiatives.count", TERM, {"applied": "no"}),
        ("initiatives.count", TERM, {"level": "province"}),
    ]
    listed = [figure(key, town, period, **params) for key, period, params in cases]
    with registry.figures_only():
        pages = [figure(key, town, period, **params) for key, period, params in cases]
    assert [r.value for r in pages] == [r.value for r in listed]
    assert all(r.record_ids is None for r in pages)
    assert [len(r.record_ids) for r in listed[:2]] == [r.value for r in listed[:2]]


@pytest.mark.parametrize("kind", [OrgKind.DISTRICT, OrgKind.NATIONAL])
def test_the_report_pages_shared_reads_give_what_each_figure_reads_alone(demo, kind):
    # The report page reads within figures_only and its lists up to their printed rows: honours counted by year once
    # for the count and the list's "and N more", the associations of every group read once, the initiatives' "and N
    # more" from the remembered years, the national ones without the join to the tree (`registry.Scope.whole_tree`).
    node = Org.objects.get(kind=kind)
    cases = [
        ("honours.count", TERM, {}),
        ("honours.count", REVIEW, {"issuer": "vusta", "form": "bang_khen", "to": "person"}),
        ("honours.count", TERM, {"issuer": "provincial_union", "form": "giay_khen", "to": "self"}),
        ("honours.list", TERM, {}),
        ("honours.list", REVIEW, {"issuer": "vusta", "form": "bang_khen", "to": "person"}),
        ("orgs.associations", TERM, {}),
        ("orgs.associations", TERM, {"group": "wards"}),
        ("orgs.associations", TERM, {"group": "agencies"}),
        ("orgs.associations.list", TERM, {"group": "wards"}),
        ("orgs.associations.list", TERM, {}),
        ("initiatives.list", TERM, {}),
        ("initiatives.list", TERM, {"level": "province"}),
        ("initiatives.list", TERM, {"applied": "yes"}),
        ("activities.list", TERM, {}),
    ]
    for limit in (None, 2):
        with registry.rows_at_most(limit):
            alone = [figure(key, node, period, **params) for key, period, params in cases]
            with registry.figures_only():
                shared = [figure(key, node, period, **params) for key, period, params in cases]
        for case, one, page in zip(cases, alone, shared, strict=True):
            assert (page.value, page.basis, page.rows_total) == (one.value, one.basis, one.rows_total), (case, limit)
    assert any(one.value for one in alone)


def test_a_withdrawn_consent_to_publication_takes_the_name_out_of_the_roster(town):
    from lienhiep.accounts.models import User
    from lienhiep.members import services as member_services

    officer = User.objects.create(username="cb-van-phong")
    person = Person.objects.get(full_name="Phạm Quốc Dũng")
    consent = member_services.consent_give(
        actor=officer, person=person, purpose=ConsentPurpose.PUBLICATION, notice_version="2026-01"
    )
    member_services.consent_withdraw(actor=officer, consent=consent)
    now = figure("governance.committee.roster", town, REVIEW, committee="btv", at="as_of").value
    assert [(r["name"], r["title"]) for r in now] == [
        ("Tôn Quang Ngọc", "Chủ tịch"),
        ("Nguyễn Trí Anh", "Phó Chủ tịch"),
        ("01 hội viên (không công bố tên)", "Thư ký"),
        ("Phan Văn Đường", "Ủy viên Ban Thường vụ"),
        ("Phạm Hồng Quý", "Ủy viên Ban Thường vụ"),
    ]
    # Given again, the name prints again.
    member_services.consent_give(
        actor=officer, person=person, purpose=ConsentPurpose.PUBLICATION, notice_version="2026-02"
    )
    again = figure("governance.committee.roster", town, REVIEW, committee="btv", at="as_of").value
    assert again[2]["name"] == "Phạm Quốc Dũng"


def test_shared_reads_of_an_approval_give_what_each_figure_reads_alone(town):
    # Given every count and sum of activities an approval freezes with its records, over the term and a half-year
    from lienhiep.activities.models import ActivityKind
    from lienhiep.reporting.figures.activities import FIGURES

    cases = [
        *(("activities.count", {"kind": kind} if kind else {}) for kind in ["", *ActivityKind.values]),
        *(("activities.sum", {"figure": name}) for name, _label in FIGURES),
        *(("activities.sum", {"figure": name, "kind": "legal_aid"}) for name, _label in FIGURES),
    ]
    half = {"start": D(2023, 1, 1), "end": D(2023, 6, 30), "as_of": D(2023, 6, 30)}
    national = Org.objects.get(kind=OrgKind.NATIONAL)  # the top of the tree: read without joining it
    for node, period in ((town, TERM), (town, half), (national, TERM)):
        alone = [figure(key, node, period, **params) for key, params in cases]
        # When they are computed within one approval's sharing
        with registry.sharing():
            together = [figure(key, node, period, **params) for key, params in cases]
        # Then each has the same value, basis and records
        assert together == alone
    assert sum(result.value for result in alone) > 0


def test_the_national_list_reads_without_the_tree_and_lists_the_same_activities(town):
    # Given the national union, top of the demo's only tree
    from lienhiep.accounts.models import User
    from lienhiep.activities.selectors import activities_in
    from lienhiep.orgs import selectors as org_selectors
    from lienhiep.orgs import services as org_services

    national = Org.objects.get(kind=OrgKind.NATIONAL)
    period = {"start": D(2015, 1, 1), "end": D(2026, 12, 31)}
    assert (org_selectors.is_whole_tree(national), org_selectors.is_whole_tree(town)) == (True, False)

    # Then every activity of the period is under it, the same read with or without the join
    for kind in ("", "training"):
        joined = activities_in(national, **period, kind=kind).order_by("start_date", "id")
        whole = activities_in(national, **period, kind=kind, whole_tree=True).order_by("start_date", "id")
        assert list(whole.values_list("pk", flat=True)) == list(joined.values_list("pk", flat=True))
    trainings = list(activities_in(national, **period, kind="training").order_by("start_date", "id"))
    listed = registry.compute("activities.list", national, **period, as_of=period["end"], params={"kind": "training"})
    assert [row["title"] for row in listed.value] == [activity.title for activity in trainings]
    assert len(trainings) > 5

    # And once another unit stands at a top of its own, the national union is no longer the whole tree
    org_services.org_create(
        actor=User.objects.filter(is_superuser=True).first(), kind=OrgKind.NATIONAL, name="Một liên hiệp khác",
        founded_on=D(2026, 1, 1),
    )  # fmt: skip
    assert org_selectors.is_whole_tree(national) is False
