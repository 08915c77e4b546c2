"""Who may open each page of a dossier's draft, comments and opinion (tests/test_access.py, through
access_cases.py): alice (officer of Hà Tĩnh) may all; lan (leader) reads; dan (Bắc Ninh) gets 404. Experts (a grant
on one dossier) are covered by test_views_drafts.py."""

from django.core.files.uploadedfile import SimpleUploadedFile

from lienhiep.core.access_cases import EDIT, VIEW, Case, form_on, pk_of, posted_on


def _dossier(world):
    from lienhiep.reviews.models import Dossier
    from lienhiep.reviews.tests.draft_factories import dossier

    return Dossier.objects.filter(org=world.ha_tinh, title="Dự thảo (quyền truy cập)").first() or dossier(
        world, title="Dự thảo (quyền truy cập)"
    )


def _draft(world):
    from lienhiep.reviews.drafts import selectors
    from lienhiep.reviews.tests.draft_factories import upload

    target = _dossier(world)
    return selectors.latest_draft(target) or upload(world, target)


def _comment(world):
    from lienhiep.reviews.drafts import services
    from lienhiep.reviews.models import DraftComment

    draft = _draft(world)
    found = DraftComment.objects.filter(draft=draft, reply_to=None).first()
    if found is not None:
        return found
    return services.comment_add(
        actor=world.alice, draft=draft, part=draft.parts.get(order=5), stance="amend", text="Làm rõ khoản 1."
    )


def _item(world):
    from lienhiep.reviews.drafts import services

    comment = _comment(world)
    if comment.item_id:
        return comment.item
    return services.comments_take(actor=world.alice, comments=[comment], text="Làm rõ.")


def _access_row(world):
    from lienhiep.reviews.drafts import services
    from lienhiep.reviews.models import DossierAccess

    target = _dossier(world)
    return DossierAccess.objects.filter(dossier=target).first() or services.access_add(
        actor=world.alice, dossier=target, user=world.bob
    )


def _erin_dossier(world):
    """A dossier granted to erin (the expert persona), with its draft split and a comment of hers."""
    from lienhiep.orgs import grants
    from lienhiep.reviews.drafts import selectors, services
    from lienhiep.reviews.models import Dossier
    from lienhiep.reviews.tests.draft_factories import D, dossier, upload

    found = Dossier.objects.filter(title="Dự thảo (chuyên gia)").first()
    if found is not None:
        return found
    target = dossier(world, title="Dự thảo (chuyên gia)")
    grants.give(target, world.erin, kind=grants.EXPERT, by=world.alice, org=target.org, starts=D(2026, 1, 1))
    draft = selectors.latest_draft(target) or upload(world, target)
    services.comment_add(actor=world.erin, draft=draft, part=draft.parts.get(order=5), stance="note", text="Của Erin.")
    return target


def _erin_draft(world):
    from lienhiep.reviews.drafts import selectors

    return selectors.latest_draft(_erin_dossier(world))


def _erin_comment(world):
    from lienhiep.reviews.models import DraftComment

    return DraftComment.objects.get(draft=_erin_draft(world), text="Của Erin.")


def _count(model, **filters):
    def changed(world, client):
        from lienhiep.reviews import models

        return getattr(models, model).objects.filter(**filters).exists()

    return changed


def _comment_decided(world, client):
    from lienhiep.reviews.models import DraftComment

    return DraftComment.objects.filter(decision="dropped").exists()


def _item_changed(world, client):
    from lienhiep.reviews.models import OpinionItem

    return OpinionItem.objects.filter(text="Làm rõ hơn.").exists()


def _access_gone(world, client):
    from lienhiep.reviews.models import DossierAccess

    return not DossierAccess.objects.filter(user=world.bob).exists()


def _docx():
    from lienhiep.reviews import samples

    return SimpleUploadedFile("du-thao-2.docx", samples.legal_draft(chapters=1, articles=1, clauses=1, points=0))


def _failed(world):
    """A draft whose splitting failed (a PDF without text), with a readable file put in its place: tried again, it
    splits."""
    from pathlib import Path

    from lienhiep.core import files
    from lienhiep.reviews.models import Draft
    from lienhiep.reviews.tests.draft_factories import upload

    found = Draft.objects.filter(file_name="hong.pdf").first()
    if found is not None:
        return found
    blank = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj "
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )
    draft = upload(world, _dossier(world), data=blank, name="hong.pdf")
    pdf = Path(__file__).resolve().parent / "data" / "nghi-quyet.pdf"
    files.write(draft.stored_file, pdf.read_bytes())
    return draft


def _signed(world):
    """The dossier with its opinion's position and signer set: ready to issue."""
    from lienhiep.orgs.models import Org
    from lienhiep.reviews.drafts import services

    Org.objects.filter(pk=world.ha_tinh.pk).update(place_name="Hà Tĩnh", abbreviation="LHH")
    target = _dossier(world)
    opinion = services.opinion_of(target)
    if opinion.pk is None:
        services.opinion_save(
            actor=world.alice, dossier=target, position="agree", reasons="", authority="TM. BAN THƯỜNG VỤ",
            signer_title="CHỦ TỊCH", signer_name="Trần Văn Minh", recipients="",
        )  # fmt: skip
    return target


CASES = {
    "reviews:draft": Case(kwargs=lambda w: {"pk": _draft(w).dossier_id}, expert=pk_of(_erin_dossier)),
    "reviews:draft_upload": posted_on(
        lambda w: {"pk": _draft(w).dossier_id},
        EDIT,
        data=lambda w: {"file": _docx()},
        changed=_count("Draft", version=2),
    ),
    "reviews:draft_parts": Case(
        kwargs=pk_of(_draft),
        query=lambda w: {"after": "2"},
        expert=pk_of(_erin_draft),
    ),
    "reviews:draft_progress": Case(kwargs=pk_of(_draft), expert=pk_of(_erin_draft)),
    "reviews:draft_file": Case(kwargs=pk_of(_draft), expert=pk_of(_erin_draft)),
    "reviews:draft_resplit": posted_on(
        pk_of(_failed), EDIT, changed=_count("Draft", file_name="hong.pdf", status="queued")
    ),
    "reviews:comment_new": form_on(
        pk_of(_draft),
        EDIT,
        data=lambda w: {"stance": "agree", "text": "Đồng ý."},  # on the draft as a whole: any draft takes it
        changed=_count("DraftComment", text="Đồng ý."),
        expert=pk_of(_erin_draft),
    ),
    "reviews:part_comments": Case(
        kwargs=pk_of(_draft),
        query=lambda w: {"after": "0"},  # the comments on the draft as a whole
        expert=pk_of(_erin_draft),
    ),
    "reviews:comment_reply": form_on(
        pk_of(_comment),
        EDIT,
        data=lambda w: {"text": "Trả lời."},
        changed=_count("DraftComment", text="Trả lời."),
        expert=pk_of(_erin_comment),
    ),
    "reviews:comment_decide": posted_on(
        pk_of(_comment), EDIT, data=lambda w: {"decision": "dropped", "note": "Trùng."}, changed=_comment_decided
    ),
    "reviews:opinion": Case(
        kwargs=pk_of(_dossier),
        methods={"GET": VIEW, "POST": EDIT},
        data=lambda w: {
            "position": "agree",
            "reasons": "Phù hợp.",
            "authority": "TM. BAN THƯỜNG VỤ",
            "signer_title": "CHỦ TỊCH",
            "signer_name": "Trần Văn Minh",
            "recipients": "",
        },
        changed=_count("Opinion", signer_name="Trần Văn Minh"),
    ),
    "reviews:opinion_take": posted_on(
        lambda w: {"pk": _comment(w).draft.dossier_id},
        EDIT,
        data=lambda w: {"comments": [str(_comment(w).pk)], "text": "Tiếp thu.", "proposed_text": "", "reasons": ""},
        changed=_count("OpinionItem", text="Tiếp thu."),
    ),
    "reviews:opinion_issue": posted_on(
        pk_of(_signed),
        EDIT,
        data=lambda w: {"issued_on": "20/11/2026"},
        changed=_count("Opinion", number__isnull=False),
    ),
    "reviews:opinion_docx": Case(kwargs=lambda w: {"pk": _item(w).dossier_id}, expert=pk_of(_erin_dossier)),
    "reviews:item_edit": posted_on(
        pk_of(_item),
        EDIT,
        data=lambda w: {"text": "Làm rõ hơn.", "proposed_text": "", "reasons": ""},
        changed=_item_changed,
    ),
    "reviews:access": form_on(
        pk_of(_dossier),
        EDIT,
        data=lambda w: {"user": str(w.alice.pk)},
        changed=_count("DossierAccess", user__username="alice"),
    ),
    "reviews:access_remove": posted_on(pk_of(_access_row), EDIT, changed=_access_gone),
}
