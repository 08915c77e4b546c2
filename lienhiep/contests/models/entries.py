"""Entries of an edition, their authors and their dossier files (issue 16).

An entry is sent by a unit (`sending_unit`: a member association through its secretary, or the organiser typing one
from paper, `from_paper`): the sending unit holds the entry for access (its roles see it), and the organiser's roles
see every entry of their editions. An entry forwarded to the next level is a new entry of the higher edition whose
`forwarded_from` is the lower one, so its history follows; `origin_unit` is the unit that first sent it, copied up
the chain, so the result at a higher level comes back to that unit's figures. The entry moves along
`ENTRY_TRANSITIONS`, one service per move, each writing an `EntryEvent`.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lienhiep.core.models import RecordedModel, StoredFile
from lienhiep.core.redaction import PersonalData
from lienhiep.orgs.models import HeldRecordEvent, Org

from .editions import Category, ContestField, Edition


class EntryStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted at screening")
    REFUSED = "refused", _("Refused at screening")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    NOT_PRIZED = "not_prized", _("Judged, no prize")
    PRIZED = "prized", _("Prize awarded")
    FORWARDED = "forwarded", _("Forwarded to the next level")


# An entry is screened against the rules (accepted, or refused with a reason; a refusal may be reconsidered), judged
# (a prize once the board approved the results, or none), and a prized entry may be forwarded to the next level.
ENTRY_TRANSITIONS: dict[str, set[str]] = {
    EntryStatus.SUBMITTED: {EntryStatus.ACCEPTED, EntryStatus.REFUSED, EntryStatus.WITHDRAWN},
    EntryStatus.ACCEPTED: {EntryStatus.PRIZED, EntryStatus.NOT_PRIZED, EntryStatus.REFUSED, EntryStatus.WITHDRAWN},
    EntryStatus.REFUSED: {EntryStatus.ACCEPTED},
    EntryStatus.WITHDRAWN: set(),
    EntryStatus.NOT_PRIZED: set(),
    EntryStatus.PRIZED: {EntryStatus.FORWARDED},
    EntryStatus.FORWARDED: set(),
}

# Entries the jury sees: accepted at screening and still in the running, or judged.
IN_JUDGING = frozenset({EntryStatus.ACCEPTED, EntryStatus.NOT_PRIZED, EntryStatus.PRIZED, EntryStatus.FORWARDED})


class Entry(RecordedModel):
    """A work sent to an edition: its title, field and category, the unit that sent it, where and since when the
    solution was applied, and its status."""

    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="entries", verbose_name=_("edition"))
    field = models.ForeignKey(ContestField, on_delete=models.PROTECT, related_name="entries", verbose_name=_("field"))
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.PROTECT, related_name="entries", verbose_name=_("category")
    )
    # Numbered within the edition in the order received (mã số hồ sơ).
    number = models.PositiveIntegerField(_("entry number"))
    title = models.CharField(_("title"), max_length=500)
    title_folded = models.CharField(max_length=500, editable=False, default="")
    summary = models.TextField(_("summary"), blank=True)
    sending_unit = models.ForeignKey(
        Org, on_delete=models.PROTECT, related_name="contest_entries", verbose_name=_("sending unit")
    )
    origin_unit = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+", verbose_name=_("first sent by"))
    # The school, company or office the authors work at, as printed on the results ("Trường TH Bắc Hồng").
    author_unit = models.CharField(_("authors' school, company or office"), max_length=255, blank=True)
    application_site = models.CharField(_("where the solution is applied"), max_length=255, blank=True)
    applied_on = models.DateField(_("applied since"), null=True, blank=True)
    from_paper = models.BooleanField(_("typed from a paper dossier"), default=False)
    submitted_on = models.DateField(_("submitted on"))
    status = models.CharField(_("status"), max_length=10, choices=EntryStatus.choices, default=EntryStatus.SUBMITTED)
    status_since = models.DateField(_("in this status since"))
    refusal_reason = models.TextField(_("why refused"), blank=True)
    # The sending unit cites the entry among its notable products (seed 000 §2.4's "như: …"): a report's list of
    # products prints the cited ones, in the order they were recorded.
    cited = models.BooleanField(_("cited among the unit's notable products"), default=False)
    forwarded_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="forwarded_to",
        verbose_name=_("forwarded from"),
    )

    class Meta:
        verbose_name = _("entry")
        verbose_name_plural = _("entries")
        ordering = ["edition", "number"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "number"], name="contests_entry_number_once"),
            models.UniqueConstraint(
                fields=["forwarded_from"],
                condition=Q(forwarded_from__isnull=False),
                name="contests_entry_forwarded_once",
            ),
            models.CheckConstraint(
                condition=~Q(status="refused") | ~Q(refusal_reason=""), name="contests_refusal_has_reason"
            ),
        ]
        indexes = [
            # The organiser's board and the ranking: an edition's entries by field and status.
            models.Index(fields=["edition", "field", "status"], name="contests_entry_board"),
            # A secretary's list: her unit's entries.
            models.Index(fields=["sending_unit", "edition"], name="contests_entry_by_sender"),
            # Figures: a unit's entries and prizes over the years, wherever they were judged.
            models.Index(fields=["origin_unit", "status"], name="contests_entry_by_origin"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("contests:entry", args=[self.pk])


class EntryAuthor(models.Model):
    """An author of an entry: a member of the registry (`person`) or an outside person (the name alone), with a
    birth date (checked against the youth contest's range), a guardian for a minor, and whether they consent to be
    named on the public results (`consent_publish`: without it the public page prints the entry without them)."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="authors")
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    person = models.ForeignKey(
        "members.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("member")
    )
    full_name = models.CharField(_("full name"), max_length=150)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    workplace = models.CharField(_("school, workplace or address"), max_length=255, blank=True)
    guardian_name = models.CharField(_("guardian (for a minor)"), max_length=150, blank=True)
    guardian_phone = models.CharField(_("guardian's phone"), max_length=30, blank=True)
    consent_publish = models.BooleanField(_("agrees to be named on the public results"), default=False)

    class Meta:
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        ordering = ["entry", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["entry", "order"], name="contests_author_order_once")]
        indexes = [models.Index(fields=["person"], name="contests_author_person", condition=Q(person__isnull=False))]

    def __str__(self) -> str:
        return self.full_name


class EntryFileKind(models.TextChoices):
    REGISTRATION = "registration", _("Registration form")
    DESCRIPTION = "description", _("Description")
    FULL_TEXT = "full_text", _("Full text")
    PHOTO = "photo", _("Photo")


class EntryFile(StoredFile):
    """A file of an entry's dossier (core.models.StoredFile: checked and stored by core.services.uploads_stored),
    served by `contests:entry_file` and a juror's sheet after an access check."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(_("kind of file"), max_length=15, choices=EntryFileKind.choices)
    # Not unique, unlike the other file tables': an entry forwarded with its dossier names the lower entry's stored
    # files (contests.history.copy_up), so one stored file may have a row at each level. Entry files are never
    # removed, so no row's removal can take another's file.
    stored_name = models.CharField(max_length=255)

    class Meta(StoredFile.Meta):
        verbose_name = _("entry file")
        verbose_name_plural = _("entry files")
        ordering = ["entry", "kind", "id"]


class EntryEventKind(models.TextChoices):
    CREATE = "create", pgettext_lazy("event", "Entry submitted")
    UPDATE = "update", pgettext_lazy("event", "Entry changed")
    AUTHOR = "author", pgettext_lazy("event", "Authors changed")
    FILE_ADD = "file_add", pgettext_lazy("event", "File added")
    FILE_REMOVE = "file_remove", pgettext_lazy("event", "File removed")
    MOVE = "move", pgettext_lazy("event", "Status changed")
    PRIZE = "prize", pgettext_lazy("event", "Prize proposed or approved")
    FORWARD = "forward", pgettext_lazy("event", "Forwarded to the next level")


class EntryEvent(HeldRecordEvent):
    """A change of an entry or of what hangs on it (an author, a file: `target`), on the sending unit (its audit
    trail) and the entry (its history, which a forwarded entry follows through `forwarded_from`)."""

    entry = models.ForeignKey(Entry, null=True, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=EntryEventKind.choices)
    # Authors are persons (members or not, minors among them): their names, birth dates and guardians, and the free
    # text of a refusal, may name one. Titles, fields, statuses and files do not.
    personal_data = PersonalData(
        refs={"person"},
        texts={"authors", "full_name", "birth_date", "guardian_name", "guardian_phone", "reason", "before", "after"},
        others={"file", "title", "field", "status"},
        about=lambda person_id: Q(
            target="entry", target_id__in=EntryAuthor.objects.filter(person=person_id).values("entry_id")
        ),
    )

    class Meta(HeldRecordEvent.Meta):
        verbose_name = _("entry event")
        verbose_name_plural = _("entry events")
        indexes = [
            models.Index(fields=["target", "target_id", "at"], name="contests_event_target"),
            models.Index(fields=["entry", "at"], name="contests_event_history"),
        ]
