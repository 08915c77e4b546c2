"""Who may read a dossier's draft, comment on it and decide on the comments.

Through the dossier's own access function (`reviews.permissions.get_dossier_for_user`: a role on the dossier's
node, or an expert's grant on the dossier): anyone who sees the dossier reads its draft and comments; experts and
staff who may record on the node (EDIT) comment and answer; only staff decide, edit the opinion and its access
list. A confidential dossier's draft, comments and files are read only by the users on its access list
(`DossierAccess`): anyone else who sees the dossier gets 403.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from lienhiep.core.permissions import get_or_404
from lienhiep.orgs.permissions import Access, access_level, can
from lienhiep.reviews.models import Dossier
from lienhiep.reviews.models.drafts import DossierAccess, Draft, DraftComment, OpinionItem
from lienhiep.reviews.permissions import get_dossier_for_user, is_assigned_expert


class Need:
    """What a user wants to do with a dossier's draft, in increasing order."""

    READ = 1  # read the draft, its parts and the comments
    COMMENT = 2  # comment and answer (experts and staff)
    DECIDE = 3  # take, drop or keep a comment; edit the opinion, upload a draft, manage the access list


def on_access_list(user: Any, dossier: Dossier) -> bool:
    return DossierAccess.objects.filter(dossier=dossier, user=user).exists()


def allowed(user: Any, dossier: Dossier, need: int) -> bool:
    """Whether `user`, who sees `dossier`, may do `need` with its draft."""
    if dossier.confidential and not on_access_list(user, dossier):
        return False
    if need == Need.READ:
        return True
    if can(user, dossier.org, Access.EDIT):
        return True
    return need == Need.COMMENT and is_assigned_expert(user, dossier)


def abilities(user: Any, dossier: Dossier) -> dict[str, bool]:
    """What a draft's pages offer `user`: `allowed(..., Need.COMMENT)` and `allowed(..., Need.DECIDE)`, the role's
    level on the node read once for both (the draft page read the closure once for each)."""
    if dossier.confidential and not on_access_list(user, dossier):
        return {"can_comment": False, "can_decide": False}
    level = access_level(user, dossier.org)
    staff = level is not None and level >= Access.EDIT
    return {"can_comment": staff or is_assigned_expert(user, dossier), "can_decide": staff}


def require(user: Any, dossier: Dossier, need: int) -> None:
    if not allowed(user, dossier, need):
        raise PermissionDenied


def get_dossier_drafts_for_user(user: Any, pk: Any, *, need: int = Need.READ) -> Dossier:
    """The dossier whose draft the user works on: 404 outside their subtree or grants, 403 without `need`
    (or, on a confidential dossier, off its access list)."""
    dossier = get_dossier_for_user(user, pk, need=Access.VIEW)
    require(user, dossier, need)
    return dossier


def get_draft_for_user(user: Any, pk: Any, *, need: int = Need.READ) -> Draft:
    draft = get_or_404(Draft.objects.select_related("dossier"), pk)
    get_dossier_drafts_for_user(user, draft.dossier_id, need=need)
    return draft


def get_comment_for_user(user: Any, pk: Any, *, need: int = Need.COMMENT) -> DraftComment:
    comment = get_or_404(DraftComment.objects.select_related("draft__dossier", "part"), pk)
    get_dossier_drafts_for_user(user, comment.draft.dossier_id, need=need)
    return comment


def get_item_for_user(user: Any, pk: Any, *, need: int = Need.DECIDE) -> OpinionItem:
    item = get_or_404(OpinionItem.objects.select_related("dossier"), pk)
    get_dossier_drafts_for_user(user, item.dossier_id, need=need)
    return item


def get_dossier_for_access_list(user: Any, pk: Any) -> Dossier:
    """A dossier's access list and the log of its files' opens are the staff's who record on its node (on the list
    or not: they put themselves on it): 404 outside, 403 without EDIT (experts included)."""
    return get_dossier_for_user(user, pk, need=Access.EDIT)


def get_access_row_for_user(user: Any, pk: Any) -> DossierAccess:
    row = get_or_404(DossierAccess.objects.select_related("user"), pk)
    row.dossier = get_dossier_for_access_list(user, row.dossier_id)
    return row
