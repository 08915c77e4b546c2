"""Background work of core's plumbing, run by Django's tasks framework (database backend; `manage.py db_worker`)."""

from __future__ import annotations

from django.tasks import task

from lienhiep.core import services


@task
def export_write(export_id: int, attempt: int | None = None) -> None:
    services.export_write(export_id=export_id, attempt=attempt)


@task
def file_import_read(importer: str, batch_id: int, attempt: int | None = None) -> None:
    """Read and check a file of the import named `importer` (core.importers)."""
    from lienhiep.core import importers

    importers.importer(importer).read(batch_id=batch_id, attempt=attempt)


@task
def file_import_apply(importer: str, batch_id: int, attempt: int | None = None) -> None:
    """Write a checked file of the import named `importer`."""
    from lienhiep.core import importers

    importers.importer(importer).apply(batch_id=batch_id, attempt=attempt)
