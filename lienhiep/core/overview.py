"""Panels of a node's overview page. The page belongs to `activities`; apps it must not import (awards,
finance) add their panels by declaring `overview_panels` on their AppConfig, as they declare nav items."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class OverviewPanel:
    # Template rendered with the panel's context; "chart" entries join the page's chart data.
    template: str
    # Dotted path of a function (node, *, start: date, end: date) -> dict.
    build: str
    order: int = 100

    def context(self, node: Any, *, start: dt.date, end: dt.date) -> dict[str, Any]:
        result: dict[str, Any] = import_string(self.build)(node, start=start, end=end)
        return result


def overview_panels() -> list[OverviewPanel]:
    panels: list[OverviewPanel] = []
    for config in apps.get_app_configs():
        panels.extend(getattr(config, "overview_panels", ()))
    return sorted(panels, key=lambda panel: panel.order)
