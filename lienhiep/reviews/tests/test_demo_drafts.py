"""The demo's drafts: each of the seven Hồng Lĩnh topics has its draft split, its experts' comments decided on and
its opinion as sent, whose Word file passes the reports' ND 30 layout check."""

import io

from docx import Document as WordDocument

from lienhiep.orgs.models import Org, OrgKind
from lienhiep.reporting.tests.layout import problems
from lienhiep.reviews import opinion
from lienhiep.reviews.drafts import selectors
from lienhiep.reviews.models import Dossier


def test_the_seven_topics_have_their_drafts_comments_and_opinions(demo):
    town = Org.objects.get(kind=OrgKind.DISTRICT, name__contains="Hồng Lĩnh")
    closed = list(Dossier.objects.filter(org=town, status="closed").order_by("sent_on"))

    assert [selectors.counts(d) for d in closed] == [{"open": 0, "taken": 4, "dropped": 1, "dissent": 1}] + [
        {"open": 0, "taken": 4, "dropped": 2, "dissent": 0}
    ] * 6
    assert [(d.opinion.number_line, d.opinion.issued_on, d.opinion_items.count()) for d in closed] == [
        (f"Số: {d.opinion_number}", d.sent_on, 3) for d in closed
    ]
    first = opinion.render(closed[0])
    assert problems(first, style="administrative") == []
    text = [p.text for p in WordDocument(io.BytesIO(first)).paragraphs]
    assert "Kính gửi: UBND thị xã Hồng Lĩnh" in text
    assert (
        "Có ý kiến cho rằng (mục III.3): Không nên dàn trải hoạt động tuyên truyền; tập trung vào trọng điểm." in text
    )
    assert [d.opinion.signer_name for d in closed] == [
        "Lê Văn Bình", "Lê Văn Bình", "Nguyễn Trí Anh", "Tôn Quang Ngọc", "Tôn Quang Ngọc", "Tôn Quang Ngọc",
        "Tôn Quang Ngọc",
    ]  # fmt: skip


def test_the_provinces_open_dossier_has_a_provincial_draft(demo):
    from lienhiep.reviews.models.drafts import DraftPart

    open_one = Dossier.objects.get(confidential=True, status="estimated")
    texts = list(DraftPart.objects.filter(draft__dossier=open_one).order_by("order").values_list("text", flat=True))
    assert texts[1] == (
        "Thời gian qua, quy hoạch và phát triển khu kinh tế trên địa bàn tỉnh đã đạt được một số kết quả, song còn "
        "bộc lộ hạn chế về quy hoạch, nguồn lực và sự phối hợp giữa các cơ quan, đơn vị.\n"
        "Căn cứ Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XX, nhiệm kỳ 2025 - 2030; Quy hoạch tỉnh Hà Tĩnh thời kỳ "
        "2021 - 2030, tầm nhìn đến năm 2050 và các văn bản của Trung ương."
    )
    assert [text for text in texts if "thị xã" in text] == []
