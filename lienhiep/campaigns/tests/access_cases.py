from lienhiep.core.access_cases import EDIT, VIEW, Case


def _campaign(world):
    """Hà Tĩnh's H1 2026 campaign, opened by alice."""
    from lienhiep.campaigns.tests.factories import half_year

    return {"pk": half_year(world.alice, world.ha_tinh).pk}


def _sourced_block(world):
    """A text block of the town's 2023 report (reporting's access cases), and the town's H1 2023 campaign it may take
    its figures from. Here, not in reporting's cases: reporting never imports campaigns."""
    from lienhiep.campaigns.tests.factories import half_year
    from lienhiep.reporting.tests.access_cases import _block

    half_year(world.alice, world.hong_linh, year=2023)
    return _block(world)


def _source_data(world):
    from lienhiep.campaigns.models import Campaign

    return {"campaign": str(Campaign.objects.filter(org=world.hong_linh).order_by("-pk")[0].pk), "section": ""}


def _block_sourced(world, client):
    from lienhiep.reporting.models import Block

    return Block.objects.filter(content__campaign__isnull=False).exists()


CASES = {
    # Read like the campaign's board: whoever sees the requester; a unit in scope 403, anyone else 404.
    "campaigns:reconciliation": Case(kwargs=_campaign, methods={"GET": VIEW}),
    "campaigns:reconciliation_export": Case(kwargs=_campaign, methods={"GET": VIEW}),
    # The source of a report block's figures: the records, or one of the unit's campaigns over the report's period.
    "reporting:block_source": Case(
        kwargs=_sourced_block, methods={"GET": EDIT, "POST": EDIT}, data=_source_data, changed=_block_sourced
    ),
}
