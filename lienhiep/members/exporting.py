"""Export of the (filtered) member list to CSV and XLSX, streamed, with memory flat at a million rows.

Rows are read in keyset chunks of persons in name order; each chunk costs three queries (persons,
their memberships on the day, their fields) and one more while association names are not yet cached.
The CSV and XLSX writers are core's (`core.spreadsheets`).

The headers and the coded values (Nam/Nữ, ĐH, PGS…) are a file format shared with the import
template, so that an exported file can be edited and imported back: they are fixed, not translated.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import F, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import QueryDict

from lienhiep.core import exports
from lienhiep.core.paging import keyset_chunks
from lienhiep.members import selectors
from lienhiep.members.models import Membership, Person, mask_id
from lienhiep.members.selectors import memberships_on
from lienhiep.orgs import permissions as org_permissions
from lienhiep.orgs import selectors as org_selectors
from lienhiep.orgs.models import Org, OrgSpell

CHUNK = 2000
SHEET_TITLE = "Hội viên"

EXPORT_COLUMNS: list[tuple[str, str]] = [
    ("full_name", "Họ và tên"),
    ("gender", "Giới tính"),
    ("birth_date", "Ngày sinh"),
    ("id_number", "Số CCCD"),
    ("phone", "Số điện thoại"),
    ("email", "Email"),
    ("address", "Địa chỉ"),
    ("education", "Trình độ"),
    ("academic_title", "Học hàm"),
    ("fields", "Lĩnh vực"),
    ("workplace", "Nơi công tác"),
    ("position", "Chức vụ"),
    ("associations", "Hội"),
    ("joined_on", "Ngày vào hội"),
    ("card_number", "Số thẻ hội viên"),
]
COLUMN_WIDTHS = [28, 9, 12, 15, 15, 26, 36, 9, 9, 26, 32, 20, 40, 13, 16]

GENDER_CODES = {"m": "Nam", "f": "Nữ"}
EDUCATION_CODES = {"ts": "TS", "ths": "ThS", "dh": "ĐH", "cd": "CĐ", "tc": "TC", "other": "Khác"}
TITLE_CODES = {"gs": "GS", "pgs": "PGS"}

# Person columns read per chunk; the first two are the keyset.
_PERSON_VALUES = (
    "name_sort", "id", "full_name", "gender", "birth_date", "id_number", "phone", "email", "address",
    "education", "academic_title", "workplace", "position",
)  # fmt: skip


def list_rows(user: Any, query: QueryDict, *, file_format: str = "xlsx") -> exports.Rows:
    """The member list as `user` sees it today, filtered as `query` (the list page's query string) asks: for the
    CSV streamed in the request and the Excel file written in the background (`core.exports`). Only memberships in
    units the user sees are written (a person's other associations stay private), and the export is logged
    (`ExportLog`) now, before any row leaves."""
    from lienhiep.members import services
    from lienhiep.members.forms import MemberFilterForm

    filters = org_permissions.filter_form(user, query, MemberFilterForm).list_filters()
    visible = org_permissions.org_ids_at_least(user)
    persons = selectors.person_list(visible_org_ids=visible, filters=filters)
    on = selectors.list_day(filters)
    scope = export_scope(visible_org_ids=visible, node=filters.node, on=on)
    used = {key: value for key, value in query.items() if value and key != "format"}
    rows = export_rows(persons, reveal_ids=False, on=on, org_ids=scope)
    return exports.Rows(
        services.list_export_logged(rows, actor=user, file_format=file_format, node=filters.node, filters=used),
        total=lambda: selectors.person_list_count(visible_org_ids=visible, filters=filters, cap=ALL),
        sheet=SHEET_TITLE,
        widths=COLUMN_WIDTHS,
    )


ALL = 10**9  # a count cap no list reaches


def export_scope(*, visible_org_ids: Iterable[int] | None, node: Org | None, on: dt.date) -> set[int] | None:
    """Ids of the nodes an export covers: those the user sees (None: all), within `node`'s subtree if given."""
    if visible_org_ids is None and node is None:
        return None
    ids = set(visible_org_ids) if visible_org_ids is not None else set(Org.objects.values_list("pk", flat=True))
    if node is not None:
        ids &= set(org_selectors.subtree_ids(node, on=on).values_list("descendant_id", flat=True))
    return ids


def export_rows(
    persons: QuerySet[Person], *, reveal_ids: bool, on: dt.date, org_ids: Iterable[int] | None = None
) -> Iterator[list[object]]:
    """The header row, then one row per person in name order; a person who withdrew their consent to contact
    (`selectors.contact_withdrawn`) without their phone, e-mail and address.

    "Hội", "Ngày vào hội" and "Số thẻ hội viên" describe the memberships valid on `on` in `org_ids`
    (every node when None). With several, the association names, dates and card numbers are joined
    by "; " in the order of joining; with one, the joining date stays a date.
    """
    yield [header for _key, header in EXPORT_COLUMNS]
    scope = None if org_ids is None else frozenset(org_ids)
    names: dict[int, str] = {}
    rows = persons.order_by("name_sort", "id").values_list(*_PERSON_VALUES)
    for chunk in keyset_chunks(rows, key="name_sort", size=CHUNK):
        ids = [row[1] for row in chunk]
        spells = _memberships(ids, on=on, scope=scope, names=names)
        fields = _fields(ids)
        no_contact = selectors.contact_withdrawn(ids)
        for row in chunk:
            if row[1] in no_contact:  # consent to contact withdrawn: no phone, e-mail or address leaves
                row = (*row[:6], "", "", "", *row[9:])
            yield _row(row, spells.get(row[1], []), fields.get(row[1], ""), reveal_ids=reveal_ids)


def _memberships(
    ids: list[int], *, on: dt.date, scope: frozenset[int] | None, names: dict[int, str]
) -> dict[int, list[tuple[str, dt.date, str]]]:
    """(association name on `on`, joined on, card number) per person, in the order of joining."""
    rows = (
        Membership.objects.filter(memberships_on(on), person_id__in=ids)
        .order_by("joined_on", "id")
        .values_list("person_id", "org_id", "joined_on", "card_number")
    )
    found = [row for row in rows if scope is None or row[1] in scope]
    missing = {row[1] for row in found} - names.keys()
    if missing:
        spell = OrgSpell.objects.filter(org_selectors.valid_on(on), org=OuterRef("pk")).values("name")[:1]
        named = Org.objects.filter(pk__in=missing).annotate(name_on=Coalesce(Subquery(spell), F("name")))
        names.update(named.values_list("pk", "name_on"))
    out: dict[int, list[tuple[str, dt.date, str]]] = defaultdict(list)
    for person_id, org_id, joined_on, card_number in found:
        out[person_id].append((names[org_id], joined_on, card_number))
    return out


def _fields(ids: list[int]) -> dict[int, str]:
    through = Person.fields.through.objects.filter(person_id__in=ids)
    rows = through.order_by("field__order", "field__name").values_list("person_id", "field__name")
    out: dict[int, list[str]] = defaultdict(list)
    for person_id, name in rows:
        out[person_id].append(name)
    return {person_id: "; ".join(names) for person_id, names in out.items()}


def _row(
    values: tuple[Any, ...], spells: list[tuple[str, dt.date, str]], fields: str, *, reveal_ids: bool
) -> list[object]:
    (_key, _pk, full_name, gender, birth_date, id_number, phone, email, address,
     education, title, workplace, position) = values  # fmt: skip
    if id_number and not reveal_ids:
        id_number = mask_id(id_number)
    joined: object = None
    if len(spells) == 1:
        joined = spells[0][1]
    elif spells:
        joined = "; ".join(f"{s[1]:%d/%m/%Y}" for s in spells)
    return [
        full_name, GENDER_CODES.get(gender, ""), birth_date, id_number or "", phone, email, address,
        EDUCATION_CODES.get(education, ""), TITLE_CODES.get(title, ""), fields, workplace, position,
        "; ".join(s[0] for s in spells), joined, "; ".join(s[2] for s in spells if s[2]),
    ]  # fmt: skip
