"""A dossier (hồ sơ tư vấn, phản biện, giám định xã hội) and its workflow (issue 15).

A requester (a Party committee, a People's Committee, a department, an enterprise…) sends a draft and asks a node for
advice, critique or assessment, or the node takes a subject up itself; the node gathers experts, collects their
opinions and sends back a signed opinion, and the requester answers what it took up. Any node may hold a dossier
(`org`), not only unions. The dossier moves along `DOSSIER_TRANSITIONS`, one service per move
(`services.dossier_move`), each writing a `DossierEvent`; how many days each step may take comes from the
dossier's `RegulationProfile` (the provincial and the national rules differ; a union edits its own copy), never
from the code.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lienhiep.core.models import RecordedModel, TimeStampedModel, one_open
from lienhiep.core.redaction import PersonalData
from lienhiep.experts.models import ConflictDeclarationBase, ExpertAssignment
from lienhiep.orgs.models import HeldRecordEvent, Org


class DossierKind(models.TextChoices):
    CONSULT = "consult", _("Consultancy")
    CRITIQUE = "critique", _("Critique")
    ASSESSMENT = "assessment", _("Social assessment")
    DRAFT_COMMENT = "draft_comment", _("Comments on a draft")
    EIA_SEAT = "eia_seat", _("Seat on an environmental-impact council")


class Origin(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    SELF = "self", _("Self-initiated")


class RequesterType(models.TextChoices):
    PARTY = "party", _("Party committee")
    PEOPLES_COMMITTEE = "peoples_committee", _("People's Committee")
    DEPARTMENT = "department", _("Department or agency")
    MASS_ORG = "mass_org", _("Mass organisation")
    ENTERPRISE = "enterprise", _("Enterprise")
    OTHER = "other", _("Other")


class SubjectType(models.TextChoices):
    SCHEME = "scheme", _("Scheme (đề án)")
    PROGRAMME = "programme", _("Programme")
    PLAN = "plan", _("Plan")
    MASTER_PLAN = "master_plan", _("Master plan")
    DRAFT_LAW = "draft_law", _("Draft law or resolution")
    PARTY_DOCUMENT = "party_document", _("Party document (văn kiện)")
    PROJECT = "project", _("Construction or investment project")


class SubjectLevel(models.TextChoices):
    NATIONAL = "national", _("National")
    PROVINCE = "province", _("Province")
    DISTRICT = "district", _("District or town")
    COMMUNE = "commune", _("Commune or ward")
    UNIT = "unit", _("Agency or enterprise")


class ProjectGroup(models.TextChoices):
    NATIONAL = "national", _("National key project")
    A = "a", _("Group A")
    B = "b", _("Group B")
    C = "c", _("Group C")


class DossierStatus(models.TextChoices):
    RECEIVED = "received", _("Request received")
    CHECKING = "checking", _("Completeness check")
    ACCEPTED = "accepted", _("Request accepted")
    DECLINED = "declined", _("Declined")
    ESTIMATED = "estimated", _("Cost estimated")
    EXPERTS = "experts", _("Experts selected")
    OPINIONS = "opinions", _("Opinions gathered")
    DRAFTING = "drafting", _("Opinion drafted")
    REVIEW = "review", _("Under review")
    SENT = "sent", _("Signed and sent")
    ANSWERED = "answered", _("Requester answered")
    CLOSED = "closed", _("Dossier closed")


# The workflow (issue 15): received → completeness check → accepted / declined (a reply letter) → cost estimate →
# experts selected → opinions gathered → draft opinion → review (back to drafting if the reviewer asks) → signed and
# sent → the requester's answer → closed. A declined dossier, or one whose requester never answers, is closed.
DOSSIER_TRANSITIONS: dict[str, set[str]] = {
    DossierStatus.RECEIVED: {DossierStatus.CHECKING},
    DossierStatus.CHECKING: {DossierStatus.ACCEPTED, DossierStatus.DECLINED},
    DossierStatus.ACCEPTED: {DossierStatus.ESTIMATED},
    DossierStatus.DECLINED: {DossierStatus.CLOSED},
    DossierStatus.ESTIMATED: {DossierStatus.EXPERTS},
    DossierStatus.EXPERTS: {DossierStatus.OPINIONS},
    DossierStatus.OPINIONS: {DossierStatus.DRAFTING},
    DossierStatus.DRAFTING: {DossierStatus.REVIEW},
    DossierStatus.REVIEW: {DossierStatus.SENT, DossierStatus.DRAFTING},
    DossierStatus.SENT: {DossierStatus.ANSWERED, DossierStatus.CLOSED},
    DossierStatus.ANSWERED: {DossierStatus.CLOSED},
    DossierStatus.CLOSED: set(),
}

# Steps with no deadline: the dossier waits on nobody of the union.
ENDED = frozenset({DossierStatus.CLOSED})
# The opinion has gone out: the dossier counts as answered in the figures.
OPINION_SENT = frozenset({DossierStatus.SENT, DossierStatus.ANSWERED, DossierStatus.CLOSED})


class ProfileScope(models.TextChoices):
    PROVINCIAL = "provincial", _("Provincial rules")
    NATIONAL = "national", _("National rules")


class RegulationProfile(TimeStampedModel):
    """How many days each step of a dossier may take, under one set of rules. The shipped profiles (`org` empty:
    the provincial and the national rules, migration 0002) are read by every union; a union that edits one edits its
    own copy (`services.profile_save`), which its new dossiers then follow. `days` maps a status to the days allowed
    to leave it; a status it does not name has no deadline."""

    org = models.ForeignKey(
        Org, null=True, blank=True, on_delete=models.PROTECT, related_name="review_profiles", verbose_name=_("union")
    )
    scope = models.CharField(_("rules"), max_length=12, choices=ProfileScope.choices)
    name = models.CharField(_("name"), max_length=200)
    days = models.JSONField(_("days allowed per step"), default=dict)

    class Meta:
        verbose_name = _("regulation profile")
        verbose_name_plural = _("regulation profiles")
        ordering = ["org_id", "scope", "id"]
        constraints = [
            models.UniqueConstraint(fields=["org", "scope"], name="reviews_profile_one_per_union_scope"),
            models.UniqueConstraint(
                fields=["scope"], condition=Q(org__isnull=True), name="reviews_profile_one_shipped_per_scope"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def days_for(self, status: str) -> int | None:
        value = self.days.get(status)
        return int(value) if value is not None else None


def _money(label: Any, **extra: Any) -> models.DecimalField:
    # Whole đồng, as finance keeps them.
    return models.DecimalField(label, max_digits=16, decimal_places=0, validators=[MinValueValidator(0)], **extra)


class Dossier(RecordedModel):
    """A request for advice, critique or assessment (or a subject the node took up itself), held by a node."""

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="dossiers", verbose_name=_("unit"))
    kind = models.CharField(_("kind"), max_length=15, choices=DossierKind.choices)
    origin = models.CharField(_("origin"), max_length=10, choices=Origin.choices, default=Origin.REQUESTED)
    title = models.CharField(_("subject"), max_length=500)
    title_folded = models.CharField(max_length=500, editable=False, default="")
    requester_type = models.CharField(_("requester type"), max_length=20, choices=RequesterType.choices, blank=True)
    requester_name = models.CharField(_("requester"), max_length=255, blank=True)
    requester_folded = models.CharField(max_length=255, editable=False, default="")  # for the board's word search
    subject_type = models.CharField(_("subject type"), max_length=15, choices=SubjectType.choices)
    subject_number = models.CharField(_("document number"), max_length=100, blank=True)
    subject_date = models.DateField(_("document date"), null=True, blank=True)
    subject_level = models.CharField(_("level"), max_length=10, choices=SubjectLevel.choices, blank=True)
    # Optional scale of a project.
    project_group = models.CharField(_("project group"), max_length=10, choices=ProjectGroup.choices, blank=True)
    area_ha = models.DecimalField(
        _("area (ha)"), max_digits=12, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    households = models.PositiveIntegerField(_("households affected"), null=True, blank=True)
    confidential = models.BooleanField(_("confidential (mật)"), default=False)
    # The request letter, and when the opinion is asked for.
    received_on = models.DateField(_("received on"))
    request_number = models.CharField(_("request letter number"), max_length=100, blank=True)
    request_date = models.DateField(_("request letter date"), null=True, blank=True)
    answer_due = models.DateField(_("opinion due by"), null=True, blank=True)
    profile = models.ForeignKey(
        RegulationProfile,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dossiers",
        verbose_name=_("regulation profile"),
    )
    status = models.CharField(_("status"), max_length=10, choices=DossierStatus.choices, default=DossierStatus.RECEIVED)
    # When the dossier entered its status, and the day its profile gives that step to be left by.
    status_since = models.DateField(_("in this step since"))
    due_on = models.DateField(_("step due by"), null=True, blank=True)
    # The reply to the request (accepted or declined).
    reply_number = models.CharField(_("reply letter number"), max_length=100, blank=True)
    reply_date = models.DateField(_("reply letter date"), null=True, blank=True)
    decline_reason = models.TextField(_("why declined"), blank=True)
    # How the opinions were gathered.
    by_written = models.BooleanField(_("written opinions"), default=False)
    by_council = models.BooleanField(_("council"), default=False)
    by_workshop = models.BooleanField(_("workshop"), default=False)
    # The signed opinion.
    opinion_number = models.CharField(_("opinion number"), max_length=100, blank=True)
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    proposals = models.PositiveIntegerField(_("proposals made"), null=True, blank=True)
    # The requester's answer.
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    proposals_taken_up = models.PositiveIntegerField(_("proposals taken up"), null=True, blank=True)
    taken_up = models.TextField(_("what was taken up"), blank=True)
    explained = models.TextField(_("what was explained"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        ordering = ["-received_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(proposals_taken_up__isnull=True)
                | Q(proposals__isnull=True)
                | Q(proposals_taken_up__lte=models.F("proposals")),
                name="reviews_taken_up_within_proposals",
            ),
            models.CheckConstraint(
                condition=Q(origin="self") | ~Q(requester_name=""), name="reviews_requested_has_requester"
            ),
        ]
        indexes = [
            # The union's board: its dossiers by status, newest first.
            models.Index(fields=["org", "status", "-received_on"], name="reviews_dossier_board"),
            # The board's deadline filter and the reminders: open steps by their due day.
            models.Index(fields=["due_on"], name="reviews_dossier_due", condition=Q(due_on__isnull=False)),
            # Figures: a node's dossiers by the day they came in.
            models.Index(fields=["org", "received_on"], name="reviews_dossier_by_date"),
            # The board's page, newest first (keyset on received_on, the id breaking ties): the national board reads
            # its 50 rows from here instead of sorting 100,000. The unit, step, kind and due day ride along, so the
            # page's ids are read from the index alone (core.paging `keys_first`): a province's board, overdue or
            # not, skips the other provinces' dossiers in the index instead of in the table (11,445 buffers → 199
            # for the overdue filter at 100,000 dossiers, docs/benchmarks.md "Session 12").
            models.Index(
                fields=["-received_on", "-id", "org", "status", "kind", "due_on"], name="reviews_dossier_newest"
            ),
            # The board's counts by step and overdue, in one pass over the units' index entries (index-only).
            models.Index(fields=["org", "status", "due_on"], name="reviews_dossier_counts"),
        ]

    def __str__(self) -> str:
        # What lists outside the dossier page print (the admin, a figure's records): a confidential subject is not
        # among them.
        if self.confidential:
            return str(_("Confidential dossier #%(id)s") % {"id": self.pk})
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("reviews:detail", args=[self.pk])

    def is_overdue(self, today: dt.date) -> bool:
        return self.due_on is not None and today > self.due_on


def step_due(profile: RegulationProfile | None, status: str, since: dt.date) -> dt.date | None:
    """The day a step begun on `since` should be left by under `profile` (None: no deadline for that step). Set on
    the dossier when the step begins: a union that changes its rules later changes the deadlines of the steps begun
    after."""
    if status in ENDED or profile is None:
        return None
    days = profile.days_for(status)
    return None if days is None else since + dt.timedelta(days=days)


class DossierExpert(ExpertAssignment, ConflictDeclarationBase, TimeStampedModel):
    """An expert of the registry on a dossier: when assigned and removed, what they declared of their links with the
    requester or the subject (`ConflictDeclarationBase`), what the registry detected (`detected`: the reasons of
    `experts.conflicts.detect`), the officer's reason for keeping them despite a conflict, and the grant that lets
    their account open the dossier (`orgs.grants`, revoked on removal and when the dossier closes)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="experts")
    expert = models.ForeignKey(
        "experts.Expert", on_delete=models.PROTECT, related_name="+", verbose_name=_("assigned expert")
    )
    # The expert's deadline, set by the officer when picking them and changed since: their access (the grant) ends
    # that day, their assignments page shows it and they are reminded before it (reviews/reminders.py).
    ends_on = models.DateField(_("until"), null=True, blank=True)
    removed_reason = models.CharField(_("why removed"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("expert on a dossier")
        verbose_name_plural = _("experts on a dossier")
        ordering = ["dossier", "assigned_on", "id"]
        constraints = [one_open("dossier", "expert", end="removed_on", name="reviews_expert_once")]
        # An expert's history (the registry's page): their assignments, newest first.
        indexes = [models.Index(fields=["expert", "-assigned_on"], name="reviews_expert_history")]

    def __str__(self) -> str:
        return f"{self.expert_id} → {self.dossier_id}"


class DossierEventKind(models.TextChoices):
    CREATE = "create", _("Dossier registered")
    UPDATE = "update", _("Dossier changed")
    MOVE = "move", _("Moved to the next step")
    EXPERT_ADD = "expert_add", _("Expert assigned")
    EXPERT_REMOVE = "expert_remove", _("Expert removed")
    EXPERT_END = "expert_end", _("Expert's end date changed")
    CONFLICT = "conflict", _("Conflict declared")
    OVERRIDE = "override", _("Conflict overridden")
    COST = "cost", _("Cost line recorded")
    COST_PAID = "cost_paid", _("Cost paid")
    PROFILE = "profile", _("Regulation profile changed")
    PLAN = "plan", _("Yearly plan set")


class DossierEvent(HeldRecordEvent):
    """A change of a dossier or of what hangs on it (an expert's assignment, a cost line: `target`), on the node
    that holds it (its audit trail) and the dossier (its history)."""

    dossier = models.ForeignKey(Dossier, null=True, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=DossierEventKind.choices)
    # An expert may be a member: their name, and the free text of a conflict, an override, a decline or an answer,
    # may name one. Requesters are bodies, not persons; statuses, dates, numbers and amounts carry nothing.
    personal_data = PersonalData(
        texts={
            "expert",
            "reason",
            "text",
            "note",
            "decline_reason",
            "taken_up",
            "explained",
            "before",
            "after",
            "detected",
        },
        others={"requester_name", "reply_number", "reply_date"},
        about=lambda person_id: Q(
            target="expert", target_id__in=DossierExpert.objects.filter(expert__person_id=person_id).values("pk")
        ),  # an expert who is a member: the rows of their assignments are about them
    )

    class Meta(HeldRecordEvent.Meta):
        verbose_name = _("dossier event")
        verbose_name_plural = _("dossier events")
        indexes = [
            models.Index(fields=["target", "target_id", "at"], name="reviews_event_target"),
            models.Index(fields=["dossier", "at"], name="reviews_event_history"),
        ]


class CostItem(models.TextChoices):
    """The items the finance rules for consultancy name (Circular 45/2022/TT-BTC's lines, in the office's words)."""

    EXPERT_OPINION = "expert_opinion", _("Expert opinions")
    COUNCIL = "council", _("Council sessions")
    WORKSHOP = "workshop", _("Workshops")
    SURVEY = "survey", _("Surveys")
    DRAFTING = "drafting", _("Drafting the opinion")
    OTHER = "other", _("Other costs")


class CostLine(TimeStampedModel):
    """One item of a dossier's cost: planned (the estimate) and, once paid, what was paid and the finance spending
    line it was posted as (`spending`: the union's books hold the money, the dossier the reason)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="costs")
    item = models.CharField(_("item"), max_length=15, choices=CostItem.choices)
    description = models.CharField(_("description"), max_length=255, blank=True)
    planned = _money(_("planned (đồng)"))
    paid = _money(_("paid (đồng)"), null=True, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    spending = models.OneToOneField(
        "finance.Spending", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("cost line")
        verbose_name_plural = _("cost lines")
        ordering = ["dossier", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(paid__isnull=True, paid_on__isnull=True) | Q(paid__gt=0, paid_on__isnull=False),
                name="reviews_cost_paid_with_date",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_item_display()} {self.planned}"


class ReviewPlan(TimeStampedModel):
    """A node's yearly plan of consultancy (chương trình, kế hoạch TVPB hằng năm): how many topics it means to take
    up, against which the dossiers it received that year are counted."""

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="review_plans", verbose_name=_("unit"))
    year = models.PositiveSmallIntegerField(_("year"))
    topics = models.PositiveSmallIntegerField(_("topics planned"))
    note = models.TextField(_("topics named in the plan"), blank=True)

    class Meta:
        verbose_name = _("consultancy plan")
        verbose_name_plural = _("consultancy plans")
        ordering = ["org", "-year"]
        constraints = [models.UniqueConstraint(fields=["org", "year"], name="reviews_plan_one_per_year")]

    def __str__(self) -> str:
        return f"{self.org_id} {self.year}"
