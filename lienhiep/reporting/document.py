"""A report as it prints: the plain shape the Word and Excel writers read (`reporting.output`).

`reporting.services` / `selectors` turn a `Report` (its sections, blocks and figure values) into a
`Document`; the writers never touch the database, so a frozen report renders the same bytes every time.
Text is NFC; figures are already formatted (`reporting.formats`); nothing here is escaped for XML.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal, Protocol

Style = Literal["administrative", "congress"]


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    # A figure token: the key of the `Document.figures` entry it prints (for the annex and the web view).
    figure: str = ""
    # A footnote reference: the key of the `Document.footnotes` entry; `text` is then empty.
    note: str = ""


@dataclass(frozen=True)
class Paragraph:
    runs: tuple[Run, ...]
    # "" body text; "-" or "+" a bullet as the seeds write it (a literal dash and a hanging indent).
    bullet: str = ""


@dataclass(frozen=True)
class Column:
    label: str
    align: Literal["left", "right", "center"] = "left"


@dataclass(frozen=True)
class Table:
    columns: tuple[Column, ...]
    rows: tuple[tuple[str, ...], ...]
    totals: tuple[str, ...] | None = None

    @property
    def aligned_rows(self) -> list[list[tuple[str, str]]]:
        """Each row's cells with their column's alignment: the page aligns them as the Word file does."""
        aligns = [column.align for column in self.columns]
        return [list(zip(row, aligns, strict=False)) for row in self.rows]

    @property
    def aligned_totals(self) -> list[tuple[str, str]]:
        return list(zip(self.totals or (), [column.align for column in self.columns], strict=False))


Block = Paragraph | Table


@dataclass(frozen=True)
class Section:
    # 0 part ("Phần thứ nhất"), 1 "I.", 2 "1.", 3 "1.1."; `number` is printed as given ("I.", "2.1.", "").
    level: int
    number: str
    title: str
    blocks: tuple[Block, ...] = ()
    sections: tuple[Section, ...] = ()


@dataclass(frozen=True)
class FigureLine:
    """One figure of the annex: what printed, from what, and how it was counted."""

    key: str
    section: str
    label: str
    value: object
    printed: str
    unit: str
    source: Literal["records", "submissions", "manual", "opening"]
    params: dict[str, object]
    start: dt.date
    end: dt.date
    as_of: dt.date
    computed_at: dt.datetime | None
    basis: str = ""
    override: object = None
    override_reason: str = ""
    override_by: str = ""
    estimate: bool = False
    # Drill-down rows for the annex's own sheet (column name -> value): a list's rows, when read whole.
    records: tuple[dict[str, object], ...] = ()
    # A list read up to its printed rows: how many it has in all (None: `value` is the whole list).
    rows_total: int | None = None


@dataclass(frozen=True)
class Document:
    style: Style
    # The head (ND 30/2020, Phụ lục I).
    superior_line: str
    issuer_line: str
    number_line: str  # "Số: 05/BC-LHH", or "" (congress style, or not issued yet)
    place: str
    date: dt.date | None  # the issue date; None prints "…, ngày … tháng … năm …"
    doc_type: str  # "BÁO CÁO"
    summary: str  # trích yếu, lines separated by "\n"
    draft_mark: bool  # "DỰ THẢO" (congress style)
    # The body.
    sections: tuple[Section, ...]
    footnotes: dict[str, tuple[Run, ...]] = field(default_factory=dict)
    # The end: administrative "TM. BAN CHẤP HÀNH" / "CHỦ TỊCH" / name; congress the collective author.
    authority: str = ""
    signer_title: str = ""
    signer_name: str = ""
    collective_author: str = ""
    recipients: tuple[str, ...] = ()
    # Part titles "Phần thứ nhất" (ordinal words, as the seeds) or "Phần I" (ND 30).
    part_words: bool = True
    # For the annex and the file's metadata.
    title: str = ""
    figures: tuple[FigureLine, ...] = ()
    issued_at: dt.datetime | None = None
    # What could not print as the template asked (a wording that does not fit its value, a figure that could not
    # be computed): shown to the author as a list, never a crash; the document prints the plain value instead.
    problems: tuple[str, ...] = ()


def symbol(kind: str, abbreviation: str) -> str:
    """ "BC-LHH", "QĐ-LHH": a document's kind and its unit's abbreviation (ND 30/2020); the kind alone where the unit
    has none."""
    abbreviation = abbreviation.strip()
    return f"{kind}-{abbreviation}" if abbreviation else kind


def number_line(seq: int | None, symbol: str) -> str:
    """ "Số: 05/BC-LHH" (below ten zero-padded, ND 30/2020), or "" for a document not numbered."""
    if seq is None:
        return ""
    return f"Số: {seq:02d}/{symbol}" if symbol else f"Số: {seq:02d}"


class Issued(Protocol):
    """What an issued document other than a report says of its issue and its signature: a dossier's opinion, a
    contest's results decision (`reporting.models.IssuedDocument`, or the plain data a document is built from)."""

    @property
    def number_line(self) -> str: ...
    @property
    def issued_on(self) -> dt.date | None: ...
    @property
    def authority(self) -> str: ...
    @property
    def signer_title(self) -> str: ...
    @property
    def signer_name(self) -> str: ...


def administrative(
    issued: Issued,
    *,
    doc_type: str,
    summary: str,
    issuer: str,
    superior: str,
    place: str,
    sections: tuple[Section, ...],
    recipients: tuple[str, ...],
    problems: tuple[str, ...] = (),
) -> Document:
    """An administrative document a unit issues besides its reports (ND 30/2020, Phụ lục I), as the Word writer
    prints it: the unit and its superior in capitals in the head, its number and date once `issued`, never a draft
    mark, the signature `issued` names; titled by its kind and summary on one line."""
    return Document(
        style="administrative",
        superior_line=superior.upper(),
        issuer_line=issuer.upper(),
        number_line=issued.number_line,
        place=place,
        date=issued.issued_on,
        doc_type=doc_type,
        summary=summary,
        draft_mark=False,
        sections=sections,
        authority=issued.authority,
        signer_title=issued.signer_title,
        signer_name=issued.signer_name,
        recipients=recipients,
        title=" ".join([doc_type, *summary.split()]),
        problems=problems,
    )
