"""The report page's sheet: the document as it prints (`selectors.document`), with each printed paragraph or table
kept with the block it comes from, so the page can put a block's tools (edit in place, history, comments) under it,
and each figure chip and footnote mark can find its annex line and its number.

The printed words are the selectors' own (their builder prints each block); nothing here formats a figure.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from lienhiep.reporting import document as doc
from lienhiep.reporting import registry, selectors
from lienhiep.reporting.models import Block, BlockKind, Report


@dataclass(frozen=True)
class SheetRun(doc.Run):
    """A printed run (`document.Run`); a figure's carries its annex line's label too, a footnote mark its number."""

    label: str = ""
    overridden: bool = False
    note_number: int = 0


@dataclass(frozen=True)
class SheetParagraph:
    runs: tuple[SheetRun, ...]
    bullet: str = ""


@dataclass
class SheetBlock:
    pk: int
    kind: str
    items: list[SheetParagraph | doc.Paragraph | doc.Table]
    editable: bool = False
    revisions: int = 0
    open_comments: int = 0
    # Its figures may come from a campaign (an editor's tool), and do (the campaign's id).
    sourced: bool = False
    campaign: int | None = None


@dataclass
class SheetSection:
    key: str
    level: int
    number: str
    title: str
    blocks: list[SheetBlock] = field(default_factory=list)
    sections: list[SheetSection] = field(default_factory=list)


@dataclass
class Sheet:
    head: doc.Document  # the head and the signature (its sections are the body below)
    sections: list[SheetSection]
    # Annex lines by the reference a chip carries (`Run.figure`), and footnotes numbered in order of their keys.
    lines: dict[str, doc.FigureLine]
    notes: dict[str, int]
    footnotes: list[tuple[str, tuple[SheetRun, ...]]]
    problems: list[str]

    def block(self, pk: int) -> SheetBlock | None:
        def find(sections: list[SheetSection]) -> SheetBlock | None:
            for section in sections:
                for block in section.blocks:
                    if block.pk == pk:
                        return block
                found = find(section.sections)
                if found is not None:
                    return found
            return None

        return find(self.sections)


def sheet(report: Report, *, user: Any = None, editable: bool = False) -> Sheet:
    """The sheet of `report` for `user`; `editable`: text blocks get the edit tool (the view decides who may).

    The body is `selectors.section_tree`, the walk `selectors.document` prints too, each block printed by the
    selectors' builder, keeping each block's id."""
    with registry.figures_only():
        return _sheet(report, user=user, editable=editable)


def _sheet(report: Report, *, user: Any, editable: bool) -> Sheet:
    walked = selectors.section_tree(report)
    limits = selectors.list_limits(report, walked)
    builder = selectors._Builder(report, selectors.Figures(report, user=user, limits=limits))
    counts: dict[int, tuple[int, int]] = {
        pk: (revisions, comments)
        for pk, revisions, comments in Block.objects.filter(section__report=report)
        .annotate(
            n_revisions=Count("revisions", distinct=True),
            n_open=Count("comments", filter=Q(comments__resolved_at__isnull=True), distinct=True),
        )
        .values_list("pk", "n_revisions", "n_open")
    }

    def build(walked: list[selectors.Walked]) -> list[SheetSection]:
        out = []
        for item in walked:
            blocks = []
            for block in item.blocks:
                items = builder.block(item.section, block)
                if not items:
                    continue
                revisions, comments = counts.get(block.pk, (0, 0))
                blocks.append(
                    SheetBlock(
                        pk=block.pk,
                        kind=block.kind,
                        items=[*items],
                        editable=editable and block.kind == BlockKind.TEXT,
                        revisions=revisions,
                        open_comments=comments,
                        sourced=editable
                        and block.kind in (BlockKind.TEXT, BlockKind.LIST)
                        and any(True for _token in selectors.block_tokens(block)),
                        campaign=selectors.campaign_of(block.content or {})[0],
                    )
                )
            out.append(
                SheetSection(
                    key=item.section.key,
                    level=item.section.level,
                    number=item.number,
                    title=item.section.title,
                    blocks=blocks,
                    sections=build(item.sections),
                )
            )
        return out

    body = build(walked)
    notes = {key: number for number, key in enumerate(builder.footnotes, start=1)}
    lines = dict(builder.lines)

    def runs(printed: tuple[doc.Run, ...]) -> tuple[SheetRun, ...]:
        out = []
        for run in printed:
            line = lines.get(run.figure) if run.figure else None
            out.append(
                SheetRun(
                    **asdict(run), label=line.label if line else "",
                    overridden=line is not None and line.override is not None, note_number=notes.get(run.note, 0),
                )
            )  # fmt: skip
        return tuple(out)

    def convert(sections: list[SheetSection]) -> None:
        for section in sections:
            for block in section.blocks:
                block.items = [
                    SheetParagraph(runs(item.runs), item.bullet) if isinstance(item, doc.Paragraph) else item
                    for item in block.items
                ]
            convert(section.sections)

    convert(body)
    return Sheet(
        head=selectors.document_head(report, sections=()),  # the body is the sheet's own
        sections=body,
        lines=lines,
        notes=notes,
        footnotes=[(key, runs(printed)) for key, printed in builder.footnotes.items()],
        problems=list(dict.fromkeys(builder.problems)),
    )


def printed_tokens(built: Sheet, block_pk: int) -> dict[int, tuple[str, str]]:
    """A text block's tokens as they print, numbered from 1 in order (figures and footnote marks alike, as the
    text box's [[n]] markers number them): {n: (printed, label)}."""
    info = built.block(block_pk)
    if info is None or not info.items or not isinstance(info.items[0], SheetParagraph):
        return {}
    out: dict[int, tuple[str, str]] = {}
    n = 0
    for run in info.items[0].runs:
        if run.figure:
            n += 1
            out[n] = (run.text, run.label)
        elif run.note:
            n += 1
            out[n] = (_("note %(n)s") % {"n": run.note_number}, _("Footnote mark"))
    return out


def editor_runs(original: list[dict[str, Any]], printed: dict[int, tuple[str, str]]) -> list[dict[str, Any]]:
    """What the in-place editor starts from: text runs with their bold and italic, tokens by number with what they
    print (static/reporting/report.js)."""
    out: list[dict[str, Any]] = []
    n = 0
    for run in original:
        if "t" in run:
            out.append({"t": str(run["t"]), "b": bool(run.get("b")), "i": bool(run.get("i"))})
        else:
            n += 1
            text, label = printed.get(n, ("…", ""))
            out.append({"tok": n, "text": text, "label": label})
    return out


def figure_line(report: Report, ref: str, *, user: Any = None) -> tuple[doc.FigureLine, selectors.Token | None] | None:
    """The annex line a chip names (`Run.figure`: a token's reference, or a figure entered by hand) and, for a
    figure counted from records, its token; computed alone, printed with the format of its first token."""
    # A list is read up to the rows it prints, as on the sheet.
    builder = selectors._Builder(report, selectors.Figures(report, user=user, limits=selectors.list_limits(report)))
    for section, block in selectors.included_blocks(report):
        content = block.content or {}
        if block.kind == BlockKind.CONTEXT and ref == f"context#{block.pk}":
            builder.block(section, block)
            return builder.lines[ref], None
        runs = content.get("runs", []) if block.kind in (BlockKind.TEXT, BlockKind.FOOTNOTE) else [content]
        for run in runs:
            if isinstance(run, dict) and run.get("fig"):
                token = selectors.Token.of(run, source=content)
                if token.ref == ref:
                    if block.kind in (BlockKind.TEXT, BlockKind.FOOTNOTE):
                        builder.printed(token, run.get("fmt"), section.key)
                    else:
                        builder.rows(content, section.key)
                    return builder.lines[ref], token
    return None
