"""Access to campaigns and submissions: one access function each.

- A campaign is the requester's: whoever sees the requester (VIEW) reads it and its board; its officers (MANAGE)
  open, close, lock it and review the submissions. A user who works in a unit the campaign covers is inside it
  (403 on the board: her own submission is her page); anyone else gets 404.
- A submission is seen by whoever sees its unit or the requester; the unit's recorders (EDIT on it) fill and submit
  it while the campaign is open; the requester's officers return, accept, lock, exempt and extend.
"""

from __future__ import annotations

import enum
from typing import Any

from lienhiep.campaigns.models import Attachment, Campaign, Submission
from lienhiep.core.permissions import allows, get_for_user, get_or_404, require_allowed
from lienhiep.orgs.permissions import Access, access_level, org_ids_at_least


class CampaignAccess(enum.StrEnum):
    VIEW = "view"  # read the campaign and its board
    MANAGE = "manage"  # open, close, lock; review its submissions


class SubmissionAccess(enum.StrEnum):
    VIEW = "view"
    FILL = "fill"  # save, attach, submit
    REVIEW = "review"  # return, accept, lock, exempt, extend


def _covers_mine(user: Any, campaign: Campaign) -> bool:
    """Whether the campaign asks something of a unit the user sees."""
    ids = org_ids_at_least(user, Access.VIEW)
    rows = Submission.objects.filter(campaign=campaign)
    return (rows if ids is None else rows.filter(org_id__in=ids)).exists()


def campaign_access(user: Any, campaign: Campaign) -> set[CampaignAccess] | None:
    """What `user` may do with `campaign`: None outside it (404), an empty set inside without a right (403)."""
    level = access_level(user, campaign.org)
    if level is not None:
        allowed = {CampaignAccess.VIEW}
        if level >= Access.MANAGE:
            allowed.add(CampaignAccess.MANAGE)
        return allowed
    return set() if _covers_mine(user, campaign) else None


def get_campaign_for_user(
    user: Any, pk: int | str | None, *, need: CampaignAccess | str = CampaignAccess.VIEW
) -> Campaign:
    """The one access function for campaigns: 404 for one that does not exist or lies outside the user's tree, 403
    for one inside it that `need` is not allowed on."""
    rows = Campaign.objects.select_related("org", "parent")
    return get_for_user(rows, pk, user, CampaignAccess(need), campaign_access)


def submission_access(user: Any, submission: Submission) -> set[SubmissionAccess] | None:
    requester = access_level(user, submission.campaign.org)
    unit = access_level(user, submission.org)
    if requester is None and unit is None:
        return None
    allowed = {SubmissionAccess.VIEW}
    if unit is not None and unit >= Access.EDIT:
        allowed.add(SubmissionAccess.FILL)
    if requester is not None and requester >= Access.MANAGE:
        allowed.add(SubmissionAccess.REVIEW)
    return allowed


def can_submission(user: Any, submission: Submission, need: SubmissionAccess | str) -> bool:
    return allows(submission_access(user, submission), SubmissionAccess(need))


def require_submission(user: Any, submission: Submission, need: SubmissionAccess | str) -> None:
    """For services: PermissionDenied unless `user` may do `need` with `submission`."""
    require_allowed(submission_access(user, submission), SubmissionAccess(need))


def require_campaign(user: Any, campaign: Campaign, need: CampaignAccess | str) -> None:
    require_allowed(campaign_access(user, campaign), CampaignAccess(need))


def get_submission_for_user(
    user: Any, pk: int | str | None, *, need: SubmissionAccess | str = SubmissionAccess.VIEW
) -> Submission:
    """The one access function for submissions (404 outside, 403 without `need`)."""
    rows = Submission.objects.select_related("campaign__org", "org")
    return get_for_user(rows, pk, user, SubmissionAccess(need), submission_access)


def get_attachment_for_user(user: Any, pk: int | str | None) -> Attachment:
    """A submission's file, through its submission (404 to whoever does not see it)."""
    attachment = get_or_404(Attachment.objects.all(), pk)
    get_submission_for_user(user, attachment.submission_id)
    return attachment
