"""Activities of a node, the partners outside the tree they work with, their files, and initiatives.

An activity's figures depend on its kind (participants for a training, copies for leaflets, money for a
campaign…): they are nullable columns, and `FIGURES_BY_KIND` says which of them a kind has, so that the
form shows only those and the service refuses the others. Totals over a subtree and a period are plain
SUMs over indexed rows.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lienhiep.core.models import AuditEvent, BatchStatus, FileBatch, TimeStampedModel
from lienhiep.core.redaction import PersonalData
from lienhiep.members.models import Field, Person
from lienhiep.orgs.models import HeldRecordEvent, Org


class PartnerKind(models.TextChoices):
    DEPARTMENT = "department", _("Provincial department or agency")
    HOSPITAL = "hospital", _("Hospital")
    COMPANY = "company", _("Company")
    MEDIA = "media", _("Press and media")
    OTHER = "other", _("Other")


class Partner(TimeStampedModel):
    """An organisation outside the tree that activities are held with."""

    name = models.CharField(_("name"), max_length=255)
    name_folded = models.CharField(max_length=255, editable=False)
    kind = models.CharField(
        pgettext_lazy("partner", "kind"), max_length=20, choices=PartnerKind.choices, default=PartnerKind.OTHER
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        constraints = [
            models.UniqueConstraint(
                fields=["name_folded"],
                name="activities_partner_unique_name",
                violation_error_message=_("A partner with this name is already registered."),
            )
        ]
        ordering = ["name_folded"]

    def __str__(self) -> str:
        return self.name


class ActivityKind(models.TextChoices):
    TRAINING = "training", _("Training")
    SEMINAR = "seminar", _("Seminar or workshop")
    DISSEMINATION = "dissemination", _("Knowledge dissemination")
    PUBLICATION = "publication", pgettext_lazy("activity kind", "Publication")
    LEAFLETS = "leaflets", _("Leaflets")
    COOPERATION = "cooperation", _("Cooperation with a partner")
    CAMPAIGN = "campaign", _("Charity or social campaign")
    LEGAL_AID = "legal_aid", _("Legal advice and aid")
    VISIT = "visit", _("Visit and gifts")
    OTHER = "other", _("Other")


class PublicationKind(models.TextChoices):
    ARTICLE = "article", _("Article")
    BULLETIN = "bulletin", _("Bulletin")
    BOOK = "book", _("Book")
    FILM = "film", _("Film or report")


PARTICIPANTS = ("participants_members", "participants_officials", "participants_public")
FIGURES = (
    *PARTICIPANTS, "publication_kind", "copies", "money_raised", "gifts", "gifts_value", "scholarships",
    "recipients", "persons_advised", "cases_handled",
)  # fmt: skip

# Which figures each kind records; the others stay empty.
FIGURES_BY_KIND: dict[str, tuple[str, ...]] = {
    ActivityKind.TRAINING: PARTICIPANTS,
    ActivityKind.SEMINAR: PARTICIPANTS,
    ActivityKind.DISSEMINATION: (*PARTICIPANTS, "copies"),
    ActivityKind.PUBLICATION: ("publication_kind", "copies"),
    ActivityKind.LEAFLETS: ("copies",),
    ActivityKind.COOPERATION: (*PARTICIPANTS, "money_raised"),
    ActivityKind.CAMPAIGN: ("money_raised", "gifts", "gifts_value", "scholarships", "recipients"),
    ActivityKind.LEGAL_AID: ("persons_advised", "cases_handled"),
    ActivityKind.VISIT: ("gifts", "gifts_value", "recipients"),
    ActivityKind.OTHER: PARTICIPANTS,
}


def _count(label: Any) -> models.PositiveIntegerField:
    return models.PositiveIntegerField(label, null=True, blank=True)


def _money(label: Any) -> models.DecimalField:
    # Whole đồng: up to a hundred trillion.
    return models.DecimalField(
        label, max_digits=16, decimal_places=0, null=True, blank=True, validators=[MinValueValidator(0)]
    )


class Activity(TimeStampedModel):
    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="activities", verbose_name=_("organised by"))
    co_organisers = models.ManyToManyField(
        Org, blank=True, related_name="co_organised_activities", verbose_name=_("co-organisers in the network")
    )
    partners = models.ManyToManyField(Partner, blank=True, related_name="activities", verbose_name=_("partners"))
    kind = models.CharField(pgettext_lazy("activity", "kind"), max_length=20, choices=ActivityKind.choices)
    title = models.CharField(_("title"), max_length=500)
    title_folded = models.CharField(max_length=500, editable=False)
    start_date = models.DateField(_("date"))
    end_date = models.DateField(_("until"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=255, blank=True)
    field = models.ForeignKey(
        Field, null=True, blank=True, on_delete=models.SET_NULL, related_name="activities", verbose_name=_("field")
    )
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    participants_members = _count(_("participants: members"))
    participants_officials = _count(_("participants: officials"))
    participants_public = _count(_("participants: residents and others"))
    publication_kind = models.CharField(_("publication"), max_length=20, choices=PublicationKind.choices, blank=True)
    copies = _count(_("copies printed"))
    money_raised = _money(_("money raised (đồng)"))
    gifts = _count(_("gifts"))
    gifts_value = _money(_("value of the gifts (đồng)"))
    scholarships = _count(_("scholarships"))
    recipients = _count(_("persons helped"))
    persons_advised = _count(_("persons advised"))
    cases_handled = _count(_("cases handled"))

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="activities_activity_ends_after_start",
            ),
        ]
        indexes = [
            # a subtree's list and figures over a period
            models.Index(fields=["org", "start_date", "id"], name="activities_by_org_date"),
            # one kind over a period (the figures by kind, the list filtered by kind)
            models.Index(fields=["kind", "start_date", "id"], name="activities_by_kind_date"),
            # the list of everything visible, newest first (keyset)
            models.Index(fields=["start_date", "id"], name="activities_by_date"),
            # the calendar: activities over several days that began in an earlier month and last into this one
            # (read by start date, the end checked in the index)
            models.Index(
                fields=["start_date", "end_date"], condition=Q(end_date__isnull=False), name="activities_by_date_end"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def participants(self) -> int | None:
        values = [getattr(self, name) for name in PARTICIPANTS]
        return sum(v for v in values if v) if any(v is not None for v in values) else None

    @property
    def figures(self) -> list[tuple[str, object]]:
        """(label, value) of the figures recorded, in the kind's order."""
        out = []
        for name in FIGURES_BY_KIND.get(self.kind, ()):
            value = getattr(self, name)
            if value not in (None, ""):
                field = self._meta.get_field(name)
                assert isinstance(field, models.Field)  # noqa: S101 - a column, not a relation
                shown = self.get_publication_kind_display() if name == "publication_kind" else value
                out.append((str(field.verbose_name), shown))
        return out


class FileKind(models.TextChoices):
    PHOTO = "photo", _("Photo")
    DOCUMENT = "document", _("Document")


class ActivityFile(models.Model):
    """A photo or document of an activity, stored under a generated name in private storage and
    served only through a view that checks access to the activity."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(max_length=10, choices=FileKind.choices)
    original_name = models.CharField(_("file"), max_length=255)
    stored_name = models.CharField(max_length=255, unique=True)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class InitiativeLevel(models.TextChoices):
    BASIC = "basic", _("Grassroots level (cơ sở)")
    SECTOR = "sector", _("Sector level (ngành)")
    PROVINCE = "province", _("Province level")
    NATIONAL = "national", _("National level")


class Initiative(TimeStampedModel):
    """An initiative or research topic (sáng kiến, đề tài) and the level that recognised it."""

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="initiatives", verbose_name=_("unit"))
    title = models.CharField(_("title"), max_length=500)
    title_folded = models.CharField(max_length=500, editable=False)
    authors = models.ManyToManyField(
        Person, blank=True, related_name="initiatives", verbose_name=_("authors (members)")
    )
    author_names = models.CharField(_("authors (names)"), max_length=500, blank=True)
    field = models.ForeignKey(
        Field, null=True, blank=True, on_delete=models.SET_NULL, related_name="initiatives", verbose_name=_("field")
    )
    level = models.CharField(_("recognised at"), max_length=10, choices=InitiativeLevel.choices)
    year = models.PositiveSmallIntegerField(_("year recognised"))
    applied = models.BooleanField(_("applied"), default=False)
    effect = models.TextField(_("how it is applied and its effect"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        constraints = [
            models.CheckConstraint(condition=Q(year__gte=1945, year__lte=2100), name="activities_initiative_year"),
        ]
        indexes = [
            models.Index(fields=["org", "year", "id"], name="activities_init_by_org_year"),
            models.Index(fields=["year", "level"], name="activities_init_by_year_level"),
            # the list of everything visible, newest first (keyset on year, id)
            models.Index(fields=["year", "id"], name="activities_init_by_year"),
        ]

    def __str__(self) -> str:
        return self.title


class EventKind(models.TextChoices):
    CREATE = "create", _("Recorded")
    UPDATE = "update", _("Changed")
    DELETE = "delete", _("Deleted")
    FILE_ADD = "file_add", _("File added")
    FILE_REMOVE = "file_remove", _("File removed")


class Target(models.TextChoices):
    ACTIVITY = "activity", _("Activity")
    INITIATIVE = "initiative", _("Initiative")
    PARTNER = "partner", _("Partner")


class ActivityEvent(HeldRecordEvent):
    """Every change to an activity, initiative or partner: who, when, what, before and after. A partner is shared
    by every unit; its rows name the unit that added it (none for those added before units were asked)."""

    # Nullable for the partners added before a unit was asked: the one table whose node may be missing.
    org = models.ForeignKey(Org, null=True, on_delete=models.CASCADE, related_name="+")  # type: ignore[assignment]
    target = models.CharField(max_length=20, choices=Target.choices)
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    # An initiative's authors: members (ids) and names as typed, which carry the members' names too.
    personal_data = PersonalData(
        refs={"authors"},
        texts={"author_names"},
        others={"org", "field", "name", "notes", "persons_advised"},
        about=lambda person_id: Q(
            target=Target.INITIATIVE, target_id__in=Initiative.objects.filter(authors=person_id).values("pk")
        ),
    )

    class Meta(HeldRecordEvent.Meta):
        verbose_name = _("activity event")
        verbose_name_plural = _("activity events")
        indexes = [*HeldRecordEvent.Meta.indexes, models.Index(fields=["org", "at"], name="activities_event_org")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.target} {self.target_id}"


# The moves of a file of initiatives; one service per move (activities.services.initiative_import_*). Reading the
# file checks every row too; reading it again (another sheet or header row) goes back to READING.
INITIATIVE_IMPORT_TRANSITIONS: dict[str, set[str]] = {
    BatchStatus.READING: {BatchStatus.CHECKED, BatchStatus.FAILED, BatchStatus.STOPPED},
    BatchStatus.CHECKED: {BatchStatus.IMPORTING, BatchStatus.READING},
    BatchStatus.IMPORTING: {BatchStatus.DONE, BatchStatus.FAILED, BatchStatus.STOPPED},
    BatchStatus.FAILED: {BatchStatus.READING},
    BatchStatus.DONE: set(),
    # A worker killed mid-task (its heartbeat went stale): the user runs the work again or gives up.
    BatchStatus.STOPPED: {BatchStatus.READING, BatchStatus.IMPORTING, BatchStatus.CANCELLED},
    BatchStatus.CANCELLED: set(),
}


class InitiativeImport(FileBatch):
    """A file of initiatives for a unit (its rows may name it and the units under it where the uploader records):
    read and checked in the background, then imported all rows or none (`created`: how many)."""

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+")
    created = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("initiatives import")
        verbose_name_plural = _("initiatives imports")


class InitiativeImportEvent(AuditEvent):
    """Every move of a file of initiatives: who, when, from which status (`before`, empty for the upload) to
    which (`kind`)."""

    batch = models.ForeignKey(InitiativeImport, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=BatchStatus.choices)
    before = models.CharField(max_length=10)
    personal_data = PersonalData()  # counts and statuses

    class Meta(AuditEvent.Meta):
        verbose_name = _("initiative import event")
        verbose_name_plural = _("initiative import events")

    def __str__(self) -> str:
        return f"{self.batch_id}: {self.before} -> {self.kind}"
