"""Background work of the registry: a file of experts read and checked, then imported (core.batches)."""

from __future__ import annotations

from django.tasks import task

from lienhiep.experts import services


@task
def expert_import_read(batch_id: int, attempt: int | None = None) -> None:
    services.expert_import_read(batch_id=batch_id, attempt=attempt)


@task
def expert_import_apply(batch_id: int, attempt: int | None = None) -> None:
    services.expert_import_apply(batch_id=batch_id, attempt=attempt)
