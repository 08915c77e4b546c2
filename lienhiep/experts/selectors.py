"""Reads of the expert registry: the list a user sees, searched with diacritics ignored."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from lienhiep.core import filtering
from lienhiep.core.text import fold
from lienhiep.experts.models import Expert
from lienhiep.members.models import Field
from lienhiep.orgs import selectors as org_selectors
from lienhiep.orgs.models import Org


@dataclass(frozen=True)
class ExpertFilters:
    q: str = ""  # words of the name, the workplace or a field of expertise
    node: Org | None = None  # the lists of this unit and the units under it
    field: Field | None = None
    available: str = ""  # "yes", "no" or "" (both)


def _field_ids(word: str) -> list[int]:
    # The fields are a short controlled list: folded in Python, as the database cannot fold "đ".
    return [pk for pk, name in Field.objects.values_list("pk", "name") if word in fold(name)]


def _with_field(**link: Any) -> Exists:
    """The expert has a field of expertise as `link` says."""
    return Exists(Expert.fields.through.objects.filter(expert_id=OuterRef("pk"), **link))


EXPERT_FILTERS: dict[str, filtering.Lookup] = {
    "node": lambda node: Q(org_id__in=org_selectors.visible_ids([node.pk])),
    "q": filtering.each_word(
        "name_folded", "workplace_folded", lambda word: _with_field(field_id__in=_field_ids(word))
    ),
    "field": lambda field: _with_field(field_id=field.pk),
    "available": lambda available: Q(available=available == "yes") if available in ("yes", "no") else Q(),
}


def expert_list(*, visible_org_ids: list[int] | None, filters: ExpertFilters | None = None) -> QuerySet[Expert]:
    """The experts on the lists of the units the user sees (`visible_org_ids`, None: every unit), by given name; each
    word of `q` found in the folded name, the folded workplace or a field of expertise."""
    rows = Expert.objects.select_related("org")
    if visible_org_ids is not None:
        rows = rows.filter(org_id__in=visible_org_ids)
    rows = filtering.narrow(rows, filters or ExpertFilters(), EXPERT_FILTERS)
    return rows.order_by("name_sort", "id")


def experts_of(org: Org, *, available_only: bool = True) -> QuerySet[Expert]:
    """The experts an assigning app offers for a record of `org`: those on the lists of `org` and the units above it
    (a dossier of a town union may draw on the province's list), available ones only by default."""
    above = [a.pk for a in org_selectors.ancestors(org, on=org_selectors.today())] + [org.pk]
    rows = Expert.objects.filter(org_id__in=above)
    if available_only:
        rows = rows.filter(available=True)
    return rows.order_by("name_sort", "id")


def expert_fields(experts: Any) -> dict[int, list[str]]:
    """{expert id: names of their fields of expertise} for a page of experts, in one query."""
    out: dict[int, list[str]] = {}
    links = Expert.fields.through.objects.filter(expert_id__in=[e.pk for e in experts]).select_related("field")
    for link in links.order_by("field__order", "field__name"):
        out.setdefault(link.expert_id, []).append(link.field.name)
    return out


LOOKUP_LIMIT = 20


def expert_lookup(*, among: QuerySet[Expert], q: str) -> list[Expert]:
    """The first LOOKUP_LIMIT experts of `among` (what the asking page may pick: its access decided it) whose name or
    workplace holds every word of `q`, case and diacritics ignored ("nguyen" finds "Nguyễn", "duc" "Đức"), by given
    name: what a picker offers as the user types. Nothing for less than two letters."""
    words = fold(q).split()
    if sum(len(word) for word in words) < 2:
        return []
    rows = among
    for word in words:
        rows = rows.filter(Q(name_folded__contains=word) | Q(workplace_folded__contains=word))
    return list(rows.order_by("name_sort", "id")[:LOOKUP_LIMIT])
