"""Erasure reaches every app's event rows by construction: each event table declares which keys of its data may
carry a member's values (core/redaction.py), a row with an undeclared key that looks personal is refused while the
suite runs (EVENT_KEYS_CHECKED), and one walk redacts the erased person's values in every table, leaving a
namesake's rows as they were, and records how many rows of each table it changed."""

import datetime as dt

import pytest
from django.db import connection

from lienhiep.activities import services as activity_services
from lienhiep.activities.models import ActivityEvent
from lienhiep.awards import services as award_services
from lienhiep.awards.models import AwardEvent, NominationEvent
from lienhiep.core.inventory import RETAINED_ON_ERASURE
from lienhiep.core.redaction import (
    Subject,
    UndeclaredEventKeyError,
    declaration,
    erase_records,
    event_models,
    undeclared_keys,
)
from lienhiep.experts import services as expert_services
from lienhiep.governance import services as governance_services
from lienhiep.governance.models import GovernanceEvent
from lienhiep.governance.tests.factories import CommitteeFactory, CongressFactory, PersonFactory
from lienhiep.members import services as member_services
from lienhiep.members.models import PersonEvent
from lienhiep.orgs.models import OrgEvent
from lienhiep.reporting import services as report_services
from lienhiep.reporting.models import Report
from lienhiep.reporting.tests.factories import mini_template
from lienhiep.reviews import services as review_services
from lienhiep.reviews.drafts import services as draft_services
from lienhiep.reviews.models import DraftComment, DraftEvent, Opinion
from lienhiep.reviews.tests.draft_factories import dossier, upload
from tests.erasure import erasure_data

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
    assert PersonEvent.objects.get(person=an, kind="erase").data == erasure_data(
        redacted={
            "members.PersonEvent": own,
            "governance.GovernanceEvent": 1,
            "activities.ActivityEvent": 1,
            "awards.AwardEvent": 1,
            "awards.NominationEvent": 1,
        }
    )
    assert [  # An's later name is nowhere
        (model._meta.label, str(data))
        for model in event_models()
        for data in model._default_manager.values_list("data", flat=True)
        if "Nguyễn Văn Anh" in str(data)
    ] == []


@pytest.mark.django_db
def test_erasure_keeps_the_signer_of_an_issued_document_and_empties_drafts_and_comments(world):
    """Decision 0018, field by field: an issued report's or opinion's signer is kept (a document of record); an
    unissued one's is emptied; the member's comments show the erased record's name; a namesake's are as written."""
    # Given: An, a member, signs an issued report and is the signer of a report still in draft.
    an = world.person
    template = mini_template(key="mini-annual-administrative", kind="annual", style="administrative")
    issued, draft = (
        report_services.report_create(
            actor=world.alice,
            org=world.ha_tinh,
            kind="annual",
            template=template,
            period_start=D(year, 1, 1),
            period_end=D(year, 12, 31),
        )  # fmt: skip
        for year in (2024, 2025)
    )
    report_services.report_approve(actor=world.alice, report=issued)
    report_services.report_issue(actor=world.alice, report=issued, issued_on=D(2025, 1, 15), signer=an)
    report_services.report_head_update(actor=world.alice, report=draft, signer=an, signer_name="Nguyễn Văn An")
    # He is on the union's list of experts with an account, assigned to a dossier; he comments from his account, and
    # the office types in his written opinion in his name. A namesake's opinion is typed on another dossier. The
    # first dossier's opinion is issued under his name as signer; the second's, not issued, names him too.
    his = expert_services.expert_create(
        actor=world.alice, org=world.ha_tinh, person=an, full_name="Nguyễn Văn An", workplace="", email=""
    )
    account = expert_services.expert_account_create(
        actor=world.alice, expert=his, username="an.expert", password="x", check_password=False
    )
    first, second = dossier(world, status="accepted"), dossier(world, title="Dự thảo Quyết định", status="accepted")
    review_services.dossier_assign_expert(actor=world.alice, dossier=first, expert=his)
    first_draft, second_draft = upload(world, first), upload(world, second)
    own = draft_services.comment_add(
        actor=account, draft=first_draft, part=None, stance="amend", text="Nguyễn Văn An đề nghị sửa Điều 1."
    )
    typed = draft_services.comment_add(
        actor=world.alice, draft=first_draft, part=None, stance="agree", text="Đồng ý.", on_behalf_of="Nguyễn Văn An"
    )
    namesakes = draft_services.comment_add(
        actor=world.alice, draft=second_draft, part=None, stance="agree", text="Nhất trí.", on_behalf_of="Nguyễn Văn An"
    )
    for target in (first, second):
        draft_services.opinion_save(
            actor=world.alice, dossier=target, position="agree", reasons="", authority="TM. BAN THƯỜNG VỤ",
            signer_title="CHỦ TỊCH", signer_name="Nguyễn Văn An", recipients="",
        )  # fmt: skip
    draft_services.opinion_issue(actor=world.alice, dossier=first, issued_on=D(2026, 11, 20))

    # When: An's data is erased.
    member_services.person_erase(actor=world.root, person=an)

    # Then: the issued report and opinion keep their signer as printed; the draft report and the unissued opinion
    # have none (the chair is taken when issued).
    an.refresh_from_db()
    erased = an.full_name
    assert sorted(Report.objects.values_list("pk", "signer_id", "signer_name")) == [
        (issued.pk, an.pk, "Nguyễn Văn An"),
        (draft.pk, None, ""),
    ]
    assert dict(Opinion.objects.values_list("dossier_id", "signer_name")) == {first.pk: "Nguyễn Văn An", second.pk: ""}
    # His comments show the erased record's name, his name in their text too; the namesake's is as written.
    assert sorted(DraftComment.objects.values_list("pk", "author_name", "text")) == [
        (own.pk, erased, f"{erased} đề nghị sửa Điều 1."),
        (typed.pk, erased, "Đồng ý."),
        (namesakes.pk, "Nguyễn Văn An", "Nhất trí."),
    ]
    # And so do their rows in the draft's history; the issued opinion's issue row keeps its signer.
    authors = dict(DraftEvent.objects.filter(kind="comment").values_list("target_id", "data__author"))
    assert authors == {own.pk: erased, typed.pk: erased, namesakes.pk: "Nguyễn Văn An"}
    assert DraftEvent.objects.get(dossier=first, kind="issue").data["signer"] == "Nguyễn Văn An"
    assert [e.data["after"]["signer_name"] for e in DraftEvent.objects.filter(dossier=second, target="opinion")] == [
        erased
    ]
    # The erasure's event says what it emptied and what the documents of record kept.
    event = PersonEvent.objects.get(person=an, kind="erase").data
    assert {k: event["redacted"][k] for k in ("reporting.Report", "reviews.DraftComment", "reviews.Opinion")} == {
        "reporting.Report": 1,
        "reviews.DraftComment": 2,
        "reviews.Opinion": 1,
    }
    assert event["documents_kept"] == {
        "reporting.Report.signer_name": 1,
        "reviews.Opinion.signer_name": 1,
        "contests.ResultsDecision.signer_name": 0,
    }


@pytest.mark.django_db
def test_every_field_an_erasure_keeps_is_in_the_inventory_with_its_reason(world):
    kept = erase_records(Subject(person_id=world.person.pk, values=("Nobody at all",), label="x")).kept
    assert set(kept) == set(RETAINED_ON_ERASURE)


@pytest.mark.django_db
def test_on_postgresql_every_table_that_may_name_a_member_has_the_erasures_text_index(world):
    # The erasure finds the rows that may name the person through this index instead of reading every row
    # (core.redaction.install_text_indexes, made after migrate; docs/benchmarks.md).
    if connection.vendor != "postgresql":
        pytest.skip("the index is PostgreSQL's (pg_trgm)")
    carrying = sorted(m._meta.db_table for m in event_models() if declaration(m).carries)
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename, indexdef FROM pg_indexes WHERE indexname LIKE %s", ["%\\_data\\_trgm"])
        found = dict(cursor.fetchall())
    assert sorted(found) == carrying
    assert all("gin (((data)::text) gin_trgm_ops)" in definition for definition in found.values())
    assert len(carrying) == 13
