"""Campaigns (đợt báo cáo) and the submissions that answer them (REPORTING.md §5.6).

A campaign belongs to the union that asks (`org`, the requester); it covers the units directly under it of the
kinds its scope names, as the tree stood on the cut-off date (`as_of`), and holds one `Submission` per unit. Both
move along a transition table (`CAMPAIGN_TRANSITIONS`, `SUBMISSION_TRANSITIONS`), one service per move, each
writing an event row (`CampaignEvent`, `SubmissionEvent`).

A campaign's `form` is plain JSON, checked by `campaigns.forms_schema.clean_form`:
    {"figures": [{"key": "members.count", "params": {}}],
     "sections": [{"key": "training", "title": "…", "questions": ["…"]}],
     "attachments": [{"key": "plan", "title": "…"}]}
A submission's `figures` are keyed by the figure's slot (`slot(key, params)`), each
    {"computed": v | None, "value": v | None, "reason": "", "estimate": false}
and its `narratives` by section key.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lienhiep.core.models import RecordedModel, TimeStampedModel
from lienhiep.core.redaction import PersonalData
from lienhiep.orgs.models import Org, RecordEvent


class CampaignKind(models.TextChoices):
    HALF_YEAR = "half_year", _("Half-year report")
    ANNUAL = "annual", _("Annual report")
    CUSTOM = "custom", _("Custom form")


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    LOCKED = "locked", _("Locked")
    CANCELLED = "cancelled", _("Cancelled")


CAMPAIGN_TRANSITIONS: dict[str, set[str]] = {
    CampaignStatus.DRAFT: {CampaignStatus.OPEN, CampaignStatus.CANCELLED},
    CampaignStatus.OPEN: {CampaignStatus.CLOSED, CampaignStatus.CANCELLED},
    CampaignStatus.CLOSED: {CampaignStatus.OPEN, CampaignStatus.LOCKED},
    CampaignStatus.LOCKED: set(),
    CampaignStatus.CANCELLED: set(),
}


class SubmissionStatus(models.TextChoices):
    PENDING = "pending", _("Not started")
    DRAFT = "draft", _("Being filled")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for correction")
    ACCEPTED = "accepted", _("Accepted")
    LOCKED = "locked", _("Locked")
    EXEMPT = "exempt", _("Exempt")


# REPORTING.md §5.6, with two moves added: a pre-filled submission may be sent as it stands (pending → submitted),
# and a unit that began filling may still be exempted (draft → exempt).
SUBMISSION_TRANSITIONS: dict[str, set[str]] = {
    SubmissionStatus.PENDING: {SubmissionStatus.DRAFT, SubmissionStatus.SUBMITTED, SubmissionStatus.EXEMPT},
    SubmissionStatus.DRAFT: {SubmissionStatus.SUBMITTED, SubmissionStatus.EXEMPT},
    SubmissionStatus.SUBMITTED: {SubmissionStatus.RETURNED, SubmissionStatus.ACCEPTED},
    SubmissionStatus.RETURNED: {SubmissionStatus.DRAFT, SubmissionStatus.SUBMITTED},
    SubmissionStatus.ACCEPTED: {SubmissionStatus.RETURNED, SubmissionStatus.LOCKED},
    SubmissionStatus.LOCKED: set(),
    SubmissionStatus.EXEMPT: {SubmissionStatus.PENDING},
}

# The unit may write in these (the secretary's page offers the form).
FILLABLE = frozenset({SubmissionStatus.PENDING, SubmissionStatus.DRAFT, SubmissionStatus.RETURNED})
# The unit has answered (no reminder goes to it, it is not late any more).
ANSWERED = frozenset({SubmissionStatus.SUBMITTED, SubmissionStatus.ACCEPTED, SubmissionStatus.LOCKED})
# Still owed by the unit: reminders go to these.
OWED = FILLABLE

DEFAULT_REMINDERS = {"before_days": [7, 2], "overdue_every_days": 2, "overdue_max": 5}
# A child campaign's deadline comes this many days before its parent's (REPORTING.md §5.6, 2).
CHILD_LEAD_DAYS = 5


def default_reminders() -> dict[str, Any]:
    return {"before_days": [7, 2], "overdue_every_days": 2, "overdue_max": 5}


def default_form() -> dict[str, Any]:
    return {"figures": [], "sections": [], "attachments": []}


def slot(key: str, params: dict[str, Any] | None = None) -> str:
    """The name of a form's figure in a submission: its key, with its parameters if it has any
    ("activities.count|kind=training")."""
    if not params:
        return key
    return key + "|" + "&".join(f"{name}={params[name]}" for name in sorted(params))


class Campaign(RecordedModel):
    """A request for reports sent down the tree by a union (`org`)."""

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="campaigns", verbose_name=_("requester"))
    kind = models.CharField(_("kind"), max_length=20, choices=CampaignKind.choices)
    title = models.CharField(_("title"), max_length=255)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    as_of = models.DateField(_("cut-off date"))
    estimates_allowed = models.BooleanField(_("estimates allowed"), default=False)
    deadline = models.DateTimeField(_("deadline"))
    request_number = models.CharField(_("request letter number"), max_length=50, blank=True)
    request_date = models.DateField(_("request letter date"), null=True, blank=True)
    instructions = models.TextField(_("instructions"), blank=True)
    form = models.JSONField(default=default_form)
    # {"kinds": ["association", "district"], "depth": 1}: the units directly under the requester of these kinds.
    scope = models.JSONField(default=dict)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name=_("answers")
    )
    status = models.CharField(_("status"), max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT)
    reminders = models.JSONField(default=default_reminders)

    class Meta:
        verbose_name = _("reporting campaign")
        verbose_name_plural = _("reporting campaigns")
        ordering = ["-deadline", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(period_start__lte=models.F("period_end")), name="campaigns_period"),
            models.CheckConstraint(condition=~Q(parent=models.F("id")), name="campaigns_not_own_parent"),
        ]
        indexes = [models.Index(fields=["org", "-deadline"], name="campaigns_of_org")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("campaigns:detail", args=[self.pk])


class Submission(TimeStampedModel):
    """One unit's answer to a campaign."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="submissions")
    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="submissions", verbose_name=_("unit"))
    status = models.CharField(
        _("status"), max_length=10, choices=SubmissionStatus.choices, default=SubmissionStatus.PENDING
    )
    # The campaign's deadline, or the unit's extension (each one an `Extension` row and an event).
    due = models.DateTimeField(_("due"))
    figures = models.JSONField(default=dict)
    narratives = models.JSONField(default=dict)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The first time the unit submitted: the unit's timeliness is read from it, whatever came after.
    first_submitted_at = models.DateTimeField(null=True, blank=True)
    returned_comment = models.TextField(_("comment on return"), blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    exempt_reason = models.CharField(_("why exempt"), max_length=255, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(_("reminders sent"), default=0)
    # How many times it was submitted (a resubmission after a return is the next version).
    version = models.PositiveSmallIntegerField(default=0)
    prefilled_at = models.DateTimeField(null=True, blank=True)

    # What a report's fingerprint stamps for a figure summed from accepted submissions: when each was accepted
    # (its figures settled), not `updated_at`, which the campaign's lock and reminders move too.
    fingerprint_stamp = "accepted_at"

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["campaign", "id"]
        constraints = [models.UniqueConstraint(fields=["campaign", "org"], name="campaigns_one_submission")]
        indexes = [
            models.Index(fields=["org", "status"], name="campaigns_submission_of_org"),
            models.Index(fields=["status", "due"], name="campaigns_submission_owed"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign.title}: {self.org.name}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("campaigns:submission", args=[self.pk])

    def days_late(self, *, now: dt.datetime | None = None) -> int:
        """Whole days past `due`: when it was first submitted, or now while it is still owed (0 if on time or
        exempt)."""
        if self.status == SubmissionStatus.EXEMPT:
            return 0
        moment = self.first_submitted_at or (now or timezone.now())
        if moment <= self.due:
            return 0
        return max((timezone.localdate(moment) - timezone.localdate(self.due)).days, 1)


class Extension(models.Model):
    """A later deadline granted to one unit (REPORTING.md §5.6: "per-unit extensions (logged)")."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="extensions")
    due_before = models.DateTimeField()
    due = models.DateTimeField(_("new deadline"))
    reason = models.CharField(_("why"), max_length=255)
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("extension")
        verbose_name_plural = _("extensions")
        ordering = ["granted_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(due__gt=models.F("due_before")), name="campaigns_extension_later")
        ]

    def __str__(self) -> str:
        return f"{self.submission_id} → {self.due:%Y-%m-%d}"


class Attachment(TimeStampedModel):
    """A file a unit sends with its submission, for one of the attachments the campaign asks for (`item`), checked by
    `core.files` and stored under a generated name."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="attachments")
    item = models.CharField(max_length=50)
    name = models.CharField(_("file name"), max_length=255)
    stored = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100, default="application/octet-stream")
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.name


class CampaignEventKind(models.TextChoices):
    CREATE = "create", _("Campaign created")
    OPEN = "open", _("Campaign opened")
    CLOSE = "close", _("Campaign closed")
    REOPEN = "reopen", _("Campaign reopened")
    LOCK = "lock", _("Campaign locked")
    CANCEL = "cancel", _("Campaign cancelled")


class CampaignEvent(RecordEvent):
    """A change of a campaign: its history and the requester's audit trail."""

    record_field = "campaign"

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=CampaignEventKind.choices)
    # Titles, dates, counts and statuses: nothing of a member.
    personal_data = PersonalData()

    class Meta(RecordEvent.Meta):
        verbose_name = _("campaign event")
        verbose_name_plural = _("campaign events")
        indexes = [models.Index(fields=["campaign", "at"], name="campaigns_event_history")]


class SubmissionEventKind(models.TextChoices):
    PREFILL = "prefill", _("Filled from records")
    SAVE = "save", _("Saved")
    SUBMIT = "submit", _("Submitted")
    RETURN = "return", _("Returned for correction")
    ACCEPT = "accept", _("Accepted")
    LOCK = "lock", _("Locked")
    EXEMPT = "exempt", _("Exempted")
    UNEXEMPT = "unexempt", _("Exemption withdrawn")
    EXTEND = "extend", _("Deadline extended")
    ATTACH = "attach", _("File attached")
    CHILD = "child", _("Campaign opened for its units")


class SubmissionEvent(RecordEvent):
    """A change of a submission, on the unit that answers (its audit trail) and the campaign (the board's last
    change)."""

    record_field = "submission"

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=SubmissionEventKind.choices)
    # A unit's news, the officer's comment and the reasons given (a changed figure's too, under "figures") are free
    # text that may name a member; "computed" holds only the registry's numbers under their keys.
    personal_data = PersonalData(texts={"narratives", "comment", "reason", "figures"}, others={"computed"})

    class Meta(RecordEvent.Meta):
        verbose_name = _("submission event")
        verbose_name_plural = _("submission events")
        indexes = [models.Index(fields=["submission", "at"], name="campaigns_submission_history")]
