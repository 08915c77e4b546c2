from __future__ import annotations

from django.db import transaction

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
def user_update_profile(*, user: User, full_name: str, email: str, phone: str) -> User:
    user.full_name = full_name
    user.email = email
    user.phone = phone
    user.full_clean()
    user.save(update_fields=["full_name", "email", "phone"])
    return user
