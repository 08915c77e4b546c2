"""Membership spells: admit, leave, transfer. A transfer ends one spell and opens the next on the same day."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from lienhiep.members.models import (
    EventKind,
    Field,
    LeaveReason,
    Membership,
    Person,
    PersonEvent,
)
from lienhiep.members.services.persons import person_create, refuse_used_id
from lienhiep.orgs import permissions as org_permissions
from lienhiep.orgs.models import Org, OrgKind
from lienhiep.orgs.permissions import Access

MEMBER_KINDS = (OrgKind.ASSOCIATION, OrgKind.BRANCH)


def _d(value: dt.date) -> str:
    return value.strftime("%d/%m/%Y")


def check_member_org(org: Org, on: dt.date) -> None:
    if org.kind not in MEMBER_KINDS:
        raise ValidationError(
            _("Members belong to a member association or a branch, not to %(name)s.") % {"name": org.name},
            code="member_org_kind",
        )
    org.check_exists_on(on)


@transaction.atomic
def member_admit(
    *, actor: Any, person: Person, org: Org, joined_on: dt.date, card_number: str = "", batch: Any = None
) -> Membership:
    check_member_org(org, joined_on)
    if person.birth_date and joined_on < person.birth_date:
        raise ValidationError(_("The joining date is before the birth date."), code="joined_before_birth")
    overlapping = Membership.objects.filter(person=person, org=org).filter(
        Q(left_on__isnull=True) | Q(left_on__gt=joined_on)
    )
    if overlapping.exists():
        raise ValidationError(
            _("%(person)s is already a member of %(org)s on %(date)s.")
            % {"person": person.full_name, "org": org.name, "date": _d(joined_on)},
            code="already_member",
        )
    membership = Membership(
        person=person, org=org, joined_on=joined_on, card_number=card_number.strip().upper(), batch=batch
    )
    PersonEvent.save_and_record(
        membership,
        validate_constraints=False,
        actor=actor,
        kind=EventKind.ADMIT,
        person=person,
        data={"org": {"id": org.pk, "name": org.name}, "on": joined_on.isoformat()},
    )
    return membership


@transaction.atomic
def membership_end(*, actor: Any, membership: Membership, on: dt.date, reason: str) -> Membership:
    if reason not in LeaveReason.values:
        raise ValidationError(_("Choose why the member left."), code="reason")
    if membership.left_on is not None:
        raise ValidationError(_("This membership has already ended."), code="ended")
    if on <= membership.joined_on:
        raise ValidationError(
            _("The leaving date must be after the joining date (%(date)s).") % {"date": _d(membership.joined_on)},
            code="left_before_joined",
        )
    membership.left_on, membership.leave_reason = on, reason
    PersonEvent.save_and_record(
        membership,
        validate_constraints=False,
        update_fields=["left_on", "leave_reason", "updated_at"],
        actor=actor,
        kind=EventKind.LEAVE,
        person=membership.person,
        data={"org": {"id": membership.org_id, "name": membership.org.name}, "on": on.isoformat(), "reason": reason},
    )
    return membership


@transaction.atomic
def membership_transfer(
    *, actor: Any, membership: Membership, to_org: Org, on: dt.date, card_number: str = ""
) -> Membership:
    """End the membership on `on` (transferred) and open one in `to_org` from the same day."""
    if to_org.pk == membership.org_id:
        raise ValidationError(_("Choose another association to transfer to."), code="same_org")
    check_member_org(to_org, on)
    membership_end(actor=actor, membership=membership, on=on, reason=LeaveReason.TRANSFER)
    new = member_admit(
        actor=actor,
        person=membership.person,
        org=to_org,
        joined_on=on,
        card_number=card_number or membership.card_number,
    )
    PersonEvent.record(
        actor=actor,
        kind=EventKind.TRANSFER,
        person=membership.person,
        data={
            "source": {"id": membership.org_id, "name": membership.org.name},
            "to": {"id": to_org.pk, "name": to_org.name},
            "on": on.isoformat(),
        },
    )
    return new


def person_admit(
    *,
    actor: Any,
    org: Org,
    joined_on: dt.date,
    card_number: str = "",
    fields: list[Field] | None = None,
    **values: Any,
) -> Person:
    """A new person admitted as a member of `org` (the admission form): the person and the membership, both or
    neither. The actor must be able to record members there. A citizen ID another person holds is refused (and the
    attempt logged) before the transaction opens."""
    org_permissions.require_can(actor, org, Access.EDIT)
    refuse_used_id(actor=actor, id_number=values.get("id_number"))
    return _person_admit(actor=actor, org=org, joined_on=joined_on, card_number=card_number, fields=fields, **values)


@transaction.atomic
def _person_admit(
    *, actor: Any, org: Org, joined_on: dt.date, card_number: str, fields: list[Field] | None, **values: Any
) -> Person:
    person = person_create(actor=actor, fields=fields, **values)
    member_admit(actor=actor, person=person, org=org, joined_on=joined_on, card_number=card_number)
    return person
