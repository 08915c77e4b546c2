"""Workflows are transition tables (STYLE.md): a status's allowed moves in one `TRANSITIONS` mapping per model,
and every service that moves a row refuses a move its table does not allow in the same words, here."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

# A workflow's table: each status, the statuses it may move to.
Transitions = Mapping[str, Collection[str]]


def check_move(
    transitions: Transitions,
    statuses: type[models.TextChoices],
    before: str,
    to: str,
    refusal: str,
    *,
    code: str | None = "transition",
) -> None:
    """Refuse the move from `before` to `to` unless `transitions` allows it: `refusal` names the two statuses by
    their labels (`%(before)s`, `%(after)s`; a status that does not exist as it was asked). Nothing is changed."""
    if to not in transitions.get(before, ()):
        after = statuses(to).label if to in statuses.values else to
        raise ValidationError(refusal % {"before": statuses(before).label, "after": after}, code=code)


def step(
    row: Any,
    to: str,
    transitions: Transitions,
    statuses: type[models.TextChoices],
    refusal: str,
    *,
    code: str | None = "transition",
    **fields: Any,
) -> str:
    """Move `row` to the status `to` if `transitions` allows it (`check_move`), with the `fields` the step records
    (the caller saves it), and say the status it had before."""
    before: str = row.status
    check_move(transitions, statuses, before, to, refusal, code=code)
    row.status = to
    for name, value in fields.items():
        setattr(row, name, value)
    return before
