"""Import of a union's list of experts from a spreadsheet (the list it kept in Excel before).

Read by core's reader (`core.spreadsheets`: a title above the table, headers in any order and spelling, a field
merged down the rows of its experts, a totals row and signatures passed over); every row checked before any is
written, each problem listed with its row, column and value in Vietnamese. What the check finds that is not an
error is listed too (`Result.notes`), so that nothing happens unseen: the same person typed twice in the file is
one expert (the rows merged: their fields of expertise together, the first value of each column), a person already
on the list is not entered again, and a name typed in capitals is offered in proper case, written so only if the user
ticks it (as members' import does). Fields of expertise are named as members' import names them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lienhiep.core.importers import Result, rows
from lienhiep.core.spreadsheets import Column, RowError, Table, header_key
from lienhiep.core.spreadsheets import template_xlsx as _template
from lienhiep.core.templatetags.vn import vnum
from lienhiep.core.text import fold, phone_key, proper_case_suggestion
from lienhiep.experts import permissions
from lienhiep.experts.models import Expert, ExpertImport, ExpertImportEvent
from lienhiep.members.importing.checking import (
    EDUCATION_WORDS,
    TITLE_WORDS,
    field_index,
    fields_named,
    unknown_field_reason,
)
from lienhiep.orgs.importers import UnitImporter
from lienhiep.orgs.models import Org

MAX_ROWS = 2_000
MAX_BYTES = 5 * 2**20
PROGRESS_EVERY = 200

# The template's headers and guide: a file format, so fixed Vietnamese.
# fmt: off
COLUMNS = (
    Column("full_name", "Họ và tên", True, ("họ tên", "tên chuyên gia", "chuyên gia", "họ và tên chuyên gia"),
           "Họ và tên đầy đủ của chuyên gia."),
    Column("academic_title", "Học hàm", False, ("chức danh khoa học",), "GS hoặc PGS (để trống nếu không có)."),
    Column("education", "Học vị", False, ("trình độ", "trình độ chuyên môn", "bằng cấp"),
           "TS, ThS, ĐH, CĐ, TC hoặc Khác."),
    Column("degrees", "Danh hiệu, chức danh khác", False, ("danh hiệu", "chức danh khác"),
           "Ví dụ: Kiến trúc sư, Bác sĩ chuyên khoa II."),
    Column("workplace", "Nơi công tác", False, ("cơ quan công tác", "đơn vị công tác", "cơ quan", "đơn vị"),
           "Cơ quan, đơn vị nơi chuyên gia làm việc."),
    Column("position", "Chức vụ", False, (), "Chức vụ tại nơi công tác."),
    Column("fields", "Lĩnh vực chuyên môn", False, ("lĩnh vực", "lĩnh vực chuyên sâu"),
           "Tên lĩnh vực như trong danh mục; nhiều lĩnh vực cách nhau bằng dấu chấm phẩy."),
    Column("specialty", "Chuyên ngành", False, ("chuyên môn", "chuyên ngành sâu"), "Chuyên ngành hẹp."),
    Column("phone", "Điện thoại", False, ("số điện thoại", "sđt", "di động"), "Số điện thoại."),
    Column("email", "Email", False, ("thư điện tử", "e-mail", "địa chỉ email"), "Địa chỉ thư điện tử."),
    Column("notes", "Ghi chú", False, (), ""),
)
# fmt: on
HEADERS = {column.key: column.header for column in COLUMNS}
TEXTS = ("full_name", "degrees", "workplace", "position", "specialty", "phone", "email", "notes")
LIMITS = {name: getattr(Expert._meta.get_field(name), "max_length", None) for name in TEXTS if name != "notes"}


@dataclass
class Found:
    """One expert the file names: the first row that names them (`row`), the rows merged into it (`merged`), the
    values `services.expert_create` takes, and the proper-case form of a name in capitals (`proper`)."""

    row: int
    values: dict[str, Any]
    fields: list[Any]
    proper: str | None = None
    merged: list[int] = field(default_factory=list)
    # One already on the unit's list (issue 15): the file's new details fill its empty ones (`fills`, new fields of
    # expertise in `new_fields`); where both have a value and they differ, the user chooses (`conflicts`: the keys;
    # the recorded value is kept unless the run takes the file's).
    expert: Expert | None = None
    fills: dict[str, Any] = field(default_factory=dict)
    new_fields: list[Any] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)


def _same_person(a: dict[str, Any], b: dict[str, Any]) -> str | None:
    """Why two rows with the same folded name are one person — the same phone, e-mail or workplace, or no other
    detail in one of them to tell them apart —, else None (namesakes: two experts)."""
    if a["phone"] and b["phone"] and phone_key(a["phone"]) == phone_key(b["phone"]):
        return _("the same phone")
    if a["email"] and a["email"].lower() == b["email"].lower():
        return _("the same e-mail")
    if a["workplace"] and fold(a["workplace"]) == fold(b["workplace"]):
        return _("the same workplace")
    if not any(a[k] for k in ("phone", "email", "workplace")) or not any(b[k] for k in ("phone", "email", "workplace")):
        return _("nothing else to tell them apart")
    return None


def validate(table: Table, *, org: Org, progress: Callable[[int], None] | None = None) -> Result:
    """Check every row of `table` for the list of `org`."""
    result = Result()
    lookup = field_index()
    on_list = {
        (e.name_folded, fold(e.workplace), phone_key(e.phone), e.email.lower()): e
        for e in Expert.objects.filter(org=org).prefetch_related("fields")
    }
    found: list[Found] = result.rows
    by_name: dict[str, list[Found]] = {}
    errors: list[RowError] = result.errors
    notes: list[tuple[str, RowError]] = result.notes
    for row in rows(table, COLUMNS, result, progress=progress, every=PROGRESS_EVERY):
        number, value, error = row.number, row.value, row.error
        value["full_name"] = " ".join(value["full_name"].split())
        before = len(errors)
        if not value["full_name"]:
            error("full_name", _("Enter the expert's name."))
        for key, limit in LIMITS.items():
            if limit and len(value[key]) > limit:
                error(key, _("At most %(n)s characters.") % {"n": limit})
        education = EDUCATION_WORDS.get(header_key(value["education"]), "") if value["education"] else ""
        if value["education"] and not education:
            error("education", _("Write one of: TS, ThS, ĐH, CĐ, TC, Khác."))
        title = TITLE_WORDS.get(header_key(value["academic_title"]), "") if value["academic_title"] else ""
        if value["academic_title"] and not title:
            error("academic_title", _("Write GS or PGS, or leave it empty."))
        if value["email"]:
            try:
                validate_email(value["email"])
            except ValidationError:
                error("email", _("Not an e-mail address."))
        fields, unknown = fields_named(value["fields"], lookup)
        for part in unknown:
            errors.append(RowError(number, HEADERS["fields"], part, unknown_field_reason(lookup)))
        if len(errors) > before:
            continue
        key = fold(value["full_name"])
        twin = next((r for r in by_name.get(key, []) if _same_person(r.values, value)), None)
        if twin is not None:
            why = _same_person(twin.values, value)
            for name in TEXTS:
                twin.values[name] = twin.values[name] or value[name]
            twin.values["education"] = twin.values["education"] or education
            twin.values["academic_title"] = twin.values["academic_title"] or title
            twin.fields += [f for f in fields if f not in twin.fields]
            twin.merged.append(number)
            notes.append(("merged", RowError(number, HEADERS["full_name"], value["full_name"], _(
                "The same person as row %(row)s (%(why)s): the two rows make one expert, their fields of expertise "
                "together."
            ) % {"row": twin.row, "why": why})))  # fmt: skip
            continue
        listed = next(
            (
                expert
                for (folded, workplace, phone, email), expert in on_list.items()
                if folded == key
                and _same_person(
                    {"workplace": workplace, "phone": phone, "email": email},
                    {
                        "workplace": fold(value["workplace"]),
                        "phone": phone_key(value["phone"]),
                        "email": value["email"].lower(),
                    },
                )  # fmt: skip
            ),
            None,
        )
        new = Found(number, {**{n: value[n] for n in TEXTS}, "education": education, "academic_title": title}, fields)
        if listed is not None:
            new.expert = listed
            notes.append(("listed", RowError(number, HEADERS["full_name"], value["full_name"], _(
                "Already on the unit's list as %(name)s: not entered again."
            ) % {"name": listed.full_name})))  # fmt: skip
        else:
            new.proper = proper_case_suggestion(value["full_name"])
        if new.proper:
            notes.append(("capitals", RowError(number, HEADERS["full_name"], value["full_name"], _(
                "Typed in capitals: written “%(name)s” if you tick the box below, else as typed."
            ) % {"name": new.proper})))  # fmt: skip
        by_name.setdefault(key, []).append(new)
        found.append(new)
    for found_row in found:
        if found_row.expert is not None:
            _compare(found_row, notes)
    result.rows = [r for r in found if r.expert is None or r.fills or r.new_fields or r.conflicts]
    notes.sort(key=lambda note: note[1].row)
    return result


MERGED = ("academic_title", "education", *(name for name in TEXTS if name != "full_name"))


def _differ(name: str, recorded: str, typed: str) -> bool:
    if name == "phone":
        return phone_key(recorded) != phone_key(typed)
    return fold(recorded) != fold(typed)


def _shown(name: str, value: Any) -> str:
    """A value as the preview says it: a choice by its label."""
    field = Expert._meta.get_field(name)
    choices = dict(getattr(field, "flatchoices", None) or ())
    return str(choices.get(value, value))


def _compare(row: Found, notes: list[tuple[str, RowError]]) -> None:
    """What the file's rows of an expert already listed add to their record: each empty detail it fills, each field
    of expertise it adds (said in one note), and each detail where the two differ (a note each, for the user to
    choose; the record's kept by default)."""
    expert = row.expert
    assert expert is not None  # noqa: S101 - called for the listed
    for name in MERGED:
        typed, recorded = row.values.get(name) or "", getattr(expert, name) or ""
        if not typed:
            continue
        if not recorded:
            row.fills[name] = typed
        elif _differ(name, recorded, typed):
            row.conflicts.append(name)
            notes.append(("conflict", RowError(row.row, HEADERS[name], _shown(name, typed), _(
                "The list has “%(recorded)s” for %(column)s; the file has this value. The list's is kept unless you "
                "take the file's below."
            ) % {"recorded": _shown(name, recorded), "column": HEADERS[name]})))  # fmt: skip
    have = set(expert.fields.all())
    row.new_fields = [f for f in row.fields if f not in have]
    said = [f"{HEADERS[name]}: {_shown(name, value)}" for name, value in row.fills.items()]
    if row.new_fields:
        said.append(f"{HEADERS['fields']}: " + ", ".join(f.name for f in row.new_fields))
    if said:
        notes.append(("filled", RowError(row.row, HEADERS["full_name"], row.values["full_name"], _(
            "New details filled in on the record already listed: %(details)s."
        ) % {"details": "; ".join(said)})))  # fmt: skip


def template_xlsx() -> bytes:
    """The import template: the headers, two example rows and a sheet saying how to fill each column."""
    examples = [
        {"full_name": "Nguyễn Thị Minh Hằng", "academic_title": "PGS", "education": "TS",
         "workplace": "Trường Đại học Hà Tĩnh", "position": "Trưởng khoa", "fields": "Môi trường; Nông nghiệp",
         "specialty": "Quản lý tài nguyên nước", "phone": "0912 345 678", "email": "hang.ntm@example.vn"},
        {"full_name": "Trần Đình Phúc", "education": "ThS", "degrees": "Kiến trúc sư",
         "workplace": "Sở Xây dựng tỉnh Hà Tĩnh", "fields": "Xây dựng"},
    ]  # fmt: skip
    notes = [
        "Mỗi dòng là một chuyên gia. Thứ tự các cột có thể thay đổi. Nếu có dòng lỗi, không dòng nào được nhập.",
        "Một người ghi hai lần (cùng họ tên và cùng điện thoại, email hoặc nơi công tác) được gộp làm một chuyên gia;"
        " người đã có trong danh sách không được nhập lại.",
    ]
    return _template(COLUMNS, title="Chuyên gia", examples=examples, notes=notes, max_rows=MAX_ROWS)


class ExpertImporter(UnitImporter):
    name = "experts"
    namespace = "experts"
    prefix = "import"
    template_url_name = "import_template"
    batch_model = ExpertImport
    event_model = ExpertImportEvent
    columns = COLUMNS
    max_rows = MAX_ROWS
    max_bytes = MAX_BYTES
    progress_every = PROGRESS_EVERY
    template_file_name = "mau-nhap-chuyen-gia.xlsx"
    list_url_name = "experts:list"
    preview_template = "experts/_import_run.html"

    def title(self) -> str:
        return _("Import experts")

    def list_label(self) -> str:
        return _("Experts")

    def intro(self, node: Any) -> list[str]:
        return [
            _(
                "Upload the list of experts %(unit)s keeps in Excel (one expert per row, at most %(n)s rows). Every "
                "row is checked first and shown to you before anything is written: if one is wrong, nothing is "
                "imported and the rows to fix are listed."
            ) % {"unit": node.name, "n": vnum(MAX_ROWS)}
        ]  # fmt: skip

    def done_message(self, batch: Any) -> str:
        added = ngettext(
            "%(n)s expert has been added to the list.", "%(n)s experts have been added to the list.", batch.created
        ) % {"n": vnum(batch.created)}  # fmt: skip
        if not batch.updated:
            return added
        return f"{added} " + ngettext(
            "%(n)s expert already listed has new details.", "%(n)s experts already listed have new details.",
            batch.updated,
        ) % {"n": vnum(batch.updated)}  # fmt: skip

    def get_org_for_user(self, user: Any, pk: int | str | None) -> Org:
        return permissions.get_expert_org_for_user(user, pk)

    def check(self, batch: Any, table: Table, progress: Callable[[int], None]) -> Result:
        return validate(table, org=batch.org, progress=progress)

    def write(self, batch: Any, result: Result) -> int:
        """Every new expert written through `expert_create`, every one already listed changed through `expert_update`
        (its event row each, saying what changed): its empty details filled, its new fields of expertise added, and
        where the file differs, the file's value only where the run took it (`batch.choices`). The names typed in
        capitals in proper case if the run asked it. How many experts were added (`batch.updated`: changed)."""
        from lienhiep.experts import services

        added = updated = 0
        for row in result.rows:
            if row.expert is not None:
                values = {**row.fills, **{n: row.values[n] for n in row.conflicts if f"{row.row}:{n}" in batch.choices}}
                fields = [*row.expert.fields.all(), *row.new_fields] if row.new_fields else None
                if values or fields is not None:
                    services.expert_update(actor=batch.actor, expert=row.expert, fields=fields, **values)
                    updated += 1
                continue
            values = dict(row.values)
            if batch.proper_case and row.proper:
                values["full_name"] = row.proper
            services.expert_create(actor=batch.actor, org=batch.org, fields=row.fields, **values)
            added += 1
        batch.updated = updated
        return added

    def template_xlsx(self, org: Any) -> bytes:
        return template_xlsx()

    def run_options(self, post: Any, batch: Any) -> dict[str, Any]:
        """The box for names in capitals, and the conflicts where the user takes the file's value ("row:field")."""
        taken = [f"{c['row']}:{c['key']}" for c in _conflicts(batch) if post.get(f"take_{c['row']}_{c['key']}") == "1"]
        return {"proper_case": post.get("proper_case") == "1", "choices": taken}

    def preview(self, batch: Any) -> dict[str, Any]:
        return {"capitals": any(note[4] == "capitals" for note in batch.notes), "conflicts": _conflicts(batch)}


def _conflicts(batch: Any) -> list[dict[str, Any]]:
    """The differences the check found between the file and experts already listed (stored in the batch's notes),
    for the run form's choices."""
    keys = {header: key for key, header in HEADERS.items()}
    return [
        {"row": row, "key": keys[column], "column": column, "value": value}
        for row, column, value, _reason, kind in batch.notes
        if kind == "conflict" and column in keys
    ]


EXPERTS = ExpertImporter()
