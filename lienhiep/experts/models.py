"""The expert registry: the experts a union keeps on its list, and the conflict declaration every assigning app
shares (reviews' dossiers, contests' entries).

An expert is a person — a member or not — with fields of expertise, degrees and titles and a workplace; the union
that keeps the list (`org`) and the roles on it manage the record. An expert may log in (`user`): an account without
any role, which reaches only the records granted to it (orgs/grants.py)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lienhiep.core.models import FileImportEvent, TimeStampedModel
from lienhiep.core.redaction import PersonalData
from lienhiep.members.models import AcademicTitle, Education, Field
from lienhiep.orgs.models import HeldRecordEvent, Org, UnitFileImport


class Expert(TimeStampedModel):
    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+", verbose_name=_("Unit keeping the list"))
    # The member record, when the expert is one (a member of one of the union's associations).
    person = models.ForeignKey(
        "members.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("member")
    )
    full_name = models.CharField(_("full name"), max_length=120)
    name_folded = models.CharField(max_length=120, db_index=True)
    name_sort = models.CharField(max_length=1200)
    education = models.CharField(_("education"), max_length=10, choices=Education.choices, blank=True)
    academic_title = models.CharField(_("academic title"), max_length=10, choices=AcademicTitle.choices, blank=True)
    # Free text for what the lists do not name ("Kiến trúc sư", "Bác sĩ chuyên khoa II").
    degrees = models.CharField(_("other degrees and titles"), max_length=200, blank=True)
    workplace = models.CharField(_("workplace"), max_length=200, blank=True)
    workplace_folded = models.CharField(max_length=200, blank=True)
    position = models.CharField(_("position"), max_length=120, blank=True)
    fields = models.ManyToManyField(Field, blank=True, related_name="+", verbose_name=_("fields of expertise"))
    specialty = models.CharField(_("specialty"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    available = models.BooleanField(_("available"), default=True)
    notes = models.TextField(_("notes"), blank=True)
    # The account the expert logs in with (no role: only what is granted to it).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="expert_records"
    )

    class Meta:
        verbose_name = _("expert")
        verbose_name_plural = _("experts")
        constraints = [
            models.UniqueConstraint(
                fields=["org", "user"], condition=Q(user__isnull=False), name="experts_one_record_per_account"
            ),
        ]
        indexes = [models.Index(fields=["org", "name_sort", "id"], name="experts_list_by_name")]

    def __str__(self) -> str:
        return self.full_name

    @property
    def title_and_name(self) -> str:
        """ "PGS.TS. Nguyễn Văn A": the title and the degree before the name, as letters address an expert."""
        prefix = ".".join(
            p for p in (self.academic_title.upper(), {"ts": "TS", "ths": "ThS"}.get(self.education, "")) if p
        )
        return f"{prefix}. {self.full_name}" if prefix else self.full_name


class EventKind(models.TextChoices):
    CREATE = "create", pgettext_lazy("event", "Recorded")
    UPDATE = "update", pgettext_lazy("event", "Details changed")
    ACCOUNT = "account", pgettext_lazy("event", "Login account created")


def _about_person(person_id: int) -> Q:
    return Q(target="expert", target_id__in=Expert.objects.filter(person_id=person_id).values("pk"))


class ExpertEvent(HeldRecordEvent):
    """A change to an expert's record (`target` "expert"): its values before and after."""

    targets = {"expert": "expert"}

    kind = models.CharField(max_length=20, choices=EventKind.choices)
    # An expert who is a member carries their values: the rows about their record are theirs.
    personal_data = PersonalData(texts={"expert", "before", "after"}, others={"account"}, about=_about_person)

    class Meta(HeldRecordEvent.Meta):
        verbose_name = _("expert event")
        verbose_name_plural = _("expert events")


class ConflictDeclarationBase(models.Model):
    """An expert's declaration of interest on one assigned record, subclassed per record by the apps that assign
    (reviews' expert on a dossier, contests' juror on an entry): the link the expert declares (none, or with the
    requester, the subject, an author…), in their words, when; and where a conflict is declared or detected
    (`experts.conflicts.detect`), the officer's reason for keeping them on, without which the assignment is
    refused."""

    class Link(models.TextChoices):
        NONE = "none", _("No link")
        REQUESTER = "requester", _("Works for or with the requester")
        SUBJECT = "subject", _("Took part in the subject (author, consultant, contractor)")
        FAMILY = "family", _("Family link with a person concerned")
        OTHER = "other", _("Other link")

    declared_link = models.CharField(_("declared link"), max_length=20, choices=Link.choices, default=Link.NONE)
    declaration = models.TextField(_("declaration"), blank=True)
    declared_at = models.DateTimeField(_("declared at"), null=True, blank=True)
    override_reason = models.TextField(_("reason for keeping the expert despite the conflict"), blank=True)
    # What the registry detected: the reasons `experts.conflicts.detect` gave.
    detected = models.JSONField(default=list, blank=True)

    class Meta:
        abstract = True

    @property
    def declares_conflict(self) -> bool:
        return self.declared_link not in ("", self.Link.NONE)


class ExpertAssignment(models.Model):
    """An expert of the registry put on a record by an app that assigns (reviews' expert on a dossier, contests' juror
    on a round): when assigned and by whom, when removed (none: on it still, `active`), and the per-object grant that
    lets their account open what they were put on (`orgs.grants`). The concrete table adds the record, the `expert`
    (with its own label) and its constraints."""

    assigned_on = models.DateField(_("assigned on"))
    removed_on = models.DateField(_("removed on"), null=True, blank=True)
    grant = models.ForeignKey("orgs.ObjectGrant", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        abstract = True

    @property
    def active(self) -> bool:
        return self.removed_on is None


class ExpertImport(UnitFileImport):
    """A union's list of experts kept in Excel, for its list (`org`): read and checked in the background, each row
    in error listed, the same person typed twice merged into one record (`notes`: what the check found that is not an
    error), then imported all rows or none (`created`). Names typed in capitals are written in proper case only if
    the user ticks it (`proper_case`)."""

    proper_case = models.BooleanField(default=False)
    # The differences with experts already listed where the run took the file's value ("row:field"); `updated`: how
    # many experts already listed the import changed.
    choices = models.JSONField(default=list)
    updated = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("experts import")
        verbose_name_plural = _("experts imports")


class ExpertImportEvent(FileImportEvent):
    """Every move of a file of experts: who, when, from which status (`before`) to which (`kind`)."""

    batch = models.ForeignKey(ExpertImport, on_delete=models.CASCADE, related_name="events")
    personal_data = PersonalData()  # counts and statuses

    class Meta(FileImportEvent.Meta):
        verbose_name = _("expert import event")
        verbose_name_plural = _("expert import events")
