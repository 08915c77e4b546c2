"""Measures of honours for congress targets (declared on AwardsConfig.congress_measures)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from lienhiep.awards.models import HonourForm, Issuer
from lienhiep.awards.selectors import honours_to_unit
from lienhiep.orgs.models import Org


def vusta_certificates(node: Org, start: dt.date, end: dt.date) -> Decimal:
    """VUSTA's certificates of merit (Bằng khen) to the unit itself, decided in the window."""
    rows = honours_to_unit(node, issuer=Issuer.VUSTA, form=HonourForm.CERTIFICATE, start=start, end=end)
    return Decimal(rows.count())
