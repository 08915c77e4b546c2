"""Who may read, comment on, edit and approve a report (REPORTING.md §5.8): 404 outside, 403 inside."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from lienhiep.reporting import services
from lienhiep.reporting.models import Report, ReportStatus
from lienhiep.reporting.permissions import get_report_for_user
from lienhiep.reporting.tests.factories import mini_template

D = dt.date


def annual(world, org):
    template = mini_template(key="mini-annual", kind="annual", style="administrative")
    return services.report_create(
        actor=world.alice, org=org, kind="annual", template=template, period_start=D(2025, 1, 1),
        period_end=D(2025, 12, 31),
    )  # fmt: skip


def answer(user, report, need="view"):
    try:
        get_report_for_user(user, report.pk, need=need)
    except Http404:
        return 404
    except PermissionDenied:
        return 403
    return 200


@pytest.mark.django_db
def test_officers_do_everything_leaders_read_and_approve_their_own_units(world):
    town = annual(world, world.hong_linh)
    province = annual(world, world.ha_tinh)
    assert [answer(world.alice, town, need) for need in ("view", "comment", "edit", "approve")] == [200] * 4
    assert [answer(world.lan, town, need) for need in ("view", "comment", "edit", "approve")] == [200, 200, 403, 403]
    assert [answer(world.lan, province, need) for need in ("view", "comment", "edit", "approve")] == [
        200, 200, 403, 200,
    ]  # fmt: skip
    assert [answer(world.root, town, need) for need in ("view", "edit", "approve")] == [200, 200, 200]


@pytest.mark.django_db
def test_units_below_read_only_issued_reports_and_others_see_nothing(world):
    town = annual(world, world.hong_linh)
    # bob works under the town (Trung Lương): a draft is there but not his to read.
    assert answer(world.bob, town) == 403
    assert [answer(user, town) for user in (world.dan, world.chris, world.olga)] == [404, 404, 404]
    Report.objects.filter(pk=town.pk).update(status=ReportStatus.ISSUED)
    assert [answer(world.bob, town, need) for need in ("view", "comment", "edit", "approve")] == [200, 403, 403, 403]
    assert [answer(user, town) for user in (world.dan, world.chris, world.olga)] == [404, 404, 404]


@pytest.mark.django_db
def test_a_missing_or_malformed_id_is_404(world):
    for pk in (None, "abc", "²", 10**12):
        with pytest.raises(Http404):
            get_report_for_user(world.alice, pk)


@pytest.mark.django_db
def test_report_list_holds_what_each_user_may_read(world):
    from lienhiep.reporting import selectors

    town, province = annual(world, world.hong_linh), annual(world, world.ha_tinh)
    assert list(selectors.report_list(world.alice)) == [province, town]  # the newest first
    assert set(selectors.report_list(world.lan)) == {town, province}
    assert list(selectors.report_list(world.bob)) == []
    Report.objects.filter(pk=town.pk).update(status=ReportStatus.ISSUED)
    assert list(selectors.report_list(world.bob)) == [town]
    assert list(selectors.report_list(world.dan)) == []
    assert list(selectors.report_list(world.alice, org=world.ha_tinh)) == [province]
