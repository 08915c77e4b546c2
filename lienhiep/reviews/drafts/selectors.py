"""Reads of a dossier's draft: the page of parts with their comments, a part's further comments, the comments the
secretary has not decided on, the opinion's items and the log of who opened the files.

The draft page reads a page of parts at a time (`PARTS_PAGE`, by their order: the next page loads as the reader
scrolls) and, of each part, its first `COMMENTS_SHOWN` comments with their answers; the rest of a part's comments
load on demand (`part_comments`), and each comment's answer form too (`views_drafts.comment_reply`, GET). So a
draft with 2,000 comments reads ~100 rows a page, wherever they fall, and renders a few dozen comments.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber

from lienhiep.reviews.models import Dossier
from lienhiep.reviews.models.drafts import (
    Decision,
    Draft,
    DraftComment,
    DraftEvent,
    DraftEventKind,
    DraftPart,
    OpinionItem,
)

# A page of parts: what a first screen or two shows (the next loads as the reader scrolls). Rendering is what a draft
# page costs (its queries take a few ms at 1,000,000 comments): 40 parts with their first comments took ~140 ms of
# CPU on a 484-part draft with 2,000 comments, 20 take ~90 (docs/benchmarks.md, issue 15).
PARTS_PAGE = 20
COMMENTS_SHOWN = 5
REPLIES_SHOWN = 20
MORE_PAGE = 50
UNDECIDED_SHOWN = 100  # the opinion page lists these first; the rest once they are decided on


@dataclass
class Thread:
    comment: DraftComment
    replies: list[DraftComment] = field(default_factory=list)
    more_replies: int = 0


@dataclass
class PartView:
    part: DraftPart | None  # None: the draft as a whole
    threads: list[Thread]
    total: int  # the part's comments (answers not counted)

    @property
    def more(self) -> int:
        return max(0, self.total - len(self.threads))

    @property
    def last_id(self) -> int:
        return self.threads[-1].comment.pk if self.threads else 0


def latest_draft(dossier: Dossier) -> Draft | None:
    return Draft.objects.filter(dossier=dossier).order_by("-version").first()


def drafts_of(dossier: Dossier) -> QuerySet[Draft]:
    return Draft.objects.filter(dossier=dossier).order_by("-version")


def _threads(comments: Sequence[DraftComment]) -> list[Thread]:
    """Each comment with its first answers (and how many more there are), in one query for all of them."""
    if not comments:
        return []
    ids = [c.pk for c in comments]
    # The first answers of each comment and, on each, how many the comment has (a window over all its answers,
    # counted before the first ones are kept): one query.
    ranked = (
        DraftComment.objects.filter(reply_to__in=ids)
        .annotate(
            rank=Window(RowNumber(), partition_by=[F("reply_to_id")], order_by=[F("id").asc()]),
            of_comment=Window(Count("id"), partition_by=[F("reply_to_id")]),
        )
        .filter(rank__lte=REPLIES_SHOWN)
        .order_by("reply_to_id", "id")
    )
    replies: dict[int, list[DraftComment]] = defaultdict(list)
    counts: dict[int, int] = {}
    for reply in ranked:
        replies[reply.reply_to_id].append(reply)  # type: ignore[index]
        counts[reply.reply_to_id] = reply.of_comment  # type: ignore[attr-defined,index]
    return [
        Thread(c, replies.get(c.pk, []), max(0, counts.get(c.pk, 0) - len(replies.get(c.pk, [])))) for c in comments
    ]


def page(draft: Draft, *, after: int = 0, limit: int = PARTS_PAGE) -> tuple[list[PartView], int | None]:
    """The parts of `draft` after order `after` (a page of `limit`), each with its first comments; and the order
    the next page starts after (None: this is the last page)."""
    _general, views, following = _page(draft, after=after, limit=limit, with_general=False)
    return views, following


def first_page(draft: Draft) -> tuple[PartView, list[PartView], int | None]:
    """The draft as a whole (its comments on no part) and its first page of parts, as `general` and `page` give
    them, in the queries of `page` alone: the comments on no part are one more partition of the same window (the
    page read them and their answers apart, two queries more)."""
    return _page(draft, after=0, limit=PARTS_PAGE, with_general=True)


def _page(draft: Draft, *, after: int, limit: int, with_general: bool) -> tuple[PartView, list[PartView], int | None]:
    parts = list(DraftPart.objects.filter(draft=draft, order__gt=after).order_by("order")[: limit + 1])
    following = parts[limit - 1].order if len(parts) > limit else None
    parts = parts[:limit]
    ids = [p.pk for p in parts]
    # The first comments of each part and, on each, how many the part has (one query: the count is a window over
    # all the part's comments, taken before the first ones are kept; a part without comments has none shown). The
    # comments on no part, asked for, are the partition of part NULL.
    on = Q(part__in=ids)
    if with_general:
        on |= Q(draft=draft, part__isnull=True)
    shown = list(
        DraftComment.objects.filter(on, reply_to__isnull=True)
        .annotate(
            rank=Window(RowNumber(), partition_by=[F("part_id")], order_by=[F("id").asc()]),
            of_part=Window(Count("id"), partition_by=[F("part_id")]),
        )
        .filter(rank__lte=COMMENTS_SHOWN)
        .order_by("part_id", "id")
    )
    totals = {c.part_id: c.of_part for c in shown}  # type: ignore[attr-defined]
    threads = _threads(shown)
    by_part: dict[int | None, list[Thread]] = defaultdict(list)
    for thread in threads:
        by_part[thread.comment.part_id].append(thread)
    general = PartView(None, by_part.get(None, []), totals.get(None, 0))  # empty unless asked for
    return general, [PartView(p, by_part.get(p.pk, []), totals.get(p.pk, 0)) for p in parts], following


def general(draft: Draft) -> PartView:
    """The comments on the draft as a whole (no part), the first ones with their answers."""
    rows = DraftComment.objects.filter(draft=draft, part__isnull=True, reply_to__isnull=True)
    # How many there are, on each row shown (a window over all of them, counted before the LIMIT): one query.
    shown = list(rows.annotate(of_draft=Window(Count("id"))).order_by("id")[:COMMENTS_SHOWN])
    return PartView(None, _threads(shown), shown[0].of_draft if shown else 0)  # type: ignore[attr-defined]


def part_comments(draft: Draft, part: DraftPart | None, *, after_id: int) -> PartView:
    """The next comments of a part (or of the draft as a whole) after comment `after_id`."""
    rows = DraftComment.objects.filter(draft=draft, part=part, reply_to__isnull=True)
    shown = list(rows.filter(pk__gt=after_id).order_by("id")[:MORE_PAGE])
    total = rows.filter(pk__gt=after_id).count()
    return PartView(part, _threads(shown), total)


def part_view(part: DraftPart) -> PartView:
    """One part as the page shows it (after a comment was added)."""
    views, _next = page(part.draft, after=part.order - 1, limit=1)
    return views[0]


def undecided(dossier: Dossier) -> QuerySet[DraftComment]:
    """The comments of the dossier's drafts the secretary has not decided on, in the draft's order."""
    return (
        DraftComment.objects.filter(draft__dossier=dossier, reply_to__isnull=True, decision=Decision.OPEN)
        .select_related("part", "draft")
        .order_by(F("part__order").asc(nulls_first=True), "id")
    )


def decided(dossier: Dossier, decision: str) -> QuerySet[DraftComment]:
    return (
        DraftComment.objects.filter(draft__dossier=dossier, reply_to__isnull=True, decision=decision)
        .select_related("part")
        .order_by(F("part__order").asc(nulls_first=True), "id")
    )


def counts(dossier: Dossier) -> dict[str, int]:
    """How many comments of the dossier stand at each decision (answers not counted)."""
    found = dict(
        DraftComment.objects.filter(draft__dossier=dossier, reply_to__isnull=True)
        .values_list("decision")
        .annotate(n=Count("id"))
        .values_list("decision", "n")
    )
    return {value: found.get(value, 0) for value in Decision.values}


def items(dossier: Dossier) -> QuerySet[OpinionItem]:
    """The opinion's items in the draft's order, each with how many comments it was made from (`merged`): counted,
    not read (the page prints the number; reading them was 300 comment rows on a 100-item opinion)."""
    return (
        OpinionItem.objects.filter(dossier=dossier)
        .annotate(merged=Count("comments"))
        .order_by(F("part__order").asc(nulls_first=True), "id")
    )


def opens(dossier: Dossier, *, limit: int = 100) -> list[DraftEvent]:
    """Who opened the dossier's files, newest first."""
    return list(
        DraftEvent.objects.filter(dossier=dossier, kind=DraftEventKind.OPEN)
        .select_related("actor")
        .order_by("-at", "-id")[:limit]
    )


def access_list(dossier: Dossier) -> QuerySet[Any]:
    from lienhiep.reviews.models.drafts import DossierAccess

    return DossierAccess.objects.filter(dossier=dossier).select_related("user", "added_by").order_by("added_at", "id")


def access_candidates(dossier: Dossier) -> QuerySet[Any]:
    """Who may be put on a dossier's access list: its experts (their grants today) and the staff with a role on its
    node or a node above it, less those on it already."""
    from django.contrib.auth import get_user_model

    from lienhiep.orgs import grants
    from lienhiep.orgs import selectors as org_selectors
    from lienhiep.orgs.models import Role
    from lienhiep.reviews.models.drafts import DossierAccess

    today = org_selectors.today()
    current = Q(revoked_at__isnull=True, starts__lte=today) & (Q(ends__isnull=True) | Q(ends__gte=today))
    experts = grants.of_object(dossier, kind=grants.EXPERT).filter(current).values("user_id")
    above = [org.pk for org in org_selectors.ancestors(dossier.org, on=today, include_self=True)]
    staff = Role.objects.filter(org_selectors.valid_on(today), org__in=above).values("user_id")
    listed = DossierAccess.objects.filter(dossier=dossier).values("user_id")
    return (
        get_user_model()
        .objects.filter(Q(pk__in=experts) | Q(pk__in=staff), is_active=True)
        .exclude(pk__in=listed)
        .order_by("full_name", "username")
    )
