"""Every app's files of a record are kept one way (core.services.uploads_stored): checked by content and size,
stored privately under generated names before the transaction opens, all or none."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image

from lienhiep.core import files
from lienhiep.core.services import uploads_stored

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n"


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (900, 600), (20, 120, 40)).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _kept(media):
    return sorted(str(p.relative_to(media)) for p in media.rglob("*") if p.is_file())


def test_uploads_are_stored_under_generated_names_with_a_photos_thumbnail(media):
    uploads = [ContentFile(_png(), name="../ảnh hội thảo.png"), ContentFile(PDF, name="Quyết định.pdf")]
    with uploads_stored(uploads, folder="awards/2026", thumbnails=True) as stored:
        photo, document = stored
    assert (photo.checked.name, photo.checked.content_type, document.checked.name) == (
        "ảnh hội thảo.jpg", "image/jpeg", "Quyết định.pdf",
    )  # fmt: skip
    assert photo.stored_name.startswith("awards/2026/") and photo.stored_name.endswith(".jpg")
    assert "hoi" not in photo.stored_name and document.stored_name.endswith(".pdf")
    assert _kept(media) == sorted([photo.stored_name, files.thumb_name(photo.stored_name), document.stored_name])
    assert files.path(document.stored_name).read_bytes() == PDF


def test_a_refused_upload_stores_none_and_says_which_field(media):
    uploads = [ContentFile(PDF, name="a.pdf"), ContentFile(b"<html><script>alert(1)</script>", name="b.pdf")]
    with pytest.raises(ValidationError) as refused, uploads_stored(uploads, folder="x", field="photos"):
        pytest.fail("the block does not run")
    assert refused.value.message_dict == {
        "photos": ["“b.pdf” đồng thời là một trang web hoặc một đoạn mã; tệp đã bị từ chối."]
    }
    with (
        pytest.raises(ValidationError) as too_big,
        uploads_stored([ContentFile(PDF, name="c.pdf")], folder="x", max_bytes=10),
    ):
        pytest.fail("the block does not run")
    assert too_big.value.code == "file_too_big"
    assert _kept(media) == []


def test_what_the_block_fails_to_write_takes_its_files_and_thumbnails_away(media):
    with (
        pytest.raises(RuntimeError),
        uploads_stored(
            [ContentFile(_png(), name="a.png"), ContentFile(PDF, name="b.pdf")], folder="x", thumbnails=True
        ) as stored,
    ):
        assert len(_kept(media)) == 3
        raise RuntimeError("the record's transaction failed")
    assert len(stored) == 2 and _kept(media) == []
