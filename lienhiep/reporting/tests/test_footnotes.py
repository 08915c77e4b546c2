"""Footnotes written after rendering (python-docx has none): markers become references, notes the footnotes part."""

import io
import zipfile

import pytest
from lxml import etree

from lienhiep.reporting.document import Run
from lienhiep.reporting.output.footnotes import FootnoteError, add_footnotes, marker

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = f'xmlns:w="{W}"'
SEPARATORS = (
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
)


def package(*paragraphs: str, footnotes: bool = True) -> bytes:
    body = "".join(f"<w:p>{runs}</w:p>" for runs in paragraphs)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", f"<w:document {NS}><w:body>{body}</w:body></w:document>")
        if footnotes:
            archive.writestr("word/footnotes.xml", f"<w:footnotes {NS}>{SEPARATORS}</w:footnotes>")
    return buffer.getvalue()


def run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def read(docx: bytes, name: str):
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        return etree.fromstring(archive.read(name))


def references(docx: bytes) -> list[tuple[str, str]]:
    body = read(docx, "word/document.xml")
    return [
        (ref.get(f"{{{W}}}id"), ref.getparent().find(f"{{{W}}}rPr/{{{W}}}rStyle").get(f"{{{W}}}val"))
        for ref in body.iter(f"{{{W}}}footnoteReference")
    ]


def notes(docx: bytes) -> dict[str, str]:
    root = read(docx, "word/footnotes.xml")
    return {
        note.get(f"{{{W}}}id"): "".join(t.text or "" for t in note.iter(f"{{{W}}}t"))
        for note in root
        if note.get(f"{{{W}}}type") is None
    }


def test_markers_become_references_numbered_in_reading_order():
    docx = package(run("Có 03 đồng chí") + run(marker("b")), run("và 14 đồng chí") + run(marker("a")))
    written = add_footnotes(docx, {"a": (Run("Ghi chú A"),), "b": (Run("Ghi chú "), Run("B", bold=True))})
    assert references(written) == [("1", "FootnoteReference"), ("2", "FootnoteReference")]
    assert notes(written) == {"1": " Ghi chú B", "2": " Ghi chú A"}
    root = read(written, "word/footnotes.xml")
    first = root[2]
    assert first[0].find(f"{{{W}}}pPr/{{{W}}}pStyle").get(f"{{{W}}}val") == "FootnoteText"
    assert first[0][1].find(f"{{{W}}}footnoteRef") is not None
    assert [r.find(f"{{{W}}}rPr/{{{W}}}b") is not None for r in first[0].iter(f"{{{W}}}r")][-1] is True
    # The text around the markers is untouched.
    body = read(written, "word/document.xml")
    assert "".join(t.text for t in body.iter(f"{{{W}}}t")) == "Có 03 đồng chívà 14 đồng chí"


def test_a_note_referenced_twice_is_written_twice_and_an_unreferenced_note_is_left_out():
    docx = package(run(marker("a")), run(marker("a")))
    written = add_footnotes(docx, {"a": (Run("A"),), "unused": (Run("B"),)})
    assert [number for number, _style in references(written)] == ["1", "2"]
    assert notes(written) == {"1": " A", "2": " A"}


def test_without_markers_nothing_changes():
    docx = package(run("Không có chú thích."))
    assert add_footnotes(docx, {"a": (Run("A"),)}) == docx
    assert add_footnotes(package(run("x"), footnotes=False), {}) == package(run("x"), footnotes=False)


def test_a_marker_without_its_note_or_a_skin_without_footnotes_is_an_error():
    with pytest.raises(FootnoteError, match="'fn9' is referenced but not given"):
        add_footnotes(package(run(marker("fn9"))), {})
    with pytest.raises(FootnoteError, match="no footnotes part"):
        add_footnotes(package(run(marker("a")), footnotes=False), {"a": (Run("A"),)})


def test_a_marker_inside_other_text_is_left_as_text():
    docx = package(run(f"x{marker('a')}"))
    assert add_footnotes(docx, {"a": (Run("A"),)}) == docx
