"""Likely duplicates: the one place that says which persons a record probably repeats, and why.

Four reasons, as an office tells two records of one person apart: the same name (folded: case, diacritics and
spacing ignored) and birth date; the same phone (0912…, +84912… and 84912… are one number); the same card number
in the same association; the same citizen ID (the services refuse that one outright, `refuse_used_id`). The
member form and the import warn with them; the "possible duplicates" page lists the pairs under a unit.

Only persons the user may see are ever named. Merged records (tombstones) and erased persons are never matches.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import Length
from django.utils.translation import gettext_lazy as _

from lienhiep.core import text
from lienhiep.core.text import fold, nfc
from lienhiep.members.models import Membership, Person
from lienhiep.orgs import permissions as org_permissions
from lienhiep.orgs import selectors as org_selectors
from lienhiep.orgs.models import Org
from lienhiep.orgs.permissions import Access

NAME_BIRTH, PHONE, CARD, ID_NUMBER = "name_birth", "phone", "card", "id_number"
REASONS = {
    NAME_BIRTH: _("same name and birth date"),
    PHONE: _("same phone number"),
    CARD: _("same card number in the association"),
    ID_NUMBER: _("same citizen ID number"),
}
MATCH_LIMIT = 20


def phone_key(phone: str) -> str:
    """The phone as compared: `core.text.phone_key` (the form `Person.phone_digits` stores, so a match is an equal
    key), or empty for what is too short to be a phone ("113")."""
    key = text.phone_key(phone or "")
    return key if len(key) >= 8 else ""


def told_apart(id_number: str | None, other: str | None) -> bool:
    """Two records that both have a citizen ID, and not the same one, are two people, whatever their names and
    birth dates: namesakes born the same day (the form and the import alike)."""
    return bool(id_number and other and id_number != other)


@dataclass
class Match:
    person: Person
    reasons: list[str] = field(default_factory=list)
    memberships: list[Membership] = field(default_factory=list)  # those the user may see

    @property
    def reason_labels(self) -> list[str]:
        return [str(REASONS[reason]) for reason in self.reasons]

    @property
    def hard(self) -> bool:
        """The same citizen ID: never saved as another person."""
        return ID_NUMBER in self.reasons


def _memberships() -> Prefetch:
    return Prefetch("memberships", queryset=Membership.objects.select_related("org").order_by("joined_on", "pk"))


def _visible(persons: QuerySet[Person], visible: list[int] | None) -> QuerySet[Person]:
    if visible is None:
        return persons
    return persons.filter(pk__in=Membership.objects.filter(org_id__in=visible).values("person_id"))


def likely_duplicates(
    *,
    user: Any,
    full_name: str = "",
    birth_date: dt.date | None = None,
    phone: str = "",
    card_number: str = "",
    org: Org | None = None,
    id_number: str | None = None,
    exclude: Iterable[int] = (),
) -> list[Match]:
    """The persons the user may see that the given values likely repeat, each with its reasons (in the order of
    REASONS), closest first (most reasons), then by name."""
    tests: dict[str, Q] = {}
    folded = fold(" ".join(nfc(full_name or "").split()))
    if folded and birth_date:
        tests[NAME_BIRTH] = Q(name_folded=folded, birth_date=birth_date)
    key = phone_key(phone)
    if key:
        tests[PHONE] = Q(phone_digits=key)
    card = (card_number or "").strip().upper()
    if card and org is not None:
        tests[CARD] = Q(pk__in=Membership.objects.filter(org=org, card_number=card).values("person_id"))
    id_number = (id_number or "").strip()
    if id_number:
        tests[ID_NUMBER] = Q(id_number=id_number)
    if not tests:
        return []
    any_of = Q()
    for test in tests.values():
        any_of |= test
    visible = org_permissions.org_ids_at_least(user, Access.VIEW)
    seen = set(visible) if visible is not None else None
    found = (
        _visible(Person.objects.filter(any_of), visible)
        .filter(erased_at__isnull=True, merged_into__isnull=True)
        .exclude(pk__in=list(exclude))
        .prefetch_related(_memberships())
        .order_by("name_sort", "pk")[:MATCH_LIMIT]
    )
    card_holders = (
        set(Membership.objects.filter(org=org, card_number=card).values_list("person_id", flat=True))
        if CARD in tests
        else set()
    )
    matches = []
    for person in found:
        reasons = []
        if (
            NAME_BIRTH in tests
            and (person.name_folded, person.birth_date) == (folded, birth_date)
            and not told_apart(person.id_number, id_number)
        ):
            reasons.append(NAME_BIRTH)
        if PHONE in tests and person.phone_digits == key:
            reasons.append(PHONE)
        if person.pk in card_holders:
            reasons.append(CARD)
        if ID_NUMBER in tests and person.id_number == id_number:
            reasons.append(ID_NUMBER)
        if reasons:  # a namesake told apart by the CCCD matched the query only
            spells = [m for m in person.memberships.all() if seen is None or m.org_id in seen]
            matches.append(Match(person, reasons, spells))
    matches.sort(key=lambda match: -len(match.reasons))  # stable: name order within
    return matches


def identity_changed(person: Person, values: dict[str, Any]) -> bool:
    """Whether an edit changes what tells a person apart: the name (folded), the birth date or the phone."""
    name = fold(" ".join(nfc(values.get("full_name") or "").split()))
    return (
        name != person.name_folded
        or values.get("birth_date") != person.birth_date
        or phone_key(values.get("phone") or "") != phone_key(person.phone)
    )


# --- Pairs under a unit: the "possible duplicates" page -------------------------------------------------------


@dataclass
class Pair:
    first: Person
    second: Person
    reasons: list[str]

    @property
    def persons(self) -> list[Person]:
        return [self.first, self.second]

    @property
    def reason_labels(self) -> list[str]:
        return [str(REASONS[reason]) for reason in self.reasons]


class PairKey(NamedTuple):
    """A pair as the page orders and pages it (`core.paging.sequence_page`: by the first person's name, then the
    two ids), before its persons are read."""

    name_sort: str
    first: int
    second: int
    reasons: tuple[str, ...]


def duplicate_keys(*, node: Org, limit: int = 1000) -> list[PairKey]:
    """Pairs of persons ever under `node` (as it stands today) that likely are one person, by the reasons of
    `likely_duplicates` but the citizen ID (the database keeps that one unique). Each pair once, with every reason
    it has, ordered by the first person's name; at most `limit` groups per reason are read. Only the ids and the
    sort key: the page reads the persons of its own pairs (`pairs_of`)."""
    on = org_selectors.tree_day(node, org_selectors.today())
    units = org_selectors.subtree_ids(node, on=on)
    persons = Person.objects.filter(
        pk__in=Membership.objects.filter(org_id__in=units).values("person_id"),
        erased_at__isnull=True,
        merged_into__isnull=True,
    )
    # Each reason: its repeated keys in one grouped query, then their persons in one more (never a query per group).
    groups: dict[tuple[str, Any], set[int]] = defaultdict(set)
    named = {
        (row["name_folded"], row["birth_date"])
        for row in persons.filter(birth_date__isnull=False)
        .values("name_folded", "birth_date")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .order_by("name_folded", "birth_date")[:limit]
    }
    names = {name for name, _birth in named}
    ids_of: dict[int, str | None] = {}
    fetched = persons.filter(name_folded__in=names).values_list("pk", "name_folded", "birth_date", "id_number")
    for pk, name, birth, id_number in fetched:
        if (name, birth) in named:
            groups[(NAME_BIRTH, (name, birth))].add(pk)
            ids_of[pk] = id_number
    phone_keys = {
        row["phone_digits"]
        for row in persons.annotate(phone_length=Length("phone_digits"))
        .filter(phone_length__gte=8)
        .values("phone_digits")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .order_by("phone_digits")[:limit]
    }
    for pk, key in persons.filter(phone_digits__in=phone_keys).values_list("pk", "phone_digits"):
        groups[(PHONE, key)].add(pk)
    in_units = Membership.objects.filter(org_id__in=units, person__in=persons).exclude(card_number="")
    cards = {
        (row["org_id"], row["card_number"])
        for row in in_units.values("org_id", "card_number")
        .annotate(n=Count("person_id", distinct=True))
        .filter(n__gt=1)
        .order_by("org_id", "card_number")[:limit]
    }
    numbers = {number for _org, number in cards}
    for pk, org_id, number in in_units.filter(card_number__in=numbers).values_list(
        "person_id", "org_id", "card_number"
    ):
        if (org_id, number) in cards:
            groups[(CARD, (org_id, number))].add(pk)

    reasons: dict[tuple[int, int], list[str]] = defaultdict(list)
    for (reason, _key), members in groups.items():
        ids = sorted(members)
        for i, first in enumerate(ids):
            for second in ids[i + 1 :]:
                if reason == NAME_BIRTH and told_apart(ids_of[first], ids_of[second]):
                    continue
                if reason not in reasons[(first, second)]:
                    reasons[(first, second)].append(reason)
    sort = dict(Person.objects.filter(pk__in={pk for pair in reasons for pk in pair}).values_list("pk", "name_sort"))
    found = [
        PairKey(sort[first], first, second, tuple(sorted(why, key=list(REASONS).index)))
        for (first, second), why in reasons.items()
    ]
    return sorted(found)


def pairs_of(keys: Iterable[PairKey]) -> list[Pair]:
    """The pairs `keys` name, in their order, each person with the memberships the page shows."""
    keys = list(keys)
    by_id = Person.objects.prefetch_related(_memberships()).in_bulk({pk for key in keys for pk in key[1:3]})
    return [Pair(by_id[key.first], by_id[key.second], list(key.reasons)) for key in keys]


def duplicate_pairs(*, node: Org, limit: int = 1000) -> list[Pair]:
    """Every pair of `duplicate_keys`, with its persons."""
    return pairs_of(duplicate_keys(node=node, limit=limit))
