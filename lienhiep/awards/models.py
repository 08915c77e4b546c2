"""Honours (certificates of merit, commendations, medals) to nodes and persons, the nominations that precede them,
and each node's yearly emulation rating. Contests live in their own app (`lienhiep.contests`)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lienhiep.core.models import RecordedModel, StoredFile, ends_after
from lienhiep.core.redaction import PersonalData
from lienhiep.members.models import Person
from lienhiep.orgs.models import HeldRecordEvent, Org


class HonourForm(models.TextChoices):
    CERTIFICATE = "bang_khen", _("Certificate of merit (Bằng khen)")
    COMMENDATION = "giay_khen", _("Commendation (Giấy khen)")
    MEDAL = "ky_niem_chuong", _("Commemorative medal (Kỷ niệm chương)")
    CREATIVE_LABOUR = "lao_dong_sang_tao", _("Creative labour certificate (Bằng lao động sáng tạo)")
    EXEMPLARY = "tri_thuc_tieu_bieu", _("Exemplary intellectual (Trí thức tiêu biểu)")
    EMULATION_FLAG = "co_thi_dua", _("Emulation flag (Cờ thi đua)")
    OTHER = "other", _("Other")


class Issuer(models.TextChoices):
    VUSTA = "vusta", _("VUSTA (national union)")
    PROVINCIAL_COMMITTEE = "provincial_committee", _("Provincial People's Committee")
    PROVINCIAL_UNION = "provincial_union", _("Provincial union")
    MINISTRY = "ministry", _("Ministry or central agency")
    LOCAL_COMMITTEE = "local_committee", _("District/town People's Committee")
    OTHER = "other", _("Other")


class Honour(RecordedModel):
    """An honour to a node, or to a person (a member, or a name) recorded by the node they belong to."""

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="honours", verbose_name=_("unit"))
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="honours", verbose_name=_("member")
    )
    person_name = models.CharField(_("person (if not a member)"), max_length=150, blank=True)
    form = models.CharField(_("form"), max_length=30, choices=HonourForm.choices)
    issuer = models.CharField(_("issued by"), max_length=30, choices=Issuer.choices)
    issuer_name = models.CharField(_("issuer's name"), max_length=255, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=60)
    decision_folded = models.CharField(max_length=60, editable=False, blank=True)  # searched: "qd" finds "QĐ"
    decision_date = models.DateField(_("decision date"))
    reason = models.TextField(_("reason"), blank=True)
    # A scan of the decision or the certificate (core.files: checked by content, stored under a generated
    # name in MEDIA_ROOT, served by awards:scan after an access check). Empty: none.
    scan = models.CharField(max_length=120, blank=True, editable=False)
    scan_type = models.CharField(max_length=100, blank=True, editable=False)

    class Meta:
        verbose_name = _("honour")
        verbose_name_plural = _("honours")
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=True) | Q(person_name=""), name="awards_honour_person_or_name"
            ),
        ]
        indexes = [
            models.Index(fields=["org", "decision_date", "id"], name="awards_honour_by_org_date"),
            models.Index(fields=["issuer", "decision_date"], name="awards_honour_by_issuer"),
        ]

    def __str__(self) -> str:
        return f"{self.get_form_display()} – {self.recipient}"

    @property
    def to_person(self) -> bool:
        return self.person_id is not None or bool(self.person_name)

    @property
    def recipient(self) -> str:
        if self.person_id is not None:
            return str(self.person)
        return self.person_name or self.org.name


class NominationStatus(models.TextChoices):
    PROPOSED = "proposed", pgettext_lazy("nomination", "Proposed")
    SENT = "sent", pgettext_lazy("nomination", "Sent to the issuer")
    GRANTED = "granted", pgettext_lazy("nomination", "Granted")
    REFUSED = "refused", pgettext_lazy("nomination", "Refused")
    WITHDRAWN = "withdrawn", pgettext_lazy("nomination", "Withdrawn")


# The moves of a nomination (services.nomination_send / nomination_grant / nomination_refuse / nomination_withdraw
# check them): drawn up by the unit, sent to the body that confers the honour, then granted (it becomes the honour)
# or refused; the unit may withdraw it, with its reason, until the answer comes. Each move carries the words of its
# button: the action a user takes, not the state it leads to.
NOMINATION_TRANSITIONS: dict[str, dict[str, Any]] = {
    NominationStatus.PROPOSED: {
        NominationStatus.SENT: _("Send to the issuer"),
        NominationStatus.WITHDRAWN: _("Withdraw the nomination"),
    },
    NominationStatus.SENT: {
        NominationStatus.GRANTED: _("Record the grant"),
        NominationStatus.REFUSED: _("Record the refusal"),
        NominationStatus.WITHDRAWN: _("Withdraw the nomination"),
    },
    NominationStatus.GRANTED: {},
    NominationStatus.REFUSED: {},
    NominationStatus.WITHDRAWN: {},
}


class Nomination(RecordedModel):
    """A proposal that a unit, or a member of the registry, receive an honour: drawn up by the unit (`org`: the
    candidate unit, or the candidate's association), sent to the issuer, granted or refused. Granted, it becomes the
    honour record (`honour`, whose `nomination` it is)."""

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="nominations", verbose_name=_("unit"))
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="nominations",
        verbose_name=_("member nominated"),
    )  # fmt: skip
    form = models.CharField(_("form"), max_length=30, choices=HonourForm.choices)
    issuer = models.CharField(_("issued by"), max_length=30, choices=Issuer.choices)
    issuer_name = models.CharField(_("issuer's name"), max_length=255, blank=True)
    # The year the achievements are of, or the first of a term's years (`last_year`: its last; empty: one year).
    year = models.PositiveSmallIntegerField(_("year"))
    last_year = models.PositiveSmallIntegerField(_("until the year"), null=True, blank=True)
    reason = models.TextField(_("achievements"), blank=True)
    proposed_on = models.DateField(_("proposed on"))
    status = models.CharField(
        _("status"), max_length=10, choices=NominationStatus.choices, default=NominationStatus.PROPOSED
    )
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    letter_number = models.CharField(_("number of the letter sent"), max_length=60, blank=True)
    # Refused: the day the answer came and why. Granted: the honour holds the decision (number and date).
    refused_on = models.DateField(_("refused on"), null=True, blank=True)
    refusal = models.TextField(_("reason given for the refusal"), blank=True)
    # Withdrawn by the unit before the answer: the day and why (a withdrawal says why).
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawal = models.TextField(_("why it was withdrawn"), blank=True)
    honour = models.OneToOneField(
        Honour, null=True, blank=True, on_delete=models.PROTECT, related_name="nomination", verbose_name=_("honour")
    )

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=NominationStatus.values), name="awards_nomination_status_known"
            ),
            ends_after("year", "last_year", name="awards_nomination_years_in_order", same_day=True),
            models.CheckConstraint(
                condition=~Q(status=NominationStatus.GRANTED) | Q(honour__isnull=False),
                name="awards_nomination_granted_has_honour",
            ),
            models.CheckConstraint(
                condition=~Q(status="withdrawn") | (Q(withdrawn_on__isnull=False) & ~Q(withdrawal="")),
                name="awards_nomination_withdrawal_says_why",
            ),
        ]
        indexes = [
            # a unit's list, newest first; the figures over a period, by the day it was sent (those granted are
            # read from their honours, by the decision date)
            models.Index(fields=["org", "proposed_on", "id"], name="awards_nomination_by_org"),
            models.Index(fields=["org", "sent_on"], name="awards_nomination_by_sent"),
        ]

    def __str__(self) -> str:
        return f"{self.get_form_display()} – {self.candidate}"

    @property
    def candidate(self) -> str:
        return str(self.person) if self.person_id is not None else self.org.name

    @property
    def years(self) -> str:
        return f"{self.year}–{self.last_year}" if self.last_year and self.last_year != self.year else str(self.year)

    @property
    def moves(self) -> dict[str, Any]:
        return NOMINATION_TRANSITIONS[self.status]


class NominationFile(StoredFile):
    """A file of a nomination's dossier (the proposal, the summary of achievements, the minutes of the vote),
    stored under a generated name in private storage (core.files, core.models.StoredFile) and served by
    `awards:nomination_file` to those who may read the nomination."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="files")

    class Meta(StoredFile.Meta):
        pass


class Rating(models.TextChoices):
    EXCELLENT = "excellent", _("Completed its tasks excellently")
    GOOD = "good", _("Completed its tasks well")
    DONE = "done", _("Completed its tasks")
    NOT_DONE = "not_done", _("Did not complete its tasks")


class EmulationRating(RecordedModel):
    """A node's rating for a year, by the body that rates it (the People's Committee, the union above)."""

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="ratings", verbose_name=_("unit"))
    year = models.PositiveSmallIntegerField(_("year"))
    rating = models.CharField(_("rating"), max_length=20, choices=Rating.choices)
    rated_by = models.CharField(_("rated by"), max_length=30, choices=Issuer.choices)
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("emulation rating")
        verbose_name_plural = _("emulation ratings")
        constraints = [
            models.UniqueConstraint(
                fields=["org", "year", "rated_by"],
                name="awards_rating_one_per_year",
                violation_error_message=_("This unit already has a rating from this body for this year."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.org} {self.year}: {self.get_rating_display()}"


class EventKind(models.TextChoices):
    CREATE = "create", _("Recorded")
    UPDATE = "update", _("Changed")
    DELETE = "delete", _("Deleted")
    FILE_ADD = "file_add", _("File added")


class AwardEvent(HeldRecordEvent):
    """Every change to an honour or a rating (`target`: "honour" | "rating"): who, when, before and after."""

    targets = {"honour": "honour", "emulationrating": "rating"}

    kind = models.CharField(max_length=20, choices=EventKind.choices)
    # An honour's member, or the name typed for one who is not in the registry.
    personal_data = PersonalData(
        refs={"person"},
        texts={"person_name"},
        others={"org", "issuer_name", "notes"},
        about=lambda person_id: Q(target="honour", target_id__in=Honour.objects.filter(person=person_id).values("pk")),
    )

    class Meta(HeldRecordEvent.Meta):
        verbose_name = _("honour event")
        verbose_name_plural = _("honour events")


class NominationEventKind(models.TextChoices):
    CREATE = "create", _("Proposed")
    UPDATE = "update", _("Changed")
    MOVE = "move", _("Status changed")
    FILE_ADD = "file_add", _("File added")


class NominationEvent(HeldRecordEvent):
    """Every change to a nomination (`target`: "nomination"): created, corrected, each move of
    NOMINATION_TRANSITIONS (status before and after, with what the step records), each file of its dossier."""

    targets = {"nomination": "nomination"}

    kind = models.CharField(max_length=20, choices=NominationEventKind.choices)
    personal_data = PersonalData(
        refs={"person"},
        texts={"reason", "refusal", "withdrawal"},
        others={"org", "issuer_name", "file"},
        about=lambda person_id: Q(
            target="nomination", target_id__in=Nomination.objects.filter(person=person_id).values("pk")
        ),
    )

    class Meta(HeldRecordEvent.Meta):
        verbose_name = _("nomination event")
        verbose_name_plural = _("nomination events")
        # A nomination's history (the shared shape's index, named for this table: the app has two event tables).
        indexes = [models.Index(fields=["target", "target_id", "at"], name="awards_nomination_event_target")]
