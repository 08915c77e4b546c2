"""Who may open each page of reviews (tests/test_access.py)."""

from lienhiep.reviews.tests.draft_access_cases import CASES as DRAFT_CASES

CASES = {
    # Drafts, comments and the opinion (draft15).
    **DRAFT_CASES,
}
