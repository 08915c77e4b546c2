"""Background work of the member registry, run by Django's tasks framework (database backend;
`manage.py db_worker` runs it)."""

from __future__ import annotations

from django.tasks import task

from lienhiep.members import services


@task
def import_read(batch_id: int, attempt: int | None = None) -> None:
    services.import_read(batch_id=batch_id, attempt=attempt)


@task
def import_check(batch_id: int, attempt: int | None = None) -> None:
    services.import_check(batch_id=batch_id, attempt=attempt)


@task
def import_apply(batch_id: int, attempt: int | None = None) -> None:
    services.import_apply(batch_id=batch_id, attempt=attempt)
