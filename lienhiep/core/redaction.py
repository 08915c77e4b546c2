"""A person's values inside every app's event rows, declared by each event table and redacted in one walk.

Event rows copy what they describe into `data`: a seat's person, an honour's snapshot, an initiative's authors, a
report's printed signer. An erased person's name would outlive the erasure in those rows unless every app
remembered them, so each event table declares on its model (`personal_data`, a `PersonalData`) which keys of its
`data` may carry a member's values, and `redact_person` walks every event table through that declaration. The
declaration cannot be forgotten: `AuditEvent.build` refuses, when EVENT_KEYS_CHECKED is on (the tests, DEBUG), a
row whose `data` holds a key its table does not declare that looks personal (`core.inventory.LOOKS_PERSONAL`) or
names a record (`{"id", "name"}`, `core.events.jsonable`), and tests/test_redaction.py fails on an event table
without a declaration of its own.

What is redacted: under a `refs` key, a record naming the person (`{"id": <the person>, "name": …}`) keeps its id
and loses its name; under a `texts` key, the person's values (names, ID number, phone, e-mail) are replaced where
they appear, in the rows about the person only — a row that names them under a `refs` key, or that the table's
`about` says is about them (an initiative they wrote, a report they signed) — so that a namesake's row stays as
written. Core reads the apps only through the registry: it imports none of them."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.db import connections, models, transaction
from django.db.models import Q
from django.db.models.functions import Cast

from lienhiep.core import declarations, events

if TYPE_CHECKING:
    from lienhiep.core.models import AuditEvent

# A record named inside an event's data, as `core.events.jsonable` writes it.
RECORD_KEYS = frozenset({"id", "name"})


@dataclass(frozen=True)
class PersonalData:
    """Which keys of an event table's `data`, at any depth, may carry a member's values.

    - `refs`: keys naming a member (`members.Person`): `{"id", "name"}`, their id, or a list of either;
    - `texts`: keys of free text that may hold a member's name or contacts (a snapshot's author names, a signer as
      printed, a person's own values before and after a change);
    - `others`: keys that look personal or name a record but never carry a member's values (a unit, a field, a
      seat's position, the staff account that handles a request);
    - `about`: the rows about a member, given their id, as a filter on the table (the initiatives they wrote);
      their `texts` are redacted even where no `refs` key names them."""

    refs: frozenset[str] = field(default_factory=frozenset)
    texts: frozenset[str] = field(default_factory=frozenset)
    others: frozenset[str] = field(default_factory=frozenset)
    about: Callable[[int], Q] | None = None

    def __init__(
        self,
        *,
        refs: Iterable[str] = (),
        texts: Iterable[str] = (),
        others: Iterable[str] = (),
        about: Callable[[int], Q] | None = None,
    ) -> None:
        object.__setattr__(self, "refs", frozenset(refs))
        object.__setattr__(self, "texts", frozenset(texts))
        object.__setattr__(self, "others", frozenset(others))
        object.__setattr__(self, "about", about)

    @property
    def declared(self) -> frozenset[str]:
        return self.refs | self.texts | self.others

    @property
    def carries(self) -> bool:
        """Whether the table's rows may carry a member's values at all (else the walk skips it)."""
        return bool(self.refs or self.texts)


def event_models() -> list[type[AuditEvent]]:
    """Every concrete event table (`core.models.AuditEvent`), in the order of the apps."""
    from lienhiep.core.models import AuditEvent

    return [m for m in apps.get_models() if issubclass(m, AuditEvent) and not m._meta.abstract]


def declaration(model: type[models.Model]) -> PersonalData | None:
    """The table's own declaration: one inherited from another table or a base does not count."""
    value = model.__dict__.get("personal_data")
    return value if isinstance(value, PersonalData) else None


def _is_record(value: Any) -> bool:
    return isinstance(value, dict) and set(value) == RECORD_KEYS


def undeclared_keys(model: type[models.Model], data: Any) -> list[str]:
    """The keys of `data`, at any depth, that look personal or name a record and that `model` does not declare
    (a record's own "name" is its declaring key's business)."""
    from lienhiep.core.inventory import LOOKS_PERSONAL

    decl = declaration(model) or PersonalData()
    found: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key not in decl.declared and (LOOKS_PERSONAL.search(str(key)) or _is_record(item)):
                    found.append(str(key))
                if key not in decl.declared and not _is_record(item):
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(data)
    return sorted(set(found))


class UndeclaredEventKeyError(Exception):
    """An event row holds a key its table does not declare in `personal_data` (EVENT_KEYS_CHECKED)."""

    def __init__(self, model: type[models.Model], keys: list[str]) -> None:
        super().__init__(
            f"{model._meta.label} writes {keys} into its data: declare each in its personal_data "
            "(refs, texts or others; core/redaction.py)"
        )


@dataclass(frozen=True)
class Subject:
    """The person whose values go: their id, their values as they may have been copied (every name they had, ID
    number, phone, e-mail), and what replaces them (the erased record's name)."""

    person_id: int
    values: tuple[str, ...]
    label: str

    def replace(self, text: str) -> str:
        for value in self.values:
            text = text.replace(value, self.label)
        return text

    def searched(self) -> Subject:
        """The values worth looking for (two letters or more), longest first, so that a longer name is replaced
        before a shorter one it contains."""
        values = tuple(sorted({v for v in self.values if len(v) >= 2}, key=len, reverse=True))
        return Subject(person_id=self.person_id, values=values, label=self.label)


@dataclass(frozen=True)
class Erased:
    """What an app's `person_erasure` did: the rows it emptied or rewrote, per table (`changed`, zeros included),
    and the rows of documents of record that keep the person's name by law, per field (`kept`, zeros included)."""

    changed: dict[str, int] = field(default_factory=dict)
    kept: dict[str, int] = field(default_factory=dict)

    def __or__(self, other: Erased) -> Erased:
        return Erased(changed=self.changed | other.changed, kept=self.kept | other.kept)


def signer_erased(
    model: type[models.Model], subject: Subject, *, about: Q, issued: Q, emptied: dict[str, Any], shown: str
) -> Erased:
    """A document's signer on the erasure of `subject` (decision 0018): the documents `about` the person (signed by
    them: by their link, or by their name as typed) that are not `issued` lose their signer (`emptied`: the fields
    and their empty values); the issued ones are documents of record and keep it, counted in `kept` under
    "<table>.<shown>" (the field that prints the name)."""
    label = model._meta.label
    rows = model._default_manager.filter(about)
    kept = rows.filter(issued).count()
    changed = rows.exclude(issued).update(**emptied)
    return Erased(changed={label: changed}, kept={f"{label}.{shown}": kept})


def _names_person(value: Any, person_id: int) -> bool:
    if isinstance(value, list):
        return any(_names_person(item, person_id) for item in value)
    if _is_record(value):
        return value["id"] == person_id
    return isinstance(value, int) and not isinstance(value, bool) and value == person_id


def _mentions(value: Any, decl: PersonalData, person_id: int) -> bool:
    """Whether a `refs` key of `value` names the person."""
    if isinstance(value, dict):
        return any(
            _names_person(item, person_id) if key in decl.refs else _mentions(item, decl, person_id)
            for key, item in value.items()
        )
    if isinstance(value, list):
        return any(_mentions(item, decl, person_id) for item in value)
    return False


def _redact_ref(value: Any, subject: Subject) -> Any:
    if isinstance(value, list):
        return [_redact_ref(item, subject) for item in value]
    if _is_record(value) and value["id"] == subject.person_id:
        return {"id": value["id"], "name": subject.label}
    return value


def _redact_text(value: Any, subject: Subject) -> Any:
    if isinstance(value, str):
        return subject.replace(value)
    if isinstance(value, list):
        return [_redact_text(item, subject) for item in value]
    if isinstance(value, dict):
        return {key: _redact_text(item, subject) for key, item in value.items()}
    return value


def _redact(value: Any, decl: PersonalData, subject: Subject, *, about: bool) -> Any:
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if key in decl.refs or key in decl.texts:  # a key may be both: a member, or a name as printed
                item = _redact_ref(item, subject) if key in decl.refs else item
                out[key] = _redact_text(item, subject) if key in decl.texts and about else item
            else:
                out[key] = _redact(item, decl, subject, about=about)
        return out
    if isinstance(value, list):
        return [_redact(item, decl, subject, about=about) for item in value]
    return value


def _holding(values: Iterable[str], vendor: str) -> Q:
    """Rows whose data, as text, holds one of `values`, as the database prints it: PostgreSQL prints jsonb with its
    letters (a quote or backslash escaped), SQLite keeps the JSON text Python wrote (non-ASCII letters escaped).
    On PostgreSQL the search is served by each table's trigram index on that text (`TEXT_INDEX`)."""
    q = Q()
    for value in values:
        for spelled in {value, json.dumps(value, ensure_ascii=vendor != "postgresql")[1:-1]}:
            q |= Q(data_text__contains=spelled)
    return q


# The trigram index on an event table's data as text, which finds the rows that may name the erased person without
# reading the whole table (docs/benchmarks.md, "erasure at 1,000,000 event rows"); its expression is the one
# `_redact_table` filters on. Made after every migrate for the tables that may carry a member's values, as the
# trigger is (core/triggers.py), so a new app's table is covered without a migration of its own.
TEXT_INDEX = "{table}_data_trgm"


def install_text_indexes(connection: Any) -> list[str]:
    """Make the trigram index on every event table that may carry a member's values (PostgreSQL only); the
    indexes. CREATE INDEX locks the table against writes while it builds: on an existing large table, the first
    migrate after this change takes that time once."""
    if connection.vendor != "postgresql":
        return []
    names = []
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for model in event_models():
            decl = declaration(model)
            if decl is None or not decl.carries:
                continue
            table = model._meta.db_table
            name = TEXT_INDEX.format(table=table)
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {connection.ops.quote_name(name)} ON {connection.ops.quote_name(table)} "
                "USING gin (((data)::text) gin_trgm_ops)"
            )
            names.append(name)
    return names


def redact_person(subject: Subject) -> dict[str, int]:
    """Redact the person's values inside every event table's rows, as each table declares (`PersonalData`): how
    many rows changed, per table (every table that may carry a member's values, zeros included). Called by the
    erasure of a person, inside its transaction; the rows are rewritten inside `core.events.rewriting`."""
    subject = subject.searched()
    values = subject.values
    counts: dict[str, int] = {}
    for model in event_models():
        decl = declaration(model)
        if decl is None or not decl.carries:
            continue
        counts[model._meta.label] = _redact_table(model, decl, subject) if values else 0
    return counts


def _redact_table(model: type[AuditEvent], decl: PersonalData, subject: Subject) -> int:
    manager = model._default_manager
    vendor = connections[manager.db].vendor
    # The search answers ids in one plain query, then the rows are read by id, 500 at a time. Read through a
    # cursor in id order (`iterator()`), the planner walked the whole table by its primary key to answer the
    # first rows fast, instead of asking the text index (docs/benchmarks.md, erasure at 1,000,000 event rows).
    holding = manager.alias(data_text=Cast("data", models.TextField())).filter(_holding(subject.values, vendor))
    about = set(holding.filter(decl.about(subject.person_id)).values_list("pk", flat=True)) if decl.about else set()
    found = sorted(holding.values_list("pk", flat=True))
    changed = []
    rows = (
        row
        for start in range(0, len(found), 500)
        for row in manager.filter(pk__in=found[start : start + 500]).only("pk", "data").order_by("pk")
    )
    for row in rows:
        redacted = _redact(
            row.data, decl, subject, about=row.pk in about or _mentions(row.data, decl, subject.person_id)
        )
        if redacted != row.data:
            row.data = redacted
            changed.append(row)
    if changed:
        with transaction.atomic(), events.rewriting("erasure"):
            manager.bulk_update(changed, ["data"], batch_size=500)
    return len(changed)


def erase_records(subject: Subject) -> Erased:
    """Empty what the apps' own records keep of the erased person beyond their member record (an expert's record,
    an unissued document's signer, a comment's author): each app that keeps such a copy names on its AppConfig
    `person_erasure`, the dotted path of a function taking the `Subject` and answering an `Erased` (what it
    changed, and what documents of record kept). Called by the erasure of a person, inside its transaction, before
    `redact_person` (whose `about` filters still find the records by their link)."""
    subject = subject.searched()
    erased = Erased()
    for erase in declarations.imported("person_erasure"):
        erased |= erase(subject)
    return erased


_SPACES = re.compile(r"\s+")


def person_values(*texts: str | None) -> tuple[str, ...]:
    """The values to look for: each non-empty one, its spaces made single (as every service writes names)."""
    return tuple(sorted({_SPACES.sub(" ", t).strip() for t in texts if t and t.strip()}))
