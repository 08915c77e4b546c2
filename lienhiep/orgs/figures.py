"""Remembered figures of a node's subtree, piece by piece, and forgetting them when the records change.

The overview of a province or of the country adds up hundreds of thousands of dated records; recounting
them on every request took 0.3–4 s at a million activities (docs/benchmarks.md, "Activities"). Figures
are additive over time, so a period is cut into pieces — calendar months or years, the first and last cut
at the period's ends — and each piece's figures are stored the first time they are computed
(`RememberedFigure`). A later period reads the pieces it shares and computes only the missing ones, in one
query grouped by piece.

A source's pieces are forgotten by the writes that change them:
- a record saved, moved to another date or deleted: the pieces of its source that contain its date, old and
  new, for every node (`watch` connects the receivers; bulk writes call `forget` themselves);
- a change to the tree (its `OrgEvent`, dated): every source's pieces that end on or after that date.
A piece that reaches today or later holds only on the day it was computed (what counts in the current year
depends on how the tree stands today, and a move dated ahead takes effect without a new event).

This is not domain logic but a cache of selectors, so signals are the right tool: they catch every save,
the admin's and the factories' included.

A figure is stored only if no change can have committed while it was computed: on PostgreSQL the reader
holds an advisory lock shared (writers take it exclusively before deleting, so they wait for the reader and
then delete what it stored, or the reader does not store); on SQLite transactions begin IMMEDIATE
(settings), so the reader holds the write lock while it computes.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable
from typing import Any, Literal

from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import F, Model, Q
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from lienhiep.orgs.models import EventKind, Org, OrgEvent, RememberedFigure

Step = Literal["month", "year"]
Data = dict[str, Any]
# (first, last, data) of each piece of a period, in date order.
Pieces = list[tuple[dt.date, dt.date, Data]]

DAY = dt.timedelta(days=1)


def pieces_of(start: dt.date, end: dt.date, step: Step) -> list[tuple[dt.date, dt.date]]:
    """[start, end] cut at calendar months or years."""
    out = []
    first = start
    while first <= end:
        if step == "month":
            following = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
        else:
            following = dt.date(first.year + 1, 1, 1)
        last = min(following - DAY, end)
        out.append((first, last))
        first = following
    return out


def pieced(
    node: Org | int,
    *,
    source: str,
    start: dt.date,
    end: dt.date,
    step: Step,
    compute: Callable[[dt.date, dt.date], dict[dt.date, Data]],
) -> Pieces:
    """The figures of `source` over `node`'s subtree in [start, end], piece by piece: the stored pieces, and
    the missing ones from `compute(first, last)`, which returns {a day within the piece: data} for the pieces
    of [first, last] that have any records (one query grouped by piece, not one per piece)."""
    from lienhiep.orgs.selectors import today

    org_id = node if isinstance(node, int) else node.pk
    cuts = pieces_of(start, end, step)
    if not cuts:
        return []
    now = today()
    cut_set = set(cuts)
    stored: dict[dt.date, Data] = {
        first: data
        for first, last, data in RememberedFigure.objects.filter(
            Q(last__lt=F("computed_on")) | Q(computed_on=now),
            org_id=org_id,
            source=source,
            first__gte=start,
            last__lte=end,
        ).values_list("first", "last", "data")
        if (first, last) in cut_set
    }
    missing = [(first, last) for first, last in cuts if first not in stored]
    if missing:
        stored.update(_compute_and_store(org_id, source, missing, cuts, now, compute))
    return [(first, last, stored.get(first, {})) for first, last in cuts]


def _compute_and_store(
    org_id: int,
    source: str,
    missing: list[tuple[dt.date, dt.date]],
    cuts: list[tuple[dt.date, dt.date]],
    now: dt.date,
    compute: Callable[[dt.date, dt.date], dict[dt.date, Data]],
) -> dict[dt.date, Data]:
    firsts = [first for first, _last in cuts]

    def run() -> dict[dt.date, Data]:
        # One computation from the first missing piece to the last; pieces already stored in between are
        # computed again (cheaper than a query per gap) but not stored twice.
        found: dict[dt.date, Data] = dict.fromkeys((first for first, _last in missing), {})
        for day, data in compute(missing[0][0], missing[-1][1]).items():
            first = firsts[bisect.bisect_right(firsts, day) - 1]
            if first in found:
                found[first] = data
        return found

    found: dict[dt.date, Data] | None = None
    try:
        with transaction.atomic():
            if not hold_read_lock():
                return run()
            found = run()
            last_of = dict(cuts)
            RememberedFigure.objects.bulk_create(
                RememberedFigure(
                    org_id=org_id, source=source, first=first, last=last_of[first], computed_on=now, data=data
                )
                for first, data in found.items()
            )
    except (IntegrityError, DatabaseError):
        # Stored meanwhile by another reader, or a writer holds the lock: give the figures, store nothing.
        if found is None:
            found = run()
    return found


# PostgreSQL advisory locks of remembered figures (these, and members.counts'): readers that store take one
# shared and do not wait, writers take it exclusively until their transaction ends. (A lock row would vanish
# when a test database is flushed.)
LOCK_KEY = 0x4C484650  # "LHFP"


def hold_read_lock(key: int = LOCK_KEY) -> bool:
    """Whether a reader may store what it computes in this transaction: no writer of `key` is under way
    (PostgreSQL; on SQLite the reader's transaction already holds the database's write lock)."""
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock_shared(%s)", [key])
        row = cursor.fetchone()
    return bool(row and row[0])


def lock_out_readers(key: int = LOCK_KEY) -> None:
    """Called by a writer before it forgets: waits for readers that are storing, and keeps new ones from
    storing until the writer's transaction ends."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


def forget(source: str | None, *, on: dt.date | None = None, since: dt.date | None = None) -> None:
    """Delete remembered pieces: of `source` (None: every source) containing the day `on`, or ending on or
    after `since`; with neither date, all of them."""
    lock_out_readers()
    rows = RememberedFigure.objects.all()
    if source is not None:
        rows = rows.filter(source=source)
    if on is not None:
        rows = rows.filter(last__gte=on, first__lte=on)
    if since is not None:
        rows = rows.filter(last__gte=since)
    rows.delete()


def watch(model: type[Model], *, source: str, day: Callable[[Any], dt.date | None]) -> None:
    """Forget `source`'s pieces whenever a `model` row is saved or deleted: those containing `day(row)`,
    before and after the change."""

    def changing(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
        if instance.pk is not None and not raw:
            before = sender.objects.filter(pk=instance.pk).first()
            if before is not None:
                _forget_day(source, day(before))

    def changed(sender: Any, instance: Any, **kwargs: Any) -> None:
        _forget_day(source, day(instance))

    uid = f"orgs.figures.{source}.{model._meta.label}"
    pre_save.connect(changing, sender=model, weak=False, dispatch_uid=f"{uid}.pre")
    post_save.connect(changed, sender=model, weak=False, dispatch_uid=f"{uid}.post")
    post_delete.connect(changed, sender=model, weak=False, dispatch_uid=f"{uid}.delete")


def _forget_day(source: str, day: dt.date | None) -> None:
    forget(source, on=day) if day is not None else forget(source)


TREE_UNCHANGED = (EventKind.ROLE_GRANT, EventKind.ROLE_END)


@receiver(post_save, sender=OrgEvent)
def _tree_changed(sender: Any, instance: OrgEvent, created: bool, **kwargs: Any) -> None:
    if created and instance.kind not in TREE_UNCHANGED:
        forget(None, since=instance.effective_on)
        # Once the change is committed, the unions' overviews are computed again in the background, so their
        # first reader does not wait (0.5–1.7 s for the country at a million activities). Once per
        # transaction, however many events an operation writes (a merge writes one per unit).
        # (Callbacks of a rolled-back transaction or savepoint are dropped from the list by Django.)
        if not any(entry[1] is _enqueue_warm for entry in connection.run_on_commit):
            transaction.on_commit(_enqueue_warm)


def _enqueue_warm() -> None:
    from lienhiep.orgs.tasks import figures_warm

    figures_warm.enqueue()
