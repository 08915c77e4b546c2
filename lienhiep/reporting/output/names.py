"""The file name a report downloads under: ASCII, readable, from the document itself (REPORTING.md §5.7):
`BC-05-2024-LHH-Hong-Linh-nhiem-ky-2018-2023.docx`."""

from __future__ import annotations

import re
import unicodedata

from lienhiep.reporting.document import Document

# "Số: 05/BC-LHH" -> number 05, kind BC, issuer LHH.
_NUMBER = re.compile(r"(\d+)\s*/\s*([A-ZĐ]+)-([A-ZĐ0-9&-]+)")
_KINDS = {"BÁO CÁO": "BC", "KẾ HOẠCH": "KH", "NGHỊ QUYẾT": "NQ", "QUYẾT ĐỊNH": "QD", "TỜ TRÌNH": "TTr"}
MAX_LENGTH = 120


def ascii_words(text: str) -> str:
    """Vietnamese folded to ASCII, case kept ("Đồng Tháp" -> "Dong-Thap"), words joined by "-"."""
    text = text.replace("Đ", "D").replace("đ", "d")
    plain = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return "-".join(re.findall(r"[A-Za-z0-9]+", plain))


def file_name(document: Document, ext: str) -> str:
    found = _NUMBER.search(document.number_line)
    pieces: list[str] = []
    if found:
        number, kind, issuer = found.groups()
        pieces += [ascii_words(kind), number, str(document.date.year) if document.date else "", ascii_words(issuer)]
    else:
        pieces.append(_KINDS.get(document.doc_type.strip().upper(), ascii_words(document.doc_type) or "BC"))
    title = (document.title or document.summary).strip()
    if title.upper().startswith(document.doc_type.strip().upper()):  # "BÁO CÁO TỔNG KẾT …": the kind is said
        title = title[len(document.doc_type.strip()) :]
    pieces += [ascii_words(document.place), ascii_words(title).lower()]
    stem = "-".join(piece for piece in pieces if piece) or "bao-cao"
    if len(stem) > MAX_LENGTH:
        stem = stem[: MAX_LENGTH + 1].rsplit("-", 1)[0]
    return f"{stem}.{ext.lstrip('.')}"
