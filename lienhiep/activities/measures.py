"""Measures of initiatives for congress targets (declared on ActivitiesConfig.congress_measures)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from lienhiep.activities.models import InitiativeLevel
from lienhiep.activities.selectors import initiative_totals
from lienhiep.orgs.models import Org


def applied_share(node: Org, start: dt.date, end: dt.date) -> Decimal | None:
    """Share (%) of the initiatives recognised in the window's years that were applied."""
    share = initiative_totals(node, first_year=start.year, last_year=end.year).applied_share
    return None if share is None else Decimal(str(share))


def at_province_level_or_above(node: Org, start: dt.date, end: dt.date) -> Decimal:
    """Initiatives recognised at province or national level in the window's years."""
    by_level = initiative_totals(node, first_year=start.year, last_year=end.year).by_level
    return Decimal(by_level[InitiativeLevel.PROVINCE] + by_level[InitiativeLevel.NATIONAL])
