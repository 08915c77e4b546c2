"""The union's opinion on a dossier as it prints: the "Báo cáo kết quả tư vấn/phản biện" (issue 15), written through
reporting's Word machinery (`reporting.output.render_docx`, the ND 30/2020 frame: head, title, signature, Nơi nhận)
and checked by the same layout check as the reports.

The body: the requester as addressee ("Kính gửi"), what was asked and how the opinions were gathered; I. the
union's position with its reasons; II. the proposals article by article, in a table (part cited, the union's
comment, the wording proposed, why); III. the dissenting opinions, without their authors' names; and the closing
line. The document is in Vietnamese whatever the reader's language, as the reports are: its words are the
document's, not the interface's.
"""

from __future__ import annotations

from django.db.models import F

from lienhiep.orgs import selectors as org_selectors
from lienhiep.reporting.document import Column, Document, Paragraph, Run, Section, Table, administrative
from lienhiep.reviews.models import Dossier
from lienhiep.reviews.models.drafts import Decision, DraftComment, Opinion, OpinionItem, OpinionPosition

# What the union did, by the dossier's kind: "Kết quả phản biện …".
VERBS = {
    "consult": "tư vấn",
    "critique": "phản biện",
    "assessment": "giám định xã hội",
    "draft_comment": "góp ý",
    "eia_seat": "tham gia thẩm định",
}
POSITIONS: dict[str, str] = {
    OpinionPosition.AGREE: "cơ bản thống nhất với nội dung dự thảo",
    OpinionPosition.AMEND: (
        "cơ bản thống nhất với nội dung dự thảo và đề nghị tiếp thu, chỉnh sửa theo các ý kiến dưới đây"
    ),
    OpinionPosition.DISAGREE: "chưa thống nhất với nội dung dự thảo, vì các lý do dưới đây",
}
DEFAULT_RECIPIENTS = ("Như trên;", "Lưu: VT, HS.")


def _text(value: str) -> Paragraph:
    return Paragraph((Run(value),))


def _paragraphs(text: str) -> tuple[Paragraph, ...]:
    return tuple(_text(line.strip()) for line in text.splitlines() if line.strip())


def _date(value: object) -> str:
    return f"{value:%d/%m/%Y}" if value else ""


def _ways(dossier: Dossier) -> str:
    ways = [
        label
        for flag, label in (
            (dossier.by_written, "lấy ý kiến bằng văn bản của các chuyên gia"),
            (dossier.by_council, "tổ chức họp hội đồng tư vấn"),
            (dossier.by_workshop, "tổ chức hội thảo"),
        )
        if flag
    ]
    return ", ".join(ways) or "lấy ý kiến các chuyên gia"


def document(dossier: Dossier, opinion: Opinion | None = None) -> Document:
    """The opinion of `dossier` (its saved `Opinion`, or the defaults of an unsaved one) as a `Document`."""
    opinion = opinion or Opinion.objects.filter(dossier=dossier).first() or Opinion(dossier=dossier)
    org = dossier.org
    name, superior = org_selectors.issuer_on(org, on=opinion.issued_on or org_selectors.today())
    verb = VERBS.get(dossier.kind, "tư vấn")
    requester = dossier.requester_name.strip()

    opening: list[Paragraph] = []
    if requester:
        opening.append(Paragraph((Run("Kính gửi: ", bold=True), Run(requester, bold=True))))
    letter = ""
    if dossier.request_number:
        letter = f" tại Văn bản số {dossier.request_number}"
        if dossier.request_date:
            letter += f" ngày {_date(dossier.request_date)}"
    asked = f"Thực hiện đề nghị của {requester}{letter}" if requester else f"Thực hiện kế hoạch của {name}"
    opening.append(_text(f"{asked} về việc {verb} đối với {dossier.title}, {name} đã {_ways(dossier)}."))
    opening.append(_text(f"Trên cơ sở tổng hợp ý kiến, {name} báo cáo kết quả {verb} như sau:"))

    position = POSITIONS.get(opinion.position, "") if opinion.position else ""
    general = [_text(f"{name} {position}.")] if position else []
    general += list(_paragraphs(opinion.reasons))

    items = list(OpinionItem.objects.filter(dossier=dossier).order_by(F("part__order").asc(nulls_first=True), "id"))
    table = Table(
        columns=(
            Column("TT", "center"),
            Column("Điều, khoản"),
            Column("Nội dung góp ý"),
            Column("Đề xuất sửa đổi"),
            Column("Lý do"),
        ),
        rows=tuple(
            (str(index), item.part_cite or "Chung", item.text, item.proposed_text, item.reasons)
            for index, item in enumerate(items, start=1)
        ),
    )
    specific: tuple[Paragraph | Table, ...] = (
        (table,) if items else (_text("Không có ý kiến cụ thể đối với các điều, khoản của dự thảo."),)
    )
    dissent = [
        _text(f"Có ý kiến cho rằng ({comment.part.cite if comment.part else 'chung'}): {comment.text}")
        for comment in DraftComment.objects.filter(draft__dossier=dossier, decision=Decision.DISSENT)
        .select_related("part")
        .order_by("id")
    ]
    closing = _text(
        f"Trên đây là kết quả {verb} của {name}, kính gửi {requester or 'các cơ quan liên quan'} xem xét, tiếp thu."
    )

    sections = [
        Section(level=0, number="", title="", blocks=tuple(opening)),
        Section(level=1, number="I.", title="Ý kiến chung", blocks=tuple(general) or (_text("…"),)),
        Section(level=1, number="II.", title="Ý kiến cụ thể", blocks=specific),
    ]
    if dissent:
        sections.append(Section(level=1, number="III.", title="Ý kiến khác", blocks=tuple(dissent)))
    sections.append(Section(level=0, number="", title="", blocks=(closing,)))
    return administrative(
        opinion,
        doc_type="BÁO CÁO",
        summary=f"Kết quả {verb} {dossier.title}",
        issuer=name,
        superior=superior,
        place=getattr(org, "place_name", "") or "",
        sections=tuple(sections),
        recipients=opinion.recipient_lines(DEFAULT_RECIPIENTS),
    )


def render(dossier: Dossier, opinion: Opinion | None = None) -> bytes:
    from lienhiep.reporting.output.word import render_docx

    return render_docx(document(dossier, opinion))
