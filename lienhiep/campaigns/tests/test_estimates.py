"""An estimate ("ước đến 30/6") given in the half-year campaign is shown in the next campaign covering its period
(the annual one) beside what the unit's records now give for it, with the difference (REPORTING.md §5.6, 4)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from lienhiep.activities import services as activity_services
from lienhiep.campaigns import selectors, services
from lienhiep.campaigns.models import CampaignKind
from lienhiep.campaigns.tests.factories import at, half_year

pytestmark = pytest.mark.django_db
D = dt.date


def test_the_annual_campaign_shows_the_half_years_estimate_beside_the_actual_figure(world, client_for):
    # Given a half-year campaign taking estimates, answered on 20/06 with "3 trainings, estimated to 30/06"
    with time_machine.travel(at(2026, 6, 1, 9), tick=False):
        half = half_year(world.alice, world.ha_tinh, estimates_allowed=True)
    submission = half.submissions.get(org=world.lawyers_ht)
    figures = {"members.count": {"value": "0"}, "activities.count|kind=training": {"value": "3", "estimate": True}}
    with time_machine.travel(at(2026, 6, 20, 9), tick=False):
        services.submission_save(actor=world.alice, submission=submission, figures=figures, narratives={})
        services.submission_submit(actor=world.alice, submission=submission)
    services.submission_accept(actor=world.alice, submission=submission)
    # and two trainings in fact held by the end of June, one of them recorded after the submission
    for day in (D(2026, 5, 12), D(2026, 6, 27)):
        activity_services.activity_create(
            actor=world.alice, org=world.lawyers_ht, kind="training", title="Tập huấn pháp luật", start_date=day
        )
    # When the annual campaign of 2026 is opened in January
    with time_machine.travel(at(2027, 1, 5, 9), tick=False):
        annual = services.campaign_create(
            actor=world.alice, org=world.ha_tinh, kind=CampaignKind.ANNUAL, title="Báo cáo năm 2026",
            period_start=D(2026, 1, 1), period_end=D(2026, 12, 31), as_of=D(2026, 12, 31),
            deadline=at(2027, 1, 20), form=half.form,
        )  # fmt: skip
        services.campaign_open(actor=world.alice, campaign=annual)
    answer = annual.submissions.get(org=world.lawyers_ht)
    # then the unit's annual submission shows the estimate beside what its records give for the half-year
    rows = selectors.earlier_estimates(answer)
    assert [(r.campaign, r.label, r.estimate, r.actual, r.difference) for r in rows] == [
        (half, "Hoạt động (Tập huấn)", 3, 2, Decimal(-1))
    ]
    page = client_for(world.alice).get(reverse("campaigns:submission", args=[answer.pk])).content.decode()
    assert 'data-testid="earlier-estimate"' in page
    assert "Báo cáo 6 tháng đầu năm 2026" in page
    # and the other unit, which estimated nothing, is shown none; nor is the half-year campaign itself
    assert selectors.earlier_estimates(annual.submissions.get(org=world.hong_linh)) == []
    assert selectors.earlier_estimates(submission) == []
