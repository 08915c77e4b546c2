"""Migration 0009 moves an entry's files onto core.models.StoredFile by renaming their columns: every row and its
stored file are kept, both ways, a forwarded entry's row naming the same stored file as the lower one's included."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from lienhiep.contests.models import EntryFile
from lienhiep.contests.tests.factories import PNG, contest, edition, entry
from lienhiep.core import files

BEFORE = ("contests", "0008_public_vote")
AFTER = ("contests", "0009_entryfile_stored_file_columns")
COLUMNS = ("id", "entry_id", "kind", "content_type", "size", "uploaded_by_id", "uploaded_at")


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.migrate([target])
    return executor.loader.project_state([target]).apps


@pytest.mark.django_db(transaction=True)
def test_entry_files_keep_every_row_and_file_through_0009_and_back(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    ed = edition(world.alice, contest(world.alice, world.ha_tinh))
    made = entry(world.bob, ed, world.trung_luong, files_in=[("photo", SimpleUploadedFile("mô hình.png", PNG))])
    photo = EntryFile.objects.get()
    kept = EntryFile.objects.values_list(*COLUMNS).get()
    try:
        # Back at 0008: the row under the old column names; a second row written there, naming the same stored
        # file (as a forwarded entry's does).
        old = _migrate(BEFORE).get_model("contests", "EntryFile")
        assert list(old.objects.values_list("file_name", "stored_file", *COLUMNS)) == [
            ("mô hình.jpg", photo.stored_name, *kept)
        ]
        old.objects.create(
            entry_id=made.pk, kind="description", file_name="Bản thuyết minh.pdf", stored_file=photo.stored_name,
            content_type="application/pdf", size=4321, uploaded_by_id=world.bob.pk,
        )  # fmt: skip
    finally:
        _migrate(AFTER)
    rows = list(EntryFile.objects.order_by("id").values_list("original_name", "stored_name", "kind", "size"))
    assert rows == [
        ("mô hình.jpg", photo.stored_name, "photo", photo.size),
        ("Bản thuyết minh.pdf", photo.stored_name, "description", 4321),
    ]
    assert EntryFile.objects.values_list(*COLUMNS).get(pk=photo.pk) == kept
    assert files.path(photo.stored_name).read_bytes()[:2] == b"\xff\xd8"  # the file is where its rows say
    response = EntryFile.objects.get(pk=photo.pk).response(inline=True)
    assert (response["Content-Type"], b"".join(response.streaming_content)[:2]) == ("image/jpeg", b"\xff\xd8")
