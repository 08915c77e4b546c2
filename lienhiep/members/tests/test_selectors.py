import datetime as dt

import pytest

from lienhiep.members import selectors, services
from lienhiep.members.models import IntellectualEstimate, Person

D = dt.date


def add(world, name, org, joined, **values):
    person = services.person_create(actor=world.root, full_name=name, **values)
    services.member_admit(actor=world.root, person=person, org=org, joined_on=joined)
    return person


def test_association_counts_memberships_union_counts_persons(world):
    both = add(world, "Trần Văn Hai", world.y_te, D(2016, 1, 1))
    services.member_admit(actor=world.root, person=both, org=world.trung_luong, joined_on=D(2017, 1, 1))
    on = D(2020, 1, 1)
    assert selectors.member_count(world.y_te, on=on) == 2
    assert selectors.member_count(world.trung_luong, on=on) == 1
    assert selectors.member_count(world.hong_linh, on=on) == 2  # three memberships, two persons
    assert selectors.member_count(world.hong_linh, on=on, distinct_persons=False) == 3


def test_counts_as_of_a_date_and_flow_over_a_period(world):
    left = add(world, "Lê Thị Ba", world.trung_luong, D(2010, 1, 1))
    services.membership_end(actor=world.root, membership=left.memberships.get(), on=D(2019, 6, 1), reason="retirement")
    add(world, "Võ Văn Tư", world.trung_luong, D(2019, 9, 1))
    add(world, "Đặng Thị Năm", world.trung_luong, D(2020, 2, 1))
    flow = selectors.member_flow(world.hong_linh, start=D(2018, 6, 15), end=D(2023, 12, 31))
    assert (flow.at_start, flow.joined, flow.left, flow.at_end, flow.net) == (2, 2, 1, 3, 1)


def test_breakdown_and_share_of_intellectuals(world):
    add(world, "Phan Thị Sáu", world.trung_luong, D(2010, 1, 1), gender="f", education="ths", birth_date=D(1990, 1, 1))
    add(world, "Hồ Văn Bảy", world.trung_luong, D(2010, 1, 1), gender="m", education="tc", birth_date=D(1960, 1, 1))
    IntellectualEstimate.objects.create(org=world.hong_linh, year=2023, count=4)
    result = selectors.member_breakdown(world.hong_linh, on=D(2023, 12, 31))
    assert result.total == 3
    assert result.by_gender == {"f": 1, "m": 2}
    assert result.by_education == {"dh": 1, "tc": 1, "ths": 1}
    assert result.by_group == {"agencies": 1, "wards": 2}
    assert result.by_age == {"30-39": 1, "40-49": 1, "60+": 1}
    assert result.intellectuals == 2
    assert selectors.intellectual_share(world.hong_linh, year=2023) == (2, 4, 50.0)


def test_a_unions_breakdown_is_added_up_from_its_units_each_person_once(world):
    """A district's (or a province's) breakdown is the sum of its units' remembered breakdowns, less each person
    counted in more than one of them; a membership saved in one unit counts that unit again, not the others."""
    from lienhiep.members.models import Field
    from lienhiep.orgs import figures
    from lienhiep.orgs.models import RememberedFigure

    health = Field.objects.create(code="y-hoc", name="Y học")
    both = add(world, "Phan Thị Sáu", world.trung_luong, D(2010, 1, 1), gender="f", education="ths",
               birth_date=D(1990, 1, 1), fields=[health])  # fmt: skip
    services.member_admit(actor=world.root, person=both, org=world.branch, joined_on=D(2017, 1, 1))
    on = D(2023, 12, 31)
    with figures.computed_afresh():
        fresh = selectors.member_breakdown(world.hong_linh, on=on)
    result = selectors.member_breakdown(world.hong_linh, on=on)
    assert result == fresh
    assert result.total == 2  # world.person and `both`, in both associations (y_te through its branch)
    assert result.by_gender["f"] == 1 and result.by_education["ths"] == 1 and result.by_age["30-39"] == 1
    assert result.by_field == {"Y học": 1}
    assert result.by_group == {"": 1, "agencies": 1, "wards": 1}  # the branch has no group of its own
    parts = RememberedFigure.objects.filter(source="members.breakdown", first=on, last=on)
    kept = parts.get(org=world.trung_luong)
    assert set(parts.values_list("org_id", flat=True)) == {world.hong_linh.pk, world.trung_luong.pk, world.y_te.pk}

    add(world, "Hồ Văn Bảy", world.y_te, D(2015, 1, 1), gender="m", education="ths", birth_date=D(1960, 1, 1))
    # The write forgets y_te's part and the district's, not trung_luong's: it is read, not counted again.
    assert set(parts.values_list("org_id", flat=True)) == {world.trung_luong.pk}
    result = selectors.member_breakdown(world.hong_linh, on=on)
    assert parts.get(org=world.trung_luong).pk == kept.pk
    with figures.computed_afresh():
        assert result == selectors.member_breakdown(world.hong_linh, on=on)
    assert (result.total, result.by_education["ths"], result.by_group) == (3, 2, {"": 1, "agencies": 2, "wards": 1})


def test_the_statistics_count_a_union_on_their_day_by_its_breakdown(world):
    """The statistics' last point over time, their own day, is the breakdown's total (the same persons, each once):
    not counted again nor stored as that day's count by the page, and equal to `member_count` from the records."""
    from lienhiep.members import statistics
    from lienhiep.orgs import figures
    from lienhiep.orgs.models import RememberedFigure
    from lienhiep.orgs.selectors import today

    both = add(world, "Phan Thị Sáu", world.trung_luong, D(2010, 1, 1), education="ths")
    services.member_admit(actor=world.root, person=both, org=world.y_te, joined_on=D(2017, 1, 1))
    on = today()
    found = statistics.figures(world.hong_linh, on)
    assert found["over_time"][-1] == (on, 2)  # world.person and `both`, in two associations
    assert found["gathered"] == found["breakdown"].intellectuals == 2
    counts = RememberedFigure.objects.filter(source="members.persons", org=world.hong_linh)
    assert not counts.filter(first=on).exists()
    assert counts.count() == 9  # the nine year-ends before
    with figures.computed_afresh():
        assert selectors.member_count(world.hong_linh, on=on) == 2
        assert statistics.figures(world.hong_linh, on) == found


def test_search_ignores_diacritics_case_and_nfd(world):
    import unicodedata

    add(world, "Đậu Thị Liêu", world.trung_luong, D(2010, 1, 1), phone="0987 654 321")
    visible = Person.objects.none().values("pk")
    from lienhiep.orgs.permissions import orgs_at_least

    visible = orgs_at_least(world.alice).values("pk")

    def search(q):
        filters = selectors.ListFilters(q=q, status="all")
        return [p.full_name for p in selectors.person_list(visible_org_ids=visible, filters=filters)]

    assert search("dau lieu") == ["Đậu Thị Liêu"]
    assert search("ĐẬU") == ["Đậu Thị Liêu"]
    assert search(unicodedata.normalize("NFD", "Liêu")) == ["Đậu Thị Liêu"]
    assert search("nguyen van an") == ["Nguyễn Văn An"]
    assert search("654321") == ["Đậu Thị Liêu"]
    assert search("0912 345") == ["Nguyễn Văn An"]


def test_list_is_sorted_by_given_name_in_vietnamese_order(world):
    from lienhiep.orgs.permissions import orgs_at_least

    for name in ["Trần Thị Ánh", "Lê Văn Đức", "Phạm Văn Dũng", "Ngô Thị Ân"]:
        add(world, name, world.trung_luong, D(2010, 1, 1))
    names = [
        p.full_name
        for p in selectors.person_list(
            visible_org_ids=orgs_at_least(world.alice).values("pk"), filters=selectors.ListFilters(status="all")
        )
    ]
    assert names == ["Nguyễn Văn An", "Trần Thị Ánh", "Ngô Thị Ân", "Phạm Văn Dũng", "Lê Văn Đức"]


def test_outsiders_list_is_empty(world):
    from lienhiep.orgs.permissions import orgs_at_least

    rows = selectors.person_list(
        visible_org_ids=orgs_at_least(world.dan).values("pk"), filters=selectors.ListFilters(status="all")
    )
    assert list(rows) == []


def test_a_full_name_search_keeps_vietnamese_name_order(world):
    from lienhiep.core.text import person_sort_key

    names = ["Nguyễn Văn Hùng", "Nguyễn Văn Hưng", "Nguyễn Văn Hùng", "Nguyễn Văn Hũng"]
    for name in names:
        add(world, name, world.y_te, D(2020, 1, 1))
    found = selectors.person_list(visible_org_ids=None, filters=selectors.ListFilters(q="nguyen van hung"))
    assert [p.full_name for p in found] == sorted(names, key=person_sort_key)
    pks = [p.pk for p in found]
    assert pks == sorted(pks, key=lambda pk: (Person.objects.get(pk=pk).name_sort, pk))
    assert [p.pk for p in found.reverse()] == pks[::-1]


def test_the_list_count_equals_the_list_whatever_the_filters(world):
    both = add(world, "Trần Văn Hai", world.y_te, D(2016, 1, 1), education="ths")
    services.member_admit(actor=world.root, person=both, org=world.trung_luong, joined_on=D(2017, 1, 1))
    add(world, "Lê Thị Ba", world.trung_luong, D(2019, 1, 1))
    visible_sets = [None, [world.y_te.pk, world.trung_luong.pk], [world.lawyers_bn.pk]]
    filter_sets = [
        selectors.ListFilters(),
        selectors.ListFilters(node=world.hong_linh),
        selectors.ListFilters(status="all", joined_from=D(2017, 1, 1)),
        selectors.ListFilters(education="ths"),
        selectors.ListFilters(q="tran"),
    ]
    for visible in visible_sets:
        for filters in filter_sets:
            listed = selectors.person_list(visible_org_ids=visible, filters=filters)
            assert selectors.person_list_count(visible_org_ids=visible, filters=filters, cap=100) == len(listed)
            assert selectors.person_list_count(visible_org_ids=visible, filters=filters, cap=0) == min(1, len(listed))
            counted, count = selectors.person_list_counted(visible_org_ids=visible, filters=filters, cap=100)
            assert (list(counted), count) == (list(listed), len(listed))


def test_the_national_union_picked_lists_the_whole_tree(world):
    # Picked in the unit picker, the top of the tree is read by the whole tree's plans, with the same answer.
    hai = add(world, "Trần Văn Hai", world.y_te, D(2016, 1, 1), education="ths")
    ba = add(world, "Lê Thị Ba", world.lawyers_bn, D(2019, 1, 1))
    for extra in ({}, {"q": "tran"}, {"education": "ths"}, {"status": "all"}):
        picked = selectors.ListFilters(node=world.national, **extra)
        whole = selectors.ListFilters(**extra)
        listed = [p.pk for p in selectors.person_list(visible_org_ids=None, filters=picked)]
        assert listed == [p.pk for p in selectors.person_list(visible_org_ids=None, filters=whole)]
        assert selectors.person_list_count(visible_org_ids=None, filters=picked, cap=100) == len(listed)
    everyone = selectors.person_list(visible_org_ids=None, filters=selectors.ListFilters(node=world.national))
    assert {hai, ba} <= set(everyone)


def test_each_listed_person_comes_with_the_unit_they_are_listed_for(world):
    from lienhiep.orgs.permissions import orgs_at_least

    # Given two namesakes, one who left Trung Lương for Y tế and one who left Y tế
    moved = add(world, "Phan Văn Bảy", world.trung_luong, D(2010, 1, 1), birth_date=D(1970, 5, 1))
    services.membership_end(actor=world.root, membership=moved.memberships.get(), on=D(2019, 6, 1), reason="transfer")
    services.member_admit(actor=world.root, person=moved, org=world.y_te, joined_on=D(2019, 6, 1))
    gone = add(world, "Phan Văn Bảy", world.y_te, D(2012, 1, 1), birth_date=D(1985, 2, 1))
    services.membership_end(actor=world.root, membership=gone.memberships.get(), on=D(2020, 1, 1), reason="retirement")
    visible = orgs_at_least(world.alice).values("pk")
    # when the officer lists everyone, each comes with the open membership, else the last one left
    units = selectors.person_list_units(
        person_ids=[moved.pk, gone.pk], visible_org_ids=visible, filters=selectors.ListFilters(status="all")
    )
    assert units == {moved.pk: "Hội KH&KT Trung tâm Y tế", gone.pk: "Hội KH&KT Trung tâm Y tế"}
    # and, listing those who left, the unit they left
    units = selectors.person_list_units(
        person_ids=[moved.pk, gone.pk], visible_org_ids=visible, filters=selectors.ListFilters(status="left")
    )
    assert units == {moved.pk: "Hội KH&KT phường Trung Lương", gone.pk: "Hội KH&KT Trung tâm Y tế"}


# --- Searches of issue 11: phones however written, card numbers in part -----------------------------------------


def _search_as(user, q):
    from lienhiep.orgs.permissions import org_ids_at_least

    filters = selectors.ListFilters(q=q, status="all")
    return [p.full_name for p in selectors.person_list(visible_org_ids=org_ids_at_least(user), filters=filters)]


def test_a_phone_is_found_however_it_is_written(world):
    add(world, "Đậu Thị Liêu", world.trung_luong, D(2010, 1, 1), phone="0987.654.321")
    add(world, "Hồ Văn Bảy", world.trung_luong, D(2010, 1, 1), phone="+84 239 3836 123")
    for typed in ("+84 987 654 321", "84987654321", "0084 987 654 321", "0987 654 321", "0987.654.321",
                  "987654321", "+84 987 654", "0987 654", "654 321"):  # fmt: skip
        assert _search_as(world.alice, typed) == ["Đậu Thị Liêu"], typed
    for typed in ("0239 3836 123", "+84 239 3836 123", "02393836123", "3836 123"):
        assert _search_as(world.alice, typed) == ["Hồ Văn Bảy"], typed
    # Typed with its 0, the number starts there: "0987" is not the middle of another number.
    add(world, "Lê Văn Tám", world.trung_luong, D(2010, 1, 1), phone="0912 098 765")
    assert _search_as(world.alice, "0987") == ["Đậu Thị Liêu"]
    assert _search_as(world.alice, "0987 65") == ["Đậu Thị Liêu"]
    assert _search_as(world.alice, "98 765") == ["Đậu Thị Liêu", "Lê Văn Tám"]  # no 0 of its own: any part


def test_a_card_number_is_found_in_part_only_by_its_own_province(world):
    # Found in issue 11: only a whole card number was found, and another province's card numbers found a person too.
    world.membership.card_number = "HT-20150417"
    world.membership.save(update_fields=["card_number"])
    bn = add(world, "Trần Thị Mười", world.lawyers_bn, D(2018, 1, 1))
    bn.memberships.update(card_number="BN-0417")
    services.member_admit(
        actor=world.root, person=world.person, org=world.lawyers_bn, joined_on=D(2020, 1, 1), card_number="BN-9999"
    )
    assert _search_as(world.alice, "0417") == ["Nguyễn Văn An"]  # the last digits
    assert _search_as(world.alice, "2015") == ["Nguyễn Văn An"]  # the middle
    assert _search_as(world.alice, "ht-2015 0417".replace(" ", "")) == ["Nguyễn Văn An"]
    assert _search_as(world.chris, "0417") == ["Trần Thị Mười"]
    # Bắc Ninh's card of a person Hà Tĩnh also holds does not find them for Hà Tĩnh.
    assert _search_as(world.alice, "BN-9999") == []
    assert _search_as(world.chris, "9999") == ["Nguyễn Văn An"]


def test_the_stored_phone_key_is_the_searched_one_after_the_migration(world):
    # The migration's statement computes, in SQL, what `core.text.phone_key` computes for a new phone.
    import importlib
    import re

    from django.db import connection

    from lienhiep.core.text import phone_key

    forward = importlib.import_module("lienhiep.members.migrations.0019_phone_digits_as_searched").FORWARD
    phones = ["0987.654.321", "+84 912 345 678", "84912345678", "0084 912 345 678", "+1 202 555 0100",
              "0239 3836 123", "912345678", "84912", " +84 (0) 912 345 678", "+0084 912 345 678",
              "0084 0912 345 678"]  # fmt: skip
    for n, phone in enumerate(phones):
        add(world, f"Người {n}", world.y_te, D(2010, 1, 1), phone=phone)
    for person in Person.objects.exclude(phone=""):
        Person.objects.filter(pk=person.pk).update(phone_digits=re.sub(r"\D", "", person.phone))
    with connection.cursor() as cursor:
        cursor.execute(forward)
    stored = dict(Person.objects.exclude(phone="").values_list("phone", "phone_digits"))
    assert stored == {phone: phone_key(phone) for phone in [*phones, "0912 345 678"]}


def test_a_membership_holds_its_persons_searched_name_whoever_writes(world):
    from lienhiep.members.models import Membership

    def copies(person):
        return sorted(Membership.objects.filter(person=person).values_list("name_folded", flat=True))

    # Given a member of two associations
    hai = add(world, "Trần Văn Hai", world.y_te, D(2016, 1, 1))
    services.member_admit(actor=world.root, person=hai, org=world.trung_luong, joined_on=D(2017, 1, 1))
    assert copies(hai) == ["tran van hai", "tran van hai"]
    # renamed through the service: both memberships follow
    services.person_update(actor=world.root, person=hai, full_name="Trần Văn Hải Đăng")
    assert copies(hai) == ["tran van hai dang", "tran van hai dang"]
    # a copy written around the services is put back
    Membership.objects.filter(person=hai).update(name_folded="someone else")
    assert copies(hai) == ["tran van hai dang", "tran van hai dang"]
    # a membership given to another person (as a merge moves them) takes that person's name
    ba = add(world, "Lê Thị Ba", world.lawyers_ht, D(2019, 1, 1))
    Membership.objects.filter(person=hai, org=world.y_te).update(person=ba)
    assert copies(ba) == ["le thi ba", "le thi ba"]
    assert copies(hai) == ["tran van hai dang"]
    # and one written in bulk, with any name, gets its person's
    Membership.objects.bulk_create(
        [Membership(person=ba, org=world.hong_linh, joined_on=D(2020, 1, 1), name_folded="x")]
    )
    assert copies(ba) == ["le thi ba", "le thi ba", "le thi ba"]


def test_a_province_searched_by_name_finds_its_members_by_their_current_names(world):
    from lienhiep.orgs.permissions import org_ids_at_least

    # Given two Hà Tĩnh members and a Bắc Ninh namesake
    hai = add(world, "Trần Văn Hai", world.y_te, D(2016, 1, 1))
    add(world, "Trần Thị Hai", world.trung_luong, D(2016, 1, 1))
    add(world, "Trần Văn Hai", world.lawyers_bn, D(2016, 1, 1))
    visible = org_ids_at_least(world.alice)

    def search(q):
        filters = selectors.ListFilters(q=q)
        names = [p.full_name for p in selectors.person_list(visible_org_ids=visible, filters=filters)]
        assert selectors.person_list_count(visible_org_ids=visible, filters=filters, cap=100) == len(names)
        return names

    # Alice finds her province's, in name order, whatever the case and marks typed
    assert search("TRẦN hai") == ["Trần Thị Hai", "Trần Văn Hai"]
    assert search("van hai") == ["Trần Văn Hai"]
    # and, once one is renamed, by the new name only
    services.person_update(actor=world.root, person=hai, full_name="Trần Văn Hải Đăng")
    assert search("van hai") == ["Trần Văn Hải Đăng"]
    assert search("dang") == ["Trần Văn Hải Đăng"]
    assert search("tran thi") == ["Trần Thị Hai"]
    # a member who has left is not on today's list
    services.membership_end(actor=world.root, membership=hai.memberships.get(), on=D(2024, 1, 1), reason="retirement")
    assert search("tran") == ["Trần Thị Hai"]


def test_a_membership_says_whether_its_person_has_another_whoever_writes(world):
    from lienhiep.members.models import Membership

    def shared(person):
        return sorted(Membership.objects.filter(person=person).values_list("shared", flat=True))

    # Given a member of one association: not shared
    hai = add(world, "Trần Văn Hai", world.y_te, D(2016, 1, 1))
    assert shared(hai) == [False]
    # admitted to a second through the service: both rows say so
    services.member_admit(actor=world.root, person=hai, org=world.trung_luong, joined_on=D(2017, 1, 1))
    assert shared(hai) == [True, True]
    # a flag written around the services is not what a row holds once another is written for the person
    ba = add(world, "Lê Thị Ba", world.lawyers_ht, D(2019, 1, 1))
    Membership.objects.filter(person=hai, org=world.y_te).update(person=ba)  # as a merge moves them
    assert shared(hai) == [False]
    assert shared(ba) == [True, True]
    # one deleted (as a merge removes a twin, an import undone removes its rows): the other is alone again
    Membership.objects.filter(person=ba, org=world.y_te).delete()
    assert shared(ba) == [False]
    # and rows written in bulk with any flag get their person's
    Membership.objects.bulk_create(
        [Membership(person=ba, org=world.hong_linh, joined_on=D(2020, 1, 1), shared=False),
         Membership(person=hai, org=world.hong_linh, joined_on=D(2020, 1, 1), shared=True)]
    )  # fmt: skip
    assert shared(ba) == [True, True]
    assert shared(hai) == [True, True]
    # many persons' rows in one statement, some with another membership and some without, then all deleted
    many = [add(world, f"Người {n}", world.y_te, D(2018, 1, 1)) for n in range(6)]
    Membership.objects.bulk_create(
        [Membership(person=p, org=world.lawyers_bn, joined_on=D(2021, 1, 1)) for p in many[:4]]
        + [Membership(person=ba, org=world.trung_luong, joined_on=D(2021, 1, 1))]
    )
    assert [shared(p) for p in many] == [[True, True]] * 4 + [[False]] * 2
    assert shared(ba) == [True, True, True]
    Membership.objects.filter(org__in=[world.lawyers_bn, world.trung_luong], joined_on=D(2021, 1, 1)).delete()
    assert [shared(p) for p in many] == [[False]] * 6
    assert shared(ba) == [True, True]


def test_two_units_admitting_one_person_at_once_both_say_so(transactional_db, world):
    # On PostgreSQL the flag is set once per statement, after the statement's persons are locked: the second
    # row's statement waits for the first's transaction to commit, then counts its row. Rows written around the
    # services (which take locks of their own): without the trigger's lock each would count its own only.
    import threading

    from django.db import connection, connections, transaction

    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writer at a time")

    from lienhiep.members.models import Membership
    from lienhiep.orgs.models import RememberedFigure

    hai = services.person_create(actor=world.root, full_name="Trần Văn Hai")
    # no stored figure for the two inserts to delete: their deletes of the same rows would make them wait too
    RememberedFigure.objects.all().delete()
    admitted, release, second = threading.Event(), threading.Event(), threading.Event()
    failures: list[BaseException] = []

    def first() -> None:
        try:
            with transaction.atomic():
                Membership.objects.create(person=hai, org=world.y_te, joined_on=D(2020, 1, 1))
                admitted.set()
                release.wait(10)
        except BaseException as error:  # noqa: BLE001 - reported by the test below
            failures.append(error)
        finally:
            connections.close_all()

    def other() -> None:
        try:
            Membership.objects.create(person=hai, org=world.lawyers_bn, joined_on=D(2020, 1, 1))
            second.set()
        except BaseException as error:  # noqa: BLE001
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=first), threading.Thread(target=other)]
    threads[0].start()
    assert admitted.wait(10)
    threads[1].start()
    assert not second.wait(1)  # the second admission waits for the first's transaction
    release.set()
    for thread in threads:
        thread.join(10)
    assert failures == []
    assert sorted(Membership.objects.filter(person=hai).values_list("shared", flat=True)) == [True, True]


def test_memberships_written_before_their_person_get_the_name(world):
    from django.db import transaction

    from lienhiep.members.models import Membership

    # Given rows loaded table by table, memberships first (foreign keys are checked at commit)
    pk = Person.objects.order_by("-pk").values_list("pk", flat=True).first() + 1000
    with transaction.atomic():
        Membership.objects.bulk_create([Membership(person_id=pk, org=world.y_te, joined_on=D(2020, 1, 1))])
        Person.objects.bulk_create([Person(pk=pk, full_name="Lý Thị Mười", name_folded="ly thi muoi", name_sort="x")])
    # the membership holds the person's name all the same
    assert list(Membership.objects.filter(person_id=pk).values_list("name_folded", flat=True)) == ["ly thi muoi"]


@pytest.mark.parametrize("read", [5_000, 4], ids=["ids read first", "more matches than are read"])
def test_a_province_list_found_before_it_is_sorted_keeps_name_order_and_pages(world, monkeypatch, read):
    # An education with an age band, or a number typed, within a part of the tree: the matches are found first
    # and then sorted (another query shape); the list, its pages and its count are what the walk gives, whether
    # the matches' ids were read into a list or (more of them than MATCHED_READ) found in the database.
    monkeypatch.setattr(selectors, "MATCHED_READ", read)
    from lienhiep.core.paging import keyset_page
    from lienhiep.orgs.permissions import org_ids_at_least

    born = D(1990, 5, 1)
    for n, name in enumerate(["Trần Thị Ánh", "Lê Văn Đức", "Phạm Văn Dũng", "Ngô Thị Ân", "Võ Văn An"]):
        add(world, name, world.y_te, D(2010, 1, 1), education="ths", birth_date=born, phone=f"0912 000 10{n}")
    add(world, "Bùi Thị Ba", world.y_te, D(2010, 1, 1), education="ths", birth_date=D(1960, 1, 1), phone="0912 000 200")
    add(world, "Hồ Văn Bảy", world.trung_luong, D(2010, 1, 1), education="ts", birth_date=born, phone="0912 000 201")
    add(world, "Đỗ Thị Tư", world.lawyers_bn, D(2010, 1, 1), education="ths", birth_date=born, phone="0912 000 102")
    visible = org_ids_at_least(world.alice)
    expected = ["Võ Văn An", "Trần Thị Ánh", "Ngô Thị Ân", "Phạm Văn Dũng", "Lê Văn Đức"]
    on = D(2025, 6, 1)
    for filters in (
        selectors.ListFilters(node=world.hong_linh, education="ths", age="30-39", on=on),
        selectors.ListFilters(education="ths", age="30-39", on=on),
        selectors.ListFilters(node=world.hong_linh, q="0912 000 10", on=on),
    ):
        listed = selectors.person_list(visible_org_ids=visible, filters=filters)
        assert [p.full_name for p in listed] == expected
        assert [p.full_name for p in listed.reverse()] == expected[::-1]
        assert selectors.person_list_count(visible_org_ids=visible, filters=filters, cap=100) == 5
        counted, count = selectors.person_list_counted(visible_org_ids=visible, filters=filters, cap=100)
        assert ([p.full_name for p in counted], count) == (expected, 5)
        assert selectors.person_list_counted(visible_org_ids=visible, filters=filters, cap=3)[1] == 4
        first, cursors = keyset_page(listed, None, None, key="name_sort", page_size=2)
        second, around = keyset_page(listed, cursors["after"], None, key="name_sort", page_size=2)
        back, _ = keyset_page(listed, None, around["before"], key="name_sort", page_size=2)
        assert [p.full_name for p in first + second] == expected[:4]
        assert back == first


def test_a_unit_a_role_sits_on_listed_today_needs_no_list_of_the_visible_units(world):
    # Given alice's role on Hà Tĩnh: its list today is bounded by the unit filtered on; any other list is not.
    from lienhiep.orgs.permissions import org_ids_at_least

    today = selectors.org_selectors.today()
    visible = org_ids_at_least(world.alice)
    assert selectors.list_visible_ids(world.alice, selectors.ListFilters(node=world.ha_tinh)) is None
    assert selectors.list_visible_ids(world.alice, selectors.ListFilters(node=world.ha_tinh, q="tran")) is None
    for filters in [
        selectors.ListFilters(),
        selectors.ListFilters(node=world.hong_linh),  # under the role's unit, not the unit itself
        selectors.ListFilters(node=world.ha_tinh, q="0912"),  # a number: cards of every unit alice sees
        selectors.ListFilters(node=world.ha_tinh, on=today - dt.timedelta(days=1)),  # the tree of another day
    ]:
        assert selectors.list_visible_ids(world.alice, filters) == visible
    # The same list either way.
    add(world, "Trần Văn Hai", world.y_te, D(2016, 1, 1))
    for filters in [selectors.ListFilters(node=world.ha_tinh, status=s) for s in ("current", "left", "all")]:
        both = [[p.pk for p in selectors.person_list(visible_org_ids=ids, filters=filters)] for ids in (visible, None)]
        assert both[0] == both[1]
        counts = {selectors.person_list_count(visible_org_ids=ids, filters=filters, cap=100) for ids in (visible, None)}
        assert counts == {len(both[0])}


def test_a_unions_current_members_are_counted_as_its_member_count_and_follow_a_change(world):
    # Given Hà Tĩnh's list of its current members (its count remembered as member_count's):
    filters = selectors.ListFilters(node=world.ha_tinh)
    today = selectors.org_selectors.today()

    def counted() -> tuple[int, int]:
        listed = len(selectors.person_list(visible_org_ids=None, filters=filters))
        return selectors.person_list_counted(visible_org_ids=None, filters=filters, cap=100)[1], listed

    before = counted()
    assert before[0] == before[1] == selectors.member_count(world.ha_tinh, on=today) > 0
    # When a person joins and another leaves (the remembered count forgotten by the database):
    add(world, "Lê Thị Ba", world.trung_luong, D(2019, 1, 1))
    assert counted() == (before[0] + 1, before[0] + 1)
    services.membership_end(
        actor=world.root, membership=Person.objects.get(full_name="Lê Thị Ba").memberships.get(), on=today,
        reason="retirement",
    )  # fmt: skip
    # Then the count is the list's, and capped as the list's.
    assert counted() == before
    assert selectors.person_list_counted(visible_org_ids=None, filters=filters, cap=0)[1] == 1


def test_members_over_time_are_the_counts_of_each_day(world, django_assert_max_num_queries):
    add(world, "Lê Thị Ba", world.trung_luong, D(2019, 1, 1))
    days = [D(2018, 12, 31), D(2019, 12, 31), selectors.org_selectors.today()]
    expected = [(on, selectors.member_count(world.ha_tinh, on=on)) for on in days]
    assert selectors.members_over_time(world.ha_tinh, dates=days) == expected
    with django_assert_max_num_queries(1):  # remembered: one read for the three days
        assert selectors.members_over_time(world.ha_tinh, dates=days) == expected
    assert selectors.members_over_time(world.trung_luong, dates=days) == [
        (on, selectors.member_count(world.trung_luong, on=on)) for on in days
    ]


def test_the_list_filtered_by_an_age_band_counts_what_the_band_row_says_on_the_31st(world):
    # Found on 29/11/2026: the list's age filter clipped the day to the 28th, so on the 29th-31st of a month
    # people born in those last days fell into the next band on the list and not in the statistics.
    from lienhiep.orgs.permissions import org_ids_at_least

    on = D(2025, 12, 31)
    add(world, "Lê Thị Ba Mươi", world.y_te, D(2010, 1, 1), birth_date=D(1995, 12, 30))  # 30 on the day
    add(world, "Lê Văn Hai Chín", world.y_te, D(2010, 1, 1), birth_date=D(1996, 1, 1))  # 29 on the day
    by_age = selectors.member_breakdown(world.y_te, on=on).by_age
    visible = org_ids_at_least(world.alice)
    for band in ("0-29", "30-39"):
        filters = selectors.ListFilters(node=world.y_te, age=band, on=on)
        listed = [p.full_name for p in selectors.person_list(visible_org_ids=visible, filters=filters)]
        assert len(listed) == by_age.get(band, 0)
    assert "Lê Thị Ba Mươi" in [
        p.full_name
        for p in selectors.person_list(
            visible_org_ids=visible, filters=selectors.ListFilters(node=world.y_te, age="30-39", on=on)
        )
    ]


def _listed(user, filters):
    """The member list's rows and count as the view reads them (members.views.member_list)."""
    visible = selectors.list_visible_ids(user, filters)
    persons, count = selectors.person_list_counted(visible_org_ids=visible, filters=filters, cap=10_000)
    return sorted(p.full_name for p in persons), count


@pytest.mark.parametrize("ended", ["dissolved under it", "merged into a unit under it"])
def test_an_officers_list_with_nothing_picked_is_their_units_own_and_keeps_the_ended_units_members(world, ended):
    # Session 21: a province officer's first page is read as their province's list (its count the province's
    # remembered member count), the same persons as the units they see; a unit ended under it, or merged into one
    # of its units from elsewhere, with a current member keeps the list on the units' ids: that member stays
    # listed and counted.
    from lienhiep.orgs import services as org_services
    from lienhiep.orgs.permissions import org_ids_at_least
    from lienhiep.orgs.selectors import today

    add(world, "Hồ Thị Một", world.trung_luong, D(2012, 1, 1))
    add(world, "Phan Văn Hai", world.lawyers_bn, D(2012, 1, 1))
    nothing = selectors.ListFilters()

    def as_units():
        visible = org_ids_at_least(world.alice)
        persons, count = selectors.person_list_counted(visible_org_ids=visible, filters=nothing, cap=10_000)
        return sorted(p.full_name for p in persons), count

    picked = selectors.own_unit_picked(world.alice, nothing)
    assert picked.node == world.ha_tinh
    assert selectors.list_visible_ids(world.alice, picked) is None
    assert _listed(world.alice, picked) == as_units() == (["Hồ Thị Một", "Nguyễn Văn An"], 2)
    # Filtered, searched, or asked of another day: nothing is picked; nor for the whole tree's officer.
    others = [
        selectors.ListFilters(q="hai"),
        selectors.ListFilters(education="ths"),
        selectors.ListFilters(status="all"),
    ]
    others.append(selectors.ListFilters(on=D(2020, 1, 1)))
    for other in others:
        assert selectors.own_unit_picked(world.alice, other) is other
    assert selectors.own_unit_picked(world.root, nothing) is nothing
    if ended == "dissolved under it":
        org_services.org_dissolve(actor=world.root, org=world.trung_luong, on=today())
        expected = ["Hồ Thị Một", "Nguyễn Văn An"]
    else:
        org_services.org_merge(actor=world.root, sources=[world.lawyers_bn], target=world.y_te, on=today())
        expected = ["Hồ Thị Một", "Nguyễn Văn An", "Phan Văn Hai"]
    assert selectors.own_unit_picked(world.alice, nothing) is nothing
    assert _listed(world.alice, nothing) == as_units() == (expected, len(expected))
