"""Writes of a dossier's draft, its comments and the union's opinion; each writes a `DraftEvent` row.

A draft is uploaded (`draft_upload`: checked as every upload is, `core.files`), then split in the background
(`draft_split`, the task's work: its progress committed as it goes, so the page's bar moves). Comments and answers
are written by the experts and staff assigned (`comment_add`, `comment_reply`); the secretary takes comments into
the opinion (`comments_take`: one accepted, several merged into one item), drops them or keeps them as dissenting
opinions (`comment_decide`), edits the opinion (`opinion_save`, `item_save`, `item_remove`) and issues it
(`opinion_issue`: the next number of the unit's register, shared with its reports). A confidential dossier's access
list is kept by `access_add` / `access_remove`; every open of a dossier's file is logged (`file_opened`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Max, Q
from django.utils.translation import gettext as _

from lienhiep.core import files
from lienhiep.core import services as core_services
from lienhiep.core.redaction import Erased, Subject, signer_erased
from lienhiep.core.text import nfc
from lienhiep.core.transitions import step
from lienhiep.orgs.models import Org
from lienhiep.orgs.permissions import Access, can
from lienhiep.reporting import services as reporting_services
from lienhiep.reviews import splitting
from lienhiep.reviews.drafts.permissions import Need, allowed
from lienhiep.reviews.models import Dossier
from lienhiep.reviews.models.drafts import (
    DECISION_TRANSITIONS,
    DRAFT_TRANSITIONS,
    Decision,
    DossierAccess,
    Draft,
    DraftComment,
    DraftEvent,
    DraftEventKind,
    DraftPart,
    DraftStatus,
    Opinion,
    OpinionItem,
    OpinionPosition,
    Stance,
    comments_by,
)

DRAFT_DIR = "reviews"
DRAFT_TYPES = frozenset({
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
})  # fmt: skip
MAX_DRAFT_BYTES = 30 * 1024 * 1024  # a 300-page draft with its tables and figures
INSERT_BATCH = 1000


def _require(actor: Any, dossier: Dossier, need: int) -> None:
    """The views have answered 404/403 already; this keeps the services safe for any other caller."""
    if not allowed(actor, dossier, need):
        raise PermissionDenied


def _record(
    actor: Any, kind: str, dossier: Dossier, *, target: str, target_id: int, data: dict[str, Any] | None = None
) -> DraftEvent:
    return DraftEvent.record(
        actor=actor, kind=kind, org_id=dossier.org_id, dossier=dossier, target=target, target_id=target_id, data=data
    )


def _saved(
    row: Any, actor: Any, kind: str, dossier: Dossier, *, target: str, data: dict[str, Any] | None = None
) -> DraftEvent:
    """`row` checked and saved with its event row (`_record`'s, its id the row's)."""
    return DraftEvent.save_and_record(
        row, actor=actor, kind=kind, org_id=dossier.org_id, dossier=dossier, target=target, data=data
    )


def _name(user: Any) -> str:
    return nfc(str(user))[:200]


# --- The draft ----------------------------------------------------------------------------------


def draft_upload(*, actor: Any, dossier: Dossier, upload: File) -> Draft:
    """Keep `upload` (a Word or PDF file) as the dossier's next draft and queue its splitting."""
    _require(actor, dossier, Need.DECIDE)
    with core_services.uploads_stored([upload], folder=DRAFT_DIR, max_bytes=MAX_DRAFT_BYTES) as (stored,):
        checked = stored.checked
        if checked.content_type not in DRAFT_TYPES:
            raise ValidationError(
                _("“%(name)s” is not a Word (.docx) or PDF file.") % {"name": checked.name}, code="draft_type"
            )
        return _draft_create(actor=actor, dossier=dossier, checked=checked, stored=stored.stored_name)


@transaction.atomic
def _draft_create(*, actor: Any, dossier: Dossier, checked: files.Checked, stored: str) -> Draft:
    from lienhiep.reviews.drafts import tasks

    Dossier.objects.select_for_update().filter(pk=dossier.pk).values_list("pk", flat=True).first()
    last = Draft.objects.filter(dossier=dossier).aggregate(last=Max("version"))["last"] or 0
    draft = Draft(
        dossier=dossier,
        version=last + 1,
        file_name=checked.name,
        stored_file=stored,
        content_type=checked.content_type,
        size=len(checked.content),
        uploaded_by=actor,
    )
    _saved(
        draft,
        actor,
        DraftEventKind.UPLOAD,
        dossier,
        target="draft",
        data={"file": checked.name, "version": draft.version, "size": draft.size},
    )
    transaction.on_commit(lambda: tasks.draft_split.enqueue(draft.pk))
    return draft


def _move(draft: Draft, status: str, **fields: Any) -> None:
    refusal = _("A draft that is “%(before)s” cannot become “%(after)s”.")
    step(draft, status, DRAFT_TRANSITIONS, DraftStatus, refusal, code="draft_transition", **fields)
    draft.save(update_fields=["status", "updated_at", *fields])


def draft_split(*, draft_id: int) -> Draft:
    """The task's work: split the draft's file into its parts and store them, saying how far it got (each update
    committed, so that the page polling it sees it move). A file that cannot be split, or gives no part (a scan
    without a text layer), fails with a message in words."""
    draft = Draft.objects.select_related("dossier").get(pk=draft_id)
    if draft.status != DraftStatus.QUEUED:
        return draft  # queued twice, or already handled
    _move(draft, DraftStatus.SPLITTING, done_steps=0, total_steps=0)

    def progress(done: int, total: int) -> None:
        Draft.objects.filter(pk=draft.pk).update(done_steps=done, total_steps=total)

    try:
        parts = splitting.split(files.path(draft.stored_file).read_bytes(), progress)
    except (splitting.SplitFailed, OSError) as error:
        _move(draft, DraftStatus.FAILED, message=_("The file could not be read: %(error)s") % {"error": error})
        return draft
    if not parts:
        _move(draft, DraftStatus.FAILED, message=_("The file has no text to split (a scan without a text layer?)."))
        return draft
    with transaction.atomic():
        DraftPart.objects.bulk_create(
            (
                DraftPart(
                    draft=draft,
                    order=index,
                    depth=part.depth,
                    kind=part.kind,
                    number=part.number[:40],
                    heading=part.heading[:500],
                    text=part.text,
                    cite=part.cite[:200],
                )
                for index, part in enumerate(parts, start=1)
            ),
            batch_size=INSERT_BATCH,
        )
        draft.refresh_from_db(fields=["done_steps", "total_steps"])
        _move(draft, DraftStatus.DONE, done_steps=draft.total_steps)
        _record(
            None, DraftEventKind.SPLIT, draft.dossier, target="draft", target_id=draft.pk, data={"parts": len(parts)}
        )
    return draft


@transaction.atomic
def draft_resplit(*, actor: Any, draft: Draft) -> Draft:
    """Queue a draft whose splitting failed once more (the worker was stopped, pdftotext was missing)."""
    from lienhiep.reviews.drafts import tasks

    _require(actor, draft.dossier, Need.DECIDE)
    draft = Draft.objects.select_for_update().select_related("dossier").get(pk=draft.pk)
    _move(draft, DraftStatus.QUEUED, message="", done_steps=0, total_steps=0)
    transaction.on_commit(lambda: tasks.draft_split.enqueue(draft.pk))
    return draft


# --- Comments -----------------------------------------------------------------------------------


@transaction.atomic
def comment_add(
    *,
    actor: Any,
    draft: Draft,
    part: DraftPart | None,
    stance: str,
    text: str,
    proposed_text: str = "",
    on_behalf_of: str = "",
) -> DraftComment:
    """A comment on `part` of the draft (None: on the draft as a whole), with a stance and, if any, a wording.
    `on_behalf_of`: staff typing in an expert's written opinion sent on paper; it shows that expert's name, and
    its author is who typed it."""
    dossier = draft.dossier
    _require(actor, dossier, Need.COMMENT)
    if part is not None and part.draft_id != draft.pk:
        raise ValidationError(_("This part belongs to another draft."), code="comment_part")
    if draft.status != DraftStatus.DONE and part is not None:
        raise ValidationError(_("The draft is not split yet."), code="comment_split")
    if stance not in Stance.values:
        raise ValidationError(_("Choose an opinion."), code="comment_stance")
    if on_behalf_of and not allowed(actor, dossier, Need.DECIDE):
        raise PermissionDenied
    comment = DraftComment(
        draft=draft,
        part=part,
        author=actor,
        author_name=nfc(on_behalf_of).strip()[:200] or _name(actor),
        stance=stance,
        text=nfc(text).strip(),
        proposed_text=nfc(proposed_text).strip(),
    )
    _saved(
        comment,
        actor,
        DraftEventKind.COMMENT,
        dossier,
        target="comment",
        data={
            "author": comment.author_name,
            "part": part.cite if part else "",
            "stance": stance,
            "text": comment.text,
            "proposed_text": comment.proposed_text,
        },
    )
    return comment


@transaction.atomic
def comment_reply(*, actor: Any, comment: DraftComment, text: str) -> DraftComment:
    """An answer to `comment` by another expert or staff member of the dossier (or its author)."""
    draft = comment.draft
    _require(actor, draft.dossier, Need.COMMENT)
    if comment.reply_to is not None:
        comment = comment.reply_to  # answers hang on the comment, not on each other
    reply = DraftComment(
        draft=draft,
        part=comment.part,
        reply_to=comment,
        author=actor,
        author_name=_name(actor),
        text=nfc(text).strip(),
    )
    _saved(
        reply,
        actor,
        DraftEventKind.REPLY,
        draft.dossier,
        target="comment",
        data={"author": reply.author_name, "reply_to": comment.pk, "text": reply.text},
    )
    return reply


def _decide(comment: DraftComment, decision: str, *, item: OpinionItem | None = None, note: str = "") -> str:
    if comment.reply_to_id is not None:
        raise ValidationError(_("An answer is not decided on; its comment is."), code="decide_reply")
    if decision not in DECISION_TRANSITIONS[comment.decision]:
        raise ValidationError(
            _("This comment is already decided (%(decision)s).") % {"decision": comment.get_decision_display()},
            code="decide_transition",
        )
    before = comment.decision
    comment.decision = decision
    comment.item = item
    comment.decision_note = note
    comment.full_clean()
    comment.save(update_fields=["decision", "item", "decision_note", "updated_at"])
    return before


def _open_issue(dossier: Dossier) -> None:
    opinion = Opinion.objects.filter(dossier=dossier).first()
    if opinion is not None and opinion.issued:
        raise ValidationError(_("The opinion is issued; it can no longer change."), code="opinion_issued")


@transaction.atomic
def comments_take(
    *,
    actor: Any,
    comments: Sequence[DraftComment],
    text: str,
    proposed_text: str = "",
    reasons: str = "",
) -> OpinionItem:
    """Take `comments` (one: accepted; several: merged) into the union's opinion as one item, in the secretary's
    words. They must be open comments of one dossier; the item is on their part (the first one's, if they differ)."""
    if not comments:
        raise ValidationError(_("Choose at least one comment."), code="take_none")
    dossier = comments[0].draft.dossier
    _require(actor, dossier, Need.DECIDE)
    _open_issue(dossier)
    if any(c.draft.dossier_id != dossier.pk for c in comments):
        raise ValidationError(_("The comments belong to different dossiers."), code="take_dossiers")
    part = next((c.part for c in comments if c.part is not None), None)
    item = OpinionItem(
        dossier=dossier,
        part=part,
        part_cite=part.cite if part else "",
        text=nfc(text).strip(),
        proposed_text=nfc(proposed_text).strip(),
        reasons=nfc(reasons).strip(),
        created_by=actor,
    )
    item.full_clean()
    item.save()
    for comment in comments:
        _decide(comment, Decision.TAKEN, item=item)
    _record(
        actor,
        DraftEventKind.DECIDE,
        dossier,
        target="item",
        target_id=item.pk,
        data={
            "decision": "merged" if len(comments) > 1 else "accepted",
            "comments": [c.pk for c in comments],
            "part": item.part_cite,
            "text": item.text,
            "proposed_text": item.proposed_text,
            "reasons": item.reasons,
        },
    )
    return item


@transaction.atomic
def comment_decide(*, actor: Any, comment: DraftComment, decision: str, note: str = "") -> DraftComment:
    """Drop `comment`, keep it as a dissenting opinion (printed as such in the opinion), or open it again
    (from an item: the item goes when its last comment leaves it)."""
    dossier = comment.draft.dossier
    _require(actor, dossier, Need.DECIDE)
    _open_issue(dossier)
    if decision == Decision.TAKEN:
        raise ValidationError(_("A comment is taken into the opinion with its wording."), code="decide_take")
    item = comment.item
    before = _decide(comment, decision, note=nfc(note).strip())
    if item is not None and not item.comments.exists():
        item.delete()
    _record(
        actor,
        DraftEventKind.DECIDE,
        dossier,
        target="comment",
        target_id=comment.pk,
        data={"before": before, "after": decision, "note": comment.decision_note},
    )
    return comment


@transaction.atomic
def item_save(*, actor: Any, item: OpinionItem, text: str, proposed_text: str, reasons: str) -> OpinionItem:
    _require(actor, item.dossier, Need.DECIDE)
    _open_issue(item.dossier)
    before = {"text": item.text, "proposed_text": item.proposed_text, "reasons": item.reasons}
    item.text, item.proposed_text, item.reasons = nfc(text).strip(), nfc(proposed_text).strip(), nfc(reasons).strip()
    after = {"text": item.text, "proposed_text": item.proposed_text, "reasons": item.reasons}
    _saved(
        item,
        actor,
        DraftEventKind.ITEM,
        item.dossier,
        target="item",
        data={"before": before, "after": after},
    )
    return item


@transaction.atomic
def item_remove(*, actor: Any, item: OpinionItem) -> None:
    """Take an item out of the opinion: its comments are open again."""
    dossier = item.dossier
    _require(actor, dossier, Need.DECIDE)
    _open_issue(dossier)
    ids = list(item.comments.values_list("pk", flat=True))
    item.comments.update(decision=Decision.OPEN, item=None)
    _record(
        actor,
        DraftEventKind.ITEM,
        dossier,
        target="item",
        target_id=item.pk,
        data={"before": {"text": item.text}, "after": None, "comments": ids},
    )
    item.delete()


# --- The opinion --------------------------------------------------------------------------------


def opinion_of(dossier: Dossier) -> Opinion:
    """The dossier's opinion, unsaved with its defaults until first edited."""
    return Opinion.objects.filter(dossier=dossier).first() or Opinion(dossier=dossier)


@transaction.atomic
def opinion_save(
    *,
    actor: Any,
    dossier: Dossier,
    position: str,
    reasons: str,
    authority: str,
    signer_title: str,
    signer_name: str,
    recipients: str,
) -> Opinion:
    _require(actor, dossier, Need.DECIDE)
    _open_issue(dossier)
    if position and position not in OpinionPosition.values:
        raise ValidationError(_("Choose a position."), code="opinion_position")
    opinion = opinion_of(dossier)
    fields = ("position", "reasons", "authority", "signer_title", "signer_name", "recipients")
    before = {name: getattr(opinion, name) for name in fields}
    values = (position, reasons, authority, signer_title, signer_name, recipients)
    for name, value in zip(fields, values, strict=True):
        setattr(opinion, name, nfc(value).strip())
    _saved(
        opinion,
        actor,
        DraftEventKind.OPINION,
        dossier,
        target="opinion",
        data={"before": before, "after": {name: getattr(opinion, name) for name in fields}},
    )
    return opinion


@transaction.atomic
def opinion_issue(*, actor: Any, dossier: Dossier, issued_on: dt.date) -> Opinion:
    """Issue the opinion on `issued_on`: it takes the next number of the unit's register for that year (the one its
    reports take theirs from) and can no longer change."""
    _require(actor, dossier, Need.DECIDE)
    opinion = opinion_of(dossier)
    if opinion.pk is not None:
        opinion = Opinion.objects.select_for_update().get(pk=opinion.pk)
    if opinion.issued:
        raise ValidationError(_("The opinion is issued already."), code="opinion_issued")
    _ready(opinion)
    reporting_services.document_issue(opinion, org=Org.objects.get(pk=dossier.org_id), issued_on=issued_on, kind="BC")
    return _issued(actor, opinion)


@transaction.atomic
def opinion_record(*, actor: Any, dossier: Dossier, number_line: str, issued_on: dt.date) -> Opinion:
    """Record an opinion issued before the unit kept its register here (a paper archive's, the demo's 2018–2023
    topics): its number as printed and its date; no number is taken from the register."""
    _require(actor, dossier, Need.DECIDE)
    opinion = opinion_of(dossier)
    if opinion.issued:
        raise ValidationError(_("The opinion is issued already."), code="opinion_issued")
    _ready(opinion)
    number_line = nfc(number_line).strip()
    if not number_line:
        raise ValidationError(_("Give the opinion's number."), code="opinion_number")
    opinion.number, opinion.number_line, opinion.issued_on = None, number_line, issued_on
    return _issued(actor, opinion)


def _ready(opinion: Opinion) -> None:
    if not opinion.position:
        raise ValidationError(_("State the union's position before issuing the opinion."), code="opinion_position")
    if not opinion.signer_name:
        raise ValidationError(_("Name who signs the opinion."), code="opinion_signer")


def _issued(actor: Any, opinion: Opinion) -> Opinion:
    """The opinion, numbered and dated, saved with its event."""
    _saved(
        opinion,
        actor,
        DraftEventKind.ISSUE,
        opinion.dossier,
        target="opinion",
        data={
            "number": opinion.number_line,
            "issued_on": opinion.issued_on,
            "signer": opinion.signer_name,
            "register": opinion.number is not None,
        },
    )
    return opinion


# --- Confidential dossiers ----------------------------------------------------------------------


@transaction.atomic
def access_add(*, actor: Any, dossier: Dossier, user: Any) -> DossierAccess:
    """Put `user` on the dossier's access list (a confidential dossier is read only by those on it)."""
    if not _may_manage_list(actor, dossier):
        raise PermissionDenied
    if DossierAccess.objects.filter(dossier=dossier, user=user).exists():
        raise ValidationError(_("This user is on the list already."), code="access_duplicate")
    row = DossierAccess.objects.create(dossier=dossier, user=user, added_by=actor)
    _record(
        actor,
        DraftEventKind.ACCESS_ADD,
        dossier,
        target="access",
        target_id=row.pk,
        data={"user": _name(user), "user_id": user.pk},
    )
    return row


@transaction.atomic
def access_remove(*, actor: Any, row: DossierAccess) -> None:
    if not _may_manage_list(actor, row.dossier):
        raise PermissionDenied
    access_drop(actor=actor, row=row)


def access_drop(*, actor: Any, row: DossierAccess) -> None:
    """Take `row`'s user off the list, with its event row, for a service that decided it (an expert off the dossier,
    whoever took them off: the officer, or the expert declaring a conflict)."""
    dossier = row.dossier
    _record(
        actor,
        DraftEventKind.ACCESS_REMOVE,
        dossier,
        target="access",
        target_id=row.pk,
        data={"user": _name(row.user), "user_id": row.user_id},
    )
    row.delete()


def _may_manage_list(actor: Any, dossier: Dossier) -> bool:
    """Staff who record on the dossier's node keep its access list, on it or not (they put themselves on it)."""
    return can(actor, dossier.org, Access.EDIT)


def file_opened(*, user: Any, dossier: Dossier, draft: Draft, stamped: bool) -> DraftEvent:
    """Log one open of a dossier's file: who, when (and from where), which file, whether it was stamped."""
    return _record(
        user,
        DraftEventKind.OPEN,
        dossier,
        target="draft",
        target_id=draft.pk,
        data={"file": draft.file_name, "version": draft.version, "stamped": stamped},
    )


def person_erased(subject: Subject) -> Erased:
    """A member's erasure (through `ReviewsConfig.person_erasure`, decision 0018). Their comments and answers
    (`comments_by`: as an expert linked to them, or typed in their name by the office) are working papers, never a
    document of record (the opinion prints its dissents without names): each shows the erased record's name, and
    their values in its text are replaced. An opinion not issued whose signer is typed as their name loses it;
    an issued opinion is a document of record and keeps it."""
    theirs = list(DraftComment.objects.filter(comments_by(subject.person_id, subject.values)).distinct())
    for comment in theirs:
        comment.author_name = subject.label
        comment.text = subject.replace(comment.text)
        comment.proposed_text = subject.replace(comment.proposed_text)
    DraftComment.objects.bulk_update(theirs, ["author_name", "text", "proposed_text"])
    comments = Erased(changed={DraftComment._meta.label: len(theirs)})
    return comments | signer_erased(
        Opinion,
        subject,
        about=Q(signer_name__in=subject.values),
        issued=~Q(number_line=""),
        emptied={"signer_name": ""},
        shown="signer_name",
    )


def opinion_opened(*, user: Any, dossier: Dossier, file_name: str, stamped: bool) -> DraftEvent:
    """Log one download of the dossier's opinion document (written from the records at each download, so it has no
    version of its own), as `file_opened` logs the draft's."""
    return _record(
        user, DraftEventKind.OPEN, dossier, target="opinion", target_id=dossier.pk,
        data={"file": file_name, "stamped": stamped},
    )  # fmt: skip
