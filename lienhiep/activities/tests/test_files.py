import datetime as dt
import io

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from lienhiep.activities import services
from lienhiep.activities.models import ActivityFile
from lienhiep.activities.tests.access_cases import png_bytes

D = dt.date


@pytest.fixture
def activity(world):
    return services.activity_create(
        actor=world.root, org=world.y_te, kind="training", title="Tập huấn sơ cấp cứu", start_date=D(2023, 5, 10)
    )


def _jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (3000, 1000), (10, 120, 200))
    exif = Image.Exif()
    exif[0x010F] = "Phone"
    exif[0x8825] = {1: "N", 2: (18.0, 20.0, 0.0)}  # GPSInfo: where the photo was taken
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def test_a_photo_is_re_encoded_small_and_without_its_exif(world, activity):
    file = services.activity_file_add(
        actor=world.bob, activity=activity, upload=ContentFile(_jpeg_with_gps(), name="IMG_0001.HEIC.jpeg")
    )
    stored = services.file_path(file)
    assert stored.is_file()
    assert str(stored).startswith(str(settings.MEDIA_ROOT))
    assert file.stored_name.endswith(".jpg") and "IMG" not in file.stored_name
    with Image.open(stored) as image:
        assert image.size == (2048, 683)
        assert not image.getexif()
    assert (file.kind, file.content_type, file.original_name) == ("photo", "image/jpeg", "IMG_0001.HEIC.jpg")
    with Image.open(services.file_path(file, thumbnail=True)) as thumb:
        assert thumb.size == (480, 160)


def test_wrong_content_is_refused_in_vietnamese(world, activity):
    with pytest.raises(ValidationError) as error:
        services.activity_file_add(
            actor=world.bob, activity=activity, upload=ContentFile(b"<script>alert(1)</script>", name="anh.jpg")
        )
    # (a script is refused as such by core.files.screen, before its format is looked at)
    assert error.value.messages == ["“anh.jpg” đồng thời là một trang web hoặc một đoạn mã; tệp đã bị từ chối."]
    with pytest.raises(ValidationError) as error:
        services.activity_file_add(actor=world.bob, activity=activity, upload=ContentFile(b"GIF89", name="anh.jpg"))
    assert error.value.messages == [
        "“anh.jpg” không phải là ảnh (JPEG, PNG, WebP, HEIC) hay tài liệu (PDF, Word, Excel)."
    ]
    truncated = png_bytes()[:40]
    with pytest.raises(ValidationError):
        services.activity_file_add(actor=world.bob, activity=activity, upload=ContentFile(truncated, name="hong.png"))
    assert not ActivityFile.objects.exists()


def test_too_big_is_refused(world, activity, monkeypatch):
    monkeypatch.setattr(services, "MAX_FILE_BYTES", 100)
    with pytest.raises(ValidationError) as error:
        services.activity_file_add(
            actor=world.bob, activity=activity, upload=ContentFile(png_bytes((64, 64)) + b"x" * 200, name="to.png")
        )
    assert "lớn hơn" in error.value.messages[0]
    assert not ActivityFile.objects.exists()


def test_a_pdf_is_kept_as_it_is(world, activity):
    data = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    file = services.activity_file_add(actor=world.bob, activity=activity, upload=ContentFile(data, name="ke-hoach.pdf"))
    assert services.file_path(file).read_bytes() == data
    assert file.kind == "document"


def test_a_word_file_is_a_document_and_a_plain_zip_is_not(world, activity):
    import zipfile

    def archive(*parts: str) -> bytes:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as z:
            for part in parts:
                z.writestr(part, "<x/>")
        return out.getvalue()

    word = archive("[Content_Types].xml", "word/document.xml")
    file = services.activity_file_add(actor=world.bob, activity=activity, upload=ContentFile(word, name="bao-cao.docx"))
    assert (file.kind, file.stored_name[-5:]) == ("document", ".docx")
    with pytest.raises(ValidationError):
        services.activity_file_add(
            actor=world.bob, activity=activity, upload=ContentFile(archive("a.txt"), name="x.docx")
        )


def test_files_are_served_only_to_those_who_see_the_activity(world, activity, client_for):
    file = services.activity_file_add(
        actor=world.root, activity=activity, upload=ContentFile(png_bytes(), name="anh.png")
    )
    url = reverse("activities:file", args=[file.pk])
    response = client_for(world.lan).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content) == services.file_path(file).read_bytes()
    small = client_for(world.lan).get(url, {"size": "thumb"})
    assert b"".join(small.streaming_content) == services.file_path(file, thumbnail=True).read_bytes()
    assert client_for(world.dan).get(url).status_code == 404  # Bắc Ninh
    assert client_for(world.bob).get(url).status_code == 404  # another association of Hồng Lĩnh


def test_removing_a_file_deletes_it_from_storage(world, activity, client_for, django_capture_on_commit_callbacks):
    file = services.activity_file_add(
        actor=world.root, activity=activity, upload=ContentFile(png_bytes(), name="anh.png")
    )
    path = services.file_path(file)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(world.alice).post(reverse("activities:file_delete", args=[file.pk]))
    assert response.status_code == 302
    assert not path.exists()


def test_upload_view_refuses_wrong_content(world, activity, client_for):
    bad = SimpleUploadedFile("anh.jpg", b"not an image at all", content_type="image/jpeg")
    response = client_for(world.alice).post(
        reverse("activities:file_add", args=[activity.pk]), {"upload": bad}, follow=True
    )
    assert "không phải là ảnh" in response.content.decode()
    assert not ActivityFile.objects.exists()


def test_upload_view_refuses_a_big_file_before_reading_it(world, activity, client_for, monkeypatch):
    monkeypatch.setattr(services, "MAX_FILE_BYTES", 1000)
    big = SimpleUploadedFile("to.png", png_bytes((200, 200)) + b"\0" * 2000, content_type="image/png")
    response = client_for(world.alice).post(
        reverse("activities:file_add", args=[activity.pk]), {"upload": big}, follow=True
    )
    assert "lớn hơn" in response.content.decode()
    assert not ActivityFile.objects.exists()


def test_file_events_and_deleting_an_activity_removes_its_files(world, activity, django_capture_on_commit_callbacks):
    from lienhiep.activities.models import ActivityEvent

    file = services.activity_file_add(
        actor=world.bob, activity=activity, upload=ContentFile(png_bytes(), name="anh.png")
    )
    path, pk = services.file_path(file), activity.pk
    thumb = services.file_path(file, thumbnail=True)
    assert thumb != path and thumb.is_file()
    with django_capture_on_commit_callbacks(execute=True):
        services.activity_delete(actor=world.alice, activity=activity)
    assert not path.exists() and not thumb.exists()
    kinds = list(ActivityEvent.objects.filter(target_id=pk).order_by("at", "id").values_list("kind", flat=True))
    assert kinds == ["create", "file_add", "delete"]


def test_a_heic_photo_from_an_iphone_is_kept_as_jpeg(world, activity):
    from pillow_heif import register_heif_opener

    register_heif_opener()
    out = io.BytesIO()
    # x265's fastest preset: the same photo to the reader, in a quarter of the time (0.7 s instead of 3 s)
    Image.new("RGB", (3000, 1000), (30, 120, 200)).save(out, "HEIF", enc_params={"preset": "ultrafast"})
    file = services.activity_file_add(
        actor=world.bob, activity=activity, upload=ContentFile(out.getvalue(), name="IMG_4032.HEIC")
    )
    with Image.open(services.file_path(file)) as image:
        assert (image.format, image.size) == ("JPEG", (2048, 683))
    assert (file.kind, file.content_type, file.original_name) == ("photo", "image/jpeg", "IMG_4032.jpg")


def _stored(media):
    return sorted(str(p.relative_to(media)) for p in media.rglob("*") if p.is_file())


def test_an_activity_and_its_photos_are_recorded_together_or_not_at_all(world, settings, tmp_path):
    from lienhiep.activities.models import Activity, ActivityEvent

    settings.MEDIA_ROOT = tmp_path
    values = {"kind": "training", "title": "Tập huấn", "start_date": D(2023, 5, 10)}
    good, bad = ContentFile(png_bytes(), name="lop.png"), ContentFile(b"not an image", name="hong.jpg")
    with pytest.raises(ValidationError) as error:
        services.activity_create(actor=world.bob, org=world.trung_luong, photos=[good, bad], **values)
    assert error.value.message_dict == {
        "photos": ["“hong.jpg” không phải là ảnh (JPEG, PNG, WebP, HEIC) hay tài liệu (PDF, Word, Excel)."]
    }
    assert (Activity.objects.count(), ActivityFile.objects.count(), ActivityEvent.objects.count()) == (0, 0, 0)
    assert _stored(tmp_path) == []  # the photo checked before the bad one is removed too
    activity = services.activity_create(actor=world.bob, org=world.trung_luong, photos=[good], **values)
    file = activity.files.get()
    assert (file.original_name, file.kind, file.uploaded_by) == ("lop.jpg", "photo", world.bob)
    assert _stored(tmp_path) == [file.stored_name, f"{file.stored_name}.thumb.jpg"]
    kinds = ActivityEvent.objects.filter(target_id=activity.pk).order_by("id").values_list("kind", flat=True)
    assert list(kinds) == ["create", "file_add"]


def test_recording_an_activity_takes_the_right_to_record_on_its_unit(world):
    from django.core.exceptions import PermissionDenied

    from lienhiep.activities.models import Activity

    for user in (world.bob, world.lan, world.dan):  # another association, read only, another province
        with pytest.raises(PermissionDenied):
            services.activity_create(
                actor=user, org=world.y_te, kind="training", title="Tập huấn", start_date=D(2023, 5, 10)
            )
    assert not Activity.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_photos_are_re_encoded_before_the_transaction_opens(world, settings, tmp_path):
    from lienhiep.core.tests.spies import jpeg_encodings

    settings.MEDIA_ROOT = tmp_path
    with jpeg_encodings() as in_transaction:
        activity = services.activity_create(
            actor=world.bob, org=world.trung_luong, kind="training", title="Tập huấn", start_date=D(2023, 5, 10),
            photos=[ContentFile(png_bytes(), name="a.png")],
        )  # fmt: skip
        services.activity_file_add(actor=world.bob, activity=activity, upload=ContentFile(png_bytes(), name="b.png"))
    assert in_transaction == [False, False, False, False]  # each photo and its thumbnail
    assert activity.files.count() == 2
