"""Background work of core's plumbing, run by Django's tasks framework (database backend; `manage.py db_worker`)."""

from __future__ import annotations

from django.tasks import task

from lienhiep.core import services


@task
def export_write(export_id: int) -> None:
    services.export_write(export_id=export_id)
