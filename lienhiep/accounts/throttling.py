"""What login throttling (django-axes) counts failures against."""

from __future__ import annotations

from typing import Any

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
