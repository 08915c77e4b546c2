import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from lienhiep.orgs import services
from lienhiep.orgs.models import OrgKind, RoleKind
from lienhiep.orgs.permissions import Access, access_level, get_org_for_restructure, get_org_for_user, orgs_at_least
from lienhiep.orgs.tests.factories import OrgFactory

D = dt.date


def fresh(user):
    user.__dict__.pop("_lienhiep_role_levels", None)
    return user


def test_role_holds_on_the_whole_subtree(world):
    assert access_level(world.alice, world.branch) == Access.MANAGE
    assert access_level(world.lan, world.branch) == Access.VIEW
    assert access_level(world.bob, world.trung_luong) == Access.EDIT
    assert access_level(world.bob, world.y_te) is None
    assert access_level(world.dan, world.ha_tinh) is None
    assert access_level(world.olga, world.ha_tinh) is None


def test_outside_is_404_and_read_only_write_is_403(world):
    with pytest.raises(Http404):
        get_org_for_user(world.dan, world.y_te.pk)
    with pytest.raises(Http404):
        get_org_for_user(world.alice, 999_999)
    with pytest.raises(PermissionDenied):
        get_org_for_user(world.lan, world.y_te.pk, need=Access.EDIT)
    assert get_org_for_user(world.alice, world.y_te.pk, need=Access.MANAGE) == world.y_te


def test_restructuring_needs_manage_on_the_parent(world):
    # bob is secretary of Trung Lương: he may edit it but not move or dissolve it.
    with pytest.raises(PermissionDenied):
        get_org_for_restructure(world.bob, world.trung_luong.pk)
    # alice may not dissolve her own province: that is for the national union.
    with pytest.raises(PermissionDenied):
        get_org_for_restructure(world.alice, world.ha_tinh.pk)
    assert get_org_for_restructure(world.alice, world.hong_linh.pk) == world.hong_linh


def test_a_dissolved_unit_stays_with_the_union_it_stood_under(world):
    services.org_dissolve(actor=world.root, org=world.hong_linh, on=D(2025, 7, 1), children_to=world.ha_tinh)
    assert access_level(fresh(world.alice), world.hong_linh) == Access.MANAGE
    assert world.hong_linh.pk in orgs_at_least(world.alice).values_list("pk", flat=True)


def test_a_merged_union_goes_with_its_successor(world):
    bac_giang = OrgFactory(kind=OrgKind.PROVINCIAL, name="Liên hiệp hội tỉnh Bắc Giang", parent=world.national,
                           founded_on=D(1997, 8, 20))  # fmt: skip
    services.org_merge(actor=world.root, sources=[bac_giang], target=world.bac_ninh, on=D(2025, 7, 1))
    # Bắc Ninh's union is Bắc Giang's successor: its officers keep Bắc Giang's records.
    assert access_level(fresh(world.chris), bac_giang) == Access.MANAGE
    assert bac_giang.pk in orgs_at_least(world.chris).values_list("pk", flat=True)
    assert access_level(fresh(world.alice), bac_giang) is None


def test_roles_have_dates(world):
    role = services.role_grant(
        actor=world.root, user=world.olga, org=world.ha_tinh, kind=RoleKind.LEADER, valid_from=D(2030, 1, 1)
    )
    assert access_level(fresh(world.olga), world.ha_tinh) is None  # not yet
    role.valid_from = D(2019, 1, 1)
    role.save()
    assert access_level(fresh(world.olga), world.ha_tinh) == Access.VIEW
    services.role_end(actor=world.root, role=role, on=D(2020, 1, 1))
    assert access_level(fresh(world.olga), world.ha_tinh) is None  # ended


def test_several_roles_take_the_strongest(world):
    services.role_grant(
        actor=world.root, user=world.lan, org=world.y_te, kind=RoleKind.SECRETARY, valid_from=D(2020, 1, 1)
    )
    assert access_level(fresh(world.lan), world.branch) == Access.EDIT
    assert access_level(world.lan, world.trung_luong) == Access.VIEW


def test_who_sees_the_whole_tree(world):
    from lienhiep.orgs.permissions import sees_everything

    assert sees_everything(world.root) is True
    assert sees_everything(world.alice) is False
    services.role_grant(actor=world.root, user=world.olga, org=world.national, kind=RoleKind.LEADER,
                        valid_from=D(2019, 1, 1))  # fmt: skip
    assert sees_everything(fresh(world.olga)) is True


def test_a_create_view_acts_on_the_node_the_request_names_or_on_one_of_the_users_where_they_may(world, rf):
    from lienhiep.orgs.permissions import node_asked, root_orgs

    # Given lan, a leader (read only) in Hà Tĩnh who is also the secretary of Hà Tĩnh's lawyers
    services.role_grant(actor=world.root, user=world.lan, org=world.lawyers_ht, kind=RoleKind.SECRETARY,
                        valid_from=D(2020, 1, 1))  # fmt: skip

    def asked(request, **kwargs):
        request.user = fresh(world.lan)
        request.role_orgs = root_orgs(request.user)
        request.working_org = world.ha_tinh  # chosen in the header
        return node_asked(request, **kwargs)

    assert asked(rf.get("/", {"org": world.y_te.pk})) == str(world.y_te.pk)  # named: its access function judges
    assert asked(rf.post("/", {"org": "x"})) == "x"
    assert asked(rf.get("/")) == str(world.lawyers_ht.pk)  # where she records, not where she only reads
    assert asked(rf.get("/"), need=Access.VIEW) == str(world.ha_tinh.pk)
    assert asked(rf.post("/", {"org": ""}), need=Access.MANAGE) == str(world.ha_tinh.pk)  # nowhere: her node
    with pytest.raises(Http404):
        get_org_for_user(world.lan, "x")


def test_whether_a_national_role_sees_everything_is_asked_once_a_request(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from lienhiep.orgs.permissions import sees_everything

    services.role_grant(actor=world.root, user=world.olga, org=world.national, kind=RoleKind.OFFICER,
                        valid_from=D(2019, 1, 1))  # fmt: skip
    olga = fresh(world.olga)
    # A national officer's page asks it of every picker and filter: the roles and the other top units are read once
    with CaptureQueriesContext(connection) as queries:
        asked = [sees_everything(olga), sees_everything(olga, Access.MANAGE), sees_everything(olga)]
    assert (asked, len(queries)) == ([True, True, True], 2)
    # and again with the roles, when they are read again (as on the next request)
    with CaptureQueriesContext(connection) as queries:
        assert sees_everything(fresh(olga)) is True
    assert len(queries) == 2
