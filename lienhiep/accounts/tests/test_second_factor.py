"""The login's second step, through the pages as a person goes through it: the officer's first login sets up an
authenticator app; later logins ask for its code or a recovery code; wrong codes lock the account as wrong
passwords do."""

from __future__ import annotations

from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from lienhiep.accounts import services
from lienhiep.accounts.models import AccountEvent
from lienhiep.accounts.tests.factories import PASSWORD


def _password(client, user):  # type: ignore[no-untyped-def]
    response = client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return response


def _code(device: TOTPDevice, *, ahead: int = 0) -> str:
    return f"{totp(device.bin_key, t0=device.t0, step=device.step, drift=ahead):06d}"


def _with_authenticator(user):  # type: ignore[no-untyped-def]
    """`user` has set up an app (and has recovery codes), as the enrolment does."""
    device = services.totp_pending(user=user)
    codes = services.totp_confirm(user=user, device=device, token=_code(device))
    device.refresh_from_db()
    return device, codes


def test_an_officers_first_login_sets_up_the_app_and_shows_recovery_codes_once(world, client):
    # Given alice, an officer, with no second factor yet
    _password(client, world.alice)
    # When she opens any page, she is sent to set up the app first
    response = client.get("/members/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/security/authenticator/?next=%2Fmembers%2F"
    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html and "<script" not in html.split("</head>")[1]
    device = TOTPDevice.objects.get(user=world.alice, confirmed=False)
    # A wrong code is refused and changes nothing
    refused = client.post(response["Location"], {"code": "000000" if _code(device) != "000000" else "111111"})
    assert refused.status_code == 200
    assert "Mã này không đúng" in refused.content.decode()
    assert not TOTPDevice.objects.filter(user=world.alice, confirmed=True).exists()
    # The right code turns it on, and the recovery codes are shown once, and downloadable
    done = client.post(response["Location"], {"code": _code(device), "next": "/members/"})
    assert done.status_code == 302
    assert done["Location"] == "/accounts/security/recovery-codes/?next=%2Fmembers%2F"
    codes = sorted(StaticToken.objects.filter(device__user=world.alice).values_list("token", flat=True))
    assert len(codes) == 10
    shown = client.get(done["Location"]).content.decode()
    assert all(code in shown for code in codes)
    download = client.get(reverse("accounts:recovery_codes_download"))
    assert download["Content-Disposition"] == 'attachment; filename="lienhiep-recovery-codes.txt"'
    assert sorted(download.content.decode().splitlines()[2:]) == codes
    again = client.get(done["Location"]).content.decode()
    assert not any(code in again for code in codes)
    assert client.get("/members/").status_code == 200
    assert list(AccountEvent.objects.filter(user=world.alice).values_list("kind", "actor")) == [
        ("factor_added", world.alice.pk)
    ]


def test_a_user_with_an_app_is_asked_for_its_code(world, client):
    device, _codes = _with_authenticator(world.lan)
    _password(client, world.lan)
    response = client.get("/members/")
    assert response["Location"] == "/accounts/verify/?next=%2Fmembers%2F"
    wrong = client.post("/accounts/verify/", {"code": "12345", "next": "/members/"})
    assert wrong.status_code == 200
    assert "Mã này không đúng" in wrong.content.decode()
    before = client.session.session_key
    right = client.post("/accounts/verify/", {"code": _code(device, ahead=1), "next": "/members/"})
    assert right.status_code == 302
    assert right["Location"] == "/members/"
    assert client.session.session_key != before  # the session gained rights: a new key
    assert client.get("/members/").status_code == 200


def test_a_recovery_code_works_once(world, client):
    _device, codes = _with_authenticator(world.alice)
    _password(client, world.alice)
    assert client.post("/accounts/verify/", {"code": codes[0].upper()})["Location"] == "/"
    assert StaticToken.objects.filter(device__user=world.alice).count() == 9
    client.post(reverse("accounts:logout"))
    _password(client, world.alice)
    refused = client.post("/accounts/verify/", {"code": codes[0]})
    assert refused.status_code == 200
    assert client.get("/").status_code == 302


def test_wrong_codes_lock_the_account_and_end_the_session(world, client, settings):
    device, _codes = _with_authenticator(world.alice)
    _password(client, world.alice)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post("/accounts/verify/", {"code": "99999x"}).status_code == 200
    locked = client.post("/accounts/verify/", {"code": "99999x"})
    assert locked.status_code == 429
    assert "quá nhiều" in locked.content.decode().lower()
    assert "_auth_user_id" not in client.session
    # Neither the password nor a right code gets in while the lock lasts
    again = client.post(reverse("accounts:login"), {"username": "alice", "password": PASSWORD})
    assert again.status_code == 429


def test_a_correct_password_does_not_give_a_code_guesser_new_tries(world, client, settings):
    _with_authenticator(world.alice)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _password(client, world.alice)
        assert client.post("/accounts/verify/", {"code": "99999x"}).status_code == 200
        client.post(reverse("accounts:logout"))
    _password(client, world.alice)
    assert client.post("/accounts/verify/", {"code": "99999x"}).status_code == 429


def test_a_leader_without_an_app_logs_in_with_the_password_alone(world, client):
    _password(client, world.lan)
    assert client.get("/members/").status_code == 200


def test_the_system_administrator_needs_it_for_the_admin_too(world, client):
    client.post(reverse("admin:login"), {"username": "root", "password": PASSWORD})
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/security/authenticator/?next=%2Fadmin%2F"


def test_the_app_cannot_be_replaced_before_the_second_step(world, client):
    # Whoever learnt the password must not set up their own phone in place of the owner's.
    _with_authenticator(world.alice)
    _password(client, world.alice)
    response = client.get(reverse("accounts:enrol"))
    assert response["Location"].startswith("/accounts/verify/")
    assert client.post(reverse("accounts:enrol"), {"code": "123456"})["Location"].startswith("/accounts/verify/")
    assert TOTPDevice.objects.filter(user=world.alice).count() == 1


def test_replacing_the_app_keeps_one_and_renews_the_codes(world, client):
    old, old_codes = _with_authenticator(world.alice)
    _password(client, world.alice)
    client.post("/accounts/verify/", {"code": old_codes[0]})
    client.get(reverse("accounts:enrol"))
    new = TOTPDevice.objects.get(user=world.alice, confirmed=False)
    client.post(reverse("accounts:enrol"), {"code": _code(new)})
    assert list(TOTPDevice.objects.filter(user=world.alice).values_list("pk", "confirmed")) == [(new.pk, True)]
    assert not StaticToken.objects.filter(token__in=old_codes).exists()


def test_htmx_requests_are_told_to_load_the_check_page(world, client):
    _with_authenticator(world.alice)
    _password(client, world.alice)
    response = client.get("/members/", headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response["HX-Redirect"] == "/accounts/verify/?next=%2Fmembers%2F"


def test_the_key_is_the_same_on_every_visit_until_confirmed(world, client):
    _password(client, world.alice)
    first = client.get(reverse("accounts:enrol")).context["secret"]
    assert client.get(reverse("accounts:enrol")).context["secret"] == first
    assert TOTPDevice.objects.filter(user=world.alice).count() == 1


def test_new_recovery_codes_keep_the_session_verified_by_an_old_one(world, client):
    _device, codes = _with_authenticator(world.alice)
    _password(client, world.alice)
    client.post("/accounts/verify/", {"code": codes[0]})
    response = client.post(reverse("accounts:recovery_codes_renew"))
    assert response["Location"] == "/accounts/security/recovery-codes/?next=%2Faccounts%2Fsecurity%2F"
    new = set(StaticToken.objects.filter(device__user=world.alice).values_list("token", flat=True))
    assert len(new) == 10 and not new & set(codes)
    assert client.get("/members/").status_code == 200


def test_only_the_users_own_confirmed_device_counts_for_the_session(world, client):
    # Given alice verified with her app (the session names her device, as a code typed leaves it)
    mine, _codes = _with_authenticator(world.alice)
    others, _ = _with_authenticator(world.bob)
    unconfirmed = TOTPDevice.objects.create(user=world.alice, name="chưa xác nhận", confirmed=False)
    _password(client, world.alice)
    client.post("/accounts/verify/", {"code": _code(mine, ahead=1)})
    assert client.get("/members/").status_code == 200
    # When the session names another user's device, an unconfirmed one, one that is gone or a tampered id,
    # then the second factor is not checked: the page sends her to the check, and the session forgets the name
    for named in (
        others.persistent_id,
        unconfirmed.persistent_id,
        f"otp_totp.totpdevice/{others.pk + unconfirmed.pk + 100}",
        "otp_totp.totpdevice/abc",
        "auth.user/1",
        "khong.co/1",
        "sai",
    ):
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = named
        session.save()
        response = client.get("/members/")
        assert response.status_code == 302, named
        assert response["Location"] == "/accounts/verify/?next=%2Fmembers%2F"
        assert DEVICE_ID_SESSION_KEY not in client.session
    # And her own device's name counts again
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = mine.persistent_id
    session.save()
    assert client.get("/members/").status_code == 200
