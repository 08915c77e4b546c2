"""Background work of campaigns, run by Django's tasks framework (`manage.py db_worker`)."""

from __future__ import annotations

from django.tasks import task

from lienhiep.campaigns import services


@task
def campaign_prefill(campaign_id: int, actor_id: int | None) -> None:
    """Pre-fill the submissions of a campaign opened over more units than CAMPAIGN_PREFILL_INLINE."""
    services.campaign_prefill(campaign_id=campaign_id, actor_id=actor_id)
