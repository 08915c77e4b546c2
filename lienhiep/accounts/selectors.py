from __future__ import annotations

from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from lienhiep.accounts.models import Session, User


def has_authenticator(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def other_sessions(user: User, *, current: str | None) -> int:
    """How many sessions of `user` are open besides `current` (expired ones not counted)."""
    from django.utils import timezone

    return Session.objects.filter(user=user, expire_date__gt=timezone.now()).exclude(session_key=current or "").count()
