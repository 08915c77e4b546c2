"""Password rules, in Vietnamese: Django's, the platform's own words and the user's unions, the breached list;
and the reset e-mail's limits."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from lienhiep.accounts.models import PasswordResetRequest
from lienhiep.accounts.tests.factories import PASSWORD, UserFactory


def _refusals(password: str, user=None) -> list[str]:  # type: ignore[no-untyped-def]
    try:
        validate_password(password, user)
    except ValidationError as error:
        return [e.code for e in error.error_list]
    return []


@pytest.mark.parametrize(
    "password",
    ["LienHiep@2026!", "Liên-Hiệp-2026x", "lien hiep 2026 x", "zz-VUSTA-77-zz", "Vusta!Hanoi#9"],
)
def test_the_platforms_own_words_are_refused_however_written(db, password):
    assert _refusals(password) == ["password_platform_word"]


def test_the_name_of_the_users_union_is_refused(world):
    assert _refusals("HàTĩnh-bốn-mùa-2026", world.alice) == ["password_platform_word"]
    assert _refusals("HàTĩnh-bốn-mùa-2026", world.chris) == []  # Bắc Ninh's officer
    assert _refusals("bacninh-nam-2026!", world.chris) == ["password_platform_word"]


@pytest.mark.parametrize("password", ["superman", "Trustno1", "iloveyou2", "starwars"])
def test_passwords_common_in_breaches_are_refused(db, password):
    assert "password_breached" in _refusals(password)


def test_a_breached_password_missing_from_djangos_list_is_refused_by_zxcvbns(db):
    from django.contrib.auth.password_validation import CommonPasswordValidator

    from lienhiep.accounts.passwords import _breached

    djangos = CommonPasswordValidator().passwords
    only_ours = sorted(p for p in _breached() if len(p) >= 8 and p not in djangos)
    assert len(only_ours) > 1000
    assert "password_breached" in _refusals(only_ours[0])
    assert "password_too_common" not in _refusals(only_ours[0])


def test_a_good_password_passes(world):
    assert _refusals("mưa-tháng-bảy-trên-sông-La", world.alice) == []


def test_the_change_form_says_why_in_vietnamese(world, client_for):
    client = client_for(world.alice)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": "LienHiep-2026!", "new_password2": "LienHiep-2026!"},
    )
    assert response.status_code == 200
    assert "Mật khẩu không được chứa “lien hiep”" in response.content.decode()
    short = client.post(
        reverse("accounts:password_change"), {"old_password": PASSWORD, "new_password1": "12", "new_password2": "12"}
    ).content.decode()
    assert "Mật khẩu này quá ngắn: cần ít nhất 8 ký tự." in short
    assert "Mật khẩu này hoàn toàn là số." in short


def test_the_reset_email_is_limited_per_address_and_per_client(db, client, settings):
    UserFactory(username="hanh", email="hanh@example.test")
    for _ in range(settings.PASSWORD_RESET_PER_ADDRESS + 2):
        response = client.post(
            reverse("accounts:password_reset"), {"email": "HANH@example.test"}, REMOTE_ADDR="10.1.1.1"
        )
        assert response.status_code == 302  # the same answer whether sent or not
    assert len(mail.outbox) == settings.PASSWORD_RESET_PER_ADDRESS
    # One client asking for many addresses
    for n in range(settings.PASSWORD_RESET_PER_IP):
        UserFactory(username=f"u{n}", email=f"u{n}@example.test")
        client.post(reverse("accounts:password_reset"), {"email": f"u{n}@example.test"}, REMOTE_ADDR="10.2.2.2")
    assert len(mail.outbox) == settings.PASSWORD_RESET_PER_ADDRESS + settings.PASSWORD_RESET_PER_IP
    client.post(reverse("accounts:password_reset"), {"email": "hanh-2@example.test"}, REMOTE_ADDR="10.2.2.2")
    UserFactory(username="late", email="late@example.test")
    client.post(reverse("accounts:password_reset"), {"email": "late@example.test"}, REMOTE_ADDR="10.2.2.2")
    assert len(mail.outbox) == settings.PASSWORD_RESET_PER_ADDRESS + settings.PASSWORD_RESET_PER_IP
    # ...while another client may still ask for its own
    client.post(reverse("accounts:password_reset"), {"email": "late@example.test"}, REMOTE_ADDR="10.3.3.3")
    assert len(mail.outbox) == settings.PASSWORD_RESET_PER_ADDRESS + settings.PASSWORD_RESET_PER_IP + 1
    assert "hanh@example.test" not in str(list(PasswordResetRequest.objects.values_list()))
