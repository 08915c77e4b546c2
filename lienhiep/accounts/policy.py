"""What an account's roles ask of its logins: a second factor, a shorter idle timeout, words its password may not
hold. Roles are the orgs app's, to the right of accounts: orgs declares its rules here when it loads
(`OrgsConfig.ready`), so accounts asks without importing it. A system administrator needs all of it whatever the
rules say."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings

_second_factor_rules: list[Callable[[Any], bool]] = []
_short_idle_rules: list[Callable[[Any], bool]] = []
_word_sources: list[Callable[[Any], Iterable[str]]] = []


def require_second_factor_when(rule: Callable[[Any], bool]) -> None:
    """`rule(user)` true: the user must log in with a second factor."""
    if rule not in _second_factor_rules:
        _second_factor_rules.append(rule)


def short_idle_when(rule: Callable[[Any], bool]) -> None:
    """`rule(user)` true: the user's session ends after `SESSION_IDLE_MINUTES_SENSITIVE` without a request."""
    if rule not in _short_idle_rules:
        _short_idle_rules.append(rule)


def password_words_from(source: Callable[[Any], Iterable[str]]) -> None:
    """`source(user)`: more words the user's password may not contain (the names of the user's unions)."""
    if source not in _word_sources:
        _word_sources.append(source)


def second_factor_required(user: Any) -> bool:
    return bool(user.is_superuser) or any(rule(user) for rule in _second_factor_rules)


def idle_seconds(user: Any) -> int:
    sensitive = bool(user.is_superuser) or any(rule(user) for rule in _short_idle_rules)
    minutes = settings.SESSION_IDLE_MINUTES_SENSITIVE if sensitive else settings.SESSION_IDLE_MINUTES
    return int(minutes) * 60


def password_words(user: Any) -> list[str]:
    if user is None or user.pk is None:
        return []
    return [word for source in _word_sources for word in source(user)]
