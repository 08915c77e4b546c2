"""A dossier's draft: uploaded and split in the background, commented on by its experts, answered, and taken into
the union's opinion by the secretary; every change an event row."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from lienhiep.reviews.drafts import selectors, services
from lienhiep.reviews.models import Decision, DraftComment, DraftEvent, DraftStatus, OpinionItem
from lienhiep.reviews.tests.draft_factories import dossier, expert, under_review, upload

D = dt.date
pytestmark = pytest.mark.django_db


def test_an_uploaded_word_draft_is_split_into_its_parts_in_the_background(world, django_capture_on_commit_callbacks):
    target = dossier(world)
    from lienhiep.reviews import samples

    with django_capture_on_commit_callbacks(execute=True):
        draft = services.draft_upload(
            actor=world.alice,
            dossier=target,
            upload=SimpleUploadedFile(
                "Dự thảo NQ.docx", samples.legal_draft(chapters=1, articles=1, clauses=1, points=0)
            ),
        )

    draft.refresh_from_db()
    assert (draft.version, draft.file_name, draft.status, draft.percent) == (
        1,
        "Dự thảo NQ.docx",
        DraftStatus.DONE,
        100,
    )
    assert list(draft.parts.values_list("order", "depth", "kind", "number", "heading", "cite")) == [
        (1, 0, "paragraph", "¶1", "", "đoạn 1"),
        (2, 0, "paragraph", "¶2", "", "đoạn 2"),
        (3, 0, "chapter", "Chương I", "QUY ĐỊNH SỐ 1", "Chương I"),
        (4, 1, "article", "Điều 1", "Nội dung thứ 1", "Điều 1"),
        (5, 2, "clause", "1", "", "khoản 1 Điều 1"),
    ]
    assert list(DraftEvent.objects.filter(dossier=target).values_list("kind", "data")) == [
        ("split", {"parts": 5}),
        ("upload", {"file": "Dự thảo NQ.docx", "version": 1, "size": draft.size}),
    ]


def test_a_file_that_is_not_word_or_pdf_is_refused_and_nothing_is_kept(world):
    target = dossier(world)
    sheet = SimpleUploadedFile("so-lieu.xlsx", _xlsx())

    with pytest.raises(ValidationError, match="không phải tệp Word"):
        services.draft_upload(actor=world.alice, dossier=target, upload=sheet)

    assert not target.drafts.exists()
    assert not DraftEvent.objects.filter(dossier=target).exists()


def test_a_scan_without_text_fails_with_a_message(world):
    target = dossier(world)
    blank = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj "
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )

    draft = upload(world, target, data=blank, name="scan.pdf")

    assert (draft.status, draft.message) == (
        DraftStatus.FAILED,
        "Tệp không có chữ để tách (có thể là bản quét chưa có lớp chữ?).",
    )


def test_experts_comment_others_answer_and_the_secretary_takes_merges_drops_and_keeps_dissent(world):
    target = dossier(world)
    draft = upload(world, target)
    eve, minh = expert(world, target), expert(world, target, "minh")
    article, clause = draft.parts.get(order=4), draft.parts.get(order=5)

    first = services.comment_add(
        actor=eve,
        draft=draft,
        part=clause,
        stance="amend",
        text="Nên làm rõ đối tượng.",
        proposed_text="Tổ chức, cá nhân hoạt động khoa học",
    )
    second = services.comment_add(actor=minh, draft=draft, part=clause, stance="amend", text="Bổ sung doanh nghiệp.")
    answer = services.comment_reply(actor=world.alice, comment=first, text="Đồng ý, sẽ tổng hợp.")
    third = services.comment_add(
        actor=minh, draft=draft, part=article, stance="disagree", text="Không nên quy định mức trần."
    )
    general = services.comment_add(actor=eve, draft=draft, part=None, stance="agree", text="Dự thảo cơ bản phù hợp.")

    item = services.comments_take(
        actor=world.alice,
        comments=[first, second],
        text="Làm rõ đối tượng áp dụng, bổ sung doanh nghiệp.",
        proposed_text="Tổ chức, cá nhân, doanh nghiệp hoạt động khoa học",
        reasons="Bảo đảm đầy đủ.",
    )
    services.comment_decide(actor=world.alice, comment=third, decision=Decision.DISSENT, note="Ý kiến riêng.")
    services.comment_decide(actor=world.alice, comment=general, decision=Decision.DROPPED)

    assert (answer.reply_to_id, answer.part_id, answer.stance, answer.author_name) == (
        first.pk,
        clause.pk,
        "",
        str(world.alice),
    )
    assert list(DraftComment.objects.filter(reply_to=None).order_by("id").values_list("decision", "item")) == [
        ("taken", item.pk), ("taken", item.pk), ("dissent", None), ("dropped", None),
    ]  # fmt: skip
    assert (item.part_id, item.part_cite) == (clause.pk, "khoản 1 Điều 1")
    assert selectors.counts(target) == {"open": 0, "taken": 2, "dropped": 1, "dissent": 1}
    kinds = list(DraftEvent.objects.filter(dossier=target).order_by("id").values_list("kind", "target"))
    assert kinds[2:] == [
        ("comment", "comment"), ("comment", "comment"), ("reply", "comment"), ("comment", "comment"),
        ("comment", "comment"), ("decide", "item"), ("decide", "comment"), ("decide", "comment"),
    ]  # fmt: skip

    # Opening a taken comment again takes it out of its item; the item goes with its last comment.
    services.comment_decide(actor=world.alice, comment=first, decision=Decision.OPEN)
    assert OpinionItem.objects.filter(pk=item.pk).exists()
    services.comment_decide(actor=world.alice, comment=second, decision=Decision.OPEN)
    assert not OpinionItem.objects.filter(pk=item.pk).exists()


def test_an_expert_comments_but_does_not_decide_and_an_expert_of_another_dossier_does_neither(world):
    target, other = dossier(world), dossier(world, title="Quy hoạch tỉnh")
    draft = upload(world, target)
    eve, stranger = expert(world, target), expert(world, other, "sam")
    comment = services.comment_add(actor=eve, draft=draft, part=None, stance="agree", text="Đồng ý.")

    with pytest.raises(PermissionDenied):
        services.comments_take(actor=eve, comments=[comment], text="x")
    with pytest.raises(PermissionDenied):
        services.comment_add(actor=stranger, draft=draft, part=None, stance="agree", text="Tôi cũng vậy.")
    with pytest.raises(PermissionDenied):
        services.comment_add(actor=world.lan, draft=draft, part=None, stance="agree", text="Lãnh đạo.")

    assert list(DraftComment.objects.values_list("text", "decision")) == [("Đồng ý.", "open")]


def test_a_confidential_dossier_is_read_and_commented_only_by_those_on_its_access_list(world):
    target = dossier(world, confidential=True)
    draft = upload(world, target)
    eve = expert(world, target)

    with pytest.raises(PermissionDenied):
        services.comment_add(actor=eve, draft=draft, part=None, stance="agree", text="Đồng ý.")
    services.access_add(actor=world.alice, dossier=target, user=eve)
    services.comment_add(actor=eve, draft=draft, part=None, stance="agree", text="Đồng ý.")
    with pytest.raises(PermissionDenied):
        services.access_add(actor=eve, dossier=target, user=world.bob)

    assert list(target.access_list.values_list("user__username", flat=True)) == ["eve"]
    assert list(DraftEvent.objects.filter(dossier=target, kind="access_add").values_list("data", flat=True)) == [
        {"user": "Nguyễn Thị Hằng", "user_id": eve.pk}
    ]


def test_a_draft_page_offers_each_persona_what_the_services_allow_them(world):
    from lienhiep.reviews.drafts.permissions import Need, abilities, allowed

    targets = {"open": dossier(world), "secret": dossier(world, title="Hồ sơ mật", confidential=True)}
    eve = expert(world, targets["open"])
    expert(world, targets["secret"], "sam")
    services.access_add(actor=world.alice, dossier=targets["secret"], user=world.alice)
    offered = {}
    for which, target in targets.items():
        for user in (world.alice, world.lan, eve):
            said = abilities(user, target)
            both = {
                "can_comment": allowed(user, target, Need.COMMENT),
                "can_decide": allowed(user, target, Need.DECIDE),
            }
            assert said == both
            offered[which, user.username] = (said["can_comment"], said["can_decide"])

    # The officer comments and decides (on the confidential one, once on its list); the leader reads only; the
    # expert comments on their own dossier and, off the confidential one's list, not there.
    assert offered == {
        ("open", "alice"): (True, True), ("open", "lan"): (False, False), ("open", "eve"): (True, False),
        ("secret", "alice"): (True, True), ("secret", "lan"): (False, False), ("secret", "eve"): (False, False),
    }  # fmt: skip


def test_the_draft_page_reads_a_page_of_parts_with_their_first_comments(world):
    target, draft, eve = under_review(world)
    clause = draft.parts.get(order=5)
    for n in range(7):
        services.comment_add(actor=eve, draft=draft, part=clause, stance="note", text=f"Ý kiến {n}")
    first = DraftComment.objects.order_by("id").first()
    services.comment_reply(actor=world.alice, comment=first, text="Trả lời")

    views, following = selectors.page(draft, after=0, limit=5)
    more = selectors.part_comments(draft, clause, after_id=views[4].last_id)

    assert [v.part.order for v in views] == [1, 2, 3, 4, 5]
    assert following == 5
    assert [(len(v.threads), v.total, v.more) for v in views] == [(0, 0, 0)] * 4 + [(5, 7, 2)]
    assert [r.text for r in views[4].threads[0].replies] == ["Trả lời"]
    assert [t.comment.text for t in more.threads] == ["Ý kiến 5", "Ý kiến 6"]
    assert selectors.page(draft, after=5, limit=100)[1] is None


def test_the_first_page_reads_the_comments_on_the_draft_as_a_whole_with_its_parts_as_general_and_page_do(world):
    target, draft, eve = under_review(world)
    clause = draft.parts.get(order=5)
    for n in range(7):
        services.comment_add(actor=eve, draft=draft, part=None, stance="agree", text=f"Chung {n}")
        services.comment_add(actor=eve, draft=draft, part=clause, stance="note", text=f"Ý kiến {n}")
    on_whole = DraftComment.objects.filter(part=None).order_by("id").first()
    services.comment_reply(actor=world.alice, comment=on_whole, text="Trả lời")

    def shown(view: selectors.PartView) -> tuple[object, ...]:
        threads = [(t.comment.text, [r.text for r in t.replies], t.more_replies) for t in view.threads]
        return (view.part, view.total, view.more, threads)

    general, views, following = selectors.first_page(draft)

    assert shown(general) == shown(selectors.general(draft))
    assert (general.total, general.more, [t.comment.text for t in general.threads][:2]) == (
        7,
        2,
        ["Chung 0", "Chung 1"],
    )
    assert general.threads[0].replies[0].text == "Trả lời"
    assert [shown(v) for v in views] == [shown(v) for v in selectors.page(draft)[0]]
    assert views[4].total == 7 and following == selectors.page(draft)[1]


def _xlsx() -> bytes:
    import io

    from openpyxl import Workbook

    out = io.BytesIO()
    Workbook().save(out)
    return out.getvalue()


def test_the_office_types_in_an_expert_s_written_opinion_in_their_name_and_an_expert_cannot(world):
    target, draft, eve = under_review(world)

    typed = services.comment_add(
        actor=world.alice, draft=draft, part=None, stance="amend", text="Ý kiến gửi bằng văn bản.",
        on_behalf_of="TS. Nguyễn Văn Hòa",
    )  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.comment_add(actor=eve, draft=draft, part=None, stance="agree", text="x", on_behalf_of="Người khác")

    assert (typed.author_id, typed.author_name) == (world.alice.pk, "TS. Nguyễn Văn Hòa")
    assert list(DraftComment.objects.values_list("text", flat=True)) == ["Ý kiến gửi bằng văn bản."]
