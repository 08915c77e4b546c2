"""Base model mixins shared by every app. No domain tables live here."""

from __future__ import annotations

from typing import Any, Self

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lienhiep.core import events


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class AuditEvent(models.Model):
    """One change, in the shape every app's event table shares: what happened (`kind`, from the app's choices:
    a table redeclares the field with them), who did it (`actor`), when it was recorded (`at`), and the details
    as plain JSON (`data`: values before and after, the records involved). The audit trail and the timelines
    are these tables. Rows are written by services alone, through `record`, and never changed; each table adds
    what its rows are about (a node, a person, a target) and its own indexes."""

    kind = models.CharField(max_length=20)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    data = models.JSONField(default=dict)

    class Meta:
        abstract = True
        ordering = ["-at", "-id"]

    @classmethod
    def build(cls, *, actor: Any, kind: str, data: dict[str, Any] | None = None, **columns: Any) -> Self:
        """An unsaved row, its `data` made plain JSON (`core.events.jsonable`): for writers that insert many."""
        return cls(actor=actor, kind=kind, data=events.jsonable(data or {}), **columns)

    @classmethod
    def record(cls, *, actor: Any, kind: str, data: dict[str, Any] | None = None, **columns: Any) -> Self:
        """Write one event row: `kind`, `actor` and the table's own `columns` (its node, person, target…), with
        `data` made plain JSON."""
        event = cls.build(actor=actor, kind=kind, data=data, **columns)
        event.save()
        events.recorded(event)
        return event
