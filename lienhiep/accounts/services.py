from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from lienhiep.accounts.models import AccountEvent, AccountEventKind, PasswordResetRequest, Session, User
from lienhiep.core.text import nfc


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str | None,
    full_name: str = "",
    email: str = "",
    phone: str = "",
    is_superuser: bool = False,
) -> User:
    user = User(
        username=nfc(username).strip(),
        full_name=full_name,
        email=email,
        phone=phone,
        is_superuser=is_superuser,
        is_staff=is_superuser,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    return user


@transaction.atomic
def user_update_profile(*, user: User, full_name: str, phone: str) -> User:
    """The user's name and phone (the form asked for the password if the phone changed). The e-mail address
    changes only through `user_email_change_request` and its link."""
    user.full_name = full_name
    user.phone = phone
    user.full_clean()
    user.save(update_fields=["full_name", "phone"])
    return user


EMAIL_CHANGE_SALT = "lienhiep.accounts.email-change"
EMAIL_CHANGE_MAX_AGE = 3 * 24 * 3600  # three days


def user_email_change_request(*, user: User, email: str, confirm_url: Callable[[str], str]) -> None:
    """Send a link to the new address; the address becomes the account's when the link is opened
    (`user_email_change_confirm`), so nobody can take over an account by typing their own address into it."""
    token = signing.dumps({"u": user.pk, "from": user.email, "to": email}, salt=EMAIL_CHANGE_SALT)
    context = {"user": user, "email": email, "link": confirm_url(token), "days": EMAIL_CHANGE_MAX_AGE // 86400}
    send_mail(
        render_to_string("accounts/email_change_subject.txt", context).strip(),
        render_to_string("accounts/email_change_email.txt", context),
        None,
        [email],
    )


def email_change_target(*, user: User, token: str) -> str:
    """The address a link asks to give `user`; raises ValidationError when the link is not for this account, has
    expired, or was made for an address the account no longer has (used already)."""
    try:
        data = signing.loads(token, salt=EMAIL_CHANGE_SALT, max_age=EMAIL_CHANGE_MAX_AGE)
    except signing.BadSignature:
        raise ValidationError(_("This link is not valid or has expired. Ask for a new one."), code="bad_link") from None
    if data.get("u") != user.pk or data.get("from") != user.email:
        raise ValidationError(_("This link is not valid or has expired. Ask for a new one."), code="bad_link")
    return str(data["to"])


@transaction.atomic
def user_email_change_confirm(*, user: User, token: str) -> User:
    email = email_change_target(user=user, token=token)
    if User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists():
        raise ValidationError(_("This e-mail address cannot be used: another account has it."), code="taken")
    user.email = email
    user.full_clean()
    user.save(update_fields=["email"])
    return user


# --- Second factor ---------------------------------------------------------------------------------------------

RECOVERY_CODE_COUNT = 10


def totp_pending(*, user: User) -> TOTPDevice:
    """The authenticator key being set up for `user`: kept unconfirmed until a code from it is typed
    (`totp_confirm`), the same key on every visit so that a QR code scanned once still works."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=str(_("Authenticator app")), confirmed=False)
    return device


@transaction.atomic
def totp_confirm(*, user: User, device: TOTPDevice, token: str) -> list[str]:
    """Turn the pending key into the account's second factor once `token` is a code it makes, and give the account
    new recovery codes (returned: shown once). Any earlier authenticator of the account stops working. Raises
    ValidationError on a wrong code and changes nothing."""
    if device.user_id != user.pk or device.confirmed or not device.verify_token(token):
        raise ValidationError(_("This code is not right. Type the 6 digits your app shows now."), code="bad_code")
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _recovery_codes_replace(user=user)
    AccountEvent.record(actor=user, kind=AccountEventKind.SECOND_FACTOR_ADDED, user=user)
    return codes


@transaction.atomic
def recovery_codes_renew(*, actor: User, user: User) -> list[str]:
    """New recovery codes for `user` (returned: shown once); the old ones stop working."""
    codes = _recovery_codes_replace(user=user)
    AccountEvent.record(actor=actor, kind=AccountEventKind.RECOVERY_CODES_RENEWED, user=user)
    return codes


def _recovery_codes_replace(*, user: User) -> list[str]:
    # The device stays (a session verified by one of its codes stays verified); its codes are replaced.
    device = StaticDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    if device is None:
        device = StaticDevice.objects.create(user=user, name=str(_("Recovery codes")), confirmed=True)
    StaticDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    StaticToken.objects.filter(device=device).delete()
    codes = [StaticToken.random_token() for _i in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


# --- Sessions --------------------------------------------------------------------------------------------------


@transaction.atomic
def sessions_end(*, actor: User, user: User, keep: str | None = None) -> int:
    """End `user`'s sessions, but the one whose key is `keep` (the actor's own, for "log out my other
    sessions"); returns how many ended."""
    ended, _rows = Session.objects.filter(user=user).exclude(session_key=keep or "").delete()
    AccountEvent.record(actor=actor, kind=AccountEventKind.SESSIONS_ENDED, user=user, data={"sessions": ended})
    return ended


@transaction.atomic
def user_deactivate(*, actor: User, user: User) -> User:
    """The account can no longer log in, and every session it had ends (not only at its next request)."""
    user.is_active = False
    user.save(update_fields=["is_active"])
    ended, _rows = Session.objects.filter(user=user).delete()
    AccountEvent.record(actor=actor, kind=AccountEventKind.DEACTIVATED, user=user, data={"sessions": ended})
    return user


# --- Password reset ----------------------------------------------------------------------------------------------


def password_reset_allowed(*, email: str, ip: str | None) -> bool:
    """Whether a reset e-mail may go to `email` for a client at `ip`: at most `PASSWORD_RESET_PER_ADDRESS` an
    hour to one address and `PASSWORD_RESET_PER_IP` an hour from one client. Every request is counted, allowed or
    not, so asking again does not help."""
    now = timezone.now()
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    hour = now - dt.timedelta(hours=1)
    PasswordResetRequest.objects.filter(at__lt=now - dt.timedelta(days=1)).delete()
    by_address = PasswordResetRequest.objects.filter(address_digest=digest, at__gte=hour).count()
    by_ip = PasswordResetRequest.objects.filter(ip=ip, at__gte=hour).count() if ip else 0
    PasswordResetRequest.objects.create(address_digest=digest, ip=ip or None)
    return by_address < settings.PASSWORD_RESET_PER_ADDRESS and by_ip < settings.PASSWORD_RESET_PER_IP
