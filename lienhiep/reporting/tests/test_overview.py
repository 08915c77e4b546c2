"""The node overview (`reporting.overview`): computed ahead for the unions, read back from its remembered pieces,
and computed again when the tree changes."""

import datetime as dt
import io
from decimal import Decimal

from django.core.management import call_command

from lienhiep.activities import services
from lienhiep.orgs import figures
from lienhiep.orgs import services as org_services
from lienhiep.orgs.models import RememberedFigure
from lienhiep.reporting import overview

D = dt.date


def _activity(world, org, on, **values):
    return services.activity_create(
        actor=world.root, org=org, kind="campaign", title=f"Vận động {on}", start_date=on, **values
    )


def test_warm_overviews_computes_the_unions_overviews_ahead(world, django_assert_num_queries):

    from lienhiep.orgs.selectors import today

    _activity(world, world.trung_luong, D(2024, 5, 3), money_raised=Decimal(1_000_000))
    call_command("warm_overviews", stdout=io.StringIO())
    # Then a province's overview reads its pieces back, one query per source: activities, initiatives, honours,
    # budgets, spending (the money raised per year adds up the activities' months read already:
    # orgs.figures.open_pieces_shared) — the closed ones and the open ones the warm-up stored for today (this month
    # of activities and honours, this year of initiatives, budgets and spending; decision 0020). One read is not
    # remembered, of one kind of activity by the kind's index: the plans ahead (legal advice by area, charity by
    # cause and the study tours' participants come from the activities' remembered months).
    start, end = overview.period(today())
    with django_assert_num_queries(5 + 1):
        figures_of_the_page = overview.figures(world.ha_tinh, start, end)
    assert figures_of_the_page["totals"].money_raised == 1_000_000
    assert RememberedFigure.objects.filter(org=world.ha_tinh).values("source").distinct().count() == 5


def test_a_change_to_the_tree_computes_the_overviews_again_once_committed(transactional_db, world):
    # Transactional: the task is enqueued when the change commits (the test settings run tasks at once).
    from django.db import connection, transaction

    from lienhiep.orgs.selectors import today

    _activity(world, world.trung_luong, D(2024, 5, 3), money_raised=Decimal(1_000_000))
    call_command("warm_overviews", stdout=io.StringIO())
    start, end = overview.period(today())
    stored = RememberedFigure.objects.filter(org=world.ha_tinh, source="activities", first__gte=start, last__lte=end)
    closed = [piece for piece in figures.pieces_of(start, end, "month") if figures.storable(*piece, "month", today())]
    assert stored.count() == len(closed) == len(figures.pieces_of(start, end, "month")) - 1  # all but this month
    # When units move (each move writes several events), the overviews are forgotten from that date
    with transaction.atomic():
        org_services.org_move(actor=world.root, org=world.y_te, new_parent=world.ha_tinh, on=D(2024, 9, 1))
        org_services.org_move(actor=world.root, org=world.branch, new_parent=world.trung_luong, on=D(2024, 10, 1))
        assert not stored.filter(last__gte=D(2024, 9, 1)).exists()
        # one task is waiting for the commit, however many events were written
        assert [entry[1] for entry in connection.run_on_commit] == [org_services._enqueue_warm]
    # and once committed, the task has computed them again
    assert stored.count() == len(closed)


def test_the_old_overview_urls_lead_to_the_new_with_their_query(world, client_for):
    from django.urls import reverse

    client = client_for(world.alice)
    query = {"node": world.hong_linh.pk, "start": "01/01/2023", "end": "31/12/2023"}
    page = client.get(reverse("activities:overview"), query)
    assert (page.status_code, page["Location"]) == (
        302,
        f"{reverse('reporting:overview')}?node={world.hong_linh.pk}&start=01%2F01%2F2023&end=31%2F12%2F2023",
    )
    export = client.get(reverse("activities:overview_export"), query)
    assert export["Location"].startswith(reverse("reporting:overview_export") + f"?node={world.hong_linh.pk}&")
    assert client_for(world.dan).get(reverse("activities:overview_export"), query).status_code == 404
