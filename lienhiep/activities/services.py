"""Writes to activities, partners, files and initiatives. Keyword-only, atomic, with an actor; every
change writes an ActivityEvent; bad input raises ValidationError in Vietnamese and changes nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lienhiep.activities.models import (
    FIGURES,
    FIGURES_BY_KIND,
    Activity,
    ActivityEvent,
    ActivityFile,
    ActivityKind,
    EventKind,
    FileKind,
    Initiative,
    Partner,
    Target,
)
from lienhiep.core import files
from lienhiep.core.text import fold, nfc
from lienhiep.members.models import Field, Person
from lienhiep.orgs.models import Org
from lienhiep.orgs.selectors import today

ACTIVITY_FIELDS = ("kind", "title", "start_date", "end_date", "place", "field", "notes", *FIGURES)
INITIATIVE_FIELDS = ("org", "title", "author_names", "field", "level", "year", "applied", "effect")

MAX_FILE_BYTES = files.MAX_BYTES
FILE_DIR = "activities"


def _d(value: dt.date) -> str:
    return value.strftime("%d/%m/%Y")


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value)
    if isinstance(value, Org | Field | Partner | Person):
        return {"id": value.pk, "name": str(value)}
    return value


def _event(org: Org | None, target: str, target_id: int, kind: str, actor: Any, /, **data: Any) -> ActivityEvent:
    return ActivityEvent.objects.create(org=org, target=target, target_id=target_id, kind=kind, actor=actor, data=data)


def _clean_text(value: str) -> str:
    return " ".join(nfc(value or "").split())


# --- Partners ------------------------------------------------------------------------------------


@transaction.atomic
def partner_create(*, actor: Any, name: str, kind: str, notes: str = "") -> Partner:
    partner = Partner(name=_clean_text(name), kind=kind, notes=nfc(notes).strip())
    if not partner.name:
        raise ValidationError({"name": _("The name must not be empty.")})
    partner.name_folded = fold(partner.name)
    partner.full_clean()
    partner.save()
    _event(None, Target.PARTNER, partner.pk, EventKind.CREATE, actor, name=partner.name, kind=kind)
    return partner


# --- Activities ----------------------------------------------------------------------------------


def _check_activity(activity: Activity, co_organisers: Iterable[Org]) -> None:
    org, on = activity.org, activity.start_date
    if on > today():
        raise ValidationError(
            {"start_date": _("An activity is recorded once it has taken place; %(date)s is in the future.")
             % {"date": _d(on)}}
        )  # fmt: skip
    org.check_exists_on(on)
    if activity.end_date and activity.end_date < on:
        raise ValidationError({"end_date": _("The end date must not be before the start date.")})
    allowed = set(FIGURES_BY_KIND[activity.kind])
    extra = [name for name in FIGURES if name not in allowed and getattr(activity, name) not in (None, "")]
    if extra:
        labels = ", ".join(str(getattr(Activity._meta.get_field(n), "verbose_name", n)) for n in extra)
        raise ValidationError(
            _("A %(kind)s does not record: %(figures)s.")
            % {"kind": ActivityKind(activity.kind).label.lower(), "figures": labels},
            code="figures_of_other_kind",
        )
    for other in co_organisers:
        if other.pk == org.pk:
            raise ValidationError({"co_organisers": _("The organiser cannot also be a co-organiser.")})


def _normalise_activity(activity: Activity) -> None:
    activity.title = _clean_text(activity.title)
    if not activity.title:
        raise ValidationError({"title": _("The title must not be empty.")})
    activity.title_folded = fold(activity.title)
    activity.place = _clean_text(activity.place)
    activity.notes = nfc(activity.notes or "").strip()
    activity.publication_kind = activity.publication_kind or ""


def _snapshot(activity: Activity) -> dict[str, Any]:
    return {name: _jsonable(getattr(activity, name)) for name in ACTIVITY_FIELDS}


@transaction.atomic
def activity_create(
    *,
    actor: Any,
    org: Org,
    co_organisers: Iterable[Org] = (),
    partners: Iterable[Partner] = (),
    **values: Any,
) -> Activity:
    unknown = set(values) - set(ACTIVITY_FIELDS)
    if unknown:
        raise TypeError(f"not an activity field: {sorted(unknown)}")
    co_organisers, partners = list(co_organisers), list(partners)
    activity = Activity(org=org, created_by=actor, **values)
    _normalise_activity(activity)
    _check_activity(activity, co_organisers)
    activity.full_clean()
    activity.save()
    activity.co_organisers.set(co_organisers)
    activity.partners.set(partners)
    _event(
        org, Target.ACTIVITY, activity.pk, EventKind.CREATE, actor,
        after={k: v for k, v in _snapshot(activity).items() if v not in (None, "")},
        co_organisers=[o.pk for o in co_organisers], partners=[p.pk for p in partners],
    )  # fmt: skip
    return activity


@transaction.atomic
def activity_update(
    *,
    actor: Any,
    activity: Activity,
    org: Org | None = None,
    co_organisers: Iterable[Org] | None = None,
    partners: Iterable[Partner] | None = None,
    **values: Any,
) -> Activity:
    unknown = set(values) - set(ACTIVITY_FIELDS)
    if unknown:
        raise TypeError(f"not an activity field: {sorted(unknown)}")
    before = _snapshot(activity)
    before_org = activity.org
    if org is not None:
        activity.org = org
    for key, value in values.items():
        setattr(activity, key, value)
    _normalise_activity(activity)
    co_list = list(co_organisers) if co_organisers is not None else list(activity.co_organisers.all())
    _check_activity(activity, co_list)
    activity.full_clean()
    activity.save()
    if co_organisers is not None:
        activity.co_organisers.set(co_list)
    if partners is not None:
        activity.partners.set(list(partners))
    after = _snapshot(activity)
    changed = {k for k in after if after[k] != before[k]}
    data: dict[str, Any] = {
        "before": {k: before[k] for k in changed},
        "after": {k: after[k] for k in changed},
    }
    if before_org.pk != activity.org.pk:
        data["org"] = {"before": _jsonable(before_org), "after": _jsonable(activity.org)}
    _event(activity.org, Target.ACTIVITY, activity.pk, EventKind.UPDATE, actor, **data)
    return activity


@transaction.atomic
def activity_delete(*, actor: Any, activity: Activity) -> None:
    stored = list(activity.files.values_list("stored_name", flat=True))
    _event(activity.org, Target.ACTIVITY, activity.pk, EventKind.DELETE, actor, before=_snapshot(activity))
    activity.delete()
    transaction.on_commit(lambda: _remove_all(stored))


# --- Files ---------------------------------------------------------------------------------------


def _remove_stored(stored_name: str) -> None:
    files.remove(stored_name)
    files.remove(_thumb_name(stored_name))


def _thumb_name(stored_name: str) -> str:
    return f"{stored_name}.thumb.jpg"


def _remove_all(stored_names: list[str]) -> None:
    for name in stored_names:
        _remove_stored(name)


@transaction.atomic
def activity_file_add(*, actor: Any, activity: Activity, name: str, data: bytes) -> ActivityFile:
    """Store a photo or a document (PDF, Word, Excel) for an activity. Checked by content (a photo must
    decode, a document must have its format's structure), not by its name."""
    checked = files.check(name, data, max_bytes=MAX_FILE_BYTES)
    kind = FileKind.PHOTO if checked.kind == "photo" else FileKind.DOCUMENT
    name, content, content_type = checked.name, checked.content, checked.content_type
    stored_name = files.generated_name(f"{FILE_DIR}/{activity.start_date.year}", checked.ext)
    files.write(stored_name, content)
    if kind == FileKind.PHOTO:
        files.write(_thumb_name(stored_name), files.thumbnail(content))
    try:
        file = ActivityFile.objects.create(
            activity=activity, kind=kind, original_name=name, stored_name=stored_name,
            content_type=content_type, size=len(content), uploaded_by=actor,
        )  # fmt: skip
        _event(activity.org, Target.ACTIVITY, activity.pk, EventKind.FILE_ADD, actor, file=name, kind=kind)
    except Exception:
        _remove_stored(stored_name)
        raise
    return file


@transaction.atomic
def activity_file_remove(*, actor: Any, file: ActivityFile) -> None:
    activity = file.activity
    _event(activity.org, Target.ACTIVITY, activity.pk, EventKind.FILE_REMOVE, actor, file=file.original_name)
    stored = file.stored_name
    file.delete()
    transaction.on_commit(lambda: _remove_stored(stored))


def file_path(file: ActivityFile, *, thumbnail: bool = False) -> Path:
    """Where the file is stored; with `thumbnail`, its small copy (the file itself if it has none)."""
    if thumbnail and file.kind == FileKind.PHOTO:
        thumb = files.path(_thumb_name(file.stored_name))
        if thumb.is_file():
            return thumb
    return files.path(file.stored_name)


# --- Initiatives ---------------------------------------------------------------------------------


def _check_initiative(initiative: Initiative) -> None:
    initiative.title = _clean_text(initiative.title)
    if not initiative.title:
        raise ValidationError({"title": _("The title must not be empty.")})
    initiative.title_folded = fold(initiative.title)
    initiative.author_names = _clean_text(initiative.author_names)
    initiative.effect = nfc(initiative.effect or "").strip()
    if initiative.year > today().year:
        raise ValidationError({"year": _("The year must not be in the future.")})
    initiative.org.check_exists_in(initiative.year)
    if initiative.applied and not initiative.effect:
        raise ValidationError({"effect": _("Say how the initiative is applied and what it brought.")})


def initiative_check(initiative: Initiative) -> None:
    """Normalise an initiative's text and raise the ValidationError its service would (an import checks every
    row with it before writing any)."""
    _check_initiative(initiative)
    if not initiative.author_names:
        raise ValidationError({"author_names": _("Name at least one author.")})


def _initiative_snapshot(initiative: Initiative) -> dict[str, Any]:
    return {name: _jsonable(getattr(initiative, name)) for name in INITIATIVE_FIELDS}


@transaction.atomic
def initiative_create(*, actor: Any, authors: Iterable[Person] = (), **values: Any) -> Initiative:
    unknown = set(values) - set(INITIATIVE_FIELDS)
    if unknown:
        raise TypeError(f"not an initiative field: {sorted(unknown)}")
    authors = list(authors)
    initiative = Initiative(created_by=actor, **values)
    _check_initiative(initiative)
    if not authors and not initiative.author_names:
        raise ValidationError({"author_names": _("Name at least one author.")})
    initiative.full_clean()
    initiative.save()
    initiative.authors.set(authors)
    _event(
        initiative.org, Target.INITIATIVE, initiative.pk, EventKind.CREATE, actor,
        after=_initiative_snapshot(initiative), authors=[p.pk for p in authors],
    )  # fmt: skip
    return initiative


@transaction.atomic
def initiative_update(
    *, actor: Any, initiative: Initiative, authors: Iterable[Person] | None = None, **values: Any
) -> Initiative:
    unknown = set(values) - set(INITIATIVE_FIELDS)
    if unknown:
        raise TypeError(f"not an initiative field: {sorted(unknown)}")
    before = _initiative_snapshot(initiative)
    for key, value in values.items():
        setattr(initiative, key, value)
    _check_initiative(initiative)
    author_list = list(authors) if authors is not None else list(initiative.authors.all())
    if not author_list and not initiative.author_names:
        raise ValidationError({"author_names": _("Name at least one author.")})
    initiative.full_clean()
    initiative.save()
    if authors is not None:
        initiative.authors.set(author_list)
    after = _initiative_snapshot(initiative)
    changed = {k for k in after if after[k] != before[k]}
    _event(
        initiative.org, Target.INITIATIVE, initiative.pk, EventKind.UPDATE, actor,
        before={k: before[k] for k in changed}, after={k: after[k] for k in changed},
    )  # fmt: skip
    return initiative


@transaction.atomic
def initiative_delete(*, actor: Any, initiative: Initiative) -> None:
    _event(
        initiative.org, Target.INITIATIVE, initiative.pk, EventKind.DELETE, actor,
        before=_initiative_snapshot(initiative),
    )  # fmt: skip
    initiative.delete()


def initiatives_bulk_create(*, actor: Any, rows: list[Initiative]) -> list[Initiative]:
    """Many initiatives (a demo, an import) in a few queries, checked as one by one, each with its event row."""
    for initiative in rows:
        initiative.created_by = actor
        _check_initiative(initiative)
        if not initiative.author_names:
            raise ValidationError({"author_names": _("Name at least one author.")})
    with transaction.atomic():
        created = Initiative.objects.bulk_create(rows, batch_size=500)
        ActivityEvent.objects.bulk_create(
            [
                ActivityEvent(
                    org=i.org,
                    target=Target.INITIATIVE,
                    target_id=i.pk,
                    kind=EventKind.CREATE,
                    actor=actor,
                    data={"after": _initiative_snapshot(i), "bulk": True},
                )  # fmt: skip
                for i in created
            ],
            batch_size=500,
        )
    return created
