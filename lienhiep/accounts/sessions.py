"""Sessions that know their account (`SESSION_ENGINE`), and the clock of a login: when it began, when it was last
used, how long it may stay idle, and whether its second factor was checked (`LoginStateMiddleware`)."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.contrib.sessions.backends.db import SessionStore as DBStore
from django.utils import timezone

from lienhiep.accounts import policy
from lienhiep.core.compiled import Compiled

# The session's key for the login's clock: {"since": epoch s, "seen": epoch s, "idle": s, "factor": "none"?}.
STATE_KEY = "lienhiep_login"
# How often a request writes "last seen" into the session (a write per request would be a write per page).
SEEN_EVERY = 60


def _session(key: str, now: dt.datetime) -> Any:
    from lienhiep.accounts.models import Session

    return Session.objects.filter(session_key=key, expire_date__gt=now)


# Read on every request, always the same SQL: compiled once per process (core/compiled.py).
_SESSION = Compiled(_session, key=str, now=dt.datetime)


class SessionStore(DBStore):
    @classmethod
    def get_model_class(cls) -> Any:
        from lienhiep.accounts.models import Session

        return Session

    def _get_session_from_db(self) -> Any:
        """Django's read of the session (the row of this key that has not expired, or none: the key forgotten),
        through the compiled query."""
        session = _SESSION.first(key=self.session_key, now=timezone.now()) if self.session_key else None
        if session is None:
            self._session_key = None
        return session

    def create_model_instance(self, data: dict[str, Any]) -> Any:
        instance = super().create_model_instance(data)
        user_id = data.get("_auth_user_id")
        instance.user_id = int(user_id) if user_id is not None and str(user_id).isdigit() else None  # type: ignore[attr-defined]
        return instance


def start(session: SessionBase, user: Any, *, now: float | None = None) -> dict[str, Any]:
    """The clock of a new login, its idle limit set once from the user's roles."""
    now = time.time() if now is None else now
    state = {"since": int(now), "seen": int(now), "idle": policy.idle_seconds(user)}
    session[STATE_KEY] = state
    return state


def expired(state: dict[str, Any], *, now: float) -> bool:
    return now - state["since"] > settings.SESSION_COOKIE_AGE or now - state["seen"] > state["idle"]


def mark_no_second_factor(session: SessionBase) -> None:
    """The user needs no second factor and has none: not asked again in this session."""
    session[STATE_KEY] = {**session[STATE_KEY], "factor": "none"}
