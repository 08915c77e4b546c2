"""Reports: templates, documents of sections and blocks, the figure values behind their tokens (REPORTING.md §5.4),
their life (§5.5: `REPORT_TRANSITIONS`), their events and the register of document numbers.

A report copies its template's sections and blocks when it is created, so a template changed later (a new shipped
version, a union's own edit) changes no report. A block's `content` is the JSON of the template schema
(`reporting.schema`); a figure printed in it is a token, never a typed number. While a report is a draft or in
review its figures are computed on every read; approving it stores one `FigureValue` per token (frozen), and every
later reading prints those.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lienhiep.core.models import BackgroundWork, TimeStampedModel
from lienhiep.core.redaction import PersonalData
from lienhiep.orgs.models import Org, RecordEvent
from lienhiep.reporting.document import number_line


class ReportKind(models.TextChoices):
    TERM = "term", _("Term report")
    SELF_REVIEW = "self_review", _("Executive committee self-review")
    ANNUAL = "annual", _("Annual report")
    HALF_YEAR = "half_year", _("Half-year report")


class ReportStyle(models.TextChoices):
    # The full ND 30/2020 head, a number, a signature and "Nơi nhận".
    ADMINISTRATIVE = "administrative", _("Administrative document")
    # The issuing body only, the collective author, no number and no "Nơi nhận" (seeds 000 and 002).
    CONGRESS = "congress", _("Congress document")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("In review")
    # Its figures being frozen in the background (a national report's take seconds): not editable meanwhile.
    APPROVING = "approving", _("Being approved")
    APPROVED = "approved", _("Approved")
    ISSUED = "issued", _("Issued")
    SUPERSEDED = "superseded", _("Superseded")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# The moves a report may make (REPORTING.md §5.5); one service makes each one and refuses the others.
# approved → draft is a new version: a new Report with `previous` set, the approved one kept as it is.
REPORT_TRANSITIONS: dict[str, set[str]] = {
    # A small union may approve without a review; a large one's approval runs in the background ("approving"), and
    # goes back to review if it fails.
    ReportStatus.DRAFT: {ReportStatus.REVIEW, ReportStatus.APPROVED, ReportStatus.APPROVING},
    ReportStatus.REVIEW: {ReportStatus.DRAFT, ReportStatus.APPROVED, ReportStatus.APPROVING},
    ReportStatus.APPROVING: {ReportStatus.APPROVED, ReportStatus.REVIEW},
    ReportStatus.APPROVED: {ReportStatus.ISSUED, ReportStatus.DRAFT},
    ReportStatus.ISSUED: {ReportStatus.SUPERSEDED, ReportStatus.WITHDRAWN},
    ReportStatus.SUPERSEDED: set(),
    ReportStatus.WITHDRAWN: set(),
}

# Figures are computed on every read in these; stored (frozen) in every other.
LIVE_STATUSES = frozenset({ReportStatus.DRAFT, ReportStatus.REVIEW, ReportStatus.APPROVING})
# Blocks, head, sections and overrides may change in these (not while the figures are being frozen).
EDITABLE_STATUSES = frozenset({ReportStatus.DRAFT, ReportStatus.REVIEW})
# Readable by anyone under the report's unit (§5.8: "everyone else sees issued reports").
PUBLISHED_STATUSES = frozenset({ReportStatus.ISSUED, ReportStatus.SUPERSEDED})


class BlockKind(models.TextChoices):
    TEXT = "text", _("Text")
    LIST = "list", _("List from records")
    TABLE = "table", _("Table")
    TARGETS = "targets", _("Congress targets")
    CONTEXT = "context", _("Figure entered by hand")
    FOOTNOTE = "footnote", _("Footnote")
    CHART = "chart", _("Chart")
    PAGE_BREAK = "page_break", _("Page break")


class FigureSource(models.TextChoices):
    RECORDS = "records", _("Counted from records")
    SUBMISSIONS = "submissions", _("From submissions")
    MANUAL = "manual", _("Entered by hand")
    OPENING = "opening", _("Opening balance")


class ReportTemplate(TimeStampedModel):
    """The structure a report starts from: its head defaults and its sections with their default blocks. A shipped
    template (`org` null) is loaded from `reporting/shipped/<key>.json` by `services.templates_sync`; a union's own
    copy (`org` set, `services.template_copy`) it may adapt. `structure` is the checked JSON (`reporting.schema`)."""

    key = models.SlugField(_("key"), max_length=60)
    kind = models.CharField(pgettext_lazy("report", "kind"), max_length=20, choices=ReportKind.choices)
    name = models.CharField(_("name"), max_length=255)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    org = models.ForeignKey(
        Org, null=True, blank=True, on_delete=models.PROTECT, related_name="report_templates", verbose_name=_("unit")
    )
    copied_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    style = models.CharField(_("style"), max_length=20, choices=ReportStyle.choices)
    skin = models.CharField(_("Word skin"), max_length=60, blank=True)
    structure = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("report template")
        verbose_name_plural = _("report templates")
        ordering = ["kind", "name", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["key", "version"], condition=Q(org__isnull=True), name="reporting_template_shipped_once"
            ),
            models.UniqueConstraint(
                fields=["org", "key", "version"], condition=Q(org__isnull=False), name="reporting_template_own_once"
            ),
        ]
        indexes = [models.Index(fields=["org", "kind"], name="reporting_template_by_org")]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"


class Report(TimeStampedModel):
    """One version of one report of a unit. Its head (superior body, issuing body, place, summary, signature,
    recipients) is filled from the unit and the template when created and editable; its body is its sections."""

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="reports", verbose_name=_("unit"))
    kind = models.CharField(pgettext_lazy("report", "kind"), max_length=20, choices=ReportKind.choices)
    template = models.ForeignKey(ReportTemplate, on_delete=models.PROTECT, related_name="reports")
    template_version = models.PositiveSmallIntegerField()
    congress = models.ForeignKey(
        "governance.Congress", null=True, blank=True, on_delete=models.PROTECT, related_name="reports"
    )
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("until"))
    as_of = models.DateField(_("figures as of"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    previous = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="next_versions")
    status = models.CharField(_("status"), max_length=12, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    style = models.CharField(_("style"), max_length=20, choices=ReportStyle.choices)
    part_words = models.BooleanField(default=True)  # "Phần thứ nhất" (the seeds) or "Phần I" (ND 30)
    draft_mark = models.BooleanField(_("“DỰ THẢO” mark"), default=False)
    doc_type = models.CharField(_("document type"), max_length=60, default="BÁO CÁO")
    summary = models.TextField(_("summary"))
    superior_line = models.CharField(_("superior body"), max_length=255, blank=True)
    issuer_line = models.CharField(_("issuing body"), max_length=255)
    place_name = models.CharField(_("place"), max_length=100, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    symbol = models.CharField(_("symbol"), max_length=30, blank=True)  # "BC-LHH"
    authority = models.CharField(_("signing authority"), max_length=120, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=120, blank=True)
    signer = models.ForeignKey(
        "members.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("signer")
    )
    signer_name = models.CharField(_("signer's name"), max_length=255, blank=True)
    collective_author = models.CharField(_("collective author"), max_length=255, blank=True)
    recipients = models.JSONField(_("recipients"), default=list, blank=True)
    approved_meeting = models.ForeignKey(
        "governance.Meeting", null=True, blank=True, on_delete=models.PROTECT, related_name="approved_reports"
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    frozen_at = models.DateTimeField(null=True, blank=True)
    # Files under MEDIA_ROOT/reports/ (core/files.py), written when issued.
    docx = models.CharField(max_length=255, blank=True)
    xlsx = models.CharField(max_length=255, blank=True)
    pdf = models.CharField(max_length=255, blank=True)
    files_sha256 = models.JSONField(default=dict, blank=True)  # {"docx": "…", "xlsx": "…", "pdf": "…"}
    signed_scan = models.CharField(max_length=255, blank=True)
    # What the nightly drift check found: the figures whose records changed since approval.
    drift = models.JSONField(default=list, blank=True)
    drift_checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-period_end", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(period_start__lte=F("period_end")), name="reporting_report_period"),
            models.CheckConstraint(condition=Q(as_of__lte=F("period_end")), name="reporting_report_as_of"),
        ]
        indexes = [
            models.Index(fields=["org", "kind", "period_end"], name="reporting_report_by_org"),
            models.Index(fields=["status"], name="reporting_report_by_status"),
        ]

    def __str__(self) -> str:
        return f"{self.summary.splitlines()[0] if self.summary else self.get_kind_display()} (v{self.version})"

    @property
    def live(self) -> bool:
        return self.status in LIVE_STATUSES

    @property
    def editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def number_line(self) -> str:
        """ "Số: 05/BC-LHH" once numbered, else ""."""
        return number_line(self.number, self.symbol)


class ReportSection(models.Model):
    """A heading of the report and its blocks; `key` is stable across versions and templates ("p1.i.2")."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="sections")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    order = models.PositiveSmallIntegerField()
    key = models.CharField(max_length=60)
    level = models.PositiveSmallIntegerField()  # 0 part, 1 "I.", 2 "1.", 3 "1.1."
    title = models.CharField(_("title"), max_length=500)
    included = models.BooleanField(_("included"), default=True)
    guidance = models.TextField(_("guidance"), blank=True)

    class Meta:
        ordering = ["report", "order"]
        constraints = [models.UniqueConstraint(fields=["report", "key"], name="reporting_section_key_once")]

    def __str__(self) -> str:
        return self.title


class Block(models.Model):
    section = models.ForeignKey(ReportSection, on_delete=models.CASCADE, related_name="blocks")
    order = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=12, choices=BlockKind.choices)
    content = models.JSONField(default=dict, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["section", "order"]
        indexes = [models.Index(fields=["section", "order"], name="reporting_block_in_section")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.order}"


class FigureValue(models.Model):
    """The number behind one token of an approved report (one per report, key, parameters and scope): computed
    once when approved, never again; `fingerprint` lets the drift check tell whether its records changed since.
    An override (with its reason) prints instead of the value; both stay in the annex."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="figures")
    key = models.CharField(max_length=60)
    params = models.JSONField(default=dict, blank=True)
    params_hash = models.CharField(max_length=64)
    scope = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+")
    start = models.DateField()
    end = models.DateField()
    as_of = models.DateField()
    source = models.CharField(max_length=12, choices=FigureSource.choices, default=FigureSource.RECORDS)
    value = models.JSONField(null=True, blank=True)
    basis = models.TextField(blank=True)
    record_ids = models.JSONField(null=True, blank=True)
    # The model `record_ids` are rows of ("campaigns.Submission" for a figure summed from a campaign; empty before
    # it was kept, or for ids of nothing known).
    records = models.CharField(max_length=60, blank=True, default="")
    computed_at = models.DateTimeField(null=True, blank=True)
    # What the figure said of its value when frozen (`FigureResult.notes`: where a prize table does not add up).
    notes = models.JSONField(default=list, blank=True)
    fingerprint = models.CharField(max_length=64, blank=True)
    override = models.JSONField(null=True, blank=True)
    override_reason = models.TextField(_("reason"), blank=True)
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    estimate = models.BooleanField(_("estimate"), default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "key", "params_hash"], name="reporting_one_value"),
            models.CheckConstraint(
                condition=Q(override__isnull=True) | ~Q(override_reason=""), name="reporting_override_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return self.key


class BlockRevision(models.Model):
    """One edit of a block: who, when, its content before and after."""

    block = models.ForeignKey(Block, on_delete=models.CASCADE, related_name="revisions")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    before = models.JSONField()
    after = models.JSONField()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["block", "at"], name="reporting_revision_history")]

    def __str__(self) -> str:
        return f"{self.block_id} {self.at:%Y-%m-%d %H:%M}"


class ReportComment(models.Model):
    """A reviewer's comment on a block, resolved by whoever settles it."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="comments")
    block = models.ForeignKey(Block, null=True, blank=True, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["report", "resolved_at"], name="reporting_comment_open")]

    def __str__(self) -> str:
        return self.text[:80]


class ReportEventKind(models.TextChoices):
    CREATE = "create", _("Report created")
    EDIT = "edit", _("Block edited")
    HEAD = "head", _("Head edited")
    INCLUDE = "include", _("Section included or left out")
    COMMENT = "comment", _("Commented")
    RESOLVE = "resolve", _("Comment resolved")
    OVERRIDE = "override", _("Figure overridden")
    REVIEW = "review", _("Sent for review")
    RETURN = "return", _("Returned to draft")
    APPROVE = "approve", _("Approved")
    APPROVE_START = "approve_start", _("Approval started in the background")
    APPROVE_FAIL = "approve_fail", _("Approval failed")
    # The worker of a background approval or of a rendering stopped (its heartbeat went stale): run again, or given up.
    APPROVE_RETRY = "approve_retry", _("Approval run again")
    APPROVE_CANCEL = "approve_cancel", _("Approval cancelled")
    RENDER_RETRY = "render_retry", _("Writing of the files run again")
    RENDER_CANCEL = "render_cancel", _("Writing of the files cancelled")
    ISSUE = "issue", _("Issued")
    RENDER = "render", _("Files written")
    NEW_VERSION = "new_version", _("New version")
    SUPERSEDE = "supersede", _("Superseded")
    WITHDRAW = "withdraw", _("Withdrawn")
    SCAN = "scan", _("Signed scan uploaded")
    TEMPLATE = "template", _("Template copied")


class ReportEvent(RecordEvent):
    """A change of a report (or of a unit's templates): the report's history and the audit trail."""

    record_field = "report"

    report = models.ForeignKey(Report, null=True, blank=True, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=ReportEventKind.choices)
    # The signer: a member (a head's change) or their name as printed (an issue's). A block's text (`note`) is the
    # report's own, as written and issued: erasure does not rewrite documents of record, nor their history.
    personal_data = PersonalData(
        refs={"signer"},
        texts={"signer", "signer_name"},
        others={
            "collective_author",
            "congress",
            "meeting",
            "template",
            "name",
            "note",
            "by",
            "from",
            "previous",
            "version",
            "signer_title",
            "place_name",
        },  # fmt: skip
        about=lambda person_id: Q(report__signer=person_id),
    )

    class Meta(RecordEvent.Meta):
        verbose_name = _("report event")
        verbose_name_plural = _("report events")
        indexes = [models.Index(fields=["report", "at"], name="reporting_event_history")]


class DocumentNumber(models.Model):
    """The register of a unit's document numbers, one sequence a calendar year (ND 30/2020): a number is taken
    once, by the report issued with it (or by another document the unit issues: a dossier's opinion, which points
    at its row; `report` is then empty), and never given again, even if that report is withdrawn."""

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    seq = models.PositiveIntegerField()
    report = models.OneToOneField(
        Report, null=True, blank=True, on_delete=models.PROTECT, related_name="document_number"
    )
    taken_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["org", "year", "seq"], name="reporting_number_once")]

    def __str__(self) -> str:
        return f"{self.seq:02d}/{self.year}"


class IssuedDocument(TimeStampedModel):
    """A document a unit signs and issues besides its reports (a dossier's opinion, a contest's results decision):
    who signs it and whom it goes to, then once issued its number as printed, taken from the unit's register (a
    `DocumentNumber`, the sequence its reports take theirs from; none for one recorded as issued before the register
    was kept here) and its date (`services.document_issue`). It prints through `document.administrative`."""

    authority = models.CharField(_("signing on behalf of"), max_length=120, default="TM. BAN THƯỜNG VỤ", blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=120, default="CHỦ TỊCH", blank=True)
    signer_name = models.CharField(_("signer's name"), max_length=200, blank=True)
    recipients = models.TextField(_("recipients (Nơi nhận)"), blank=True, help_text=_("One a line."))
    number = models.OneToOneField(  # a register's number is one document's
        DocumentNumber, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    number_line = models.CharField(max_length=60, blank=True)  # "Số: 03/QĐ-LHH", as issued
    issued_on = models.DateField(_("issued on"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def issued(self) -> bool:
        """Issued here (a number of the register) or recorded as issued before (its number as printed)."""
        return bool(self.number_line)

    def recipient_lines(self, default: tuple[str, ...]) -> tuple[str, ...]:
        """Nơi nhận as it prints: a line each, or `default` where none is given."""
        return tuple(line.strip() for line in self.recipients.splitlines() if line.strip()) or default


class RenderStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    WRITING = "writing", _("Being written")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")
    # Its worker stopped (the heartbeat went stale, core.batches): then queued again, or given up.
    STOPPED = "stopped", _("Stopped")
    CANCELLED = "cancelled", _("Cancelled")


# The moves a rendering may make: queued → writing → done | failed as an export; a worker that stopped leaves it
# stopped, then queued again (a new attempt) or cancelled.
RENDER_TRANSITIONS: dict[str, set[str]] = {
    RenderStatus.QUEUED: {RenderStatus.WRITING, RenderStatus.FAILED, RenderStatus.STOPPED},
    RenderStatus.WRITING: {RenderStatus.DONE, RenderStatus.FAILED, RenderStatus.STOPPED},
    RenderStatus.DONE: set(),
    RenderStatus.FAILED: set(),
    RenderStatus.STOPPED: {RenderStatus.QUEUED, RenderStatus.CANCELLED},
    RenderStatus.CANCELLED: set(),
}


class Rendering(BackgroundWork, TimeStampedModel):
    """The background work of a report (a national report takes seconds): the page polls `percent`. `purpose`
    "issue" writes the issued report's own files (kept on the report, with their SHA-256); "preview" writes a
    draft's, for the user who asked, kept a day like an export (`RENDERING_KEEP`); "approve" freezes the figures of a
    report being approved (`services.approval_run`: a step per figure, no files). The task beats a heartbeat
    (`core.batches`): once it is stale its worker stopped, and the page offers to run it again or cancel it
    (`services.rendering_retry`, `rendering_cancel`)."""

    running_statuses = frozenset({RenderStatus.QUEUED, RenderStatus.WRITING})
    progress_field = "done_steps"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="renderings")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    purpose = models.CharField(max_length=10, default="preview")  # "issue" | "preview" | "approve"
    formats = models.JSONField(default=list)  # ["docx", "xlsx", "pdf"]
    language = models.CharField(max_length=10, default="vi")
    status = models.CharField(_("status"), max_length=10, choices=RenderStatus.choices, default=RenderStatus.QUEUED)
    steps = models.PositiveSmallIntegerField(default=0)
    done_steps = models.PositiveSmallIntegerField(default=0)
    files = models.JSONField(default=dict, blank=True)  # {"docx": stored name, …}
    sha256 = models.JSONField(default=dict, blank=True)
    names = models.JSONField(default=dict, blank=True)  # {"docx": the name to download it as, …}
    message = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["created_at"], name="reporting_rendering_age")]

    def __str__(self) -> str:
        return f"{self.report_id} {self.purpose} {self.status}"

    @property
    def percent(self) -> int:
        if self.status == RenderStatus.DONE:
            return 100
        return min(99, round(100 * self.done_steps / self.steps)) if self.steps else 0
