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

from lienhiep.core.models import TimeStampedModel
from lienhiep.experts.models import ConflictDeclarationBase

from .editions import Criterion, Edition, PrizeRank, PrizeRow, Round
from .entries import Entry


class JurorAssignment(TimeStampedModel):
    """An expert on the jury of a round."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="jurors", verbose_name=_("round"))
    expert = models.ForeignKey("experts.Expert", on_delete=models.PROTECT, related_name="+", verbose_name=_("juror"))
    entries = models.ManyToManyField(Entry, through="JurorEntry", related_name="+", verbose_name=_("entries"))
    assigned_on = models.DateField(_("assigned on"))
    removed_on = models.DateField(_("removed on"), null=True, blank=True)
    grant = models.ForeignKey("orgs.ObjectGrant", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("juror")
        verbose_name_plural = _("jurors")
        ordering = ["round", "assigned_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "expert"], condition=Q(removed_on__isnull=True), name="contests_juror_once"
            )
        ]
        indexes = [models.Index(fields=["expert", "-assigned_on"], name="contests_juror_history")]

    def __str__(self) -> str:
        return f"{self.expert_id} → {self.round_id}"


class JurorEntry(ConflictDeclarationBase):
    """An entry a juror scores, with the juror's declaration of interest on it and what the registry detected."""

    assignment = models.ForeignKey(JurorAssignment, on_delete=models.CASCADE, related_name="assigned")
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="juror_rows")
    detected = models.JSONField(default=list, blank=True)

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
