"""A user without a role (erin, an expert holding a grant; olga, holding nothing) reaches their account, home and
assignments only (orgs.middleware.RoleLessMiddleware); tests/test_access.py checks every other URL answers 404."""

import re

import pytest

from lienhiep.accounts.testing import login
from lienhiep.orgs import grants


def nav_labels(html: str) -> list[str]:
    sidebar = html.split('id="sidebar"', 1)[1].split("</nav>", 1)[0]
    return [re.sub(r"<[^>]+>", "", m).strip() for m in re.findall(r'class="nav-link[^"]*"[^>]*>(.*?)</a>', sidebar)]


def test_the_expert_sees_her_assignments_and_nothing_else(world, client):
    login(client, world.erin)
    home = client.get("/")
    page = home.content.decode()
    assert nav_labels(page) == ["Trang chủ", "Việc được giao"]
    assert 'data-testid="assignments"' in page
    assert "Hội KH&amp;KT Trung tâm Y tế" in page  # the record granted (a unit, in the test world)
    assert "Liên hiệp hội thị xã Hồng Lĩnh" in page  # the unit holding it
    assert "Chuyên gia" in page
    listing = client.get("/orgs/assignments/").content.decode()
    assert listing.count("<tr>") == 2  # the header and her one assignment
    assert client.get("/orgs/").status_code == 404
    assert client.get(f"/orgs/{world.y_te.pk}/").status_code == 404  # the record granted opens nothing of a unit
    assert client.get("/accounts/profile/").status_code == 200


def test_a_revoked_grant_leaves_nothing_assigned(world, client):
    grant = grants.of_user(world.erin).get()
    grants.revoke(grant, by=world.alice)
    login(client, world.erin)
    page = client.get("/orgs/assignments/").content.decode()
    assert 'data-testid="no-assignments"' in page
    assert 'data-testid="assignments"' not in page


def test_a_user_without_anything_is_told_to_ask_for_a_role(world, client):
    login(client, world.olga)
    page = client.get("/").content.decode()
    assert "chưa được giao vai trò" in page
    assert nav_labels(page) == ["Trang chủ", "Việc được giao"]
    assert client.get("/members/").status_code == 404


@pytest.mark.parametrize("user", ["alice", "root"])
def test_users_with_a_role_or_the_administrator_keep_their_sidebar(world, client, user):
    login(client, getattr(world, user))
    labels = nav_labels(client.get("/").content.decode())
    assert "Việc được giao" not in labels
    assert labels[:2] == ["Trang chủ", "Cây tổ chức"]


def test_an_officer_who_is_an_expert_elsewhere_sees_her_assignments_too(world, client):
    # Given chris, Bắc Ninh's officer, on a Hà Tĩnh record as an expert
    grant = grants.give(world.y_te, world.chris, kind=grants.EXPERT, by=world.root, org=world.hong_linh)
    login(client, world.chris)
    labels = nav_labels(client.get("/").content.decode())
    # Then her sidebar keeps her modules and adds "Việc được giao", which lists the record
    assert labels[:3] == ["Trang chủ", "Việc được giao", "Cây tổ chức"]
    assert "Hội KH&amp;KT Trung tâm Y tế" in client.get("/orgs/assignments/").content.decode()
    # And once the grant is revoked, the item goes
    grants.revoke(grant, by=world.root)
    assert "Việc được giao" not in nav_labels(client.get("/").content.decode())


def test_a_role_ended_or_given_counts_from_the_next_request(world, client):
    # Given lan, a leader of Hà Tĩnh, signed in: her province's page opens
    from django.utils import timezone

    from lienhiep.orgs import services
    from lienhiep.orgs.models import Role, RoleKind

    login(client, world.lan)
    assert client.get(f"/orgs/{world.ha_tinh.pk}/").status_code == 200
    # When her role ends today, then the same session's next request no longer sees the province (the roles are read
    # again on every request: only their SQL is kept, core/compiled.py)
    role = Role.objects.get(user=world.lan, org=world.ha_tinh)
    services.role_end(actor=world.root, role=role, on=timezone.localdate())
    assert client.get(f"/orgs/{world.ha_tinh.pk}/").status_code == 404
    # And a role given back today opens it again on the next request
    services.role_grant(
        actor=world.root, user=world.lan, org=world.ha_tinh, kind=RoleKind.LEADER, valid_from=timezone.localdate()
    )
    assert client.get(f"/orgs/{world.ha_tinh.pk}/").status_code == 200
