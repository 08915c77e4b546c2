"""Password rules beyond Django's validators (AUTH_PASSWORD_VALIDATORS): no word of the platform's own or of the
user's unions, and none of the passwords most often found in breaches."""

from __future__ import annotations

import functools
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from lienhiep.accounts import policy
from lienhiep.core.text import fold

# The platform's own words, as people write them (folded: without diacritics, lower case).
PLATFORM_WORDS = ("lien hiep", "lienhiep", "vusta", "lhh")


def _squeeze(value: str) -> str:
    """Folded, letters and digits only: "Liên-Hiệp 2026" -> "lienhiep2026"."""
    return re.sub(r"[^a-z0-9]", "", fold(value))


class PlatformWordsValidator:
    """Refuses a password that holds the platform's name (liên hiệp, vusta) or the name of a union the user holds a
    role in, however it is written: with or without diacritics, capitals, spaces or signs between the letters."""

    def __init__(self, min_length: int = 4) -> None:
        self.min_length = min_length

    def validate(self, password: str, user: Any = None) -> None:
        squeezed = _squeeze(password)
        words = [*PLATFORM_WORDS, *policy.password_words(user)]
        for word in words:
            key = _squeeze(word)
            if len(key) >= self.min_length and key in squeezed:
                raise ValidationError(
                    _("The password may not contain “%(word)s”: it is a name everyone here knows."),
                    code="password_platform_word",
                    params={"word": word},
                )

    def get_help_text(self) -> str:
        return _("Your password may not contain the platform's name or the name of your union.")


@functools.cache
def _breached() -> frozenset[str]:
    # zxcvbn ships the 30,000 passwords most often found in breached password lists; Django's own
    # CommonPasswordValidator (kept in AUTH_PASSWORD_VALIDATORS) has 20,000 more.
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"])


class BreachedPasswordValidator:
    """Refuses a password from zxcvbn's list of the most common passwords in breaches (compared in lower case)."""

    def validate(self, password: str, user: Any = None) -> None:
        if password.lower().strip() in _breached():
            raise ValidationError(
                _("This password is among those most often stolen and tried. Choose another."),
                code="password_breached",
            )

    def get_help_text(self) -> str:
        return _("Your password may not be one of the passwords most often stolen and tried.")
