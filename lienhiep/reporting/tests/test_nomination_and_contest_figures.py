"""Figures of nominations (awards) and of outside contests (activities) in the registry: exact values per unit and
subtree, as the tree stood, and on the demo."""

import datetime as dt

import pytest

from lienhiep.activities.tests.outside import outside_contest, steering_body
from lienhiep.awards import services
from lienhiep.orgs import services as org_services
from lienhiep.orgs.models import Org, OrgKind
from lienhiep.reporting import registry

D = dt.date


def _nominate(world, **values):
    base = {"org": world.y_te, "person": world.person, "form": "lao_dong_sang_tao", "issuer": "vusta", "year": 2024,
            "proposed_on": D(2025, 3, 10), "reason": "Sáng kiến được áp dụng"}  # fmt: skip
    return services.nomination_create(actor=world.alice, **{**base, **values})


@pytest.fixture
def steering(world):
    return steering_body(world)


def test_figures_made_and_granted_per_unit_and_subtree(world):

    def granted(nomination, on, number):
        services.nomination_send(actor=world.alice, nomination=nomination, sent_on=on - dt.timedelta(days=30))
        services.nomination_grant(actor=world.alice, nomination=nomination, decision_number=number, decision_date=on)

    granted(_nominate(world, proposed_on=D(2024, 1, 5), year=2023), D(2024, 3, 1), "1/QĐ")
    granted(_nominate(world, person=None, form="bang_khen", proposed_on=D(2024, 11, 2)), D(2025, 2, 1), "2/QĐ")
    sent = _nominate(world, proposed_on=D(2025, 3, 1))
    services.nomination_send(actor=world.alice, nomination=sent, sent_on=D(2025, 3, 20))
    _nominate(world, proposed_on=D(2025, 4, 1))  # proposed, never sent: not made
    # Y tế leaves Hồng Lĩnh on 01/07/2025; what it sent before counts where it stood then.
    org_services.org_move(actor=world.root, org=world.y_te, new_parent=world.ha_tinh, on=D(2025, 7, 1))
    late = _nominate(world, proposed_on=D(2025, 8, 1), year=2025)
    services.nomination_send(actor=world.alice, nomination=late, sent_on=D(2025, 8, 5))

    def value(key, node, start, end, **params):
        return registry.compute(key, node, start=start, end=end, as_of=end, params=params).value

    years = (D(2024, 1, 1), D(2025, 12, 31))
    assert value("nominations.made", world.y_te, *years) == 4
    assert value("nominations.made", world.hong_linh, *years) == 3
    assert value("nominations.made", world.ha_tinh, *years) == 4
    assert value("nominations.made", world.hong_linh, *years, to="unit") == 1
    assert value("nominations.granted", world.hong_linh, *years) == 2
    assert value("nominations.granted", world.hong_linh, D(2025, 1, 1), D(2025, 12, 31)) == 1
    assert value("nominations.granted", world.ha_tinh, *years, form="lao_dong_sang_tao") == 1
    # One member, nominated three times for the creative labour certificate: counted once.
    assert value("nominations.members", world.ha_tinh, *years, form="lao_dong_sang_tao") == 1
    assert value("nominations.members", world.trung_luong, *years, form="lao_dong_sang_tao") == 0
    assert value("nominations.by_year", world.hong_linh, *years) == [
        {"year": 2024, "form": "Bằng lao động sáng tạo", "made": 1, "granted": 1},
        {"year": 2025, "form": "Bằng khen", "made": 1, "granted": 1},
        {"year": 2025, "form": "Bằng lao động sáng tạo", "made": 1, "granted": 0},
    ]


def test_a_nomination_withdrawn_counts_until_the_day_it_was_withdrawn(world):
    nomination = _nominate(world)
    services.nomination_send(actor=world.alice, nomination=nomination, sent_on=D(2025, 3, 20))
    services.nomination_withdraw(
        actor=world.alice, nomination=nomination, withdrawn_on=D(2025, 5, 2), withdrawal="Bổ sung hồ sơ năm sau"
    )

    def made(key, as_of):
        return registry.compute(key, world.hong_linh, start=D(2025, 1, 1), end=D(2025, 6, 30), as_of=as_of).value

    # A half-year report read as of 30/04 counts it; as of the day it was withdrawn and later, it was not made.
    assert [made("nominations.made", on) for on in (D(2025, 4, 30), D(2025, 5, 2), D(2025, 6, 30))] == [1, 0, 0]
    assert [made("nominations.members", on) for on in (D(2025, 4, 30), D(2025, 6, 30))] == [1, 0]
    by_year = [made("nominations.by_year", on) for on in (D(2025, 4, 30), D(2025, 6, 30))]
    assert by_year == [[{"year": 2025, "form": "Bằng lao động sáng tạo", "made": 1, "granted": 0}], []]


@pytest.mark.django_db
def test_the_town_unions_nominations_over_the_term(demo):
    from lienhiep.awards.models import Honour, Nomination

    town = Org.objects.get(kind=OrgKind.DISTRICT)
    term = {"start": D(2018, 6, 15), "end": D(2023, 12, 31), "as_of": D(2023, 12, 31)}
    granted = Nomination.objects.filter(status="granted")
    # The six VUSTA certificates came from nominations: linked to the honours the demo records, none added.
    assert sorted(granted.values_list("honour__decision_number", flat=True)) == [
        "1321/QĐ-LHHVN", "1502/QĐ-LHHVN", "1503/QĐ-LHHVN", "1618/QĐ-LHHVN", "1619/QĐ-LHHVN", "1786/QĐ-LHHVN",
    ]  # fmt: skip
    assert (
        Honour.objects.filter(issuer="vusta", nomination__isnull=True).exclude(org__name__contains="Bắc Ninh").count()
        == 0
    )
    assert registry.compute("nominations.made", town, **term).value == 7
    assert registry.compute("nominations.granted", town, **term).value == 6
    assert registry.compute("nominations.granted", town, **term, params={"to": "person"}).value == 3
    refused = Nomination.objects.get(status="refused")
    assert (refused.person.full_name, refused.refused_on) == ("Tôn Quang Ngọc", D(2021, 1, 15))
    by_year = registry.compute("nominations.by_year", town, **term).value
    assert by_year == [
        {"year": 2018, "form": "Bằng khen", "made": 1, "granted": 1},
        {"year": 2019, "form": "Bằng khen", "made": 1, "granted": 1},
        {"year": 2020, "form": "Bằng khen", "made": 1, "granted": 0},
        {"year": 2021, "form": "Bằng khen", "made": 2, "granted": 2},
        {"year": 2023, "form": "Bằng khen", "made": 2, "granted": 2},
    ]
    # Congress V's target: one member nominated for the creative labour certificate, in 2025, awaiting the answer.
    next_term = {"start": D(2024, 3, 20), "end": D(2025, 6, 30), "as_of": D(2025, 6, 30)}
    members = registry.compute("nominations.members", town, **next_term, params={"form": "lao_dong_sang_tao"})
    assert (members.value, members.basis) == (1, "1 hội viên, 1 hồ sơ đề nghị đã gửi")


def test_the_figure_lists_them_and_counts_who_took_part(world, steering):
    outside_contest(world, steering, members=[world.person])
    outside_contest(world, steering, title="Cuộc thi tìm hiểu pháp luật về Bảo hiểm xã hội", start_date=D(2025, 10, 5),
                    participants_members=25, participants_officials=5)  # fmt: skip
    year = {"start": D(2025, 1, 1), "end": D(2025, 12, 31), "as_of": D(2025, 12, 31)}
    result = registry.compute("activities.outside_contests", world.hong_linh, **year)
    assert result.value == [
        {"title": "Cuộc thi tìm hiểu về cải cách hành chính", "organiser": "Ban Chỉ đạo cải cách hành chính thị xã",
         "start_date": D(2025, 9, 1), "unit": "Hội KH&KT Trung tâm Y tế", "participants": 40, "named": 1},
        {"title": "Cuộc thi tìm hiểu pháp luật về Bảo hiểm xã hội",
         "organiser": "Ban Chỉ đạo cải cách hành chính thị xã", "start_date": D(2025, 10, 5),
         "unit": "Hội KH&KT Trung tâm Y tế", "participants": 30, "named": 0},
    ]  # fmt: skip
    assert result.basis == "2 cuộc thi, 70 lượt người dự thi"
    text = registry.compute("activities.outside_contests_text", world.hong_linh, **year)
    assert text.value == (
        "cuộc thi tìm hiểu về cải cách hành chính; cuộc thi tìm hiểu pháp luật về Bảo hiểm xã hội"
        " do Ban Chỉ đạo cải cách hành chính thị xã tổ chức"
    )
    assert registry.compute("activities.count", world.ha_tinh, **year, params={"kind": "contest"}).value == 2
    assert registry.compute("activities.outside_contests", world.trung_luong, **year).value == []
