"""What a member's erasure says it did (`core.redaction`: the erase event's data), for the tests that check it.

Every table the erasure reads is listed once, here: a test names only the counts it expects above zero, and a new
event table (or an app's copy of the person) is added to this list, not to each test.
"""

from __future__ import annotations

from typing import Any

# The rows of each table the erasure changed: the event tables that may name a member, then the apps' own copies of
# the person (core.redaction.erase_records).
REDACTED = (
    "members.PersonEvent",
    "experts.ExpertEvent",
    "governance.GovernanceEvent",
    "activities.ActivityEvent",
    "awards.AwardEvent",
    "awards.NominationEvent",
    "reporting.ReportEvent",
    "campaigns.SubmissionEvent",
    "reviews.DossierEvent",
    "reviews.DraftEvent",
    "contests.EditionEvent",
    "contests.EntryEvent",
    "contests.JuryEvent",
    "experts.Expert",
    "reporting.Report",
    "reviews.DraftComment",
    "reviews.Opinion",
    "contests.ResultsDecision",
)
# Issued documents that keep a signer of that name (decision 0018).
KEPT = ("reporting.Report.signer_name", "reviews.Opinion.signer_name", "contests.ResultsDecision.signer_name")


def erasure_data(redacted: dict[str, int] | None = None, kept: dict[str, int] | None = None) -> dict[str, Any]:
    """The erase event's data: `redacted` and `kept` name the counts above zero, every other table at 0."""
    redacted, kept = redacted or {}, kept or {}
    assert set(redacted) <= set(REDACTED) and set(kept) <= set(KEPT), "not a table the erasure reads"
    return {
        "redacted": {label: redacted.get(label, 0) for label in REDACTED},
        "documents_kept": {label: kept.get(label, 0) for label in KEPT},
    }
