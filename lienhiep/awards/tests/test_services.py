import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from lienhiep.awards import selectors, services
from lienhiep.awards.models import AwardEvent, EmulationRating, Honour
from lienhiep.orgs import services as org_services

D = dt.date


def _honour(world, **values):
    base = {"org": world.hong_linh, "form": "bang_khen", "issuer": "vusta", "decision_number": "100/QĐ-LHHVN",
            "decision_date": D(2018, 12, 20)}  # fmt: skip
    return services.honour_create(actor=world.alice, **{**base, **values})


def test_an_honour_to_a_unit_and_one_to_a_member(world):
    unit = _honour(world)
    member = _honour(world, org=world.y_te, person=world.person, decision_number="101/QĐ-LHHVN")
    assert (unit.recipient, unit.to_person) == ("Liên hiệp hội thị xã Hồng Lĩnh", False)
    assert (member.recipient, member.to_person) == ("Nguyễn Văn An", True)
    assert AwardEvent.objects.filter(target="honour").count() == 2


def test_honour_rules(world):
    with pytest.raises(ValidationError):  # the member belongs to another association
        _honour(world, org=world.trung_luong, person=world.person)
    with pytest.raises(ValidationError):  # a member and a typed name at once
        _honour(world, org=world.y_te, person=world.person, person_name="Lê Văn Bình")
    with pytest.raises(ValidationError):  # the future
        _honour(world, decision_date=dt.date.max.replace(year=2100))
    with pytest.raises(ValidationError) as error:  # before the union existed (2003)
        _honour(world, decision_date=D(2001, 1, 1))
    assert error.value.messages == ["Liên hiệp hội thị xã Hồng Lĩnh không tồn tại vào ngày 01/01/2001."]
    _honour(world)
    with pytest.raises(ValidationError):  # recorded twice
        _honour(world)
    assert Honour.objects.count() == 1


def test_vusta_certificates_to_the_town_union(world):
    for year in (2018, 2021, 2023):
        _honour(world, decision_number=f"{year}/QĐ-LHHVN", decision_date=D(year, 12, 10))
    _honour(
        world, issuer="provincial_union", form="giay_khen", decision_number="9/QĐ-LHH", decision_date=D(2019, 12, 1)
    )
    rows = selectors.honours_to_unit(world.hong_linh, issuer="vusta", form="bang_khen")
    assert [h.decision_date.year for h in rows] == [2018, 2021, 2023]
    totals = selectors.honour_totals(world.ha_tinh, start=D(2018, 1, 1), end=D(2023, 12, 31))
    assert totals.by_issuer == {"provincial_union": 1, "vusta": 3}
    assert totals.by_year[2021] == {"vusta": 1}


def test_an_honour_counts_where_the_unit_stood_on_the_decision_date(world):
    _honour(world, org=world.trung_luong, issuer="provincial_union", form="giay_khen", decision_date=D(2024, 12, 1))
    org_services.org_move(actor=world.root, org=world.trung_luong, new_parent=world.ha_tinh, on=D(2025, 7, 1))
    _honour(world, org=world.trung_luong, issuer="provincial_union", form="giay_khen", decision_number="2/QĐ",
            decision_date=D(2025, 12, 1))  # fmt: skip
    period = {"start": D(2024, 1, 1), "end": D(2025, 12, 31)}
    assert selectors.honour_totals(world.hong_linh, **period).count == 1
    assert selectors.honour_totals(world.ha_tinh, **period).count == 2


def test_a_rating_is_set_once_per_year_and_body_and_can_be_corrected(world):
    services.rating_set(actor=world.alice, org=world.hong_linh, year=2022, rating="good", rated_by="local_committee")
    services.rating_set(
        actor=world.alice, org=world.hong_linh, year=2022, rating="excellent", rated_by="local_committee"
    )
    services.rating_set(actor=world.alice, org=world.y_te, year=2022, rating="good", rated_by="local_committee")
    assert EmulationRating.objects.get(org=world.hong_linh).rating == "excellent"
    event = AwardEvent.objects.filter(target="rating").order_by("at", "id")[1]
    assert (event.kind, event.data["before"]["rating"], event.data["after"]["rating"]) == (
        "update",
        "good",
        "excellent",
    )
    assert [r.org for r in selectors.ratings_in(world.hong_linh, year=2022)] == [world.y_te, world.hong_linh]
    with pytest.raises(ValidationError):
        services.rating_set(
            actor=world.alice, org=world.hong_linh, year=2001, rating="good", rated_by="local_committee"
        )


def test_the_remaining_rules_change_nothing(world):
    with pytest.raises(ValidationError):  # no decision number
        _honour(world, decision_number="  ")
    with pytest.raises(ValidationError):  # a rating for a year to come
        services.rating_set(actor=world.alice, org=world.hong_linh, year=2100, rating="good", rated_by="vusta")
    assert not Honour.objects.exists() and not EmulationRating.objects.exists()
    assert not AwardEvent.objects.exists()
