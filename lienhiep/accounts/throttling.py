"""What login throttling (django-axes) counts failures against."""

from __future__ import annotations

from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest

from lienhiep.accounts.models import User


def account_key(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str:
    """The account a login names, however it is typed: its username for "HANH", "Hanh" or its e-mail address, so
    that failures count against the account (the lock once followed the literal text typed). A name that is no
    account is counted as typed, folded to lower case."""
    data = credentials if credentials is not None else getattr(request, "POST", {})
    login = str(data.get("username") or "").strip()
    field = "email__iexact" if "@" in login else "username__iexact"
    username = User.objects.filter(**{field: login}).order_by("pk").values_list("username", flat=True).first()
    return username or login.lower()


def code_failed(request: HttpRequest, user: User) -> bool:
    """Count a wrong second-factor code as a failed login of the account (and of the client's address), as
    django-axes counts a wrong password; true when the account or address is now locked. Passwords and codes
    add up: whoever holds the password still has `AXES_FAILURE_LIMIT` tries in all."""
    credentials = {"username": user.username}
    user_login_failed.send(sender=__name__, credentials=credentials, request=request)
    return is_locked(request, user)


def is_locked(request: HttpRequest, user: User) -> bool:
    return bool(AxesProxyHandler.is_locked(request, {"username": user.username}))


def login_completed(request: HttpRequest, user: User) -> None:
    """Forget the account's failures once the whole login succeeded (the password and, where asked, the second
    factor): `AXES_RESET_ON_SUCCESS` is off, since a correct password alone must not give a guesser of codes new
    tries."""
    credentials = {"username": user.username}
    AxesProxyHandler.update_request(request)
    AxesProxyHandler.get_implementation().reset_user_attempts(request, credentials)
