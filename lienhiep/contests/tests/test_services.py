"""Editions and their rules (the copy from the previous edition included), the edition's moves, entries sent by a
secretary or typed from paper with their authors and files, eligibility (the window, the application, the birth-date
range, a minor's guardian), and screening."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from lienhiep.contests import eligibility, services
from lienhiep.contests.models import (
    Category,
    ContestField,
    Criterion,
    EditionEvent,
    Entry,
    EntryAuthor,
    EntryEvent,
    EntryFile,
    PrizeRow,
    Round,
)
from lienhiep.contests.tests.factories import PNG, contest, edition, entry
from lienhiep.core import files
from lienhiep.orgs.selectors import today

D = dt.date


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _rules(ed):
    """Every rule row of an edition as plain values, in order (what a copy must reproduce)."""
    return {
        "fields": [(f.name, f.order) for f in ContestField.objects.filter(edition=ed).order_by("order")],
        "categories": [(c.field.name, c.name) for c in Category.objects.filter(field__edition=ed).order_by("id")],
        "rounds": [
            (r.kind, r.order, r.public_vote_share, r.drop_outliers, r.approval_threshold)
            for r in Round.objects.filter(edition=ed).order_by("order")
        ],
        "criteria": [
            (c.round.order, c.name, c.max_points, c.bands, c.order)
            for c in Criterion.objects.filter(round__edition=ed).order_by("round__order", "order")
        ],
        "prizes": sorted(
            (
                p.field.name if p.field else "",
                p.category.name if p.category else "",
                p.rank,
                p.count,
                p.amount,
                p.extra_honour,
            )  # fmt: skip
            for p in PrizeRow.objects.filter(edition=ed)
        ),
    }


def test_an_edition_is_numbered_after_the_last_and_starts_as_a_draft(world):
    made = contest(world.alice, world.ha_tinh)
    first = edition(world.alice, made, rules=False, open_=False)
    second = edition(world.alice, made, rules=False, open_=False, year_start=2028, year_end=2029)
    assert (first.number, second.number, second.status) == (1, 2, "draft")
    assert EditionEvent.objects.filter(edition=second, kind="create").count() == 1


def test_copying_the_rules_copies_every_row_and_shares_none(world):
    # Given: the 2026 edition with its rules entered, and a new draft edition.
    made = contest(world.alice, world.ha_tinh)
    old = edition(world.alice, made)
    new = edition(world.alice, made, rules=False, open_=False, year_start=2028, year_end=2029, rules_text="")
    # When: its rules are copied from the previous edition.
    services.edition_copy_rules(actor=world.alice, edition=new)
    # Then: every rule row is there, equal in value, and none is the old edition's row.
    assert _rules(new) == _rules(old)
    assert (len(_rules(new)["fields"]), len(_rules(new)["criteria"]), len(_rules(new)["prizes"])) == (2, 3, 4)
    old_ids = set(ContestField.objects.filter(edition=old).values_list("pk", flat=True))
    assert old_ids.isdisjoint(ContestField.objects.filter(edition=new).values_list("pk", flat=True))
    assert not PrizeRow.objects.filter(edition=new, field__edition=old).exists()
    assert not Category.objects.filter(field__edition=new).filter(pk__in=Category.objects.filter(field__edition=old))
    assert not Criterion.objects.filter(round__edition=new, round__edition_id=old.pk).exists()
    assert new.rules_text == "Giải pháp mới, áp dụng trên địa bàn tỉnh."
    # Changing the copy leaves the source as it was.
    ContestField.objects.filter(edition=new, order=1).update(name="Cơ khí")
    assert ContestField.objects.get(edition=old, order=1).name == "Cơ khí – Tự động hoá"
    event = EditionEvent.objects.get(edition=new, kind="copy")
    assert (event.data["from_edition"], event.data["fields"], event.data["rounds"], event.data["prize_rows"]) == (
        old.pk, 2, 2, 4,
    )  # fmt: skip


def test_rules_are_copied_only_into_an_empty_draft_of_the_same_contest(world):
    made = contest(world.alice, world.ha_tinh)
    old = edition(world.alice, made)
    with pytest.raises(ValidationError, match="đã có thể lệ|already has rules"):
        new = edition(world.alice, made, open_=False, year_start=2028, year_end=2029)
        services.edition_copy_rules(actor=world.alice, edition=new, source=old)
    assert not EditionEvent.objects.filter(kind="copy").exists()
    first = edition(
        world.alice, contest(world.alice, world.ha_tinh, name="Giải thưởng riêng"), rules=False, open_=False
    )
    with pytest.raises(ValidationError):
        services.edition_copy_rules(actor=world.alice, edition=first)  # no earlier edition
    with pytest.raises(PermissionDenied):
        services.edition_copy_rules(actor=world.lan, edition=first)


def test_an_edition_opens_once_it_has_fields_and_moves_along_its_table(world):
    made = contest(world.alice, world.ha_tinh)
    empty = edition(world.alice, made, rules=False, open_=False)
    with pytest.raises(ValidationError):
        services.edition_move(actor=world.alice, edition=empty, to="open")
    with pytest.raises(ValidationError):
        services.edition_move(actor=world.alice, edition=empty, to="approved")
    ed = edition(world.alice, made, year_start=2028, year_end=2029)
    services.edition_move(actor=world.alice, edition=ed, to="screening")
    assert list(EditionEvent.objects.filter(edition=ed, kind="move").values_list("data", flat=True)) == [
        {"before": "open", "after": "screening"},
        {"before": "draft", "after": "open"},
    ]


def test_a_secretary_sends_an_entry_for_her_unit_with_two_authors_and_files(world, media):
    ed = edition(world.alice, contest(world.alice, world.ha_tinh))
    photo = SimpleUploadedFile("mô hình.png", PNG, "image/png")
    made = entry(world.bob, ed, world.trung_luong, files_in=[("photo", photo)])
    assert (made.number, made.status, made.sending_unit, made.origin_unit, made.from_paper) == (
        1, "submitted", world.trung_luong, world.trung_luong, False,
    )  # fmt: skip
    assert list(EntryAuthor.objects.filter(entry=made).values_list("order", "full_name", "consent_publish")) == [
        (1, "Nguyễn Văn Hùng", True),
        (2, "Trần Thị Mai", False),
    ]
    kept = EntryFile.objects.get(entry=made)
    assert (kept.kind, kept.original_name, kept.content_type) == ("photo", "mô hình.jpg", "image/jpeg")
    assert files.path(kept.stored_name).read_bytes()[:2] == b"\xff\xd8"
    assert list(EntryEvent.objects.filter(entry=made).order_by("id").values_list("kind", "org_id")) == [
        ("create", world.trung_luong.pk),
        ("file_add", world.trung_luong.pk),
    ]


def test_a_refused_entry_keeps_nothing_not_a_file(world, media):
    ed = edition(world.alice, contest(world.alice, world.ha_tinh))
    photo = SimpleUploadedFile("a.png", PNG, "image/png")
    fake = SimpleUploadedFile("mô tả.pdf", b"<html><script>alert(1)</script></html>", "application/pdf")
    with pytest.raises(ValidationError):
        entry(world.bob, ed, world.trung_luong, files_in=[("photo", photo), ("description", fake)])
    with pytest.raises(ValidationError):
        entry(world.bob, ed, world.trung_luong, files_in=[("photo", photo)], authors=[])
    assert (Entry.objects.count(), EntryFile.objects.count()) == (0, 0)
    assert not [p for p in media.rglob("*") if p.is_file()]


def test_a_secretary_may_not_send_for_another_unit_nor_a_leader_at_all(world):
    ed = edition(world.alice, contest(world.alice, world.ha_tinh))
    with pytest.raises(PermissionDenied):
        entry(world.bob, ed, world.y_te)
    with pytest.raises(PermissionDenied):
        entry(world.lan, ed, world.trung_luong)
    with pytest.raises(PermissionDenied):
        entry(world.dan, ed, world.lawyers_bn)
    assert Entry.objects.count() == 0


def test_outside_the_window_only_a_paper_dossier_received_on_time_is_typed(world):
    now = today()
    ed = edition(world.alice, contest(world.alice, world.ha_tinh), closes_on=now - dt.timedelta(days=1))
    with pytest.raises(ValidationError) as refused:
        entry(world.bob, ed, world.trung_luong)
    closes = f"{now - dt.timedelta(days=1):%d/%m/%Y}"
    assert refused.value.message_dict["submitted_on"] == [
        f"Hồ sơ dự thi được nhận từ {now - dt.timedelta(days=30):%d/%m/%Y} đến {closes}; hồ sơ này ghi ngày "
        f"{now:%d/%m/%Y}."
    ]
    typed = entry(world.alice, ed, world.trung_luong, from_paper=True, submitted_on=now - dt.timedelta(days=3))
    assert (typed.from_paper, typed.submitted_on, typed.created_by) == (True, now - dt.timedelta(days=3), world.alice)
    with pytest.raises(PermissionDenied):
        entry(world.bob, ed, world.trung_luong, from_paper=True, submitted_on=now - dt.timedelta(days=3))


def test_the_application_window_and_place_are_checked_with_a_clear_message(world):
    ed = edition(world.alice, contest(world.alice, world.ha_tinh))
    with pytest.raises(ValidationError) as refused:
        entry(world.bob, ed, world.trung_luong, applied_on=D(2019, 12, 31), application_site="")
    assert refused.value.message_dict == {
        "application_site": [
            "Hãy cho biết giải pháp được áp dụng ở đâu: thể lệ yêu cầu giải pháp đã áp dụng tại tỉnh Hà Tĩnh."
        ],
        "applied_on": ["Thể lệ nhận các giải pháp áp dụng từ ngày 01/01/2020; giải pháp này áp dụng ngày 31/12/2019."],
    }
    assert entry(world.bob, ed, world.trung_luong, applied_on=D(2020, 1, 1)).applied_on == D(2020, 1, 1)


def test_the_youth_contest_checks_each_authors_birth_date_and_a_minors_guardian(world):
    youth = contest(world.alice, world.ha_tinh, type="youth", name="Cuộc thi Sáng tạo TTN-NĐ tỉnh Hà Tĩnh")
    ed = edition(
        world.alice, youth, applied_place="", applied_since=None, born_from=D(2008, 1, 1), born_to=D(2020, 12, 31)
    )
    kids = [
        {"full_name": "Lê Minh Anh", "birth_date": D(2012, 9, 2), "guardian_name": "Lê Văn Bình"},
        {"full_name": "Phan Thu Hà", "birth_date": D(2007, 12, 31)},
        {"full_name": "Hồ Gia Bảo", "birth_date": D(2013, 5, 5)},
    ]
    with pytest.raises(ValidationError) as refused:
        entry(world.bob, ed, world.trung_luong, authors=kids, application_site="", applied_on=None)
    assert refused.value.message_dict == {
        "authors": [
            "Phan Thu Hà sinh ngày 31/12/2007, ngoài độ tuổi dự thi (sinh từ 01/01/2008 đến 31/12/2020).",
            "Hồ Gia Bảo chưa đủ 18 tuổi: hãy ghi tên cha, mẹ hoặc người giám hộ.",
        ]
    }
    kids[1]["birth_date"], kids[2]["guardian_name"] = D(2008, 1, 1), "Hồ Văn Tú"
    made = entry(world.bob, ed, world.trung_luong, authors=kids, application_site="", applied_on=None)
    assert made.authors.count() == 3


def test_eligibility_ages_count_on_the_deadline():
    assert (eligibility.age_on(D(2008, 3, 1), D(2026, 2, 28)), eligibility.age_on(D(2008, 3, 1), D(2026, 3, 1))) == (
        17, 18,
    )  # fmt: skip


def test_screening_records_a_reason_for_each_refusal_and_refuses_a_wrong_move(world):
    ed = edition(world.alice, contest(world.alice, world.ha_tinh))
    first, second = entry(world.bob, ed, world.trung_luong), entry(world.bob, ed, world.trung_luong, title="Khác")
    with pytest.raises(ValidationError):
        services.entry_screen(actor=world.alice, entry=first, accepted=False, reason=" ")
    services.entry_screen(actor=world.alice, entry=first, accepted=False, reason="Chưa áp dụng thực tế")
    services.entry_screen(actor=world.alice, entry=second, accepted=True)
    with pytest.raises(PermissionDenied):
        services.entry_screen(actor=world.bob, entry=second, accepted=False, reason="x")
    with pytest.raises(ValidationError):
        services.entry_move(actor=world.alice, entry=second, to="forwarded")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.refusal_reason, second.status, second.refusal_reason) == (
        "refused", "Chưa áp dụng thực tế", "accepted", "",
    )  # fmt: skip
    moves = EntryEvent.objects.filter(entry=first, kind="move").values_list("data", flat=True)
    assert list(moves) == [{"before": "submitted", "after": "refused", "reason": "Chưa áp dụng thực tế"}]


def test_a_prize_row_names_a_field_of_its_edition_once(world):
    made = contest(world.alice, world.ha_tinh)
    ed = edition(world.alice, made, open_=False)
    other = edition(world.alice, made, open_=False, year_start=2028, year_end=2029)
    field = ed.fields.get(order=1)
    with pytest.raises(ValidationError):
        services.prize_row_add(actor=world.alice, edition=ed, field=field, rank="nhat", count=1)
    with pytest.raises(ValidationError):
        services.prize_row_add(actor=world.alice, edition=other, field=field, rank="nhat", count=1)
    row = services.prize_row_add(actor=world.alice, edition=ed, rank="phong_trao", count=5, amount=Decimal(500_000))
    assert (row.field, row.count, str(row.amount)) == (None, 5, "500000")
