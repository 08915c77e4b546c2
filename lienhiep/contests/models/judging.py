"""The judging skeleton (issue 16): jurors on a round, their scores, the prizes proposed and approved, and the
organising board's approval. Kept minimal on purpose: the judging services (jurors' grants and conflicts, scoring,
ranking, prizes within quota, approval, the results decision, forwarding) add what they need in their own
migrations.

- `JurorAssignment`: an expert of the registry (`experts.Expert`) on a round, with the per-object grant that lets
  their account (no role) open what they judge (`orgs.grants`, kind JUROR); the entries they score are
  `JurorEntry` rows, each carrying the juror's declaration of interest on that entry (`ConflictDeclarationBase`) and
  what the registry detected (`experts.conflicts.detect` against its authors).
- `Score`: a juror's points on one criterion of one entry; hidden from other jurors until the round is closed.
- `EntryPrize`: the prize an entry gets in its edition (a row of the prize table, or a rank alone where the edition
  has no table, as for results recorded after the fact), proposed down the ranking then approved.
- `BoardApproval`: the organising board's vote on an edition's results, against the round's threshold.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lienhiep.core.models import TimeStampedModel, one_open
from lienhiep.core.redaction import PersonalData
from lienhiep.experts.models import ConflictDeclarationBase, ExpertAssignment
from lienhiep.orgs.models import HeldRecordEvent
from lienhiep.reporting.models import IssuedDocument

from .editions import Criterion, Edition, PrizeRank, PrizeRow, Round
from .entries import Entry


class JurorAssignment(ExpertAssignment, TimeStampedModel):
    """An expert on the jury of a round."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="jurors", verbose_name=_("round"))
    expert = models.ForeignKey("experts.Expert", on_delete=models.PROTECT, related_name="+", verbose_name=_("juror"))
    entries = models.ManyToManyField(Entry, through="JurorEntry", related_name="+", verbose_name=_("entries"))

    class Meta:
        verbose_name = _("juror")
        verbose_name_plural = _("jurors")
        ordering = ["round", "assigned_on", "id"]
        constraints = [one_open("round", "expert", end="removed_on", name="contests_juror_once")]
        indexes = [models.Index(fields=["expert", "-assigned_on"], name="contests_juror_history")]

    def __str__(self) -> str:
        # As the juror's assignments page lists it (orgs.grants: the grant is on the seat).
        return f"{self.round} – {self.round.edition}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("contests:judge", args=[self.pk])


class JurorEntry(ConflictDeclarationBase):
    """An entry a juror scores, with the juror's declaration of interest on it and what the registry detected."""

    assignment = models.ForeignKey(JurorAssignment, on_delete=models.CASCADE, related_name="assigned")
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="juror_rows")
    # A declared or detected conflict without an officer's reason keeps the juror off the entry: the row says why,
    # her sheet does not list it, and any score she gave on it does not count.
    kept_off = models.BooleanField(_("kept off for a conflict"), default=False)

    class Meta:
        verbose_name = _("entry assigned to a juror")
        verbose_name_plural = _("entries assigned to jurors")
        constraints = [models.UniqueConstraint(fields=["assignment", "entry"], name="contests_juror_entry_once")]

    def __str__(self) -> str:
        return f"{self.assignment_id} → {self.entry_id}"


class Score(models.Model):
    """A juror's points on one criterion of one entry (0 to the criterion's maximum)."""

    assignment = models.ForeignKey(JurorAssignment, on_delete=models.CASCADE, related_name="scores")
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2, validators=[MinValueValidator(0)])
    scored_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["assignment", "entry", "criterion"], name="contests_score_once"),
            models.CheckConstraint(condition=Q(points__gte=0), name="contests_score_not_negative"),
        ]
        # The ranking: an entry's scores by criterion.
        indexes = [models.Index(fields=["entry", "criterion"], name="contests_score_by_entry")]

    def __str__(self) -> str:
        return f"{self.entry_id}/{self.criterion_id}: {self.points}"


class PrizeStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    APPROVED = "approved", _("Approved")


class EntryPrize(TimeStampedModel):
    """The prize an entry got in its edition (one per entry). `rank` is the prize row's rank, kept on the prize so
    results recorded without a prize table still count; `score` and `position` are where the ranking put it."""

    entry = models.OneToOneField(Entry, on_delete=models.CASCADE, related_name="prize", verbose_name=_("entry"))
    prize_row = models.ForeignKey(
        PrizeRow, null=True, blank=True, on_delete=models.PROTECT, related_name="prizes", verbose_name=_("prize row")
    )
    rank = models.CharField(_("prize"), max_length=15, choices=PrizeRank.choices)
    status = models.CharField(_("status"), max_length=10, choices=PrizeStatus.choices, default=PrizeStatus.PROPOSED)
    score = models.DecimalField(_("final score"), max_digits=8, decimal_places=2, null=True, blank=True)
    position = models.PositiveIntegerField(_("position in the ranking"), null=True, blank=True)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("prize")
        verbose_name_plural = _("prizes")
        ordering = ["entry"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="proposed") | Q(approved_on__isnull=False), name="contests_prize_approved_dated"
            )
        ]
        indexes = [models.Index(fields=["status", "rank"], name="contests_prize_by_rank")]

    def __str__(self) -> str:
        return f"{self.get_rank_display()}: {self.entry_id}"


class BoardApproval(TimeStampedModel):
    """The organising board's approval of an edition's results (a round's, where `round` is set): how many members
    sat, how many approved, and the minutes or decision it was recorded in."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="approvals", verbose_name=_("edition"))
    round = models.ForeignKey(
        Round, null=True, blank=True, on_delete=models.CASCADE, related_name="approvals", verbose_name=_("round")
    )
    held_on = models.DateField(_("meeting date"))
    members_total = models.PositiveSmallIntegerField(_("board members"), validators=[MinValueValidator(1)])
    members_for = models.PositiveSmallIntegerField(_("members approving"))
    minutes_number = models.CharField(_("minutes or decision number"), max_length=60, blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("board approval")
        verbose_name_plural = _("board approvals")
        ordering = ["edition", "-held_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(members_for__lte=models.F("members_total")), name="contests_approval_within_board"
            )
        ]

    def __str__(self) -> str:
        return f"{self.edition_id} {self.held_on}: {self.members_for}/{self.members_total}"


class PublicVote(models.Model):
    """The public's votes for an entry in a round whose rules give them a share (`Round.public_vote_share`): the
    count as the organiser tallied it (an online poll, ballots)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="votes")
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="votes")
    votes = models.PositiveIntegerField(_("votes"), default=0)

    class Meta:
        verbose_name = _("public vote")
        verbose_name_plural = _("public votes")
        constraints = [models.UniqueConstraint(fields=["round", "entry"], name="contests_vote_once")]

    def __str__(self) -> str:
        return f"{self.entry_id}: {self.votes}"


class ResultsDecision(IssuedDocument):
    """The results decision of an edition (Quyết định công nhận kết quả và trao giải): who signs it and whom it goes
    to, then its number from the organiser's register and date once issued (`judging.services.decision_issue`)."""

    edition = models.OneToOneField(Edition, on_delete=models.CASCADE, related_name="decision")

    class Meta:
        verbose_name = _("results decision")
        verbose_name_plural = _("results decisions")

    def __str__(self) -> str:
        return f"{self.edition_id} {self.number_line}"


class JuryEventKind(models.TextChoices):
    JUROR_ADD = "juror_add", _("Juror assigned")
    JUROR_REMOVE = "juror_remove", _("Juror removed")
    ENTRY_ADD = "entry_add", _("Entry given to a juror")
    KEPT_OFF = "kept_off", _("Juror kept off an entry")
    OVERRIDE = "override", _("Conflict overridden")
    CONFLICT = "conflict", _("Conflict declared")
    SHEET = "sheet", _("Score sheet saved")
    VOTES = "votes", _("Public votes recorded")


class JuryEvent(HeldRecordEvent):
    """A change of a round's jury (a juror on or off, an entry given or kept off, a declaration, a sheet saved —
    without its points, which stay hidden until the round closes), on the organiser (its audit trail) and the round."""

    round = models.ForeignKey(Round, null=True, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=JuryEventKind.choices)
    # Jurors are experts (members among them): their names, the text of a declaration or an officer's reason may
    # name one; the detected reasons name a workplace or an author. Numbers, links and counts carry nothing.
    personal_data = PersonalData(
        texts={"expert", "text", "reason", "detected"},
        others={"expert_id", "entry", "link", "kept_off", "scored", "criteria", "votes"},
    )

    class Meta(HeldRecordEvent.Meta):
        verbose_name = _("jury event")
        verbose_name_plural = _("jury events")
        indexes = [
            models.Index(fields=["target", "target_id", "at"], name="contests_jury_target"),
            models.Index(fields=["round", "at"], name="contests_jury_history"),
        ]
