"""Reads of reports: the document as it prints (`document`), its figures live or frozen, what changed since
approval (`drift`), the reports a user may read (`report_list`)."""

from __future__ import annotations

import datetime as dt
import re
import string
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import translation
from django.utils.translation import gettext as _

from lienhiep.core import filtering
from lienhiep.governance.models import Congress, CongressTarget, roman
from lienhiep.orgs import selectors as org_selectors
from lienhiep.orgs.models import Org, OrgClosure
from lienhiep.orgs.permissions import Access, org_ids_at_least
from lienhiep.reporting import document as doc
from lienhiep.reporting import formats, registry
from lienhiep.reporting.figures.governance import congress_of
from lienhiep.reporting.models import (
    PUBLISHED_STATUSES,
    Block,
    BlockKind,
    FigureSource,
    FigureValue,
    Report,
    ReportSection,
    ReportStatus,
)

PART_WORDS = ["nhất", "hai", "ba", "tư", "năm", "sáu", "bảy", "tám", "chín", "mười"]


# --- Tokens -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Token:
    """One figure a report prints: the registry key, its parameters and the unit it is computed over (None: the
    report's unit)."""

    key: str
    params: tuple[tuple[str, Any], ...] = ()
    scope: int | None = None
    # Taken from the accepted submissions of this campaign instead of the records (a block's source,
    # `Block.content["campaign"]`), with the narratives of its form's `section` for a list (REPORTING.md §5.6, 7).
    campaign: int | None = None
    section: str = ""

    @classmethod
    def of(cls, content: dict[str, Any], *, source: dict[str, Any] | None = None) -> Token:
        """The token of a run or a block's `content`; `source` the block's content, which names the campaign its
        figures come from, if any."""
        campaign, section = campaign_of(source or {})
        return cls.make(content["fig"], content.get("params"), content.get("scope"), campaign, section)

    @classmethod
    def make(
        cls,
        key: str,
        params: dict[str, Any] | None,
        scope: int | None = None,
        campaign: int | None = None,
        section: str = "",
    ) -> Token:
        # A list parameter ({"years": [2024, 2025]}) is kept as a tuple, so that the token can be a dict key.
        items = ((name, tuple(value) if isinstance(value, list) else value) for name, value in (params or {}).items())
        return cls(key, tuple(sorted(items)), scope, campaign, section if campaign is not None else "")

    @property
    def records(self) -> Token:
        """The same figure counted from the records."""
        return Token(self.key, self.params, self.scope)

    @property
    def params_dict(self) -> dict[str, Any]:
        return {name: list(value) if isinstance(value, tuple) else value for name, value in self.params}

    @property
    def hash(self) -> str:
        from lienhiep.reporting.services import params_hash

        return params_hash(self.params_dict, self.scope, self.via)

    @property
    def via(self) -> dict[str, Any] | None:
        """Where the figure comes from when not from the records ({"campaign": id, "section": key})."""
        if self.campaign is None:
            return None
        return {"campaign": self.campaign, **({"section": self.section} if self.section else {})}

    @property
    def ref(self) -> str:
        """The id a printed run carries (`Run.figure`) and the annex line's key."""
        return f"{self.key}#{self.hash[:12]}"


def campaign_of(content: dict[str, Any]) -> tuple[int | None, str]:
    """The campaign a block takes its figures from (`content["campaign"]`) and the section of its form whose
    narratives a list adds (`content["campaign_section"]`); (None, "") for the records."""
    campaign = content.get("campaign")
    if not isinstance(campaign, int) or isinstance(campaign, bool):
        return None, ""
    section = content.get("campaign_section")
    return campaign, section if isinstance(section, str) else ""


def _runs_tokens(runs: list[dict[str, Any]], content: dict[str, Any]) -> Iterator[Token]:
    for run in runs or []:
        if isinstance(run, dict) and "fig" in run:
            yield Token.of(run, source=content)


def block_tokens(block: Block) -> Iterator[Token]:
    content = block.content or {}
    if block.kind in (BlockKind.TEXT, BlockKind.FOOTNOTE):
        yield from _runs_tokens(content.get("runs", []), content)
    elif block.kind in (BlockKind.LIST, BlockKind.TABLE, BlockKind.CHART) and content.get("fig"):
        yield Token.of(content, source=content)
    elif block.kind == BlockKind.TARGETS and content.get("years"):
        yield targets_token(content)


def targets_token(content: dict[str, Any]) -> Token:
    """The figure a targets block with "years" prints: each target's progress in those years."""
    return Token.make(
        "governance.targets.progress", {"congress": content.get("congress", "current"), "years": content["years"]}
    )


def included_blocks(report: Report, sections: list[ReportSection] | None = None) -> list[tuple[ReportSection, Block]]:
    """The blocks the report prints, in order: those of its included sections whose parents are included too.
    `sections`: the report's sections in order, where the caller read them already."""
    sections = list(report.sections.order_by("order")) if sections is None else sections
    excluded: set[int] = set()
    for section in sections:
        if not section.included or section.parent_id in excluded:
            excluded.add(section.pk)
    by_section = {section.pk: section for section in sections if section.pk not in excluded}
    blocks = Block.objects.filter(section_id__in=list(by_section)).order_by("section__order", "order")
    return [(by_section[block.section_id], block) for block in blocks]


def report_tokens(report: Report) -> dict[Token, str]:
    """Every figure the report prints, with the key of the first section that prints it."""
    found: dict[Token, str] = {}
    for section, block in included_blocks(report):
        for token in block_tokens(block):
            found.setdefault(token, section.key)
    return found


# --- Figures: live or frozen --------------------------------------------------------------------


@dataclass
class Figure:
    token: Token
    value: Any
    basis: str = ""
    record_ids: list[int] | None = None
    records: str = ""  # the model `record_ids` are rows of (`FigureResult.records`)
    # A list read up to its printed rows: how many rows it has in all (None: `value` is the whole list).
    rows_total: int | None = None
    computed_at: dt.datetime | None = None
    override: Any = None
    override_reason: str = ""
    override_by: str = ""
    estimate: bool = False
    source: str = FigureSource.RECORDS
    problem: str = ""
    notes: tuple[str, ...] = ()  # what the figure says of its value (`FigureResult.notes`)
    start: dt.date | None = None
    end: dt.date | None = None
    as_of: dt.date | None = None

    @property
    def shown(self) -> Any:
        return self.override if self.override is not None else self.value


def scope_of(report: Report, token: Token) -> Org:
    if token.scope is None:
        return report.org
    scope = Org.objects.filter(pk=token.scope).first()
    if scope is None or not OrgClosure.objects.filter(ancestor_id=report.org_id, descendant_id=scope.pk).exists():
        raise ValidationError(_("The unit a figure is narrowed to is not under the report's unit."))
    return scope


def compute(report: Report, token: Token, *, user: Any = None) -> registry.FigureResult:
    """The token's figure computed now, over the report's period: from the records (`registry.compute`), or from
    the accepted submissions of its campaign (`registry.Taken`, the source the campaigns app gives)."""
    taken = None if token.campaign is None else registry.Taken(FigureSource.SUBMISSIONS, token.campaign, token.section)
    return registry.compute(
        token.key,
        scope_of(report, token),
        start=report.period_start,
        end=report.period_end,
        as_of=report.as_of,
        params=token.params_dict,
        user=user,
        taken=taken,
    )


ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _row_read(row: Any) -> Any:
    if not isinstance(row, dict):
        return row
    return {
        name: dt.date.fromisoformat(value) if isinstance(value, str) and ISO_DATE.match(value) else value
        for name, value in row.items()
    }


def stored_value(value: Any, key: str) -> Any:
    """A value as a FigureValue keeps it (plain JSON) read back: amounts and shares as Decimal, the dates of rows
    as dates (so a frozen list prints 12/09/2019 as the live one did)."""
    if isinstance(value, list):
        return [_row_read(row) for row in value]
    if isinstance(value, str):
        try:
            spec = registry.spec(key)
        except ValidationError:
            return value
        if spec.value_type in ("money", "percent", "count"):
            try:
                return Decimal(value)
            except InvalidOperation:
                return value
    return value


class Figures:
    """The figures of one report for one reading: computed once each (live) or read from the stored values.
    `limits`: the "rows" figures read live only up to the rows they print (`list_limits`), the others whole."""

    def __init__(self, report: Report, *, user: Any = None, limits: dict[Token, int] | None = None) -> None:
        self.report = report
        self.user = user
        self.limits = limits or {}
        self._cache: dict[Token, Figure] = {}
        self._stored: dict[tuple[str, str], FigureValue] | None = None

    def stored(self) -> dict[tuple[str, str], FigureValue]:
        if self._stored is None:
            self._stored = {
                (row.key, row.params_hash): row
                for row in FigureValue.objects.filter(report=self.report).select_related("override_by")
            }
        return self._stored

    def get(self, token: Token) -> Figure:
        if token not in self._cache:
            self._cache[token] = self._read(token)
        return self._cache[token]

    def _read(self, token: Token) -> Figure:
        report = self.report
        row = self.stored().get((token.key, token.hash))
        if report.live or row is None:
            figure = Figure(token, None, start=report.period_start, end=report.period_end, as_of=report.as_of)
            if not report.live:
                figure.problem = _("The figure %(key)s was not stored when the report was approved.") % {
                    "key": token.key
                }
                return figure
            try:
                with registry.rows_at_most(self.limits.get(token)):
                    result = compute(report, token, user=self.user)
            except ValidationError as error:
                figure.problem = " ".join(error.messages)
            else:
                figure.value, figure.basis, figure.record_ids = result.value, result.basis, result.record_ids
                figure.records = result.records
                figure.rows_total = result.rows_total
                figure.notes = tuple(result.notes)
        else:
            figure = Figure(
                token,
                stored_value(row.value, row.key),
                basis=row.basis,
                record_ids=row.record_ids,
                records=row.records,
                computed_at=row.computed_at,
                source=row.source,
                notes=tuple(row.notes or ()),
                start=row.start,
                end=row.end,
                as_of=row.as_of,
            )
        if row is not None and row.override is not None:
            figure.override = stored_value(row.override, row.key)
            figure.override_reason = row.override_reason
            figure.override_by = str(row.override_by) if row.override_by else ""
            figure.estimate = row.estimate
        elif row is not None:
            figure.estimate = row.estimate
        return figure

    def all(self) -> list[Figure]:
        return list(self._cache.values())


# How a list taken from a campaign prints a unit's narrative ("Hội Luật gia tỉnh: đã tổ chức …"): the row a
# campaign source gives for it has `narrative` set, `unit` and `text`.
NARRATIVE_ROW = "{unit}: {text}"

# The rows a list block prints when its template does not say ("max"): the others are counted in one line and listed
# whole in the annex.
LIST_PRINTED = 30


def list_limits(report: Report, walked: list[Walked] | None = None) -> dict[Token, int]:
    """How many rows each listed figure must read to print its list blocks (the largest "max" among them); a figure a
    table also prints is read whole. `walked`: the report's `section_tree`, where the caller has it (its blocks are
    the included ones, not read again)."""
    limits: dict[Token, int] = {}
    whole: set[Token] = set()
    blocks = (block for _section, block in included_blocks(report)) if walked is None else _walked_blocks(walked)
    for block in blocks:
        content = block.content or {}
        if block.kind == BlockKind.LIST and content.get("fig"):
            token = Token.of(content, source=content)
            limits[token] = max(limits.get(token, 0), list_printed(content))
        elif block.kind in (BlockKind.TABLE, BlockKind.CHART) and content.get("fig"):
            whole.add(Token.of(content, source=content))
    return {token: limit for token, limit in limits.items() if token not in whole}


def list_printed(content: dict[str, Any]) -> int:
    """How many rows a list block prints: its "max", else LIST_PRINTED."""
    value = content.get("max")
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else LIST_PRINTED


def live_figures(report: Report, *, user: Any = None) -> list[Figure]:
    """Every figure of the report as it prints now (computed if live, stored otherwise)."""
    figures = Figures(report, user=user)
    return [figures.get(token) for token in report_tokens(report)]


# --- The document -------------------------------------------------------------------------------


@dataclass
class _Builder:
    report: Report
    figures: Figures
    problems: list[str] = field(default_factory=list)
    lines: dict[str, doc.FigureLine] = field(default_factory=dict)
    footnotes: dict[str, tuple[doc.Run, ...]] = field(default_factory=dict)

    def printed(self, token: Token, fmt: dict[str, Any] | None, section: str) -> str:
        figure = self.figures.get(token)
        if figure.problem:
            self.problems.append(f"{section}: {figure.problem}")
            text = "…"
        else:
            try:
                text = formats.render(figure.shown, fmt or {})
            except formats.FormatRefused as refused:
                self.problems.append(f"{section}: {token.key}: {' '.join(refused.messages)}")
                text = formats.render(figure.shown, {"pad": (fmt or {}).get("pad", 2)})
        self._line(figure, text, section)
        return text

    def _line(self, figure: Figure, printed: str, section: str) -> None:
        token = figure.token
        if token.ref in self.lines:
            return
        try:
            spec = registry.spec(token.key)
            label, unit = str(spec.label), str(spec.unit)
        except ValidationError:
            label, unit = token.key, ""
        report = self.report
        self.lines[token.ref] = doc.FigureLine(
            key=token.key,
            section=section,
            label=label,
            value=figure.value,
            printed=printed,
            unit=unit,
            source=figure.source,  # type: ignore[arg-type]
            params={**token.params_dict, **({"scope": token.scope} if token.scope else {})},
            start=figure.start or report.period_start,
            end=figure.end or report.period_end,
            as_of=figure.as_of or report.as_of,
            computed_at=figure.computed_at,
            basis=figure.basis,
            override=figure.override,
            override_reason=figure.override_reason,
            override_by=figure.override_by,
            estimate=figure.estimate,
            rows_total=figure.rows_total,
            # A whole list goes to the annex, a sheet of its own.
            records=tuple(figure.shown) if isinstance(figure.shown, list) and figure.rows_total is None else (),
        )

    def runs(
        self, runs: list[dict[str, Any]], section: str, source: dict[str, Any] | None = None
    ) -> tuple[doc.Run, ...]:
        out = []
        for run in runs or []:
            if "fig" in run:
                token = Token.of(run, source=source)
                out.append(doc.Run(self.printed(token, run.get("fmt"), section), figure=token.ref))
            elif "note" in run:
                out.append(doc.Run("", note=run["note"]))
            else:
                out.append(doc.Run(run.get("t", ""), bold=bool(run.get("b")), italic=bool(run.get("i"))))
        return tuple(out)

    def rows(self, content: dict[str, Any], section: str) -> tuple[Figure, list[dict[str, Any]]]:
        token = Token.of(content, source=content)
        figure = self.figures.get(token)
        if figure.problem:
            self.problems.append(f"{section}: {figure.problem}")
        rows = figure.shown if isinstance(figure.shown, list) else []
        total = len(rows) if figure.rows_total is None or figure.override is not None else figure.rows_total
        self._line(figure, _("%(count)s rows") % {"count": total}, section)
        return figure, [row for row in rows if isinstance(row, dict)]

    def block(self, section: ReportSection, block: Block) -> list[doc.Block]:
        content = block.content or {}
        kind = block.kind
        if kind == BlockKind.TEXT:
            return [
                doc.Paragraph(
                    self.runs(content.get("runs", []), section.key, content), bullet=content.get("bullet", "")
                )
            ]
        if kind == BlockKind.FOOTNOTE:
            self.footnotes[content["key"]] = self.runs(content.get("runs", []), section.key, content)
            return []
        if kind == BlockKind.LIST:
            return self.list_block(section, content)
        if kind == BlockKind.TABLE:
            return [self.table_block(section, content), *self.notes_of(section, content)]
        if kind == BlockKind.TARGETS:
            return self.targets_block(content, section.key)
        if kind == BlockKind.CONTEXT:
            return [self.context_block(section, block, content)]
        return []  # charts print in the web view and the annex only; page breaks are the writer's

    def list_block(self, section: ReportSection, content: dict[str, Any]) -> list[doc.Block]:
        """A list as it prints: its first rows ("max" of the block, else LIST_PRINTED) in the figure's order, then
        one line counting the others, which the annex lists whole. The one place a list's rows become text."""
        figure, rows = self.rows(content, section.key)
        total = len(rows) if figure.rows_total is None or figure.override is not None else figure.rows_total
        rows = rows[: list_printed(content)]
        bullet = content.get("bullet", "")
        template = content.get("row", "")
        # The row template may write its own dash ("+ Sản phẩm …"): that one prints.
        if template[:2] in ("- ", "+ "):
            bullet, template = template[0], template[2:]
        if not rows:
            empty = content.get("empty") or _("None.")
            return [doc.Paragraph((doc.Run(empty),), bullet=bullet)]
        # A unit's narrative from a campaign's submissions prints as the unit wrote it, after its name.
        told = content.get("narrative_row") or NARRATIVE_ROW
        printed: list[doc.Block] = [
            doc.Paragraph((doc.Run(format_row(told if row.get("narrative") else template, row)),), bullet=bullet)
            for row in rows
        ]
        if total > len(rows):
            with translation.override("vi"):  # report text, whatever the reader's language (as figures are)
                more = _("and %(count)s more (see the annex).") % {
                    "count": formats.render(total - len(rows), {"pad": 0})
                }
            printed.append(doc.Paragraph((doc.Run(more),), bullet=bullet))
        return printed

    def notes_of(self, section: ReportSection, content: dict[str, Any]) -> list[doc.Block]:
        """What a block's figure says of its value (`Figure.notes`: a prize table that does not add up, and where),
        printed after the block and listed among the page's problems."""
        figure = self.figures.get(Token.of(content, source=content))
        self.problems += [f"{section.key}: {note}" for note in figure.notes]
        with translation.override("vi"):  # report text, whatever the reader's language
            return [
                doc.Paragraph((doc.Run(_("Note: %(note)s") % {"note": note}, italic=True),)) for note in figure.notes
            ]

    def table_block(self, section: ReportSection, content: dict[str, Any]) -> doc.Block:
        _figure, rows = self.rows(content, section.key)
        if not rows and content.get("empty"):  # a table of nothing prints what the template says instead
            return doc.Paragraph((doc.Run(content["empty"]),))
        columns = content.get("columns", [])
        body = tuple(
            tuple(_cell(row.get(column["field"]), column.get("fmt"), field=column["field"]) for column in columns)
            for row in rows
        )
        totals = None
        if content.get("totals") and rows:
            cells = []
            for number, column in enumerate(columns):
                values = [row.get(column["field"]) for row in rows]
                if number == 0:
                    cells.append(_("Total"))
                elif all(isinstance(v, int | Decimal) and not isinstance(v, bool) for v in values):
                    cells.append(_cell(sum(values), column.get("fmt")))
                else:
                    cells.append("")
            totals = tuple(cells)
        return doc.Table(
            columns=tuple(doc.Column(column["label"], column.get("align", "left")) for column in columns),
            rows=body,
            totals=totals,
        )

    def targets_block(self, content: dict[str, Any], section: str = "") -> list[doc.Block]:
        # An annual report names no congress of its own: the one whose term its period begins in.
        congress = self.report.congress or congress_of(
            self.report.org, start=self.report.period_start, as_of=self.report.as_of
        )
        if congress is not None and content.get("congress", "current") == "next":
            congress = Congress.objects.filter(org_id=congress.org_id, ordinal=congress.ordinal + 1).first()
        if congress is None:
            self.problems.append(_("No congress for the targets block."))
            return []
        printed: list[doc.Block] = [
            doc.Paragraph((doc.Run(target.text),), bullet="-")
            for target in CongressTarget.objects.filter(congress=congress).order_by("order", "id")
        ]
        if content.get("years"):
            return self.targets_progress(content, section) or printed
        return printed

    def targets_progress(self, content: dict[str, Any], section: str) -> list[doc.Block]:
        """Each target, then its value in each year asked for and whether it met its threshold (REPORTING.md §5.4:
        an annual report adds the progress for each year)."""
        figure = self.figures.get(targets_token(content))
        if figure.problem:
            self.problems.append(f"{section}: {figure.problem}")
            return []
        rows = [row for row in figure.shown if isinstance(row, dict)] if isinstance(figure.shown, list) else []
        self._line(figure, _("%(count)s rows") % {"count": len(rows)}, section)
        out: list[doc.Block] = []
        last: tuple[Any, Any] | None = None
        with translation.override("vi"):  # report text, whatever the reader's language
            for row in rows:
                if (row.get("order"), row.get("text")) != last:
                    last = (row.get("order"), row.get("text"))
                    out.append(doc.Paragraph((doc.Run(str(row.get("text", ""))),), bullet="-"))
                out.append(doc.Paragraph((doc.Run(progress_line(row), figure=figure.token.ref),), bullet="+"))
        return out

    def context_block(self, section: ReportSection, block: Block, content: dict[str, Any]) -> doc.Paragraph:
        value = content.get("value")
        unit = content.get("unit", "")
        if value is None or value == "":
            self.problems.append(
                _("%(section)s: a figure entered by hand has no value yet (%(text)s).")
                % {"section": section.key, "text": content.get("text") or unit}
            )
            shown = f"… {unit}".strip()
        else:
            shown = value if isinstance(value, str) else formats.render(value, content.get("fmt") or {})
            shown = f"{shown} {unit}".strip()
        text = content.get("text", "")
        if "{value}" in text:
            line = text.replace("{value}", shown)
        else:
            line = " ".join(part for part in (text, shown) if part)
        ref = f"context#{block.pk}"
        report = self.report
        on = content.get("on")
        day = dt.date.fromisoformat(on) if on else report.as_of
        self.lines[ref] = doc.FigureLine(
            key="context",
            section=section.key,
            label=text or unit,
            value=value,
            printed=shown or text,
            unit=unit,
            source="manual",
            params={"source": content.get("source", "")},
            start=report.period_start,
            end=report.period_end,
            as_of=day,
            computed_at=None,
            basis=content.get("source", ""),
        )
        return doc.Paragraph((doc.Run(line, figure=ref),), bullet=content.get("bullet", ""))


def progress_line(row: dict[str, Any]) -> str:
    """ "Năm 2025: 91,1 % (đạt)": a target's value in a year (or over the term so far) and whether it is met."""
    window = row.get("window", "")
    when = _("Year %(year)s") % {"year": window} if str(window).isdigit() else _("Term %(term)s") % {"term": window}
    value = row.get("value")
    if value is None or value == "":
        return _("%(when)s: no figure yet") % {"when": when}
    if isinstance(value, str):
        value = Decimal(value)
    shown = " ".join(part for part in (formats.render(value, {"pad": 0}), str(row.get("unit") or "")) if part)
    met = {True: _("met"), False: _("not met")}.get(bool(row["met"])) if row.get("met") is not None else None
    return (
        _("%(when)s: %(value)s (%(met)s)") % {"when": when, "value": shown, "met": met}
        if met
        else _("%(when)s: %(value)s") % {"when": when, "value": shown}
    )


# Row fields that name a calendar year: printed as written ("2021"), never as a number ("2.021").
YEAR_FIELDS = frozenset({"year", "first_year", "last_year"})


def _cell(value: Any, fmt: dict[str, Any] | None, *, field: str = "") -> str:
    if value is None:
        return ""
    if field in YEAR_FIELDS or field.endswith("_year"):
        return str(value)
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, int | Decimal | float) and not isinstance(value, bool):
        return formats.render(value, fmt or {"pad": 0})
    return str(value)


def format_row(template: str, row: dict[str, Any]) -> str:
    """A list's row template filled from one row (`{title}`, `{year}`…): dates as dd/mm/yyyy, numbers as printed."""
    values = {}
    for _literal, name, _spec, _conv in string.Formatter().parse(template):
        if name is not None:
            values[name] = _cell(row.get(name), None, field=name)
    return template.format_map(values)


def section_number(section: ReportSection, index: int, parent_number: str, part_words: bool) -> str:
    if section.level == 0:
        word = PART_WORDS[index - 1] if index <= len(PART_WORDS) else str(index)
        return f"Phần thứ {word}" if part_words else f"Phần {roman(index)}"
    if section.level == 1:
        return f"{roman(index)}."
    if section.level == 2 or not parent_number[:1].isdigit():
        return f"{index}."
    return f"{parent_number}{index}."


@dataclass
class Walked:
    """A section as it prints: its number (none for an untitled passage), its included blocks, its subsections."""

    section: ReportSection
    number: str
    blocks: list[Block]
    sections: list[Walked]


def section_tree(report: Report) -> list[Walked]:
    """The included sections of `report` in order, numbered: the one walk of the document and of the page's sheet
    (`reporting.sheet`), so both number alike (an opening or closing passage has no title and takes no number)."""
    sections = list(report.sections.order_by("order"))
    blocks_of: dict[int, list[Block]] = {}
    for section, block in included_blocks(report, sections):
        blocks_of.setdefault(section.pk, []).append(block)
    children: dict[int | None, list[ReportSection]] = {}
    for section in sections:
        children.setdefault(section.parent_id, []).append(section)

    def walk(parent: ReportSection | None, parent_number: str) -> list[Walked]:
        out = []
        index = 0
        for section in children.get(parent.pk if parent else None, []):
            if not section.included:
                continue
            number = ""
            if section.title:
                index += 1
                number = section_number(section, index, parent_number, report.part_words)
            out.append(
                Walked(
                    section, number, blocks_of.get(section.pk, []), walk(section, number if section.level >= 2 else "")
                )
            )
        return out

    return walk(None, "")


def _walked_blocks(walked: list[Walked]) -> Iterator[Block]:
    for item in walked:
        yield from item.blocks
        yield from _walked_blocks(item.sections)


def document(report: Report, *, user: Any = None, whole_lists: bool = False) -> doc.Document:
    """The report as it prints: in draft and review its figures computed now, once approved the stored ones. A
    wording that does not fit a figure ("trên 900" of 900) or a figure that cannot be computed prints plainly and
    is listed in `Document.problems`, never a crash.

    Live figures name no records (`registry.figures_only`: the drill-down and the approval list them) and a list
    reads only the rows it prints (`list_limits`); `whole_lists` reads every list whole, for the annex's sheets.
    A frozen report holds its lists whole."""
    walked = section_tree(report)
    with registry.figures_only():
        return _document(report, walked, user=user, limits=None if whole_lists else list_limits(report, walked))


def _document(report: Report, walked: list[Walked], *, user: Any, limits: dict[Token, int] | None) -> doc.Document:
    builder = _Builder(report, Figures(report, user=user, limits=limits))

    def build(walked: list[Walked]) -> tuple[doc.Section, ...]:
        return tuple(
            doc.Section(
                level=item.section.level,
                number=item.number,
                title=item.section.title,
                blocks=tuple(printed for block in item.blocks for printed in builder.block(item.section, block)),
                sections=build(item.sections),
            )
            for item in walked
        )

    body = build(walked)
    return document_head(
        report,
        sections=body,
        footnotes=builder.footnotes,
        title=" ".join([report.doc_type, *report.summary.split()]),
        figures=tuple(builder.lines.values()),
        issued_at=report.frozen_at,
        problems=tuple(dict.fromkeys(builder.problems)),
    )


def document_head(report: Report, **body: Any) -> doc.Document:
    """The report's head and signature as they print (what `document` writes around its `body`, and the report's
    page shows above its sheet)."""
    administrative = report.style == "administrative"
    return doc.Document(
        style=report.style,  # type: ignore[arg-type]
        superior_line=report.superior_line,
        issuer_line=report.issuer_line,
        number_line=report.number_line if administrative else "",
        place=report.place_name,
        date=report.issued_on,
        doc_type=report.doc_type,
        summary=report.summary,
        draft_mark=report.draft_mark,
        authority=report.authority,
        signer_title=report.signer_title,
        signer_name=report.signer_name or (report.signer.full_name if report.signer is not None else ""),
        collective_author=report.collective_author,
        recipients=tuple(report.recipients) if administrative else (),
        part_words=report.part_words,
        **body,
    )


# --- Drift -------------------------------------------------------------------------------------


def drift(report: Report) -> list[dict[str, Any]]:
    """The frozen figures of an approved (or later) report whose records changed since: each recomputed now and
    its fingerprint compared with the stored one. [{key, params, scope, section, value, now}], in print order."""
    from lienhiep.reporting.services import token_fingerprint

    if report.live or report.frozen_at is None:
        return []
    sections = report_tokens(report)
    stored = {(row.key, row.params_hash): row for row in FigureValue.objects.filter(report=report)}
    changes = []
    for token, section in sections.items():
        row = stored.get((token.key, token.hash))
        if row is None or row.source not in (FigureSource.RECORDS, FigureSource.SUBMISSIONS):
            continue
        try:
            result = compute(report, token)
        except ValidationError as error:
            changes.append(
                {"key": token.key, "params": token.params_dict, "scope": token.scope, "section": section,
                 "value": row.value, "now": None, "problem": " ".join(error.messages)}
            )  # fmt: skip
            continue
        if token_fingerprint(report, token, result) != row.fingerprint:
            change = {"key": token.key, "params": token.params_dict, "scope": token.scope, "section": section,
                      "value": row.value, "now": result.value}  # fmt: skip
            if token.campaign is not None:
                # The submitted figure is the campaign's (locked); what moved is the records under it.
                change["campaign"] = token.campaign
                change["records"] = _records_now(report, token)
            changes.append(change)
    return changes


def _records_now(report: Report, token: Token) -> Any:
    try:
        return compute(report, token.records).value
    except ValidationError:
        return None


# --- Lists --------------------------------------------------------------------------------------


def report_list(
    user: Any, *, org: Org | None = None, kind: str = "", status: str = "", year: int | None = None
) -> QuerySet[Report]:
    """The reports `user` may read (`permissions.report_access`): every report of the units they see, and the
    issued ones of the units they work under; newest period first."""
    visible = org_ids_at_least(user, Access.VIEW)
    rows = Report.objects.select_related("org", "template")
    if visible is not None:
        role_orgs = (
            list(org_selectors.roles_active(user).values_list("org_id", flat=True)) if user.is_authenticated else []
        )
        above = OrgClosure.objects.filter(descendant_id__in=role_orgs).values("ancestor_id")
        rows = rows.filter(Q(org_id__in=visible) | Q(org_id__in=above, status__in=PUBLISHED_STATUSES))
    rows = rows.filter(**filtering.given(org=org, kind=kind, status=status, period_end__year=year))
    return rows.order_by("-period_end", "-id")


def revisions(block: Block) -> QuerySet[Any]:
    """A block's edits, newest first (who, when, before and after)."""
    return block.revisions.select_related("actor").order_by("-at", "-id")


def comments(report: Report, *, open_only: bool = False) -> QuerySet[Any]:
    """The report's comments in the order they were made, with their block's section."""
    rows = report.comments.select_related("author", "resolved_by", "block__section").order_by("created_at", "id")
    return rows.filter(resolved_at__isnull=True) if open_only else rows


def history(report: Report) -> QuerySet[Any]:
    return report.events.select_related("actor").order_by("-at", "-id")


def versions(report: Report) -> list[Report]:
    """Every version of the report, the first first (following `previous`)."""
    chain = [report]
    while chain[0].previous_id is not None:
        chain.insert(0, Report.objects.get(pk=chain[0].previous_id))
    following = Report.objects.filter(previous=report).order_by("version").first()
    while following is not None:
        chain.append(following)
        following = Report.objects.filter(previous=following).order_by("version").first()
    return chain


__all__ = ["ReportStatus", "document", "live_figures", "report_list"]
