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
