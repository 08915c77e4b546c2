"""Per-object grants (orgs/grants.py): given and revoked with their event rows, held within their dates only.

Any saved record may be granted; these tests grant units and a role (a dossier and an entry are records of apps
above orgs) to olga, who holds no role (the world's expert, erin, holds one grant of her own)."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError

from lienhiep.orgs import grants
from lienhiep.orgs.models import ObjectGrant, ObjectGrantEvent, Org, Role

D = dt.date
TODAY = D(2026, 11, 27)


def OLGAS(world):  # noqa: N802 - the event rows of olga's grants (the world has erin's too)
    return ObjectGrantEvent.objects.filter(target_id__in=ObjectGrant.objects.filter(user=world.olga).values("pk"))


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr("lienhiep.orgs.selectors.today", lambda: TODAY)
    return TODAY


def test_give_writes_the_grant_and_its_event(world, today):
    grant = grants.give(
        world.y_te, world.olga, kind="expert", by=world.alice, org=world.hong_linh, reason=" Chuyên gia "
    )
    stored = ObjectGrant.objects.get(user=world.olga)
    assert (stored.pk, stored.user, stored.org, stored.object_id, stored.kind) == (
        grant.pk, world.olga, world.hong_linh, world.y_te.pk, "expert",
    )  # fmt: skip
    assert (stored.content_type, stored.starts, stored.ends, stored.reason) == (
        ContentType.objects.get_for_model(Org), TODAY, None, "Chuyên gia",
    )  # fmt: skip
    assert (stored.given_by, stored.revoked_at, stored.revoked_by) == (world.alice, None, None)
    event = ObjectGrantEvent.objects.get(target_id=grant.pk)
    assert (event.kind, event.actor, event.org, event.target, event.target_id) == (
        "give", world.alice, world.hong_linh, "grant", grant.pk,
    )  # fmt: skip
    assert event.data == {
        "user": {"id": world.olga.pk, "name": str(world.olga)},
        "object": {"id": world.y_te.pk, "name": "Hội KH&KT Trung tâm Y tế"},
        "type": "org",
        "grant_kind": "expert",
        "starts": "2026-11-27",
        "ends": None,
        "reason": "Chuyên gia",
    }


def test_holds_within_its_dates_both_included(world, today):
    grants.give(world.y_te, world.olga, kind="expert", by=world.alice, org=world.hong_linh,
                starts=D(2026, 11, 1), ends=D(2026, 12, 31))  # fmt: skip
    held = [grants.holds(world.olga, world.y_te, on=day) for day in
            (D(2026, 10, 31), D(2026, 11, 1), D(2026, 12, 31), D(2027, 1, 1))]  # fmt: skip
    assert held == [False, True, True, False]
    assert grants.holds(world.olga, world.y_te) is True  # today, 27/11/2026
    assert grants.holds(world.olga, world.y_te, kind="expert") is True
    assert grants.holds(world.olga, world.y_te, kind="juror") is False
    # Another record, another user, a record of another model with the same id: none held.
    assert grants.holds(world.olga, world.trung_luong) is False
    assert grants.holds(world.bob, world.y_te) is False
    assert grants.holds(world.olga, Role.objects.get(pk=world.bob_role.pk)) is False


def test_revoke_ends_it_now_and_keeps_it(world, today):
    grant = grants.give(world.y_te, world.olga, kind="expert", by=world.alice, org=world.hong_linh)
    grants.revoke(grant, by=world.alice, reason="Xung đột lợi ích")
    assert grants.holds(world.olga, world.y_te) is False
    assert list(grants.granted_ids(world.olga, Org)) == []
    stored = ObjectGrant.objects.get(user=world.olga)
    assert (stored.revoked_by, stored.revoked_at is not None) == (world.alice, True)
    assert (grant.revoked_by, grant.revoked_at) == (world.alice, stored.revoked_at)
    assert list(OLGAS(world).order_by("id").values_list("kind", "target_id")) == [
        ("give", grant.pk), ("revoke", grant.pk),
    ]  # fmt: skip
    assert OLGAS(world).get(kind="revoke").data["reason"] == "Xung đột lợi ích"
    # Revoked once only; and given again afterwards, it holds again.
    with pytest.raises(ValidationError) as refused:
        grants.revoke(grant, by=world.alice)
    assert refused.value.code == "grant_revoked"
    assert OLGAS(world).count() == 2
    grants.give(world.y_te, world.olga, kind="expert", by=world.alice, org=world.hong_linh)
    assert grants.holds(world.olga, world.y_te) is True


def test_granted_ids_by_model_kind_and_date(world, today):
    grants.give(world.y_te, world.olga, kind="expert", by=world.alice, org=world.hong_linh)
    grants.give(world.trung_luong, world.olga, kind="juror", by=world.alice, org=world.hong_linh)
    grants.give(world.branch, world.olga, kind="expert", by=world.alice, org=world.hong_linh, starts=D(2027, 1, 1))
    grants.give(world.lawyers_ht, world.bob, kind="expert", by=world.alice, org=world.ha_tinh)
    grants.give(world.bob_role, world.olga, kind="expert", by=world.alice, org=world.trung_luong)
    assert sorted(grants.granted_ids(world.olga, Org)) == sorted([world.y_te.pk, world.trung_luong.pk])
    assert list(grants.granted_ids(world.olga, Org, kind="expert")) == [world.y_te.pk]
    assert sorted(grants.granted_ids(world.olga, Org, on=D(2027, 1, 1))) == sorted(
        [world.y_te.pk, world.trung_luong.pk, world.branch.pk]
    )
    assert list(grants.granted_ids(world.olga, Role)) == [world.bob_role.pk]
    # A subquery for the owning app's list.
    assert list(Org.objects.filter(pk__in=grants.granted_ids(world.olga, Org, kind="juror"))) == [world.trung_luong]
    assert [g.user for g in grants.of_object(world.trung_luong)] == [world.olga]
    assert grants.has_any(world.olga) is True
    assert grants.has_any(world.alice) is False


def test_an_inactive_or_anonymous_user_holds_nothing(world, today):
    from django.contrib.auth.models import AnonymousUser

    grants.give(world.y_te, world.olga, kind="expert", by=world.alice, org=world.hong_linh)
    assert grants.holds(AnonymousUser(), world.y_te) is False
    assert list(grants.granted_ids(AnonymousUser(), Org)) == []
    world.olga.is_active = False
    assert grants.holds(world.olga, world.y_te) is False


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"kind": " "}, "grant_kind"),
        ({"starts": D(2026, 12, 1), "ends": D(2026, 11, 30)}, "grant_range"),
        ({"starts": D(2026, 12, 31)}, "grant_duplicate"),  # overlaps the open grant given first
    ],
)
def test_bad_give_changes_nothing(world, today, kwargs, code):
    grants.give(world.y_te, world.olga, kind="expert", by=world.alice, org=world.hong_linh, ends=D(2027, 1, 31))
    with pytest.raises(ValidationError) as refused:
        grants.give(world.y_te, world.olga, **{"kind": "expert", "by": world.alice, "org": world.hong_linh, **kwargs})
    assert refused.value.code == code
    assert (ObjectGrant.objects.filter(user=world.olga).count(), OLGAS(world).count()) == (1, 1)


def test_a_later_spell_after_an_ended_one_may_be_given(world, today):
    grants.give(world.y_te, world.olga, kind="expert", by=world.alice, org=world.hong_linh,
                starts=D(2026, 1, 1), ends=D(2026, 6, 30))  # fmt: skip
    grants.give(world.y_te, world.olga, kind="expert", by=world.alice, org=world.hong_linh, starts=D(2026, 7, 1))
    assert ObjectGrant.objects.filter(user=world.olga).count() == 2
    assert grants.holds(world.olga, world.y_te, on=D(2026, 6, 30)) is True
    assert grants.holds(world.olga, world.y_te, on=D(2026, 7, 1)) is True
