"""What a user's roles ask of their logins (accounts.policy): officers log in with a second factor; roles that may
reveal citizen ID numbers (EDIT: officers and secretaries) time out sooner; a password may not hold the names of
the user's units.
Each reads the roles through the compiled query (orgs.permissions.roles_today): every login asks two or three of
them, and building the query took most of their CPU."""

from __future__ import annotations

import re
from typing import Any

from lienhiep.core.text import fold
from lienhiep.orgs.models import RoleKind
from lienhiep.orgs.permissions import ROLE_ACCESS, Access, roles_today

# What every unit's name begins with, and the level of the place it is named after (folded).
_GENERIC = re.compile(
    r"^(lien hiep cac hoi kh&kt|lien hiep cac hoi khoa hoc va ky thuat|lien hiep hoi|lien hiep|chi hoi kh&kt|"
    r"hoi kh&kt|chi hoi|hoi)\s*(tinh|thanh pho|thi xa|huyen|quan|phuong|xa)?\s*"
)


def is_officer(user: Any) -> bool:
    return bool(user.is_authenticated) and any(role.kind == RoleKind.OFFICER for role in roles_today(user))


def may_reveal_ids(user: Any) -> bool:
    return bool(user.is_authenticated) and any(ROLE_ACCESS[role.kind] >= Access.EDIT for role in roles_today(user))


def unit_words(user: Any) -> list[str]:
    """The distinctive part of the names of the units the user holds roles on: "Liên hiệp hội tỉnh Hà Tĩnh" gives
    "ha tinh", and its short name as it is."""
    words: list[str] = []
    for role in roles_today(user):
        words.append(_GENERIC.sub("", fold(role.org.name)).strip())
        if role.org.short_name:
            words.append(fold(role.org.short_name))
    return [word for word in words if word]
