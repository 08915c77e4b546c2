"""The contest pages: a secretary reaches her province's open edition and sends an entry with two authors and files;
the organiser screens it; the public pages answer anyone, cacheable, name only the authors who consented, and show
no results before the board approved them."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lienhiep.accounts.testing import login
from lienhiep.contests import history, services
from lienhiep.contests.models import Entry, EntryFile
from lienhiep.contests.tests.factories import PNG, contest, edition, entry
from lienhiep.orgs.selectors import today

D = dt.date


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _form(ed, **extra):
    field = ed.fields.get(order=1)
    data = {
        "sending_unit": "", "field": field.pk, "title": "Máy bóc vỏ lạc liên hợp",
        "application_site": "phường Trung Lương", "applied_on": "01/05/2024",
        "authors-TOTAL_FORMS": "3", "authors-INITIAL_FORMS": "0", "authors-MIN_NUM_FORMS": "1",
        "authors-MAX_NUM_FORMS": "10", "authors-0-full_name": "Nguyễn Văn Hùng", "authors-0-birth_date": "01/03/1980",
        "authors-0-consent_publish": "on", "authors-1-full_name": "Trần Thị Mai", "authors-1-birth_date": "02/04/1985",
    }  # fmt: skip
    data.update(extra)
    return data


def test_a_secretary_finds_her_provinces_open_edition_and_sends_an_entry_with_files(world, client, media):
    ed = edition(world.alice, contest(world.alice, world.ha_tinh))
    login(client, world.bob)
    assert ed.get_absolute_url() in client.get(reverse("contests:list")).content.decode()
    page = client.get(reverse("contests:entry_new", args=[ed.pk]))
    assert page.status_code == 200
    # Her one unit is chosen for her; she may not send for another.
    assert page.context["form"].initial["sending_unit"] == world.trung_luong
    data = _form(ed, sending_unit=world.trung_luong.pk)
    data["photo"] = SimpleUploadedFile("may.png", PNG, "image/png")
    data["registration"] = SimpleUploadedFile("phieu.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    response = client.post(reverse("contests:entry_new", args=[ed.pk]), data)
    made = Entry.objects.get()
    assert response.status_code == 302 and response["Location"] == made.get_absolute_url()
    assert (made.sending_unit, made.authors.count(), made.from_paper) == (world.trung_luong, 2, False)
    assert sorted(EntryFile.objects.values_list("kind", flat=True)) == ["photo", "registration"]
    refused = client.post(reverse("contests:entry_new", args=[ed.pk]), _form(ed, sending_unit=world.y_te.pk))
    assert refused.status_code == 200 and Entry.objects.count() == 1
    # The file is served to her, and to nobody outside.
    photo = EntryFile.objects.get(kind="photo")
    assert client.get(reverse("contests:entry_file", args=[photo.pk])).status_code == 200
    login(client, world.dan)
    assert client.get(reverse("contests:entry_file", args=[photo.pk])).status_code == 404


def test_an_ineligible_entry_is_shown_its_reason_in_vietnamese(world, client):
    ed = edition(world.alice, contest(world.alice, world.ha_tinh))
    login(client, world.bob)
    response = client.post(
        reverse("contests:entry_new", args=[ed.pk]),
        _form(ed, sending_unit=world.trung_luong.pk, applied_on="31/12/2019"),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["applied_on"] == [
        "Thể lệ nhận các giải pháp áp dụng từ ngày 01/01/2020; giải pháp này áp dụng ngày 31/12/2019."
    ]
    assert Entry.objects.count() == 0


def test_the_secretary_cannot_manage_the_edition_nor_screen(world, client):
    ed = edition(world.alice, contest(world.alice, world.ha_tinh))
    made = entry(world.bob, ed, world.trung_luong)
    login(client, world.bob)
    assert client.get(reverse("contests:rules", args=[ed.pk])).status_code == 403
    assert client.post(reverse("contests:entry_screen", args=[made.pk]), {"decision": "accept"}).status_code == 403
    assert client.get(made.get_absolute_url()).status_code == 200
    made.refresh_from_db()
    assert made.status == "submitted"
    login(client, world.alice)
    client.post(reverse("contests:entry_screen", args=[made.pk]), {"decision": "refuse", "reason": "Trùng đề tài"})
    made.refresh_from_db()
    assert (made.status, made.refusal_reason) == ("refused", "Trùng đề tài")


def _approved(world):
    """An edition whose results the board approved: one prize, its first author consenting, the second not."""
    ed = edition(world.alice, contest(world.alice, world.ha_tinh))
    won = entry(world.bob, ed, world.trung_luong)
    lost = entry(world.bob, ed, world.trung_luong, title="Lò sấy")
    services.edition_move(actor=world.alice, edition=ed, to="screening")
    for row in (won, lost):
        services.entry_screen(actor=world.alice, entry=row, accepted=True)
    services.edition_move(actor=world.alice, edition=ed, to="judging")
    history.result_record(actor=world.alice, entry=won, rank="nhat", on=today())
    history.result_record(actor=world.alice, entry=lost, rank=None, on=today())
    return ed


def test_the_public_page_answers_anyone_cacheable_and_304_when_unchanged(world, client):
    ed = edition(world.alice, contest(world.alice, world.ha_tinh))
    response = client.get(reverse("contests:public", args=[ed.pk]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=300"
    assert "Set-Cookie" not in response.headers and "csrftoken" not in response.cookies
    text = response.content.decode()
    assert "Cơ khí – Tự động hoá" in text and "Hội thi Sáng tạo Kỹ thuật tỉnh Hà Tĩnh" in text
    assert "Kết quả được công bố sau khi Ban tổ chức phê duyệt." in text
    again = client.get(reverse("contests:public", args=[ed.pk]), HTTP_IF_NONE_MATCH=response["ETag"])
    assert (again.status_code, again.content) == (304, b"")
    services.edition_update(actor=world.alice, edition=ed, rules_text="Thể lệ mới")
    changed = client.get(reverse("contests:public", args=[ed.pk]), HTTP_IF_NONE_MATCH=response["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != response["ETag"]


def test_results_are_404_before_approval_and_name_only_consenting_authors_after(world, client):
    ed = _approved(world)
    url = reverse("contests:public_results", args=[ed.pk])
    assert client.get(url).status_code == 404  # judging: not yet approved
    services.edition_move(actor=world.alice, edition=ed, to="approved")
    response = client.get(url)
    assert response.status_code == 200
    rows = response.context["page"].results
    assert [(r.rank_label, r.title, r.unit, r.authors, r.hidden_authors) for r in rows] == [
        ("Giải Nhất", "Máy gieo hạt cải tiến", "Hợp tác xã Trung Lương", ["Nguyễn Văn Hùng"], 1)
    ]
    text = response.content.decode()
    assert "Nguyễn Văn Hùng" in text and "Trần Thị Mai" not in text and "Lò sấy" not in text
    assert response["Cache-Control"] == "public, max-age=300"


def test_a_draft_edition_is_not_public_and_a_signed_in_user_is_not_cached(world, client):
    draft = edition(world.alice, contest(world.alice, world.ha_tinh), rules=False, open_=False)
    assert client.get(reverse("contests:public", args=[draft.pk])).status_code == 404
    ed = edition(world.alice, contest(world.alice, world.ha_tinh, name="Giải thưởng riêng"))
    login(client, world.erin)  # a juror's account (no role) opens it too, never kept by a cache
    response = client.get(reverse("contests:public", args=[ed.pk]))
    assert (response.status_code, response["Cache-Control"]) == (200, "no-store")


def test_copying_the_rules_from_the_rules_page(world, client):
    made = contest(world.alice, world.ha_tinh)
    edition(world.alice, made)
    new = edition(world.alice, made, rules=False, open_=False, year_start=2028, year_end=2029)
    login(client, world.alice)
    assert "copy-rules" in client.get(reverse("contests:rules", args=[new.pk])).content.decode()
    client.post(reverse("contests:edition_copy", args=[new.pk]))
    assert new.fields.count() == 2 and new.prize_rows.count() == 4


def test_the_edition_and_rules_pages_print_the_prize_table_from_the_highest_rank(world, client):
    ed = edition(world.alice, contest(world.alice, world.ha_tinh))
    login(client, world.alice)
    for name in ("contests:edition", "contests:rules"):
        response = client.get(reverse(name, args=[ed.pk]))
        ranks = [row.rank for row in response.context["prize_rows"]]
        assert ranks == ["nhat", "nhi", "ba", "khuyen_khich"], name


def test_the_rules_print_shares_as_a_reader_writes_them_and_the_moves_say_their_action(world, client):
    ed = edition(world.alice, contest(world.alice, world.ha_tinh), open_=False)
    services.round_add(actor=world.alice, edition=ed, kind="phong_van", approval_threshold=Decimal("12.5"))
    services.edition_move(actor=world.alice, edition=ed, to="open")
    login(client, world.alice)
    page = client.get(reverse("contests:edition", args=[ed.pk]))
    html = " ".join(page.content.decode().split())
    for share in ("tỷ lệ tán thành của Ban tổ chức 50 %", "bình chọn của công chúng 10 %", "Ban tổ chức 12,5 %"):
        assert share in html
    assert "50,00" not in html and "12,50" not in html
    # The buttons say what the officer does, from the transition table, in its order.
    assert [(to, str(label)) for to, label in page.context["moves"]] == [
        ("screening", "Kết thúc nhận hồ sơ, sơ tuyển"),
        ("cancelled", "Hủy cuộc thi"),
    ]
    moves = html[html.index('data-testid="edition-moves"') :]
    assert "Hủy cuộc thi" in moves[: moves.index("</div>")] and "Đã hủy" not in moves[: moves.index("</div>")]


def _change_form(made, **extra):
    data = {
        "field": made.field_id, "title": made.title, "author_unit": made.author_unit,
        "application_site": made.application_site, "applied_on": f"{made.applied_on:%d/%m/%Y}",
        "authors-TOTAL_FORMS": "3", "authors-INITIAL_FORMS": "2", "authors-MIN_NUM_FORMS": "1",
        "authors-MAX_NUM_FORMS": "10",
    }  # fmt: skip
    for n, author in enumerate(made.authors.all()):
        data[f"authors-{n}-full_name"] = author.full_name
        data[f"authors-{n}-birth_date"] = f"{author.birth_date:%d/%m/%Y}" if author.birth_date else ""
        if author.consent_publish:
            data[f"authors-{n}-consent_publish"] = "on"
    data.update(extra)
    return data


def test_the_secretary_corrects_her_entry_and_adds_a_file_until_the_window_closes(world, client, media):
    ed = edition(world.alice, contest(world.alice, world.ha_tinh))
    made = entry(world.bob, ed, world.trung_luong)
    events = made.events.count()
    login(client, world.bob)
    page = client.get(made.get_absolute_url())
    assert (
        page.context["file_form"] is not None
        and reverse("contests:entry_edit", args=[made.pk]) in page.content.decode()
    )
    # She corrects the title, adds a third author and fixes the second's name.
    authors = [a.full_name for a in made.authors.all()]
    data = _change_form(
        made, title="Máy gieo hạt cải tiến, bản 2", **{"authors-1-full_name": "Trần Thị Mai Anh",
        "authors-2-full_name": "Lê Văn Cường", "authors-2-birth_date": "05/06/1990"},
    )  # fmt: skip
    response = client.post(reverse("contests:entry_edit", args=[made.pk]), data)
    assert response.status_code == 302 and response["Location"] == made.get_absolute_url()
    made.refresh_from_db()
    assert made.title == "Máy gieo hạt cải tiến, bản 2"
    assert [a.full_name for a in made.authors.all()] == [authors[0], "Trần Thị Mai Anh", "Lê Văn Cường"]
    update, author = made.events.order_by("id")[events:]
    assert (update.kind, update.data["before"], update.data["after"]) == (
        "update", {"title": "Máy gieo hạt cải tiến"}, {"title": "Máy gieo hạt cải tiến, bản 2"}
    )  # fmt: skip
    assert (author.kind, author.data["authors"]) == ("author", [authors[0], "Trần Thị Mai Anh", "Lê Văn Cường"])
    # An ineligible correction is refused in Vietnamese and changes nothing.
    refused = client.post(reverse("contests:entry_edit", args=[made.pk]), _change_form(made, applied_on="31/12/2019"))
    assert refused.status_code == 200 and refused.context["form"].errors["applied_on"]
    made.refresh_from_db()
    assert made.applied_on == D(2024, 5, 1) and made.events.count() == events + 2
    # A file added from the entry's page.
    pdf = SimpleUploadedFile("ban-mo-ta.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    client.post(reverse("contests:entry_file_add", args=[made.pk]), {"kind": "description", "upload": pdf})
    assert list(made.files.values_list("kind", "original_name")) == [("description", "ban-mo-ta.pdf")]
    assert made.events.latest("id").kind == "file_add"
    fake = SimpleUploadedFile("anh.png", b"not an image", "image/png")
    client.post(reverse("contests:entry_file_add", args=[made.pk]), {"kind": "photo", "upload": fake})
    assert made.files.count() == 1
    # The window closed: the secretary no longer changes it (nor sees the buttons); the organiser still may.
    type(ed).objects.filter(pk=ed.pk).update(closes_on=today() - dt.timedelta(days=1))
    assert client.get(made.get_absolute_url()).context["file_form"] is None
    late = client.post(reverse("contests:entry_edit", args=[made.pk]), _change_form(made, title="Muộn"))
    assert late.status_code == 200 and "Hồ sơ dự thi được sửa đến hết hạn nhận hồ sơ" in late.content.decode()
    login(client, world.alice)
    client.post(reverse("contests:entry_edit", args=[made.pk]), _change_form(made, title="Sửa bởi Ban Tổ chức"))
    made.refresh_from_db()
    assert made.title == "Sửa bởi Ban Tổ chức"
    # Once screened, nobody changes it.
    services.entry_screen(actor=world.alice, entry=made, accepted=True)
    screened = client.post(reverse("contests:entry_edit", args=[made.pk]), _change_form(made, title="Sau sơ tuyển"))
    assert screened.status_code == 200 and Entry.objects.get(pk=made.pk).title == "Sửa bởi Ban Tổ chức"
    # The leader reads it, does not change it; another province does not see it.
    login(client, world.lan)
    assert client.get(reverse("contests:entry_edit", args=[made.pk])).status_code == 403
    login(client, world.dan)
    assert client.get(reverse("contests:entry_edit", args=[made.pk])).status_code == 404


def test_a_member_author_stays_linked_when_the_entry_is_corrected(world):
    ed = edition(world.alice, contest(world.alice, world.ha_tinh))
    made = entry(
        world.bob, ed, world.trung_luong,
        authors=[{"person": world.person, "birth_date": D(1980, 3, 1)}, {"full_name": "Trần Thị Mai"}],
    )  # fmt: skip
    rows = [{"full_name": a.full_name, "birth_date": a.birth_date} for a in made.authors.all()]
    services.entry_update(
        actor=world.bob, entry=made, field=made.field, title="Tên mới", application_site=made.application_site,
        applied_on=made.applied_on, authors=rows,
    )  # fmt: skip
    assert [a.person for a in made.authors.all()] == [world.person, None]
    assert not made.events.filter(kind="author").exists()  # the same authors: no event


def test_more_than_ten_authors_are_refused_without_making_their_forms(world, client):
    """A tampered author count is refused with the formset's own error, and no more than ten author forms are made
    for it (Django's default cap is a thousand more than the maximum)."""
    ed = edition(world.alice, contest(world.alice, world.ha_tinh))
    login(client, world.bob)
    url = reverse("contests:entry_new", args=[ed.pk])
    for count in ("11", "9" * 40):
        response = client.post(url, _form(ed, sending_unit=world.trung_luong.pk, **{"authors-TOTAL_FORMS": count}))
        assert response.status_code == 200 and Entry.objects.count() == 0
        authors = response.context["authors"]
        assert len(authors.forms) <= 10
        assert authors.non_form_errors() == ["Tối đa 10 tác giả."]
