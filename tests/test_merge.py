"""Merging two records of one person: every row of every app that names the merged record moves to the kept one,
the merged record stays as a tombstone, and the undo puts every row back as it was (a digest of every table, as
tests/test_access.py takes it). Project-wide, since the rows come from members, governance, awards and activities.
"""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db.models import Model

from lienhiep.members import selectors, services
from lienhiep.members.models import (
    Consent,
    EventKind,
    Membership,
    MergeStatus,
    Person,
    PersonEvent,
    PersonMerge,
)
from lienhiep.members.services import merging
from lienhiep.orgs import selectors as org_selectors

D = dt.date
# What a merge and its undo write besides the rows they move: their own record and event rows, and the remembered
# figures the triggers forget (a cache, counted again on the next read).
OWN = {"members.PersonMerge", "orgs.RememberedFigure"}


def digest() -> dict[str, str]:
    """Every row of every table of ours, by content; the merge's own event rows left out."""
    out = {}
    for model in apps.get_models(include_auto_created=True):
        label = model._meta.label
        if not model.__module__.startswith("lienhiep.") or label in OWN:
            continue
        rows = model._base_manager.order_by("pk")
        if model is PersonEvent:
            rows = rows.exclude(kind__in=[EventKind.MERGE, EventKind.MERGED_INTO, EventKind.UNMERGE])
        out[label] = hashlib.sha256(repr(list(rows.values_list())).encode()).hexdigest()
    return out


def test_every_reference_to_a_person_says_what_a_merge_does_with_it():
    # A new ForeignKey or ManyToManyField to Person fails here until merging.HANDLING names it.
    assert merging.unhandled() == []
    assert sorted(merging.HANDLING) == sorted(name for name, _model, _column in merging.references())


def test_the_merge_refuses_while_a_reference_is_unhandled(world, monkeypatch):
    twin = services.person_create(actor=world.root, full_name="Nguyễn Văn An")
    monkeypatch.delitem(merging.HANDLING, "awards.Honour.person")
    with pytest.raises(RuntimeError, match="awards.Honour.person"):
        services.person_merge(actor=world.alice, kept=world.person, merged=twin)
    assert not PersonMerge.objects.exists()


def _twin(world) -> tuple[Person, dict[str, Model]]:
    """The record an import made again of world.person (Nguyễn Văn An, y_te since 2015): same name and birth date,
    no ID; in y_te again (since 2020, card HL-9) and in Trung Lương; a consent for the same purpose and one for
    another; a seat, an honour and an initiative; a field of expertise of its own."""
    from lienhiep.activities import services as activity_services
    from lienhiep.awards import services as award_services
    from lienhiep.governance.tests.access_cases import gov
    from lienhiep.members.models import Field

    root = world.root
    services.fields_ensure_defaults()
    twin = services.person_create(
        actor=root, full_name="NGUYỄN VĂN AN", birth_date=D(1980, 5, 17), phone="+84 912 345 678",
        fields=[Field.objects.get(code="y-te")],
    )  # fmt: skip
    again = services.member_admit(actor=root, person=twin, org=world.y_te, joined_on=D(2020, 3, 1), card_number="hl-9")
    ward = services.member_admit(actor=root, person=twin, org=world.trung_luong, joined_on=D(2016, 1, 1))
    same_purpose = services.consent_give(actor=root, person=twin, purpose="registry", notice_version="2026-01")
    contact = services.consent_give(actor=root, person=twin, purpose="contact", notice_version="2026-01")
    committee = gov(world).committee
    from lienhiep.governance import services as governance_services

    seat = governance_services.seat_elect(
        actor=root, committee=committee, person=twin, position="member", started_on=D(2018, 6, 15)
    )
    honour = award_services.honour_create(
        actor=root, org=world.y_te, person=twin, form="bang_khen", issuer="vusta", decision_number="77/QĐ",
        decision_date=D(2023, 12, 15),
    )  # fmt: skip
    initiative = activity_services.initiative_create(
        actor=root, org=world.y_te, title="Bảng y lệnh", authors=[twin, world.person], level="sector", year=2022,
    )  # fmt: skip
    rows = {"again": again, "ward": ward, "same_purpose": same_purpose, "contact": contact, "seat": seat,
            "honour": honour, "initiative": initiative}  # fmt: skip
    return twin, rows


def test_a_merge_moves_every_row_and_its_undo_puts_every_row_back(world):
    twin, rows = _twin(world)
    kept = world.person
    before = digest()

    merge = services.person_merge(actor=world.alice, kept=kept, merged=twin)

    # The two spells in y_te are one membership: the kept spell (2015, open) stays, with the twin's card number.
    assert sorted(
        (m.org_id, m.joined_on, m.left_on, m.card_number) for m in Membership.objects.filter(person=kept)
    ) == [(world.trung_luong.pk, D(2016, 1, 1), None, ""), (world.y_te.pk, D(2015, 1, 1), None, "HL-9")]
    assert not Membership.objects.filter(pk=rows["again"].pk).exists()
    assert not Membership.objects.filter(person=twin).exists()
    # The consent for another purpose moves; the one for a purpose the kept record already has stays.
    assert Consent.objects.get(pk=rows["contact"].pk).person_id == kept.pk
    assert Consent.objects.get(pk=rows["same_purpose"].pk).person_id == twin.pk
    rows["seat"].refresh_from_db()
    rows["honour"].refresh_from_db()
    # The honour moves; the seat stays: the kept record already holds an open seat on that committee (gov()).
    assert (rows["seat"].person_id, rows["honour"].person_id) == (twin.pk, kept.pk)
    # Both were authors: the twin's link cannot repeat the kept one's and stays with the tombstone.
    assert sorted(rows["initiative"].authors.values_list("pk", flat=True)) == sorted([kept.pk, twin.pk])
    assert sorted(kept.fields.values_list("code", flat=True)) == ["y-te"]
    twin.refresh_from_db()
    assert twin.merged_into_id == kept.pk
    assert PersonEvent.objects.filter(person=twin).exclude(kind=EventKind.MERGED_INTO).count() == 0
    assert PersonEvent.objects.get(kind=EventKind.MERGE).person_id == kept.pk
    assert merge.status == MergeStatus.DONE

    services.person_merge_undo(actor=world.alice, merge=merge)

    assert digest() == before
    merge.refresh_from_db()
    assert merge.status == MergeStatus.UNDONE
    assert PersonEvent.objects.filter(kind=EventKind.UNMERGE).count() == 2
    with pytest.raises(ValidationError):
        services.person_merge_undo(actor=world.alice, merge=merge)  # done → undone → nothing more


def test_the_kept_record_takes_the_phone_and_birth_date_it_lacks_and_the_undo_empties_them_again(world):
    # Given a record typed by hand with the name alone, and the import's record of the same person with both
    kept = services.person_create(actor=world.root, full_name="Trần Thị Mai", phone="", birth_date=None)
    services.member_admit(actor=world.root, person=kept, org=world.y_te, joined_on=D(2019, 1, 1))
    merged = services.person_create(
        actor=world.root, full_name="Trần Thị Mai", phone="+84 988 111 222", birth_date=D(1985, 3, 14)
    )
    other = services.person_create(actor=world.root, full_name="Trần Thị Mai", phone="0977 000 111")
    before = digest()
    # When they are merged, the kept record has them (and is found by the phone, however written)
    merge = services.person_merge(actor=world.alice, kept=kept, merged=merged)
    kept.refresh_from_db()
    merged.refresh_from_db()
    assert (kept.phone, kept.birth_date, kept.phone_digits) == ("+84 988 111 222", D(1985, 3, 14), "988111222")
    assert (merged.phone, merged.birth_date) == ("+84 988 111 222", D(1985, 3, 14))  # the tombstone keeps its own
    assert PersonEvent.objects.get(kind=EventKind.MERGE).data["copied"] == ["birth_date", "phone"]
    # Then the undo empties them again: every row as it was
    services.person_merge_undo(actor=world.alice, merge=merge)
    assert digest() == before
    kept.refresh_from_db()
    assert (kept.phone, kept.birth_date, kept.phone_digits) == ("", None, "")
    # A phone the kept record has is never replaced; only the birth date it lacks is taken.
    services.person_merge(actor=world.alice, kept=other, merged=merged)
    other.refresh_from_db()
    assert (other.phone, other.birth_date) == ("0977 000 111", D(1985, 3, 14))


def test_a_person_counted_twice_is_counted_once_after_the_merge_and_twice_after_the_undo(world):
    twin = services.person_create(actor=world.root, full_name="Nguyễn Văn An", birth_date=D(1980, 5, 17))
    services.member_admit(actor=world.root, person=twin, org=world.trung_luong, joined_on=D(2016, 1, 1))
    past, today = D(2024, 6, 30), org_selectors.today()
    # Counted (and remembered, for the past day) before the merge: two persons in Hồng Lĩnh and in Hà Tĩnh.
    assert [selectors.member_count(world.hong_linh, on=past), selectors.member_count(world.ha_tinh, on=past)] == [2, 2]
    assert selectors.member_count(world.ha_tinh, on=today) == 2
    merge = services.person_merge(actor=world.alice, kept=world.person, merged=twin)
    assert [selectors.member_count(world.hong_linh, on=past), selectors.member_count(world.ha_tinh, on=past)] == [1, 1]
    assert selectors.member_count(world.ha_tinh, on=today) == 1
    # An association counts memberships: each association still has its one.
    assert [selectors.member_count(world.y_te, on=past), selectors.member_count(world.trung_luong, on=past)] == [1, 1]
    services.person_merge_undo(actor=world.alice, merge=merge)
    assert [selectors.member_count(world.hong_linh, on=past), selectors.member_count(world.ha_tinh, on=past)] == [2, 2]
    assert selectors.member_count(world.ha_tinh, on=today) == 2


def test_a_record_merged_away_cannot_be_merged_again_until_the_undo(world):
    twin = services.person_create(actor=world.root, full_name="Nguyễn Văn An", birth_date=D(1980, 5, 17))
    third = services.person_create(actor=world.root, full_name="Nguyễn Văn An")
    services.person_merge(actor=world.alice, kept=world.person, merged=twin)
    for kept, merged in [(third, twin), (twin, third), (world.person, world.person)]:
        with pytest.raises(ValidationError):
            services.person_merge(actor=world.alice, kept=kept, merged=merged)
    assert PersonMerge.objects.count() == 1
