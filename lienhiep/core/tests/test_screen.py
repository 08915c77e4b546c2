"""Every upload is screened before it is kept: polyglots (a PDF or a photo that is also a web page, an Office file
with parts Word and Excel do not write) are refused, and so is a virus when clamd is configured.

The clamd here is a small server on 127.0.0.1 that speaks clamd's real INSTREAM protocol (the command, chunks
each with its 4-byte length, a zero-length end, one reply line) and finds the EICAR test file: clamd's own
signatures cannot be downloaded without the internet, and tests use no network."""

import io
import socket
import struct
import threading
import zipfile

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from lienhiep.core import antivirus, batches, files

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
# The EICAR test file: every antivirus reports it, and it does nothing.
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (20, 120, 40)).save(out, "JPEG")
    return out.getvalue()


def _xlsx(extra: dict[str, bytes] | None = None) -> bytes:
    import openpyxl

    out = io.BytesIO()
    openpyxl.Workbook().save(out)
    if not extra:
        return out.getvalue()
    grown = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as source, zipfile.ZipFile(grown, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item))
        for name, content in extra.items():
            target.writestr(name, content)
    return grown.getvalue()


def _refused(name: str, data: bytes) -> ValidationError:
    with pytest.raises(ValidationError) as refused:
        files.check(name, data)
    return refused.value


def test_a_pdf_that_is_also_a_web_page_or_runs_a_script_is_refused():
    assert files.check("quyet-dinh.pdf", PDF).ext == ".pdf"
    html = PDF.replace(b"trailer", b"<html><body><script>fetch('/members/')</script></body></html>\ntrailer")
    refused = _refused("quyet-dinh.pdf", html)
    assert (refused.code, refused.messages) == (
        "file_polyglot",
        ["“quyet-dinh.pdf” đồng thời là một trang web hoặc một đoạn mã; tệp đã bị từ chối."],
    )
    scripted = PDF.replace(b"<<>> endobj", b"<< /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >> endobj")
    assert _refused("to-trinh.pdf", scripted).code == "file_polyglot"


def test_a_photo_with_a_web_page_appended_is_refused():
    assert files.check("anh.jpg", _jpeg()).kind == "photo"  # Pillow alone would read this one and keep the photo
    assert _refused("anh.jpg", _jpeg() + b"<!DOCTYPE html><svg onload=alert(1)>").code == "file_polyglot"
    assert _refused("anh.jpg", _jpeg() + b"<SCRIPT src=//x.example/a.js></SCRIPT>").code == "file_polyglot"


def test_an_office_file_with_parts_word_and_excel_do_not_write_is_refused():
    assert files.check("so-lieu.xlsx", _xlsx({"xl/printerSettings/printerSettings1.bin": b"\0" * 64})).ext == ".xlsx"
    # A file signed digitally (as agencies sign their documents) keeps its signature's parts
    signed = _xlsx({"_xmlsignatures/origin.sigs": b"", "_xmlsignatures/sig1.xml": b"<Signature/>"})
    assert files.check("so-lieu-da-ky.xlsx", signed).ext == ".xlsx"
    for part in ("xl/index.html", "payload.js", "xl/vbaProject.bin", "docProps/run.exe"):
        refused = _refused("so-lieu.xlsx", _xlsx({part: b"MZ\x90\x00"}))
        assert (refused.code, refused.messages) == (
            "file_unexpected_part",
            [f"“so-lieu.xlsx” chứa một thành phần mà Word và Excel không tạo ra ({part}); tệp đã bị từ chối."],
        )
    # An import's spreadsheet goes through the same rule
    with pytest.raises(ValidationError) as refused:
        batches.check_upload("hoi-vien.xlsm", _xlsx({"xl/vbaProject.bin": b"\xd0\xcf"}), max_bytes=2**20)
    assert refused.value.code == "file_unexpected_part"


class FakeClamd:
    """clamd's INSTREAM protocol on 127.0.0.1, finding the EICAR test file; `reply` overrides its answer."""

    def __init__(self, reply: bytes | None = None):
        self.reply = reply
        self.received: list[bytes] = []
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _read(self, conn: socket.socket, size: int) -> bytes:
        data = b""
        while len(data) < size:
            part = conn.recv(size - len(data))
            if not part:
                raise ConnectionError("closed")
            data += part
        return data

    def _serve(self) -> None:
        while True:
            try:
                conn, _address = self.server.accept()
            except OSError:
                return
            with conn:
                assert self._read(conn, len(b"zINSTREAM\0")) == b"zINSTREAM\0"
                stream = b""
                while size := struct.unpack("!L", self._read(conn, 4))[0]:
                    stream += self._read(conn, size)
                self.received.append(stream)
                found = b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE" in stream
                conn.sendall(self.reply or (b"stream: Eicar-Test-Signature FOUND\0" if found else b"stream: OK\0"))

    def close(self) -> None:
        self.server.close()


@pytest.fixture
def clamd(settings):
    server = FakeClamd()
    settings.CLAMD_HOST, settings.CLAMD_PORT = "127.0.0.1", server.port
    yield server
    server.close()


def test_with_clamd_configured_every_upload_is_scanned_and_eicar_refused(clamd):
    big = PDF[:-6] + b"%" + b"x" * (3 * antivirus.CHUNK) + b"\n%%EOF\n"
    assert files.check("bao-cao.pdf", big).ext == ".pdf"
    refused = _refused("eicar.pdf", b"%PDF-1.4\n" + EICAR + b"\n%%EOF\n")
    assert (refused.code, refused.messages) == (
        "file_virus",
        ["“eicar.pdf” có chứa virus (Eicar-Test-Signature); tệp đã bị từ chối."],
    )
    with pytest.raises(ValidationError) as csv:
        batches.check_upload("hoi-vien.csv", b"ho_ten\n" + EICAR + b"\n", max_bytes=2**20)
    assert csv.value.code == "file_virus"
    # clamd received every byte, in chunks, as sent
    assert clamd.received == [big, b"%PDF-1.4\n" + EICAR + b"\n%%EOF\n", b"ho_ten\n" + EICAR + b"\n"]


def test_an_upload_clamd_cannot_check_is_refused(settings):
    server = FakeClamd(reply=b"INSTREAM size limit exceeded. ERROR\0")
    settings.CLAMD_HOST, settings.CLAMD_PORT = "127.0.0.1", server.port
    try:
        refused = _refused("bao-cao.pdf", PDF)
    finally:
        server.close()
    assert (refused.code, refused.messages) == (
        "file_not_scanned",
        ["Chưa kiểm tra được virus trong “bao-cao.pdf”; hãy thử lại sau ít phút."],
    )
    settings.CLAMD_PORT = server.port  # closed: nobody listens any more
    assert _refused("bao-cao.pdf", PDF).code == "file_not_scanned"


def test_without_clamd_nothing_is_scanned(settings):
    assert (settings.CLAMD_SOCKET, settings.CLAMD_HOST) == ("", "")
    assert files.check("eicar.pdf", b"%PDF-1.4\n" + EICAR + b"\n%%EOF\n").ext == ".pdf"
