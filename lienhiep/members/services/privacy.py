"""Personal data: citizen IDs revealed with a log, consent per purpose, export and erasure on request, and the
log of every export of the member list."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lienhiep.core.events import jsonable
from lienhiep.members.models import (
    Consent,
    EventKind,
    ExportLog,
    LeaveReason,
    Membership,
    Person,
    PersonEvent,
)
from lienhiep.members.services.persons import PERSON_FIELDS, normalise
from lienhiep.orgs import selectors as org_selectors
from lienhiep.orgs.models import Org


@transaction.atomic
def person_reveal_id(*, actor: Any, person: Person) -> str:
    """The full citizen ID, for a role allowed to see it; every reveal is logged."""
    PersonEvent.record(actor=actor, kind=EventKind.REVEAL_ID, person=person)
    return person.id_number or ""


@transaction.atomic
def consent_give(*, actor: Any, person: Person, purpose: str, notice_version: str) -> Consent:
    if Consent.objects.filter(person=person, purpose=purpose, withdrawn_at__isnull=True).exists():
        raise ValidationError(_("Consent for this purpose is already recorded."), code="consent_exists")
    consent = Consent(
        person=person, purpose=purpose, notice_version=notice_version, given_at=timezone.now(), recorded_by=actor
    )
    consent.full_clean()
    consent.save()
    PersonEvent.record(
        actor=actor, kind=EventKind.CONSENT, person=person, data={"purpose": purpose, "notice_version": notice_version}
    )
    return consent


@transaction.atomic
def consent_withdraw(*, actor: Any, consent: Consent) -> Consent:
    if consent.withdrawn_at is not None:
        raise ValidationError(_("This consent was already withdrawn."), code="consent_withdrawn")
    consent.withdrawn_at = timezone.now()
    consent.save(update_fields=["withdrawn_at"])
    PersonEvent.record(
        actor=actor, kind=EventKind.CONSENT_WITHDRAWN, person=consent.person, data={"purpose": consent.purpose}
    )
    return consent


def person_data(person: Person) -> dict[str, Any]:
    """Everything the registry holds on a person (for an access request)."""
    return {
        "person": {k: jsonable(getattr(person, k)) for k in PERSON_FIELDS},
        "fields": [f.name for f in person.fields.all()],
        "memberships": [
            {
                "org": m.org.name,
                "joined_on": jsonable(m.joined_on),
                "left_on": jsonable(m.left_on),
                "leave_reason": m.leave_reason,
                "card_number": m.card_number,
            }
            for m in person.memberships.select_related("org").order_by("joined_on")
        ],
        "consents": [
            {
                "purpose": c.purpose,
                "notice_version": c.notice_version,
                "given_at": c.given_at.isoformat(),
                "withdrawn_at": c.withdrawn_at.isoformat() if c.withdrawn_at else None,
            }
            for c in person.consents.order_by("given_at")
        ],
    }


@transaction.atomic
def person_export(*, actor: Any, person: Person) -> dict[str, Any]:
    data = person_data(person)
    PersonEvent.record(actor=actor, kind=EventKind.EXPORT, person=person)
    return data


def list_export_logged(
    rows: Iterator[list[object]], *, actor: Any, file_format: str, node: Org | None, filters: dict[str, Any]
) -> Iterator[list[object]]:
    """Log an export of the member list now, before any row leaves (so a download broken off halfway
    is still on record), and its row count once the last row has been written."""
    log = ExportLog.objects.create(actor=actor, file_format=file_format, node=node, filters=filters)

    def counted() -> Iterator[list[object]]:
        count = -1  # the header row is not a person
        for row in rows:
            count += 1
            yield row
        ExportLog.objects.filter(pk=log.pk).update(rows=max(count, 0), finished=True)

    return counted()


@transaction.atomic
def person_erase(*, actor: Any, person: Person) -> Person:
    """Anonymise on request. What figures count stays (gender, education, fields, birth year, memberships and
    their dates), so past counts do not change; the memberships still open end today with the reason "erasure"
    (a member whose data is gone is not a member any more: today's lists and counts drop them alike, and the
    database forgets the figures from today on). What identifies the person goes."""
    if person.erased_at is not None:
        raise ValidationError(_("This person's data was already erased."), code="erased")
    person.full_name = _("Erased person #%(id)s") % {"id": person.pk}
    if person.birth_date:
        person.birth_date = dt.date(person.birth_date.year, 7, 1)
    person.id_number = None
    person.phone = person.email = person.address = person.workplace = person.position = ""
    person.party_member = None
    person.health_note = person.notes = ""
    person.erased_at = timezone.now()
    normalise(person)
    person.save()
    today = org_selectors.today()
    for membership in person.memberships.filter(left_on__isnull=True):
        # A membership that began today (or is dated ahead) ends the day after it began: [joined, left) is never empty.
        membership.left_on = max(today, membership.joined_on + dt.timedelta(days=1))
        membership.leave_reason = LeaveReason.ERASURE
        membership.save(update_fields=["left_on", "leave_reason", "updated_at"])
    Membership.objects.filter(person=person).update(card_number="")
    person.events.exclude(kind=EventKind.ERASE).update(data={})
    PersonEvent.record(actor=actor, kind=EventKind.ERASE, person=person)
    return person
