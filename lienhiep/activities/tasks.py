"""Background work of activities, run by Django's tasks framework (database backend; `manage.py db_worker`): a file
of initiatives read and checked, then imported (photos are small once re-encoded, so they are stored at once)."""

from __future__ import annotations

from django.tasks import task

from lienhiep.activities import services


@task
def initiative_import_read(batch_id: int, attempt: int | None = None) -> None:
    services.initiative_import_read(batch_id=batch_id, attempt=attempt)


@task
def initiative_import_apply(batch_id: int, attempt: int | None = None) -> None:
    services.initiative_import_apply(batch_id=batch_id, attempt=attempt)
