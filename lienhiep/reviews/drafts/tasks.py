"""Background work of drafts, run by Django's tasks framework (`manage.py db_worker`)."""

from __future__ import annotations

from django.tasks import task

from lienhiep.reviews.drafts import services


@task
def draft_split(draft_id: int) -> None:
    services.draft_split(draft_id=draft_id)
