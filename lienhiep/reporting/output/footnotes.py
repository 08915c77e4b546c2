"""Footnotes in a rendered .docx: python-docx has no footnote API, so the body marks where a note is referenced
(`marker(key)`, a run of its own) and `add_footnotes` — after docxtpl has rendered the skin — turns each marker into
a `w:footnoteReference` run and writes the note as a `w:footnote` of the skin's footnotes part.

Notes are numbered 1, 2, … in the order the body references them (ids -1 and 0 are the skin's separators). A
note referenced twice is written twice, under two numbers: a footnote belongs to one reference in Word and
LibreOffice (a second reference to the same id shows an empty note). A note never referenced is not written.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping, Sequence
from typing import Any

from lxml import etree

from lienhiep.reporting.document import Run

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
DOCUMENT = "word/document.xml"
FOOTNOTES = "word/footnotes.xml"
TEXT_STYLE = "FootnoteText"
REFERENCE_STYLE = "FootnoteReference"
# Private-use characters: never typed by a person, kept as they are by docxtpl and python-docx.
_OPEN, _CLOSE = "\ue000", "\ue001"
_MARKER = re.compile(f"^{_OPEN}([^{_CLOSE}]*){_CLOSE}$")


class FootnoteError(ValueError):
    pass


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def marker(key: str) -> str:
    """The text of the run the body writes where footnote `key` is referenced."""
    return f"{_OPEN}{key}{_CLOSE}"


def is_marker(text: str) -> bool:
    return bool(_MARKER.match(text))


def add_footnotes(docx: bytes, notes: Mapping[str, Sequence[Run]]) -> bytes:
    """`docx` with each marker run replaced by a reference to its note, and the notes in the footnotes part.
    A marker naming no note is an error (the model layer checks references before rendering)."""
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
        order = [info.filename for info in archive.infolist()]
    body = etree.fromstring(parts[DOCUMENT])
    written: list[str] = []
    for text in list(body.iter(w("t"))):
        found = _MARKER.match(text.text or "")
        if not found:
            continue
        key = found.group(1)
        if key not in notes:
            raise FootnoteError(f"footnote {key!r} is referenced but not given")
        written.append(key)
        number = len(written)
        run = text.getparent()
        for child in list(run):
            run.remove(child)
        properties = etree.SubElement(run, w("rPr"))
        etree.SubElement(properties, w("rStyle"), {w("val"): REFERENCE_STYLE})
        etree.SubElement(run, w("footnoteReference"), {w("id"): str(number)})
    if not written:
        return docx
    if FOOTNOTES not in parts:
        raise FootnoteError("the skin has no footnotes part")
    footnotes = etree.fromstring(parts[FOOTNOTES])
    for number, key in enumerate(written, start=1):
        footnotes.append(_footnote(number, notes[key]))
    parts[DOCUMENT] = _xml(body)
    parts[FOOTNOTES] = _xml(footnotes)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in order:
            archive.writestr(name, parts[name])
    return buffer.getvalue()


def _footnote(number: int, runs: Sequence[Run]) -> Any:
    note = etree.Element(w("footnote"), {w("id"): str(number)})
    paragraph = etree.SubElement(note, w("p"))
    properties = etree.SubElement(paragraph, w("pPr"))
    etree.SubElement(properties, w("pStyle"), {w("val"): TEXT_STYLE})
    reference = etree.SubElement(paragraph, w("r"))
    etree.SubElement(etree.SubElement(reference, w("rPr")), w("rStyle"), {w("val"): REFERENCE_STYLE})
    etree.SubElement(reference, w("footnoteRef"))
    _text_run(paragraph, " ")
    for run in runs:
        _text_run(paragraph, run.text, bold=run.bold, italic=run.italic)
    return note


def _text_run(paragraph: Any, text: str, *, bold: bool = False, italic: bool = False) -> None:
    if not text:
        return
    run = etree.SubElement(paragraph, w("r"))
    if bold or italic:
        properties = etree.SubElement(run, w("rPr"))
        if bold:
            etree.SubElement(properties, w("b"))
        if italic:
            etree.SubElement(properties, w("i"))
    element = etree.SubElement(run, w("t"))
    element.text = text
    element.set(XML_SPACE, "preserve")


def _xml(root: Any) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
