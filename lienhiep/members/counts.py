"""Remembered member counts of unions, and forgetting them when the records change.

`remembered(node, on, distinct, count)` returns the stored figure or counts and stores it. Every write
that can change a count calls `forget(since=date)`, which deletes the figures on or after that date:
membership rows through the signals below (any `save()`), bulk writes and deletes explicitly (a
`post_delete` receiver would make Django load every row of a bulk delete to signal it), and
changes to the tree through their `OrgEvent` (every tree operation writes one, dated).

A figure is stored only if no change can have committed while it was counted: on PostgreSQL the
reader holds an advisory lock shared (`orgs.figures.hold_read_lock`; writers take it exclusively, so
they wait, or the reader does not store); on SQLite transactions begin IMMEDIATE (settings), so the
reader holds the write lock while it counts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db import DatabaseError, IntegrityError, transaction
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from lienhiep.members.models import MemberCount, Membership
from lienhiep.orgs import figures
from lienhiep.orgs.models import Org, OrgEvent, OrgKind

REMEMBERED_KINDS = (OrgKind.NATIONAL, OrgKind.PROVINCIAL, OrgKind.DISTRICT)
LOCK_KEY = 0x4C48434E  # "LHCN": member counts' own advisory lock (orgs.figures)


def remembered(node: Org, *, on: dt.date, distinct_persons: bool, count: Callable[[], int]) -> int:
    if node.kind not in REMEMBERED_KINDS:
        return count()
    stored = (
        MemberCount.objects.filter(org=node, on=on, distinct_persons=distinct_persons)
        .values_list("value", flat=True)
        .first()
    )
    if stored is not None:
        return stored
    value: int | None = None
    try:
        with transaction.atomic():
            if not figures.hold_read_lock(LOCK_KEY):
                return count()
            value = count()
            MemberCount.objects.create(org=node, on=on, distinct_persons=distinct_persons, value=value)
    except (IntegrityError, DatabaseError):
        # Stored meanwhile by another reader, or a writer holds the lock: give the figure, store nothing.
        if value is None:
            value = count()
    return value


def warm(*, on: dt.date) -> int:
    """Count ahead the figures people open first: the country, each province and each district on `on`
    (run nightly for today, and after big imports). Returns how many figures were counted."""
    from lienhiep.members.selectors import member_count  # selectors use this module

    unions = Org.objects.filter(kind__in=REMEMBERED_KINDS, founded_on__lte=on).exclude(ended_on__lte=on)
    missing = unions.exclude(pk__in=MemberCount.objects.filter(on=on, distinct_persons=True).values("org_id"))
    done = 0
    for org in missing.order_by("kind", "pk").iterator():
        member_count(org, on=on)
        done += 1
    return done


def forget(*, since: dt.date | None) -> None:
    """Delete the remembered figures on or after `since` (None: a change of unknown date, all)."""
    figures.lock_out_readers(LOCK_KEY)
    rows = MemberCount.objects.all() if since is None else MemberCount.objects.filter(on__gte=since)
    rows.delete()


@receiver(pre_save, sender=Membership)
def _membership_changing(sender: Any, instance: Membership, **kwargs: Any) -> None:
    if instance.pk is not None:
        before = Membership.objects.filter(pk=instance.pk).values_list("joined_on", flat=True).first()
        if before is not None and before < instance.joined_on:
            forget(since=before)


@receiver(post_save, sender=Membership)
def _membership_changed(sender: Any, instance: Membership, **kwargs: Any) -> None:
    forget(since=instance.joined_on)


@receiver(post_save, sender=OrgEvent)
def _tree_changed(sender: Any, instance: OrgEvent, created: bool, **kwargs: Any) -> None:
    if created:
        forget(since=instance.effective_on)
