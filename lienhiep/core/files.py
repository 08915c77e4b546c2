"""Uploaded files: checked by their content and size, never by their name, and stored privately.

Photos must decode (Pillow, HEIC through pillow-heif) and are re-encoded as JPEG at most PHOTO_EDGE, turned
upright and without their EXIF data (such as where they were taken); documents must have their format's
structure (a PDF's header and end, a Word or Excel file's parts). Every upload, spreadsheets for imports too, goes
through `screen` before it is kept: a file that is also a web page or a script (a polyglot), or an Office file
with parts Word and Excel do not write, is refused, and so is what clamd finds a virus in when one is configured
(core/antivirus.py). Files are stored under generated names in MEDIA_ROOT, which nothing serves: each app serves
its files through a view that checks access, and `serve` hands them over as attachments (a photo we re-encoded
alone shown inline), never cached, sandboxed.
"""

from __future__ import annotations

import io
import mimetypes
import re
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

from lienhiep.core import antivirus
from lienhiep.core.text import nfc

MAX_BYTES = 10 * 1024 * 1024
MAX_IMAGE_PIXELS = 60_000_000  # a 60-megapixel photo; anything larger is refused, not decoded
PHOTO_EDGE = 2048  # photos are kept at most this wide or high
THUMB_EDGE = 480  # and shown in lists at most this size
PHOTO_FORMATS = ("JPEG", "PNG", "WEBP", "GIF", "MPO", "HEIF", "TIFF")

OFFICE = {
    "word/document.xml": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
    "xl/workbook.xml": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
}
# Word and Excel 97–2003 share one container (OLE2); its name tells which, its content that it is one.
LEGACY_OFFICE = {".doc": "application/msword", ".xls": "application/vnd.ms-excel"}
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class Checked:
    kind: str  # "photo" or "document"
    content: bytes  # what to store: a photo re-encoded, a document as it came
    content_type: str
    ext: str  # with its dot
    name: str  # the name to show: the uploaded one, NFC, without folders (a photo's ending .jpg)


def _shown(name: str) -> str:
    """An uploaded file's name as it is shown and kept: NFC, without folders."""
    return Path(nfc(name or "")).name[:200] or "file"


def check(name: str, data: bytes, *, max_bytes: int = MAX_BYTES, legacy_office: bool = False) -> Checked:
    """A photo or a document (PDF, Word, Excel; with `legacy_office`, their 97–2003 forms too), or a
    ValidationError in the user's language."""
    name = _shown(name)
    check_size(name, len(data), max_bytes=max_bytes)
    screen(name, data)
    if is_pdf(data):
        return Checked("document", data, "application/pdf", ".pdf", name)
    office = office_type(data, name)
    if office is not None:
        return Checked("document", data, office[0], office[1], name)
    suffix = Path(name).suffix.lower()
    if legacy_office and data.startswith(OLE2) and suffix in LEGACY_OFFICE:
        return Checked("document", data, LEGACY_OFFICE[suffix], suffix, name)
    photo = photo_jpeg(data)
    if photo is None:
        raise ValidationError(
            _("“%(name)s” is neither a photo (JPEG, PNG, WebP, HEIC) nor a document (PDF, Word, Excel).")
            % {"name": name},
            code="file_content",
        )
    return Checked("photo", photo, "image/jpeg", ".jpg", f"{Path(name).stem}.jpg")


def check_upload(upload: File, *, max_bytes: int = MAX_BYTES, legacy_office: bool = False) -> Checked:
    """`check` for an uploaded file (or any File, such as `ContentFile(data, name=…)`), its size checked before it
    is read into memory. Services call it before they open their transaction: re-encoding a phone's photo keeps
    Pillow busy for a while, and a transaction open meanwhile would hold every other writer."""
    check_size(_shown(upload.name or ""), upload.size, max_bytes=max_bytes)
    upload.seek(0)
    return check(upload.name or "", upload.read(), max_bytes=max_bytes, legacy_office=legacy_office)


def check_size(name: str, size: int | None, *, max_bytes: int = MAX_BYTES) -> None:
    """Refuse a file over `max_bytes`; views call it with the upload's size before reading it into memory."""
    if size is not None and size > max_bytes:
        raise ValidationError(
            _("“%(name)s” is larger than %(mb)s MB.") % {"name": name, "mb": max_bytes // 2**20}, code="file_too_big"
        )


# What makes a file a web page or a script as well as what it claims to be: a browser or a PDF reader that sniffs
# it would run it. Six bytes or more each, so that the random bytes of a compressed photo or part almost never
# match (about once in 10^6 files of 10 MB).
HTML_MARKERS = re.compile(
    rb"<(?:!doctype\s+html|html|head|body|script|iframe|object|embed|svg|meta|form)[\s>/]", re.IGNORECASE
)
# A PDF's own scripts and actions that start programs.
PDF_ACTIONS = re.compile(rb"/(?:JavaScript|JS|Launch)[\s/<(\[]")
# What Word and Excel write in their zip: the parts' folders (with a digital signature's, a sensitivity label's
# and the leftovers older Office versions keep in [trash]) and endings. Macros and ActiveX controls are refused
# by name.
OFFICE_FOLDERS = frozenset(
    {"_rels", "docProps", "word", "xl", "customXml", "customUI", "docMetadata", "_xmlsignatures", "[trash]"}
)
OFFICE_ROOT_PARTS = frozenset({"[Content_Types].xml"})
OFFICE_PART_ENDINGS = frozenset({
    ".xml", ".rels", ".vml", ".bin", ".dat", ".sigs", ".png", ".jpeg", ".jpg", ".jfif", ".gif", ".bmp", ".tif",
    ".tiff", ".emf", ".wmf", ".emz", ".wmz", ".wdp", ".svg", ".odttf", ".fntdata", ".ttf", ".xlsx", ".docx", ".pptx",
})  # fmt: skip
OFFICE_REFUSED_PARTS = re.compile(r"vbaProject|vbaData|activeX", re.IGNORECASE)


def screen(name: str, data: bytes) -> None:
    """The rule every upload goes through before it is kept, whatever it is for: no polyglot, no unexpected part
    in an Office file, and no virus when clamd is configured. Raises a ValidationError in the user's language."""
    name = _shown(name)
    refused = ValidationError(
        _("“%(name)s” is also a web page or a script; it was refused.") % {"name": name}, code="file_polyglot"
    )
    if HTML_MARKERS.search(data):
        raise refused
    if data.startswith(b"%PDF") and PDF_ACTIONS.search(data):
        raise refused
    if data.startswith(b"PK\x03\x04"):
        part = unexpected_office_part(data)
        if part is not None:
            raise ValidationError(
                _("“%(name)s” holds a part that Word and Excel do not write (%(part)s); it was refused.")
                % {"name": name, "part": part[:80]},
                code="file_unexpected_part",
            )
    if antivirus.configured():
        try:
            found = antivirus.scan(data)
        except antivirus.ScanFailed as error:
            raise ValidationError(
                _("“%(name)s” could not be checked for viruses; try again in a moment.") % {"name": name},
                code="file_not_scanned",
            ) from error
        if found is not None:
            raise ValidationError(
                _("“%(name)s” contains a virus (%(virus)s); it was refused.") % {"name": name, "virus": found},
                code="file_virus",
            )


def unexpected_office_part(data: bytes) -> str | None:
    """The first part of a zip that a Word or Excel file does not hold (a web page, a script, a program, macros),
    or None; a zip that is not readable is left to the format's own check."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
    except zipfile.BadZipFile:
        return None
    for part in names:
        if part.endswith("/") or part in OFFICE_ROOT_PARTS:
            continue
        folder = part.partition("/")[0]
        leaf = part.rpartition("/")[2]
        ending = "." + leaf.rpartition(".")[2].lower() if "." in leaf else ""  # "_rels/.rels" ends ".rels"
        if folder not in OFFICE_FOLDERS or ending not in OFFICE_PART_ENDINGS or OFFICE_REFUSED_PARTS.search(part):
            return part
    return None


def photo_jpeg(data: bytes) -> bytes | None:
    """The photo re-encoded as JPEG (at most PHOTO_EDGE, turned upright, without its EXIF data), or None
    when the bytes are not an image Pillow can read."""
    from PIL import Image, ImageOps, UnidentifiedImageError
    from pillow_heif import register_heif_opener

    # Phones (iPhones by default) take HEIC photos; Pillow reads them through pillow-heif.
    register_heif_opener()
    Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
    try:
        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in PHOTO_FORMATS:
                return None
            upright = ImageOps.exif_transpose(image).convert("RGB")
            upright.thumbnail((PHOTO_EDGE, PHOTO_EDGE))
            out = io.BytesIO()
            upright.save(out, "JPEG", quality=85, optimize=True)
            return out.getvalue()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None


def thumbnail(photo: bytes) -> bytes:
    """A small copy for pages that list photos: weak connections load it, not the photo."""
    from PIL import Image

    with Image.open(io.BytesIO(photo)) as image:
        image.thumbnail((THUMB_EDGE, THUMB_EDGE))
        out = io.BytesIO()
        image.save(out, "JPEG", quality=80, optimize=True)
        return out.getvalue()


def is_pdf(data: bytes) -> bool:
    return data.startswith(b"%PDF-") and b"%%EOF" in data[-1024:]


def office_type(data: bytes, name: str = "file") -> tuple[str, str] | None:
    """(content type, extension) of a Word or Excel file (a zip with their parts), read without unpacking it.
    A zip that would unpack to more than an Office file can hold is refused (`check_archive`)."""
    if not data.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" not in names:
                return None
            kind = next((kind for part, kind in OFFICE.items() if part in names), None)
            if kind is not None:
                check_archive(archive, name)
            return kind
    except zipfile.BadZipFile:
        return None


# What a real Word or Excel file unpacks to: a 100,000-row member list is ~120 MB of XML in ~20 parts, and XML
# compresses ~10-30 times. A decompression bomb (1.57 MB unpacking to 1.5 GiB; a DOCX of 20,000 parts) is
# refused before anything parses it.
MAX_ARCHIVE_ENTRIES = 1_000
MAX_UNPACKED_BYTES = 256 * 1024 * 1024
MAX_RATIO = 200


def check_archive(archive: zipfile.ZipFile, name: str = "file") -> None:
    """Refuse a zip (an Office file) with too many parts, or that unpacks to too much, or too much for its size.
    The sizes its directory states are checked first, then the real ones, by unpacking each part up to the limit
    (a directory can lie)."""
    entries = archive.infolist()
    refused = ValidationError(
        _("“%(name)s” unpacks to more than a Word or Excel file can hold; it was refused.") % {"name": name},
        code="archive_bomb",
    )
    stated = sum(entry.file_size for entry in entries)
    packed = sum(entry.compress_size for entry in entries) or 1
    if len(entries) > MAX_ARCHIVE_ENTRIES or stated > MAX_UNPACKED_BYTES or stated > MAX_RATIO * max(packed, 2**16):
        raise refused
    unpacked = 0
    for entry in entries:
        with archive.open(entry) as part:
            while chunk := part.read(2**20):
                unpacked += len(chunk)
                if unpacked > MAX_UNPACKED_BYTES or unpacked > MAX_RATIO * max(packed, 2**16):
                    raise refused


def random_name(ext: str) -> str:
    """`<random hex><ext>`: nothing of the uploaded name."""
    return f"{uuid.uuid4().hex}{ext}"


def generated_name(folder: str, ext: str) -> str:
    """A stored file's name: `folder/<random hex><ext>`."""
    return f"{folder}/{random_name(ext)}"


def serve_kept(
    kept: str | File | None, *, named: Callable[[str], str], content_type: str | None = None, inline: bool = False
) -> FileResponse:
    """A record's private file, to whom the calling view has let through (`serve`): a stored name under MEDIA_ROOT or
    the record's file field, offered under the name `named(suffix)` makes of the suffix it was stored with; 404 when
    the record keeps none (a scan, minutes, an errors file not given)."""
    if not kept:
        raise Http404
    file = path(kept) if isinstance(kept, str) else kept
    suffix = Path(kept if isinstance(kept, str) else kept.name or "").suffix
    return serve(file, filename=named(suffix), content_type=content_type, inline=inline)


def path(stored_name: str) -> Path:
    return Path(settings.MEDIA_ROOT) / stored_name


def write(stored_name: str, content: bytes) -> None:
    target = path(stored_name)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)


def thumb_name(stored_name: str) -> str:
    """Where a stored photo's small copy (`thumbnail`) is kept, beside it."""
    return f"{stored_name}.thumb.jpg"


def remove(stored_name: str) -> None:
    """A stored file, and its small copy if it has one."""
    path(stored_name).unlink(missing_ok=True)
    path(thumb_name(stored_name)).unlink(missing_ok=True)


# Shown in the page (an activity's photos, a scan's preview): only what we wrote ourselves, photos re-encoded
# as JPEG. Anything else is handed over as an attachment, whatever the calling view asked.
INLINE_TYPES = frozenset({"image/jpeg"})


def serve(file: Path | File, *, filename: str, content_type: str | None = None, inline: bool = False) -> FileResponse:
    """A private file (a path under MEDIA_ROOT or a model's file field), to whom the calling view has let through:
    kept by no cache (it holds personal data: a scan names people, a photo shows them), a download unless it is a
    photo we re-encoded and `inline` is asked, and sandboxed without sniffing, so that a file crafted to look like a
    page cannot run as one even if it got past `screen`."""
    content_type = content_type or mimetypes.guess_type(filename)[0] or "application/octet-stream"
    shown = inline and content_type in INLINE_TYPES
    response = FileResponse(file.open("rb"), as_attachment=not shown, filename=filename, content_type=content_type)
    response["Cache-Control"] = "no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    return response
