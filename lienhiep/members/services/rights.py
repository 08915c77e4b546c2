"""Data subjects' requests and personal data breaches (Law 91/2025/QH15, Decree 356/2025/NĐ-CP): recorded on a unit,
moved along their transition table, each change a `RegistryEvent` (target "request" / "breach")."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lienhiep.members.models import (
    REQUEST_TRANSITIONS,
    Breach,
    EventKind,
    Person,
    RegistryEvent,
    RequestStatus,
    SubjectRequest,
)
from lienhiep.orgs.models import Org
from lienhiep.orgs.permissions import Access, require_can


def subject_request_due(received_on: dt.date) -> dt.date:
    """The legal deadline of a request received on `received_on` (SUBJECT_REQUEST_DAYS later)."""
    return received_on + dt.timedelta(days=settings.SUBJECT_REQUEST_DAYS)


@transaction.atomic
def subject_request_record(
    *,
    actor: Any,
    org: Org,
    requester: str,
    kind: str,
    received_on: dt.date,
    details: str = "",
    person: Person | None = None,
    handler: Any = None,
) -> SubjectRequest:
    """Record a request received by `org` (its officers handle it): the deadline follows from its receipt."""
    require_can(actor, org, Access.MANAGE)
    if received_on > timezone.localdate():
        raise ValidationError(_("A request cannot be received after today."), code="received_ahead")
    request = SubjectRequest(
        org=org,
        person=person,
        requester=requester.strip(),
        kind=kind,
        details=details,
        received_on=received_on,
        due_on=subject_request_due(received_on),
        handler=handler,
    )
    RegistryEvent.save_and_record(
        request,
        actor=actor,
        kind=EventKind.REQUEST,
        data={"kind": kind, "received_on": received_on, "due_on": request.due_on, "handler": handler},
    )
    return request


@transaction.atomic
def subject_request_move(
    *, actor: Any, request: SubjectRequest, status: str, reply: str = "", handler: Any = None
) -> SubjectRequest:
    """Move a request on (RECEIVED → IN_PROGRESS → ANSWERED or REFUSED, as REQUEST_TRANSITIONS allows); an answer
    or a refusal says its reply and is dated today; taking it up may name who handles it."""
    require_can(actor, request.org, Access.MANAGE)
    request = SubjectRequest.objects.select_for_update().get(pk=request.pk)
    if status not in REQUEST_TRANSITIONS[request.status]:
        raise ValidationError(_("This request cannot be moved that way."), code="request_transition")
    closing = status in (RequestStatus.ANSWERED, RequestStatus.REFUSED)
    if closing and not reply.strip():
        raise ValidationError(_("Write the reply sent to the person."), code="reply_needed")
    before = {"status": request.status, "handler": request.handler}
    request.status = status
    if handler is not None:
        request.handler = handler
    if closing:
        request.reply = reply.strip()
        request.replied_on = timezone.localdate()
    RegistryEvent.save_and_record(
        request,
        actor=actor,
        kind=EventKind.REQUEST_MOVE,
        data={
            "before": before,
            "after": {"status": status, "handler": request.handler},
            "late": bool(closing and request.replied_on and request.replied_on > request.due_on),
        },
    )
    return request


@transaction.atomic
def breach_record(
    *,
    actor: Any,
    org: Org,
    summary: str,
    found_at: dt.datetime,
    categories: str,
    persons_affected: int,
    occurred_at: dt.datetime | None = None,
    measures: str = "",
) -> Breach:
    require_can(actor, org, Access.MANAGE)
    if found_at > timezone.now():
        raise ValidationError(_("A breach cannot be found after now."), code="found_ahead")
    breach = Breach(
        org=org,
        summary=summary,
        found_at=found_at,
        occurred_at=occurred_at,
        categories=categories,
        persons_affected=persons_affected,
        measures=measures,
        recorded_by=actor,
    )
    RegistryEvent.save_and_record(
        breach,
        actor=actor,
        kind=EventKind.BREACH,
        data={"found_at": found_at, "categories": categories, "persons_affected": persons_affected},
    )
    return breach


@transaction.atomic
def breach_notify(*, actor: Any, breach: Breach, notified_at: dt.datetime, reference: str = "") -> Breach:
    """Record the notice sent to the authority (once; dated no earlier than the finding, no later than now)."""
    require_can(actor, breach.org, Access.MANAGE)
    breach = Breach.objects.select_for_update().get(pk=breach.pk)
    if breach.notified_at is not None:
        raise ValidationError(_("The notice of this breach is already recorded."), code="notified")
    if not breach.found_at <= notified_at <= timezone.now():
        raise ValidationError(_("The notice is dated between the finding and now."), code="notice_date")
    breach.notified_at = notified_at
    breach.notice_reference = reference.strip()
    breach.save(update_fields=["notified_at", "notice_reference", "updated_at"])
    RegistryEvent.record_of(
        breach,
        actor=actor,
        kind=EventKind.BREACH_NOTICE,
        data={
            "notified_at": notified_at,
            "reference": breach.notice_reference,
            "late": breach.notice_late(notified_at),
        },
    )
    return breach
