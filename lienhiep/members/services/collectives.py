"""Collective members (enterprises, institutes) and the yearly estimates of intellectuals in a unit's area. Every
change writes a RegistryEvent."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lienhiep.core.text import nfc
from lienhiep.members.models import CollectiveMember, EventKind, IntellectualEstimate, RegistryEvent
from lienhiep.members.services.memberships import _d, check_member_org
from lienhiep.orgs.models import Org
from lienhiep.orgs.permissions import Access, require_can


@transaction.atomic
def collective_admit(
    *, actor: Any, org: Org, name: str, joined_on: dt.date, representative: str = "", phone: str = "", email: str = ""
) -> CollectiveMember:
    check_member_org(org, joined_on)
    member = CollectiveMember(
        org=org,
        name=" ".join(nfc(name).split()),
        representative=" ".join(nfc(representative).split()),
        phone=phone.strip(),
        email=email.strip(),
        joined_on=joined_on,
    )
    if CollectiveMember.objects.filter(org=org, name__iexact=member.name, left_on__isnull=True).exists():
        raise ValidationError(
            _("%(name)s is already a collective member of %(org)s.") % {"name": member.name, "org": org.name},
            code="collective_duplicate",
        )
    RegistryEvent.save_and_record(
        member, actor=actor, kind=EventKind.ADMIT, data={"name": member.name, "on": joined_on}
    )
    return member


@transaction.atomic
def collective_end(*, actor: Any, member: CollectiveMember, on: dt.date) -> CollectiveMember:
    if member.left_on is not None:
        raise ValidationError(_("This membership has already ended."), code="ended")
    if on <= member.joined_on:
        raise ValidationError(
            _("The leaving date must be after the joining date (%(date)s).") % {"date": _d(member.joined_on)},
            code="left_before_joined",
        )
    member.left_on = on
    member.save(update_fields=["left_on", "updated_at"])
    RegistryEvent.record_of(member, actor=actor, kind=EventKind.LEAVE, data={"name": member.name, "on": on})
    return member


@transaction.atomic
def estimate_set(*, actor: Any, org: Org, year: int, count: int, source: str = "") -> IntellectualEstimate:
    """Record (or correct) the year's estimate of intellectuals in a node's area: its officers (MANAGE) do."""
    require_can(actor, org, Access.MANAGE)
    current = IntellectualEstimate.objects.filter(org=org, year=year).first()
    before = {"count": current.count, "source": current.source} if current else None
    estimate = current or IntellectualEstimate(org=org, year=year)
    estimate.count, estimate.source = count, nfc(source).strip()
    RegistryEvent.save_and_record(
        estimate,
        actor=actor,
        kind=EventKind.UPDATE if current else EventKind.CREATE,
        data={"year": year, "before": before, "after": {"count": estimate.count, "source": estimate.source}},
    )
    return estimate
