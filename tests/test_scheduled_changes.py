"""A change of the tree dated ahead is scheduled: until its date it changes nothing (decision 0007).

The story of issue 11: the Hà Tĩnh lawyers' association is moved to Bắc Ninh effective 01/01/2027. Before that
day, Hà Tĩnh's officer (alice) keeps it and Bắc Ninh's (chris) does not see it; from that day on, the other way
round. On each side of the date, for both officers, access, the member list, the member statistics, the overview's
figures and the tree agree.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from lienhiep.accounts.testing import login as login_verified
from lienhiep.activities import services as activity_services
from lienhiep.members import services as member_services
from lienhiep.orgs import selectors, services

D = dt.date
MOVE_ON = D(2027, 1, 1)
BEFORE = dt.datetime(2026, 11, 26, 9, tzinfo=dt.UTC)
AFTER = dt.datetime(2027, 1, 2, 9, tzinfo=dt.UTC)

pytestmark = pytest.mark.django_db


def _admit_two(world):
    """Two members of the lawyers' association, one more of Y tế (in Hà Tĩnh already: world.person)."""
    for name, born in [("Trần Thị Bình", D(1985, 2, 3)), ("Lê Văn Cường", D(1979, 7, 8))]:
        person = member_services.person_create(actor=world.root, full_name=name, gender="f", birth_date=born)
        member_services.member_admit(actor=world.root, person=person, org=world.lawyers_ht, joined_on=D(2020, 1, 1))


def _get(client, user, name, *args, **query):
    login_verified(client, user)
    return client.get(reverse(name, args=args), query)


def _listed(client, user, node):
    return _get(client, user, "members:list", node=node.pk).context["count"]


def _counted(client, user, node):
    return _get(client, user, "members:stats", node=node.pk).context["breakdown"].total


def _activities(client, user, node, start, end):
    response = _get(client, user, "reporting:overview", node=node.pk, start=f"{start:%d/%m/%Y}", end=f"{end:%d/%m/%Y}")
    return response.context["totals"].count


def _tree_ids(client, user, root):
    response = _get(client, user, "orgs:tree", root=root.pk)
    return {node.org.pk for node in selectors.flatten(response.context["roots"])}


def test_a_move_dated_ahead_changes_nothing_until_its_date_then_everything_at_once(client, world):
    with time_machine.travel(BEFORE, tick=False) as clock:
        _admit_two(world)
        activity_services.activity_create(
            actor=world.root, org=world.lawyers_ht, kind="training", title="Tập huấn luật", start_date=D(2026, 10, 1),
            participants_public=30,
        )  # fmt: skip
        services.org_move(actor=world.root, org=world.lawyers_ht, new_parent=world.bac_ninh, on=MOVE_ON)

        # Before the date: it is Hà Tĩnh's.
        assert _get(client, world.alice, "orgs:detail", world.lawyers_ht.pk).status_code == 200
        assert _get(client, world.alice, "orgs:edit", world.lawyers_ht.pk).status_code == 200
        assert _get(client, world.chris, "orgs:detail", world.lawyers_ht.pk).status_code == 404
        assert _get(client, world.chris, "orgs:edit", world.lawyers_ht.pk).status_code == 404
        assert _get(client, world.lan, "orgs:edit", world.lawyers_ht.pk).status_code == 403  # Hà Tĩnh's leader
        assert _get(client, world.lan, "orgs:detail", world.lawyers_ht.pk).status_code == 200
        assert _listed(client, world.alice, world.ha_tinh) == 3
        assert _counted(client, world.alice, world.ha_tinh) == 3
        assert _listed(client, world.chris, world.bac_ninh) == 0
        assert _counted(client, world.chris, world.bac_ninh) == 0
        year = (D(2026, 1, 1), D(2026, 11, 26))
        assert _activities(client, world.alice, world.ha_tinh, *year) == 1
        assert _activities(client, world.chris, world.bac_ninh, *year) == 0
        assert world.lawyers_ht.pk in _tree_ids(client, world.alice, world.ha_tinh)
        assert world.lawyers_ht.pk not in _tree_ids(client, world.chris, world.bac_ninh)
        # The home page's recent changes link only to pages that open.
        home = _get(client, world.alice, "home").content.decode()
        assert reverse("orgs:detail", args=[world.lawyers_ht.pk]) in home

        clock.move_to(AFTER)
        # From the date on: it is Bắc Ninh's, at once.
        assert _get(client, world.alice, "orgs:detail", world.lawyers_ht.pk).status_code == 404
        assert _get(client, world.chris, "orgs:detail", world.lawyers_ht.pk).status_code == 200
        assert _get(client, world.chris, "orgs:edit", world.lawyers_ht.pk).status_code == 200
        assert _get(client, world.lan, "orgs:edit", world.lawyers_ht.pk).status_code == 404
        assert _get(client, world.dan, "orgs:detail", world.lawyers_ht.pk).status_code == 404  # not his association
        assert _listed(client, world.alice, world.ha_tinh) == 1
        assert _counted(client, world.alice, world.ha_tinh) == 1
        assert _listed(client, world.chris, world.bac_ninh) == 2
        assert _counted(client, world.chris, world.bac_ninh) == 2
        activity_services.activity_create(
            actor=world.root, org=world.lawyers_ht, kind="training", title="Tập huấn 2027", start_date=D(2027, 1, 2),
            participants_public=30,
        )  # fmt: skip
        since = (D(2027, 1, 1), D(2027, 1, 2))
        assert _activities(client, world.alice, world.ha_tinh, *since) == 0
        assert _activities(client, world.chris, world.bac_ninh, *since) == 1
        assert world.lawyers_ht.pk not in _tree_ids(client, world.alice, world.ha_tinh)
        assert world.lawyers_ht.pk in _tree_ids(client, world.chris, world.bac_ninh)


def _tree_rows(client, user, root):
    response = _get(client, user, "orgs:tree", root=root.pk)
    return {n.org.pk: n for n in selectors.flatten(response.context["roots"])}, response


def test_a_scheduled_move_shows_on_the_unit_and_on_both_parents_pages(client, world):
    with time_machine.travel(BEFORE, tick=False):
        _admit_two(world)
        services.org_move(actor=world.root, org=world.lawyers_ht, new_parent=world.bac_ninh, on=MOVE_ON)

        # The old parent's tree: the unit's row says where it goes, and its members are counted.
        rows, response = _tree_rows(client, world.alice, world.ha_tinh)
        assert rows[world.lawyers_ht.pk].scheduled == "Sẽ chuyển sang Liên hiệp hội tỉnh Bắc Ninh từ 01/01/2027"
        assert rows[world.lawyers_ht.pk].members == 2
        assert rows[world.ha_tinh.pk].members == 3
        assert rows[world.hong_linh.pk].members == 1
        assert [(c["event"].kind, c["unit"], c["link"]) for c in response.context["changes"]] == [
            ("move", world.lawyers_ht.pk, True)
        ]
        # The new parent's tree: the unit is not under it yet, it is announced as coming, without a link for chris.
        rows, response = _tree_rows(client, world.chris, world.bac_ninh)
        assert world.lawyers_ht.pk not in rows
        assert [(c["event"].kind, c["unit"], c["link"]) for c in response.context["changes"]] == [
            ("child_in", world.lawyers_ht.pk, False)
        ]
        assert reverse("orgs:detail", args=[world.lawyers_ht.pk]) not in response.content.decode()
        # The unit's page, for alice: announced, with its members; the home pages mark it scheduled.
        page = _get(client, world.alice, "orgs:detail", world.lawyers_ht.pk)
        assert page.context["itself"].scheduled == "Sẽ chuyển sang Liên hiệp hội tỉnh Bắc Ninh từ 01/01/2027"
        assert page.context["itself"].members == 2
        assert [c["cancel"] for c in page.context["changes"]] == [False]  # alice does not manage Bắc Ninh
        assert [(e.kind, e.scheduled) for e in _get(client, world.alice, "home").context["recent"]][:1] == [
            ("move", True)
        ]
        home = _get(client, world.chris, "home")
        assert [(e.kind, e.org_id, e.scheduled) for e in home.context["recent"]][:1] == [
            ("child_in", world.bac_ninh.pk, True)
        ]


def test_whoever_could_make_the_change_today_may_cancel_it_and_the_tree_is_as_before(client, world):
    from lienhiep.orgs.models import OrgClosure, OrgEvent, OrgSpell
    from lienhiep.orgs.tests.closure import assert_closure_matches_spells

    with time_machine.travel(BEFORE, tick=False) as clock:
        before = sorted(
            OrgClosure.objects.values_list("ancestor_id", "descendant_id", "valid_from", "valid_to", "final")
        )
        services.org_move(actor=world.root, org=world.lawyers_ht, new_parent=world.bac_ninh, on=MOVE_ON)
        move = OrgEvent.objects.get(org=world.lawyers_ht, kind="move")
        url = reverse("orgs:change_cancel", args=[world.lawyers_ht.pk, move.pk])
        scheduled = sorted(OrgClosure.objects.values_list("ancestor_id", "descendant_id", "valid_from", "valid_to"))

        # chris does not see the unit yet: 404; alice restructures it but does not manage Bắc Ninh: 403.
        login_verified(client, world.chris)
        assert client.post(url).status_code == 404
        login_verified(client, world.alice)
        assert client.post(url).status_code == 403
        assert sorted(OrgClosure.objects.values_list("ancestor_id", "descendant_id", "valid_from", "valid_to")) == (
            scheduled
        )
        # The national union's officer could move it today, so may cancel it.
        login_verified(client, world.root)
        assert client.post(url).status_code == 302
        assert (
            sorted(OrgClosure.objects.values_list("ancestor_id", "descendant_id", "valid_from", "valid_to", "final"))
            == before
        )
        assert list(OrgSpell.objects.filter(org=world.lawyers_ht).values_list("parent_id", "valid_to")) == [
            (world.ha_tinh.pk, None)
        ]
        cancels = OrgEvent.objects.filter(kind="cancel").order_by("org_id")
        assert [(e.org_id, e.effective_on, e.actor_id) for e in cancels] == [
            (pk, MOVE_ON, world.root.pk) for pk in sorted([world.lawyers_ht.pk, world.ha_tinh.pk, world.bac_ninh.pk])
        ]
        assert [len(e.data["events"]) for e in cancels] == [3, 3, 3]  # the move and its two mirror rows
        assert selectors.scheduled_changes([world.ha_tinh.pk, world.bac_ninh.pk, world.lawyers_ht.pk]) == []
        # Cancelled twice: refused, nothing more written.
        client.post(url)
        assert OrgEvent.objects.filter(kind="cancel").count() == 3
        clock.move_to(AFTER)
        assert selectors.parent_on(world.lawyers_ht, on=AFTER.date()) == world.ha_tinh
        assert_closure_matches_spells([D(2026, 12, 31), MOVE_ON, D(2030, 1, 1)])


@pytest.mark.parametrize("change", ["dissolve", "merge_new", "merge_into", "split", "rename"])
def test_every_kind_of_scheduled_change_cancels_back_to_the_tree_as_it_was(world, change):
    from lienhiep.orgs.models import Org, OrgClosure, OrgEvent, OrgSpell
    from lienhiep.orgs.tests.closure import assert_closure_matches_spells

    def state():
        return (
            sorted(OrgClosure.objects.values_list("ancestor_id", "descendant_id", "valid_from", "valid_to", "final")),
            sorted(OrgSpell.objects.values_list("org_id", "parent_id", "name", "valid_from", "valid_to")),
            sorted(Org.objects.values_list("pk", "name", "ended_on", "end_reason", "successor_id")),
        )

    with time_machine.travel(BEFORE, tick=False):
        before = state()
        root, on = world.root, MOVE_ON
        if change == "dissolve":
            services.org_dissolve(actor=root, org=world.hong_linh, on=on, children_to=world.ha_tinh)
            unit, kind = world.hong_linh, "dissolve"
        elif change == "merge_new":
            services.org_merge(actor=root, sources=[world.hong_linh], on=on, new_name="Liên hiệp hội mới")
            unit, kind = world.hong_linh, "merge_out"
        elif change == "merge_into":
            services.org_merge(actor=root, sources=[world.ha_tinh], target=world.bac_ninh, on=on)
            unit, kind = world.ha_tinh, "merge_out"
        elif change == "split":
            services.org_split(
                actor=root, org=world.hong_linh, on=on, parts=["Phần A", "Phần B"],
                assignment={world.trung_luong.pk: 0, world.y_te.pk: 1},
            )  # fmt: skip
            unit, kind = world.hong_linh, "split"
        else:
            services.org_rename(actor=root, org=world.hong_linh, name="Liên hiệp hội phường Hồng Lĩnh", on=on)
            unit, kind = world.hong_linh, "rename"
        assert state() != before
        event = OrgEvent.objects.get(org=unit, kind=kind)
        # Until its date nothing is different: the unit is still live and where it was.
        assert Org.objects.get(pk=unit.pk).is_active
        services.org_change_cancel(actor=root, event=event)
        assert state() == before
        assert_closure_matches_spells([D(2026, 12, 31), MOVE_ON])
        assert selectors.scheduled_changes(Org.objects.values("pk")) == []


def test_a_change_that_took_effect_cannot_be_cancelled(world):
    from django.core.exceptions import ValidationError

    from lienhiep.orgs.models import OrgEvent

    with time_machine.travel(BEFORE, tick=False) as clock:
        services.org_move(actor=world.root, org=world.lawyers_ht, new_parent=world.bac_ninh, on=MOVE_ON)
        clock.move_to(AFTER)
        with pytest.raises(ValidationError) as refused:
            services.org_change_cancel(actor=world.root, event=OrgEvent.objects.get(kind="move", org=world.lawyers_ht))
        assert refused.value.code == "took_effect"
        assert OrgEvent.objects.filter(kind="cancel").count() == 0


def test_a_dissolved_unit_lists_the_members_it_had_and_pickers_find_it_marked(client, world):
    from lienhiep.members import selectors as member_selectors

    with time_machine.travel(BEFORE, tick=False):
        services.org_dissolve(actor=world.root, org=world.hong_linh, on=D(2025, 7, 1), children_to=world.ha_tinh)
        # Y tế (with world.person since 2015) stood under Hồng Lĩnh until 01/07/2025.
        assert _listed(client, world.alice, world.hong_linh) == 1
        assert _listed(client, world.alice, world.hong_linh) == member_selectors.member_count(
            world.hong_linh, on=D(2025, 6, 30)
        )
        login_verified(client, world.alice)
        as_of = client.get(reverse("members:list"), {"node": world.hong_linh.pk, "on": "01/01/2014"})
        assert as_of.context["count"] == 0
        as_of = client.get(reverse("members:list"), {"node": world.hong_linh.pk, "on": "01/01/2016"})
        assert as_of.context["count"] == 1
        # The unit picker and the tree filter find it, marked.
        found = client.get(reverse("orgs:unit_lookup"), {"q": "hong linh"}).json()["results"]
        assert [r["text"] for r in found] == ["Liên hiệp hội thị xã Hồng Lĩnh (đã giải thể)"]
        results = client.get(reverse("orgs:tree_search"), {"q": "hong linh", "root": world.ha_tinh.pk})
        assert [spell.org_id for spell, _chain in results.context["results"]] == [world.hong_linh.pk]
        assert 'data-testid="ended"' in results.content.decode()


def test_the_move_preview_says_what_moves_with_the_unit_and_writes_nothing(client, world):
    from lienhiep.orgs.models import OrgClosure, OrgEvent, RememberedFigure

    with time_machine.travel(BEFORE, tick=False):
        _admit_two(world)
        activity_services.activity_create(
            actor=world.root, org=world.lawyers_ht, kind="training", title="Tập huấn luật", start_date=D(2026, 10, 1),
            participants_public=30,
        )  # fmt: skip
        closure, remembered = OrgClosure.objects.count(), RememberedFigure.objects.count()
        login_verified(client, world.root)
        response = client.post(
            reverse("orgs:move", args=[world.lawyers_ht.pk]),
            {"new_parent": world.bac_ninh.pk, "on": "01/01/2027"},
        )
        impact = response.context["impact"]
        assert (impact.units, impact.scheduled, response.context["members"]) == (1, True, 2)
        assert sorted(u.username for u in impact.losing) == ["alice", "lan"]
        assert sorted(u.username for u in impact.gaining) == ["chris"]
        assert response.context["records"] == [
            ("hoạt động", 1), ("sáng kiến, đề tài", 0), ("mô hình, dự án", 0), ("khen thưởng", 0),
            ("kinh phí", 0), ("khoản chi", 0),
        ]  # fmt: skip
        assert (OrgClosure.objects.count(), OrgEvent.objects.filter(kind="move").count()) == (closure, 0)
        assert RememberedFigure.objects.count() == remembered


def test_a_past_tree_shows_what_the_node_holds_today_where_it_stood_then(client, world):
    from lienhiep.orgs.models import OrgKind

    bac_giang = services.org_create(
        actor=world.root, kind=OrgKind.PROVINCIAL, name="Liên hiệp hội tỉnh Bắc Giang", founded_on=D(1997, 5, 1),
        parent=world.national,
    )  # fmt: skip
    doctors = services.org_create(
        actor=world.root, kind=OrgKind.ASSOCIATION, name="Hội Y học tỉnh Bắc Giang", founded_on=D(2000, 1, 1),
        parent=bac_giang,
    )  # fmt: skip
    services.org_merge(actor=world.root, sources=[bac_giang], target=world.bac_ninh, on=D(2025, 7, 1))
    login_verified(client, world.chris)

    # Bắc Ninh's tree of 2023 is Bắc Ninh's as it was; Bắc Giang's, held by Bắc Ninh today, stands beside it.
    response = client.get(reverse("orgs:tree"), {"root": world.bac_ninh.pk, "on": "01/06/2023"})
    assert [n.org.pk for n in selectors.flatten(response.context["roots"])] == [world.bac_ninh.pk, world.lawyers_bn.pk]
    elsewhere = response.context["elsewhere"]
    assert [(n.org.pk, n.stood_under.pk) for n in elsewhere] == [(bac_giang.pk, world.national.pk)]
    assert [n.org.pk for n in selectors.flatten(elsewhere)] == [bac_giang.pk, doctors.pk]
    assert {bac_giang.pk, doctors.pk} <= response.context["visible"]
    # Today: the association stands under Bắc Ninh, and nothing stands elsewhere.
    response = client.get(reverse("orgs:tree"), {"root": world.bac_ninh.pk})
    assert doctors.pk in {n.org.pk for n in selectors.flatten(response.context["roots"])}
    assert response.context["elsewhere"] == []
    # Hà Tĩnh's officer, whose role does not reach Bắc Giang, cannot ask for Bắc Ninh's tree at all.
    login_verified(client, world.alice)
    assert client.get(reverse("orgs:tree"), {"root": world.bac_ninh.pk, "on": "01/06/2023"}).status_code == 404
