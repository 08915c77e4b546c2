"""The nightly figures of the country (decision 0009): what its pages read for today, computed once a night."""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from lienhiep.members import selectors as members
from lienhiep.members import statistics
from lienhiep.orgs import figures
from lienhiep.orgs.models import NightlyFigure, Org
from lienhiep.orgs.selectors import today
from lienhiep.reporting import overview, selectors
from lienhiep.reporting.models import Report, ReportStatus

# The reports whose page computes its figures (an approved one shows those it froze).
OPEN = (ReportStatus.DRAFT, ReportStatus.REVIEW)


def figures_nightly(*, on: dt.date | None = None) -> tuple[int, dt.datetime]:
    """Store as nightly figures every piece the pages of the nightly kinds' nodes read for `on` (today): the member
    statistics, the overview, the member count, and the figures of their reports still in draft or review (a
    national report's change in members is a pass over 770,000 memberships: its page, opened after a backdated
    write forgot it, shows last night's instead); the earlier nights' figures go. Returns how many nodes, and the
    time they are stamped with."""
    on = on or today()
    nodes = Org.objects.filter(kind__in=settings.FIGURES_NIGHTLY_KINDS, founded_on__lte=on).exclude(ended_on__lte=on)
    done = 0
    with figures.recording_nightly() as at:
        for node in nodes.order_by("pk").iterator():
            members.member_count(node, on=on)
            statistics.figures(node, on)
            start, end = overview.period(on)
            overview.figures(node, start, end)
            for report in Report.objects.filter(org=node, status__in=OPEN).order_by("pk"):
                selectors.document(report)
            done += 1
    # What tonight's pages no longer read (yesterday's open month, a node no longer of a nightly kind) goes.
    NightlyFigure.objects.filter(computed_at__lt=at).delete()
    # And the open pieces remembered for earlier days, which no page reads (decision 0020).
    figures.forget_earlier_days(on=today())
    return done, at
