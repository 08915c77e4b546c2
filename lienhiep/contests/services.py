"""Writes of contests: contests and editions, the rules of an edition (fields, categories, rounds and their rubric, the
prize table) and their copy from the previous edition, the moves of `EDITION_TRANSITIONS`, entries (sent by a unit,
or typed by the organiser from paper) with their authors and files, and screening. Keyword-only, atomic, with an
actor; bad input raises ValidationError in Vietnamese and changes nothing. Every change writes an event row: an
`EditionEvent` on the organiser, an `EntryEvent` on the sending unit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from lienhiep.contests import eligibility
from lienhiep.contests.models import (
    EDITION_TRANSITIONS,
    ENTRY_TRANSITIONS,
    RULES_EDITABLE,
    Category,
    Contest,
    ContestField,
    Criterion,
    Edition,
    EditionEvent,
    EditionEventKind,
    EditionStatus,
    Entry,
    EntryAuthor,
    EntryEvent,
    EntryEventKind,
    EntryFile,
    EntryFileKind,
    EntryStatus,
    PrizeRow,
    Round,
)
from lienhiep.contests.permissions import may_submit, organiser_level, require_organiser
from lienhiep.core import services as core_services
from lienhiep.core.text import fold, nfc
from lienhiep.core.transitions import check_move
from lienhiep.orgs import selectors as org_selectors
from lienhiep.orgs.models import Org
from lienhiep.orgs.permissions import Access, access_level, require_can
from lienhiep.orgs.selectors import today

EDITION_FIELDS = (
    "year_start", "year_end", "rules_number", "rules_date", "rules_text", "opens_on", "closes_on", "applied_place",
    "applied_since", "born_from", "born_to",
)  # fmt: skip
# What "copy the rules" carries over besides the rule rows: the dates are the new edition's own.
COPIED_RULES = ("rules_text", "applied_place")
FILE_DIR = "contests"  # an entry's dossier files, under generated names (core.services.uploads_stored)


def _clean(value: Any) -> Any:
    return " ".join(nfc(value).split()) if isinstance(value, str) else value


def _edition_event(edition: Edition, actor: Any, kind: str, *, target: str, target_id: int, **data: Any) -> None:
    EditionEvent.record(
        actor=actor, kind=kind, org=edition.contest.org, edition=edition, target=target, target_id=target_id, data=data
    )


def _entry_event(
    entry: Entry, actor: Any, kind: str, *, target: str = "entry", target_id: int = 0, **data: Any
) -> None:
    EntryEvent.record(
        actor=actor,
        kind=kind,
        org=entry.sending_unit,
        entry=entry,
        target=target,
        target_id=target_id or entry.pk,
        data=data,
    )


# --- Contests and editions ----------------------------------------------------------------------------------------


@transaction.atomic
def contest_create(*, actor: Any, org: Org, type: str, level: str, name: str, area: str = "") -> Contest:  # noqa: A002
    """A contest `org` organises (its editions follow)."""
    require_can(actor, org, Access.EDIT)
    contest = Contest(org=org, type=type, level=level, name=_clean(name), area=_clean(area))
    contest.full_clean()
    contest.save()
    return contest


def _check_edition(edition: Edition) -> None:
    for name in ("rules_number", "rules_text", "applied_place"):
        setattr(edition, name, nfc(getattr(edition, name) or "").strip())
    if edition.closes_on < edition.opens_on:
        raise ValidationError({"closes_on": _("The window closes after it opens.")})
    if edition.year_end < edition.year_start:
        raise ValidationError({"year_end": _("The last year comes after the first.")})
    if edition.born_from and edition.born_to and edition.born_to < edition.born_from:
        raise ValidationError({"born_to": _("The birth-date range ends after it begins.")})
    edition.full_clean()


def _snapshot(edition: Edition) -> dict[str, Any]:
    return {name: getattr(edition, name) for name in EDITION_FIELDS}


@transaction.atomic
def edition_create(*, actor: Any, contest: Contest, number: int | None = None, **details: Any) -> Edition:
    """A new edition of `contest`, its rules being prepared (draft); numbered after the last one unless `number`."""
    require_can(actor, contest.org, Access.EDIT)
    unknown = set(details) - set(EDITION_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    if number is None:
        number = (contest.editions.aggregate(n=Max("number"))["n"] or 0) + 1
    if contest.editions.filter(number=number).exists():
        raise ValidationError({"number": _("This contest already has an edition numbered %(n)s.") % {"n": number}})
    edition = Edition(contest=contest, number=number, created_by=actor, status_since=today(), **details)
    _check_edition(edition)
    edition.save()
    _edition_event(
        edition, actor, EditionEventKind.CREATE, target="edition", target_id=edition.pk, after=_snapshot(edition)
    )
    return edition


@transaction.atomic
def edition_update(*, actor: Any, edition: Edition, **details: Any) -> Edition:
    """Correct an edition's rules while they may still change (draft or open); the event keeps what they said."""
    require_organiser(actor, edition)
    if edition.status not in RULES_EDITABLE:
        raise ValidationError(_("The rules of an edition being judged are no longer changed."))
    before = _snapshot(edition)
    for name, value in details.items():
        if name not in EDITION_FIELDS:
            raise TypeError(f"unknown field {name}")
        setattr(edition, name, value)
    _check_edition(edition)
    after = _snapshot(edition)
    changed = [key for key in after if after[key] != before[key]]
    if changed:
        edition.save()
        _edition_event(
            edition, actor, EditionEventKind.UPDATE, target="edition", target_id=edition.pk,
            before={k: before[k] for k in changed}, after={k: after[k] for k in changed},
        )  # fmt: skip
    return edition


def _rules_open(actor: Any, edition: Edition) -> None:
    require_organiser(actor, edition)
    if edition.status != EditionStatus.DRAFT:
        raise ValidationError(_("Fields, rounds and prizes are entered while the rules are being prepared."))


def _saved[M: (ContestField, Category, Round, Criterion, PrizeRow)](
    row: M, actor: Any, edition: Edition, target: str
) -> M:
    EditionEvent.save_and_record(
        row,
        actor=actor,
        kind=EditionEventKind.UPDATE,
        org=edition.contest.org,
        edition=edition,
        target=target,
        data=lambda row: {"after": str(row)},
    )
    return row


@transaction.atomic
def field_add(*, actor: Any, edition: Edition, name: str, order: int | None = None) -> ContestField:
    _rules_open(actor, edition)
    order = edition.fields.count() + 1 if order is None else order
    return _saved(ContestField(edition=edition, name=_clean(name), order=order), actor, edition, "field")


@transaction.atomic
def category_add(*, actor: Any, field: ContestField, name: str, order: int | None = None) -> Category:
    _rules_open(actor, field.edition)
    order = field.categories.count() + 1 if order is None else order
    return _saved(Category(field=field, name=_clean(name), order=order), actor, field.edition, "category")


@transaction.atomic
def round_add(
    *, actor: Any, edition: Edition, kind: str, order: int | None = None, public_vote_share: Decimal | int = 0,
    drop_outliers: bool = False, approval_threshold: Decimal | int | None = None,
) -> Round:  # fmt: skip
    _rules_open(actor, edition)
    order = (edition.rounds.aggregate(n=Max("order"))["n"] or 0) + 1 if order is None else order
    row = Round(
        edition=edition, kind=kind, order=order, public_vote_share=Decimal(public_vote_share),
        drop_outliers=drop_outliers,
        approval_threshold=None if approval_threshold is None else Decimal(approval_threshold),
    )  # fmt: skip
    return _saved(row, actor, edition, "round")


def _clean_bands(bands: Sequence[dict[str, Any]], max_points: Decimal) -> list[dict[str, Any]]:
    cleaned = []
    for band in bands:
        low, high = Decimal(str(band["min"])), Decimal(str(band["max"]))
        if not Decimal(0) <= low <= high <= max_points:
            raise ValidationError(
                _("A scoring band lies between 0 and the criterion's maximum (%(max)s).") % {"max": max_points}
            )
        cleaned.append({"label": _clean(str(band.get("label", ""))), "min": str(low), "max": str(high)})
    return cleaned


@transaction.atomic
def criterion_add(
    *, actor: Any, round: Round, name: str, max_points: Decimal | int, bands: Sequence[dict[str, Any]] = (),  # noqa: A002
    order: int | None = None,
) -> Criterion:  # fmt: skip
    _rules_open(actor, round.edition)
    maximum = Decimal(max_points)
    order = round.criteria.count() + 1 if order is None else order
    row = Criterion(round=round, name=_clean(name), max_points=maximum, bands=_clean_bands(bands, maximum), order=order)
    return _saved(row, actor, round.edition, "criterion")


@transaction.atomic
def prize_row_add(
    *, actor: Any, edition: Edition, rank: str, count: int, amount: Decimal | int = 0, extra_honour: str = "",
    field: ContestField | None = None, category: Category | None = None,
) -> PrizeRow:  # fmt: skip
    _rules_open(actor, edition)
    if category is not None:
        field = category.field
    if field is not None and field.edition_id != edition.pk:
        raise ValidationError(_("The field is not one of this edition's."))
    same = PrizeRow.objects.filter(edition=edition, field=field, category=category, rank=rank)
    if same.exists():
        raise ValidationError(_("The prize table already has this prize for this field or category."))
    row = PrizeRow(
        edition=edition, field=field, category=category, rank=rank, count=count, amount=Decimal(amount),
        extra_honour=_clean(extra_honour),
    )  # fmt: skip
    return _saved(row, actor, edition, "prize")


def previous_edition(edition: Edition) -> Edition | None:
    """The contest's edition numbered just before `edition`."""
    return Edition.objects.filter(contest_id=edition.contest_id, number__lt=edition.number).order_by("-number").first()


@transaction.atomic
def edition_copy_rules(*, actor: Any, edition: Edition, source: Edition | None = None) -> Edition:
    """Copy the rules of `source` (the previous edition by default) into `edition`, whose rules are being prepared
    and still empty: the public rules text and the place of application, every field with its categories, every
    round with its criteria, and every row of the prize table, as new rows (nothing shared: changing the copy leaves
    the source as it was). The dates (window, eligibility, decision) are the new edition's own. One transaction."""
    _rules_open(actor, edition)
    source = source or previous_edition(edition)
    if source is None:
        raise ValidationError(_("This contest has no earlier edition to copy the rules from."))
    if source.pk == edition.pk or source.contest_id != edition.contest_id:
        raise ValidationError(_("Rules are copied from an earlier edition of the same contest."))
    if edition.fields.exists() or edition.rounds.exists() or edition.prize_rows.exists():
        raise ValidationError(_("This edition already has rules; copy them into an edition with none."))
    for name in COPIED_RULES:
        setattr(edition, name, getattr(source, name))
    edition.save(update_fields=[*COPIED_RULES, "updated_at"])
    fields: dict[int, ContestField] = {}
    categories: dict[int, Category] = {}
    for old in source.fields.prefetch_related("categories"):
        fields[old.pk] = ContestField.objects.create(edition=edition, name=old.name, order=old.order)
        for cat in old.categories.all():
            categories[cat.pk] = Category.objects.create(field=fields[old.pk], name=cat.name, order=cat.order)
    for old_round in source.rounds.prefetch_related("criteria"):
        new_round = Round.objects.create(
            edition=edition, kind=old_round.kind, order=old_round.order, public_vote_share=old_round.public_vote_share,
            drop_outliers=old_round.drop_outliers, approval_threshold=old_round.approval_threshold,
        )  # fmt: skip
        Criterion.objects.bulk_create(
            Criterion(round=new_round, name=c.name, max_points=c.max_points, bands=list(c.bands), order=c.order)
            for c in old_round.criteria.all()
        )
    PrizeRow.objects.bulk_create(
        PrizeRow(
            edition=edition,
            field=fields.get(row.field_id) if row.field_id else None,
            category=categories.get(row.category_id) if row.category_id else None,
            rank=row.rank,
            count=row.count,
            amount=row.amount,
            extra_honour=row.extra_honour,
        )  # fmt: skip
        for row in source.prize_rows.all()
    )
    _edition_event(
        edition, actor, EditionEventKind.COPY, target="edition", target_id=edition.pk,
        from_edition=source.pk, fields=len(fields), categories=len(categories),
        rounds=source.rounds.count(), prize_rows=source.prize_rows.count(),
    )  # fmt: skip
    return edition


@transaction.atomic
def edition_move(*, actor: Any, edition: Edition, to: str, on: dt.date | None = None) -> Edition:
    """Move the edition to `to` if `EDITION_TRANSITIONS` allows it, with one event row. It opens with at least one
    field; a refused move changes nothing."""
    require_organiser(actor, edition)
    on = on or today()
    before = edition.status
    check_move(
        EDITION_TRANSITIONS, EditionStatus, before, to, _("An edition that is “%(before)s” cannot become “%(after)s”.")
    )
    if to == EditionStatus.OPEN and not edition.fields.exists():
        raise ValidationError(_("Enter the edition's fields before opening it for entries."))
    edition.status, edition.status_since = to, on
    edition.save(update_fields=["status", "status_since", "updated_at"])
    _edition_event(
        edition, actor, EditionEventKind.MOVE, target="edition", target_id=edition.pk, before=before, after=to
    )
    return edition


# --- Entries --------------------------------------------------------------------------------------------------------

AUTHOR_FIELDS = ("full_name", "birth_date", "workplace", "guardian_name", "guardian_phone", "consent_publish", "person")
ENTRY_FIELDS = ("title", "summary", "author_unit", "application_site", "applied_on")


def _authors(raw: Iterable[dict[str, Any]]) -> list[EntryAuthor]:
    rows = []
    for n, values in enumerate(raw, start=1):
        unknown = set(values) - set(AUTHOR_FIELDS)
        if unknown:
            raise TypeError(f"unknown author fields {sorted(unknown)}")
        person = values.get("person")
        name = _clean(values.get("full_name") or (person.full_name if person is not None else ""))
        if not name:
            raise ValidationError({"authors": _("Give each author's full name.")})
        rows.append(
            EntryAuthor(
                order=n,
                person=person,
                full_name=name,
                birth_date=values.get("birth_date"),
                workplace=_clean(values.get("workplace") or ""),
                guardian_name=_clean(values.get("guardian_name") or ""),
                guardian_phone=_clean(values.get("guardian_phone") or ""),
                consent_publish=bool(values.get("consent_publish")),
            )  # fmt: skip
        )
    if not rows:
        raise ValidationError({"authors": _("An entry has at least one author.")})
    return rows


def check_entry(
    edition: Edition, *, submitted_on: dt.date, application_site: str, applied_on: dt.date | None,
    authors: Sequence[EntryAuthor], from_paper: bool = False, window: bool = True,
) -> None:  # fmt: skip
    """Every problem of an entry against the edition's rules at once, as one ValidationError by field (`window`:
    whether the day it arrived is checked too; a correction of an entry received is not a new arrival)."""
    problems: dict[str, list[str]] = {}
    if not window:
        pass
    elif not from_paper:
        problems.update(eligibility.window_problems(edition, submitted_on))
    elif submitted_on > edition.closes_on:
        # A paper dossier counts by the day it was received, on time or not.
        problems.update(eligibility.window_problems(edition, submitted_on))
    problems.update(eligibility.application_problems(edition, site=application_site, applied_on=applied_on))
    facts = [eligibility.AuthorFacts(a.full_name, a.birth_date, a.guardian_name) for a in authors]
    author_problems = eligibility.author_problems(edition, facts)
    if author_problems:
        problems["authors"] = author_problems
    if problems:
        raise ValidationError(problems)


def _unit_in_line(edition: Edition, unit: Org, on: dt.date) -> bool:
    return unit.pk == edition.contest.org_id or any(
        node.pk == edition.contest.org_id for node in org_selectors.ancestors(unit, on=on)
    )


def entry_submit(
    *, actor: Any, edition: Edition, sending_unit: Org, field: ContestField, category: Category | None = None,
    title: str, authors: Iterable[dict[str, Any]], files_in: Iterable[tuple[str, File]] = (), summary: str = "",
    author_unit: str = "", application_site: str = "", applied_on: dt.date | None = None, from_paper: bool = False,
    submitted_on: dt.date | None = None, cited: bool = False,
) -> Entry:  # fmt: skip
    """Send an entry to `edition` for `sending_unit`: by one of the unit's roles (EDIT) while the edition is open, or
    by the organiser typing a paper dossier (`from_paper`, dated the day it was received; also while screening).
    The unit must stand under the organiser; the entry must meet the rules (`check_entry`); the files are checked
    and stored like every upload before the transaction opens (core.services.uploads_stored). A refused entry leaves
    nothing, a file included."""
    files_in = list(files_in)
    kinds = [_file_kind(kind) for kind, _upload in files_in]
    with core_services.uploads_stored([upload for _kind, upload in files_in], folder=FILE_DIR) as stored:
        return _entry_create(
            actor=actor, edition=edition, sending_unit=sending_unit, field=field, category=category, title=title,
            authors=authors, stored=[_photo_checked(kind, item) for kind, item in zip(kinds, stored, strict=True)],
            summary=summary, author_unit=author_unit, application_site=application_site, applied_on=applied_on,
            from_paper=from_paper, submitted_on=submitted_on, cited=cited,
        )  # fmt: skip


@transaction.atomic
def _entry_create(
    *, actor: Any, edition: Edition, sending_unit: Org, field: ContestField, category: Category | None, title: str,
    authors: Iterable[dict[str, Any]], stored: list[tuple[str, core_services.StoredUpload]], summary: str,
    author_unit: str, application_site: str, applied_on: dt.date | None, from_paper: bool,
    submitted_on: dt.date | None, cited: bool,
) -> Entry:  # fmt: skip
    on = today()
    submitted_on = submitted_on or on
    if from_paper:
        require_organiser(actor, edition)
        allowed = {EditionStatus.OPEN, EditionStatus.SCREENING}
    else:
        require_can(actor, sending_unit, Access.EDIT)
        if not may_submit(actor, edition):
            raise PermissionDenied
        allowed = {EditionStatus.OPEN}
    if edition.status not in allowed:
        raise ValidationError(_("This edition is not receiving entries."), code="closed")
    if not _unit_in_line(edition, sending_unit, on):
        raise ValidationError({"sending_unit": _("The unit does not stand under the contest's organiser.")})
    if field.edition_id != edition.pk or (category is not None and category.field_id != field.pk):
        raise ValidationError({"field": _("Choose a field and a category of this edition.")})
    if submitted_on > on:
        raise ValidationError({"submitted_on": _("An entry is recorded once it has arrived.")})
    rows = _authors(authors)
    check_entry(
        edition, submitted_on=submitted_on, application_site=_clean(application_site), applied_on=applied_on,
        authors=rows, from_paper=from_paper,
    )  # fmt: skip
    number = (Entry.objects.select_for_update().filter(edition=edition).aggregate(n=Max("number"))["n"] or 0) + 1
    entry = Entry(
        edition=edition, field=field, category=category, number=number, title=_clean(title),
        summary=nfc(summary).strip(), sending_unit=sending_unit, origin_unit=sending_unit,
        author_unit=_clean(author_unit), application_site=_clean(application_site), applied_on=applied_on,
        from_paper=from_paper, submitted_on=submitted_on, status=EntryStatus.SUBMITTED, status_since=submitted_on,
        created_by=actor, cited=cited,
    )  # fmt: skip
    entry.title_folded = fold(entry.title)
    entry.full_clean()
    entry.save()
    for row in rows:
        row.entry = entry
    EntryAuthor.objects.bulk_create(rows)
    _entry_event(
        entry, actor, EntryEventKind.CREATE, title=entry.title, field=field.name, from_paper=from_paper,
        authors=[a.full_name for a in rows],
    )  # fmt: skip
    for kind, item in stored:
        _file_add(actor, entry, kind, item)
    return entry


def _file_kind(kind: str) -> str:
    if kind not in EntryFileKind.values:
        raise ValidationError({"kind": _("Choose what the file is.")})
    return kind


def _photo_checked(kind: str, stored: core_services.StoredUpload) -> tuple[str, core_services.StoredUpload]:
    if kind == EntryFileKind.PHOTO and stored.checked.kind != "photo":
        raise ValidationError({kind: _("A photo must be an image.")})
    return kind, stored


def _file_add(actor: Any, entry: Entry, kind: str, stored: core_services.StoredUpload) -> EntryFile:
    return core_services.stored_file_add(
        EntryFile, stored, actor=actor, entry=entry, kind=kind,
        event=lambda row: _entry_event(
            entry, actor, EntryEventKind.FILE_ADD, target="file", target_id=row.pk, file=row.original_name
        ),
    )  # fmt: skip


def _check_changeable(actor: Any, entry: Entry) -> None:
    """An entry (its registration, authors and files) changes before it is screened: by its sending unit's roles
    (EDIT) while the edition receives entries and its window is open, by the organiser (EDIT) also while the
    entries are screened (a paper dossier completed late). PermissionDenied for anyone else; a ValidationError
    saying why once the rules no longer allow it."""
    organiser = (organiser_level(actor, entry.edition) or 0) >= Access.EDIT
    if not organiser and (access_level(actor, entry.sending_unit) or 0) < Access.EDIT:
        raise PermissionDenied
    if entry.status != EntryStatus.SUBMITTED:
        raise ValidationError(_("An entry is changed while it waits for screening."), code="screened")
    edition = entry.edition
    if organiser:
        if edition.status not in (EditionStatus.OPEN, EditionStatus.SCREENING):
            raise ValidationError(_("This edition no longer takes changes to its entries."), code="closed")
    elif edition.status != EditionStatus.OPEN or today() > edition.closes_on:
        raise ValidationError(
            _("Entries are changed until the window closes (%(day)s).") % {"day": f"{edition.closes_on:%d/%m/%Y}"},
            code="closed",
        )


def entry_changeable(actor: Any, entry: Entry) -> bool:
    """Whether `actor` may change the entry now (`_check_changeable`): the page shows its buttons by it."""
    try:
        _check_changeable(actor, entry)
    except (PermissionDenied, ValidationError):
        return False
    return True


@transaction.atomic
def entry_update(
    *, actor: Any, entry: Entry, field: ContestField, category: Category | None = None, title: str,
    summary: str = "", author_unit: str = "", application_site: str = "", applied_on: dt.date | None = None,
    authors: Iterable[dict[str, Any]] | None = None,
) -> Entry:  # fmt: skip
    """Correct an entry's registration and, if given, its authors (the list replaces the one kept), while
    `_check_changeable` allows it; checked against the rules again (`check_entry`). One `EntryEvent` for the
    registration (the fields changed, before and after), one for the authors if they changed; nothing written when
    nothing changed."""
    _check_changeable(actor, entry)
    edition = entry.edition
    if field.edition_id != edition.pk or (category is not None and category.field_id != field.pk):
        raise ValidationError({"field": _("Choose a field and a category of this edition.")})
    kept = list(entry.authors.all())
    rows = _authors(authors) if authors is not None else kept
    for row, was in zip(rows, kept, strict=False):
        # The page corrects names and dates, not the link to the registry: an author still in her place, under
        # the same name, stays the member she was recorded as.
        if row.person is None and row.full_name == was.full_name:
            row.person = was.person
    check_entry(
        edition, submitted_on=entry.submitted_on, application_site=_clean(application_site), applied_on=applied_on,
        authors=rows, from_paper=entry.from_paper, window=False,
    )  # fmt: skip
    values = {
        "field": field, "category": category, "title": _clean(title), "summary": nfc(summary).strip(),
        "author_unit": _clean(author_unit), "application_site": _clean(application_site), "applied_on": applied_on,
    }  # fmt: skip
    before = {name: getattr(entry, name) for name in values}
    changed = [name for name, value in values.items() if before[name] != value]
    if changed:
        for name in changed:
            setattr(entry, name, values[name])
        entry.title_folded = fold(entry.title)
        entry.full_clean()
        entry.save()

        def shown(value: Any) -> Any:
            return value.isoformat() if isinstance(value, dt.date) else str(value) if value is not None else None

        _entry_event(
            entry, actor, EntryEventKind.UPDATE,
            before={name: shown(before[name]) for name in changed},
            after={name: shown(values[name]) for name in changed},
        )  # fmt: skip
    if authors is not None:
        facts = [[getattr(a, name) for name in AUTHOR_FIELDS if name != "person"] + [a.person_id] for a in rows]
        old = [[getattr(a, name) for name in AUTHOR_FIELDS if name != "person"] + [a.person_id] for a in kept]
        if facts != old:
            entry.authors.all().delete()
            for row in rows:
                row.entry = entry
            EntryAuthor.objects.bulk_create(rows)
            _entry_event(
                entry, actor, EntryEventKind.AUTHOR, before=[a.full_name for a in kept],
                authors=[a.full_name for a in rows],
            )  # fmt: skip
    return entry


def entry_file_add(*, actor: Any, entry: Entry, kind: str, upload: File) -> EntryFile:
    """Add a file to the entry's dossier while `_check_changeable` allows it (the sending unit's roles before the
    window closes, the organiser until screening), checked by content and size (core/files.py) and stored
    privately; a refused one leaves no file."""
    kind = _file_kind(kind)
    with core_services.uploads_stored([upload], folder=FILE_DIR) as (stored,), transaction.atomic():
        _check_changeable(actor, entry)
        return _file_add(actor, entry, *_photo_checked(kind, stored))


@transaction.atomic
def entry_move(*, actor: Any, entry: Entry, to: str, on: dt.date | None = None, reason: str = "") -> Entry:
    """Move the entry to `to` if `ENTRY_TRANSITIONS` allows it, with one event row: the organiser's (EDIT on it).
    A refusal needs its reason; a refused move changes nothing. Judging's moves (prized, not prized, forwarded) go
    through here too."""
    require_organiser(actor, entry.edition)
    on = on or today()
    before = entry.status
    check_move(
        ENTRY_TRANSITIONS, EntryStatus, before, to, _("An entry that is “%(before)s” cannot become “%(after)s”.")
    )
    reason = nfc(reason).strip()
    if to == EntryStatus.REFUSED and not reason:
        raise ValidationError({"reason": _("Say why the entry is refused: the sending unit reads it.")})
    if on < entry.status_since:
        raise ValidationError(
            _("A step cannot end before it began (%(day)s).") % {"day": f"{entry.status_since:%d/%m/%Y}"}
        )
    entry.status, entry.status_since = to, on
    entry.refusal_reason = reason if to == EntryStatus.REFUSED else ""
    entry.save(update_fields=["status", "status_since", "refusal_reason", "updated_at"])
    data: dict[str, Any] = {"before": before, "after": to}
    if reason:
        data["reason"] = reason
    _entry_event(entry, actor, EntryEventKind.MOVE, **data)
    return entry


@transaction.atomic
def entry_screen(*, actor: Any, entry: Entry, accepted: bool, reason: str = "", on: dt.date | None = None) -> Entry:
    """Screening against the rules: accepted, or refused with the reason the sending unit reads. While the edition
    receives or screens entries."""
    if entry.edition.status not in (EditionStatus.OPEN, EditionStatus.SCREENING):
        raise ValidationError(_("Entries are screened while the edition receives or screens them."))
    return entry_move(
        actor=actor, entry=entry, to=EntryStatus.ACCEPTED if accepted else EntryStatus.REFUSED, on=on, reason=reason
    )
