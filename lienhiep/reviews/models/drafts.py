"""The draft under review, the comments on it, and the union's opinion (issue 15).

A draft (`Draft`) is a Word or PDF file uploaded on a dossier, split in the background into its parts
(`DraftPart`: chapters, articles, clauses, points, paragraphs; `reviews.splitting`). The experts and staff assigned to
the dossier comment on a part or on the draft as a whole (`DraftComment`: a stance, a text, a proposed wording) and
answer each other (`reply_to`). The secretary takes each comment into the union's opinion (`OpinionItem`: one comment
accepted, or several merged), drops it, or keeps it as a dissenting opinion; the opinion itself (`Opinion`: the
position, its reasons, who signs, Nơi nhận, the number from reporting's register) prints as the "Báo cáo kết quả tư
vấn/phản biện" (`reviews.opinion`).

A confidential dossier (`Dossier.confidential`) is read only by the users on its access list (`DossierAccess`),
whatever their role or grant; its downloads are stamped with the reader's name and the time (`reviews.stamping`).
Every change is a `DraftEvent` row, and so is every open of a dossier's file (kind "open": who, when, which file,
from where), kept as the audit trail is: never changed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lienhiep.core.models import RecordedModel, TimeStampedModel
from lienhiep.core.redaction import PersonalData
from lienhiep.experts.models import Expert
from lienhiep.members.models import Person
from lienhiep.orgs.models import HeldRecordEvent
from lienhiep.reporting.models import IssuedDocument
from lienhiep.reviews.models.dossiers import Dossier


class DraftStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to be split")
    SPLITTING = "splitting", _("Being split")
    DONE = "done", _("Split")
    FAILED = "failed", _("Could not be split")


# A draft is split once; one that failed (a scan without text, a broken file) may be queued again.
DRAFT_TRANSITIONS: dict[str, set[str]] = {
    DraftStatus.QUEUED: {DraftStatus.SPLITTING, DraftStatus.FAILED},
    DraftStatus.SPLITTING: {DraftStatus.DONE, DraftStatus.FAILED},
    DraftStatus.DONE: set(),
    DraftStatus.FAILED: {DraftStatus.QUEUED},
}


class Draft(TimeStampedModel):
    """A version of the draft a dossier is about, as uploaded: kept under a generated name in private storage."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="drafts", verbose_name=_("dossier"))
    version = models.PositiveSmallIntegerField(_("version"))
    file_name = models.CharField(_("file"), max_length=200)  # as uploaded (NFC, no folders)
    stored_file = models.CharField(max_length=100)  # core.files.generated_name
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(default=0)
    status = models.CharField(_("status"), max_length=10, choices=DraftStatus.choices, default=DraftStatus.QUEUED)
    # The progress bar: paragraphs read of all the file has.
    total_steps = models.PositiveIntegerField(default=0)
    done_steps = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("draft")
        verbose_name_plural = _("drafts")
        ordering = ["dossier_id", "-version"]
        constraints = [models.UniqueConstraint(fields=["dossier", "version"], name="reviews_draft_version_once")]

    def __str__(self) -> str:
        return f"{self.file_name} (v{self.version})"

    @property
    def percent(self) -> int:
        if self.status == DraftStatus.DONE:
            return 100
        return min(99, round(100 * self.done_steps / self.total_steps)) if self.total_steps else 0

    @property
    def is_pdf(self) -> bool:
        return self.content_type == "application/pdf"


class PartKind(models.TextChoices):
    PART = "part", _("Part")
    CHAPTER = "chapter", _("Chapter")
    SECTION = "section", _("Section")
    ARTICLE = "article", _("Article")
    CLAUSE = "clause", _("Clause")
    SUBCLAUSE = "subclause", _("Sub-clause")
    POINT = "point", _("Point")
    PARAGRAPH = "paragraph", _("Paragraph")


class DraftPart(models.Model):
    """One part of a split draft, in the file's order (`order` from 1) at its depth in the tree (0 at the top):
    the order and the depths are the tree, so a 300-page draft's parts are written in one INSERT per thousand."""

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="parts")
    order = models.PositiveIntegerField()
    depth = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(_("kind"), max_length=10, choices=PartKind.choices)
    number = models.CharField(_("number"), max_length=40, blank=True)  # "Điều 3", "2", "a", "¶4"
    heading = models.CharField(_("heading"), max_length=500, blank=True)
    text = models.TextField(_("text"), blank=True)
    # How the opinion cites it: "điểm a khoản 2 Điều 3", "Chương I", "đoạn 4".
    cite = models.CharField(_("part"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("part of a draft")
        verbose_name_plural = _("parts of a draft")
        ordering = ["draft_id", "order"]
        constraints = [models.UniqueConstraint(fields=["draft", "order"], name="reviews_part_order_once")]

    def __str__(self) -> str:
        return self.cite


class Stance(models.TextChoices):
    AGREE = "agree", _("Agree")
    AMEND = "amend", _("Agree with changes")
    DISAGREE = "disagree", _("Disagree")
    NOTE = "note", _("Remark")


class Decision(models.TextChoices):
    OPEN = "open", _("Not yet decided")
    TAKEN = "taken", _("Taken into the opinion")
    DROPPED = "dropped", _("Dropped")
    DISSENT = "dissent", _("Noted as a dissenting opinion")


# What the secretary may do with a comment: take it (accepted alone or merged with others into an item), drop it,
# keep it as a dissenting opinion; and change their mind while the opinion is not issued.
DECISION_TRANSITIONS: dict[str, set[str]] = {
    Decision.OPEN: {Decision.TAKEN, Decision.DROPPED, Decision.DISSENT},
    Decision.TAKEN: {Decision.OPEN},
    Decision.DROPPED: {Decision.OPEN},
    Decision.DISSENT: {Decision.OPEN},
}


class OpinionItem(RecordedModel):
    """One proposal of the union's opinion: on a part of the draft (or on the draft as a whole), what the union
    says, the wording it proposes and why; made from one comment accepted or several merged."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="opinion_items")
    part = models.ForeignKey(DraftPart, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    part_cite = models.CharField(_("part"), max_length=200, blank=True)  # kept when a newer draft replaces the part
    text = models.TextField(_("the union's comment"))
    proposed_text = models.TextField(_("proposed wording"), blank=True)
    reasons = models.TextField(_("reasons"), blank=True)

    class Meta:
        verbose_name = _("item of the opinion")
        verbose_name_plural = _("items of the opinion")
        ordering = ["dossier_id", "part__order", "id"]

    def __str__(self) -> str:
        return f"{self.part_cite}: {self.text[:60]}"


class DraftComment(TimeStampedModel):
    """A comment on a part of the draft (none: on the draft as a whole), or an answer to another comment."""

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="comments")
    part = models.ForeignKey(DraftPart, null=True, blank=True, on_delete=models.CASCADE, related_name="comments")
    reply_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies", verbose_name=_("answer to")
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    author_name = models.CharField(max_length=200)  # as shown when written
    stance = models.CharField(_("opinion"), max_length=10, choices=Stance.choices, blank=True)
    text = models.TextField(_("comment"))
    proposed_text = models.TextField(_("proposed wording"), blank=True)
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices, default=Decision.OPEN)
    item = models.ForeignKey(
        OpinionItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="comments", verbose_name=_("item")
    )
    decision_note = models.TextField(_("why"), blank=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["draft_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(decision="taken", item__isnull=False) | (~Q(decision="taken") & Q(item__isnull=True)),
                name="reviews_comment_taken_has_item",
            ),
            # An answer carries no stance of its own and is not decided on: its comment is.
            models.CheckConstraint(
                condition=Q(reply_to__isnull=True) | (Q(stance="") & Q(decision="open")),
                name="reviews_reply_is_plain",
            ),
        ]
        indexes = [
            # The draft page: a page of parts and their comments, oldest first.
            models.Index(fields=["part", "id"], name="reviews_comment_by_part"),
            models.Index(fields=["draft", "decision"], name="reviews_comment_by_decision"),
        ]

    def __str__(self) -> str:
        return f"{self.author_name}: {self.text[:60]}"


class OpinionPosition(models.TextChoices):
    AGREE = "agree", _("Agrees with the draft")
    AMEND = "amend", _("Agrees, subject to the proposals")
    DISAGREE = "disagree", _("Does not agree")


class Opinion(IssuedDocument):
    """The union's opinion on a dossier, as it prints (`reviews.opinion`): its position with reasons, the proposals
    (`OpinionItem`), the dissenting opinions (comments so decided), who signs, Nơi nhận, and once issued the number
    taken from the unit's register and the date."""

    dossier = models.OneToOneField(Dossier, on_delete=models.CASCADE, related_name="opinion")
    position = models.CharField(_("position"), max_length=10, choices=OpinionPosition.choices, blank=True)
    reasons = models.TextField(_("reasons"), blank=True)

    class Meta:
        verbose_name = _("opinion")
        verbose_name_plural = _("opinions")

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.number_line}"


class DossierAccess(models.Model):
    """A user on a confidential dossier's access list: only they read its draft and files (staff and experts
    alike; the grant or the role lets them in, the list lets them read)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="access_list")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("access to a confidential dossier")
        verbose_name_plural = _("access to confidential dossiers")
        constraints = [models.UniqueConstraint(fields=["dossier", "user"], name="reviews_access_once")]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.user_id}"


class DraftEventKind(models.TextChoices):
    UPLOAD = "upload", _("Draft uploaded")
    SPLIT = "split", _("Draft split")
    COMMENT = "comment", _("Comment written")
    REPLY = "reply", _("Answer written")
    DECIDE = "decide", _("Comment decided")
    ITEM = "item", _("Opinion item changed")
    OPINION = "opinion", _("Opinion changed")
    ISSUE = "issue", _("Opinion issued")
    ACCESS_ADD = "access_add", _("Added to the access list")
    ACCESS_REMOVE = "access_remove", _("Removed from the access list")
    OPEN = "open", _("File opened")


class DraftEvent(HeldRecordEvent):
    """A change of a dossier's draft, its comments, its opinion or its access list, or an open of one of its files,
    on the node that holds the dossier (its audit trail) and the dossier (`dossier`)."""

    dossier = models.ForeignKey(Dossier, null=True, on_delete=models.CASCADE, related_name="draft_events")
    kind = models.CharField(max_length=20, choices=DraftEventKind.choices)
    # Comments, proposals and reasons are free text that may name a member, and an author, a reader or a signer
    # may be one; a file's name and a part's label name the draft.
    # The rows about a member (decision 0018): those of their comments (`comments_by`; the erasure has named them
    # by the erased record's name by then), of their place on an access list, and of an opinion not issued (whose
    # signer the erasure emptied if it was them by name); an issued opinion's rows keep its signer, as it does.
    personal_data = PersonalData(
        texts={"text", "proposed_text", "reasons", "note", "before", "after", "author", "user", "signer"},
        others={"file", "part", "reply_to", "comments", "user_id"},
        about=lambda person_id: (
            Q(
                target="comment",
                target_id__in=DraftComment.objects.filter(
                    comments_by(person_id, Person.objects.filter(pk=person_id).values("full_name"))
                ).values("pk"),
            )
            | Q(target="access", data__user_id__in=list(expert_users(person_id)))
            | Q(target="opinion", target_id__in=Opinion.objects.filter(number_line="").values("pk"))
        ),
    )

    class Meta(HeldRecordEvent.Meta):
        verbose_name = _("draft event")
        verbose_name_plural = _("draft events")
        indexes = [
            models.Index(fields=["target", "target_id", "at"], name="reviews_draft_event_target"),
            models.Index(fields=["dossier", "at"], name="reviews_draft_event_history"),
        ]


def expert_users(person_id: int) -> models.QuerySet[Expert, int]:
    """The accounts of the expert records linked to a member."""
    return Expert.objects.filter(person_id=person_id, user__isnull=False).values_list("user_id", flat=True)


def comments_by(person_id: int, names: object) -> Q:
    """A member's comments and answers: written from the account of an expert record linked to them, or typed by
    the office in the name of such an expert (`on_behalf_of`) on a dossier that expert is assigned to (a namesake's
    elsewhere stays theirs). `names`: the names the comment may show (a list, or a subquery)."""
    return Q(author_id__in=expert_users(person_id)) | Q(
        author_name__in=names, draft__dossier__experts__expert__person_id=person_id
    )
