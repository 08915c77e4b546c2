"""Checking a member import: each row becomes a `PersonRow` for `persons_bulk_create`, or `RowError`s that
`core.spreadsheets.errors_xlsx` hands back so the office can fix the rows and import them again. Nothing
here writes to the database; every message goes through gettext."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lienhiep.core.spreadsheets import (
    UNCOMPUTED,
    CellError,
    RowError,
    Table,
    Uncomputed,
    blank,
    cell_date,
    cell_text,
    header_key,
    name_index,
)
from lienhiep.core.text import fold, proper_case_suggestion
from lienhiep.members import duplicates
from lienhiep.members.importing.columns import BY_KEY, CHOICES, COLUMNS
from lienhiep.members.models import ID_UNUSABLE, AcademicTitle, Education, Field, Gender, Membership, Person
from lienhiep.members.services import MEMBER_KINDS, MembershipRow, PersonRow
from lienhiep.orgs.models import Org

PROGRESS_EVERY = 1_000  # below the header, blank rows inside the data included
ID_CHUNK = 1_000  # citizen IDs per `IN` query when looking for persons already registered
_POSITION = {column.header: index for index, column in enumerate(COLUMNS)}


@dataclass
class RowWarning:
    """A valid row that likely repeats a member already registered (`persons`, those the uploader sees) or an
    earlier row of the file (`twin_row`): the user says, row by row, whether it is the same person."""

    row: int
    full_name: str
    reasons: list[str]
    persons: list[int] = dataclass_field(default_factory=list)
    twin_row: int | None = None


@dataclass
class Report:
    rows: list[PersonRow]
    errors: list[RowError]
    total: int  # rows that hold anything
    numbers: list[int] = dataclass_field(default_factory=list)  # the row number of each of `rows`
    warnings: list[RowWarning] = dataclass_field(default_factory=list)
    refused_ids: dict[str, list[int]] = dataclass_field(default_factory=dict)  # a CCCD another person holds: rows
    # (row, name as typed, proper case) of every name typed all in capitals or all small (core.text)
    names: list[tuple[int, str, str]] = dataclass_field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


# Lazy: translated only when a row is wrong, not once per row.
_UNKNOWN = {
    "gender": gettext_lazy("Unknown gender; write one of: %(values)s."),
    "education": gettext_lazy("Unknown education level; write one of: %(values)s."),
    "academic_title": gettext_lazy("Unknown academic title; write one of: %(values)s."),
}
_GENDERS = {"nam": Gender.MALE, "nu": Gender.FEMALE}
# fmt: off
_EDUCATION = {key: level for keys, level in (
    ("ts tiensi tiensy", Education.DOCTORATE), ("ths thacsi thacsy", Education.MASTER),
    ("dh daihoc cunhan kysu", Education.BACHELOR), ("cd caodang", Education.COLLEGE),
    ("tc trungcap", Education.VOCATIONAL), ("khac", Education.OTHER),
) for key in keys.split()}
# fmt: on
_TITLES = {"gs": AcademicTitle.PROFESSOR, "giaosu": AcademicTitle.PROFESSOR}
_TITLES |= {"pgs": AcademicTitle.ASSOCIATE, "phogiaosu": AcademicTitle.ASSOCIATE}
# What an education or an academic title cell may say (header_key of the words), for every import of persons.
EDUCATION_WORDS, TITLE_WORDS = _EDUCATION, _TITLES
_LIMITS: dict[str, int | None] = {
    name: getattr(Person._meta.get_field(name), "max_length", None)
    for name in ("full_name", "phone", "email", "address", "workplace", "position")
}
_LIMITS["card_number"] = Membership._meta.get_field("card_number").max_length
_ID_NOISE = re.compile(r"[\s.]+")
_FIELD_SEPARATORS = re.compile(r"[;,\n]")


def _id_number(value: object) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        text = str(int(value))
        # Excel drops the leading zero of a number, and every CCCD starts with 0 (the province code).
        return "0" + text if len(text) == 11 else text
    return _ID_NOISE.sub("", cell_text(value))


class _Row:
    """One row's cells and the errors found in them."""

    def __init__(self, number: int, cells: dict[str, object]) -> None:
        self.number, self.cells, self.errors = number, cells, list[RowError]()
        self.formulas: set[str] = set()

    def report_formulas(self) -> None:
        """A formula saved without its value is an error of its own, not an empty cell: reported, then read as
        empty without a second error."""
        for key, value in self.cells.items():
            if isinstance(value, Uncomputed):
                self.error(key, str(UNCOMPUTED), value)
                self.cells[key] = None
                self.formulas.add(key)

    def error(self, key: str, reason: str, value: str | None = None) -> None:
        shown = cell_text(self.cells.get(key)) if value is None else value
        self.errors.append(RowError(self.number, BY_KEY[key].header, shown, reason))

    def text(self, key: str) -> str:
        text = cell_text(self.cells.get(key))
        if not text and BY_KEY[key].required and key not in self.formulas:
            self.error(key, _("This cell must not be empty."))
        limit = _LIMITS.get(key)
        if limit and len(text) > limit:
            self.error(key, _("Too long: at most %(max)s characters.") % {"max": limit})
            return ""
        return text

    def choice(self, key: str, choices: Mapping[str, str]) -> str:
        text = cell_text(self.cells.get(key))
        if not text:
            return ""
        found = choices.get(header_key(text))
        if found is None:
            self.error(key, str(_UNKNOWN[key]) % {"values": ", ".join(CHOICES[key].split(","))})
            return ""
        return found

    def date(self, key: str) -> dt.date | None:
        try:
            found = cell_date(self.cells.get(key))
        except CellError as invalid:
            self.error(key, str(invalid))
            return None
        if found is None and BY_KEY[key].required and key not in self.formulas:
            self.error(key, _("This cell must not be empty."))
        return found


def field_index() -> dict[str, Field]:
    """The fields of expertise by what a cell may call them (`header_key` of the code or the name; a name
    wins): for every import with a field column."""
    found: dict[str, Field] = {}
    for field in Field.objects.all():
        found.setdefault(header_key(field.code), field)
        found[header_key(field.name)] = field
    return found


def fields_named(text: str, lookup: dict[str, Field]) -> tuple[list[Field], list[str]]:
    """The fields of expertise a cell names (`field_index`'s lookup), split on ; or , and greedily rejoined, since a
    name may hold a comma (`Quốc phòng, an ninh`); and the parts that name none. For every import with a field
    column (members', experts')."""
    parts = [part.strip() for part in _FIELD_SEPARATORS.split(text)]
    parts = [part for part in parts if part]
    chosen: list[Field] = []
    unknown: list[str] = []
    start = 0
    while start < len(parts):
        for end in range(len(parts), start, -1):
            field = lookup.get(header_key(",".join(parts[start:end])))
            if field is not None:
                if field not in chosen:
                    chosen.append(field)
                start = end
                break
        else:
            unknown.append(parts[start])
            start += 1
    return chosen, unknown


def unknown_field_reason(lookup: dict[str, Field]) -> str:
    names = ", ".join(sorted({f.name for f in lookup.values()}))
    return _("Unknown field of expertise; write one of: %(values)s.") % {"values": names}


def _fields(row: _Row, lookup: dict[str, Field]) -> list[Field]:
    chosen, unknown = fields_named(cell_text(row.cells.get("fields")), lookup)
    for part in unknown:
        row.error("fields", unknown_field_reason(lookup), part)
    return chosen


def _ids_taken(ids: list[str]) -> set[str | None]:
    """The citizen IDs already held by a person: one query per chunk, never one per row."""
    taken: set[str | None] = set()
    for start in range(0, len(ids), ID_CHUNK):
        chunk = ids[start : start + ID_CHUNK]
        taken.update(Person.objects.filter(id_number__in=chunk).values_list("id_number", flat=True))
    return taken


def validate(
    table: Table,
    mapping: dict[int, str],
    *,
    orgs: Iterable[Org],
    today: dt.date,
    progress: Callable[[int], None] | None = None,
    visible: list[int] | None = None,
) -> Report:
    """Every row as a `PersonRow`, or every problem in it; a row with any problem gives no `PersonRow`. A valid row
    that likely repeats a registered member (among those ever in the units `visible`, None: all) or an earlier row
    comes with a `RowWarning` (members.duplicates' reasons), for the user to resolve before the import.

    `progress(rows_done)` is called every PROGRESS_EVERY rows, for the progress bar."""
    members = (org for org in orgs if org.kind in MEMBER_KINDS)
    org_lookup, field_lookup = name_index(members, lambda org: (org.name, org.short_name)), field_index()
    folded = functools.lru_cache(maxsize=1024)(fold)
    columns = [(index, key) for index, key in mapping.items() if key in BY_KEY]
    errors: list[RowError] = []
    candidates: list[tuple[int, PersonRow]] = []
    with_id: dict[str, list[tuple[int, str]]] = {}  # citizen ID -> (row, cell text) of every row holding it
    named: dict[tuple[str, dt.date], tuple[int, str]] = {}  # (folded name, birth date) -> (first row, its ID)
    names: list[tuple[int, str, str]] = []
    carded: dict[tuple[int, str], int] = {}  # (association, card number) -> first row
    twins: dict[int, tuple[int, str]] = {}  # row -> (the earlier row it likely repeats, why)
    total = 0
    for index, raw in enumerate(table.rows):
        if progress is not None and index and index % PROGRESS_EVERY == 0:
            progress(index)
        row = _Row(table.number(index), {key: raw[i] if i < len(raw) else None for i, key in columns})
        if all(blank(cell) for cell in row.cells.values()):
            continue  # blank, or only a running number (STT) in an unmapped column
        total += 1
        row.report_formulas()
        full_name = " ".join(row.text("full_name").split())
        suggestion = proper_case_suggestion(full_name)
        if suggestion:
            names.append((row.number, full_name, suggestion))
        gender = row.choice("gender", _GENDERS)
        birth = row.date("birth_date")
        if birth and birth > today:
            row.error("birth_date", _("The birth date is in the future."))
            birth = None
        elif birth and birth.year < 1900:
            row.error("birth_date", _("The birth date is before 1900."))
            birth = None
        id_number = _id_number(row.cells.get("id_number"))
        if id_number and not (len(id_number) == 12 and id_number.isascii() and id_number.isdigit()):
            row.error("id_number", _("A citizen ID number (CCCD) has exactly 12 digits."))
            id_number = ""
        phone, email, address = row.text("phone"), row.text("email"), row.text("address")
        if email:
            try:
                validate_email(email)
            except ValidationError:
                row.error("email", _("Not a valid e-mail address."))
        education, title = row.choice("education", _EDUCATION), row.choice("academic_title", _TITLES)
        fields = _fields(row, field_lookup)
        workplace, position = row.text("workplace"), row.text("position")
        org_name = folded(cell_text(row.cells.get("org")))
        org = org_lookup.get(org_name)
        if not org_name:
            if "org" not in row.formulas:
                row.error("org", _("This cell must not be empty."))
        elif org_name not in org_lookup:
            row.error("org", _("No association you can record into has this name."))
        elif org is None:
            row.error("org", _("Several associations you can record into have this name; write its short name."))
        joined = row.date("joined_on")
        if joined and joined > today:
            row.error("joined_on", _("The joining date is in the future."))
        elif joined and birth and joined < birth:
            row.error("joined_on", _("The joining date is before the birth date."))
        elif joined and org:
            try:
                org.check_exists_on(joined)
            except ValidationError as refused:
                row.error("joined_on", refused.messages[0])
        card_number = row.text("card_number")

        if id_number:
            holders = with_id.setdefault(id_number, [])
            if holders:
                row.error(
                    "id_number", _("The same citizen ID number is already on row %(row)s.") % {"row": holders[0][0]}
                )
            holders.append((row.number, cell_text(row.cells.get("id_number"))))
        if full_name and birth:
            first = named.setdefault((fold(full_name), birth), (row.number, id_number))
            if first[0] != row.number and not duplicates.told_apart(first[1], id_number):
                twins[row.number] = (first[0], duplicates.NAME_BIRTH)
        if card_number and org is not None:
            first_card = carded.setdefault((org.pk, card_number.upper()), row.number)
            if first_card != row.number and row.number not in twins:
                twins[row.number] = (first_card, duplicates.CARD)

        if row.errors or org is None or joined is None:  # without an error, org and joined are set
            errors.extend(row.errors)
            continue
        values = {
            "full_name": full_name, "gender": gender, "birth_date": birth, "id_number": id_number or None,
            "phone": phone, "email": email, "address": address, "education": education, "academic_title": title,
            "workplace": workplace, "position": position,
        }  # fmt: skip
        membership = MembershipRow(org=org, joined_on=joined, card_number=card_number)
        candidates.append((row.number, PersonRow(values=values, memberships=[membership], fields=fields)))

    taken = _ids_taken(list(with_id))
    header = BY_KEY["id_number"].header
    registered = str(ID_UNUSABLE)  # the form's words: a secretary learns nothing of other provinces' records
    errors.extend(RowError(n, header, text, registered) for id_ in taken if id_ for n, text in with_id[id_])
    errors.sort(key=lambda e: (e.row, _POSITION[e.column]))
    bad = {error.row for error in errors}
    kept = [(n, person) for n, person in candidates if n not in bad]
    warnings = _repeats(kept, twins, visible)
    held = {id_: [n for n, _text in with_id[id_]] for id_ in taken if id_}
    return Report(
        rows=[person for _n, person in kept], errors=errors, total=total, numbers=[n for n, _p in kept],
        warnings=warnings, refused_ids=held, names=names,
    )  # fmt: skip


def _repeats(
    rows: list[tuple[int, PersonRow]], twins: dict[int, tuple[int, str]], visible: list[int] | None
) -> list[RowWarning]:
    """The valid rows that likely repeat a registered member or an earlier row: a few queries per ID_CHUNK rows,
    never one per row. A name and birth date match unless both records have a citizen ID and they differ."""
    found: list[RowWarning] = []
    persons = Person.objects.filter(erased_at__isnull=True, merged_into__isnull=True)
    if visible is not None:
        persons = persons.filter(pk__in=Membership.objects.filter(org_id__in=visible).values("person_id"))
    for start in range(0, len(rows), ID_CHUNK):
        chunk = rows[start : start + ID_CHUNK]
        values = [(n, person.values, person.memberships[0]) for n, person in chunk]
        names = {fold(v["full_name"]) for _n, v, _m in values if v["birth_date"]}
        by_name: dict[tuple[str, dt.date | None], list[tuple[int, str | None]]] = {}
        for pk, name, birth, id_number in persons.filter(name_folded__in=names, birth_date__isnull=False).values_list(
            "pk", "name_folded", "birth_date", "id_number"
        ):
            by_name.setdefault((name, birth), []).append((pk, id_number))
        keys = {duplicates.phone_key(v["phone"]) for _n, v, _m in values} - {""}
        by_phone: dict[str, list[int]] = {}
        for pk, key in persons.filter(phone_digits__in=keys).values_list("pk", "phone_digits"):
            by_phone.setdefault(key, []).append(pk)
        cards = {m.card_number.upper() for _n, _v, m in values if m.card_number}
        by_card: dict[tuple[int, str], list[int]] = {}
        held = Membership.objects.filter(card_number__in=cards, person__in=persons)
        for pk, org_id, number in held.values_list("person_id", "org_id", "card_number"):
            by_card.setdefault((org_id, number), []).append(pk)
        for n, v, membership in values:
            reasons: dict[str, list[int]] = {}
            if v["birth_date"]:
                for pk, their_id in by_name.get((fold(v["full_name"]), v["birth_date"]), []):
                    if not duplicates.told_apart(their_id, v["id_number"]):
                        reasons.setdefault(duplicates.NAME_BIRTH, []).append(pk)
            if pks := by_phone.get(duplicates.phone_key(v["phone"])):
                reasons[duplicates.PHONE] = pks
            if pks := by_card.get((membership.org.pk, membership.card_number.upper())):
                reasons[duplicates.CARD] = pks
            twin = twins.get(n)
            if reasons or twin:
                matched = sorted({pk for pks in reasons.values() for pk in pks})
                why = list(reasons) + ([twin[1]] if twin and twin[1] not in reasons else [])
                found.append(RowWarning(n, v["full_name"], why, matched, twin[0] if twin else None))
    return found
