"""Remembered union counts: stored once, forgotten from the date of any change, always equal to a count."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from lienhiep.members import selectors, services
from lienhiep.members.models import Membership
from lienhiep.members.tests import imports
from lienhiep.orgs import figures
from lienhiep.orgs import selectors as org_selectors
from lienhiep.orgs import services as org_services
from lienhiep.orgs.models import RememberedFigure

D = dt.date
DAYS = [D(2015, 1, 1), D(2020, 6, 30), D(2021, 6, 30), D(2023, 12, 31), D(2026, 1, 1)]


def fresh(node, on, distinct=True):
    rows = Membership.objects.filter(selectors.memberships_on(on), org_id__in=org_selectors.subtree_ids(node, on=on))
    return rows.values("person_id").distinct().count() if distinct else rows.count()


def assert_all_true(world):
    for node in (world.national, world.ha_tinh, world.hong_linh, world.bac_ninh):
        for on in DAYS:
            assert selectors.member_count(node, on=on) == fresh(node, on), (node, on)
            assert selectors.member_count(node, on=on, distinct_persons=False) == fresh(node, on, False), (node, on)


def add(world, name, org, joined):
    person = services.person_create(actor=world.root, full_name=name)
    services.member_admit(actor=world.root, person=person, org=org, joined_on=joined)
    return person


def test_a_union_count_is_remembered_and_read_back_in_one_query(world):
    first = selectors.member_count(world.ha_tinh, on=D(2023, 12, 31))
    assert RememberedFigure.objects.filter(org=world.ha_tinh, source="members.persons", first=D(2023, 12, 31)).exists()
    with CaptureQueriesContext(connection) as queries:
        assert selectors.member_count(world.ha_tinh, on=D(2023, 12, 31)) == first
    assert len(queries) == 1
    # Associations are cheap to count and never stored.
    selectors.member_count(world.y_te, on=D(2023, 12, 31))
    assert not RememberedFigure.objects.filter(org=world.y_te).exists()


def test_a_change_forgets_the_figures_from_its_date_on(world):
    assert_all_true(world)
    counts = RememberedFigure.objects.filter(source__in=["members", "members.persons"])
    above = counts.filter(org__in=[world.national, world.ha_tinh, world.hong_linh])
    stored, elsewhere = above.count(), counts.filter(org=world.bac_ninh).count()
    assert (stored, elsewhere) == (3 * 5 * 2, 5 * 2)  # three unions above Trung tâm Y tế, five days, two counts
    add(world, "Trần Văn Hai", world.y_te, D(2021, 6, 30))
    # The unions above the association forget from that day on; Bắc Ninh's counts stay
    assert not above.filter(first__gte=D(2021, 6, 30)).exists()
    assert above.filter(first__lt=D(2021, 6, 30)).count() == stored * 2 // 5  # two of five days kept
    assert counts.filter(org=world.bac_ninh).count() == elsewhere
    assert_all_true(world)


def test_every_kind_of_change_keeps_the_figures_true(world):
    assert_all_true(world)
    hai = add(world, "Trần Văn Hai", world.y_te, D(2016, 1, 1))
    assert_all_true(world)
    services.member_admit(actor=world.root, person=hai, org=world.trung_luong, joined_on=D(2019, 1, 1))
    assert_all_true(world)
    services.membership_transfer(
        actor=world.root, membership=hai.memberships.get(org=world.y_te), to_org=world.lawyers_ht, on=D(2020, 1, 1)
    )
    assert_all_true(world)
    services.membership_end(
        actor=world.root, membership=hai.memberships.get(org=world.trung_luong), on=D(2022, 1, 1), reason="retirement"
    )
    assert_all_true(world)
    # An edit that moves a joining date later forgets from the old date.
    ms = hai.memberships.get(org=world.lawyers_ht)
    ms.joined_on = D(2021, 1, 1)
    ms.save()
    assert_all_true(world)
    # The tree: a member association moves to another province.
    org_services.org_move(actor=world.root, org=world.y_te, new_parent=world.bac_ninh, on=D(2021, 1, 1))
    assert_all_true(world)


def test_an_import_and_its_undo_forget_the_figures(world):
    csv = "Họ và tên,Hội,Ngày vào hội\n" + "".join(f"Người Nhập {i},{world.y_te.name},01/03/2019\n" for i in range(3))
    assert_all_true(world)
    batch = imports.done(world, imports.checked(world, imports.read(world, csv.encode(), "a.csv")))
    assert batch.created_persons == 3
    assert_all_true(world)
    services.import_undo(actor=world.alice, batch=batch)
    assert_all_true(world)


def test_warm_counts_the_unions_of_a_date_once(world):
    from io import StringIO

    import pytest
    from django.core.management import CommandError, call_command

    out = StringIO()
    call_command("warm_counts", on="31/12/2023", stdout=out)
    # (the unions' counts, added up from those of the units directly under them, stored too)
    counted = RememberedFigure.objects.filter(
        source="members.persons", first=D(2023, 12, 31), org__kind__in=["national", "provincial", "district"]
    )
    warmed = set(counted.values_list("org_id", flat=True))
    assert warmed == {world.national.pk, world.ha_tinh.pk, world.hong_linh.pk, world.bac_ninh.pk}
    assert out.getvalue().startswith("4 figures")
    call_command("warm_counts", on="31/12/2023", stdout=out)
    assert "0 figures" in out.getvalue()
    assert_all_true(world)
    with pytest.raises(CommandError):
        call_command("warm_counts", on="31/02/2023")


def test_the_change_between_two_days_is_remembered_until_a_record_on_or_before_the_second_day(world):
    # Given one member of Hà Tĩnh who left and one who joined between two days
    start, end = D(2020, 6, 30), D(2023, 12, 31)
    an = add(world, "Phạm Văn An", world.y_te, D(2019, 1, 1))
    services.membership_end(actor=world.root, membership=an.memberships.get(), on=D(2022, 5, 1), reason="retirement")
    add(world, "Đỗ Thị Bình", world.trung_luong, D(2021, 3, 1))
    # When the change is counted (a national report's is a pass over 770,000 memberships)
    change = selectors.member_change(world.ha_tinh, start=start, end=end)
    assert change == selectors.Change(at_start=2, at_end=2, joined=1, left=1, moved_in=0, moved_out=0)
    assert selectors.member_change(world.bac_ninh, start=start, end=end) == selectors.Change(0, 0, 0, 0, 0, 0)
    # Then it is remembered as one piece for the two days, and read back with the two remembered counts
    stored = RememberedFigure.objects.filter(source="members.change").order_by("org_id")
    pieces = [(world.ha_tinh.pk, start, end, {"j": 1, "l": 1, "mi": 0, "mo": 0})]
    pieces.append((world.bac_ninh.pk, start, end, {"j": 0, "l": 0, "mi": 0, "mo": 0}))
    assert list(stored.values_list("org", "first", "last", "data")) == pieces
    with CaptureQueriesContext(connection) as queries:
        assert selectors.member_change(world.ha_tinh, start=start, end=end) == change
    assert len(queries) == 3
    # A membership begun after the second day changes nothing of it: kept
    add(world, "Trần Văn Hai", world.y_te, D(2024, 3, 1))
    assert list(stored.values_list("org", "first", "last", "data")) == pieces
    # One begun before it forgets Hà Tĩnh's piece (not Bắc Ninh's), and the next read counts it
    add(world, "Lê Thị Ba", world.y_te, D(2022, 1, 1))
    assert list(stored.values_list("org", "first", "last", "data")) == pieces[1:]
    after = selectors.Change(at_start=2, at_end=3, joined=2, left=1, moved_in=0, moved_out=0)
    assert selectors.member_change(world.ha_tinh, start=start, end=end) == after
    with figures.computed_afresh():
        assert selectors.member_change(world.ha_tinh, start=start, end=end) == after
    # A unit that moves before the second day forgets both provinces' pieces
    org_services.org_move(actor=world.root, org=world.y_te, new_parent=world.bac_ninh, on=D(2023, 1, 1))
    assert not stored.exists()
    moved = selectors.Change(at_start=2, at_end=1, joined=1, left=1, moved_in=0, moved_out=1)
    assert selectors.member_change(world.ha_tinh, start=start, end=end) == moved
    with figures.computed_afresh():
        assert selectors.member_change(world.ha_tinh, start=start, end=end) == moved
