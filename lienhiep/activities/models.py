"""Activities of a node, the partners outside the tree they work with, their files, and initiatives.

An activity's figures depend on its kind (participants for a training, copies for leaflets, money for a
campaign…): they are nullable columns, and `FIGURES_BY_KIND` says which of them a kind has, so that the
form shows only those and the service refuses the others. Totals over a subtree and a period are plain
SUMs over indexed rows.
"""

from __future__ import annotations

from typing import Any

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lienhiep.core.models import FileImportEvent, RecordedModel, StoredFile, TimeStampedModel, ends_after
from lienhiep.core.redaction import PersonalData
from lienhiep.members.models import Field, Person
from lienhiep.orgs.models import HeldRecordEvent, Org, UnitFileImport


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
    STUDY_TOUR = "study_tour", _("Study tour and exchange of experience")
    # A contest or quiz another body runs (on administrative reform, on the social insurance law…) that the unit's
    # members took part in: the role says participant or co-organiser, `host` names the body that ran it.
    CONTEST = "contest", _("Outside contest or quiz")
    OTHER = "other", _("Other")


class ActivityStatus(models.TextChoices):
    """Activities are recorded once done; a plan ("phương hướng") is an activity planned for a date, which is later
    done or cancelled. Only done activities are counted by the figures."""

    PLANNED = "planned", pgettext_lazy("activity status", "Planned")
    DONE = "done", pgettext_lazy("activity status", "Done")
    CANCELLED = "cancelled", pgettext_lazy("activity status", "Cancelled")


# The moves of an activity's status (activities.services.activity_update checks them).
ACTIVITY_TRANSITIONS: dict[str, set[str]] = {
    ActivityStatus.PLANNED: {ActivityStatus.DONE, ActivityStatus.CANCELLED},
    ActivityStatus.DONE: set(),
    ActivityStatus.CANCELLED: {ActivityStatus.PLANNED},
}


class ActivityRole(models.TextChoices):
    """The unit's part in the activity: its own, held jointly, or an event others organised that it took part in."""

    ORGANISER = "organiser", _("Organiser")
    CO_ORGANISER = "co_organiser", _("Co-organiser")
    PARTICIPANT = "participant", _("Took part")


class Mode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    MIXED = "mixed", _("In person and online")


class Audience(models.TextChoices):
    COMMITTEE = "committee", _("Executive committee members")
    LEADERS = "leaders", _("Leaders of member associations")
    MEMBERS = "members", _("Members")
    OFFICIALS = "officials", _("Officials and civil servants")
    FARMERS = "farmers", _("Farmers")
    PUPILS = "pupils", _("Pupils and students")
    RESIDENTS = "residents", _("Residents")
    OTHER = "other", _("Others")


class LegalArea(models.TextChoices):
    LAND = "land", _("Land")
    CIVIL = "civil", _("Civil law")
    CRIMINAL = "criminal", _("Criminal law")
    FAMILY = "family", _("Marriage and family")
    DOMESTIC_VIOLENCE = "domestic_violence", _("Domestic violence prevention")
    ADMINISTRATIVE = "administrative", _("Administrative procedures")
    LABOUR = "labour", _("Labour and social insurance")
    OTHER = "other", _("Other areas")


class CharityTheme(models.TextChoices):
    POVERTY = "poverty", _("Poverty reduction")
    GRATITUDE = "gratitude", _("Gratitude to war veterans and martyrs' families")
    AGENT_ORANGE = "agent_orange", _("Agent Orange victims")
    FUND_FOR_THE_POOR = "fund_for_the_poor", _("Fund for the Poor")
    DISASTER = "disaster", _("Natural disaster relief")
    STUDY = "study", _("Encouraging study")
    OTHER = "other", _("Other causes")


class Beneficiary(models.TextChoices):
    POOR = "poor", _("Poor and near-poor households")
    POLICY_FAMILIES = "policy_families", _("Families of war veterans and martyrs")
    AGENT_ORANGE = "agent_orange", _("Agent Orange victims")
    PUPILS = "pupils", _("Pupils and students")
    ELDERLY = "elderly", _("Elderly people")
    DISABLED = "disabled", _("People with disabilities")
    DISASTER = "disaster", _("People hit by disasters")
    OTHER = "other", _("Others")


class PublicationKind(models.TextChoices):
    ARTICLE = "article", _("Article")
    BULLETIN = "bulletin", _("Bulletin")
    BOOK = "book", _("Book")
    FILM = "film", _("Film or report")


PARTICIPANTS = ("participants_members", "participants_officials", "participants_public")
# A counted quantity and its unit ("6 công trình").
ITEMS = ("items", "items_unit")
# How it was held and for whom.
REACH = ("mode", "audience")
CHARITY = ("theme", "beneficiary")
FIGURES = (
    *PARTICIPANTS, "publication_kind", "copies", "money_raised", "gifts", "gifts_value", "scholarships",
    "recipients", "persons_advised", "cases_handled", "legal_areas", *REACH, *CHARITY, *ITEMS,
)  # fmt: skip
# The figures that are words, not numbers (a choice, or a list of choices: legal_areas).
CHOSEN = ("publication_kind", "legal_areas", "mode", "audience", "theme", "beneficiary", "items_unit")

# Which figures each kind records; the others stay empty.
FIGURES_BY_KIND: dict[str, tuple[str, ...]] = {
    ActivityKind.TRAINING: (*PARTICIPANTS, *REACH),
    ActivityKind.SEMINAR: (*PARTICIPANTS, *REACH),
    ActivityKind.DISSEMINATION: (*PARTICIPANTS, "copies", *REACH, *ITEMS),
    ActivityKind.PUBLICATION: ("publication_kind", "copies", *ITEMS),
    ActivityKind.LEAFLETS: ("copies",),
    ActivityKind.COOPERATION: (*PARTICIPANTS, "money_raised", *ITEMS),
    ActivityKind.CAMPAIGN: ("money_raised", "gifts", "gifts_value", "scholarships", "recipients", *CHARITY, *ITEMS),
    ActivityKind.LEGAL_AID: ("persons_advised", "cases_handled", "legal_areas", *REACH),
    ActivityKind.VISIT: ("gifts", "gifts_value", "scholarships", "recipients", *CHARITY),
    ActivityKind.STUDY_TOUR: (*PARTICIPANTS, "audience"),
    ActivityKind.CONTEST: (*PARTICIPANTS, "mode"),
    ActivityKind.OTHER: (*PARTICIPANTS, *REACH, *ITEMS),
}

# The kinds whose participants may also be named, members of the registry (an outside contest's entrants).
NAMES_MEMBERS: tuple[str, ...] = (ActivityKind.CONTEST,)


def _count(label: Any) -> models.PositiveIntegerField:
    return models.PositiveIntegerField(label, null=True, blank=True)


def _money(label: Any) -> models.DecimalField:
    # Whole đồng: up to a hundred trillion.
    return models.DecimalField(
        label, max_digits=16, decimal_places=0, null=True, blank=True, validators=[MinValueValidator(0)]
    )


class Activity(RecordedModel):
    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="activities", verbose_name=_("organised by"))
    co_organisers = models.ManyToManyField(
        Org, blank=True, related_name="co_organised_activities", verbose_name=_("co-organisers in the network")
    )
    partners = models.ManyToManyField(Partner, blank=True, related_name="activities", verbose_name=_("partners"))
    # Members named as having taken part (an outside contest's entrants), beside the counts; optional.
    members = models.ManyToManyField(
        Person, blank=True, related_name="activities_taken_part", verbose_name=_("members who took part")
    )
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
    status = models.CharField(
        _("status"), max_length=10, choices=ActivityStatus.choices, default=ActivityStatus.DONE, db_default="done"
    )
    # The day a planned activity was planned for (kept once it is done: what was planned beside what was done).
    planned_for = models.DateField(_("day planned"), null=True, blank=True)
    role = models.CharField(
        _("the unit's part"), max_length=15, choices=ActivityRole.choices, default=ActivityRole.ORGANISER,
        db_default="organiser",
    )  # fmt: skip
    # An event organised outside the network that the unit took part in or co-organised.
    host = models.ForeignKey(
        Partner, null=True, blank=True, on_delete=models.PROTECT, related_name="hosted_activities",
        verbose_name=_("organised by (outside the network)"),
    )  # fmt: skip

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
    legal_areas = models.JSONField(_("areas of law"), default=list, blank=True)
    mode = models.CharField(_("held"), max_length=10, choices=Mode.choices, blank=True)
    audience = models.CharField(_("audience"), max_length=15, choices=Audience.choices, blank=True)
    theme = models.CharField(_("cause"), max_length=20, choices=CharityTheme.choices, blank=True)
    beneficiary = models.CharField(_("beneficiaries"), max_length=20, choices=Beneficiary.choices, blank=True)
    items = _count(_("works or products"))
    items_unit = models.CharField(_("counted as"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            ends_after("start_date", "end_date", name="activities_activity_ends_after_start", same_day=True),
            models.CheckConstraint(
                condition=Q(status__in=ActivityStatus.values), name="activities_activity_status_known"
            ),
            models.CheckConstraint(
                condition=Q(items__isnull=True) | ~Q(items_unit=""), name="activities_activity_items_have_a_unit"
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
    def counted(self) -> bool:
        """Whether the figures count it: done, not planned or cancelled."""
        return self.status == ActivityStatus.DONE

    def shown(self, name: str) -> object:
        """A figure as read: a choice by its label, the areas of law by theirs, the items with their unit."""
        value = getattr(self, name)
        if name == "legal_areas":
            labels = dict(LegalArea.choices)
            return ", ".join(str(labels.get(area, area)) for area in value or [])
        if name == "items":
            return f"{value} {self.items_unit}" if value is not None else None
        field = self._meta.get_field(name)
        assert isinstance(field, models.Field)  # noqa: S101 - a column, not a relation
        if field.choices and value:
            return dict(field.flatchoices).get(value, value)
        return value

    @property
    def figures(self) -> list[tuple[str, object]]:
        """(label, value) of the figures recorded, in the kind's order (the items with their unit); numbers as
        numbers, the rest as words."""
        out: list[tuple[str, object]] = []
        for name in FIGURES_BY_KIND.get(self.kind, ()):
            if name == "items_unit":
                continue
            value = self.shown(name)
            if value not in (None, "", []):
                field = self._meta.get_field(name)
                assert isinstance(field, models.Field)  # noqa: S101 - a column, not a relation
                out.append((str(field.verbose_name), value))
        return out


class FileKind(models.TextChoices):
    PHOTO = "photo", _("Photo")
    DOCUMENT = "document", _("Document")


class ActivityFile(StoredFile):
    """A photo or document of an activity, stored under a generated name in private storage and
    served only through a view that checks access to the activity (core.models.StoredFile)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(max_length=10, choices=FileKind.choices)

    class Meta(StoredFile.Meta):
        pass


class InitiativeLevel(models.TextChoices):
    BASIC = "basic", _("Grassroots level (cơ sở)")
    SECTOR = "sector", _("Sector level (ngành)")
    PROVINCE = "province", _("Province level")
    NATIONAL = "national", _("National level")


class Initiative(RecordedModel):
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
    # The day it was recognised, when known (a half-year counts by it); `year` stays, the only date of imports.
    recognised_on = models.DateField(_("date recognised"), null=True, blank=True)
    applied = models.BooleanField(_("applied"), default=False)
    effect = models.TextField(_("how it is applied and its effect"), blank=True)

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
            # a period shorter than a year (a half-year report) counts by the date recognised
            models.Index(
                fields=["org", "recognised_on"],
                condition=Q(recognised_on__isnull=False),
                name="activities_init_by_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ProjectKind(models.TextChoices):
    PRODUCTION = "production", _("Production model")
    LIVELIHOOD = "livelihood", _("Livelihood model")
    PROJECT = "project", _("Project or scheme")
    TRANSFER = "transfer", _("Technology transfer")


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("project status", "Planned")
    RUNNING = "running", _("Under way")
    FINISHED = "finished", pgettext_lazy("project status", "Finished")
    STOPPED = "stopped", _("Stopped")


# The moves of a model or project; `services.project_update` checks them.
PROJECT_TRANSITIONS: dict[str, set[str]] = {
    ProjectStatus.PLANNED: {ProjectStatus.RUNNING, ProjectStatus.STOPPED},
    ProjectStatus.RUNNING: {ProjectStatus.FINISHED, ProjectStatus.STOPPED},
    ProjectStatus.FINISHED: set(),
    ProjectStatus.STOPPED: {ProjectStatus.RUNNING},
}


class Project(RecordedModel):
    """A demonstration or livelihood model, a project or scheme, a technology transfer (mô hình, dự án, đề án,
    chuyển giao công nghệ) that a unit runs, with its partners, where and how large, its funding and what it gave
    (REPORTING.md §4.5). Counted where its unit stood on the day it started."""

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="projects", verbose_name=_("run by"))
    kind = models.CharField(pgettext_lazy("project", "kind"), max_length=12, choices=ProjectKind.choices)
    title = models.CharField(_("name"), max_length=500)
    title_folded = models.CharField(max_length=500, editable=False)
    host = models.CharField(
        _("hosted by"), max_length=255, blank=True, help_text=_("The household, cooperative, company or commune.")
    )
    partners = models.ManyToManyField(Partner, blank=True, related_name="projects", verbose_name=_("partners"))
    field = models.ForeignKey(
        Field, null=True, blank=True, on_delete=models.SET_NULL, related_name="projects", verbose_name=_("field")
    )
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    households = _count(_("households taking part"))
    scale = models.CharField(_("scale"), max_length=255, blank=True)
    funding = _money(_("funding (đồng)"))
    funding_source = models.CharField(_("funded by"), max_length=255, blank=True)
    ocop_product = models.CharField(_("OCOP product"), max_length=255, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ProjectStatus.choices, default=ProjectStatus.RUNNING)

    class Meta:
        verbose_name = _("model or project")
        verbose_name_plural = _("models and projects")
        constraints = [
            ends_after("started_on", "ended_on", name="activities_project_ends_after_start", same_day=True),
            models.CheckConstraint(condition=Q(status__in=ProjectStatus.values), name="activities_project_status"),
        ]
        indexes = [
            # a subtree's models over a period, and the list newest first
            models.Index(fields=["org", "started_on", "id"], name="activities_project_by_org"),
            models.Index(fields=["started_on", "id"], name="activities_project_by_date"),
        ]

    def __str__(self) -> str:
        return self.title


class PlausibilityLimits(TimeStampedModel):
    """A union's ceilings for the figures its units enter (`selectors.plausibility_warnings`): a figure above one is
    warned about, never changed or refused. A unit without a row of its own takes the nearest union above it that
    has one, else `DEFAULT_LIMITS`."""

    org = models.OneToOneField(Org, on_delete=models.CASCADE, related_name="plausibility_limits")
    gift_value = _money(_("value of one gift (đồng)"))
    participants_per_class = _count(_("participants in one class"))
    money_per_recipient = _money(_("money for one person helped (đồng)"))

    class Meta:
        verbose_name = _("plausibility ceilings")
        verbose_name_plural = _("plausibility ceilings")

    def __str__(self) -> str:
        return str(self.org)


# The ceilings where no union set its own: a gift of a charity visit is a few hundred thousand đồng to a couple of
# million, a class a few dozen to a few hundred people, a person helped a few million đồng.
DEFAULT_LIMITS: dict[str, int] = {
    "gift_value": 10_000_000,
    "participants_per_class": 500,
    "money_per_recipient": 50_000_000,
}
LIMITS = tuple(DEFAULT_LIMITS)


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
    LIMITS = "limits", _("Plausibility ceilings")
    PROJECT = "project", _("Model or project")


class ActivityEvent(HeldRecordEvent):
    """Every change to an activity, initiative or partner: who, when, what, before and after. A partner is shared
    by every unit; its rows name the unit that added it (none for those added before units were asked)."""

    targets = {
        "activity": Target.ACTIVITY,
        "initiative": Target.INITIATIVE,
        "partner": Target.PARTNER,
        "plausibilitylimits": Target.LIMITS,
        "project": Target.PROJECT,
    }

    # Nullable for the partners added before a unit was asked: the one table whose node may be missing.
    org = models.ForeignKey(Org, null=True, on_delete=models.CASCADE, related_name="+")  # type: ignore[assignment]
    target = models.CharField(max_length=20, choices=Target.choices)
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    # An initiative's authors: members (ids) and names as typed, which carry the members' names too.
    personal_data = PersonalData(
        refs={"authors", "members"},
        texts={"author_names"},
        others={"org", "field", "name", "notes", "persons_advised", "host"},
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


class InitiativeImport(UnitFileImport):
    """A file of initiatives for a unit (its rows may name it and the units under it where the uploader records):
    read and checked in the background, then imported all rows or none (`importing.INITIATIVES`)."""

    class Meta:
        verbose_name = _("initiatives import")
        verbose_name_plural = _("initiatives imports")


class InitiativeImportEvent(FileImportEvent):
    """Every move of a file of initiatives: who, when, from which status (`before`, empty for the upload) to
    which (`kind`)."""

    batch = models.ForeignKey(InitiativeImport, on_delete=models.CASCADE, related_name="events")
    personal_data = PersonalData()  # counts and statuses

    class Meta(FileImportEvent.Meta):
        verbose_name = _("initiative import event")
        verbose_name_plural = _("initiative import events")


class ActivityImport(UnitFileImport):
    """A file of activities for a unit (its rows may name it and the units under it where the uploader records),
    in the columns of the activity export: read and checked in the background, then imported all rows or none
    (`importing.ACTIVITIES`)."""

    class Meta:
        verbose_name = _("activities import")
        verbose_name_plural = _("activities imports")


class ActivityImportEvent(FileImportEvent):
    """Every move of a file of activities: who, when, from which status (`before`, empty for the upload) to which
    (`kind`)."""

    batch = models.ForeignKey(ActivityImport, on_delete=models.CASCADE, related_name="events")
    personal_data = PersonalData()  # counts and statuses

    class Meta(FileImportEvent.Meta):
        verbose_name = _("activity import event")
        verbose_name_plural = _("activity import events")
