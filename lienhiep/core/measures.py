"""Measures other apps offer for congress targets. A target belongs to `governance`, but what it is
judged by may live in an app governance must not import (initiatives in `activities`, honours in
`awards`): those apps declare `congress_measures` on their AppConfig, as they declare nav items."""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.utils.functional import Promise


@dataclass(frozen=True)
class MeasureSpec:
    key: str
    label: str | Promise
    unit: str | Promise
    # Dotted path of a function (node, start: date, end: date) -> Decimal | None, both days included.
    compute: str


def declared_measures() -> list[MeasureSpec]:
    specs: list[MeasureSpec] = []
    for config in apps.get_app_configs():
        specs.extend(getattr(config, "congress_measures", ()))
    return specs
