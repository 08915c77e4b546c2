"""The sidebar: each app declares its modules in its AppConfig as `nav_items`, and they add themselves."""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.utils.functional import Promise


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    icon: str
    order: int = 100
    section: str = ""  # url namespace that marks the item active


def nav_items() -> list[NavItem]:
    items: list[NavItem] = []
    for config in apps.get_app_configs():
        items.extend(getattr(config, "nav_items", ()))
    return sorted(items, key=lambda item: item.order)
