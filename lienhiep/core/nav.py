"""The sidebar: each app declares its modules in its AppConfig as `nav_items`, and they add themselves."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    icon: str
    order: int = 100
    section: str = ""  # url namespace that marks the item active
    # Who sees it: "roles" (users with a role on a unit), "role_less" (users without one: experts, jurors, who
    # reach only the records granted to them, orgs/grants.py; and users with a role who also hold a grant), or "all".
    audience: str = "roles"


def for_request(items: list[NavItem], *, role_less: bool, granted: bool = False) -> list[NavItem]:
    """The items a user sees: a user without a role sees only those meant for them (their assignments); a user
    with a role sees theirs, and the assignments too when they hold a grant (`granted`)."""
    wanted = {"all", "role_less"} if role_less else {"all", "roles", "role_less"} if granted else {"all", "roles"}
    return [item for item in items if item.audience in wanted]


def ordered(items: tuple[NavItem, ...]) -> list[NavItem]:
    return sorted(items, key=lambda item: item.order)
