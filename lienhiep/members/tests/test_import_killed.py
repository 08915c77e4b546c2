"""An import whose worker is killed (`kill -9`) mid-import: nothing is half written, the page says the import
stopped once its heartbeat is stale, and running it again imports exactly the file's rows. A real worker
(`manage.py db_worker`) runs the import in a subprocess on the test database (PostgreSQL) or on a file copy of it
(SQLite, whose test database lives in memory)."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from lienhiep.accounts.testing import login as login_verified
from lienhiep.core.tests.workers import Worker
from lienhiep.members import services
from lienhiep.members.importing import PROGRESS_EVERY
from lienhiep.members.models import ImportBatch, ImportEvent, ImportStatus, Membership, Person
from lienhiep.members.tests import imports

ROWS = 5_000
LAST_BEAT = ROWS - PROGRESS_EVERY  # the rows counted at the last heartbeat, before the write begins
Y_TE = "Hội KH&KT Trung tâm Y tế"


def _file() -> bytes:
    lines = ["Họ và tên;Hội;Ngày vào hội"] + [f"Người Nhập Thử {i};{Y_TE};01/02/2024" for i in range(ROWS)]
    return "\n".join(lines).encode()


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_import_leaves_nothing_and_the_import_runs_again(world, settings, tmp_path, client):
    # Given a checked file of 5,000 members, queued for a real worker
    batch = imports.checked(world, imports.read(world, _file(), "hv.csv"))
    assert (batch.status, batch.error_count, batch.total_rows) == (ImportStatus.CHECKED, 0, ROWS)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    services.import_request_apply(actor=world.alice, batch=batch)
    persons, memberships = Person.objects.count(), Membership.objects.count()
    worker = Worker(tmp_path)

    # when the worker is killed once its heartbeat has shown progress through the rows, inside the write
    def inside_the_write() -> bool:
        status, done = worker.row("members_importbatch", batch.pk, "status", "done_rows")
        assert status == ImportStatus.IMPORTING, "the import ended before the worker was killed"
        return done == LAST_BEAT and worker.writing("members_importbatch")

    worker.start()
    worker.kill_when(inside_the_write)
    worker.take_back()

    # then the batch still says importing, and nothing of it was written
    batch.refresh_from_db()
    assert (batch.status, batch.done_rows) == (ImportStatus.IMPORTING, LAST_BEAT)
    assert (Person.objects.count(), Membership.objects.count()) == (persons, memberships)
    assert not Person.objects.filter(batch=batch).exists()
    # the page says so once the heartbeat is older than IMPORT_STALE_AFTER
    login_verified(client, world.alice)
    page = client.get(reverse("members:import_batch", args=[batch.pk])).content.decode()
    assert "Quá trình nhập bị dừng giữa chừng" not in page
    settings.IMPORT_STALE_AFTER = 60
    ImportBatch.objects.filter(pk=batch.pk).update(heartbeat_at=timezone.now() - dt.timedelta(seconds=61))
    page = client.get(reverse("members:import_batch", args=[batch.pk])).content.decode()
    assert (
        "Quá trình nhập bị dừng giữa chừng; không có dòng nào được ghi một nửa. Bạn có thể nhập lại hoặc hủy." in page
    )

    # and running it again imports exactly the file's rows, once
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    assert client.post(reverse("members:import_retry", args=[batch.pk])).status_code == 302
    batch.refresh_from_db()
    assert (batch.status, batch.created_persons) == (ImportStatus.DONE, ROWS)
    assert Person.objects.filter(batch=batch).count() == ROWS == Person.objects.count() - persons
    assert Membership.objects.filter(batch=batch).count() == ROWS
    moves = list(ImportEvent.objects.filter(batch=batch).order_by("id").values_list("before", "kind"))
    assert moves[-3:] == [("importing", "stopped"), ("stopped", "importing"), ("importing", "done")]


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_goes_on_during_the_write_on_postgresql(settings):
    from django.db import transaction

    from lienhiep.accounts.tests.factories import UserFactory
    from lienhiep.core.batches import beating

    # Given an import whose heartbeat is 10 minutes old, and a beat every 0.1 s
    settings.IMPORT_STALE_AFTER = 0.4
    old = timezone.now() - dt.timedelta(minutes=10)
    batch = ImportBatch.objects.create(
        actor=UserFactory(), file_name="a.csv", stored_file="imports/a.csv", status=ImportStatus.IMPORTING,
        heartbeat_at=old,
    )  # fmt: skip
    # when a write transaction runs for half a second
    with beating(ImportBatch, batch.pk), transaction.atomic():
        Person.objects.create(full_name="Đang Ghi")
        time.sleep(0.5)
    batch.refresh_from_db()
    # then on PostgreSQL the heartbeat moved meanwhile, from its own connection; SQLite has one writer at a time
    assert (batch.heartbeat_at > old) == (connection.vendor == "postgresql")
