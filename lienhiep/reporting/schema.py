"""The JSON of a report template, and its check (`check_template`): what `reporting/shipped/*.json` and a union's
own copies hold, agreed in the issue's notes.

    {"key": "term-report", "kind": "term", "name": "…", "version": 1,
     "style": "congress" | "administrative", "part_words": true, "skin": "",
     "doc_type": "BÁO CÁO", "summary": "TỔNG KẾT HOẠT ĐỘNG NHIỆM KỲ {term}…",
     "collective_author": "BCH {org_short_upper} KHOÁ {congress_roman}",
     "authority": "TM. BAN CHẤP HÀNH", "signer_title": "CHỦ TỊCH", "recipients": ["…;", "- Lưu: VT, VP."],
     "sections": [{"key": "p1", "level": 0, "title": "…", "guidance": "…", "blocks": [BLOCK, …], "sections": […]}]}

A BLOCK is {"kind": K, "content": {…}}, by kind:
- text: {"runs": [RUN, …]}; a RUN is {"t": "…", "b": true, "i": true} (text, optionally bold / italic), or a
  figure token {"fig": KEY, "params": {…}, "fmt": {…}, "scope": ORG_ID}, or a footnote reference {"note": "fn1"};
- list: {"fig": KEY, "params": {…}, "row": "+ Sản phẩm “{title}”, {unit};", "bullet": "+", "empty": "Không có.",
  "max": 30} (the rows it prints at most, then a line counting the others; the annex lists them all);
- table: {"fig": KEY, "params": {…}, "columns": [{"label", "field", "align", "fmt"}], "totals": true,
  "empty": "Không có."} (printed instead of a table without rows);
- targets: {"congress": "current" | "next", "years": [2024, …] | "period"} (with years, each target's value in each
  of them and whether it met its threshold; "period": the years of the report's period);
- context: {"value": …, "text": "…", "unit": "…", "source": "…", "on": "YYYY-MM-DD"} (entered by hand);
- footnote: {"key": "fn1", "runs": [RUN, …]};
- chart: {"fig": KEY, "params": {…}}; page_break: {}.
A token's figure is computed over the report's unit and period, or over the child unit `scope` names. KEY must be
a figure of `reporting.registry` with the parameters it allows; a list's row template and a table's columns name
only the fields of the figure's rows (`FigureSpec.row_fields`, when the spec declares them).

The head's texts may hold placeholders, filled when a report is created (`services.report_create`): {term}
("2018 - 2023"), {next_term}, {year}, {half} ("đầu" / "cuối"), {next_half} and {next_half_year} (the half a
half-year report's directions are for: "cuối" 2026, or "đầu" 2027), {org_name}, {org_short}, {congress_ordinal}
("4"), {congress_roman} ("IV"), {next_congress_roman}, {committee_term} ("khoá IV, nhiệm kỳ 2018 - 2023"); each
also as {…_upper}, in capitals. So may the sections' titles and the text runs (an opening paragraph naming the unit and
its term). A section without a title is a passage without a heading: it prints no number.
"""

from __future__ import annotations

import datetime as dt
import string
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from lienhiep.reporting import registry
from lienhiep.reporting.models import BlockKind, ReportKind, ReportStyle

PLACEHOLDERS = frozenset(
    {
        "term",
        "next_term",
        "year",
        "half",
        "next_half",
        "next_half_year",
        "org_name",
        "org_short",
        "congress_ordinal",
        "congress_roman",
        "next_congress_roman",
        "committee_term",
    }
)
HEAD_TEXTS = ("name", "doc_type", "summary", "collective_author", "authority", "signer_title")
MAX_LEVEL = 3


def placeholders_in(text: str) -> list[str]:
    return [name for _literal, name, _spec, _conv in string.Formatter().parse(text) if name is not None]


def known_placeholder(name: str) -> bool:
    return name.removesuffix("_upper") in PLACEHOLDERS


def _fail(message: str, **values: Any) -> None:
    raise ValidationError(message % values)


class _Where:
    """Where an error lies, for the message: the section key and the block's number in it."""

    def __init__(self, section: str, block: int | None = None) -> None:
        self.section = section
        self.block = block

    def __str__(self) -> str:
        if self.block is None:
            return _("section “%(key)s”") % {"key": self.section}
        return _("section “%(key)s”, block %(number)s") % {"key": self.section, "number": self.block}


def _text(value: Any, name: str, where: _Where | str, *, required: bool = True) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        _fail(_("Template: %(where)s: “%(name)s” must be a text."), where=where, name=name)
    return str(value)


def _figure(content: dict[str, Any], where: _Where, *, types: tuple[str, ...] = ()) -> registry.FigureSpec:
    key = content.get("fig")
    if not isinstance(key, str) or key not in registry.specs():
        _fail(_("Template: %(where)s: unknown figure “%(key)s”."), where=where, key=key)
    spec = registry.spec(str(key))
    if types and spec.value_type not in types:
        _fail(_("Template: %(where)s: the figure “%(key)s” gives no rows to list."), where=where, key=key)
    params = content.get("params", {})
    if not isinstance(params, dict):
        _fail(_("Template: %(where)s: the parameters of “%(key)s” must be an object."), where=where, key=key)
    for name, value in params.items():
        if name not in spec.params:
            _fail(
                _("Template: %(where)s: the figure “%(key)s” takes no parameter “%(name)s”."),
                where=where,
                key=key,
                name=name,
            )
        choices = spec.params[name]
        if choices is not None and value not in {choice for choice, _label in choices}:
            _fail(
                _("Template: %(where)s: “%(value)s” is not a value of “%(name)s” for the figure “%(key)s”."),
                where=where,
                value=value,
                name=name,
                key=key,
            )
    if "fmt" in content and not isinstance(content["fmt"], dict):
        _fail(_("Template: %(where)s: the format of “%(key)s” must be an object."), where=where, key=key)
    if "scope" in content and not (isinstance(content["scope"], int) and not isinstance(content["scope"], bool)):
        _fail(_("Template: %(where)s: the scope of “%(key)s” must be a unit's id."), where=where, key=key)
    return spec


def _row_fields(spec: registry.FigureSpec, fields: list[str], where: _Where) -> None:
    allowed = set(spec.row_fields)
    if not allowed:  # a figure that does not name its fields yet
        return
    for name in fields:
        if name not in allowed:
            _fail(
                _("Template: %(where)s: the rows of “%(key)s” have no field “%(name)s”."),
                where=where,
                key=spec.key,
                name=name,
            )


def _runs(runs: Any, where: _Where, notes: set[str]) -> None:
    if not isinstance(runs, list):
        _fail(_("Template: %(where)s: “runs” must be a list."), where=where)
    for run in runs:
        if not isinstance(run, dict):
            _fail(_("Template: %(where)s: every run must be an object."), where=where)
        if "t" in run:
            _text(run["t"], "t", where, required=False)
            if set(run) - {"t", "b", "i"}:
                _fail(_("Template: %(where)s: a text run holds only “t”, “b” and “i”."), where=where)
        elif "fig" in run:
            _figure(run, where)
        elif "note" in run:
            notes.add(_text(run["note"], "note", where))
        else:
            _fail(_("Template: %(where)s: a run is a text, a figure or a footnote reference."), where=where)


def check_block(block: Any, where: _Where, notes: set[str], footnotes: set[str]) -> None:
    """Raise a ValidationError naming `where` unless `block` is one of the kinds above, well formed."""
    if not isinstance(block, dict) or block.get("kind") not in BlockKind.values:
        _fail(_("Template: %(where)s: unknown kind of block."), where=where)
    kind = block["kind"]
    content = block.get("content", {})
    if not isinstance(content, dict):
        _fail(_("Template: %(where)s: the block's content must be an object."), where=where)
    if kind == BlockKind.TEXT:
        _runs(content.get("runs"), where, notes)
    elif kind == BlockKind.FOOTNOTE:
        key = _text(content.get("key"), "key", where)
        if key in footnotes:
            _fail(_("Template: %(where)s: the footnote “%(key)s” is written twice."), where=where, key=key)
        footnotes.add(key)
        _runs(content.get("runs"), where, notes)
    elif kind == BlockKind.LIST:
        spec = _figure(content, where, types=("rows",))
        row = _text(content.get("row"), "row", where)
        _row_fields(spec, registry.template_fields(row), where)
        _text(content.get("bullet", ""), "bullet", where, required=False)
        _text(content.get("empty", ""), "empty", where, required=False)
        most = content.get("max", 1)
        if not isinstance(most, int) or isinstance(most, bool) or not 1 <= most <= 10_000:
            _fail(_("Template: %(where)s: “max” must be a number of rows from 1 to 10,000."), where=where)
    elif kind == BlockKind.TABLE:
        spec = _figure(content, where, types=("rows", "table"))
        columns = content.get("columns")
        if not isinstance(columns, list) or not columns:
            _fail(_("Template: %(where)s: a table needs its columns."), where=where)
        for column in columns:
            if not isinstance(column, dict):
                _fail(_("Template: %(where)s: every column must be an object."), where=where)
            _text(column.get("label"), "label", where)
            _text(column.get("field"), "field", where)
            if column.get("align", "left") not in ("left", "right", "center"):
                _fail(_("Template: %(where)s: a column aligns left, right or center."), where=where)
        _row_fields(spec, [column["field"] for column in columns], where)
        _text(content.get("empty", ""), "empty", where, required=False)
    elif kind == BlockKind.TARGETS:
        if content.get("congress", "current") not in ("current", "next"):
            _fail(_("Template: %(where)s: the targets are those of the current or the next congress."), where=where)
        years = content.get("years", [])
        if years != "period" and (not isinstance(years, list) or not all(isinstance(year, int) for year in years)):
            _fail(_("Template: %(where)s: “years” must be a list of years."), where=where)
    elif kind == BlockKind.CONTEXT:
        if "value" not in content and not content.get("text"):
            _fail(_("Template: %(where)s: a figure entered by hand needs its value or text."), where=where)
        _text(content.get("source", ""), "source", where, required=False)
        _text(content.get("unit", ""), "unit", where, required=False)
        on = content.get("on")
        if on:
            try:
                dt.date.fromisoformat(str(on))
            except ValueError:
                _fail(_("Template: %(where)s: “on” must be a date (YYYY-MM-DD)."), where=where)
    elif kind == BlockKind.CHART:
        _figure(content, where)


def _sections(sections: Any, level: int, keys: set[str], notes: set[str], footnotes: set[str], where: str) -> None:
    if not isinstance(sections, list):
        _fail(_("Template: %(where)s: “sections” must be a list."), where=where)
    for section in sections:
        if not isinstance(section, dict):
            _fail(_("Template: %(where)s: every section must be an object."), where=where)
        key = section.get("key")
        if not isinstance(key, str) or not key or len(key) > 60:
            _fail(_("Template: %(where)s: a section has no key."), where=where)
        here = _Where(str(key))
        if key in keys:
            _fail(_("Template: %(where)s: the key is used twice."), where=here)
        keys.add(str(key))
        section_level = section.get("level", level)
        if not isinstance(section_level, int) or not level <= section_level <= MAX_LEVEL:
            _fail(_("Template: %(where)s: the level must be from %(low)s to 3."), where=here, low=level)
        # An untitled section is a passage without a heading (the opening and closing paragraphs of the seeds).
        _text(section.get("title", ""), "title", here, required=False)
        _text(section.get("guidance", ""), "guidance", here, required=False)
        blocks = section.get("blocks", [])
        if not isinstance(blocks, list):
            _fail(_("Template: %(where)s: “blocks” must be a list."), where=here)
        for number, block in enumerate(blocks, start=1):
            check_block(block, _Where(str(key), number), notes, footnotes)
        _sections(section.get("sections", []), section_level + 1, keys, notes, footnotes, str(here))


def check_template(data: Any, *, source: str = "") -> dict[str, Any]:
    """`data` if it is a well-formed template, else a ValidationError in Vietnamese naming the section key and the
    block at fault (`source`, a file name, heads the message)."""
    try:
        return _check(data)
    except ValidationError as error:
        if source:
            raise ValidationError(f"{source}: {' '.join(error.messages)}") from None
        raise


def _check(data: Any) -> dict[str, Any]:
    top = _("the template's head")
    if not isinstance(data, dict):
        _fail(_("Template: %(where)s: the file must hold one object."), where=top)
    key = data.get("key")
    if not isinstance(key, str) or not key or len(key) > 60 or not all(c.isalnum() or c in "-_" for c in key):
        _fail(_("Template: %(where)s: “key” must be a slug (letters, digits, “-”)."), where=top)
    if data.get("kind") not in ReportKind.values:
        _fail(_("Template: %(where)s: unknown kind of report “%(kind)s”."), where=top, kind=data.get("kind"))
    version = data.get("version", 1)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        _fail(_("Template: %(where)s: “version” must be a whole number from 1."), where=top)
    if data.get("style") not in ReportStyle.values:
        _fail(_("Template: %(where)s: the style is “administrative” or “congress”."), where=top)
    for name in HEAD_TEXTS:
        text = _text(data.get(name, ""), name, top, required=name in ("name", "summary"))
        for placeholder in placeholders_in(text):
            if not known_placeholder(placeholder):
                _fail(
                    _("Template: %(where)s: “%(name)s” holds an unknown placeholder {%(placeholder)s}."),
                    where=top,
                    name=name,
                    placeholder=placeholder,
                )
    recipients = data.get("recipients", [])
    if not isinstance(recipients, list) or not all(isinstance(line, str) for line in recipients):
        _fail(_("Template: %(where)s: “recipients” must be a list of lines."), where=top)
    notes: set[str] = set()
    footnotes: set[str] = set()
    _sections(data.get("sections"), 0, set(), notes, footnotes, str(top))
    missing = sorted(notes - footnotes)
    if missing:
        _fail(_("Template: %(where)s: no footnote “%(key)s” for its reference."), where=top, key=missing[0])
    return data
