"""Writes to budgets and spending. Keyword-only, atomic, with an actor; each change writes a FinanceEvent;
bad input raises ValidationError in Vietnamese and changes nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lienhiep.activities.models import Activity
from lienhiep.core.events import changes
from lienhiep.core.text import nfc
from lienhiep.finance.models import Budget, EventKind, FinanceEvent, Spending
from lienhiep.orgs import selectors as org_selectors
from lienhiep.orgs.models import Org
from lienhiep.orgs.selectors import today


def _check_year(org: Org, year: int) -> None:
    if year > today().year + 1:
        raise ValidationError({"year": _("A budget is planned at most for next year.")})
    org.check_exists_in(year)


@transaction.atomic
def budget_set(
    *, actor: Any, org: Org, year: int, source: str, planned: Decimal, actual: Decimal | None = None, notes: str = ""
) -> Budget:
    """Record (or correct) a unit's budget from one source for a year: the plan and what was received."""
    _check_year(org, year)
    if actual is not None and year > today().year:
        raise ValidationError({"actual": _("Money received is recorded once the year has begun.")})
    current = Budget.objects.filter(org=org, year=year, source=source).first()
    before = {"planned": current.planned, "actual": current.actual} if current else None
    budget = current or Budget(org=org, year=year, source=source)
    budget.planned, budget.actual, budget.notes = planned, actual, nfc(notes).strip()
    FinanceEvent.save_and_record(
        budget,
        actor=actor,
        kind=EventKind.UPDATE if current else EventKind.CREATE,
        data={"year": year, "source": source, "before": before, "after": {"planned": planned, "actual": actual}},
    )
    return budget


def _check_spending(spending: Spending) -> None:
    org, spent_on, activity = spending.org, spending.spent_on, spending.activity
    if spent_on > today():
        raise ValidationError({"spent_on": _("Spending is recorded once it is made; the date is in the future.")})
    org.check_exists_on(spent_on)
    if activity is not None:
        organisers = org_selectors.subtree_ids(org, on=activity.start_date)
        if not organisers.filter(descendant_id=activity.org_id).exists():
            raise ValidationError(
                {"activity": _("The activity was not organised by %(name)s or a unit under it.") % {"name": org.name}}
            )
    spending.purpose = " ".join(nfc(spending.purpose).split())
    if not spending.purpose:
        raise ValidationError({"purpose": _("Say what the money was spent on.")})


def _spending_snapshot(spending: Spending) -> dict[str, Any]:
    return {
        "org": spending.org_id, "spent_on": spending.spent_on.isoformat(), "amount": int(spending.amount),
        "purpose": spending.purpose, "source": spending.source, "activity": spending.activity_id,
    }  # fmt: skip


@transaction.atomic
def spending_record(
    *, actor: Any, org: Org, spent_on: dt.date, amount: Decimal, purpose: str, source: str = "",
    activity: Activity | None = None,
) -> Spending:  # fmt: skip
    spending = Spending(
        org=org, spent_on=spent_on, amount=amount, purpose=purpose, source=source, activity=activity, created_by=actor
    )
    _check_spending(spending)
    FinanceEvent.save_and_record(
        spending, actor=actor, kind=EventKind.CREATE, data=lambda row: {"after": _spending_snapshot(row)}
    )
    return spending


@transaction.atomic
def spending_update(
    *, actor: Any, spending: Spending, org: Org, spent_on: dt.date, amount: Decimal, purpose: str, source: str = "",
    activity: Activity | None = None,
) -> Spending:  # fmt: skip
    """Correct a spending line (a wrong amount, date or unit); the event keeps what it said before."""
    before = _spending_snapshot(spending)
    spending.org, spending.spent_on, spending.amount = org, spent_on, amount
    spending.purpose, spending.source, spending.activity = purpose, source, activity
    _check_spending(spending)
    FinanceEvent.save_and_record(
        spending, actor=actor, kind=EventKind.UPDATE, data=lambda row: changes(before, _spending_snapshot(row))
    )
    return spending


@transaction.atomic
def budget_delete(*, actor: Any, budget: Budget) -> None:
    """Remove a budget line entered by mistake (a wrong unit, year or source)."""
    FinanceEvent.record_of(
        budget,
        actor=actor,
        kind=EventKind.DELETE,
        data={
            "year": budget.year,
            "source": budget.source,
            "before": {"planned": budget.planned, "actual": budget.actual},
        },
    )
    budget.delete()


@transaction.atomic
def spending_delete(*, actor: Any, spending: Spending) -> None:
    before = {"spent_on": spending.spent_on.isoformat(), "amount": int(spending.amount), "purpose": spending.purpose}
    FinanceEvent.record_of(spending, actor=actor, kind=EventKind.DELETE, data={"before": before})
    spending.delete()
