from django.core import mail
from django.urls import reverse

from lienhiep.accounts.tests.factories import PASSWORD, UserFactory


def test_login_by_username_or_email(db, client):
    UserFactory(username="hanh", email="hanh@example.test")
    for login in ["hanh", "HANH@example.test"]:
        response = client.post(reverse("accounts:login"), {"username": login, "password": PASSWORD})
        assert response.status_code == 302, login
        client.post(reverse("accounts:logout"))


def test_wrong_password_is_refused_in_vietnamese(db, client):
    UserFactory(username="hanh")
    response = client.post(reverse("accounts:login"), {"username": "hanh", "password": "sai"})
    assert response.status_code == 200
    assert "Sai tên đăng nhập" in response.content.decode()


def test_repeated_failures_lock_the_account(db, client, settings):
    UserFactory(username="hanh")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": "hanh", "password": "sai"})
    response = client.post(reverse("accounts:login"), {"username": "hanh", "password": PASSWORD})
    assert response.status_code == 429
    assert "quá nhiều" in response.content.decode().lower()


def test_password_reset_sends_a_link(db, client):
    UserFactory(username="hanh", email="hanh@example.test")
    response = client.post(reverse("accounts:password_reset"), {"email": "hanh@example.test"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/accounts/reset/" in mail.outbox[0].body


def test_passwords_are_hashed_with_argon2(db):
    from django.contrib.auth.hashers import get_hasher

    assert get_hasher("default").algorithm in {"argon2", "md5"}  # md5 only under test settings, for speed
    from config import settings as prod

    assert prod.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def _fail(client, login, ip="10.0.0.1", **headers):
    return client.post(reverse("accounts:login"), {"username": login, "password": "sai"}, REMOTE_ADDR=ip, **headers)


def test_the_lock_follows_the_account_whatever_its_name_is_typed_as(db, client, settings):
    # Found in issue 10's probe: the lock was keyed on the literal username, so "HANH", "Hanh" and the e-mail
    # address each had their own count of failures.
    UserFactory(username="hanh", email="hanh@example.test")
    logins = ["hanh", "HANH", "Hanh", "hanh@example.test", "HANH@EXAMPLE.TEST"]
    for n in range(settings.AXES_FAILURE_LIMIT):
        _fail(client, logins[n % len(logins)], ip=f"10.0.0.{n + 1}")  # from several addresses, too
    response = client.post(
        reverse("accounts:login"), {"username": "Hanh", "password": PASSWORD}, REMOTE_ADDR="10.0.9.9"
    )
    assert response.status_code == 429


def test_one_address_trying_many_accounts_is_locked(db, client, settings):
    UserFactory(username="hanh")
    for n in range(settings.AXES_FAILURE_LIMIT):
        _fail(client, f"khong-co-{n}", ip="10.0.0.7")
    response = client.post(
        reverse("accounts:login"), {"username": "hanh", "password": PASSWORD}, REMOTE_ADDR="10.0.0.7"
    )
    assert response.status_code == 429
    # another address may still log in
    response = client.post(
        reverse("accounts:login"), {"username": "hanh", "password": PASSWORD}, REMOTE_ADDR="10.0.0.8"
    )
    assert response.status_code == 302


def test_behind_a_proxy_the_client_address_is_the_one_the_proxy_saw(db, client, settings):
    from django.test import RequestFactory

    from lienhiep.core.http import client_ip

    factory = RequestFactory()
    request = factory.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.5")
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "127.0.0.1"  # no proxy trusted: the forwarded header is anyone's to write
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.5"  # the address our proxy saw, not the one the client wrote
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request) == "6.6.6.6"
    # failures behind the proxy count per client, not all against the proxy's own address
    settings.TRUSTED_PROXY_COUNT = 1
    UserFactory(username="hanh")
    for n in range(settings.AXES_FAILURE_LIMIT):
        _fail(client, f"khong-co-{n}", ip="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.1")
    locked = client.post(reverse("accounts:login"), {"username": "hanh", "password": PASSWORD}, REMOTE_ADDR="127.0.0.1",
                         HTTP_X_FORWARDED_FOR="198.51.100.1")  # fmt: skip
    assert locked.status_code == 429
    other = client.post(reverse("accounts:login"), {"username": "hanh", "password": PASSWORD}, REMOTE_ADDR="127.0.0.1",
                        HTTP_X_FORWARDED_FOR="198.51.100.2")  # fmt: skip
    assert other.status_code == 302
