from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from lienhiep.core.compiled import Compiled


def _user(pk: int) -> Any:
    return get_user_model()._default_manager.filter(pk=pk)


# The session's user is read on every request, always with the same SQL: compiled once per process (core/compiled.py).
_USER = Compiled(_user, pk=int)


class UsernameOrEmailBackend(ModelBackend):
    """Log in with either the username or the e-mail address (case-insensitive)."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        if not username or password is None:
            return None
        model = get_user_model()
        login = username.strip()
        field = "email__iexact" if "@" in login else "username__iexact"
        user = model._default_manager.filter(**{field: login}).order_by("pk").first()
        if user is None:
            # Run the hasher anyway so timing does not tell whether the account exists.
            model().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def get_user(self, user_id: Any) -> Any:
        """Django's `ModelBackend.get_user` (the session's user, if they may still log in), through the compiled
        query."""
        user = _USER.first(pk=user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
