from __future__ import annotations

from collections.abc import Callable

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from lienhiep.accounts.models import User
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
