"""The data inventory (Law 91/2025/QH15: a controller knows what personal data it holds and who reads it), built from
the models' fields and the small map below, so that it cannot go stale: a field whose name looks personal must be
classified here (`tests/test_inventory.py` fails otherwise), and the page (`core.admin`, for the system
administrator) lists every table holding personal data with its fields, their category and who can read them.

Categories follow Decree 356/2025/NĐ-CP: basic personal data, and sensitive data (citizen ID numbers, political
affiliation, health, and the history of a person's activity online — the event rows' address and browser)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.apps import apps
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

BASIC, SENSITIVE = "basic", "sensitive"
CATEGORY_LABELS = {BASIC: _("basic"), SENSITIVE: _("sensitive")}

# A field whose name says it may hold personal data; each such field is classified in PERSONAL or NOT_PERSONAL.
LOOKS_PERSONAL = re.compile(
    r"name|phone|email|address|birth|id_number|health|party|gender|^ip$|user_agent|requester|representative|author|"
    r"notes?$|signer|workplace|position|reply|details|person|actor|user$|recorded_by|handler"
)

# Who reads a table's rows, in words.
ROLES = _("the roles on the record's unit and the units above it")
ADMIN = _("the system administrator")
AUDIT = _("the system administrator (admin), and the officers of the unit (audit trail)")

# Every event table (core.models.AuditEvent) holds who did what, from which address and browser.
EVENT_FIELDS = {"actor": BASIC, "ip": SENSITIVE, "user_agent": SENSITIVE, "data": BASIC}

# table label -> ({field: category}, who reads it)
PERSONAL: dict[str, tuple[dict[str, str], Promise]] = {
    "accounts.User": (
        {
            "username": BASIC,
            "first_name": BASIC,
            "last_name": BASIC,
            "full_name": BASIC,
            "email": BASIC,
            "phone": BASIC,
        },
        _("the system administrator, the user themself, and the officers granting roles (name only)"),
    ),
    "members.Person": (
        {
            "full_name": BASIC,
            "name_folded": BASIC,
            "name_sort": BASIC,
            "gender": BASIC,
            "birth_date": BASIC,
            "phone": BASIC,
            "phone_digits": BASIC,
            "email": BASIC,
            "address": BASIC,
            "workplace": BASIC,
            "position": BASIC,
            "notes": BASIC,
            "id_number": SENSITIVE,
            "party_member": SENSITIVE,
            "health_note": SENSITIVE,
        },
        _(
            "the roles on the units the person is or was a member of: the citizen ID masked (revealed to EDIT, each "
            "reveal logged), Party membership and health to union officers (MANAGE) only"
        ),
    ),
    "members.Membership": ({"person": BASIC, "card_number": BASIC, "name_folded": BASIC}, ROLES),
    "members.PersonEvent": ({"person": BASIC}, _("the roles on the person's units (the person's history)")),
    "members.CollectiveMember": ({"representative": BASIC, "phone": BASIC, "email": BASIC}, ROLES),
    "members.Consent": ({"person": BASIC, "recorded_by": BASIC}, ROLES),
    "members.ImportRow": ({"full_name": BASIC, "persons": BASIC}, _("the user who uploaded the import")),
    "members.ImportBatch": ({"actor": BASIC, "name_suggestions": BASIC}, _("the user who uploaded the import")),
    "members.ExportLog": ({"actor": BASIC}, ADMIN),
    "members.PersonMerge": ({"actor": BASIC}, ROLES),
    "members.SubjectRequest": (
        {"person": BASIC, "requester": BASIC, "details": BASIC, "reply": BASIC, "handler": BASIC},
        _("the roles on the unit that received the request; its officers handle it"),
    ),
    "members.Breach": ({"recorded_by": BASIC}, ROLES),
    "governance.Seat": ({"person": BASIC, "position": BASIC}, ROLES),
    "awards.Honour": ({"person": BASIC, "person_name": BASIC}, ROLES),
    "awards.Nomination": ({"person": BASIC, "reason": BASIC, "refusal": BASIC, "withdrawal": BASIC}, ROLES),
    "activities.Initiative": ({"author_names": BASIC, "authors": BASIC}, ROLES),
    # The members named as having taken part (an outside contest's entrants).
    "activities.Activity": ({"members": BASIC}, ROLES),
    "activities.InitiativeImport": ({"actor": BASIC}, _("the user who uploaded the import")),
    "activities.ActivityImport": ({"actor": BASIC}, _("the user who uploaded the import")),
    # A file's notes name the experts whose rows were merged or left out, as the file wrote them.
    "experts.ExpertImport": ({"actor": BASIC, "notes": BASIC}, _("the user who uploaded the import")),
    "reporting.Report": ({"signer": BASIC, "signer_name": BASIC}, ROLES),
    "reporting.Block": ({"author": BASIC}, ROLES),
    "reporting.BlockRevision": ({"actor": BASIC}, ROLES),
    "reporting.ReportComment": ({"author": BASIC}, ROLES),
    "reporting.Rendering": ({"actor": BASIC}, _("the user who asked for the file")),
    "core.Export": ({"actor": BASIC}, _("the user who asked for the file")),
    "core.ReminderLog": ({"recipients": BASIC}, ADMIN),
    "orgs.Role": ({"user": BASIC}, ROLES),
    "orgs.ObjectGrant": ({"user": BASIC}, ROLES),
    "experts.Expert": (
        {
            "person": BASIC,
            "full_name": BASIC,
            "name_folded": BASIC,
            "name_sort": BASIC,
            "workplace": BASIC,
            "workplace_folded": BASIC,
            "position": BASIC,
            "email": BASIC,
            "phone": BASIC,
            "notes": BASIC,
            "user": BASIC,
        },
        _("the roles on the unit keeping the list of experts and the units above it"),
    ),
    "reviews.DossierAccess": ({"user": BASIC}, _("the officers of the dossier's unit")),
    # An expert's comment is their opinion under their name (typed by the office from paper: `author_name`); a working
    # paper, not a document of record: an erased member's comments show the erased record's name (decision 0018).
    "reviews.DraftComment": ({"author": BASIC, "author_name": BASIC}, _("the dossier's staff and its experts")),
    "reviews.Opinion": ({"signer_name": BASIC}, ROLES),
    # A contest entry's authors (members or outside persons, minors among them, with their guardians).
    "contests.EntryAuthor": (
        {
            "person": BASIC,
            "full_name": BASIC,
            "birth_date": BASIC,
            "workplace": BASIC,
            "guardian_name": BASIC,
            "guardian_phone": BASIC,
        },
        _("the roles on the entry's sending unit and on the contest's organiser, and the units above them"),
    ),
    "contests.BoardApproval": ({"recorded_by": BASIC}, ROLES),
    "contests.ResultsDecision": ({"signer_name": BASIC}, ROLES),
    "accounts.AccountEvent": ({"user": BASIC}, ADMIN),
    "accounts.Session": ({"user": BASIC}, ADMIN),
    # A reset's address is kept only as a digest, to count the e-mails sent to it.
    "accounts.PasswordResetRequest": ({"address_digest": BASIC, "ip": SENSITIVE}, ADMIN),
}

# The fields that keep an erased member's name, and why (decision 0018): an issued, signed document is a record of
# the State's format (Decree 30/2020/NĐ-CP), kept by the Law on Archives 2024; Law 91/2025/QH15 lets a controller
# keep what a law obliges it to keep. Each app's erasure (`AppConfig.person_erasure`) counts these rows in the
# erasure's event (`documents_kept`), and tests/test_redaction.py checks the two lists are the same.
RETAINED_ON_ERASURE: dict[str, str] = {
    "reporting.Report.signer_name": "the signer printed on an issued report (unissued: emptied)",
    "reviews.Opinion.signer_name": "the signer printed on an issued opinion (unissued: emptied)",
    "contests.ResultsDecision.signer_name": "the signer printed on an issued results decision (unissued: emptied)",
}

# Fields whose names look personal but hold none: a unit's own details, names of things, counts, file names.
NOT_PERSONAL: dict[str, set[str]] = {
    "orgs.Org": {"name", "short_name", "place_name", "name_sort", "address", "phone", "email", "notes"},
    "orgs.OrgSpell": {"name", "short_name", "name_folded", "name_sort"},
    "members.Field": {"name"},
    "members.CollectiveMember": {"name"},  # an enterprise's or an institute's name
    "members.ImportBatch": {"file_name", "name_suggestion_count", "created_persons"},
    "members.Breach": {"persons_affected"},
    "core.Export": {"file_name"},
    "governance.Congress": {"notes"},
    "governance.TargetValue": {"note"},
    "activities.Partner": {"name", "name_folded", "notes"},
    "activities.Activity": {"notes", "participants_members", "persons_advised"},
    "activities.ActivityFile": {"original_name", "stored_name"},
    # An initiatives' or activities' file has no notes (core.importers: only the experts' check writes some).
    "activities.InitiativeImport": {"file_name", "notes"},
    "activities.ActivityImport": {"file_name", "notes"},
    "experts.ExpertImport": {"file_name"},
    "awards.Honour": {"issuer_name"},
    "awards.EmulationRating": {"notes"},
    "awards.Nomination": {"issuer_name"},
    "awards.NominationFile": {"original_name", "stored_name"},
    "finance.Budget": {"notes"},
    "reporting.ReportTemplate": {"name"},
    "reporting.Report": {"place_name", "authority", "signer_title", "collective_author"},
    "reporting.Rendering": {"names"},
    # Where a figure does not add up (a prize table: groups, ranks and counts), in words: no one is named.
    "reporting.FigureValue": {"notes"},
    "accounts.User": {"is_superuser", "user_permissions"},
    "core.WorkerHeartbeat": {"hostname"},  # the server's name
    "campaigns.Attachment": {"name"},  # a file's name
    # A requester is a body (a committee, a department, an enterprise), and the reply is the union's letter.
    "reviews.Dossier": {"requester_name", "requester_folded", "requester_type", "reply_number", "reply_date"},
    "reviews.RegulationProfile": {"name"},
    "reviews.ReviewPlan": {"note"},  # the topics a plan names
    "reviews.Draft": {"file_name"},
    "reviews.DraftComment": {"decision_note", "reply_to"},  # the secretary's reason; the comment it answers
    "reviews.Opinion": {"authority", "position", "signer_title"},  # the union's position, not a person's post
    # Contests: names of things, the authors' school or company as printed on the results, the file as uploaded.
    "contests.Contest": {"name"},
    "contests.ContestField": {"name"},
    "contests.Category": {"name"},
    "contests.Criterion": {"name"},
    "contests.Entry": {"author_unit"},
    "contests.EntryFile": {"original_name", "stored_name"},
    "contests.EntryPrize": {"position"},  # a place in the ranking
    "contests.BoardApproval": {"note"},  # about the board's vote, not its members
    "contests.ResultsDecision": {"authority", "signer_title"},  # the board's or the chair's post, not a person
}


@dataclass(frozen=True)
class Table:
    label: str
    name: str  # the model's verbose name
    db_table: str
    fields: list[tuple[str, str]]  # (field's verbose name, category label)
    readers: str
    sensitive: bool


def _fields(model: type[models.Model]) -> list[models.Field]:  # type: ignore[type-arg]
    return [*model._meta.concrete_fields, *model._meta.many_to_many]  # type: ignore[list-item]


def classified(model: type[models.Model]) -> dict[str, str]:
    """The model's personal fields and their category: the map's, and an event table's own."""
    from lienhiep.core.models import AuditEvent

    out = dict(EVENT_FIELDS) if issubclass(model, AuditEvent) else {}
    declared = PERSONAL.get(model._meta.label)
    if declared:
        out.update(declared[0])
    return out


def unclassified() -> list[str]:
    """The fields of our models whose names look personal and that neither map classifies: `label.field`."""
    missing = []
    for model in apps.get_models():
        if not model.__module__.startswith("lienhiep."):
            continue
        known = set(classified(model)) | NOT_PERSONAL.get(model._meta.label, set())
        missing += [f"{model._meta.label}.{f.name}" for f in _fields(model) if LOOKS_PERSONAL.search(f.name)
                    and f.name not in known]  # fmt: skip
    return sorted(missing)


def inventory() -> list[Table]:
    """Every table of ours that holds personal data, in the order of the apps."""
    tables = []
    for model in apps.get_models():
        if not model.__module__.startswith("lienhiep."):
            continue
        personal = classified(model)
        if not personal:
            continue
        names = {f.name: str(getattr(f, "verbose_name", f.name)) for f in _fields(model)}
        declared = PERSONAL.get(model._meta.label)
        tables.append(
            Table(
                label=model._meta.label,
                name=str(model._meta.verbose_name),
                db_table=model._meta.db_table,
                fields=[(names.get(name, name), str(CATEGORY_LABELS[cat])) for name, cat in personal.items()],
                readers=str(declared[1] if declared else AUDIT),
                sensitive=SENSITIVE in personal.values(),
            )
        )
    return tables
