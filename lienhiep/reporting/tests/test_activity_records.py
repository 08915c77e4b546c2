"""What a half-year report needs of activities (REPORTING.md §4.4), tested beside the figures that read them: study
tours, the unit's part in others' events, plans, how and for whom, legal advice by area, charity by cause, counted
works, initiatives by their date, models and projects; and the plausibility ceilings (§5.9 item 28). Only done
activities are counted by any figure."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from lienhiep.activities import selectors, services
from lienhiep.activities.models import Activity, ActivityEvent, Partner, PlausibilityLimits
from lienhiep.orgs.selectors import today
from lienhiep.reporting import overview, registry

D = dt.date
H1 = {"start": D(2026, 1, 1), "end": D(2026, 6, 30), "as_of": D(2026, 6, 30)}


def _new(world, org=None, **values):
    values = {"kind": "training", "title": "Tập huấn", "start_date": D(2026, 3, 8), **values}
    return services.activity_create(actor=world.root, org=org or world.trung_luong, **values)


def _figure(key, node, **params):
    return registry.compute(key, node, params=params, **H1)


def test_a_planned_activity_lies_ahead_and_counts_only_once_done(world):
    # Given a training planned for a day ahead, and one planned in the half-year and cancelled
    ahead = today() + dt.timedelta(days=40)
    plan = _new(world, status="planned", start_date=ahead, participants_public=None)
    assert plan.planned_for == ahead
    cancelled = _new(world, status="planned", start_date=D(2026, 2, 1))
    services.activity_update(actor=world.root, activity=cancelled, status="cancelled")
    done = _new(world, participants_public=30)
    # Then only the done one counts, in every figure that counts activities
    assert _figure("activities.count", world.ha_tinh).value == 1
    assert _figure("activities.count", world.ha_tinh, kind="training").value == 1
    assert _figure("activities.sum", world.ha_tinh, figure="participants").value == 30
    assert [r["title"] for r in _figure("activities.list", world.ha_tinh).value] == ["Tập huấn"]
    with registry.figures_only():
        assert _figure("activities.count", world.ha_tinh).value == 1
    totals = selectors.activity_totals(world.ha_tinh, start=H1["start"], end=ahead)
    assert (totals.count, totals.participants) == (1, 30)
    # and the plan is listed for "phương hướng" over the period it falls in
    planned = registry.compute("activities.planned", world.ha_tinh, start=today(), end=ahead, as_of=today(), params={})
    assert [(r["title"], r["planned_for"], r["unit"]) for r in planned.value] == [
        ("Tập huấn", ahead, "Hội KH&KT phường Trung Lương")
    ]
    assert planned.basis == "1 hoạt động dự kiến"
    # A done activity cannot go back to planned; a cancelled one can
    with pytest.raises(ValidationError) as error:
        services.activity_update(actor=world.root, activity=done, status="planned")
    assert error.value.message_dict["status"] == ["Hoạt động đã thực hiện không thể chuyển thành dự kiến."]
    assert Activity.objects.get(pk=done.pk).status == "done"
    services.activity_update(actor=world.root, activity=cancelled, status="planned")
    # A plan done later is counted on the day it was done, its planned day kept
    services.activity_update(
        actor=world.root, activity=plan, status="done", start_date=D(2026, 4, 2), participants_public=12
    )
    plan.refresh_from_db()
    assert (plan.status, plan.planned_for, plan.start_date) == ("done", ahead, D(2026, 4, 2))
    assert _figure("activities.sum", world.ha_tinh, figure="participants").value == 42
    event = ActivityEvent.objects.filter(target="activity", target_id=plan.pk).order_by("pk").last()
    assert event.data["after"]["status"] == "done"


def test_a_done_activity_is_not_dated_ahead(world):
    with pytest.raises(ValidationError) as error:
        _new(world, start_date=today() + dt.timedelta(days=3))
    assert "start_date" in error.value.message_dict
    assert not Activity.objects.exists()


def test_study_tours_count_participants_in_person_times(world):
    _new(world, kind="study_tour", title="Học tập kinh nghiệm tại Nghệ An", participants_members=25,
         participants_officials=5, audience="leaders")  # fmt: skip
    _new(world, org=world.y_te, kind="study_tour", title="Trao đổi kinh nghiệm", participants_members=18)
    tours = _figure("activities.sum", world.ha_tinh, figure="participants", kind="study_tour")
    assert (tours.value, tours.basis) == (48, "48 từ 2 hoạt động")
    with pytest.raises(ValidationError):  # a study tour records no money
        _new(world, kind="study_tour", money_raised=Decimal(1))


def test_taking_part_in_an_event_organised_outside(world):
    vusta = Partner.objects.create(name="Liên hiệp các Hội KH&KT Việt Nam", name_folded="lien hiep")
    joined = _new(world, kind="seminar", title="Hội thảo quốc gia", role="participant", host=vusta,
                  participants_members=3, mode="online")  # fmt: skip
    _new(world, kind="seminar", title="Hội thảo của hội")
    assert _figure("activities.count", world.ha_tinh, role="participant").value == 1
    assert _figure("activities.count", world.ha_tinh, role="organiser").value == 1
    row = _figure("activities.list", world.ha_tinh, role="participant").value[0]
    assert (row["title"], row["role"]) == ("Hội thảo quốc gia", "Tham dự (Liên hiệp các Hội KH&KT Việt Nam)")
    assert joined.figures == [("người tham dự: hội viên", 3), ("hình thức", "Trực tuyến")]
    # an activity of the unit's own has no outside organiser
    with pytest.raises(ValidationError) as error:
        _new(world, kind="seminar", role="organiser", host=vusta)
    assert "host" in error.value.message_dict


def test_legal_advice_by_area_and_charity_by_cause(world):
    _new(world, kind="legal_aid", title="Tư vấn pháp luật", persons_advised=40, cases_handled=3,
         legal_areas=["family", "land"])  # fmt: skip
    _new(world, kind="legal_aid", title="Tư vấn đất đai", persons_advised=25, cases_handled=1, legal_areas=["land"])
    _new(world, kind="legal_aid", title="Tư vấn", persons_advised=5)
    legal = _figure("activities.legal_advice", world.ha_tinh)
    assert legal.value == [
        {"area": "Đất đai", "sessions": 2, "persons_advised": 65, "cases_handled": 4},
        {"area": "Hôn nhân và gia đình", "sessions": 1, "persons_advised": 40, "cases_handled": 3},
        {"area": "không ghi lĩnh vực", "sessions": 1, "persons_advised": 5, "cases_handled": 0},
    ]
    assert legal.basis == "3 buổi tư vấn, 70 lượt người được tư vấn"
    with pytest.raises(ValidationError):
        _new(world, kind="legal_aid", legal_areas=["sea"])

    _new(world, kind="campaign", title="Quỹ Vì người nghèo", theme="fund_for_the_poor", beneficiary="poor",
         money_raised=Decimal(12_000_000), recipients=6)  # fmt: skip
    _new(world, kind="visit", title="Thăm, tặng quà học sinh", theme="study", beneficiary="pupils", gifts=10,
         gifts_value=Decimal(5_000_000), scholarships=10, recipients=10)  # fmt: skip
    charity = _figure("activities.charity", world.ha_tinh)
    assert charity.value == [
        {"theme": "Quỹ Vì người nghèo", "activities": 1, "money_raised": 12_000_000, "gifts": 0, "gifts_value": 0,
         "scholarships": 0, "recipients": 6},
        {"theme": "Khuyến học", "activities": 1, "money_raised": 0, "gifts": 10, "gifts_value": 5_000_000,
         "scholarships": 10, "recipients": 10},
    ]  # fmt: skip
    assert _figure("activities.sum", world.ha_tinh, figure="scholarships", kind="visit").value == 10


def test_legal_advice_and_charity_from_the_remembered_months_are_the_records(world):
    # Given legal advice and charity over two months, in two units, beside other kinds
    _new(world, kind="legal_aid", persons_advised=40, cases_handled=3, legal_areas=["family", "land"])
    _new(world, kind="legal_aid", persons_advised=25, legal_areas=["land"], start_date=D(2026, 4, 2))
    _new(world, org=world.y_te, kind="legal_aid", persons_advised=7, legal_areas=["family", "land"])
    _new(world, kind="legal_aid", persons_advised=5, start_date=D(2026, 5, 20))
    _new(world, kind="campaign", theme="fund_for_the_poor", money_raised=Decimal(12_000_000), recipients=6)
    _new(world, org=world.y_te, kind="campaign", theme="fund_for_the_poor", money_raised=Decimal(3_000_000),
         start_date=D(2026, 6, 30))  # fmt: skip
    _new(world, kind="visit", theme="study", gifts=10, gifts_value=Decimal(5_000_000), recipients=10)
    _new(world, kind="campaign", money_raised=Decimal(1_000_000), start_date=D(2026, 2, 1))
    _new(world, kind="cooperation", money_raised=Decimal(9_000_000))
    for key in ("activities.legal_advice", "activities.charity"):
        for node in (world.ha_tinh, world.hong_linh, world.y_te):
            records = _figure(key, node)
            # when read for a page (figures only): counted from the months, then read from the remembered ones
            for _read in range(2):
                with registry.figures_only():
                    remembered = _figure(key, node)
                assert (remembered.value, remembered.basis) == (records.value, records.basis), (key, node)
    assert _figure("activities.charity", world.ha_tinh).value[0]["money_raised"] == 15_000_000


def test_works_are_counted_with_their_unit(world):
    works = _new(world, kind="cooperation", title="Công trình thanh niên", items=6, items_unit="công trình")
    assert ("công trình, sản phẩm", "6 công trình") in works.figures
    assert _figure("activities.list", world.ha_tinh).value[0]["items"] == "06 công trình"
    with pytest.raises(ValidationError) as error:
        _new(world, kind="cooperation", items=2)
    assert "items_unit" in error.value.message_dict


def test_the_overview_shows_the_new_counts(world):
    _new(world, kind="study_tour", title="Học tập kinh nghiệm", participants_members=20)
    _new(world, kind="legal_aid", title="Tư vấn", persons_advised=9, legal_areas=["civil"])
    found = overview.figures(world.ha_tinh, H1["start"], H1["end"])
    assert found["sums"]["study_tour_participants"] == 20
    assert found["legal"] == [{"area": "Dân sự", "sessions": 1, "persons_advised": 9, "cases_handled": 0}]
    assert found["charity"] == []


# --- Plausibility ---------------------------------------------------------------------------------


def test_plausibility_warns_in_vietnamese_over_a_plain_mapping():
    limits = {"gift_value": 10_000_000, "participants_per_class": 500, "money_per_recipient": 50_000_000}
    assert selectors.plausibility_warnings({"gifts": 2, "gifts_value": 600_000_000}, limits=limits) == [
        "Mỗi suất quà trị giá 300.000.000 đồng, vượt mức thường gặp 10.000.000 đồng: hãy kiểm tra giá trị quà."
    ]
    assert selectors.plausibility_warnings({"participants": "1200", "classes": 2}, limits=limits) == [
        "600 người dự một lớp, vượt mức thường gặp 500: hãy kiểm tra số người dự."
    ]
    assert selectors.plausibility_warnings(
        {"kind": "training", "participants_public": 300, "participants_members": 201}, limits=limits
    ) == ["501 người dự một lớp, vượt mức thường gặp 500: hãy kiểm tra số người dự."]
    assert selectors.plausibility_warnings({"money_raised": Decimal(120_000_000), "recipients": 2}, limits=limits) == [
        "60.000.000 đồng cho mỗi người được giúp đỡ, vượt mức thường gặp 50.000.000 đồng: hãy kiểm tra số tiền và số "
        "người được giúp đỡ."
    ]
    # Plausible, or missing figures: nothing to say
    assert selectors.plausibility_warnings({"gifts": 30, "gifts_value": 9_000_000, "recipients": 0}) == []
    assert selectors.plausibility_warnings({}) == []


def test_a_union_sets_its_ceilings_and_its_units_take_them(world):
    services.plausibility_limits_set(actor=world.alice, org=world.ha_tinh, gift_value=Decimal(2_000_000))
    assert selectors.plausibility_limits(world.branch) == {
        "gift_value": 2_000_000, "participants_per_class": 500, "money_per_recipient": 50_000_000
    }  # fmt: skip
    assert selectors.plausibility_limits(world.lawyers_bn)["gift_value"] == 10_000_000
    event = ActivityEvent.objects.get(target="limits")
    assert (event.actor, event.org, event.data["after"]["gift_value"]) == (world.alice, world.ha_tinh, 2_000_000)
    # a secretary does not set them
    with pytest.raises(Exception):  # noqa: B017, PT011 - PermissionDenied
        services.plausibility_limits_set(actor=world.bob, org=world.trung_luong, gift_value=Decimal(1))
    assert PlausibilityLimits.objects.count() == 1


def test_item_28_a_gift_worth_hundreds_of_millions_is_warned_about_and_kept_as_recorded(world):
    visit = _new(world, kind="visit", title="Thăm, tặng quà gia đình chính sách", gifts=1,
                 gifts_value=Decimal(300_000_000), recipients=1)  # fmt: skip
    assert selectors.activity_warnings(visit) == [
        "Mỗi suất quà trị giá 300.000.000 đồng, vượt mức thường gặp 10.000.000 đồng: hãy kiểm tra giá trị quà."
    ]
    assert Activity.objects.get(pk=visit.pk).gifts_value == 300_000_000
    assert _figure("activities.sum", world.ha_tinh, figure="gifts_value").value == 300_000_000


# --- Initiatives by their date recognised -----------------------------------------------------------


def _initiative(world, org, **values):
    values = {"title": "Sáng kiến", "author_names": "Lê Văn A", "level": "basic", **values}
    return services.initiative_create(actor=world.root, org=org, **values)


def test_a_half_year_counts_initiatives_by_their_date_recognised(world):
    # Given initiatives of 2026: two dated in the first half, one in the second, one with its year only
    _initiative(world, world.trung_luong, recognised_on=D(2026, 3, 2), applied=True, effect="Áp dụng tại phường")
    _initiative(world, world.y_te, year=2026, recognised_on=D(2026, 6, 30))
    _initiative(world, world.y_te, recognised_on=D(2026, 7, 1))
    _initiative(world, world.y_te, year=2026)
    # Then the half-year counts the dated ones within it, and says how many of the year carry no date
    half = _figure("initiatives.count", world.ha_tinh)
    assert (half.value, half.basis) == (2, "1 / 2 được ứng dụng (01/01/2026–30/06/2026); 1 không ghi ngày công nhận "
                                           "(năm 2026) không tính")  # fmt: skip
    assert _figure("initiatives.count", world.ha_tinh, applied="yes").value == 1
    listed = _figure("initiatives.list", world.ha_tinh)
    assert [(row["unit"], row["year"]) for row in listed.value] == [
        ("Hội KH&KT phường Trung Lương", 2026), ("Hội KH&KT Trung tâm Y tế", 2026)
    ]  # fmt: skip
    # while the whole year counts all four by their year, as before
    year = registry.compute("initiatives.count", world.ha_tinh, start=D(2026, 1, 1), end=D(2026, 12, 31),
                            as_of=D(2026, 12, 31))  # fmt: skip
    assert year.value == 4
    # The year follows the date; a date outside the year given is refused
    assert _initiative(world, world.y_te, title="Có ngày", recognised_on=D(2025, 9, 9)).year == 2025
    with pytest.raises(ValidationError) as error:
        _initiative(world, world.y_te, title="Lệch năm", year=2024, recognised_on=D(2025, 9, 9))
    assert error.value.message_dict["recognised_on"] == ["Ngày công nhận phải thuộc năm công nhận (2024)."]


# --- Models and projects ------------------------------------------------------------------------------


def test_models_and_projects_are_counted_and_listed_as_their_unit_stood(world):
    farm = Partner.objects.create(name="Công ty CP Chăn nuôi Hồng Lĩnh", name_folded="cong ty cp chan nuoi")
    beef = services.project_create(
        actor=world.bob, org=world.trung_luong, kind="production", title="Mô hình nuôi bò thịt  chất lượng cao",
        host="Tổ hợp tác chăn nuôi", started_on=D(2025, 4, 1), households=12, scale="60 con bò",
        funding=Decimal(450_000_000), funding_source="Doanh nghiệp liên kết", partners=[farm],
    )  # fmt: skip
    assert beef.title == "Mô hình nuôi bò thịt chất lượng cao"
    services.project_create(
        actor=world.root, org=world.y_te, kind="livelihood", title="Tổ dịch vụ ăn uống tại gia",
        started_on=D(2026, 2, 1), households=8,
    )  # fmt: skip
    ahead = today() + dt.timedelta(days=30)
    services.project_create(actor=world.root, org=world.y_te, kind="transfer", title="Chuyển giao", status="planned",
                            started_on=ahead)  # fmt: skip
    # Started in the half-year: one; under way in it: both
    started = _figure("projects.count", world.ha_tinh)
    assert (started.value, started.basis) == (1, "1 mô hình, dự án, 8 hộ tham gia")
    assert _figure("projects.count", world.ha_tinh, running="yes").value == 2
    assert _figure("projects.count", world.ha_tinh, running="yes", kind="production").value == 1
    rows = _figure("projects.list", world.ha_tinh, running="yes").value
    assert [(r["title"], r["unit"], r["households"], r["partners"], r["status"]) for r in rows] == [
        ("Mô hình nuôi bò thịt chất lượng cao", "Hội KH&KT phường Trung Lương", 12, "Công ty CP Chăn nuôi Hồng Lĩnh",
         "Đang triển khai"),
        ("Tổ dịch vụ ăn uống tại gia", "Hội KH&KT Trung tâm Y tế", 8, "", "Đang triển khai"),
    ]  # fmt: skip
    # Finished needs its end; a finished one does not start again
    with pytest.raises(ValidationError) as error:
        services.project_update(actor=world.bob, project=beef, status="finished")
    assert "ended_on" in error.value.message_dict
    beef.refresh_from_db()
    services.project_update(actor=world.bob, project=beef, status="finished", ended_on=D(2026, 3, 31))
    with pytest.raises(ValidationError):
        services.project_update(actor=world.bob, project=beef, status="running", ended_on=None)
    events = ActivityEvent.objects.filter(target="project", target_id=beef.pk).order_by("pk")
    assert [(e.kind, e.actor) for e in events] == [("create", world.bob), ("update", world.bob)]
    assert events[1].data["after"] == {"status": "finished", "ended_on": "2026-03-31"}


def test_the_form_warns_when_a_gift_is_implausible_and_saves_it_as_typed(world, client):
    from lienhiep.accounts.testing import login

    login(client, world.bob)
    data = {
        "kind": "visit", "title": "Thăm, tặng quà", "start_date": "02/03/2026", "org": world.trung_luong.pk,
        "gifts": "1", "gifts_value": "300.000.000", "recipients": "1", "theme": "gratitude",
        "beneficiary": "policy_families", "scholarships": "1",
    }  # fmt: skip
    response = client.post(f"/activities/new/?org={world.trung_luong.pk}", data, follow=True)
    visit = Activity.objects.get(title="Thăm, tặng quà")
    assert (visit.gifts_value, visit.theme, visit.scholarships) == (300_000_000, "gratitude", 1)
    page = response.content.decode()
    assert page.count("Mỗi suất quà trị giá 300.000.000 đồng, vượt mức thường gặp 10.000.000 đồng") == 2
    assert "Gia đình chính sách" in page
