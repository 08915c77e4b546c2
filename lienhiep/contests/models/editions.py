"""Contests, their editions and the rules of each edition (issue 16).

A contest (`Contest`) is run by a node (`org`, the organiser) at one level: the statutory Hội thi Sáng tạo Kỹ thuật
(STKT), the Cuộc thi Sáng tạo Thanh thiếu niên nhi đồng (youth), or a union's own award. Each edition (`Edition`)
carries its rules: the decision that issued them, the submission window, eligibility (where and since when the
solution was applied, or a birth-date range for the youth contest), its fields and the categories within them, its
rounds with their rubric (`Criterion`), and its prize table (`PrizeRow`). The rules are entered once per edition and
may be copied from the previous one (`services.edition_copy_rules`). An edition moves along `EDITION_TRANSITIONS`,
one service per move (`services.edition_move`), each writing an `EditionEvent`.
"""

from __future__ import annotations

from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lienhiep.core.models import RecordedModel, TimeStampedModel
from lienhiep.core.redaction import PersonalData
from lienhiep.orgs.models import HeldRecordEvent, Org


class ContestType(models.TextChoices):
    STKT = "stkt", _("Technical innovation contest (Hội thi Sáng tạo Kỹ thuật)")
    YOUTH = "youth", _("Children and youth creativity contest (Cuộc thi Sáng tạo TTN-NĐ)")
    OWN = "own", _("The union's own award")


class ContestLevel(models.TextChoices):
    """The level of a contest, lowest first: an entry forwarded goes up this list."""

    DISTRICT = "district", _("District or town")
    PROVINCE = "province", _("Province")
    REGION = "region", _("Region")
    NATIONAL = "national", _("National")


LEVEL_ORDER: dict[str, int] = {level: i for i, level in enumerate(ContestLevel.values)}


class Contest(TimeStampedModel):
    """A contest a node organises at a level, edition after edition."""

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="contests", verbose_name=_("organiser"))
    type = models.CharField(_("contest type"), max_length=10, choices=ContestType.choices)
    level = models.CharField(_("level"), max_length=10, choices=ContestLevel.choices)
    name = models.CharField(_("name"), max_length=255)
    # What a regional contest's results print for its level ("Khu vực phía Bắc"); empty for the other levels.
    area = models.CharField(_("region"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("contest")
        verbose_name_plural = _("contests")
        ordering = ["org_id", "type", "name"]
        constraints = [models.UniqueConstraint(fields=["org", "name"], name="contests_contest_name_per_org")]

    def __str__(self) -> str:
        return self.name


class EditionStatus(models.TextChoices):
    DRAFT = "draft", _("Rules being prepared")
    OPEN = "open", _("Open for entries")
    SCREENING = "screening", _("Entries being screened")
    JUDGING = "judging", _("Judging")
    APPROVED = "approved", _("Results approved")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


# The edition's life: its rules are prepared, it opens for entries, the window closes and the entries are screened,
# the jury scores them round by round, the organising board approves the results (they become public), and the
# edition is closed once its winners are forwarded. An edition may be cancelled before judging. Each move carries the
# words of its button, the action a user takes (not the state it leads to), in the order the page shows them.
EDITION_TRANSITIONS: dict[str, dict[str, Any]] = {
    EditionStatus.DRAFT: {
        EditionStatus.OPEN: _("Open the edition for entries"),
        EditionStatus.CANCELLED: _("Cancel the contest"),
    },
    EditionStatus.OPEN: {
        EditionStatus.SCREENING: _("Stop receiving and screen the entries"),
        EditionStatus.CANCELLED: _("Cancel the contest"),
    },
    EditionStatus.SCREENING: {
        EditionStatus.JUDGING: _("Start judging"),
        EditionStatus.OPEN: _("Receive entries again"),
    },
    EditionStatus.JUDGING: {EditionStatus.APPROVED: _("Publish the approved results")},
    EditionStatus.APPROVED: {EditionStatus.CLOSED: _("Close the edition")},
    EditionStatus.CLOSED: {},
    EditionStatus.CANCELLED: {},
}

# The results are public (the public page lists the prizes) once the board approved them.
RESULTS_PUBLIC = frozenset({EditionStatus.APPROVED, EditionStatus.CLOSED})
# Rules are edited only before the edition opens (and while it is open, the window and the eligibility).
RULES_EDITABLE = frozenset({EditionStatus.DRAFT, EditionStatus.OPEN})


class Edition(RecordedModel):
    """One edition of a contest (lần thứ N, years), with the rules that govern it."""

    contest = models.ForeignKey(Contest, on_delete=models.PROTECT, related_name="editions", verbose_name=_("contest"))
    number = models.PositiveSmallIntegerField(_("edition number"), validators=[MinValueValidator(1)])
    year_start = models.PositiveSmallIntegerField(_("from year"))
    year_end = models.PositiveSmallIntegerField(_("to year"))
    # The decision that issued the rules (thể lệ).
    rules_number = models.CharField(_("rules decision number"), max_length=60, blank=True)
    rules_date = models.DateField(_("rules decision date"), null=True, blank=True)
    rules_text = models.TextField(_("rules (summary shown to the public)"), blank=True)
    # The submission window, both days included.
    opens_on = models.DateField(_("entries from"))
    closes_on = models.DateField(_("entries until"))
    # Eligibility: a solution applied within `applied_place` since `applied_since` (STKT), or authors born within
    # [born_from, born_to] (youth). Empty: not checked.
    applied_place = models.CharField(_("where the solution must have been applied"), max_length=255, blank=True)
    applied_since = models.DateField(_("applied on or after"), null=True, blank=True)
    born_from = models.DateField(_("authors born on or after"), null=True, blank=True)
    born_to = models.DateField(_("authors born on or before"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=EditionStatus.choices, default=EditionStatus.DRAFT)
    status_since = models.DateField(_("in this status since"))
    # The results decision (quyết định công nhận kết quả), filled when the results are approved.
    results_number = models.CharField(_("results decision number"), max_length=60, blank=True)
    results_date = models.DateField(_("results decision date"), null=True, blank=True)
    # How many winners each unit below may forward into this edition (the national edition takes 5 a province…);
    # empty: no limit. Checked by `judging.services.entry_forward`.
    forward_quota = models.PositiveSmallIntegerField(_("entries each unit may forward"), null=True, blank=True)

    class Meta:
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        ordering = ["contest", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "number"], name="contests_edition_number_once"),
            models.CheckConstraint(condition=Q(closes_on__gte=models.F("opens_on")), name="contests_window_ordered"),
            models.CheckConstraint(condition=Q(year_end__gte=models.F("year_start")), name="contests_years_ordered"),
            models.CheckConstraint(
                condition=Q(born_from__isnull=True) | Q(born_to__isnull=True) | Q(born_to__gte=models.F("born_from")),
                name="contests_birth_range_ordered",
            ),
        ]
        indexes = [
            # Open editions a secretary may submit to, and the organiser's list by status.
            models.Index(fields=["status", "closes_on"], name="contests_edition_by_status"),
        ]

    def __str__(self) -> str:
        return f"{self.contest.name} – {self.years}"

    @property
    def years(self) -> str:
        return str(self.year_start) if self.year_start == self.year_end else f"{self.year_start}–{self.year_end}"

    @property
    def results_public(self) -> bool:
        return self.status in RESULTS_PUBLIC

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("contests:edition", args=[self.pk])


class ContestField(models.Model):
    """A field of an edition (lĩnh vực dự thi: Cơ khí – Tự động hoá, Nông nghiệp…): entries are ranked and prizes
    given per field."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="fields", verbose_name=_("edition"))
    name = models.CharField(_("field"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("contest field")
        verbose_name_plural = _("contest fields")
        ordering = ["edition", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["edition", "name"], name="contests_field_name_once")]

    def __str__(self) -> str:
        return self.name


class Category(models.Model):
    """A category within a field (a press award's group A and group B; the youth contest's age groups)."""

    field = models.ForeignKey(
        ContestField, on_delete=models.CASCADE, related_name="categories", verbose_name=_("field")
    )
    name = models.CharField(_("category"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["field", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["field", "name"], name="contests_category_name_once")]

    def __str__(self) -> str:
        return self.name


class RoundKind(models.TextChoices):
    PRELIMINARY = "so_khao", _("Preliminary round (sơ khảo)")
    FINAL = "chung_khao", _("Final round (chung khảo)")
    INTERVIEW = "phong_van", _("Interview")


class RoundStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    OPEN = "open", _("Open for scoring")
    CLOSED = "closed", _("Closed")


ROUND_TRANSITIONS: dict[str, set[str]] = {
    RoundStatus.PLANNED: {RoundStatus.OPEN},
    RoundStatus.OPEN: {RoundStatus.CLOSED},
    RoundStatus.CLOSED: set(),
}


def _percent(label: object, **extra: object) -> models.DecimalField:
    return models.DecimalField(
        label,  # type: ignore[arg-type]
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        **extra,  # type: ignore[arg-type]
    )


class Round(models.Model):
    """A round of an edition's judging, in order. Its rubric is its criteria. `public_vote_share`: the share (in
    per cent) of the public vote in the final score, 0 without one; `drop_outliers`: the highest and lowest juror's
    totals are left out of the average where at least five jurors scored (`ranking.MIN_JURORS_TO_DROP`: three sheets
    then remain); `approval_threshold`: the share (in per
    cent) of the organising board that must approve the results. Scores are hidden from other jurors until the round
    is closed."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="rounds", verbose_name=_("edition"))
    kind = models.CharField(_("round"), max_length=12, choices=RoundKind.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    status = models.CharField(_("status"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.PLANNED)
    public_vote_share = _percent(_("public vote share (%)"), default=0)
    drop_outliers = models.BooleanField(_("drop the highest and lowest juror"), default=False)
    approval_threshold = _percent(_("board approval threshold (%)"), null=True, blank=True)

    class Meta:
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        ordering = ["edition", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["edition", "order"], name="contests_round_order_once")]

    def __str__(self) -> str:
        return self.get_kind_display()


class Criterion(models.Model):
    """A criterion of a round's rubric, with its maximum points and its scoring bands (`bands`: a list of
    {"label", "min", "max"}: "Xuất sắc" 9–10…, to guide the juror; empty: none)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("round"))
    name = models.CharField(_("criterion"), max_length=255)
    max_points = models.DecimalField(
        _("maximum points"), max_digits=6, decimal_places=2, validators=[MinValueValidator(0)]
    )
    bands = models.JSONField(_("scoring bands"), default=list, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["round", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "name"], name="contests_criterion_name_once"),
            models.CheckConstraint(condition=Q(max_points__gt=0), name="contests_criterion_max_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class PrizeRank(models.TextChoices):
    """The ranks of a prize table, highest first."""

    SPECIAL = "dac_biet", _("Special prize (Giải Đặc biệt)")
    FIRST = "nhat", _("First prize (Giải Nhất)")
    SECOND = "nhi", _("Second prize (Giải Nhì)")
    THIRD = "ba", _("Third prize (Giải Ba)")
    CONSOLATION = "khuyen_khich", _("Consolation prize (Giải Khuyến khích)")
    MOVEMENT = "phong_trao", _("Movement prize (Giải phong trào)")


RANK_ORDER: dict[str, int] = {rank: i for i, rank in enumerate(PrizeRank.values)}


class PrizeRow(models.Model):
    """A row of an edition's prize table: how many prizes of a rank a field (or a category within it; neither: the
    whole edition) gives, their amount in đồng, and the honour that comes with them (a certificate of merit…)."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="prize_rows", verbose_name=_("edition"))
    field = models.ForeignKey(
        ContestField,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="prize_rows",
        verbose_name=_("field"),
    )
    category = models.ForeignKey(
        Category,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="prize_rows",
        verbose_name=_("category"),
    )
    rank = models.CharField(_("prize"), max_length=15, choices=PrizeRank.choices)
    count = models.PositiveSmallIntegerField(_("number of prizes"), validators=[MinValueValidator(1)])
    amount = models.DecimalField(
        _("amount per prize (đồng)"), max_digits=14, decimal_places=0, default=0, validators=[MinValueValidator(0)]
    )
    extra_honour = models.CharField(_("with the honour"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("prize row")
        verbose_name_plural = _("prize table")
        ordering = ["edition", "field", "category", "rank"]
        constraints = [
            models.CheckConstraint(
                condition=Q(category__isnull=True) | Q(field__isnull=False), name="contests_prize_category_in_field"
            ),
            models.CheckConstraint(condition=Q(count__gte=1), name="contests_prize_count_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_rank_display()} × {self.count}"


class EditionEventKind(models.TextChoices):
    CREATE = "create", pgettext_lazy("event", "Edition created")
    UPDATE = "update", pgettext_lazy("event", "Rules changed")
    COPY = "copy", pgettext_lazy("event", "Rules copied from the previous edition")
    MOVE = "move", pgettext_lazy("event", "Status changed")
    ROUND = "round", pgettext_lazy("event", "Round opened or closed")
    APPROVAL = "approval", pgettext_lazy("event", "Board approval recorded")
    SIGNATURE = "signature", pgettext_lazy("event", "Results decision's signature changed")
    RESULTS = "results", pgettext_lazy("event", "Results decision issued")


def _unissued_decisions(person_id: int) -> Q:
    from lienhiep.contests.models.judging import ResultsDecision

    return Q(target="decision", target_id__in=ResultsDecision.objects.filter(number_line="").values("pk"))


class EditionEvent(HeldRecordEvent):
    """A change of an edition or of its rules (a field, a round, a prize row: `target`), on the organiser (its audit
    trail) and the edition (its history)."""

    edition = models.ForeignKey(Edition, null=True, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=EditionEventKind.choices)
    # Rules, fields, rounds and prizes name no one; a board's approval names the board's decision, not its members;
    # the results decision names who signs it (its `authority` is a body: "TM. BAN THƯỜNG VỤ"). The rows about a
    # member (decision 0018): the signature of a decision not issued, whose signer the erasure empties if it was
    # them by name; an issued decision's rows keep its signer, as it does.
    personal_data = PersonalData(
        texts={"signer"}, others={"before", "after", "from_edition", "note", "authority"}, about=_unissued_decisions
    )

    class Meta(HeldRecordEvent.Meta):
        verbose_name = _("edition event")
        verbose_name_plural = _("edition events")
        indexes = [
            models.Index(fields=["target", "target_id", "at"], name="contests_edevent_target"),
            models.Index(fields=["edition", "at"], name="contests_edevent_history"),
        ]
