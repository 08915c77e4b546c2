"""Erasure reaches every app's event rows by construction: each event table declares which keys of its data may
carry a member's values (core/redaction.py), a row with an undeclared key that looks personal is refused while the
suite runs (EVENT_KEYS_CHECKED), and one walk redacts the erased person's values in every table, leaving a
namesake's rows as they were, and records how many rows of each table it changed."""

import datetime as dt

import pytest

from lienhiep.activities import services as activity_services
from lienhiep.activities.models import ActivityEvent
from lienhiep.awards import services as award_services
from lienhiep.awards.models import AwardEvent, NominationEvent
from lienhiep.core.redaction import UndeclaredEventKeyError, declaration, event_models, undeclared_keys
from lienhiep.governance import services as governance_services
from lienhiep.governance.models import GovernanceEvent
from lienhiep.governance.tests.factories import CommitteeFactory, CongressFactory, PersonFactory
from lienhiep.members import services as member_services
from lienhiep.members.models import PersonEvent
from lienhiep.orgs.models import OrgEvent

D = dt.date


def test_every_event_table_declares_what_its_data_may_carry():
    undeclared = [m._meta.label for m in event_models() if declaration(m) is None]
    assert undeclared == []
    # the campaigns' two, the grants', the experts' two (the record's, a file's), reviews' DossierEvent and DraftEvent,
    # contests' EditionEvent, EntryEvent and JuryEvent, awards' NominationEvent, activities' ActivityImportEvent
    assert len(event_models()) == 24


def test_a_key_that_looks_personal_or_names_a_record_must_be_declared():
    data = {"kind": "x", "person_name": "Lê Văn A", "before": {"signer": "B"}, "thing": {"id": 3, "name": "C"}}
    assert undeclared_keys(OrgEvent, data) == ["person_name", "signer", "thing"]
    # A declared key is the declaration's business, a unit's name included.
    assert undeclared_keys(OrgEvent, {"parent": {"id": 1, "name": "Hội"}, "name": "Hội Luật gia"}) == []
    with pytest.raises(UndeclaredEventKeyError, match=r"orgs.OrgEvent writes \['person_name'\]"):
        OrgEvent.build(actor=None, kind="rename", effective_on=D(2026, 1, 1), data={"person_name": "Lê Văn A"})


@pytest.mark.django_db
def test_erasure_redacts_the_person_in_every_apps_events_and_not_a_namesake(world):
    # Given: An, member of the health centre's association, seated on Hồng Lĩnh's executive committee, honoured,
    # nominated for another honour, author of an initiative, then renamed; and a namesake with a seat and an
    # initiative of their own.
    an = world.person
    namesake = PersonFactory(full_name="Nguyễn Văn An", org=world.y_te)
    congress = CongressFactory(org=world.hong_linh, actor=world.root)
    committee = CommitteeFactory(congress=congress, kind="bch", planned_size=17)
    for person in (an, namesake):
        governance_services.seat_elect(
            actor=world.root, committee=committee, person=person, position="member", started_on=D(2018, 6, 15)
        )
    award_services.honour_create(
        actor=world.alice, org=world.y_te, person=an, form="bang_khen", issuer="vusta",
        decision_number="101/QĐ-LHHVN", decision_date=D(2019, 12, 20),
    )  # fmt: skip
    award_services.nomination_create(
        actor=world.alice, org=world.y_te, person=an, form="lao_dong_sang_tao", issuer="vusta", year=2024,
        proposed_on=D(2025, 3, 10), reason="Sáng kiến của Nguyễn Văn An",
    )  # fmt: skip
    activity_services.initiative_create(
        actor=world.alice, org=world.y_te, authors=[an], author_names="Nguyễn Văn An, Trần Thị Bình",
        title="Sổ khám bệnh điện tử", level="basic", year=2022,
    )  # fmt: skip
    activity_services.initiative_create(
        actor=world.alice, org=world.y_te, authors=[namesake], author_names="Nguyễn Văn An",
        title="Bệnh án điện tử", level="basic", year=2023,
    )  # fmt: skip
    member_services.person_update(actor=world.root, person=an, full_name="Nguyễn Văn Anh")

    # When: An's data is erased.
    member_services.person_erase(actor=world.root, person=an)

    # Then: every copy of An's names is gone from the other apps' rows, the namesake's rows are as written.
    an.refresh_from_db()
    erased = an.full_name
    assert erased == f"Hồ sơ đã xóa #{an.pk}"
    seats = list(GovernanceEvent.objects.filter(kind="seat_elect").order_by("id").values_list("data", flat=True))
    assert [seat["person"] for seat in seats] == [
        {"id": an.pk, "name": erased},
        {"id": namesake.pk, "name": "Nguyễn Văn An"},
    ]
    honour = AwardEvent.objects.get(target="honour", kind="create").data["after"]
    assert (honour["person"], honour["person_name"]) == ({"id": an.pk, "name": erased}, "")
    nominated = NominationEvent.objects.get(kind="create").data["after"]
    assert (nominated["person"], nominated["reason"]) == ({"id": an.pk, "name": erased}, f"Sáng kiến của {erased}")
    initiatives = ActivityEvent.objects.filter(target="initiative", kind="create").order_by("id")
    assert [(row.data["after"]["author_names"], row.data["authors"]) for row in initiatives] == [
        (f"{erased}, Trần Thị Bình", [an.pk]),
        ("Nguyễn Văn An", [namesake.pk]),
    ]
    # The erasure says how many rows of each table it changed: An's own, and one row in each app that copied them.
    own = PersonEvent.objects.filter(person=an).exclude(kind="erase").count()
    assert PersonEvent.objects.get(person=an, kind="erase").data == {
        "redacted": {
            "members.PersonEvent": own,
            "experts.ExpertEvent": 0,
            "governance.GovernanceEvent": 1,
            "activities.ActivityEvent": 1,
            "awards.AwardEvent": 1,
            "awards.NominationEvent": 1,
            "reporting.ReportEvent": 0,
            "campaigns.SubmissionEvent": 0,
            "reviews.DossierEvent": 0,
            "reviews.DraftEvent": 0,
            "contests.EditionEvent": 0,
            "contests.EntryEvent": 0,
            "contests.JuryEvent": 0,
            "experts.Expert": 0,  # the apps' own copies of the person (core.redaction.erase_records)
        }
    }
    assert [  # An's later name is nowhere
        (model._meta.label, str(data))
        for model in event_models()
        for data in model._default_manager.values_list("data", flat=True)
        if "Nguyễn Văn Anh" in str(data)
    ] == []
