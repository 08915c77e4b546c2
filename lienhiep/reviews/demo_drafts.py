"""The demo's drafts, comments and opinions (issue 15), on the dossiers `reviews.demo` seeds: for each of the seven
Hồng Lĩnh topics, the draft the town sent (a scheme, programme or plan in its usual shape, `samples.plan_draft`),
split into its parts; the experts' written opinions, typed in by the office as they came on paper (2018–2023:
the experts had no accounts); the standing committee's decisions (taken, merged, dropped, one dissent); and the
opinion as it was sent, its number and date those the dossier records (a paper register's: no number is taken
from the unit's register here, which the reports' demo fills). Its Word file is generated from these records.

Signed by the town union's chair of the day (governance's demo): Lê Văn Bình until 01/09/2020, then Nguyễn Trí
Anh (vice chair) until Tôn Quang Ngọc is elected on 15/10/2020.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.base import ContentFile

from lienhiep.reviews import samples
from lienhiep.reviews.drafts import services
from lienhiep.reviews.models import Dossier, DraftComment

D = dt.date
EXPERTS = ("TS. Nguyễn Văn Hòa", "ThS. Trần Thị Lan", "KS. Lê Đình Phúc")
# What each topic is about, as its draft's text says it ("… công tác thu gom rác thải trên địa bàn thị xã").
SUBJECTS = {
    "Đề án phát triển đô thị": "công tác phát triển đô thị",
    "Đề án thu gom rác thải": "công tác thu gom, xử lý rác thải",
    "Đề án ứng dụng": "ứng dụng và phát triển công nghệ thông tin",
    "Chương trình phát triển đô thị": "chương trình phát triển đô thị",
    "Kế hoạch thực hiện Nghị quyết số 02": "phát triển du lịch văn hóa, tâm linh",
    "Chương trình hành động": "phát triển các khu, cụm công nghiệp",
    "Kế hoạch phát triển sản xuất": "phát triển sản xuất nông nghiệp",
}


def _subject(title: str) -> str:
    return next((topic for start, topic in SUBJECTS.items() if title.startswith(start)), "nội dung dự thảo")


def _signer(on: dt.date) -> tuple[str, str]:
    if on < D(2020, 9, 1):
        return "CHỦ TỊCH", "Lê Văn Bình"
    if on < D(2020, 10, 15):
        return "PHÓ CHỦ TỊCH", "Nguyễn Trí Anh"
    return "CHỦ TỊCH", "Tôn Quang Ngọc"


def opinion_for(actor: Any, dossier: Dossier, *, dissent: bool) -> None:
    """The draft, its comments, the decisions and the opinion of one closed dossier."""
    subject = _subject(dossier.title)
    draft = services.draft_upload(
        actor=actor,
        dossier=dossier,
        upload=ContentFile(samples.plan_draft(dossier.title, topic=subject), name="du-thao.docx"),
    )
    draft = services.draft_split(draft_id=draft.pk)
    parts = {part.cite: part for part in draft.parts.all()}
    hoa, lan, phuc = EXPERTS

    def comment(part: str | None, who: str, stance: str, text: str, proposed: str = "") -> DraftComment:
        return services.comment_add(
            actor=actor, draft=draft, part=parts.get(part or ""), stance=stance, text=text, proposed_text=proposed,
            on_behalf_of=who,
        )  # fmt: skip

    general = comment(None, hoa, "amend", f"Dự thảo cơ bản phù hợp; cần bổ sung số liệu đánh giá thực trạng {subject}.")
    target_1 = comment(
        "mục II.2", lan, "amend", "Mục tiêu cụ thể cần lượng hóa bằng chỉ tiêu theo từng năm.",
        "Đến năm 2025: hoàn thành 100% chỉ tiêu; mỗi năm tăng ít nhất 10% so với năm trước.",
    )  # fmt: skip
    target_2 = comment("mục II.2", phuc, "amend", "Bổ sung chỉ tiêu về sự tham gia của doanh nghiệp.")
    funds = comment(
        "mục III.2", hoa, "amend", "Làm rõ tỷ lệ vốn ngân sách và vốn xã hội hóa.",
        "Huy động nguồn lực: ngân sách nhà nước khoảng 40%, xã hội hóa và lồng ghép chương trình khoảng 60%.",
    )  # fmt: skip
    assign = comment("mục IV.1", lan, "note", "Cần giao rõ cơ quan chủ trì theo dõi, tổng hợp, báo cáo định kỳ.")
    extra = comment(
        "mục III.3", phuc, "disagree", "Không nên dàn trải hoạt động tuyên truyền; tập trung vào trọng điểm."
    )
    services.comments_take(
        actor=actor, comments=[general], text=general.text, reasons="Bảo đảm cơ sở thực tiễn của dự thảo."
    )
    services.comments_take(
        actor=actor, comments=[target_1, target_2],
        text="Lượng hóa mục tiêu cụ thể theo từng năm, bổ sung chỉ tiêu về sự tham gia của doanh nghiệp.",
        proposed_text=target_1.proposed_text, reasons="Để có căn cứ kiểm tra, đánh giá kết quả thực hiện.",
    )  # fmt: skip
    services.comments_take(
        actor=actor, comments=[funds], text=funds.text, proposed_text=funds.proposed_text,
        reasons="Phù hợp khả năng cân đối ngân sách của thị xã.",
    )  # fmt: skip
    services.comment_decide(actor=actor, comment=assign, decision="dropped", note="Đã có tại khoản 1 mục IV.")
    services.comment_decide(actor=actor, comment=extra, decision="dissent" if dissent else "dropped")
    title, name = _signer(dossier.sent_on or D(2023, 1, 1))
    services.opinion_save(
        actor=actor, dossier=dossier, position="amend",
        reasons=f"Dự thảo đã bám sát chủ trương của Thị ủy và thực tiễn {subject} của thị xã.",
        authority="TM. BAN THƯỜNG VỤ", signer_title=title, signer_name=name,
        recipients="Như trên;\nThường trực Thị ủy (b/c);\nLiên hiệp các Hội KH&KT tỉnh (b/c);\nLưu: VT, HS.",
    )  # fmt: skip
    number = dossier.opinion_number if dossier.opinion_number.startswith("Số") else f"Số: {dossier.opinion_number}"
    services.opinion_record(
        actor=actor, dossier=dossier, number_line=number, issued_on=dossier.sent_on or D(2023, 1, 1)
    )


def seed(out: Any, *, officer: Any, dossiers: list[Dossier]) -> None:
    for index, dossier in enumerate(dossiers):
        opinion_for(officer, dossier, dissent=index == 0)
    out.write(f"  {len(dossiers)} demo drafts with their experts' comments and the opinions sent (Hồng Lĩnh)\n")


def open_draft(out: Any, *, officer: Any, dossier: Dossier) -> None:
    """The open confidential dossier's access list (the officer: a "mật" dossier is read only by those listed, staff
    included; its experts with a login were listed by their assignment) and its draft, split, waiting for the
    experts' comments."""
    services.access_add(actor=officer, dossier=dossier, user=officer)
    draft = services.draft_upload(
        actor=officer,
        dossier=dossier,
        upload=ContentFile(
            samples.plan_draft(dossier.title, topic="quy hoạch và phát triển khu kinh tế", level="province"),
            name="du-thao.docx",
        ),
    )
    services.draft_split(draft_id=draft.pk)
    out.write("  its draft, split, on the access list of the officer and the demo expert\n")
