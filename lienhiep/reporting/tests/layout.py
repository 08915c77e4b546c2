"""The layout check of every generated report (REPORTING.md §5.9, test F 37–43), for the tests of every owner:

    from lienhiep.reporting.tests.layout import problems
    assert problems(render_docx(document), style="administrative") == []

It reads the .docx itself (lxml over the package's parts; formatting resolved as Word does: direct formatting,
then the run's character style, the paragraph's style, a table's style, the document defaults, each style with
its `basedOn` chain) and returns what breaks ND 30/2020 in words, one line each; an empty list when nothing does.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
FOOTNOTES_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
FONT = "Times New Roman"
SLOTS = ("ascii", "hAnsi", "cs", "eastAsia")
THEME_SLOTS = {"ascii": "asciiTheme", "hAnsi": "hAnsiTheme", "cs": "cstheme", "eastAsia": "eastAsiaTheme"}
TWIPS_PER_MM = 1440 / 25.4
BODY_STYLES = ("LH Nội dung", "LH Gạch đầu dòng")
MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
DATE_LINE = re.compile(r"^[^,]+, ngày \d{2} tháng \d{2} năm \d{4}$")
# A report or an opinion (BC), a decision (QĐ: contests' results).
NUMBER_LINE = re.compile(r"^Số: \d{2,}/(BC|QĐ)-[A-ZĐ]+")
# Before issue: the number and the date left for the office to fill in (`reporting.output` prints them so).
BLANK_DATE_LINE = re.compile(r"^[^,]+, ngày … tháng … năm …$")
BLANK_NUMBER_LINE = re.compile(r"^Số:\s+/")
END_MARK = "./."
# ND 30/2020 (REPORTING.md §5.7): (lowest, highest) in mm.
MARGINS = {"top": (20, 25), "bottom": (20, 25), "left": (30, 35), "right": (15, 20)}


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _on(element: Any | None) -> bool | None:
    """A toggle property (w:b, w:i): None when absent, else its value (absent w:val is on)."""
    if element is None:
        return None
    return element.get(w("val"), "true") not in {"0", "false", "off"}


@dataclass
class _Styles:
    by_id: dict[str, Any]
    default_paragraph: str | None
    defaults_rpr: Any | None
    defaults_ppr: Any | None

    @classmethod
    def read(cls, xml: bytes | None) -> _Styles:
        if xml is None:
            return cls({}, None, None, None)
        root = etree.fromstring(xml)
        by_id = {style.get(w("styleId")): style for style in root.iter(w("style"))}
        default = next(
            (
                style.get(w("styleId"))
                for style in root.iter(w("style"))
                if style.get(w("type")) == "paragraph" and style.get(w("default")) in {"1", "true"}
            ),
            None,
        )
        defaults = root.find(w("docDefaults"))
        rpr = defaults.find(f"{w('rPrDefault')}/{w('rPr')}") if defaults is not None else None
        ppr = defaults.find(f"{w('pPrDefault')}/{w('pPr')}") if defaults is not None else None
        return cls(by_id, default, rpr, ppr)

    def chain(self, style_id: str | None) -> Iterator[Any]:
        seen: set[str] = set()
        while style_id and style_id in self.by_id and style_id not in seen:
            seen.add(style_id)
            style = self.by_id[style_id]
            yield style
            based = style.find(w("basedOn"))
            style_id = based.get(w("val")) if based is not None else None

    def name(self, style_id: str | None) -> str:
        style = self.by_id.get(style_id or "")
        found = style.find(w("name")) if style is not None else None
        return found.get(w("val")) if found is not None else (style_id or "")


class _Resolver:
    """Effective run and paragraph properties, in Word's order of precedence."""

    def __init__(self, styles: _Styles) -> None:
        self.styles = styles

    def paragraph_style(self, paragraph: Any) -> str | None:
        ppr = paragraph.find(w("pPr"))
        style = ppr.find(w("pStyle")) if ppr is not None else None
        return style.get(w("val")) if style is not None else self.styles.default_paragraph

    def _table_style(self, element: Any) -> str | None:
        table = next((ancestor for ancestor in element.iterancestors(w("tbl"))), None)
        if table is None:
            return None
        found = table.find(f"{w('tblPr')}/{w('tblStyle')}")
        return found.get(w("val")) if found is not None else None

    def run_levels(self, run: Any) -> Iterator[Any]:
        """The rPr elements that bear on `run`, nearest first."""
        rpr = run.find(w("rPr"))
        if rpr is not None:
            yield rpr
            run_style = rpr.find(w("rStyle"))
            if run_style is not None:
                yield from self._style_rprs(run_style.get(w("val")))
        paragraph = next(run.iterancestors(w("p")), None)
        if paragraph is not None:
            yield from self._style_rprs(self.paragraph_style(paragraph))
        yield from self._style_rprs(self._table_style(run))
        if self.styles.defaults_rpr is not None:
            yield self.styles.defaults_rpr

    def _style_rprs(self, style_id: str | None) -> Iterator[Any]:
        for style in self.styles.chain(style_id):
            rpr = style.find(w("rPr"))
            if rpr is not None:
                yield rpr

    def font(self, run: Any, slot: str) -> str:
        for rpr in self.run_levels(run):
            fonts = rpr.find(w("rFonts"))
            if fonts is None:
                continue
            theme = fonts.get(w(THEME_SLOTS[slot]))
            if theme:
                return f"theme {theme}"
            value = fonts.get(w(slot))
            if value:
                return str(value)
        return "(none)"

    def toggle(self, run: Any, tag: str) -> bool:
        for rpr in self.run_levels(run):
            value = _on(rpr.find(w(tag)))
            if value is not None:
                return value
        return False

    def size(self, run: Any) -> float | None:
        for rpr in self.run_levels(run):
            found = rpr.find(w("sz"))
            if found is not None:
                return int(found.get(w("val"))) / 2
        return None

    def paragraph_levels(self, paragraph: Any) -> Iterator[Any]:
        ppr = paragraph.find(w("pPr"))
        if ppr is not None:
            yield ppr
        for style in self.styles.chain(self.paragraph_style(paragraph)):
            found = style.find(w("pPr"))
            if found is not None:
                yield found
        if self.styles.defaults_ppr is not None:
            yield self.styles.defaults_ppr

    def paragraph_attribute(self, paragraph: Any, tag: str, attribute: str) -> str | None:
        for ppr in self.paragraph_levels(paragraph):
            found = ppr.find(w(tag))
            if found is not None and found.get(w(attribute)) is not None:
                return str(found.get(w(attribute)))
        return None


def _text(paragraph: Any) -> str:
    return "".join(text.text or "" for text in paragraph.iter(w("t")))


def _text_runs(paragraph: Any) -> list[Any]:
    return [run for run in paragraph.iter(w("r")) if any((text.text or "").strip() for text in run.iter(w("t")))]


def _mm(twips: str | None) -> float:
    return int(twips or 0) / TWIPS_PER_MM


def problems(docx: bytes, *, style: str, issued: bool = True) -> list[str]:
    """What in `docx` breaks ND 30/2020 as REPORTING.md §5.9 F 37–43 checks it; [] when nothing does.
    `style`: "administrative" (the full head, "Số:", Nơi nhận) or "congress" (neither "Số:" nor Nơi nhận).
    `issued=False` (a draft, administrative style): the number and the date may still be blanks."""
    try:
        with zipfile.ZipFile(io.BytesIO(docx)) as archive:
            parts = {name: archive.read(name) for name in archive.namelist()}
    except zipfile.BadZipFile:
        return ["not a .docx (zip) file"]
    found: list[str] = []
    xml: dict[str, Any] = {}
    for name, data in parts.items():
        if name.endswith((".xml", ".rels")):
            try:
                xml[name] = etree.fromstring(data)
            except etree.XMLSyntaxError as error:  # an unescaped "&" ends here (F 41)
                found.append(f"{name} is not well-formed XML: {error}")
    if "word/document.xml" not in xml:
        return [*found, "word/document.xml is missing or broken"]
    styles = _Styles.read(parts.get("word/styles.xml"))
    resolver = _Resolver(styles)
    document = xml["word/document.xml"]
    body = document.find(w("body"))
    found += _page(body)
    story = [document] + [xml[name] for name in sorted(xml) if re.match(r"word/(header|footer)\d*\.xml$", name)]
    if "word/footnotes.xml" in xml:
        story.append(xml["word/footnotes.xml"])
    found += _fonts(story, resolver)
    found += _body(body, resolver, styles)
    found += _leftovers(story)
    found += _end_mark(body)
    found += _page_numbers(body, xml, parts)
    found += _footnotes(document, xml, parts)
    if style == "administrative":
        found += _administrative(body, resolver, issued=issued)
    else:
        found += _congress(body)
    return found


def _page(body: Any) -> list[str]:
    found = []
    sections = list(body.iter(w("sectPr")))
    if not sections:
        return ["no section properties (page size and margins)"]
    for number, section in enumerate(sections, start=1):
        size = section.find(w("pgSz"))
        width, height = (
            _mm(size.get(w("w")) if size is not None else None),
            _mm(size.get(w("h")) if size is not None else None),
        )
        if abs(width - 210) > 0.5 or abs(height - 297) > 0.5:
            found.append(f"section {number}: page {width:.1f} × {height:.1f} mm, not A4 210 × 297 mm")
        margins = section.find(w("pgMar"))
        for side, (low, high) in MARGINS.items():
            value = _mm(margins.get(w(side)) if margins is not None else None)
            if not low - 0.05 <= value <= high + 0.05:
                found.append(f"section {number}: {side} margin {value:.1f} mm, not within {low}–{high} mm")
    return found


def _fonts(story: list[Any], resolver: _Resolver) -> list[str]:
    wrong: dict[tuple[str, str], str] = {}
    for root in story:
        for run in root.iter(w("r")):
            text = "".join(element.text or "" for element in run.iter(w("t")))
            if not text.strip():
                continue
            for slot in SLOTS:
                font = resolver.font(run, slot)
                if font != FONT:
                    wrong.setdefault((slot, font), text.strip()[:40])
    return [f"font {font!r} in the {slot} slot (e.g. “{text}”)" for (slot, font), text in sorted(wrong.items())]


def _body(body: Any, resolver: _Resolver, styles: _Styles) -> list[str]:
    found: list[str] = []
    paragraphs = [
        paragraph
        for paragraph in body.iter(w("p"))
        if styles.name(resolver.paragraph_style(paragraph)) in BODY_STYLES and _text(paragraph).strip()
    ]
    if not paragraphs:
        return [f"no body paragraph (styles {', '.join(BODY_STYLES)})"]
    seen: set[str] = set()

    def once(problem: str) -> None:
        """Each kind of problem once, with the first paragraph that shows it."""
        kind = problem.split(" (e.g.")[0]
        if kind not in seen:
            seen.add(kind)
            found.append(problem)

    for paragraph in paragraphs:
        sample = _text(paragraph).strip()[:40].rstrip()
        for run in _text_runs(paragraph):
            size = resolver.size(run)
            if size is None or not 13 <= size <= 14:
                once(f"body text {size} pt, not 13–14 pt (e.g. “{sample}”)")
        alignment = resolver.paragraph_attribute(paragraph, "jc", "val")
        if alignment not in {"both", "distribute"}:
            once(f"body paragraph aligned {alignment or 'left'}, not justified (e.g. “{sample}”)")
        left = int(
            resolver.paragraph_attribute(paragraph, "ind", "left")
            or resolver.paragraph_attribute(paragraph, "ind", "start")
            or 0
        )
        first = int(resolver.paragraph_attribute(paragraph, "ind", "firstLine") or 0)
        hanging = int(resolver.paragraph_attribute(paragraph, "ind", "hanging") or 0)
        start = (left + first - hanging) / TWIPS_PER_MM / 10
        if not 0.995 <= start <= 1.275:
            once(f"body first line starts at {start:.2f} cm, not 1.0–1.27 cm (e.g. “{sample}”)")
        after = int(resolver.paragraph_attribute(paragraph, "spacing", "after") or 0)
        if after < 120:
            once(f"body paragraph {after / 20:g} pt after, under 6 pt (e.g. “{sample}”)")
        rule = resolver.paragraph_attribute(paragraph, "spacing", "lineRule") or "auto"
        line = int(resolver.paragraph_attribute(paragraph, "spacing", "line") or 240)
        if rule != "auto" or not 240 <= line <= 360:
            once(f"body line spacing {line / 240:g} ({rule}), not 1.0–1.5 lines (e.g. “{sample}”)")
    return found


def _leftovers(story: list[Any]) -> list[str]:
    found = []
    for root in story:
        for paragraph in root.iter(w("p")):
            text = _text(paragraph)
            if re.search(r"\{\{|\}\}|\{%|%\}", text):
                found.append(f"a template tag is left in the text: “{text.strip()[:60]}”")
    return found


def _end_mark(body: Any) -> list[str]:
    if any(_text(paragraph).rstrip().endswith(END_MARK) for paragraph in body.iter(w("p"))):
        return []
    return [f"no end mark “{END_MARK}” after the last paragraph"]


def _relationships(parts: dict[str, bytes], xml: dict[str, Any]) -> dict[str, tuple[str, str]]:
    rels = xml.get("word/_rels/document.xml.rels")
    if rels is None:
        return {}
    return {
        rel.get("Id"): (rel.get("Type"), "word/" + rel.get("Target").lstrip("/").removeprefix("word/"))
        for rel in rels.iter(f"{{{PACKAGE_RELS}}}Relationship")
    }


def _page_numbers(body: Any, xml: dict[str, Any], parts: dict[str, bytes]) -> list[str]:
    found = []
    rels = _relationships(parts, xml)
    section = body.find(w("sectPr"))
    if section is None:
        return ["no section properties for the page number"]
    if section.find(w("titlePg")) is None or _on(section.find(w("titlePg"))) is False:
        found.append("no different first page (titlePg): page 1 must have no page number")
    headers = {ref.get(w("type")): ref.get(f"{{{R}}}id") for ref in section.findall(w("headerReference"))}

    def has_page(rel_id: str | None) -> bool:
        target = rels.get(rel_id or "", ("", ""))[1]
        root = xml.get(target)
        if root is None:
            return False
        simple = any("PAGE" in (field.get(w("instr")) or "").split() for field in root.iter(w("fldSimple")))
        complex_ = any("PAGE" in (instr.text or "").split() for instr in root.iter(w("instrText")))
        return simple or complex_

    if not has_page(headers.get("default")):
        found.append("no PAGE field in the header")
    if has_page(headers.get("first")):
        found.append("a page number on page 1")
    return found


def _footnotes(document: Any, xml: dict[str, Any], parts: dict[str, bytes]) -> list[str]:
    references = [reference.get(w("id")) for reference in document.iter(w("footnoteReference"))]
    notes_part = next((target for kind, target in _relationships(parts, xml).values() if kind == FOOTNOTES_TYPE), None)
    notes = xml.get(notes_part or "")
    if not references:
        return []
    if notes is None:
        return ["footnotes are referenced but the document has no footnotes part"]
    written = {note.get(w("id")) for note in notes.iter(w("footnote")) if note.get(w("type")) in {None, "normal"}}
    found = [f"footnote reference {number} has no footnote" for number in references if number not in written]
    found += [f"footnote {number} is never referenced" for number in sorted(written - set(references))]
    return found


def _cells_text(body: Any) -> list[Any]:
    table = body.find(w("tbl"))
    return list(table.iter(w("p"))) if table is not None else []


def _administrative(body: Any, resolver: _Resolver, *, issued: bool) -> list[str]:
    found = []
    head = _cells_text(body)
    texts = [_text(paragraph).strip() for paragraph in head]
    for line in MOTTO:
        if line not in texts:
            found.append(f"the head table has no “{line}”")
            continue
        paragraph = head[texts.index(line)]
        if not all(resolver.toggle(run, "b") for run in _text_runs(paragraph)):
            found.append(f"“{line}” is not bold")
    date_lines = (DATE_LINE,) if issued else (DATE_LINE, BLANK_DATE_LINE)
    dates = [paragraph for paragraph, text in zip(head, texts, strict=True) if any(p.match(text) for p in date_lines)]
    if not dates:
        found.append("no date line “<place>, ngày dd tháng mm năm yyyy” in the head")
    elif not all(resolver.toggle(run, "i") for run in _text_runs(dates[0])):
        found.append("the date line is not italic")
    number_lines = (NUMBER_LINE,) if issued else (NUMBER_LINE, BLANK_NUMBER_LINE)
    if not any(line.match(text) for line in number_lines for text in texts):
        found.append("no number line “Số: NN/BC-…” in the head")
    found += _recipients(body, resolver)
    return found


def _recipients(body: Any, resolver: _Resolver) -> list[str]:
    paragraphs = list(body.iter(w("p")))
    label = next((paragraph for paragraph in paragraphs if _text(paragraph).strip() == "Nơi nhận:"), None)
    if label is None:
        return ["no “Nơi nhận:”"]
    found = []
    runs = _text_runs(label)
    if not all(resolver.size(run) == 12 for run in runs):
        found.append("“Nơi nhận:” is not 12 pt")
    if not all(resolver.toggle(run, "b") and resolver.toggle(run, "i") for run in runs):
        found.append("“Nơi nhận:” is not bold italic")
    cell = label.getparent()
    items = [_text(paragraph).strip() for paragraph in cell.iter(w("p")) if paragraph is not label]
    items = [item for item in items if item]
    if not items:
        return [*found, "“Nơi nhận:” lists nobody"]
    for item in items[:-1]:
        if not item.endswith(";"):
            found.append(f"recipient “{item}” does not end with “;”")
    if not items[-1].endswith("."):
        found.append(f"the last recipient “{items[-1]}” does not end with “.”")
    return found


def _congress(body: Any) -> list[str]:
    found = []
    texts = [_text(paragraph).strip() for paragraph in body.iter(w("p"))]
    if any(text.startswith("Số:") for text in texts):
        found.append("a congress document carries no “Số:”")
    if any(text.startswith("Nơi nhận") for text in texts):
        found.append("a congress document carries no “Nơi nhận:”")
    return found
