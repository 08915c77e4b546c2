"""How long a login lasts, and how it ends: idle timeout by role, absolute lifetime, "log out my other sessions",
an administrator ending a user's sessions, deactivation."""

from __future__ import annotations

import time

import pytest
from django.contrib.auth import SESSION_KEY
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from lienhiep.accounts import sessions
from lienhiep.accounts.models import AccountEvent, Session
from lienhiep.accounts.testing import login, verified_session


def _age(client, *, idle: float = 0, since: float = 0) -> None:  # type: ignore[no-untyped-def]
    """Move the login's clock back: last request `idle` seconds ago, login `since` seconds ago."""
    session = client.session
    state = session[sessions.STATE_KEY]
    now = time.time()
    session[sessions.STATE_KEY] = {**state, "seen": now - idle, "since": now - max(since, idle)}
    session.save()


@pytest.mark.parametrize(
    ("persona", "idle_minutes", "ends"),
    [
        ("alice", 29, False),  # an officer may reveal citizen ID numbers: 30 minutes
        ("alice", 31, True),
        ("bob", 31, True),  # a secretary too
        ("lan", 31, False),  # a leader: 120 minutes
        ("lan", 121, True),
        ("root", 31, True),
    ],
)
def test_an_idle_session_ends_sooner_for_roles_that_reveal_id_numbers(world, client, persona, idle_minutes, ends):
    login(client, getattr(world, persona))
    _age(client, idle=idle_minutes * 60)
    response = client.get("/members/")
    if ends:
        assert response.status_code == 302
        assert response["Location"] == "/accounts/login/?next=%2Fmembers%2F"
        assert SESSION_KEY not in client.session
        assert "Phiên làm việc đã kết thúc" in client.get(response["Location"]).content.decode()
    else:
        assert response.status_code == 200


def test_a_login_ends_after_its_lifetime_however_busy(world, client, settings):
    login(client, world.lan)
    _age(client, idle=0, since=settings.SESSION_COOKIE_AGE + 1)
    assert client.get("/members/").status_code == 302
    assert settings.SESSION_COOKIE_AGE == 12 * 3600


def test_a_request_moves_the_idle_clock_at_most_once_a_minute(world, client):
    login(client, world.alice)
    _age(client, idle=10)
    seen = client.session[sessions.STATE_KEY]["seen"]
    client.get("/members/")
    assert client.session[sessions.STATE_KEY]["seen"] == seen
    _age(client, idle=25 * 60)
    client.get("/members/")
    assert client.session[sessions.STATE_KEY]["seen"] == pytest.approx(time.time(), abs=5)


def test_log_out_my_other_sessions(world, client):
    login(client, world.alice)
    elsewhere = Client()
    login(elsewhere, world.alice)
    other_user = login(Client(), world.lan)
    page = client.get(reverse("accounts:security")).content.decode()
    assert "Bạn còn đang đăng nhập ở 1 nơi khác" in page
    response = client.post(reverse("accounts:sessions_end_others"))
    assert response.status_code == 302
    assert client.get("/members/").status_code == 200
    assert elsewhere.get("/members/").status_code == 302
    assert other_user.get("/members/").status_code == 200
    event = AccountEvent.objects.get(user=world.alice)
    assert (event.kind, event.actor_id, event.data) == ("sessions_ended", world.alice.pk, {"sessions": 1})


def test_the_administrator_ends_a_users_sessions_in_the_admin(world, client):
    victim = login(Client(), world.alice)
    login(client, world.root)
    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "end_sessions", "_selected_action": [world.alice.pk]},
    )
    assert response.status_code == 302
    assert victim.get("/members/").status_code == 302
    assert Session.objects.filter(user=world.alice).count() == 0
    assert Session.objects.filter(user=world.root).count() == 1


def test_deactivating_a_user_ends_their_sessions_for_good(world, client):
    victim = login(Client(), world.alice)
    login(client, world.root)
    change = reverse("admin:accounts_user_change", args=[world.alice.pk])
    form = client.get(change).context["adminform"].form
    data = {key: value for key, value in form.initial.items() if value is not None and key != "password"}
    data.update(is_active="", date_joined_0="01/01/2026", date_joined_1="00:00:00", last_login_0="", last_login_1="")
    data["groups"] = []
    data["user_permissions"] = []
    response = client.post(change, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else None
    assert Session.objects.filter(user=world.alice).count() == 0
    assert victim.get("/members/").status_code == 302
    assert list(AccountEvent.objects.filter(user=world.alice).values_list("kind", "actor")) == [
        ("deactivated", world.root.pk)
    ]


def test_a_session_is_stored_with_its_account(world):
    session = verified_session(world.bob)
    assert Session.objects.get(session_key=session.session_key).user_id == world.bob.pk


def test_the_demo_prints_a_working_recovery_code_per_officer(demo, client):
    from io import StringIO

    from lienhiep.accounts.models import User

    out = StringIO()
    call_command("demo_codes", stdout=out)
    lines = {line.split()[0]: line.split()[1] for line in out.getvalue().splitlines()[2:]}
    assert sorted(lines) == ["admin", "bacninh.canbo", "hatinh.canbo", "vusta.canbo"]
    client.post(reverse("accounts:login"), {"username": "hatinh.canbo", "password": "lienhiep-demo"})
    assert client.get("/members/")["Location"].startswith("/accounts/verify/")
    assert client.post("/accounts/verify/", {"code": lines["hatinh.canbo"]})["Location"] == "/"
    assert client.get("/members/").status_code == 200
    assert User.objects.get(username="hatinh.canbo").staticdevice_set.get().token_set.count() == 19
