"""The member registry: persons, their membership spells, collective members, intellectual estimates.

A person's membership of a node is a dated spell; a transfer ends one spell and opens another, so
every figure can be counted as of any date over any subtree.
"""

from __future__ import annotations

import datetime as dt
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lienhiep.core.models import (
    BATCH_RUNNING,
    AuditEvent,
    BatchStatus,
    FileBatch,
    TimeStampedModel,
    ends_after,
    one_open,
    reason_iff_ended,
)
from lienhiep.core.redaction import PersonalData
from lienhiep.orgs.models import HeldRecordEvent, Org


class Gender(models.TextChoices):
    MALE = "m", _("Male")
    FEMALE = "f", _("Female")


class Education(models.TextChoices):
    DOCTORATE = "ts", _("Doctorate (TS)")
    MASTER = "ths", _("Master (ThS)")
    BACHELOR = "dh", _("University (ĐH)")
    COLLEGE = "cd", _("College (CĐ)")
    VOCATIONAL = "tc", _("Vocational (TC)")
    OTHER = "other", _("Other")


# Counted as intellectuals (trí thức): university graduates and above.
INTELLECTUAL_EDUCATION = (Education.DOCTORATE, Education.MASTER, Education.BACHELOR)


class AcademicTitle(models.TextChoices):
    PROFESSOR = "gs", _("Professor (GS)")
    ASSOCIATE = "pgs", _("Associate professor (PGS)")


class LeaveReason(models.TextChoices):
    TRANSFER = "transfer", _("Transferred")
    RETIREMENT = "retirement", _("Retired")
    RESIGNATION = "resignation", _("Resigned")
    DEATH = "death", _("Died")
    REMOVAL = "removal", _("Removed")
    RESTRUCTURING = "restructuring", _("Restructuring")
    ERASURE = "erasure", _("Data erased on request")


# The one answer to a citizen ID another person holds, whether the user may see that person or not: saying
# "someone has it" would tell a secretary that a number is on record in a province they cannot see.
ID_UNUSABLE = _(
    "This citizen ID number cannot be used here. If this is a person already on record in another unit, "
    "contact the office above."
)

cccd_validator = RegexValidator(r"^\d{12}$", _("A citizen ID number (CCCD) has exactly 12 digits."))


class Field(models.Model):
    """A field of expertise: a controlled list that system administrators extend in the admin."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("field of expertise")
        verbose_name_plural = _("fields of expertise")

    def __str__(self) -> str:
        return self.name


class Person(TimeStampedModel):
    full_name = models.CharField(_("full name"), max_length=150)
    name_folded = models.CharField(max_length=150, editable=False, db_index=True)
    name_sort = models.CharField(max_length=1200, editable=False)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    id_number = models.CharField(
        _("citizen ID (CCCD)"), max_length=12, null=True, blank=True, validators=[cccd_validator]
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    phone_digits = models.CharField(max_length=20, editable=False, blank=True, db_index=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    education = models.CharField(_("education"), max_length=10, choices=Education.choices, blank=True)
    academic_title = models.CharField(_("academic title"), max_length=5, choices=AcademicTitle.choices, blank=True)
    fields = models.ManyToManyField(Field, verbose_name=_("fields of expertise"), blank=True, related_name="persons")
    workplace = models.CharField(_("workplace"), max_length=255, blank=True)
    position = models.CharField(_("position"), max_length=150, blank=True)
    # Sensitive: shown only to roles allowed to see them.
    party_member = models.BooleanField(_("Party member"), null=True, blank=True)
    health_note = models.TextField(_("health"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    erased_at = models.DateTimeField(_("erased at"), null=True, blank=True)
    batch = models.ForeignKey(
        "ImportBatch", null=True, blank=True, on_delete=models.SET_NULL, related_name="persons", editable=False
    )
    # A record merged into another (`services.person_merge`): kept as a tombstone pointing at the one kept, with
    # no memberships left, until the merge is undone.
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="tombstones", editable=False
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        constraints = [
            models.UniqueConstraint(
                fields=["id_number"],
                condition=Q(id_number__isnull=False),
                name="members_person_id_number_unique",
                violation_error_message=ID_UNUSABLE,
            ),
        ]
        indexes = [
            models.Index(fields=["name_sort", "id"], name="members_person_by_name"),
            # The list filtered by education walks only that education's names: a province officer's
            # "ThS, 30-39" page went from p95 611 to 140 ms at a million persons (docs/benchmarks.md).
            models.Index(fields=["education", "name_sort", "id"], name="members_person_by_education"),
            # Its count reads the education's persons of the age band from this index alone (the ids are in
            # it), not every person of that education from the table: a province officer's "ThS, 30-39" count
            # read 111,000 persons' rows of the country for its 1,000 (docs/benchmarks.md, "Session 5").
            models.Index(fields=["education", "birth_date", "id"], name="members_person_edu_birth"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def masked_id(self) -> str:
        return mask_id(self.id_number)


def mask_id(value: str | None) -> str:
    """A citizen ID as shown to roles that may not see it: only the last four digits."""
    return f"{'•' * 8}{value[-4:]}" if value else ""


def digits(value: str) -> str:
    return re.sub(r"\D", "", value or "")


class Membership(TimeStampedModel):
    """A person's membership of one node, from `joined_on` until the day before `left_on`."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("association"))
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)
    leave_reason = models.CharField(_("why they left"), max_length=20, choices=LeaveReason.choices, blank=True)
    card_number = models.CharField(_("card number"), max_length=30, blank=True, db_index=True)
    batch = models.ForeignKey(
        "ImportBatch", null=True, blank=True, on_delete=models.SET_NULL, related_name="memberships"
    )
    # The person's `name_folded`, copied by the database (triggers of migration 0024, whoever writes): a unit's
    # members searched by name read the unit's own index entries, not the country's matches (decision 0012).
    name_folded = models.CharField(max_length=150, editable=False, blank=True, default="")
    # Whether the person has another membership (of any unit, any dates), kept by the database (triggers of
    # migrations 0031 and 0034, whoever writes; decision 0024): a province's breakdown, added up from its units',
    # looks for the persons counted in two of them among these rows alone, not among all its memberships.
    shared = models.BooleanField(editable=False, default=False)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            ends_after("joined_on", "left_on", name="members_membership_valid_range"),
            reason_iff_ended("left_on", "leave_reason", name="members_membership_reason_iff_left"),
            one_open("person", "org", end="left_on", name="members_membership_one_open"),
        ]
        indexes = [
            # member_count(node, on): memberships of the subtree's nodes valid on a date; and, with the copied
            # name, a part of the tree's members searched by name from this index alone (decision 0012).
            models.Index(fields=["org", "joined_on", "left_on", "person", "name_folded"], name="members_ms_count_on"),
            models.Index(fields=["person", "joined_on"], name="members_ms_person_history"),
            # The memberships a side ended by erasing a person another unit still holds: few, and what hides the
            # person from that side's pickers (selectors.persons_ever_under) without reading every membership.
            models.Index(fields=["person", "org"], condition=Q(leave_reason="erasure"), name="members_ms_erased"),
            # Who may count in two units under a node on a date (selectors._breakdown_from_parts): the memberships
            # of persons with another, few, found from the node's units without reading their other members.
            models.Index(
                fields=["org", "joined_on", "left_on", "person"], condition=Q(shared=True), name="members_ms_shared"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.org} [{self.joined_on} – {self.left_on or '…'}]"

    def clean(self) -> None:
        if self.left_on and self.left_on <= self.joined_on:
            raise ValidationError({"left_on": _("The leaving date must be after the joining date.")})


class CollectiveMember(TimeStampedModel):
    """An organisation that is a member (hội viên tập thể): an enterprise, an institute."""

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="collective_members")
    name = models.CharField(_("name"), max_length=255)
    representative = models.CharField(_("representative"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)

    class Meta:
        verbose_name = _("collective member")
        verbose_name_plural = _("collective members")
        constraints = [
            ends_after("joined_on", "left_on", name="members_collective_valid_range"),
        ]

    def __str__(self) -> str:
        return self.name


class IntellectualEstimate(models.Model):
    """How many intellectuals live or work in a node's area in a year: the base of the share gathered."""

    org = models.ForeignKey(Org, on_delete=models.CASCADE, related_name="intellectual_estimates")
    year = models.PositiveSmallIntegerField(_("year"))
    count = models.PositiveIntegerField(_("estimated intellectuals"))
    source = models.CharField(_("source"), max_length=255, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["org", "year"], name="members_estimate_one_per_year")]

    def __str__(self) -> str:
        return f"{self.org} {self.year}: {self.count}"


class EventKind(models.TextChoices):
    CREATE = "create", _("Recorded")
    UPDATE = "update", _("Details changed")
    ADMIT = "admit", _("Admitted")
    TRANSFER = "transfer", _("Transferred")
    LEAVE = "leave", _("Left")
    REVEAL_ID = "reveal_id", _("Citizen ID viewed")
    CONSENT = "consent", _("Consent given")
    CONSENT_WITHDRAWN = "consent_withdrawn", _("Consent withdrawn")
    EXPORT = "export", _("Personal data exported")
    ERASE = "erase", _("Erased on request")
    ID_REFUSED = "id_refused", _("Citizen ID refused to another record")
    MERGE = "merge", _("Another record merged into this one")
    MERGED_INTO = "merged_into", _("Merged into another record")
    UNMERGE = "unmerge", _("Merge undone")
    REQUEST = "request", _("Data subject request received")
    REQUEST_MOVE = "request_move", _("Data subject request moved on")
    BREACH = "breach", _("Personal data breach recorded")
    BREACH_NOTICE = "breach_notice", _("Breach notified to the authority")


class PersonEvent(AuditEvent):
    """Every change to a person and every look at their protected data: who, when, what."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    # A person's own values, before and after; another person named by a merge or a refused ID number. (The
    # erasure of a person empties the data of their own rows whole: members.services.person_erase.)
    personal_data = PersonalData(
        refs={"kept", "merged", "for_person"},
        texts={"name", "full_name", "birth_date", "id_number", "phone", "email", "address", "workplace", "position",
               "notes", "health_note", "party_member", "gender"},
        others={"org", "source", "to", "redacted", "documents_kept"},
        about=lambda person_id: Q(person_id=person_id),
    )  # fmt: skip

    class Meta(AuditEvent.Meta):
        verbose_name = _("member record event")
        verbose_name_plural = _("member record events")
        indexes = [models.Index(fields=["person", "at"], name="members_event_person")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.person_id}"


class RegistryEvent(HeldRecordEvent):
    """Every change to what a unit's registry holds besides persons — its collective members (admitted, left) and
    its yearly estimates of intellectuals (recorded, corrected; `target`: "collective" | "estimate"): who, when,
    before and after."""

    targets = {
        "collectivemember": "collective",
        "intellectualestimate": "estimate",
        "subjectrequest": "request",
        "breach": "breach",
    }

    kind = models.CharField(max_length=20, choices=EventKind.choices)
    # A collective member's name (an enterprise's), the staff account handling a request, a breach's count.
    personal_data = PersonalData(others={"name", "handler", "persons_affected"})

    class Meta(HeldRecordEvent.Meta):
        verbose_name = _("registry event")
        verbose_name_plural = _("registry events")


class ConsentPurpose(models.TextChoices):
    REGISTRY = "registry", _("Keeping the member registry")
    CONTACT = "contact", _("Contacting me about the association's activities")
    PUBLICATION = "publication", _("Publishing my name in reports and honours")

    @property
    def stops(self) -> str:
        """What withdrawing this consent stops, as the consent form and the person page say."""
        return str(CONSENT_STOPS[self])


# What the platform stops doing once a consent is withdrawn (members.selectors.consent_withdrawn and its readers).
CONSENT_STOPS = {
    ConsentPurpose.REGISTRY: _(
        "Withdrawing it does not erase the record: the person may ask for erasure (a data subject request), which "
        "the union's officer carries out."
    ),
    ConsentPurpose.CONTACT: _(
        "Withdrawn: the member list's exports leave out the person's phone, e-mail and address, so that no mailing "
        "list holds them."
    ),
    ConsentPurpose.PUBLICATION: _(
        'Withdrawn: reports print "01 member (name not published)" instead of the person\'s name in committee '
        "rosters, departures and office holders; honours and initiatives print a name only with this consent given."
    ),
}


class Consent(models.Model):
    """Consent per purpose, with time and notice version; withdrawal keeps the row and sets `withdrawn_at`."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=20, choices=ConsentPurpose.choices)
    notice_version = models.CharField(_("notice version"), max_length=20)
    given_at = models.DateTimeField(_("given at"))
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [
            one_open("person", "purpose", end="withdrawn_at", name="members_consent_one_active"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.purpose}"

    @property
    def stops(self) -> str:
        """What withdrawing this consent stops (`ConsentPurpose.stops`)."""
        return ConsentPurpose(self.purpose).stops


# The statuses and the batch are core's (`core.models.FileBatch`, moved by `core.batches`), shared with every import.
ImportStatus = BatchStatus
IMPORT_RUNNING = BATCH_RUNNING


# The moves an import may make; one service per move (members.services.import_*).
# Reading the file again (another sheet or header row) goes back to READING.
IMPORT_TRANSITIONS: dict[str, set[str]] = {
    ImportStatus.READING: {ImportStatus.UPLOADED, ImportStatus.FAILED, ImportStatus.STOPPED},
    ImportStatus.UPLOADED: {ImportStatus.CHECKING, ImportStatus.READING},
    ImportStatus.CHECKING: {ImportStatus.CHECKED, ImportStatus.FAILED, ImportStatus.STOPPED},
    ImportStatus.CHECKED: {ImportStatus.CHECKING, ImportStatus.IMPORTING, ImportStatus.READING},
    ImportStatus.IMPORTING: {ImportStatus.DONE, ImportStatus.FAILED, ImportStatus.STOPPED},
    ImportStatus.FAILED: {ImportStatus.CHECKING, ImportStatus.READING},
    ImportStatus.DONE: {ImportStatus.UNDONE},
    ImportStatus.UNDONE: set(),
    # A worker killed mid-task (its heartbeat went stale): the user runs the work again or gives up.
    ImportStatus.STOPPED: {*IMPORT_RUNNING, ImportStatus.CANCELLED},
    ImportStatus.CANCELLED: set(),
}


class ImportBatch(FileBatch):
    """One uploaded member file: read, checked (a dry run that writes nothing), then imported all-or-nothing,
    and undoable as a whole."""

    # The unit the file is for: its rows may name it and the units under it where the uploader records members.
    # Empty for the imports uploaded before the unit was asked (any unit where the uploader records members).
    org = models.ForeignKey(Org, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    mapping = models.JSONField(default=dict)  # column index (as text) -> column key
    # Names typed all in capitals (or all small), as the check found them: the first [row, typed, proper case],
    # and how many; `proper_case` is the user's one choice for the batch, when asking for the import.
    name_suggestions = models.JSONField(default=list)
    name_suggestion_count = models.PositiveIntegerField(default=0)
    proper_case = models.BooleanField(default=False)
    errors_file = models.CharField(max_length=255, blank=True)
    created_persons = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")


class RowChoice(models.TextChoices):
    SAME = "same", _("Same person")
    NEW = "new", _("Another person")


class ImportRow(models.Model):
    """A checked row that likely repeats a member already registered (`persons`, those its uploader sees) or an
    earlier row of its file (`twin_row`), with why (members.duplicates' reasons) and what the user chose: the same
    person as `same_as` (or as the earlier row) — the import adds a membership to that record —, or another person
    — the import creates one. Empty until chosen; the import waits for every choice."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="repeats")
    row = models.PositiveIntegerField()
    full_name = models.CharField(max_length=150)
    reasons = models.JSONField(default=list)
    persons = models.JSONField(default=list)
    twin_row = models.PositiveIntegerField(null=True, blank=True)
    choice = models.CharField(max_length=4, choices=RowChoice.choices, blank=True)
    same_as = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["batch", "row"], name="members_import_row_once")]

    def __str__(self) -> str:
        return f"{self.batch_id}:{self.row} {self.choice}"


class ImportEvent(AuditEvent):
    """Every move of an import: who, when, from which status (`before`, empty for the upload) to which (`kind`)."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=ImportStatus.choices)
    before = models.CharField(max_length=10)
    personal_data = PersonalData(others={"persons"})  # counts and statuses

    class Meta(AuditEvent.Meta):
        verbose_name = _("member import event")
        verbose_name_plural = _("member import events")

    def __str__(self) -> str:
        return f"{self.batch_id}: {self.before} -> {self.kind}"


class ExportLog(models.Model):
    """Every export of the member list: who took which persons' data out, when, in what format.

    `rows` is filled in when the streamed file has been written to the end (0 while it is being
    written or when the download was broken off)."""

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    file_format = models.CharField(max_length=4)
    node = models.ForeignKey(Org, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    filters = models.JSONField(default=dict)
    rows = models.PositiveIntegerField(default=0)
    finished = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("member list export")
        verbose_name_plural = _("member list exports")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.actor_id} {self.at:%d/%m/%Y %H:%M} {self.file_format}"


class MergeStatus(models.TextChoices):
    DONE = "done", _("Merged")
    UNDONE = "undone", _("Undone")


# The moves a merge may make; one service per move (members.services.person_merge / person_merge_undo).
MERGE_TRANSITIONS: dict[str, set[str]] = {
    MergeStatus.DONE: {MergeStatus.UNDONE},
    MergeStatus.UNDONE: set(),
}


class PersonMerge(TimeStampedModel):
    """Two records of one person made one: `merged`'s rows moved to `kept`, `merged` left as a tombstone. `moved`
    says exactly what was done (the ids moved per table, the rows removed, the spells widened, the fields added),
    so that the undo puts every row back as it was."""

    kept = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges_kept")
    merged = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges_away")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=MergeStatus.choices, default=MergeStatus.DONE)
    moved = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("merge of person records")
        verbose_name_plural = _("merges of person records")
        constraints = [
            models.CheckConstraint(condition=~Q(kept=models.F("merged")), name="members_merge_two_records"),
            models.UniqueConstraint(fields=["merged"], condition=Q(status="done"), name="members_merge_once_at_a_time"),
        ]

    def __str__(self) -> str:
        return f"{self.merged_id} -> {self.kept_id} ({self.status})"


class SubjectRequestKind(models.TextChoices):
    """The rights a data subject exercises (Law 91/2025/QH15 on personal data protection)."""

    ACCESS = "access", _("Access to their data")
    CORRECTION = "correction", _("Correction")
    ERASURE = "erasure", _("Erasure")
    OBJECTION = "objection", _("Objection to processing")
    RESTRICTION = "restriction", _("Restriction of processing")
    WITHDRAWAL = "withdrawal", _("Withdrawal of consent")


class RequestStatus(models.TextChoices):
    RECEIVED = "received", _("Newly received")
    IN_PROGRESS = "in_progress", _("Being handled")
    ANSWERED = "answered", _("Answered")
    REFUSED = "refused", _("Refused")


# The moves a request may make; one service (members.services.subject_request_move) checks them.
REQUEST_TRANSITIONS: dict[str, set[str]] = {
    RequestStatus.RECEIVED: {RequestStatus.IN_PROGRESS, RequestStatus.ANSWERED, RequestStatus.REFUSED},
    RequestStatus.IN_PROGRESS: {RequestStatus.ANSWERED, RequestStatus.REFUSED},
    RequestStatus.ANSWERED: set(),
    RequestStatus.REFUSED: set(),
}
REQUEST_OPEN = (RequestStatus.RECEIVED, RequestStatus.IN_PROGRESS)


class SubjectRequest(TimeStampedModel):
    """A request from a data subject to a unit (access, correction, erasure, objection…): when it was received, the
    legal deadline counted from then (`due_on`: SUBJECT_REQUEST_DAYS later), who handles it, the reply. The unit's
    officers see it as they see the unit; each move is a `RegistryEvent` (target "request")."""

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="subject_requests", verbose_name=_("unit"))
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("member")
    )
    requester = models.CharField(_("requested by"), max_length=255)
    kind = models.CharField(_("request"), max_length=20, choices=SubjectRequestKind.choices)
    details = models.TextField(_("what is asked"), blank=True)
    received_on = models.DateField(_("received on"))
    due_on = models.DateField(_("deadline"))
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("handled by"),
    )  # fmt: skip
    status = models.CharField(_("status"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.RECEIVED)
    reply = models.TextField(_("reply"), blank=True)
    replied_on = models.DateField(_("replied on"), null=True, blank=True)

    class Meta:
        verbose_name = _("data subject request")
        verbose_name_plural = _("data subject requests")
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(due_on__gte=models.F("received_on")), name="members_request_due"),
        ]
        # The open requests of some units, by deadline (the list, the overdue alert and the daily job).
        indexes = [models.Index(fields=["status", "due_on"], name="members_request_open_due")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.requester}"

    def is_overdue(self, today: dt.date) -> bool:
        return self.status in REQUEST_OPEN and self.due_on < today


class Breach(TimeStampedModel):
    """A personal data breach, as the law asks it to be kept: what happened, when it happened and was found, whose
    data (categories and how many persons), and the notice to the authority (A05, Ministry of Public Security),
    due within BREACH_NOTICE_HOURS of its finding. Recorded by the system administrator or a unit's officer."""

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="breaches", verbose_name=_("unit"))
    summary = models.TextField(_("what happened"))
    occurred_at = models.DateTimeField(_("happened at"), null=True, blank=True)
    found_at = models.DateTimeField(_("found at"))
    categories = models.CharField(_("categories of data"), max_length=255)
    persons_affected = models.PositiveIntegerField(_("persons affected"))
    measures = models.TextField(_("measures taken"), blank=True)
    notified_at = models.DateTimeField(_("authority notified at"), null=True, blank=True)
    notice_reference = models.CharField(_("notice reference"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("personal data breach")
        verbose_name_plural = _("personal data breaches")
        ordering = ["-found_at", "-id"]

    def __str__(self) -> str:
        return self.summary[:60]

    @property
    def notice_due(self) -> dt.datetime:
        return self.found_at + dt.timedelta(hours=settings.BREACH_NOTICE_HOURS)

    def notice_late(self, now: dt.datetime) -> bool:
        """Whether the notice is overdue: not sent and the hours are past, or sent after them."""
        if self.notified_at is None:
            return now > self.notice_due
        return self.notified_at > self.notice_due
