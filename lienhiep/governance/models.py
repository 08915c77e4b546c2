"""Governance: congresses and their terms, the committees they elect, seats, meetings and attendance,
restructurings (kiện toàn) of member associations, and the congress's targets.

Seats are dated spells, half-open like the tree's: a seat holds from `started_on` until the day before
`ended_on`, so a committee's composition and who held a position can be asked as of any date.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lienhiep.core.models import AuditEvent, TimeStampedModel, ends_after, one_open, reason_iff_ended
from lienhiep.core.redaction import PersonalData
from lienhiep.members.models import Person
from lienhiep.orgs.models import Org

ROMAN = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def roman(number: int) -> str:
    out = ""
    for value, letters in ROMAN:
        while number >= value:
            out += letters
            number -= value
    return out


class Congress(TimeStampedModel):
    """A congress (Đại hội) of a node and the term it opens."""

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="congresses", verbose_name=_("unit"))
    ordinal = models.PositiveSmallIntegerField(_("congress number"))
    term_start_year = models.PositiveSmallIntegerField(_("term from (year)"))
    term_end_year = models.PositiveSmallIntegerField(_("term until (year)"))
    held_on = models.DateField(_("held on"))
    delegates = models.PositiveIntegerField(_("delegates"), null=True, blank=True)
    documents = models.FileField(_("documents"), upload_to="governance/congresses/", blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("congress")
        verbose_name_plural = _("congresses")
        constraints = [
            models.UniqueConstraint(fields=["org", "ordinal"], name="governance_congress_one_per_ordinal"),
            models.CheckConstraint(
                condition=Q(term_end_year__gt=models.F("term_start_year")), name="governance_congress_term_years"
            ),
        ]
        indexes = [models.Index(fields=["org", "held_on"], name="governance_congress_by_org")]

    def __str__(self) -> str:
        return f"{_('Congress')} {self.roman} ({self.term_start_year}–{self.term_end_year})"

    @property
    def roman(self) -> str:
        return roman(self.ordinal)

    @property
    def term_label(self) -> str:
        return f"{self.term_start_year}–{self.term_end_year}"

    def ends_on(self) -> dt.date | None:
        """The first day after the term: the next congress of the node, or the day the node ended."""
        following = (
            Congress.objects.filter(org_id=self.org_id, held_on__gt=self.held_on)
            .order_by("held_on")
            .values_list("held_on", flat=True)
            .first()
        )
        ends = [d for d in (following, self.org.ended_on) if d is not None]
        return min(ends) if ends else None


class CommitteeKind(models.TextChoices):
    EXECUTIVE = "bch", _("Executive committee (BCH)")
    STANDING = "btv", _("Standing committee (BTV)")
    INSPECTION = "ubkt", _("Inspection committee (UBKT)")


# How often the charter asks each committee to meet, per year; editable per committee.
CHARTER_MEETINGS_PER_YEAR = {CommitteeKind.EXECUTIVE: 2, CommitteeKind.STANDING: 4, CommitteeKind.INSPECTION: 2}


class Committee(models.Model):
    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="committees")
    kind = models.CharField(_("committee"), max_length=4, choices=CommitteeKind.choices)
    planned_size = models.PositiveSmallIntegerField(_("planned size"))
    meetings_per_year = models.PositiveSmallIntegerField(_("required meetings per year"))

    class Meta:
        verbose_name = _("committee")
        verbose_name_plural = _("committees")
        ordering = ["congress", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["congress", "kind"], name="governance_committee_one_per_kind"),
            models.CheckConstraint(
                condition=Q(meetings_per_year__gte=1) & Q(meetings_per_year__lte=12),
                name="governance_committee_meetings_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.congress}"


class Position(models.TextChoices):
    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice chair")
    SECRETARY = "secretary", _("Secretary")
    STANDING_MEMBER = "standing_member", _("Standing committee member")
    MEMBER = "member", _("Executive committee member")
    INSPECTION_HEAD = "inspection_head", _("Head of the inspection committee")
    INSPECTION_MEMBER = "inspection_member", _("Inspection committee member")


# Order on rosters; positions only one person holds at a time in a committee.
POSITION_ORDER = {p: i for i, p in enumerate(Position)}
SINGLE_HOLDER = {Position.CHAIR, Position.SECRETARY, Position.INSPECTION_HEAD}


class StartReason(models.TextChoices):
    ELECTED = "elected", _("Elected at the congress")
    CO_OPTED = "co_opted", _("Co-opted")
    APPOINTED = "appointed", _("Appointed")


class SeatEndReason(models.TextChoices):
    TRANSFER = "transfer", _("Transferred")
    RETIREMENT = "retirement", _("Retired")
    RESIGNATION = "resignation", _("Resigned")
    DEATH = "death", _("Died")
    END_OF_TERM = "end_of_term", _("End of term")
    DISSOLUTION = "dissolution", _("Unit dissolved")


# Ends that are not departures: the term (or the unit) ended under everyone alike.
NOT_DEPARTURES = {SeatEndReason.END_OF_TERM, SeatEndReason.DISSOLUTION}


class Seat(TimeStampedModel):
    """A person's seat on a committee, from `started_on` until the day before `ended_on`."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="seats")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="seats", verbose_name=_("person"))
    position = models.CharField(_("position"), max_length=20, choices=Position.choices)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)
    start_reason = models.CharField(_("how it began"), max_length=10, choices=StartReason.choices)
    end_reason = models.CharField(_("how it ended"), max_length=12, choices=SeatEndReason.choices, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    replaces = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replaced_by", verbose_name=_("replaces")
    )

    class Meta:
        verbose_name = _("seat")
        verbose_name_plural = _("seats")
        constraints = [
            ends_after("started_on", "ended_on", name="governance_seat_valid_range"),
            reason_iff_ended("ended_on", "end_reason", name="governance_seat_reason_iff_ended"),
            one_open("committee", "person", end="ended_on", name="governance_seat_one_open"),
        ]
        indexes = [
            # composition(committee, on=date)
            models.Index(fields=["committee", "started_on", "ended_on"], name="governance_seat_on"),
            models.Index(fields=["person", "started_on"], name="governance_seat_person"),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_position_display()} [{self.started_on} – {self.ended_on or '…'}]"

    def holds_on(self, on: dt.date) -> bool:
        return self.started_on <= on and (self.ended_on is None or on < self.ended_on)

    @property
    def is_departure(self) -> bool:
        return bool(self.end_reason) and self.end_reason not in NOT_DEPARTURES


class MeetingKind(models.TextChoices):
    REGULAR = "regular", _("Regular")
    EXTRAORDINARY = "extraordinary", _("Extraordinary")


class Meeting(TimeStampedModel):
    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField(_("held on"))
    kind = models.CharField(_("kind"), max_length=15, choices=MeetingKind.choices, default=MeetingKind.REGULAR)
    agenda = models.TextField(_("agenda"), blank=True)
    # Kept in private storage, served only through an access-checked view.
    minutes = models.FileField(_("minutes"), upload_to="governance/minutes/", blank=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["held_on", "id"]
        indexes = [models.Index(fields=["committee", "held_on"], name="governance_meeting_by_date")]

    def __str__(self) -> str:
        return f"{self.committee} {self.held_on}"


class Presence(models.TextChoices):
    PRESENT = "present", _("Present")
    EXCUSED = "excused", _("Absent with reason")
    UNEXCUSED = "unexcused", _("Absent without reason")


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    seat = models.ForeignKey(Seat, on_delete=models.CASCADE, related_name="attendance")
    status = models.CharField(_("attendance"), max_length=10, choices=Presence.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "seat"], name="governance_attendance_once")]

    def __str__(self) -> str:
        return f"{self.meeting_id}/{self.seat_id}: {self.status}"


class RestructuringStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("restructuring", "Planned")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


RESTRUCTURING_TRANSITIONS: dict[str, set[str]] = {
    RestructuringStatus.PLANNED: {RestructuringStatus.DONE, RestructuringStatus.CANCELLED},
    RestructuringStatus.DONE: set(),
    RestructuringStatus.CANCELLED: set(),
}


class Restructuring(TimeStampedModel):
    """A restructuring (kiện toàn) of a member association's leadership: planned, then done."""

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="restructurings", verbose_name=_("unit"))
    planned_on = models.DateField(_("planned for"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=RestructuringStatus.choices, default=RestructuringStatus.PLANNED
    )
    reason = models.CharField(_("why"), max_length=255, blank=True)
    what_changed = models.TextField(_("what changed"), blank=True)

    class Meta:
        verbose_name = _("restructuring")
        verbose_name_plural = _("restructurings")
        ordering = ["planned_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="done", done_on__isnull=False) | ~Q(status="done") & Q(done_on__isnull=True),
                name="governance_restructuring_done_iff_date",
            ),
        ]
        indexes = [models.Index(fields=["org", "planned_on"], name="governance_restructuring_org")]

    def __str__(self) -> str:
        return f"{self.org} {self.planned_on}"

    @property
    def on_time(self) -> bool | None:
        if self.done_on is None:
            return None
        return self.done_on <= self.planned_on

    def overdue_on(self, on: dt.date) -> bool:
        return self.status == RestructuringStatus.PLANNED and self.planned_on < on


class TargetPeriod(models.TextChoices):
    YEAR = "year", _("Each year")
    TERM = "term", _("Whole term")


class TargetMeasure(models.TextChoices):
    """What a target can be measured by. Governance keeps the names; `reporting.targets` measures each through the
    figure registry (decision 0008; a test there fails on a name it cannot measure)."""

    MEMBERS = "members", _("Members (persons)")
    MEMBERS_NET_NEW = "members_net_new", _("Net new members in the period")
    INTELLECTUAL_SHARE = "intellectual_share", _("Share of the area's intellectuals gathered")
    RESTRUCTURED_ON_TIME = "restructured_on_time", _("Share of member-association restructurings done on time")
    INITIATIVES_APPLIED_SHARE = "initiatives_applied_share", _("Share of recognised initiatives applied")
    INITIATIVES_PROVINCE_LEVEL = "initiatives_province_level", _("Initiatives recognised at province level or above")
    VUSTA_CERTIFICATES = "vusta_certificates", _("VUSTA certificates of merit to the unit")
    CREATIVE_LABOUR_NOMINATIONS = (
        "creative_labour_nominations",
        _("Members nominated for the creative labour certificate"),
    )


class CongressTarget(models.Model):
    """A target (chỉ tiêu) of the congress resolution, judged by a named measure or by hand."""

    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="targets")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("target"))
    # A TargetMeasure; empty: values are entered by hand.
    measure = models.CharField(_("measured by"), max_length=40, choices=TargetMeasure.choices, blank=True)
    target_min = models.DecimalField(_("at least"), max_digits=12, decimal_places=2, null=True, blank=True)
    target_max = models.DecimalField(_("at most"), max_digits=12, decimal_places=2, null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    period = models.CharField(_("period"), max_length=4, choices=TargetPeriod.choices, default=TargetPeriod.YEAR)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["congress", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(target_min__isnull=True)
                | Q(target_max__isnull=True)
                | Q(target_max__gte=models.F("target_min")),
                name="governance_target_range",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def low(self) -> Decimal | int | None:
        return plain(self.target_min)

    @property
    def high(self) -> Decimal | int | None:
        return plain(self.target_max)


def plain(value: Decimal | None) -> Decimal | int | None:
    """90 rather than 90.00; 12.5 rather than 12.50."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else value.normalize()


class TargetValue(models.Model):
    """A value entered by hand for a target: for a year, or (year empty) for the whole term."""

    target = models.ForeignKey(CongressTarget, on_delete=models.CASCADE, related_name="values")
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["target", "year"], name="governance_value_one_per_year"),
            models.UniqueConstraint(
                fields=["target"], condition=Q(year__isnull=True), name="governance_value_one_for_term"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.target_id} {self.year}: {self.value}"


class EventKind(models.TextChoices):
    CONGRESS = "congress", _("Congress recorded")
    COMMITTEE = "committee", _("Committee recorded")
    COMMITTEE_UPDATE = "committee_update", _("Committee changed")
    SEAT_ELECT = "seat_elect", _("Seat taken")
    SEAT_END = "seat_end", _("Seat ended")
    MEETING = "meeting", _("Meeting recorded")
    RESTRUCTURING_PLAN = "restructuring_plan", _("Restructuring planned")
    RESTRUCTURING_MOVE = "restructuring_move", _("Restructuring status changed")
    TARGET = "target", _("Target set")
    TARGET_VALUE = "target_value", _("Target value entered")


class GovernanceEvent(AuditEvent):
    """Every change to a node's governance records: who, when, what, before and after."""

    org = models.ForeignKey(Org, on_delete=models.CASCADE, related_name="governance_events")
    congress = models.ForeignKey(Congress, null=True, blank=True, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    effective_on = models.DateField(_("effective date"))
    # A seat's person; its position is a title, not a value of theirs.
    personal_data = PersonalData(refs={"person"}, others={"position"})

    class Meta(AuditEvent.Meta):
        verbose_name = _("governance event")
        verbose_name_plural = _("governance events")
        indexes = [
            models.Index(fields=["org", "effective_on"], name="governance_event_org"),
            models.Index(fields=["congress", "at"], name="governance_event_congress"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.org_id} {self.effective_on}"
