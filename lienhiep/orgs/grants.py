"""Per-object grants: access to one record given to one user for a time, outside the roles on the tree.

An expert assigned to a dossier (kind "expert"), later a juror to a contest entry ("juror"), logs in without a
role: they see the records granted to them and nothing else of the site. A grant names its record generically
(content type and id), the unit that holds it (`org`: the roles on that unit manage it) and its dates (`starts` to
`ends`, both days included; no end: until revoked). Grants are never deleted: a revoked one stays, with who revoked
it and when, and both moves are `ObjectGrantEvent` rows in the unit's audit trail.

The app that owns the record decides what a grant lets its holder do (`reviews.permissions.get_dossier_for_user`:
read and comment); this module only answers whether one holds.

    from lienhiep.orgs import grants
    grants.give(dossier, user, kind="expert", by=officer, org=dossier.org)
    grants.holds(user, dossier, kind="expert")
    Dossier.objects.filter(pk__in=grants.granted_ids(user, Dossier, kind="expert"))
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lienhiep.core.text import nfc
from lienhiep.orgs import selectors
from lienhiep.orgs.models import GrantEventKind, ObjectGrant, ObjectGrantEvent, Org

# The kinds of grant, as the apps that give them name them.
EXPERT = "expert"
JUROR = "juror"
KIND_LABELS = {EXPERT: gettext_lazy("Expert"), JUROR: gettext_lazy("Juror")}


@dataclass(frozen=True)
class Assignment:
    """A grant as its holder's assignments page shows it: the record (its title, and its page when the record has
    one: `get_absolute_url`), the unit holding it, the kind and the dates."""

    grant: ObjectGrant
    title: str
    url: str
    kind: str


def _type(model: type[models.Model] | models.Model) -> ContentType:
    return ContentType.objects.get_for_model(model, for_concrete_model=True)


def valid_on(on: dt.date) -> Q:
    """The grants that hold on `on`: begun, not ended, not revoked."""
    return Q(revoked_at__isnull=True, starts__lte=on) & (Q(ends__isnull=True) | Q(ends__gte=on))


def _mine(user: Any, *, kind: str | None, on: dt.date | None) -> QuerySet[ObjectGrant]:
    if user is None or not user.is_authenticated or not user.is_active:
        return ObjectGrant.objects.none()
    rows = ObjectGrant.objects.filter(valid_on(on or selectors.today()), user=user)
    return rows.filter(kind=kind) if kind else rows


def _data(grant: ObjectGrant, obj: Any = None) -> dict[str, Any]:
    return {
        "user": {"id": grant.user_id, "name": str(grant.user)},
        "object": {"id": grant.object_id, "name": str(obj if obj is not None else grant.content_type)},
        "type": grant.content_type.model,
        "grant_kind": grant.kind,
        "starts": grant.starts,
        "ends": grant.ends,
    }


@transaction.atomic
def give(
    obj: models.Model,
    user: Any,
    *,
    kind: str,
    by: Any,
    org: Org,
    starts: dt.date | None = None,
    ends: dt.date | None = None,
    reason: str = "",
) -> ObjectGrant:
    """Grant `user` access of `kind` to `obj`, held by unit `org`, from `starts` (today) to `ends` (both included;
    none: until revoked). The caller's service has checked that `by` may assign on `org`. Refused (ValidationError,
    nothing written) for a user who already holds the same grant over any of those days."""
    if obj.pk is None:
        raise ValueError("A grant is given on a saved record.")
    kind = (kind or "").strip()
    if not kind:
        raise ValidationError(_("A grant needs a kind."), code="grant_kind")
    starts = starts or selectors.today()
    if ends is not None and ends < starts:
        raise ValidationError(_("Access cannot end before it begins."), code="grant_range")
    content_type = _type(obj)
    overlapping = ObjectGrant.objects.filter(
        Q(ends__isnull=True) | Q(ends__gte=starts),
        user=user,
        content_type=content_type,
        object_id=obj.pk,
        kind=kind,
        revoked_at__isnull=True,
    )
    if ends is not None:
        overlapping = overlapping.filter(starts__lte=ends)
    if overlapping.exists():
        raise ValidationError(_("This user already has this access."), code="grant_duplicate")
    grant = ObjectGrant(
        user=user,
        org=org,
        content_type=content_type,
        object_id=obj.pk,
        kind=kind,
        starts=starts,
        ends=ends,
        reason=nfc(reason).strip(),
        given_by=by,
    )
    ObjectGrantEvent.save_and_record(
        grant, actor=by, kind=GrantEventKind.GIVE, data=lambda row: {**_data(row, obj), "reason": row.reason}
    )
    return grant


@transaction.atomic
def revoke(grant: ObjectGrant, *, by: Any, reason: str = "") -> None:
    """End `grant` now (it stays, revoked, with who did it). Refused for a grant already revoked."""
    locked = ObjectGrant.objects.select_for_update().select_related("user", "content_type").get(pk=grant.pk)
    if locked.revoked_at is not None:
        raise ValidationError(_("This access had already been revoked."), code="grant_revoked")
    locked.revoked_at = timezone.now()
    locked.revoked_by = by
    locked.save(update_fields=["revoked_at", "revoked_by"])
    grant.revoked_at, grant.revoked_by = locked.revoked_at, by
    ObjectGrantEvent.record_of(
        locked,
        actor=by,
        kind=GrantEventKind.REVOKE,
        org_id=locked.org_id,
        data={**_data(locked), "reason": nfc(reason).strip()},
    )


def holds(user: Any, obj: models.Model, *, kind: str | None = None, on: dt.date | None = None) -> bool:
    """Whether `user` holds a grant (of `kind`, any if None) on `obj` on `on` (today): within its dates, not
    revoked. An inactive or anonymous user holds none."""
    if obj.pk is None:
        return False
    return _mine(user, kind=kind, on=on).filter(content_type=_type(obj), object_id=obj.pk).exists()


def granted_ids(
    user: Any, model: type[models.Model], *, kind: str | None = None, on: dt.date | None = None
) -> QuerySet[Any]:
    """The ids of the records of `model` granted to `user` on `on` (today), as a subquery:
    `Dossier.objects.filter(pk__in=granted_ids(user, Dossier, kind="expert"))`."""
    return _mine(user, kind=kind, on=on).filter(content_type=_type(model)).values_list("object_id", flat=True)


def has_any(user: Any, *, on: dt.date | None = None) -> bool:
    """Whether `user` holds any grant on `on` (today): the sidebar then shows their assignments."""
    return _mine(user, kind=None, on=on).exists()


def of_user(user: Any, *, on: dt.date | None = None) -> QuerySet[ObjectGrant]:
    """The grants `user` holds on `on` (today), newest first: their assignments."""
    return _mine(user, kind=None, on=on).select_related("content_type", "org").order_by("-starts", "-id")


def of_object(obj: models.Model, *, kind: str | None = None) -> QuerySet[ObjectGrant]:
    """Every grant ever given on `obj` (revoked and ended ones too), oldest first: who had access and when."""
    rows = ObjectGrant.objects.filter(content_type=_type(obj), object_id=obj.pk).select_related("user", "given_by")
    return (rows.filter(kind=kind) if kind else rows).order_by("starts", "id")


def assignments(user: Any, *, on: dt.date | None = None) -> list[Assignment]:
    """The records granted to `user` on `on` (today), newest first, each read once per kind of record."""
    held = list(of_user(user, on=on))
    records: dict[tuple[int, int], Any] = {}
    for content_type in {g.content_type for g in held}:
        ids = [g.object_id for g in held if g.content_type_id == content_type.pk]
        model = content_type.model_class()
        if model is None:  # an app removed since
            continue
        for pk, row in model._default_manager.in_bulk(ids).items():
            records[(content_type.pk, pk)] = row
    found = []
    for grant in held:
        record = records.get((grant.content_type_id, grant.object_id))
        if record is None:
            continue
        url = record.get_absolute_url() if hasattr(record, "get_absolute_url") else ""
        found.append(Assignment(grant, str(record), url, str(KIND_LABELS.get(grant.kind, grant.kind))))
    return found
