"""The dated organisation tree.

`Org` is a node's identity and its undated details. Where a node stood and what it was called is
kept as dated spells (`OrgSpell`): a rename or a move closes one spell and opens the next, so any
question can be asked "as of" a date. `OrgClosure` is the transitive closure of the spells, one row
per (ancestor, descendant) pair and period, so a subtree on any date is one indexed lookup.
Validity is half-open: a row holds on `valid_from` and until the day before `valid_to`.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from lienhiep.core.models import AuditEvent, FileImport, TimeStampedModel, ends_after, one_open
from lienhiep.core.redaction import PersonalData


class OrgKind(models.TextChoices):
    NATIONAL = "national", _("National union")
    PROVINCIAL = "provincial", _("Provincial union")
    DISTRICT = "district", _("District/town union")
    ASSOCIATION = "association", _("Member association")
    BRANCH = "branch", _("Branch")


# Which kinds a node of each kind may stand under (None: may be a root).
ALLOWED_PARENT_KINDS: dict[str, set[str | None]] = {
    OrgKind.NATIONAL: {None},
    OrgKind.PROVINCIAL: {OrgKind.NATIONAL},
    OrgKind.DISTRICT: {OrgKind.PROVINCIAL},
    OrgKind.ASSOCIATION: {OrgKind.NATIONAL, OrgKind.PROVINCIAL, OrgKind.DISTRICT},
    OrgKind.BRANCH: {OrgKind.ASSOCIATION, OrgKind.BRANCH},
}


class AssociationGroup(models.TextChoices):
    """The groups of member associations that reports count separately."""

    AGENCIES = "agencies", _("Agencies, enterprises and schools")
    WARDS = "wards", _("Wards and communes")
    SECTOR = "sector", _("Sector associations")


class EndReason(models.TextChoices):
    DISSOLVED = "dissolved", _("Dissolved")
    MERGED = "merged", _("Merged into another node")
    SPLIT = "split", _("Split into new nodes")


class Org(TimeStampedModel):
    kind = models.CharField(_("kind"), max_length=20, choices=OrgKind.choices)
    group = models.CharField(_("group"), max_length=20, choices=AssociationGroup.choices, blank=True)
    # The latest name; names through time are on the spells.
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    # What a report's date line and document number print: "Hồng Lĩnh, ngày …", "Số: 12/BC-LHH".
    place_name = models.CharField(
        _("place name"), max_length=100, blank=True, help_text=_("Printed before the date of its documents.")
    )
    abbreviation = models.CharField(
        _("abbreviation"),
        max_length=20,
        blank=True,
        help_text=_("Printed in its document numbers, e.g. LHH in 12/BC-LHH."),
    )
    name_sort = models.CharField(max_length=2000, editable=False, db_index=True)
    founded_on = models.DateField(_("founding date"))
    ended_on = models.DateField(_("end date"), null=True, blank=True)
    end_reason = models.CharField(_("why it ended"), max_length=20, choices=EndReason.choices, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            ends_after("founded_on", "ended_on", name="orgs_org_ends_after_founding"),
            models.CheckConstraint(
                condition=Q(group="") | Q(kind=OrgKind.ASSOCIATION),
                name="orgs_org_group_only_for_associations",
            ),
        ]
        indexes = [
            # Whether a national union stands alone at the top (`permissions.is_only_root`, asked once or twice on
            # every national officer's page): a scan of the 20,000 units took ~4.4 ms of PostgreSQL each time.
            models.Index(fields=["kind"], name="orgs_org_by_kind"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        """Not ended by today: an end dated ahead is only scheduled (decision 0007)."""
        return self.ended_on is None or self.ended_on > timezone.localdate()

    @property
    def end_scheduled(self) -> bool:
        return self.ended_on is not None and self.ended_on > timezone.localdate()

    def exists_on(self, on: object) -> bool:
        return self.founded_on <= on and (self.ended_on is None or on < self.ended_on)  # type: ignore[operator]

    def check_exists_on(self, on: dt.date) -> None:
        """Refuse a record dated `on` for a unit that had not been founded yet or had already ended."""
        if not self.exists_on(on):
            raise ValidationError(
                gettext("%(name)s did not exist on %(date)s.") % {"name": self.name, "date": f"{on:%d/%m/%Y}"},
                code="org_not_existing",
            )

    def check_exists_in(self, year: int) -> None:
        """Refuse a yearly record (a budget, a rating, an initiative) for a year the unit saw no day of."""
        if year < self.founded_on.year or (self.ended_on is not None and year > self.ended_on.year):
            raise ValidationError(
                gettext("%(name)s did not exist in %(year)s.") % {"name": self.name, "year": year},
                code="org_not_existing",
            )


class OrgSpell(models.Model):
    """Where a node stood and what it was called over one period."""

    org = models.ForeignKey(Org, on_delete=models.CASCADE, related_name="spells")
    parent = models.ForeignKey(Org, null=True, blank=True, on_delete=models.PROTECT, related_name="child_spells")
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    name_folded = models.CharField(max_length=255, editable=False)
    name_sort = models.CharField(max_length=2000, editable=False)
    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("period")
        verbose_name_plural = _("periods")
        constraints = [
            ends_after("valid_from", "valid_to", name="orgs_spell_valid_range"),
            one_open("org", end="valid_to", name="orgs_spell_one_open_per_org"),
        ]
        indexes = [
            models.Index(fields=["parent", "valid_from", "valid_to"], name="orgs_spell_children_on"),
            models.Index(fields=["org", "valid_from"], name="orgs_spell_org_history"),
            # names are unique among the children of one parent on any date
            models.Index(fields=["parent", "name_sort"], name="orgs_spell_sibling_name"),
        ]

    def __str__(self) -> str:
        return f"{self.name} [{self.valid_from} – {self.valid_to or '…'}]"


class OrgClosure(models.Model):
    """`ancestor` stood above `descendant` (at `depth` levels) from `valid_from` until `valid_to`.

    `final` marks the placement a node kept to its end: every open row, and the rows closed when
    the node itself was dissolved or merged away. Access follows final rows, so a union keeps the
    records of the nodes it dissolved, and a node that moved away takes its records with it.
    """

    ancestor = models.ForeignKey(Org, on_delete=models.CASCADE, related_name="closure_down")
    descendant = models.ForeignKey(Org, on_delete=models.CASCADE, related_name="closure_up")
    depth = models.PositiveSmallIntegerField()
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)
    final = models.BooleanField(default=True)

    class Meta:
        constraints = [
            ends_after("valid_from", "valid_to", name="orgs_closure_valid_range"),
        ]
        indexes = [
            # subtree(node, on=date)
            models.Index(fields=["ancestor", "valid_from", "valid_to"], name="orgs_closure_subtree_on"),
            # ancestors(node, on=date)
            models.Index(fields=["descendant", "valid_from", "valid_to"], name="orgs_closure_ancestors_on"),
            # what a role on a node gives access to
            models.Index(fields=["ancestor", "descendant"], condition=Q(final=True), name="orgs_closure_access"),
        ]

    def __str__(self) -> str:
        return f"{self.ancestor_id} > {self.descendant_id} ({self.depth}) [{self.valid_from} – {self.valid_to or '…'}]"


class EventKind(models.TextChoices):
    CREATE = "create", pgettext_lazy("event", "Created")
    UPDATE = "update", pgettext_lazy("event", "Details changed")
    RENAME = "rename", pgettext_lazy("event", "Renamed")
    MOVE = "move", pgettext_lazy("event", "Moved")
    CHILD_IN = "child_in", pgettext_lazy("event", "Unit came under it")
    CHILD_OUT = "child_out", pgettext_lazy("event", "Unit left it")
    MERGE_IN = "merge_in", pgettext_lazy("event", "Received a merge")
    MERGE_OUT = "merge_out", pgettext_lazy("event", "Merged away")
    SPLIT = "split", pgettext_lazy("event", "Split")
    DISSOLVE = "dissolve", pgettext_lazy("event", "Dissolved")
    ROLE_GRANT = "role_grant", pgettext_lazy("event", "Role granted")
    ROLE_END = "role_end", pgettext_lazy("event", "Role ended")
    CANCEL = "cancel", pgettext_lazy("event", "Scheduled change cancelled")


class OrgEvent(AuditEvent):
    """One change to a node: the audit trail and the node's timeline are this table. `data` holds the values
    before and after, and the other nodes involved (ids and names)."""

    org = models.ForeignKey(Org, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    effective_on = models.DateField(_("effective date"))
    # Units, their names and details (a unit's address, phone, e-mail, notes), and the staff accounts a role is
    # granted to or a change was made by: no member's values.
    personal_data = PersonalData(
        others={"name", "short_name", "place_name", "address", "phone", "email", "notes", "parent", "child",
                "children_to", "destination", "into", "origin", "user", "actor"}
    )  # fmt: skip

    class Meta(AuditEvent.Meta):
        verbose_name = _("unit event")
        verbose_name_plural = _("unit events")
        indexes = [models.Index(fields=["org", "effective_on", "id"], name="orgs_event_timeline")]
        ordering = ["effective_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.org_id} {self.effective_on}"

    @property
    def summary(self) -> str:
        """One sentence saying what happened, in the reader's language."""
        from lienhiep.orgs.events import describe

        return describe(self)


class HeldRecordEvent(AuditEvent):
    """The shape of the event tables of records a node holds (activities, honours, budget lines, a unit's collective
    members…): the node (`org`), what the row is about (`target`, a name the app chooses, and `target_id`), and the
    audit fields of every event table. Rows outlive what they describe (a deleted honour keeps its trail). An app's
    table redeclares `kind` with its choices, and adds the indexes its own reads need."""

    org = models.ForeignKey(Org, on_delete=models.CASCADE, related_name="+")
    target = models.CharField(max_length=20)
    target_id = models.PositiveBigIntegerField()

    class Meta(AuditEvent.Meta):
        abstract = True
        # A record's history: the event rows of one target, in order.
        indexes = [models.Index(fields=["target", "target_id", "at"], name="%(app_label)s_event_target")]

    # What each kind of record the table's rows are about is called in `target`, by its model's name (a concrete
    # table's own: `{"spending": "spending"}`).
    targets: ClassVar[dict[str, str]] = {}

    def __str__(self) -> str:
        return f"{self.kind} {self.target} {self.target_id}"

    @classmethod
    def columns_of(cls, row: models.Model, given: Iterable[str]) -> dict[str, Any]:
        """A move on a record its unit holds (`record_of`, `save_and_record`): the unit (`row.org`), the record's
        name (`targets`) and its id, unless given (a record its unit does not hold, a partner, names the unit)."""
        given = set(given)
        taken: dict[str, Any] = {"target_id": row.pk}
        if not given & {"org", "org_id"}:
            taken["org"] = row.org  # type: ignore[attr-defined]
        if "target" not in given:
            taken["target"] = cls.targets[row._meta.model_name or ""]
        return {name: value for name, value in taken.items() if name not in given}


class RecordEvent(AuditEvent):
    """The shape of the event tables of one kind of record a node holds, kept with a foreign key to it (`record_field`,
    the key's name: a campaign, a submission, a report): the unit (`org`) and the record are taken from the record
    moved (`record_of`, `save_and_record`) unless given; a row about anything else (a template, a comment) is given
    its columns. A concrete table declares the key, its `kind` with its choices and its indexes."""

    org = models.ForeignKey(Org, on_delete=models.CASCADE, related_name="+")

    record_field: ClassVar[str]

    class Meta(AuditEvent.Meta):
        abstract = True

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d}"  # type: ignore[attr-defined]

    @classmethod
    def columns_of(cls, row: models.Model, given: Iterable[str]) -> dict[str, Any]:
        if not isinstance(row, cls._meta.get_field(cls.record_field).related_model):  # type: ignore[arg-type]
            return {}
        given = set(given)
        pairs = (("org", row.org), (cls.record_field, row))  # type: ignore[attr-defined]
        return {name: value for name, value in pairs if not given & {name, f"{name}_id"}}


class UnitFileImport(FileImport):
    """A file imported all rows or none for a unit (`core.models.FileImport`): the unit it was uploaded for, whose
    rows may name it and the units under it (activities, initiatives, a union's list of experts)."""

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+")

    class Meta:
        abstract = True


class RoleKind(models.TextChoices):
    OFFICER = "officer", _("Union officer")
    SECRETARY = "secretary", _("Member-association secretary")
    LEADER = "leader", _("Leader (read only)")


class Role(models.Model):
    """A user's role on a node; it holds for the node's whole subtree while it is valid."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="roles")
    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="roles")
    kind = models.CharField(_("role"), max_length=20, choices=RoleKind.choices)
    title = models.CharField(_("title"), max_length=120, blank=True)
    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            # [valid_from, valid_to): a role ended the day it began ([d, d)) never counted, and that is allowed —
            # a role granted by mistake is ended the same day, and stays in the unit's history.
            ends_after("valid_from", "valid_to", name="orgs_role_valid_range", same_day=True),
        ]
        indexes = [models.Index(fields=["user", "valid_from", "valid_to"], name="orgs_role_user_on")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.org}"


class ObjectGrant(models.Model):
    """Access to one record (`obj`: a dossier, later a contest entry) given to one user for a time, outside the
    roles: an expert assigned to a dossier, a juror to an entry. `org` is the unit that holds the record, so a grant
    always lies inside a subtree and the roles on it manage it. It holds from `starts` to `ends` (both days
    included; no end: until revoked) unless revoked. A user holding grants and no role sees the records granted and
    nothing else of the site (orgs/grants.py)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="object_grants")
    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+")
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    kind = models.CharField(pgettext_lazy("grant", "kind"), max_length=20)
    starts = models.DateField(_("from"))
    ends = models.DateField(_("until"), null=True, blank=True)
    reason = models.TextField(pgettext_lazy("grant", "reason"), blank=True)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    given_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("grant")
        verbose_name_plural = _("grants")
        constraints = [
            ends_after("starts", "ends", name="orgs_grant_valid_range", same_day=True),
        ]
        indexes = [
            # What a user may open (`grants.holds`, `grants.granted_ids`): their open grants of a kind of record.
            models.Index(
                fields=["user", "content_type", "kind", "object_id"],
                condition=Q(revoked_at__isnull=True),
                name="orgs_grant_user_objects",
            ),
            # Who holds a record (`grants.of_object`).
            models.Index(fields=["content_type", "object_id"], name="orgs_grant_object"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.content_type_id}:{self.object_id} – {self.user_id}"

    def holds_on(self, on: dt.date) -> bool:
        return self.revoked_at is None and self.starts <= on and (self.ends is None or on <= self.ends)


class GrantEventKind(models.TextChoices):
    GIVE = "give", pgettext_lazy("event", "Access granted")
    REVOKE = "revoke", pgettext_lazy("event", "Access revoked")


class ObjectGrantEvent(HeldRecordEvent):
    """A grant given or revoked (`target` "grant", `target_id` the grant): the unit's audit trail reads it."""

    targets = {"objectgrant": "grant"}

    kind = models.CharField(max_length=20, choices=GrantEventKind.choices)
    # The account given access and the record granted (a dossier, an entry: its title): no member's values (an
    # expert's account is not a member's record).
    personal_data = PersonalData(others={"user", "object"})

    class Meta(HeldRecordEvent.Meta):
        verbose_name = _("grant event")
        verbose_name_plural = _("grant events")


class NightlyFigure(models.Model):
    """The figures of a node of a kind in `settings.FIGURES_NIGHTLY_KINDS` (the country) as the nightly
    `manage.py figures_nightly` computed them, piece for piece as `orgs.figures.pieced` cuts them. No trigger
    forgets them: when a write has forgotten a remembered piece of such a node, a page shows this one, with the
    time it was computed, rather than recount the whole country on a request (decision 0009)."""

    org = models.ForeignKey(Org, on_delete=models.CASCADE, related_name="+")
    source = models.CharField(max_length=30)
    first = models.DateField()
    last = models.DateField()
    data = models.JSONField()
    computed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["org", "source", "first", "last"], name="orgs_nightly_unique_piece"),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.first}–{self.last} ({self.computed_at:%Y-%m-%d %H:%M})"


def piece_id() -> int:
    """A stored piece's id: drawn at random, so that no id is ever given twice (a sequence gives a number again on
    SQLite once the insert that took it is rolled back), as readers that keep pieces by id need (`orgs.figures`)."""
    return secrets.randbits(63)


class RememberedFigure(models.Model):
    """Figures of one source (activities, member counts, …) over a node's subtree for one closed piece of time — a
    day up to today, or a whole calendar month or year before it — as `orgs.figures` stored them the first time
    they were computed. Deleted by database triggers when a row they were computed from changes (decision 0006).

    An open piece (this month or year, to a day) is stored for the day it was computed on (`on`), and read on that
    day only (decision 0020): its row spans its whole calendar month or year (`first`–`last`, so that the triggers
    forget it whenever any record of that month or year changes) and counts the days `first`–`upto`."""

    id = models.BigIntegerField(primary_key=True, default=piece_id, editable=False)
    org = models.ForeignKey(Org, on_delete=models.CASCADE, related_name="+")
    source = models.CharField(max_length=30)
    first = models.DateField()
    last = models.DateField()
    data = models.JSONField()
    # An open piece's: the day it was computed on and is read on, and the last day it counts (both null if closed).
    on = models.DateField(null=True, blank=True)
    upto = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["org", "source", "first", "last"],
                condition=models.Q(on__isnull=True),
                name="orgs_figure_unique_piece",
            ),
            models.UniqueConstraint(
                fields=["org", "source", "first", "upto", "on"],
                condition=models.Q(on__isnull=False),
                name="orgs_figure_unique_open_piece",
            ),
            models.CheckConstraint(
                condition=models.Q(on__isnull=True, upto__isnull=True) | models.Q(on__isnull=False, upto__isnull=False),
                name="orgs_figure_open_piece_whole",
            ),
        ]
        indexes = [
            # The triggers: a source's pieces that end on or after a date (tree changes, member counts) ...
            models.Index(fields=["source", "last", "first"], name="orgs_figure_forget"),
            # ... and those that start in a range (the pieces containing a record's dates)
            models.Index(fields=["source", "first"], name="orgs_figure_forget_start"),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.org_id} {self.first}–{self.last}"
