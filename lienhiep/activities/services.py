"""Writes to activities, partners, files and initiatives. Keyword-only, atomic, with an actor; every
change writes an ActivityEvent; bad input raises ValidationError in Vietnamese and changes nothing.

Uploaded files are checked, re-encoded and stored before a transaction opens (`core.files.check_upload`), and
removed again if the transaction fails."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils.translation import gettext as _

from lienhiep.activities.models import (
    ACTIVITY_TRANSITIONS,
    CHOSEN,
    FIGURES,
    FIGURES_BY_KIND,
    LIMITS,
    PROJECT_TRANSITIONS,
    Activity,
    ActivityEvent,
    ActivityFile,
    ActivityKind,
    ActivityRole,
    ActivityStatus,
    EventKind,
    FileKind,
    Initiative,
    LegalArea,
    Partner,
    PlausibilityLimits,
    Project,
    ProjectStatus,
)
from lienhiep.core import files
from lienhiep.core import services as core_services
from lienhiep.core.events import changes, jsonable
from lienhiep.core.text import fold, nfc
from lienhiep.members.models import Membership, Person
from lienhiep.orgs import permissions as org_permissions
from lienhiep.orgs.models import Org
from lienhiep.orgs.permissions import Access
from lienhiep.orgs.selectors import held_ids, today

if TYPE_CHECKING:
    pass

ACTIVITY_FIELDS = (
    "kind", "title", "start_date", "end_date", "place", "field", "notes", "status", "planned_for", "role", "host",
    *FIGURES,
)  # fmt: skip
INITIATIVE_FIELDS = ("org", "title", "author_names", "field", "level", "year", "recognised_on", "applied", "effect")

MAX_FILE_BYTES = files.MAX_BYTES
FILE_DIR = "activities"


def _d(value: dt.date) -> str:
    return value.strftime("%d/%m/%Y")


def _clean_text(value: str) -> str:
    return " ".join(nfc(value or "").split())


# --- Partners ------------------------------------------------------------------------------------


@transaction.atomic
def partner_create(*, actor: Any, org: Org, name: str, kind: str, notes: str = "") -> Partner:
    """Add a partner to the list every unit shares; `org` is the unit that adds it (its event row names it)."""
    org_permissions.require_can(actor, org, Access.EDIT)
    partner = Partner(name=_clean_text(name), kind=kind, notes=nfc(notes).strip())
    if not partner.name:
        raise ValidationError({"name": _("The name must not be empty.")})
    partner.name_folded = fold(partner.name)
    ActivityEvent.save_and_record(
        partner, actor=actor, kind=EventKind.CREATE, org=org, data={"name": partner.name, "kind": kind}
    )
    return partner


# --- Plausibility ceilings ------------------------------------------------------------------------


def _limits(row: PlausibilityLimits) -> dict[str, Any]:
    return {name: jsonable(getattr(row, name)) for name in LIMITS}


@transaction.atomic
def plausibility_limits_set(*, actor: Any, org: Org, **values: Any) -> PlausibilityLimits:
    """Set a union's ceilings (`LIMITS`; None: the default's). Its officer (MANAGE) sets them."""
    core_services.only_fields(values, LIMITS, "a ceiling")
    org_permissions.require_can(actor, org, Access.MANAGE)
    row = PlausibilityLimits.objects.select_for_update().filter(org=org).first() or PlausibilityLimits(org=org)
    before = _limits(row)
    for name, value in values.items():
        setattr(row, name, value)
    for name in LIMITS:
        value = getattr(row, name)
        if value is not None and value <= 0:
            raise ValidationError({name: _("A ceiling must be above zero.")})
    ActivityEvent.save_and_record(
        row, actor=actor, kind=EventKind.UPDATE, data=lambda row: {"before": before, "after": _limits(row)}
    )
    return row


# --- Models and projects ---------------------------------------------------------------------------

PROJECT_FIELDS = (
    "kind", "title", "host", "field", "started_on", "ended_on", "households", "scale", "funding", "funding_source",
    "ocop_product", "outcome", "status",
)  # fmt: skip


def _check_project(project: Project, *, before: str | None = None) -> None:
    project.title = _clean_text(project.title)
    if not project.title:
        raise ValidationError({"title": _("The name must not be empty.")})
    project.title_folded = fold(project.title)
    for name in ("host", "scale", "funding_source", "ocop_product"):
        setattr(project, name, _clean_text(getattr(project, name) or ""))
    project.outcome = nfc(project.outcome or "").strip()
    if before is not None and project.status != before and project.status not in PROJECT_TRANSITIONS[before]:
        was, becomes = ProjectStatus(before).label.lower(), ProjectStatus(project.status).label.lower()
        raise ValidationError(
            {"status": _("A model or project %(before)s cannot become %(after)s.") % {"before": was, "after": becomes}}
        )
    if project.started_on > today() and project.status != ProjectStatus.PLANNED:
        raise ValidationError({"started_on": _("A model that has not started yet is planned.")})
    if project.ended_on and project.ended_on < project.started_on:
        raise ValidationError({"ended_on": _("The end date must not be before the start date.")})
    if project.status == ProjectStatus.FINISHED and not project.ended_on:
        raise ValidationError({"ended_on": _("Give the day a finished model or project ended.")})
    project.org.check_exists_on(project.started_on)


def _project_snapshot(project: Project) -> dict[str, Any]:
    return {name: jsonable(getattr(project, name)) for name in PROJECT_FIELDS}


@transaction.atomic
def project_create(*, actor: Any, org: Org, partners: Iterable[Partner] = (), **values: Any) -> Project:
    """Record a model or project run by `org` (the actor records on it)."""
    core_services.only_fields(values, PROJECT_FIELDS, "a project field")
    org_permissions.require_can(actor, org, Access.EDIT)
    partners = list(partners)
    project = Project(org=org, created_by=actor, **values)
    _check_project(project)
    ActivityEvent.save_and_record(
        project, actor=actor, kind=EventKind.CREATE,
        data=lambda row: {"after": {k: v for k, v in _project_snapshot(row).items() if v not in (None, "")},
                          "partners": [p.pk for p in partners]},
    )  # fmt: skip
    project.partners.set(partners)
    return project


def _changes(before: dict[str, Any], after: dict[str, Any], before_org: Org, org: Org) -> dict[str, Any]:
    """An update's event data (a project's, an activity's): its fields that changed, and its unit if it moved."""
    data: dict[str, Any] = changes(before, after)
    if before_org.pk != org.pk:
        data["org"] = {"before": jsonable(before_org), "after": jsonable(org)}
    return data


@transaction.atomic
def project_update(
    *, actor: Any, project: Project, org: Org | None = None, partners: Iterable[Partner] | None = None, **values: Any
) -> Project:
    """Change a model or project; a change of status follows PROJECT_TRANSITIONS."""
    core_services.only_fields(values, PROJECT_FIELDS, "a project field")
    before, before_status, before_org = _project_snapshot(project), project.status, project.org
    if org is not None:
        org_permissions.require_can(actor, org, Access.EDIT)
        project.org = org
    for key, value in values.items():
        setattr(project, key, value)
    _check_project(project, before=before_status)
    ActivityEvent.save_and_record(
        project,
        actor=actor,
        kind=EventKind.UPDATE,
        data=lambda row: _changes(before, _project_snapshot(row), before_org, row.org),
    )
    if partners is not None:
        project.partners.set(list(partners))
    return project


@transaction.atomic
def project_delete(*, actor: Any, project: Project) -> None:
    ActivityEvent.record_of(project, actor=actor, kind=EventKind.DELETE, data={"before": _project_snapshot(project)})
    project.delete()


# --- Activities ----------------------------------------------------------------------------------


def _check_activity(activity: Activity, co_organisers: Iterable[Org], *, before: str | None = None) -> None:
    """`before`: the status the activity had (None for a new one); the move must be in ACTIVITY_TRANSITIONS."""
    org, on = activity.org, activity.start_date
    if before is not None and activity.status != before and activity.status not in ACTIVITY_TRANSITIONS[before]:
        was, becomes = ActivityStatus(before).label.lower(), ActivityStatus(activity.status).label.lower()
        raise ValidationError(
            {"status": _("A %(before)s activity cannot become %(after)s.") % {"before": was, "after": becomes}},
            code="status_move",
        )
    if on > today() and activity.status != ActivityStatus.PLANNED:
        raise ValidationError(
            {"start_date": _("An activity is recorded once it has taken place; %(date)s is in the future.")
             % {"date": _d(on)}}
        )  # fmt: skip
    if activity.status == ActivityStatus.PLANNED and not activity.planned_for:
        activity.planned_for = on
    org.check_exists_on(on)
    if activity.host_id and activity.role == ActivityRole.ORGANISER:
        raise ValidationError({"host": _("An activity the unit organised itself has no outside organiser.")})
    if activity.kind == ActivityKind.CONTEST and (activity.role == ActivityRole.ORGANISER or not activity.host_id):
        # The network's own contests are records of `contests`; this kind records taking part in another's.
        raise ValidationError({"host": _("An outside contest names the body that ran it, and the unit took part.")})
    if activity.items is not None and not activity.items_unit:
        raise ValidationError({"items_unit": _("Say what the number counts, for example “công trình”.")})
    unknown_areas = [area for area in activity.legal_areas or [] if area not in LegalArea.values]
    if unknown_areas:
        raise ValidationError({"legal_areas": _("Unknown area of law: %(area)s.") % {"area": unknown_areas[0]}})
    if activity.end_date and activity.end_date < on:
        raise ValidationError({"end_date": _("The end date must not be before the start date.")})
    allowed = set(FIGURES_BY_KIND[activity.kind])
    extra = [name for name in FIGURES if name not in allowed and getattr(activity, name) not in (None, "", [])]
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


def _clean_title(row: Activity | Initiative) -> None:
    """A title as it is kept: its white space folded, not empty, and its folded copy for search."""
    row.title = _clean_text(row.title)
    if not row.title:
        raise ValidationError({"title": _("The title must not be empty.")})
    row.title_folded = fold(row.title)


def _normalise_activity(activity: Activity) -> None:
    _clean_title(activity)
    activity.place = _clean_text(activity.place)
    activity.notes = nfc(activity.notes or "").strip()
    for name in CHOSEN:
        if name != "legal_areas":
            setattr(activity, name, _clean_text(getattr(activity, name) or ""))
    # Kept in the areas' order (unknown ones last, for the check to name), so equal sets group as one.
    order = {area: i for i, area in enumerate(LegalArea.values)}
    activity.legal_areas = sorted(set(activity.legal_areas or []), key=lambda area: (order.get(area, 99), area))


def _check_members(org: Org, members: list[Person]) -> None:
    """Members named as having taken part belong, or belonged, to the unit or a unit under it."""
    if not members:
        return
    held = Membership.objects.filter(org_id__in=held_ids([org.pk]), person__in=members)
    found = set(held.values_list("person_id", flat=True))
    outside = [p for p in members if p.pk not in found]
    if outside:
        raise ValidationError(
            {"members": _("%(person)s is not a member of %(org)s.") % {"person": outside[0].full_name, "org": org.name}}
        )


def _snapshot(activity: Activity) -> dict[str, Any]:
    return {name: jsonable(getattr(activity, name)) for name in ACTIVITY_FIELDS}


def _created(activity: Activity, co_organisers: list[Org], partners: list[Partner], members: list[Person]) -> dict:
    """The data of an activity's creation event: its values set, the units and partners it was held with."""
    return {
        "after": {k: v for k, v in _snapshot(activity).items() if v not in (None, "", [])},
        "co_organisers": [o.pk for o in co_organisers],
        "partners": [p.pk for p in partners],
        **({"members": [p.pk for p in members]} if members else {}),
    }


def activity_create(
    *,
    actor: Any,
    org: Org,
    co_organisers: Iterable[Org] = (),
    partners: Iterable[Partner] = (),
    members: Iterable[Person] = (),
    photos: Iterable[File] = (),
    **values: Any,
) -> Activity:
    """Record an activity of `org` with its photos (or documents): all or nothing. The actor must be able to record
    on `org`. A file that is refused raises ValidationError({"photos": …}) before anything is written."""
    core_services.only_fields(values, ACTIVITY_FIELDS, "an activity field")
    org_permissions.require_can(actor, org, Access.EDIT)
    co_organisers, partners, members = list(co_organisers), list(partners), list(members)
    activity = Activity(org=org, created_by=actor, **values)
    _normalise_activity(activity)
    _check_activity(activity, co_organisers)
    _check_members(org, members)
    activity.full_clean()
    with core_services.uploads_stored(
        photos, folder=f"{FILE_DIR}/{activity.start_date.year}", max_bytes=MAX_FILE_BYTES, thumbnails=True,
        field="photos",
    ) as stored, transaction.atomic():  # fmt: skip
        activity.save()  # checked above, before its files were stored
        ActivityEvent.record_of(
            activity, actor=actor, kind=EventKind.CREATE, data=_created(activity, co_organisers, partners, members)
        )
        activity.co_organisers.set(co_organisers)
        activity.partners.set(partners)
        activity.members.set(members)
        for upload in stored:
            _file_add(actor, activity, upload)
    return activity


def activity_check(activity: Activity, co_organisers: Iterable[Org] = ()) -> None:
    """Everything `activity_create` checks of an unsaved activity but the actor's right (an import's row, checked
    before any is written): raises ValidationError by field."""
    _normalise_activity(activity)
    _check_activity(activity, co_organisers)
    activity.full_clean(exclude=["created_by"])


def activities_bulk_create(*, actor: Any, rows: list[tuple[Activity, list[Org]]]) -> list[Activity]:
    """Many activities (an import), each with its co-organisers, in a few queries: checked as one by one, each with
    its event row. The actor must be able to record on each organiser."""
    for org in {activity.org for activity, _co in rows}:
        org_permissions.require_can(actor, org, Access.EDIT)
    for activity, co_organisers in rows:
        activity.created_by = actor
        activity_check(activity, co_organisers)
    with transaction.atomic():
        created = Activity.objects.bulk_create([activity for activity, _co in rows], batch_size=500)
        through = Activity.co_organisers.through
        through.objects.bulk_create(
            [through(activity_id=a.pk, org_id=o.pk) for a, co in rows for o in co], batch_size=1000
        )
        ActivityEvent.record_many_of(
            ((activity, {**_created(activity, co, [], []), "bulk": True}) for activity, co in rows),
            actor=actor,
            kind=EventKind.CREATE,
        )
    return created


@transaction.atomic
def activity_update(
    *,
    actor: Any,
    activity: Activity,
    org: Org | None = None,
    co_organisers: Iterable[Org] | None = None,
    partners: Iterable[Partner] | None = None,
    members: Iterable[Person] | None = None,
    **values: Any,
) -> Activity:
    core_services.only_fields(values, ACTIVITY_FIELDS, "an activity field")
    before = _snapshot(activity)
    before_org, before_status = activity.org, activity.status
    if org is not None:
        activity.org = org
    for key, value in values.items():
        setattr(activity, key, value)
    _normalise_activity(activity)
    co_list = list(co_organisers) if co_organisers is not None else list(activity.co_organisers.all())
    _check_activity(activity, co_list, before=before_status)
    named = list(members) if members is not None else None
    _check_members(activity.org, named if named is not None else list(activity.members.all()))
    named_before = sorted(activity.members.values_list("pk", flat=True)) if named is not None else []

    def data(row: Activity) -> dict[str, Any]:
        data = _changes(before, _snapshot(row), before_org, row.org)
        if named is not None and sorted(p.pk for p in named) != named_before:
            data["members"] = sorted(p.pk for p in named)  # the members named now
        return data

    ActivityEvent.save_and_record(activity, actor=actor, kind=EventKind.UPDATE, data=data)
    if co_organisers is not None:
        activity.co_organisers.set(co_list)
    if partners is not None:
        activity.partners.set(list(partners))
    if named is not None:
        activity.members.set(named)
    return activity


@transaction.atomic
def activity_delete(*, actor: Any, activity: Activity) -> None:
    stored = list(activity.files.values_list("stored_name", flat=True))
    ActivityEvent.record_of(activity, actor=actor, kind=EventKind.DELETE, data={"before": _snapshot(activity)})
    activity.delete()
    transaction.on_commit(lambda: _remove_all(stored))


# --- Files ---------------------------------------------------------------------------------------


def _remove_all(stored_names: list[str]) -> None:
    for name in stored_names:
        files.remove(name)


def _file_add(actor: Any, activity: Activity, stored: core_services.StoredUpload) -> ActivityFile:
    kind = FileKind.PHOTO if stored.checked.kind == "photo" else FileKind.DOCUMENT
    return core_services.stored_file_add(
        ActivityFile, stored, actor=actor, activity=activity, kind=kind,
        event=lambda row: ActivityEvent.record_of(
            activity, actor=actor, kind=EventKind.FILE_ADD, data={"file": row.original_name, "kind": kind}
        ),
    )  # fmt: skip


def activity_file_add(*, actor: Any, activity: Activity, upload: File) -> ActivityFile:
    """Keep a photo or a document (PDF, Word, Excel) of an activity. Checked by its content, not by its name, and
    re-encoded if it is a photo, before the transaction opens."""
    folder = f"{FILE_DIR}/{activity.start_date.year}"
    with (
        core_services.uploads_stored([upload], folder=folder, max_bytes=MAX_FILE_BYTES, thumbnails=True) as (stored,),
        transaction.atomic(),
    ):
        return _file_add(actor, activity, stored)


@transaction.atomic
def activity_file_remove(*, actor: Any, file: ActivityFile) -> None:
    activity = file.activity
    ActivityEvent.record_of(activity, actor=actor, kind=EventKind.FILE_REMOVE, data={"file": file.original_name})
    stored = file.stored_name
    file.delete()
    transaction.on_commit(lambda: files.remove(stored))


def file_path(file: ActivityFile, *, thumbnail: bool = False) -> Path:
    """Where the file is stored; with `thumbnail`, its small copy (the file itself if it has none)."""
    if thumbnail and file.kind == FileKind.PHOTO:
        thumb = files.path(files.thumb_name(file.stored_name))
        if thumb.is_file():
            return thumb
    return files.path(file.stored_name)


# --- Initiatives ---------------------------------------------------------------------------------


def _check_initiative(initiative: Initiative) -> None:
    _clean_title(initiative)
    initiative.author_names = _clean_text(initiative.author_names)
    initiative.effect = nfc(initiative.effect or "").strip()
    if initiative.recognised_on is not None:
        if initiative.recognised_on > today():
            raise ValidationError({"recognised_on": _("The date must not be in the future.")})
        if initiative.year is None:
            initiative.year = initiative.recognised_on.year
        elif initiative.year != initiative.recognised_on.year:
            raise ValidationError(
                {"recognised_on": _("The date recognised must fall in the year recognised (%(year)s).")
                 % {"year": initiative.year}}
            )  # fmt: skip
    if initiative.year is None:
        raise ValidationError({"year": _("Give the year recognised.")})
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
    return {name: jsonable(getattr(initiative, name)) for name in INITIATIVE_FIELDS}


@transaction.atomic
def initiative_create(*, actor: Any, authors: Iterable[Person] = (), **values: Any) -> Initiative:
    core_services.only_fields(values, INITIATIVE_FIELDS, "an initiative field")
    authors = list(authors)
    initiative = Initiative(created_by=actor, **values)
    _check_initiative(initiative)
    if not authors and not initiative.author_names:
        raise ValidationError({"author_names": _("Name at least one author.")})
    ActivityEvent.save_and_record(
        initiative,
        actor=actor,
        kind=EventKind.CREATE,
        data=lambda row: {"after": _initiative_snapshot(row), "authors": [p.pk for p in authors]},
    )
    initiative.authors.set(authors)
    return initiative


@transaction.atomic
def initiative_update(
    *, actor: Any, initiative: Initiative, authors: Iterable[Person] | None = None, **values: Any
) -> Initiative:
    core_services.only_fields(values, INITIATIVE_FIELDS, "an initiative field")
    before = _initiative_snapshot(initiative)
    for key, value in values.items():
        setattr(initiative, key, value)
    _check_initiative(initiative)
    author_list = list(authors) if authors is not None else list(initiative.authors.all())
    if not author_list and not initiative.author_names:
        raise ValidationError({"author_names": _("Name at least one author.")})
    ActivityEvent.save_and_record(
        initiative, actor=actor, kind=EventKind.UPDATE, data=lambda row: changes(before, _initiative_snapshot(row))
    )
    if authors is not None:
        initiative.authors.set(author_list)
    return initiative


@transaction.atomic
def initiative_delete(*, actor: Any, initiative: Initiative) -> None:
    ActivityEvent.record_of(
        initiative, actor=actor, kind=EventKind.DELETE, data={"before": _initiative_snapshot(initiative)}
    )
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
        ActivityEvent.record_many_of(
            ((i, {"after": _initiative_snapshot(i), "bulk": True}) for i in created), actor=actor, kind=EventKind.CREATE
        )
    return created
