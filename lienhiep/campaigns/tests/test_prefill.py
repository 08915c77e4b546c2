"""The pre-fill: every unit's figures counted together (one grouped read per figure, the same values as unit by
unit), and, over more units than CAMPAIGN_PREFILL_INLINE, in the background with a progress bar on the board."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lienhiep.campaigns import selectors, services
from lienhiep.campaigns.demo import TITLE
from lienhiep.campaigns.models import Campaign, Submission, SubmissionEvent, slot
from lienhiep.campaigns.tests.factories import half_year
from lienhiep.core.events import jsonable
from lienhiep.reporting import registry

pytestmark = pytest.mark.django_db

# Every way of counting the grouped figures have, and one they do not group (read unit by unit).
FIGURES: list[dict[str, Any]] = [
    {"key": "members.count", "params": {}},
    {"key": "activities.count", "params": {}},
    {"key": "activities.count", "params": {"kind": "training"}},
    {"key": "activities.count", "params": {"kind": "legal_aid", "with_partner": "yes"}},
    {"key": "activities.sum", "params": {"figure": "participants"}},
    {"key": "activities.sum", "params": {"figure": "persons_advised", "kind": "legal_aid"}},
    {"key": "activities.sum", "params": {"figure": "money_raised", "kind": "campaign"}},
    {"key": "members.change", "params": {}},
]


def unit_by_unit(campaign: Campaign, org: Any) -> dict[str, Any]:
    """The pre-fill as it was read before it was grouped: each figure of each unit computed alone."""
    values: dict[str, Any] = {}
    with registry.figures_only():
        for item in campaign.form["figures"]:
            try:
                result = registry.compute(
                    item["key"], org, start=campaign.period_start, end=campaign.period_end, as_of=campaign.as_of,
                    params=item["params"],
                )  # fmt: skip
            except ValidationError:
                values[slot(item["key"], item["params"])] = None
                continue
            values[slot(item["key"], item["params"])] = jsonable(result.value)
    return values


def test_the_grouped_prefill_equals_the_unit_by_unit_one_on_the_demo(demo):
    campaign = Campaign.objects.get(title=TITLE)
    campaign.form = {**campaign.form, "figures": FIGURES}  # in memory only: more ways of counting than the demo's
    orgs = [submission.org for submission in campaign.submissions.select_related("org").order_by("id")]
    grouped = selectors.computed_figures_each(campaign, orgs)
    assert grouped == {org.pk: unit_by_unit(campaign, org) for org in orgs}
    assert len(orgs) == 23
    assert sum(values["members.count"] for values in grouped.values()) > 0
    assert sum(values["activities.count|kind=training"] for values in grouped.values()) > 0
    # The grouped figures cost the same whatever the number of units (the ungrouped one adds a read per unit).
    campaign.form = {**campaign.form, "figures": FIGURES[:3] + FIGURES[4:7]}
    with CaptureQueriesContext(connection) as few:
        selectors.computed_figures_each(campaign, orgs[:3])
    with CaptureQueriesContext(connection) as many:
        selectors.computed_figures_each(campaign, orgs)
    assert len(many) == len(few)


@override_settings(CAMPAIGN_PREFILL_INLINE=1)
def test_a_large_campaign_is_prefilled_in_the_background_with_a_progress_bar(
    world, client_for, django_capture_on_commit_callbacks
):
    # Given the province opening a campaign over more units than are pre-filled in the request
    with django_capture_on_commit_callbacks() as queued:
        campaign = half_year(world.alice, world.ha_tinh)
    submissions = list(campaign.submissions.order_by("id"))
    assert [(s.org, s.prefilled_at, s.figures) for s in submissions] == [
        (world.lawyers_ht, None, {}),
        (world.hong_linh, None, {}),
    ]
    # the board shows the counting under way, and a unit cannot fill its submission yet
    client = client_for(world.alice)
    board = client.get(reverse("campaigns:detail", args=[campaign.pk]))
    assert 'data-testid="prefill-progress"' in board.content.decode()
    assert "0 / 2" in board.content.decode()
    with pytest.raises(ValidationError) as refused:
        services.submission_save(actor=world.alice, submission=submissions[0], figures={}, narratives={})
    assert refused.value.code == "not_prefilled"
    page = client.get(reverse("campaigns:submission", args=[submissions[0].pk])).content.decode()
    assert 'data-testid="not-prefilled"' in page
    # When the task runs (the test backend runs it at once)
    assert len(queued) == 1
    queued[0]()
    # then every submission holds its figures, as the request would have filled them, with its event
    for submission in submissions:
        submission.refresh_from_db()
        assert submission.prefilled_at is not None
        assert {name: entry["computed"] for name, entry in submission.figures.items()} == unit_by_unit(
            campaign, submission.org
        )
        assert list(SubmissionEvent.objects.filter(submission=submission).values_list("kind", flat=True)) == ["prefill"]
    # and the progress bar tells the board to reload
    progress = client.get(reverse("campaigns:prefill", args=[campaign.pk]))
    assert (progress.status_code, progress["HX-Refresh"]) == (200, "true")
    board = client.get(reverse("campaigns:detail", args=[campaign.pk]))
    assert 'data-testid="prefill-progress"' not in board.content.decode()
    # Run again, it fills nothing more
    assert services.campaign_prefill(campaign_id=campaign.pk, actor_id=world.alice.pk) == 0
    assert SubmissionEvent.objects.filter(submission__campaign=campaign, kind="prefill").count() == 2


@override_settings(CAMPAIGN_PREFILL_INLINE=1)
def test_a_stopped_prefill_is_offered_again_to_the_officer(world, client_for, django_capture_on_commit_callbacks):
    # Given a pre-fill whose task never ran (its worker was stopped)
    with time_machine.travel(dt.datetime(2026, 7, 1, 8, tzinfo=dt.UTC), tick=False) as traveller:
        with django_capture_on_commit_callbacks():
            campaign = half_year(world.alice, world.ha_tinh)
        client = client_for(world.alice)
        progress = client.get(reverse("campaigns:prefill", args=[campaign.pk]))
        assert "HX-Refresh" not in progress
        assert "Pre-fill again" not in progress.content.decode()
        # when it has shown no progress for longer than IMPORT_STALE_AFTER
        traveller.shift(dt.timedelta(minutes=5))
        client = client_for(world.alice)
        progress = client.get(reverse("campaigns:prefill", args=[campaign.pk])).content.decode()
        assert 'value="prefill"' in progress
        # then the officer queues it again, and it fills every submission
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("campaigns:move", args=[campaign.pk]), {"action": "prefill"})
        assert response.status_code == 302
        assert Submission.objects.filter(campaign=campaign, prefilled_at__isnull=True).count() == 0
        # and asked once more, it says there is nothing left to do
        with pytest.raises(ValidationError) as refused:
            services.campaign_prefill_queue(actor=world.alice, campaign=campaign)
        assert refused.value.code == "prefilled"
