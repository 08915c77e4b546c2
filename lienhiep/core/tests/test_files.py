"""Uploads are judged by their content, never by their name."""

import io
import os
import zipfile

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from lienhiep.core import files

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n"
OLE2_DOC = files.OLE2 + b"\x00" * 504


def _xlsx() -> bytes:
    out = io.BytesIO()
    openpyxl.Workbook().save(out)
    return out.getvalue()


def _docx() -> bytes:
    import docx

    out = io.BytesIO()
    docx.Document().save(out)
    return out.getvalue()


def _png(size=(3000, 1500)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def test_documents_are_recognised_by_their_structure():
    assert (files.check("Quyết định.PDF", PDF).content_type, files.check("x", PDF).ext) == ("application/pdf", ".pdf")
    assert files.check("bao-cao.bin", _docx()).ext == ".docx"
    assert files.check("so-lieu", _xlsx()).ext == ".xlsx"
    # Word 97–2003 only where asked for, and only under its own name
    assert files.check("to-trinh.doc", OLE2_DOC, legacy_office=True).content_type == "application/msword"
    with pytest.raises(ValidationError):
        files.check("to-trinh.doc", OLE2_DOC)
    with pytest.raises(ValidationError):
        files.check("to-trinh.exe", OLE2_DOC, legacy_office=True)


def test_photos_are_re_encoded_and_the_rest_refused_in_vietnamese():
    photo = files.check("ảnh chụp.png", _png())
    assert (photo.kind, photo.content_type, photo.name) == ("photo", "image/jpeg", "ảnh chụp.jpg")
    with Image.open(io.BytesIO(photo.content)) as image:
        assert (image.format, image.size) == ("JPEG", (2048, 1024))
    with pytest.raises(ValidationError) as refused:
        files.check("../../etc/bien-ban.pdf", b"Bien ban hop chi hoi, 25/06/2019")
    assert refused.value.messages == [
        "“bien-ban.pdf” không phải là ảnh (JPEG, PNG, WebP, HEIC) hay tài liệu (PDF, Word, Excel)."
    ]
    # A web page is refused as one, before its format is looked at (core/tests/test_screen.py)
    with pytest.raises(ValidationError) as page:
        files.check("../../etc/bien-ban.pdf", b"<html><script>alert(1)</script>")
    assert page.value.messages == ["“bien-ban.pdf” đồng thời là một trang web hoặc một đoạn mã; tệp đã bị từ chối."]
    with pytest.raises(ValidationError) as too_big:
        files.check("lon.pdf", PDF + b" " * 2 * 2**20, max_bytes=2 * 2**20)
    assert too_big.value.messages == ["“lon.pdf” lớn hơn 2 MB."]


def test_stored_names_are_generated():
    name = files.generated_name("awards/2024", ".pdf")
    assert name.startswith("awards/2024/") and name.endswith(".pdf") and len(name) == len("awards/2024/") + 32 + 4


def test_a_private_file_is_served_uncached_sandboxed_and_as_an_attachment_unless_a_photo(tmp_path):
    stored = tmp_path / "3f2a.pdf"
    stored.write_bytes(PDF)
    photo = tmp_path / "9c1b.jpg"
    photo.write_bytes(files.check("anh.png", _png((40, 20))).content)
    attached = files.serve(stored, filename="Biên bản họp.pdf")
    # A scan asked inline is a PDF: it is downloaded all the same; only a photo we re-encoded is shown
    scan = files.serve(stored, filename="khen-thuong.pdf", content_type="application/pdf", inline=True)
    guessed = files.serve(stored, filename="ban-ky-7.pdf", inline=True)
    shown = files.serve(photo, filename="ảnh.jpg", content_type="image/jpeg", inline=True)
    for response in (attached, scan, guessed, shown):
        assert (
            response["Cache-Control"], response["Content-Security-Policy"], response["X-Content-Type-Options"]
        ) == ("no-store", "default-src 'none'; sandbox", "nosniff")  # fmt: skip
        assert b"".join(response.streaming_content) == (photo if response is shown else stored).read_bytes()
        response.file_to_stream.close()  # (response.close() would signal the end of a request)
    assert attached["Content-Disposition"] == "attachment; filename*=utf-8''Bi%C3%AAn%20b%E1%BA%A3n%20h%E1%BB%8Dp.pdf"
    assert (scan["Content-Disposition"], scan["Content-Type"]) == (
        'attachment; filename="khen-thuong.pdf"',
        "application/pdf",
    )
    assert (guessed["Content-Disposition"], guessed["Content-Type"]) == (
        'attachment; filename="ban-ky-7.pdf"',
        "application/pdf",
    )
    assert (shown["Content-Disposition"], shown["Content-Type"]) == (
        "inline; filename*=utf-8''%E1%BA%A3nh.jpg",
        "image/jpeg",
    )


def _inflated(base: bytes, *, extra: dict[str, int] | None = None, parts: int = 0, noise: bool = False) -> bytes:
    """An Office file with `extra` parts of that many zero bytes (compressed to almost nothing), or `parts` more
    tiny parts: what a decompression bomb looks like."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, source.read(item))
        for name, size in (extra or {}).items():
            with target.open(name, "w", force_zip64=True) as part:
                for _ in range(size // 2**20):
                    part.write(os.urandom(2**20) if noise else b"\0" * 2**20)
        for n in range(parts):
            target.writestr(f"word/media/p{n}.xml", b"<x/>")
    return out.getvalue()


def test_office_files_that_unpack_to_too_much_are_refused():
    # Found in issue 11: a 1.57 MB workbook unpacking to 1.5 GiB took the web process to 1.74 GB, and a DOCX of
    # 20,000 parts was accepted.
    bomb = _inflated(_xlsx(), extra={"xl/worksheets/sheet9.xml": files.MAX_UNPACKED_BYTES + 2**20})
    assert len(bomb) < 2 * 2**20
    with pytest.raises(ValidationError) as refused:
        files.check("danh-sach.xlsx", bomb)
    assert refused.value.code == "archive_bomb"
    many = _inflated(_docx(), parts=files.MAX_ARCHIVE_ENTRIES + 1)
    with pytest.raises(ValidationError) as refused:
        files.check("bien-ban.docx", many)
    assert refused.value.code == "archive_bomb"
    # A real document with a large part of its own (a photo does not compress) is still a document
    photo = _inflated(_docx(), extra={"word/media/image1.jpeg": 6 * 2**20}, noise=True)
    assert files.check("bien-ban.docx", photo).ext == ".docx"
