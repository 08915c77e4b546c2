"""Writes of dossiers: registration, the moves of `DOSSIER_TRANSITIONS` (one function applies a move and writes its
event row), the regulation profiles, cost lines (paid ones posted as finance spending lines in the same transaction)
and the yearly plan. Keyword-only, atomic, with an actor; bad input raises ValidationError in Vietnamese and changes
nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from lienhiep.core.events import changes
from lienhiep.core.text import fold, nfc
from lienhiep.core.transitions import check_move
from lienhiep.experts import conflicts
from lienhiep.experts.models import Expert
from lienhiep.finance import services as finance_services
from lienhiep.orgs import grants
from lienhiep.orgs import selectors as org_selectors
from lienhiep.orgs.models import Org, OrgKind
from lienhiep.orgs.permissions import Access, access_level, require_can
from lienhiep.orgs.selectors import today
from lienhiep.reviews.drafts import services as draft_services
from lienhiep.reviews.models import (
    DOSSIER_TRANSITIONS,
    CostItem,
    CostLine,
    Dossier,
    DossierEvent,
    DossierEventKind,
    DossierExpert,
    DossierStatus,
    Origin,
    RegulationProfile,
    ReviewPlan,
)
from lienhiep.reviews.models.dossiers import ProfileScope, step_due
from lienhiep.reviews.models.drafts import DossierAccess

# The fields a dossier is registered and corrected with (the workflow's own fields are the moves').
DETAIL_FIELDS = (
    "kind", "origin", "title", "requester_type", "requester_name", "subject_type", "subject_number", "subject_date",
    "subject_level", "project_group", "area_ha", "households", "confidential", "received_on", "request_number",
    "request_date", "answer_due",
)  # fmt: skip
TEXT_FIELDS = frozenset({"title", "requester_name", "subject_number", "request_number"})


def _event(dossier: Dossier | None, actor: Any, kind: str, *, org: Org, target: str, target_id: int, **data: Any):  # type: ignore[no-untyped-def]
    return DossierEvent.record(
        actor=actor, kind=kind, org=org, dossier=dossier, target=target, target_id=target_id, data=data
    )


def _saved(row: Any, dossier: Dossier | None, actor: Any, kind: str, *, org: Org, target: str, **data: Any) -> None:
    """`row` checked and saved with its event row (`_event`'s, its id the row's)."""
    DossierEvent.save_and_record(row, actor=actor, kind=kind, org=org, dossier=dossier, target=target, data=data)


def _snapshot(dossier: Dossier, fields: tuple[str, ...] = DETAIL_FIELDS) -> dict[str, Any]:
    return {name: getattr(dossier, name) for name in fields}


# --- Regulation profiles ----------------------------------------------------------------------------------------


def _union_of(org: Org, on: dt.date) -> list[Org]:
    """The node and the nodes above it, nearest first: the union whose rules a node follows is the nearest one."""
    return [org, *reversed(org_selectors.ancestors(org, on=on))]


def profile_for(org: Org, *, on: dt.date | None = None) -> RegulationProfile:
    """The rules a new dossier of `org` follows: the nearest union's own profile (a copy it edited), else the shipped
    national profile for a node under the national union directly, the provincial one for every other."""
    chain = _union_of(org, on or today())
    own = {p.org_id: p for p in RegulationProfile.objects.filter(org__in=chain)}
    for node in chain:
        if node.pk in own:
            return own[node.pk]
    national = any(node.kind == OrgKind.NATIONAL for node in chain[:2]) and not any(
        node.kind in (OrgKind.PROVINCIAL, OrgKind.DISTRICT) for node in chain
    )
    scope = ProfileScope.NATIONAL if national else ProfileScope.PROVINCIAL
    return RegulationProfile.objects.get(org__isnull=True, scope=scope)


def _clean_days(days: dict[str, Any]) -> dict[str, int]:
    cleaned: dict[str, int] = {}
    for status, value in days.items():
        if status not in DossierStatus.values or status == DossierStatus.CLOSED:
            raise ValidationError(_("A regulation profile names the steps of a dossier only."))
        if value in (None, ""):
            continue
        number = int(value)
        if not 1 <= number <= 365:
            raise ValidationError(_("Each step takes between 1 and 365 days."))
        cleaned[status] = number
    return cleaned


@transaction.atomic
def profile_save(*, actor: Any, org: Org, scope: str, days: dict[str, Any], name: str = "") -> RegulationProfile:
    """Set a union's own days for each step under one set of rules (a copy of the shipped profile the first time).
    A step already begun keeps the deadline it was given; the union's new dossiers, and the steps its dossiers on
    this profile begin from now on, follow these days."""
    require_can(actor, org, Access.MANAGE)
    if scope not in ProfileScope.values:
        raise ValidationError(_("Choose the rules the profile follows."))
    current = RegulationProfile.objects.filter(org=org, scope=scope).first()
    shipped = RegulationProfile.objects.get(org__isnull=True, scope=scope)
    profile = current or RegulationProfile(org=org, scope=scope, name=name or f"{shipped.name} — {org.name}")
    before = dict(profile.days) if current else dict(shipped.days)
    profile.days = _clean_days(days)
    if name:
        profile.name = nfc(name).strip()
    _saved(
        profile, None, actor, DossierEventKind.PROFILE, org=org, target="profile",
        scope=scope, days_before=before, days_after=profile.days,
    )  # fmt: skip
    return profile


# --- Dossiers -----------------------------------------------------------------------------------------------------


def _clean_details(dossier: Dossier) -> None:
    for name in TEXT_FIELDS:
        setattr(dossier, name, " ".join(nfc(getattr(dossier, name) or "").split()))
    dossier.title_folded = fold(dossier.title)
    dossier.requester_folded = fold(dossier.requester_name)
    if dossier.origin == Origin.REQUESTED and not (dossier.requester_name and dossier.requester_type):
        raise ValidationError({"requester_name": _("Name the body that asks for the opinion, and its type.")})
    if dossier.received_on > today():
        raise ValidationError({"received_on": _("A request is registered once it has arrived.")})
    if dossier.answer_due is not None and dossier.answer_due < dossier.received_on:
        raise ValidationError({"answer_due": _("The opinion cannot be due before the request arrived.")})
    dossier.org.check_exists_on(dossier.received_on)
    dossier.full_clean()


@transaction.atomic
def dossier_create(*, actor: Any, org: Org, **details: Any) -> Dossier:
    """Register a request (or a subject the node takes up itself) on `org`: it starts "received", under the
    regulation profile the node follows today."""
    require_can(actor, org, Access.EDIT)
    unknown = set(details) - set(DETAIL_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    dossier = Dossier(org=org, created_by=actor, **details)
    dossier.profile = profile_for(org)
    dossier.status = DossierStatus.RECEIVED
    dossier.status_since = dossier.received_on
    _clean_details(dossier)
    dossier.due_on = step_due(dossier.profile, dossier.status, dossier.status_since)
    dossier.save()
    _event(
        dossier, actor, DossierEventKind.CREATE, org=org, target="dossier", target_id=dossier.pk,
        after=_snapshot(dossier), profile=dossier.profile_id,
    )  # fmt: skip
    return dossier


@transaction.atomic
def dossier_update(*, actor: Any, dossier: Dossier, **details: Any) -> Dossier:
    """Correct what was registered (a wrong number, date or name); the event keeps what it said before."""
    require_can(actor, dossier.org, Access.EDIT)
    if dossier.status == DossierStatus.CLOSED:
        raise ValidationError(_("A closed dossier is no longer changed."))
    before = _snapshot(dossier)
    for name, value in details.items():
        if name not in DETAIL_FIELDS:
            raise TypeError(f"unknown field {name}")
        setattr(dossier, name, value)
    _clean_details(dossier)
    after = _snapshot(dossier)
    changed = changes(before, after)
    if not changed["after"]:
        return dossier
    dossier.save()
    _event(dossier, actor, DossierEventKind.UPDATE, org=dossier.org, target="dossier", target_id=dossier.pk, **changed)
    return dossier


def _need(details: dict[str, Any], *names: str) -> None:
    missing = [name for name in names if details.get(name) in (None, "")]
    if missing:
        raise ValidationError({name: _("This step needs it.") for name in missing}, code="missing")


def _check_move(dossier: Dossier, to: str, on: dt.date, details: dict[str, Any]) -> dict[str, Any]:
    """What the move `to` writes on the dossier, checked: a reply letter to accept or decline, a reason to decline, how
    the opinions were gathered, the signed opinion's number, the requester's answer."""
    needed = []
    if to in (DossierStatus.ACCEPTED, DossierStatus.DECLINED) and dossier.origin == Origin.REQUESTED:
        needed += ["reply_number", "reply_date"]
    if to == DossierStatus.DECLINED:
        needed.append("decline_reason")
    _need(details, *needed)
    if to == DossierStatus.OPINIONS and not any(
        details.get(name) for name in ("by_written", "by_council", "by_workshop")
    ):
        raise ValidationError(_("Say how the opinions were gathered: in writing, in a council or at a workshop."))
    if to == DossierStatus.SENT:
        _need(details, "opinion_number")
        details.setdefault("sent_on", on)
    if to == DossierStatus.ANSWERED:
        _need(details, "proposals_taken_up")
        details.setdefault("answered_on", on)
        proposals = details.get("proposals", dossier.proposals)
        if proposals is not None and details["proposals_taken_up"] > proposals:
            raise ValidationError(
                {"proposals_taken_up": _("More proposals taken up than the opinion made (%(n)s).") % {"n": proposals}}
            )
    if to == DossierStatus.CLOSED:
        details.setdefault("closed_on", on)
    for name, value in details.items():
        if isinstance(value, str):
            details[name] = nfc(value).strip()
    return details


MOVE_FIELDS = frozenset(
    {
        "reply_number", "reply_date", "decline_reason", "by_written", "by_council", "by_workshop", "opinion_number",
        "sent_on", "proposals", "answered_on", "proposals_taken_up", "taken_up", "explained", "closed_on",
    }
)  # fmt: skip


@transaction.atomic
def dossier_move(*, actor: Any, dossier: Dossier, to: str, on: dt.date | None = None, **details: Any) -> Dossier:
    """Move the dossier to the step `to` if `DOSSIER_TRANSITIONS` allows it, writing what the step records (`details`)
    and one event row with the status before and after. A refused move changes nothing."""
    require_can(actor, dossier.org, Access.EDIT)
    on = on or today()
    unknown = set(details) - MOVE_FIELDS
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    before = dossier.status
    check_move(
        DOSSIER_TRANSITIONS, DossierStatus, before, to, _("A dossier that is “%(before)s” cannot become “%(after)s”.")
    )
    if on < dossier.status_since:
        raise ValidationError(
            _("A step cannot end before it began (%(day)s).") % {"day": f"{dossier.status_since:%d/%m/%Y}"}
        )
    if on > today():
        raise ValidationError(_("A step is recorded once it is done; the date is in the future."))
    written = _check_move(dossier, to, on, dict(details))
    for name, value in written.items():
        setattr(dossier, name, value)
    dossier.status, dossier.status_since = to, on
    dossier.due_on = step_due(dossier.profile, to, on)
    dossier.full_clean()
    dossier.save()
    if to == DossierStatus.CLOSED:
        _close_experts(dossier, actor)
    _event(
        dossier, actor, DossierEventKind.MOVE, org=dossier.org, target="dossier", target_id=dossier.pk,
        before=before, after=to, on=on, due_on=dossier.due_on, **written,
    )  # fmt: skip
    return dossier


# --- Costs --------------------------------------------------------------------------------------------------------


@transaction.atomic
def cost_add(*, actor: Any, dossier: Dossier, item: str, planned: Decimal, description: str = "") -> CostLine:
    """A planned item of the dossier's cost (its estimate)."""
    require_can(actor, dossier.org, Access.EDIT)
    if dossier.status == DossierStatus.CLOSED:
        raise ValidationError(_("A closed dossier is no longer changed."))
    line = CostLine(dossier=dossier, item=item, planned=planned, description=" ".join(nfc(description).split()))
    _saved(
        line, dossier, actor, DossierEventKind.COST, org=dossier.org, target="cost",
        item=item, planned=planned, description=line.description,
    )  # fmt: skip
    return line


@transaction.atomic
def cost_pay(*, actor: Any, line: CostLine, paid: Decimal, paid_on: dt.date) -> CostLine:
    """Record what an item cost once paid, and post it as a spending line of the node that holds the dossier (finance's
    own service, in this transaction: the books and the dossier agree or neither changes)."""
    dossier = line.dossier
    require_can(actor, dossier.org, Access.EDIT)
    if line.spending_id is not None:
        raise ValidationError(_("This item is already paid and posted to the books."))
    if paid <= 0:
        raise ValidationError({"paid": _("Enter the amount paid.")})
    label = CostItem(line.item).label
    purpose = f"{label}: {dossier.title}"[:255]
    spending = finance_services.spending_record(
        actor=actor, org=dossier.org, spent_on=paid_on, amount=paid, purpose=purpose
    )
    line.paid, line.paid_on, line.spending = paid, paid_on, spending
    _saved(
        line, dossier, actor, DossierEventKind.COST_PAID, org=dossier.org, target="cost",
        item=line.item, paid=paid, paid_on=paid_on, spending=spending.pk,
    )  # fmt: skip
    return line


# --- The yearly plan ----------------------------------------------------------------------------------------------


@transaction.atomic
def plan_set(*, actor: Any, org: Org, year: int, topics: int, note: str = "") -> ReviewPlan:
    """A node's yearly plan of consultancy: how many topics it means to take up (set again to correct it)."""
    require_can(actor, org, Access.EDIT)
    org.check_exists_in(year)
    plan = ReviewPlan.objects.filter(org=org, year=year).first() or ReviewPlan(org=org, year=year, topics=0)
    before = plan.topics if plan.pk else None
    plan.topics, plan.note = topics, nfc(note).strip()
    _saved(
        plan, None, actor, DossierEventKind.PLAN, org=org, target="plan",
        year=year, before=before, after=topics,
    )  # fmt: skip
    return plan


# --- Experts on a dossier -----------------------------------------------------------------------------------------


def pickable_experts(dossier: Dossier) -> QuerySet[Expert]:
    """The experts an officer may put on `dossier`: available ones on the lists of its node and of the unions above
    it (a town union draws on the province's list too), by name."""
    # The tree as it stood when the request came in: a town union dissolved since still drew on its province's list.
    chain = _union_of(dossier.org, dossier.received_on)
    return Expert.objects.filter(org__in=chain, available=True).order_by("name_sort", "id")


def conflicts_of(expert: Expert, dossier: Dossier) -> list[str]:
    """What the registry sees: the same workplace as the requester (`experts.conflicts.detect`)."""
    return conflicts.detect(expert, workplaces=[dossier.requester_name] if dossier.requester_name else [])


OPEN_FOR_EXPERTS = frozenset(
    {DossierStatus.ACCEPTED, DossierStatus.ESTIMATED, DossierStatus.EXPERTS, DossierStatus.OPINIONS,
     DossierStatus.DRAFTING, DossierStatus.REVIEW}
)  # fmt: skip


@transaction.atomic
def dossier_assign_expert(
    *, actor: Any, dossier: Dossier, expert: Expert, declared_link: str = "none", declaration: str = "",
    override_reason: str = "", on: dt.date | None = None, ends: dt.date | None = None,
) -> DossierExpert:  # fmt: skip
    """Put `expert` on `dossier` with their declaration of interest. A declared link or one the registry detects keeps
    them off (ValidationError, code "conflict", nothing written) unless an officer (MANAGE) records why they stay
    (`override_reason`). Their account, if they have one, is granted the dossier (`orgs.grants`) until removed, and
    on a confidential dossier put on its access list too (`list_expert`): the officer does one thing."""
    require_can(actor, dossier.org, Access.EDIT)
    if dossier.status not in OPEN_FOR_EXPERTS:
        raise ValidationError(_("Experts are chosen once the request is accepted, until the opinion is signed."))
    if not pickable_experts(dossier).filter(pk=expert.pk).exists():
        raise ValidationError({"expert": _("Choose an available expert from your union's list or a list above it.")})
    if DossierExpert.objects.filter(dossier=dossier, expert=expert, removed_on__isnull=True).exists():
        raise ValidationError({"expert": _("This expert is already on the dossier.")})
    on = on or today()
    if ends is not None and ends < on:
        raise ValidationError({"ends": _("The assignment cannot end before it begins.")})
    row = DossierExpert(
        dossier=dossier, expert=expert, assigned_on=on, ends_on=ends, declared_link=declared_link or "none",
        declaration=" ".join(nfc(declaration).split()), declared_at=timezone.now(),
        override_reason=" ".join(nfc(override_reason).split()), detected=conflicts_of(expert, dossier),
        assigned_by=actor,
    )  # fmt: skip
    conflicted = row.declares_conflict or bool(row.detected)
    if conflicted and not row.override_reason:
        reasons = [*row.detected]
        if row.declares_conflict:
            reasons.insert(0, _("Declares a link: %(link)s.") % {"link": row.get_declared_link_display()})
        raise ValidationError(
            _("%(name)s is kept off this dossier: %(reasons)s An officer may keep them on by recording why.")
            % {"name": expert.full_name, "reasons": " ".join(reasons)},
            code="conflict",
        )
    if row.override_reason and not conflicted:
        row.override_reason = ""
    if row.override_reason:
        require_can(actor, dossier.org, Access.MANAGE)
    row.full_clean()
    if expert.user_id is not None:
        row.grant = grants.give(
            dossier, expert.user, kind=grants.EXPERT, by=actor, org=dossier.org, starts=on, ends=ends,
            reason=_("Expert on the dossier"),
        )  # fmt: skip
    row.save()
    listed = list_expert(actor=actor, dossier=dossier, expert=expert)
    _event(
        dossier, actor, DossierEventKind.OVERRIDE if row.override_reason else DossierEventKind.EXPERT_ADD,
        org=dossier.org, target="expert", target_id=row.pk, expert=expert.full_name, expert_id=expert.pk,
        link=row.declared_link, text=row.declaration, detected=row.detected, reason=row.override_reason,
        account=bool(row.grant_id), listed=listed, ends=row.ends_on,
    )  # fmt: skip
    return row


@transaction.atomic
def dossier_expert_set_end(*, actor: Any, assignment: DossierExpert, ends: dt.date | None) -> DossierExpert:
    """Change the day an expert's assignment ends (None: until taken off or the dossier closes). Their grant is
    ended and given again to the new day (grants keep their dates; both moves stay in the unit's audit trail)."""
    dossier = assignment.dossier
    require_can(actor, dossier.org, Access.EDIT)
    if not assignment.active:
        raise ValidationError(_("This expert was already taken off the dossier."))
    if ends is not None and ends < today():
        raise ValidationError({"ends": _("Choose today or a later day; to end the assignment now, take them off.")})
    if ends == assignment.ends_on:
        return assignment
    before = assignment.ends_on
    assignment.ends_on = ends
    assignment.full_clean()
    old = assignment.grant
    if old is not None and old.revoked_at is None:
        grants.revoke(old, by=actor, reason=_("The assignment's end date changed"))
        assignment.grant = grants.give(
            dossier, old.user, kind=grants.EXPERT, by=actor, org=dossier.org, starts=today(), ends=ends,
            reason=_("Expert on the dossier"),
        )  # fmt: skip
    assignment.save(update_fields=["ends_on", "grant", "updated_at"])
    _event(
        dossier, actor, DossierEventKind.EXPERT_END, org=dossier.org, target="expert", target_id=assignment.pk,
        expert=assignment.expert.full_name, expert_id=assignment.expert_id, before=before, after=ends,
    )  # fmt: skip
    return assignment


def list_expert(*, actor: Any, dossier: Dossier, expert: Expert) -> bool:
    """On a confidential dossier, put the expert's account on its access list (drafts' `access_add`, with its event
    row) unless it is there already: whether it was put there now."""
    if not dossier.confidential or expert.user_id is None:
        return False
    if DossierAccess.objects.filter(dossier=dossier, user_id=expert.user_id).exists():
        return False
    draft_services.access_add(actor=actor, dossier=dossier, user=expert.user)
    return True


def _unlist_expert(dossier: Dossier, expert: Expert, actor: Any) -> None:
    """An expert taken off a confidential dossier leaves its access list with the grant; an account that also
    holds a role reaching the dossier's unit (staff, who keep the list themselves) stays on it."""
    if not dossier.confidential or expert.user_id is None or access_level(expert.user, dossier.org) is not None:
        return
    row = DossierAccess.objects.filter(dossier=dossier, user_id=expert.user_id).select_related("user").first()
    if row is None:
        return
    draft_services.access_drop(actor=actor, row=row)


def _end(row: DossierExpert, actor: Any, on: dt.date, reason: str) -> None:
    row.removed_on, row.removed_reason = on, reason[:255]
    row.save(update_fields=["removed_on", "removed_reason", "updated_at"])
    if row.grant_id is not None and row.grant is not None and row.grant.revoked_at is None:
        grants.revoke(row.grant, by=actor, reason=reason)
    _unlist_expert(row.dossier, row.expert, actor)


@transaction.atomic
def dossier_remove_expert(*, actor: Any, assignment: DossierExpert, reason: str = "") -> None:
    """Take an expert off the dossier (their access ends at once); the assignment stays in the history."""
    dossier = assignment.dossier
    require_can(actor, dossier.org, Access.EDIT)
    if not assignment.active:
        raise ValidationError(_("This expert was already taken off the dossier."))
    reason = " ".join(nfc(reason).split())
    _end(assignment, actor, today(), reason)
    _event(
        dossier, actor, DossierEventKind.EXPERT_REMOVE, org=dossier.org, target="expert", target_id=assignment.pk,
        expert=assignment.expert.full_name, expert_id=assignment.expert_id, reason=reason,
    )  # fmt: skip


@transaction.atomic
def dossier_expert_declare(*, actor: Any, assignment: DossierExpert, declared_link: str, declaration: str = "") -> None:
    """The expert's declaration on a dossier they are assigned to: made with their account, or recorded by the office
    from their paper. A conflict declared now keeps them off at once — their access ends — unless an officer had
    already recorded why they stay."""
    dossier = assignment.dossier
    own = actor is not None and assignment.expert.user_id is not None and actor.pk == assignment.expert.user_id
    if not own:
        require_can(actor, dossier.org, Access.EDIT)  # the office records a declaration made on paper
    if not assignment.active:
        raise ValidationError(_("This expert was already taken off the dossier."))
    assignment.declared_link = declared_link or "none"
    assignment.declaration = " ".join(nfc(declaration).split())
    assignment.declared_at = timezone.now()
    kept_off = assignment.declares_conflict and not assignment.override_reason
    _saved(
        assignment, dossier, actor, DossierEventKind.CONFLICT, org=dossier.org, target="expert",
        expert=assignment.expert.full_name, expert_id=assignment.expert_id, link=assignment.declared_link,
        text=assignment.declaration, kept_off=kept_off,
    )  # fmt: skip
    if kept_off:
        _end(assignment, actor, today(), _("Declared a conflict of interest"))


def _close_experts(dossier: Dossier, actor: Any) -> None:
    """When a dossier closes, its experts' access ends with it (they stay its experts in its history)."""
    for row in DossierExpert.objects.filter(dossier=dossier, grant__revoked_at__isnull=True).select_related("grant"):
        if row.grant is not None:
            grants.revoke(row.grant, by=actor, reason=_("The dossier is closed"))
