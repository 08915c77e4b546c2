"""Nominations: the transition table, the granted nomination that becomes the honour, the dossier's files, the
pages."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import translation

from lienhiep.awards import services
from lienhiep.awards.models import (
    NOMINATION_TRANSITIONS,
    AwardEvent,
    Honour,
    Nomination,
    NominationEvent,
    NominationFile,
)
from lienhiep.core import files

D = dt.date
PDF = b"%PDF-1.4 to trinh\n%%EOF\n"


def _nominate(world, **values):
    base = {"org": world.y_te, "person": world.person, "form": "lao_dong_sang_tao", "issuer": "vusta", "year": 2024,
            "proposed_on": D(2025, 3, 10), "reason": "Sáng kiến được áp dụng"}  # fmt: skip
    return services.nomination_create(actor=world.alice, **{**base, **values})


def _moves(nomination):
    return list(
        NominationEvent.objects.filter(target_id=nomination.pk, kind="move")
        .order_by("id")
        .values_list("data__before", "data__after")
    )


def test_the_table_of_moves():
    assert {before: set(moves) for before, moves in NOMINATION_TRANSITIONS.items()} == {
        "proposed": {"sent", "withdrawn"},
        "sent": {"granted", "refused", "withdrawn"},
        "granted": set(),
        "refused": set(),
        "withdrawn": set(),
    }
    # Each move's button says the action, not the state it leads to.
    with translation.override("vi"):
        assert {to: str(label) for to, label in NOMINATION_TRANSITIONS["sent"].items()} == {
            "granted": "Ghi nhận được khen thưởng",
            "refused": "Ghi nhận không được khen thưởng",
            "withdrawn": "Rút hồ sơ đề nghị",
        }


def test_a_nomination_is_withdrawn_with_its_reason_before_the_answer(world):
    proposed, sent = _nominate(world), _nominate(world, year=2023)
    services.nomination_send(actor=world.alice, nomination=sent, sent_on=D(2025, 3, 20))
    with pytest.raises(ValidationError) as error:  # a withdrawal says why
        services.nomination_withdraw(
            actor=world.alice, nomination=proposed, withdrawn_on=D(2025, 3, 12), withdrawal=" "
        )
    assert error.value.message_dict == {"withdrawal": ["Hãy ghi lý do rút hồ sơ đề nghị."]}
    with pytest.raises(ValidationError):  # not before it was sent
        services.nomination_withdraw(actor=world.alice, nomination=sent, withdrawn_on=D(2025, 3, 19), withdrawal="x")
    with pytest.raises(PermissionDenied):  # a leader reads, does not withdraw
        services.nomination_withdraw(actor=world.lan, nomination=sent, withdrawn_on=D(2025, 4, 1), withdrawal="x")
    assert _moves(proposed) == [] and _moves(sent) == [("proposed", "sent")]
    services.nomination_withdraw(
        actor=world.alice, nomination=proposed, withdrawn_on=D(2025, 3, 12), withdrawal="Hội viên xin rút"
    )
    services.nomination_withdraw(
        actor=world.alice, nomination=sent, withdrawn_on=D(2025, 4, 1), withdrawal=" Bổ sung hồ sơ năm sau "
    )
    sent.refresh_from_db()
    assert (sent.status, sent.withdrawn_on, sent.withdrawal) == ("withdrawn", D(2025, 4, 1), "Bổ sung hồ sơ năm sau")
    assert _moves(sent) == [("proposed", "sent"), ("sent", "withdrawn")]
    event = NominationEvent.objects.filter(target_id=sent.pk, kind="move").latest("id")
    assert (event.data["on"], event.data["withdrawal"]) == ("2025-04-01", "Bổ sung hồ sơ năm sau")
    with pytest.raises(ValidationError):  # withdrawn: no answer recorded after it
        services.nomination_grant(actor=world.alice, nomination=sent, decision_number="1", decision_date=D(2025, 6, 1))
    assert (Honour.objects.count(), _moves(sent)[-1]) == (0, ("sent", "withdrawn"))


def test_withdrawing_from_the_nomination_page(world, client_for):
    nomination = _nominate(world)
    officer = client_for(world.alice)
    page = officer.get(reverse("awards:nomination", args=[nomination.pk]))
    assert [(to, str(label)) for to, label, _form in page.context["moves"]] == [
        ("sent", "Gửi cấp khen thưởng"),
        ("withdrawn", "Rút hồ sơ đề nghị"),
    ]
    url = reverse("awards:nomination_move", args=[nomination.pk])
    officer.post(url, {"to": "withdrawn", "withdrawn-withdrawn_on": "12/03/2025", "withdrawn-withdrawal": ""})
    nomination.refresh_from_db()
    assert nomination.status == "proposed"  # no reason: nothing changed
    response = officer.post(
        url, {"to": "withdrawn", "withdrawn-withdrawn_on": "12/03/2025", "withdrawn-withdrawal": "Hội viên xin rút"}
    )
    assert response.status_code == 302
    page = officer.get(reverse("awards:nomination", args=[nomination.pk]))
    assert page.context["moves"] == [] and "Hội viên xin rút" in page.content.decode()
    assert (page.context["nomination"].status, page.context["nomination"].withdrawn_on) == ("withdrawn", D(2025, 3, 12))


def test_proposed_sent_granted_becomes_the_honour(world):
    nomination = _nominate(world, uploads=[ContentFile(PDF, name="tờ trình.pdf")])
    services.nomination_send(actor=world.alice, nomination=nomination, sent_on=D(2025, 3, 20), letter_number="12/LHH")
    honour = services.nomination_grant(
        actor=world.alice, nomination=nomination, decision_number=" 77/QĐ-LHHVN ", decision_date=D(2025, 6, 20)
    )
    nomination.refresh_from_db()
    assert (nomination.status, nomination.honour_id, honour.nomination) == ("granted", honour.pk, nomination)
    assert (honour.org, honour.person, honour.form, honour.issuer) == (
        world.y_te, world.person, "lao_dong_sang_tao", "vusta"
    )  # fmt: skip
    assert (honour.decision_number, honour.decision_date, honour.reason) == (
        "77/QĐ-LHHVN", D(2025, 6, 20), "Sáng kiến được áp dụng"
    )  # fmt: skip
    assert _moves(nomination) == [("proposed", "sent"), ("sent", "granted")]
    kinds = NominationEvent.objects.filter(target_id=nomination.pk).order_by("id").values_list("kind", flat=True)
    assert list(kinds) == ["create", "file_add", "move", "move"]
    assert AwardEvent.objects.get(target="honour").data["nomination"] == nomination.pk
    stored = NominationFile.objects.get(nomination=nomination)
    assert (stored.original_name, stored.content_type, files.path(stored.stored_name).read_bytes()) == (
        "tờ trình.pdf", "application/pdf", PDF
    )  # fmt: skip


def test_a_refused_nomination(world):
    nomination = _nominate(world)
    services.nomination_send(actor=world.alice, nomination=nomination, sent_on=D(2025, 3, 20))
    services.nomination_refuse(
        actor=world.alice, nomination=nomination, refused_on=D(2025, 8, 1), refusal="Chưa đủ tiêu chuẩn"
    )
    nomination.refresh_from_db()
    assert (nomination.status, nomination.refused_on, nomination.refusal) == (
        "refused",
        D(2025, 8, 1),
        "Chưa đủ tiêu chuẩn",
    )
    assert not Honour.objects.exists()


def test_moves_the_table_refuses_change_nothing(world):
    nomination = _nominate(world)
    with pytest.raises(ValidationError) as error:  # not sent yet
        services.nomination_grant(
            actor=world.alice, nomination=nomination, decision_number="1", decision_date=D(2025, 6, 1)
        )
    assert error.value.messages == ["Hồ sơ đề nghị đang “Đề xuất” không thể chuyển sang “Được khen thưởng”."]
    with pytest.raises(ValidationError):  # not sent yet
        services.nomination_refuse(actor=world.alice, nomination=nomination, refused_on=D(2025, 6, 1))
    with pytest.raises(ValidationError):  # sent before it was proposed
        services.nomination_send(actor=world.alice, nomination=nomination, sent_on=D(2025, 3, 1))
    services.nomination_send(actor=world.alice, nomination=nomination, sent_on=D(2025, 3, 20))
    with pytest.raises(ValidationError):  # sent twice
        services.nomination_send(actor=world.alice, nomination=nomination, sent_on=D(2025, 3, 21))
    with pytest.raises(ValidationError):  # decided before it was sent
        services.nomination_grant(
            actor=world.alice, nomination=nomination, decision_number="1", decision_date=D(2025, 3, 19)
        )
    services.nomination_refuse(actor=world.alice, nomination=nomination, refused_on=D(2025, 8, 1))
    with pytest.raises(ValidationError):  # decided: no move, no correction
        services.nomination_grant(
            actor=world.alice, nomination=nomination, decision_number="1", decision_date=D(2025, 9, 1)
        )
    with pytest.raises(ValidationError):
        services.nomination_update(actor=world.alice, nomination=nomination, form="bang_khen")
    nomination.refresh_from_db()
    assert (nomination.status, nomination.form, Honour.objects.count()) == ("refused", "lao_dong_sang_tao", 0)
    assert _moves(nomination) == [("proposed", "sent"), ("sent", "refused")]


def test_nomination_rules(world):
    with pytest.raises(ValidationError):  # the member belongs to another association
        _nominate(world, org=world.trung_luong)
    with pytest.raises(ValidationError):  # achievements of a year after the proposal
        _nominate(world, year=2026)
    with pytest.raises(ValidationError):  # a term that ends before it begins
        _nominate(world, year=2023, last_year=2021)
    with pytest.raises(ValidationError):  # the future
        _nominate(world, proposed_on=D(2100, 1, 1))
    with pytest.raises(ValidationError):  # a file that is not what it says
        _nominate(world, uploads=[ContentFile(b"MZ\x90\x00", name="to-trinh.pdf")])
    assert not Nomination.objects.exists()
    term = _nominate(world, person=None, org=world.hong_linh, form="bang_khen", year=2018, last_year=2023)
    assert (term.candidate, term.years) == ("Liên hiệp hội thị xã Hồng Lĩnh", "2018–2023")


def test_a_grant_fails_whole(world):
    """A scan that is refused leaves the nomination sent and no honour recorded."""
    nomination = _nominate(world)
    services.nomination_send(actor=world.alice, nomination=nomination, sent_on=D(2025, 3, 20))
    with pytest.raises(ValidationError):
        services.nomination_grant(
            actor=world.alice, nomination=nomination, decision_number="77/QĐ-LHHVN", decision_date=D(2025, 6, 20),
            scan=ContentFile(b"MZ\x90\x00", name="qd.pdf"),
        )  # fmt: skip
    nomination.refresh_from_db()
    assert (nomination.status, nomination.honour_id, Honour.objects.count()) == ("sent", None, 0)
    assert _moves(nomination) == [("proposed", "sent")]


def test_a_grant_links_the_honour_already_recorded(world):
    """The honour recorded from the decision before its nomination was: the grant links it, records no second."""
    honour = services.honour_create(
        actor=world.alice, org=world.y_te, person=world.person, form="lao_dong_sang_tao", issuer="vusta",
        decision_number="77/QĐ-LHHVN", decision_date=D(2025, 6, 20),
    )  # fmt: skip
    nomination = _nominate(world)
    services.nomination_send(actor=world.alice, nomination=nomination, sent_on=D(2025, 3, 20))
    linked = services.nomination_grant(
        actor=world.alice, nomination=nomination, decision_number="77/QĐ-LHHVN", decision_date=D(2025, 6, 20)
    )
    assert (linked.pk, Honour.objects.count(), AwardEvent.objects.filter(target="honour").count()) == (honour.pk, 1, 1)
    assert (
        NominationEvent.objects.filter(target_id=nomination.pk, kind="move").order_by("id").last().data["linked"]
        is True
    )
    with pytest.raises(ValidationError):  # the honour a nomination became is corrected, not deleted
        services.honour_delete(actor=world.alice, honour=honour)
    assert Honour.objects.filter(pk=honour.pk).exists()


def test_the_pages(world, client_for):
    nomination = _nominate(world)
    officer = client_for(world.alice)
    response = officer.get(reverse("awards:nominations"), {"status": "proposed"})
    assert (response.status_code, response.context["count"]) == (200, 1)
    assert officer.get(reverse("awards:nominations"), {"status": "sent"}).context["count"] == 0
    # Found by the member's name or the unit's, case and diacritics ignored.
    assert officer.get(reverse("awards:nominations"), {"q": "nguyen van an"}).context["count"] == 1
    assert officer.get(reverse("awards:nominations"), {"q": "trung tam y te"}).context["count"] == 1
    assert officer.get(reverse("awards:nominations"), {"q": "trung luong"}).context["count"] == 0
    page = officer.get(reverse("awards:nomination", args=[nomination.pk]))
    assert [str(label) for _to, label, _form in page.context["moves"]] == ["Gửi cấp khen thưởng", "Rút hồ sơ đề nghị"]
    response = officer.post(
        reverse("awards:nomination_move", args=[nomination.pk]),
        {"to": "sent", "sent-sent_on": "20/03/2025", "sent-letter_number": "12/LHH"},
    )
    assert response.status_code == 302
    nomination.refresh_from_db()
    assert (nomination.status, nomination.sent_on, nomination.letter_number) == ("sent", D(2025, 3, 20), "12/LHH")
    # A leader reads it and has no step to take.
    page = client_for(world.lan).get(reverse("awards:nomination", args=[nomination.pk]))
    assert (page.status_code, page.context["moves"]) == (200, [])
    # An outsider sees none of it.
    assert client_for(world.dan).get(reverse("awards:nominations")).context["count"] == 0


def test_the_list_in_excel_has_a_row_per_nomination(world):
    from lienhiep.awards import exporting

    nomination = _nominate(world)
    services.nomination_send(actor=world.alice, nomination=nomination, sent_on=D(2025, 3, 20))
    services.nomination_grant(actor=world.alice, nomination=nomination, decision_number="77/QĐ-LHHVN",
                              decision_date=D(2025, 6, 20))  # fmt: skip
    from django.http import QueryDict

    rows = exporting.nomination_list_rows(world.alice, QueryDict())
    assert list(rows.rows) == [
        ["Ngày đề xuất", "Hình thức", "Đối tượng đề nghị", "Đơn vị", "Cấp khen thưởng", "Năm", "Tình trạng",
         "Ngày gửi", "Quyết định", "Thành tích"],
        [D(2025, 3, 10), "Bằng lao động sáng tạo", "Nguyễn Văn An", "Hội KH&KT Trung tâm Y tế",
         "Liên hiệp các Hội KH&KT Việt Nam", "2024", "Được khen thưởng", D(2025, 3, 20), "77/QĐ-LHHVN (20/06/2025)",
         "Sáng kiến được áp dụng"],
    ]  # fmt: skip


def test_deleting_the_honour_a_nomination_became_is_refused_back_on_its_edit_page(world, client_for):
    """A move that redirects elsewhere when refused (`core.http.act` answering None): the refusal said as an error
    on the honour's edit page, nothing deleted, no success said."""
    nomination = _nominate(world)
    services.nomination_send(actor=world.alice, nomination=nomination, sent_on=D(2025, 3, 20))
    honour = services.nomination_grant(
        actor=world.alice, nomination=nomination, decision_number="77/QĐ-LHHVN", decision_date=D(2025, 6, 20)
    )
    officer = client_for(world.alice)
    response = officer.post(reverse("awards:delete", args=[honour.pk]), follow=True)
    assert response.redirect_chain == [(reverse("awards:edit", args=[honour.pk]), 302)]
    assert [(m.level_tag, m.message) for m in response.context["messages"]] == [
        ("error", "Khen thưởng này là kết quả của một hồ sơ đề nghị; hãy sửa thay vì xóa.")
    ]
    assert Honour.objects.filter(pk=honour.pk).exists()
