"""Personal data: citizen IDs revealed with a log, consent per purpose, export and erasure on request, and the
log of every export of the member list."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lienhiep.core.events import jsonable, rewriting
from lienhiep.core.redaction import Subject, erase_records, person_values, redact_person
from lienhiep.members.models import (
    Consent,
    EventKind,
    ExportLog,
    LeaveReason,
    Membership,
    Person,
    PersonEvent,
)
from lienhiep.members.selectors import person_memberships_visible_to
from lienhiep.members.services.persons import PERSON_FIELDS, normalise
from lienhiep.orgs import permissions as org_permissions
from lienhiep.orgs import selectors as org_selectors
from lienhiep.orgs.models import Org
from lienhiep.orgs.permissions import Access


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
    PersonEvent.save_and_record(
        consent,
        actor=actor,
        kind=EventKind.CONSENT,
        person=person,
        data={"purpose": purpose, "notice_version": notice_version},
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


def person_data(person: Person, *, user: Any) -> dict[str, Any]:
    """Everything the registry holds on a person (for an access request) that `user`'s side holds: the person's
    record, the memberships `user` sees (`person_memberships_visible_to`: all of them for the system
    administrator) and the consents. Another province's memberships and card numbers are its own to export."""
    memberships = person_memberships_visible_to(user=user, person=person).order_by("joined_on", "id")
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
            for m in memberships
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
    data = person_data(person, user=actor)
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
    """Erase on request, for the actor's side. A person may be a member in two provinces, and each keeps its own
    record of them: the actor erases what their units hold. Every membership of the units they manage ends (the
    open ones today) with the reason "erasure" (a closed one keeps its dates and loses its reason, which is the
    person's too) and loses its card number; the person is then hidden from the actor's side
    (`selectors.person_memberships_visible_to`).

    The person is anonymised when no membership elsewhere is still open, or when the system administrator erases
    (every membership is then theirs). What figures count stays (gender, education, fields, birth year,
    memberships and their dates), so past counts do not change; a member whose data is gone is not a member any
    more, so every open membership ends today and today's lists and counts drop them alike (the database forgets
    the figures from today on). What identifies the person goes."""
    if person.erased_at is not None:
        raise ValidationError(_("This person's data was already erased."), code="erased")
    everywhere = org_permissions.is_system_admin(actor)
    rows = person.memberships.select_related("org").exclude(leave_reason=LeaveReason.ERASURE)
    ours = [m for m in rows if everywhere or org_permissions.can(actor, m.org, Access.MANAGE)]
    if not ours and not everywhere:
        # (The system administrator erases a person no unit holds too: a merge's kept tombstone, a record never
        # admitted. Refused with 403 before, found by the figures' property test at 2,500 steps.)
        raise PermissionDenied
    today = org_selectors.today()
    for membership in ours:
        _end_by_erasure(membership, today)
    Membership.objects.filter(pk__in=[m.pk for m in ours]).update(card_number="")
    if not everywhere and person.memberships.filter(left_on__isnull=True).exists():
        # Another unit still holds the person: their record stays theirs, and says which unit erased.
        for membership in ours:
            PersonEvent.record(
                actor=actor,
                kind=EventKind.ERASE,
                person=person,
                data={"org": {"id": membership.org_id, "name": membership.org.name}, "on": today.isoformat()},
            )
        return person
    values = _values_copied(person)
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
    for membership in person.memberships.filter(left_on__isnull=True):
        _end_by_erasure(membership, today)
    Membership.objects.filter(person=person).update(card_number="")
    with rewriting("erasure"):  # the person's values inside their event rows go; the rows stay (core.events)
        own = person.events.exclude(kind=EventKind.ERASE).exclude(data={}).update(data={})
    # Then every app's event rows that copied them (a seat, an honour, an initiative's authors…), each table as
    # it declares (core.redaction): how many rows of each changed is on record.
    subject = Subject(person_id=person.pk, values=values, label=person.full_name)
    # The apps' own copies (an expert's record, an unissued document's signer, a comment's author), then their
    # event rows; issued documents keep their signer (decision 0018), and the event says how many did.
    records = erase_records(subject)
    redacted = redact_person(subject)
    redacted[PersonEvent._meta.label] = redacted.get(PersonEvent._meta.label, 0) + own
    redacted |= records.changed
    PersonEvent.record(
        actor=actor, kind=EventKind.ERASE, person=person, data={"redacted": redacted, "documents_kept": records.kept}
    )
    return person


def _values_copied(person: Person) -> tuple[str, ...]:
    """The person's values as other records may have copied them: every name they had (their record's events
    hold the earlier ones), their ID number, phone and e-mail."""
    names = [person.full_name]
    for data in person.events.filter(kind__in=[EventKind.CREATE, EventKind.UPDATE]).values_list("data", flat=True):
        names.append(data.get("name") or "")
        for side in ("before", "after"):
            names.append((data.get(side) or {}).get("full_name") or "")
    return person_values(*names, person.id_number, person.phone, person.email)


def _end_by_erasure(membership: Membership, today: dt.date) -> None:
    """End `membership` by erasure: today if it is open (one that began today, or is dated ahead, ends the day
    after it began: [joined, left) is never empty); a closed one keeps its dates."""
    if membership.left_on is None:
        membership.left_on = max(today, membership.joined_on + dt.timedelta(days=1))
    membership.leave_reason = LeaveReason.ERASURE
    membership.save(update_fields=["left_on", "leave_reason", "updated_at"])
