"""Reads of contests that depend on who asks, and the public page's content."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lienhiep.contests.models import (
    RANK_ORDER,
    Edition,
    EditionStatus,
    Entry,
    EntryAuthor,
    EntryPrize,
    EntryStatus,
    PrizeRank,
    PrizeStatus,
)
from lienhiep.contests.permissions import organiser_level
from lienhiep.orgs import selectors as org_selectors
from lienhiep.orgs.models import Org, OrgClosure
from lienhiep.orgs.permissions import Access, is_system_admin, org_ids_at_least, orgs_at_least, role_org_ids


def editions_visible_to(user: Any) -> QuerySet[Edition]:
    """The editions organised in the user's tree, and the open editions of the nodes above her units (her line),
    newest first."""
    rows = Edition.objects.select_related("contest", "contest__org")
    if is_system_admin(user):
        return rows.order_by("-year_end", "-id")
    on = org_selectors.today()
    above = OrgClosure.objects.filter(org_selectors.holds(on), descendant_id__in=role_org_ids(user)).values(
        "ancestor_id"
    )
    visible = org_ids_at_least(user)
    mine = Q() if visible is None else Q(contest__org_id__in=visible)
    line = Q(status=EditionStatus.OPEN, contest__org_id__in=above)
    return rows.filter(mine | line).order_by("-year_end", "-id")


def entries_visible_in(user: Any, edition: Edition) -> QuerySet[Entry]:
    """The entries of `edition` the user reads: every one for the organiser's roles, else those her units sent."""
    rows = Entry.objects.filter(edition=edition).select_related("field", "category", "sending_unit")
    if organiser_level(user, edition) is None:
        visible = org_ids_at_least(user)
        if visible is not None:
            rows = rows.filter(sending_unit_id__in=visible)
    return rows.order_by("number")


def units_to_submit_for(user: Any, edition: Edition) -> QuerySet[Org]:
    """The units the user may send entries for: those she records on, standing under the organiser today."""
    on = org_selectors.today()
    under = OrgClosure.objects.filter(org_selectors.holds(on), ancestor=edition.contest.org).values("descendant_id")
    return orgs_at_least(user, Access.EDIT, active=True).filter(pk__in=under)


def entry_counts(edition: Edition) -> list[tuple[str, int]]:
    """How many entries of the edition stand at each status, in the workflow's order (those with none left out)."""
    found = dict(Entry.objects.filter(edition=edition).order_by().values_list("status").annotate(n=Count("id")))
    return [(str(label), found[value]) for value, label in EntryStatus.choices if found.get(value)]


# --- The public page ------------------------------------------------------------------------------------------------


@dataclass
class PublicPrize:
    rank: str
    rank_label: str
    title: str
    field: str
    category: str
    unit: str
    authors: list[str]
    hidden_authors: int

    @property
    def authors_line(self) -> str:
        """The authors as the page prints them: those who consented by name, the others counted."""
        named = ", ".join(self.authors)
        if not self.hidden_authors:
            return _("Authors: %(names)s") % {"names": named} if named else ""
        hidden = ngettext("%(n)s author not named", "%(n)s authors not named", self.hidden_authors) % {
            "n": self.hidden_authors
        }
        return _("Authors: %(names)s and %(hidden)s") % {"names": named, "hidden": hidden} if named else hidden


@dataclass
class PublicPage:
    edition: Edition
    fields: list[Any]
    prize_rows: list[Any]
    results: list[PublicPrize] | None
    etag: str
    by_field: dict[str, list[PublicPrize]] = field(default_factory=dict)


def public_version(edition_pk: int) -> tuple[Edition, str] | None:
    """The edition the public page shows and the version of what it prints (its ETag): the edition's last change,
    and once its results are public, its prizes' last change. Two small queries; None: no such edition, or one whose
    rules are still being prepared (not published)."""
    edition = (
        Edition.objects.select_related("contest", "contest__org")
        .exclude(status=EditionStatus.DRAFT)
        .filter(pk=edition_pk)
        .first()
    )
    if edition is None:
        return None
    parts = [str(edition.pk), edition.updated_at.isoformat(), edition.status]
    if edition.results_public:
        last = EntryPrize.objects.filter(entry__edition=edition).aggregate(at=Max("updated_at"), n=Count("id"))
        parts += [str(last["at"]), str(last["n"])]
    return edition, hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]


def public_page(edition: Edition, etag: str, *, results: bool = False) -> PublicPage:
    """What the public pages of `edition` print: its rules, fields and deadlines and the prize table; with `results`,
    once the board approved them, the approved prizes by field and rank with their titles, units and the authors who
    consented to be named (the others counted, not named)."""
    if results:
        return _public_results(edition, etag)
    fields = list(edition.fields.prefetch_related("categories"))
    return PublicPage(edition, fields, prize_table(edition), None, etag)


def prize_table(edition: Any) -> list[Any]:
    """The edition's prize rows as every page prints them: by field and category in their order, then by rank from
    the highest (Đặc biệt, Nhất, Nhì, Ba, Khuyến khích, phong trào), not by the rank's code."""
    return sorted(
        edition.prize_rows.select_related("field", "category"),
        key=lambda r: (r.field.order if r.field else 0, r.category.order if r.category else 0, RANK_ORDER[r.rank]),
    )


def _public_results(edition: Edition, etag: str) -> PublicPage:
    results: list[PublicPrize] | None = None
    by_field: dict[str, list[PublicPrize]] = {}
    if edition.results_public:
        # Plain values, not model instances: a national edition lists hundreds of prizes and their authors.
        prizes = list(
            EntryPrize.objects.filter(entry__edition=edition, status=PrizeStatus.APPROVED).values_list(
                "entry_id",
                "rank",
                "position",
                "entry__title",
                "entry__author_unit",
                "entry__field__name",
                "entry__field__order",
                "entry__category__name",
                "entry__sending_unit__name",
            )  # fmt: skip
        )
        named: dict[int, list[str]] = {}
        hidden: dict[int, int] = {}
        authors = EntryAuthor.objects.filter(entry__edition=edition, entry__prize__status=PrizeStatus.APPROVED)
        for entry_id, name, consent, person_name in authors.order_by("entry_id", "order").values_list(
            "entry_id", "full_name", "consent_publish", "person__full_name"
        ):
            if consent:
                named.setdefault(entry_id, []).append(person_name or name)
            else:
                hidden[entry_id] = hidden.get(entry_id, 0) + 1
        labels = dict(PrizeRank.choices)
        prizes.sort(key=lambda p: (p[6], p[5], RANK_ORDER[p[1]], p[2] or 0))
        results = []
        for entry_id, rank, _position, title, author_unit, field_name, _order, category, unit in prizes:
            row = PublicPrize(
                rank=rank, rank_label=str(labels[rank]), title=title, field=field_name, category=category or "",
                unit=author_unit or unit, authors=named.get(entry_id, []), hidden_authors=hidden.get(entry_id, 0),
            )  # fmt: skip
            results.append(row)
            by_field.setdefault(row.field, []).append(row)
    return PublicPage(edition, [], [], results, etag, by_field)
