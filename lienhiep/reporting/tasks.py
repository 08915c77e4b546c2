"""Background work of reports, run by Django's tasks framework (`manage.py db_worker`)."""

from __future__ import annotations

from django.tasks import task

from lienhiep.reporting import services

# `attempt`: the rendering's attempt the task was queued for (`core.batches.start`); a task queued before attempts
# were counted has none, and takes the rendering whatever its attempt.


@task
def rendering_write(rendering_id: int, attempt: int | None = None) -> None:
    services.rendering_write(rendering_id=rendering_id, attempt=attempt)


@task
def approval_run(rendering_id: int, attempt: int | None = None) -> None:
    """A large unit's report being approved: its figures frozen, step by step (`services.approval_run`)."""
    services.approval_run(rendering_id=rendering_id, attempt=attempt)


@task
def drift_check() -> None:
    """Nightly: which approved and issued reports' figures changed since approval."""
    services.drift_check()
