"""The union's opinion as it prints: the ND 30 head, the requester as addressee, the position with its reasons, the
proposals article by article in a table, the dissenting opinions, the signature and Nơi nhận; numbered from the
unit's register shared with its reports."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from docx import Document as WordDocument

from lienhiep.orgs.models import Org
from lienhiep.reporting.models import DocumentNumber
from lienhiep.reporting.tests.layout import problems
from lienhiep.reviews import opinion
from lienhiep.reviews.drafts import services
from lienhiep.reviews.models import Decision, DraftEvent
from lienhiep.reviews.tests.draft_factories import dossier, under_review

D = dt.date
pytestmark = pytest.mark.django_db


def _paragraphs(docx: bytes) -> list[str]:
    return [p.text for p in WordDocument(io.BytesIO(docx)).paragraphs if p.text.strip()]


def _table(docx: bytes) -> list[list[str]]:
    """The proposals' table (the head and the signature are tables too)."""
    tables = [[[cell.text for cell in row.cells] for row in t.rows] for t in WordDocument(io.BytesIO(docx)).tables]
    return next(t for t in tables if t[0][0] == "TT")


def _headed(world):
    """Hà Tĩnh's union with what its documents' head prints (the demo's units have them)."""
    Org.objects.filter(pk=world.ha_tinh.pk).update(place_name="Hà Tĩnh", abbreviation="LHH")
    world.ha_tinh.refresh_from_db()


def test_the_opinion_prints_its_proposals_and_dissent_and_passes_the_nd30_check_before_and_after_issue(world):
    _headed(world)
    target, draft, eve = under_review(world)
    clause, point = draft.parts.get(order=5), draft.parts.get(order=6)
    a = services.comment_add(
        actor=eve, draft=draft, part=point, stance="amend", text="Sửa điểm a.", proposed_text="a) Mới"
    )
    b = services.comment_add(actor=eve, draft=draft, part=clause, stance="amend", text="Sửa khoản 1.")
    c = services.comment_add(actor=eve, draft=draft, part=None, stance="disagree", text="Chưa cần ban hành.")
    services.comments_take(
        actor=world.alice, comments=[b], text="Làm rõ khoản 1.", proposed_text="1. Rõ hơn", reasons="Dễ hiểu."
    )
    services.comments_take(actor=world.alice, comments=[a], text="Sửa điểm a.", proposed_text="a) Mới", reasons="Đủ ý.")
    services.comment_decide(actor=world.alice, comment=c, decision=Decision.DISSENT)
    services.opinion_save(
        actor=world.alice, dossier=target, position="amend", reasons="Dự thảo phù hợp thực tiễn.\nCần chỉnh sửa.",
        authority="TM. BAN THƯỜNG VỤ", signer_title="CHỦ TỊCH", signer_name="Trần Văn Minh",
        recipients="Như trên;\nThường trực Tỉnh ủy (b/c);\nLưu: VT, HS.",
    )  # fmt: skip

    before = opinion.render(target)
    assert problems(before, style="administrative", issued=False) == []

    issued = services.opinion_issue(actor=world.alice, dossier=target, issued_on=D(2026, 11, 20))
    after = opinion.render(target)

    assert problems(after, style="administrative") == []
    assert (issued.number_line, issued.number.year, issued.number.seq, issued.number.report_id) == (
        "Số: 01/BC-LHH",
        2026,
        1,
        None,
    )
    text = _paragraphs(after)
    assert "Kính gửi: Ủy ban nhân dân tỉnh Hà Tĩnh" in text
    assert text[text.index("I. Ý KIẾN CHUNG") + 1 : text.index("II. Ý KIẾN CỤ THỂ")] == [
        "Liên hiệp hội tỉnh Hà Tĩnh cơ bản thống nhất với nội dung dự thảo và đề nghị tiếp thu, chỉnh sửa theo các "
        "ý kiến dưới đây.",
        "Dự thảo phù hợp thực tiễn.",
        "Cần chỉnh sửa.",
    ]
    assert "Có ý kiến cho rằng (chung): Chưa cần ban hành." in text
    assert _table(after) == [
        ["TT", "Điều, khoản", "Nội dung góp ý", "Đề xuất sửa đổi", "Lý do"],
        ["1", "khoản 1 Điều 1", "Làm rõ khoản 1.", "1. Rõ hơn", "Dễ hiểu."],
        ["2", "điểm a khoản 1 Điều 1", "Sửa điểm a.", "a) Mới", "Đủ ý."],
    ]
    assert list(DraftEvent.objects.filter(dossier=target, kind="issue").values_list("data", flat=True)) == [
        {"number": "Số: 01/BC-LHH", "issued_on": "2026-11-20", "signer": "Trần Văn Minh", "register": True}
    ]
    # Issued, it changes no more.
    with pytest.raises(ValidationError, match="đã ban hành"):
        services.comment_decide(actor=world.alice, comment=c, decision=Decision.OPEN)


def test_the_opinion_takes_the_next_number_after_the_unit_s_reports(world):
    DocumentNumber.objects.create(org=world.ha_tinh, year=2026, seq=1, report=None)
    target = dossier(world)
    services.opinion_save(
        actor=world.alice, dossier=target, position="agree", reasons="", authority="TM. BAN THƯỜNG VỤ",
        signer_title="CHỦ TỊCH", signer_name="Trần Văn Minh", recipients="",
    )  # fmt: skip

    issued = services.opinion_issue(actor=world.alice, dossier=target, issued_on=D(2026, 11, 20))

    assert issued.number.seq == 2


def test_an_opinion_without_a_position_or_a_signer_is_not_issued(world):
    target = dossier(world)

    with pytest.raises(ValidationError, match="quan điểm"):
        services.opinion_issue(actor=world.alice, dossier=target, issued_on=D(2026, 11, 20))

    assert not DocumentNumber.objects.exists()
