"""A draft (Word or PDF) split into the parts experts comment on: the tree of a Vietnamese legal or planning text
("Phần thứ nhất", "Chương I", "Mục 1", "Điều 1. Phạm vi điều chỉnh", clauses "1.", points "a)", and the "I.",
"1.1." headings of a plan or programme), each part with its number, heading and text, in the order of the file.

Word files are read from their XML directly (lxml over `word/document.xml`), not through python-docx's objects: a
300-page draft has ~10,000 paragraphs and python-docx's style look-up per paragraph alone takes seconds. Heading
styles ("Heading 1", "Tiêu đề 2") and Word's automatic numbering (a numbered list whose numbers are not in the
text) make parts too. PDF files are read from their text layer by pdftotext (poppler-utils, a system package):
lines are joined into paragraphs, a structural line starts a new one, page numbers are dropped. A scanned PDF
without a text layer gives no parts; the caller says so.

Pure functions, no model: the service (`services.draft_split`) stores the parts and reports progress.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess  # noqa: S404 - pdftotext reads the file we give it; its arguments are ours
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from lienhiep.core.text import nfc

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PDF_TIMEOUT = 60  # seconds

# Kinds, from the widest to the narrowest; a part's parent is the nearest earlier part of a smaller rank.
PART, CHAPTER, SECTION, ARTICLE, CLAUSE, SUBCLAUSE, POINT, PARAGRAPH = (
    "part",
    "chapter",
    "section",
    "article",
    "clause",
    "subclause",
    "point",
    "paragraph",
)
RANK = {PART: 1, CHAPTER: 2, SECTION: 3, ARTICLE: 4, CLAUSE: 5, SUBCLAUSE: 6, POINT: 7, PARAGRAPH: 8}

ROMAN = r"[IVXLC]+"
POINT_LETTERS = "abcdđeghiklmnopqrstuvxy"
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (PART, re.compile(rf"^(Phần(?: thứ)? (?:{ROMAN}|\d+|[^\s.:]+))\b[.:]?\s*(.*)$", re.IGNORECASE)),
    (CHAPTER, re.compile(rf"^(Chương (?:{ROMAN}|\d+))\b[.:]?\s*(.*)$", re.IGNORECASE)),
    (SECTION, re.compile(r"^(Mục \d+)\b[.:]?\s*(.*)$", re.IGNORECASE)),
    (ARTICLE, re.compile(r"^(Điều \d+[a-z]?)\s*[.:]?\s*(.*)$")),
    (SECTION, re.compile(rf"^({ROMAN})\.\s+(.*)$")),
    (SUBCLAUSE, re.compile(r"^(\d+\.\d+(?:\.\d+)*)\.?\s+(.*)$")),
    (CLAUSE, re.compile(r"^(\d+)\.\s+(.*)$")),
    (POINT, re.compile(rf"^([{POINT_LETTERS}])\)\s+(.*)$")),
)
# Kinds whose title often stands on the next line ("Chương I" / "NHỮNG QUY ĐỊNH CHUNG").
_TITLED_BELOW = frozenset({PART, CHAPTER, SECTION})
# Kinds whose first line is a heading ("Điều 1. Phạm vi điều chỉnh") rather than the start of a text.
_HEADED = frozenset({PART, CHAPTER, SECTION, ARTICLE})
_PAGE_NUMBER = re.compile(r"^(?:Trang\s+)?\d{1,4}(?:\s*/\s*\d{1,4})?$", re.IGNORECASE)
_SENTENCE_END = (".", ";", ":", "!", "?", "”", '"', ")")
_SPACES = re.compile(r"\s+")
_HEADING_STYLE = re.compile(r"(?:heading|tiêu đề|title)\s*(\d)", re.IGNORECASE)


class SplitFailed(ValueError):
    pass


@dataclass
class Part:
    kind: str
    number: str  # "Chương I", "Điều 3", "2", "a", "¶4"
    heading: str
    text: str
    depth: int  # 0 at the top of the tree
    parent: int | None  # index in the list of the part it belongs to
    cite: str = ""  # how a legal text cites it: "điểm a khoản 2 Điều 3", "Chương I", "đoạn 4"


Progress = Callable[[int, int], None]  # (paragraphs done, paragraphs in all)


def classify(line: str) -> tuple[str, str, str] | None:
    """(kind, number, rest) of a line that starts a part, or None for a plain line."""
    for kind, pattern in _PATTERNS:
        match = pattern.match(line)
        if match:
            return kind, match.group(1), match.group(2).strip()
    return None


class _Builder:
    """Turns paragraphs, in order, into the flat list of parts with each one's parent."""

    def __init__(self) -> None:
        self.parts: list[Part] = []
        self.stack: list[int] = []  # indexes of the open parts, widest first
        self.awaiting_title: int | None = None
        self.loose = 0  # paragraphs outside any part, numbered ¶1, ¶2…
        self.ranks: list[int] = []  # each part's rank, by index

    def _open(self, kind: str, number: str, heading: str, text: str, rank: int | None = None) -> None:
        rank = rank if rank is not None else RANK[kind]
        while self.stack and self._rank(self.stack[-1]) >= rank:
            self.stack.pop()
        parent = self.stack[-1] if self.stack else None
        cite = _cite(kind, number, heading)
        above = self.parts[parent] if parent is not None else None
        if above is not None and kind == CLAUSE and above.kind == SECTION and above.number:
            cite = f"mục {above.number}.{number}"  # "1." under "II." of a plan: mục II.1
        elif above is not None and rank > RANK[ARTICLE] and kind != PARAGRAPH:
            cite = f"{cite} {above.cite}"
        self.parts.append(Part(kind, number, heading, text, len(self.stack), parent, cite))
        self.ranks.append(rank)
        self.stack.append(len(self.parts) - 1)

    def _rank(self, index: int) -> int:
        return self.ranks[index]

    def add(self, text: str, *, heading_level: int | None = None, list_level: int | None = None) -> None:
        text = _SPACES.sub(" ", nfc(text)).strip()
        if not text:
            return
        if self.awaiting_title is not None:
            waiting = self.parts[self.awaiting_title]
            self.awaiting_title = None
            if classify(text) is None:
                waiting.heading = text
                return
        found = classify(text)
        if found is not None:
            kind, number, rest = found
            number = number.rstrip(".")
            if kind in _HEADED:
                self._open(kind, _label(kind, number), rest, "")
                if kind in _TITLED_BELOW and not rest:
                    self.awaiting_title = len(self.parts) - 1
            else:
                self._open(kind, number, "", rest)
            return
        if heading_level is not None:
            # A heading style without a number: a section of its own, as deep as the style says.
            self._open(SECTION, "", text, "", rank=min(RANK[SECTION] + heading_level - 1, RANK[POINT]))
            return
        if list_level is not None:
            kind = CLAUSE if list_level == 0 else POINT
            count = sum(1 for i in self._siblings(RANK[kind]) if self.parts[i].kind == kind) + 1
            number = str(count) if kind == CLAUSE else POINT_LETTERS[(count - 1) % len(POINT_LETTERS)]
            self._open(kind, number, "", text)
            return
        if self.stack:
            current = self.parts[self.stack[-1]]
            current.text = f"{current.text}\n{text}" if current.text else text
            return
        self.loose += 1
        self._open(PARAGRAPH, f"¶{self.loose}", "", text)
        self.stack.pop()  # a loose paragraph holds nothing

    def _siblings(self, rank: int) -> Iterator[int]:
        """Indexes of the parts under the nearest open part wider than `rank`."""
        opened = [i for i in self.stack if self._rank(i) < rank]
        parent = opened[-1] if opened else None
        start = parent + 1 if parent is not None else 0
        for i in range(start, len(self.parts)):
            if self.parts[i].parent == parent:
                yield i


def _cite(kind: str, number: str, heading: str) -> str:
    if kind == CLAUSE:
        return f"khoản {number}"
    if kind == POINT:
        return f"điểm {number}"
    if kind == PARAGRAPH:
        return f"đoạn {number.lstrip('¶')}"
    return number or heading[:80]


def _label(kind: str, number: str) -> str:
    if kind == SECTION and not number.lower().startswith("mục"):
        return number  # "II" of a plan
    # "CHƯƠNG I" → "Chương I": the label as the law writes it, whatever the case in the file.
    head, _space, tail = number.partition(" ")
    return f"{head[:1].upper()}{head[1:].lower()} {tail}".strip()


def build(paragraphs: Iterable[tuple[str, int | None, int | None]]) -> list[Part]:
    """Parts from (text, heading level or None, list level or None) in order."""
    builder = _Builder()
    for text, heading_level, list_level in paragraphs:
        builder.add(text, heading_level=heading_level, list_level=list_level)
    return builder.parts


# --- Word -----------------------------------------------------------------------------------------


def _styles(archive: zipfile.ZipFile) -> tuple[dict[str, int], dict[str, int]]:
    """styleId → heading level (1…) of the file's heading styles, by name or outline level; and styleId → list
    level of the styles that number their paragraphs ("List Number")."""
    try:
        root = etree.fromstring(archive.read("word/styles.xml"))  # noqa: S320 - a checked upload, no DTD loading
    except KeyError:
        return {}, {}
    levels: dict[str, int] = {}
    listed: dict[str, int] = {}
    for style in root.iter(f"{W}style"):
        style_id = style.get(f"{W}styleId") or ""
        name = style.find(f"{W}name")
        match = _HEADING_STYLE.search(name.get(f"{W}val", "") if name is not None else "")
        outline = style.find(f"{W}pPr/{W}outlineLvl")
        if match:
            levels[style_id] = int(match.group(1))
        elif outline is not None and (outline.get(f"{W}val") or "9").isdigit() and int(outline.get(f"{W}val")) < 9:
            levels[style_id] = int(outline.get(f"{W}val")) + 1
        numbering = style.find(f"{W}pPr/{W}numPr")
        if numbering is not None:
            ilvl = numbering.find(f"{W}ilvl")
            listed[style_id] = int(ilvl.get(f"{W}val", "0")) if ilvl is not None else 0
    return levels, listed


def _paragraph_text(paragraph: etree._Element) -> str:
    pieces: list[str] = []
    for node in paragraph.iter(f"{W}t", f"{W}tab", f"{W}br"):
        if node.tag == f"{W}t":
            pieces.append(node.text or "")
        else:
            pieces.append(" ")
    return "".join(pieces)


def docx_paragraphs(data: bytes, progress: Progress | None = None) -> Iterator[tuple[str, int | None, int | None]]:
    """(text, heading level, list level) of each paragraph of a Word file's body, tables' rows as one paragraph."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        document = archive.read("word/document.xml")
    except (zipfile.BadZipFile, KeyError) as error:
        raise SplitFailed("not a Word file") from error
    headings, listed_styles = _styles(archive)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    body = etree.fromstring(document, parser).find(f"{W}body")  # noqa: S320
    if body is None:
        return
    children = list(body)
    total = len(children)
    for done, child in enumerate(children, start=1):
        if child.tag == f"{W}p":
            style = child.find(f"{W}pPr/{W}pStyle")
            style_id = style.get(f"{W}val", "") if style is not None else ""
            level = headings.get(style_id)
            numbering = child.find(f"{W}pPr/{W}numPr")
            if numbering is not None:
                ilvl = numbering.find(f"{W}ilvl")
                list_level: int | None = int(ilvl.get(f"{W}val", "0")) if ilvl is not None else 0
            else:
                list_level = listed_styles.get(style_id)
            yield _paragraph_text(child), level, None if level is not None else list_level
        elif child.tag == f"{W}tbl":
            for row in child.iter(f"{W}tr"):
                cells = [" ".join(_paragraph_text(p) for p in cell.iter(f"{W}p")) for cell in row.iter(f"{W}tc")]
                yield " | ".join(c.strip() for c in cells if c.strip()), None, None
        if progress is not None and (done % 500 == 0 or done == total):
            progress(done, total)


def split_docx(data: bytes, progress: Progress | None = None) -> list[Part]:
    return build(docx_paragraphs(data, progress))


# --- PDF ------------------------------------------------------------------------------------------


def pdf_text(data: bytes, *, timeout: float = PDF_TIMEOUT) -> str:
    """The text layer of a PDF, by pdftotext; raises SplitFailed when it is missing, fails or runs too long."""
    program = shutil.which("pdftotext")
    if program is None:
        raise SplitFailed("pdftotext is not installed")
    with tempfile.TemporaryDirectory(prefix="lh-split-") as work:
        source = Path(work) / "draft.pdf"
        source.write_bytes(data)
        try:
            result = subprocess.run(  # noqa: S603
                [program, "-enc", "UTF-8", "-nopgbrk", str(source), "-"],
                capture_output=True,
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired as error:
            raise SplitFailed(f"pdftotext ran past {timeout:g} s") from error
    if result.returncode != 0:
        raise SplitFailed(f"pdftotext failed ({result.returncode}): {result.stderr.decode(errors='replace')[:300]}")
    return result.stdout.decode("utf-8", errors="replace")


def pdf_paragraphs(text: str) -> Iterator[tuple[str, int | None, int | None]]:
    """Paragraphs of a PDF's text: its lines joined until a blank line or a line that starts a part. A heading
    ("Điều 1. Phạm vi điều chỉnh"; "Chương I" and its title line) is a paragraph of its own: the text below it
    is not part of its heading."""
    current: list[str] = []
    for raw in text.replace("\f", "\n").splitlines():
        line = raw.strip()
        if not line or _PAGE_NUMBER.match(line):
            # A blank line ends a paragraph, unless it falls mid-sentence: a page break inside a paragraph.
            if not line and current and current[-1].endswith(_SENTENCE_END):
                yield " ".join(current), None, None
                current = []
            continue
        found = classify(line)
        if found is not None and current:
            yield " ".join(current), None, None
            current = []
        current.append(line)
        first = classify(current[0])
        if first is not None and first[0] in _HEADED and (first[2] or len(current) == 2):
            yield " ".join(current), None, None
            current = []
    if current:
        yield " ".join(current), None, None


def split_pdf(data: bytes, progress: Progress | None = None) -> list[Part]:
    text = pdf_text(data)
    parts = build(pdf_paragraphs(text))
    if progress is not None:
        progress(1, 1)
    return parts


def split(data: bytes, progress: Progress | None = None) -> list[Part]:
    """The parts of a Word or PDF draft (by its content, not its name)."""
    if data.startswith(b"%PDF-"):
        return split_pdf(data, progress)
    return split_docx(data, progress)
