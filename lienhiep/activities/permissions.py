"""Access to activities, their files, and initiatives: through the node that records them.

Not visible: 404, the same answer as for something that does not exist. Visible but not allowed: 403.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404

from lienhiep.activities.models import Activity, ActivityFile, Initiative, InitiativeImport, Project
from lienhiep.orgs import permissions as org_permissions
from lienhiep.orgs.models import Org
from lienhiep.orgs.permissions import Access


def activity_access(user: Any, activity: Activity) -> Access | None:
    """The organiser's holders have their access; the co-organisers' holders may read it (not change it)."""
    level = org_permissions.access_level(user, activity.org)
    if level is None and any(
        org_permissions.access_level(user, org) is not None for org in activity.co_organisers.all()
    ):
        return Access.VIEW
    return level


def get_activity_for_user(user: Any, pk: int, *, need: Access = Access.VIEW) -> Activity:
    activity = Activity.objects.select_related("org", "field").filter(pk=pk).first()
    if activity is None:
        raise Http404
    org_permissions.require(activity_access(user, activity), need)
    return activity


def get_file_for_user(user: Any, pk: int, *, need: Access = Access.VIEW) -> ActivityFile:
    file = ActivityFile.objects.select_related("activity__org").filter(pk=pk).first()
    if file is None:
        raise Http404
    org_permissions.require(activity_access(user, file.activity), need)
    return file


def get_initiative_for_user(user: Any, pk: int, *, need: Access = Access.VIEW) -> Initiative:
    return org_permissions.get_held_for_user(Initiative.objects.select_related("org"), pk, user, need)


def get_activity_org_for_user(user: Any, pk: int | str | None, *, need: Access = Access.EDIT) -> Org:
    """The unit a new activity is recorded for (its organiser): recording takes EDIT on it."""
    return org_permissions.get_org_for_user(user, pk, need=need)


def get_initiative_org_for_user(user: Any, pk: int | str | None, *, need: Access = Access.EDIT) -> Org:
    """The unit new initiatives are recorded for: one by the form, or every row of an import (the rows name units
    under it), whose template it also fills in."""
    return org_permissions.get_org_for_user(user, pk, need=need)


def get_partner_org_for_user(user: Any, pk: int | str | None, *, need: Access = Access.EDIT) -> Org:
    """The unit that adds a partner to the shared list (its event row names it): adding takes EDIT on it."""
    return org_permissions.get_org_for_user(user, pk, need=need)


def get_initiative_import_for_user(user: Any, pk: int) -> InitiativeImport:
    """A file of initiatives is seen only by the person who uploaded it (404 for anyone else), while they may still
    record initiatives on its unit (403 once they may not)."""
    batch = (
        InitiativeImport.objects.select_related("org").filter(pk=pk, actor=user).first()
        if user.is_authenticated
        else None
    )
    if batch is None:
        raise Http404
    org_permissions.require(org_permissions.access_level(user, batch.org), Access.EDIT)
    return batch


def get_limits_org_for_user(user: Any, pk: int | str | None, *, need: Access = Access.MANAGE) -> Org:
    """The unit whose plausibility ceilings are read and set: its officer (MANAGE) sets them."""
    return org_permissions.get_org_for_user(user, pk, need=need)


def get_project_for_user(user: Any, pk: int, *, need: Access = Access.VIEW) -> Project:
    """A model or project, through the unit that runs it (as an initiative: the units a role holds, with their
    history)."""
    return org_permissions.get_held_for_user(Project.objects.select_related("org", "field"), pk, user, need)


def get_project_org_for_user(user: Any, pk: int | str | None, *, need: Access = Access.EDIT) -> Org:
    """The unit a new model or project is recorded for: recording takes EDIT on it."""
    return org_permissions.get_org_for_user(user, pk, need=need)
