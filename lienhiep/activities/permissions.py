"""Access to activities, their files, and initiatives: through the node that records them.

Not visible: 404, the same answer as for something that does not exist. Visible but not allowed: 403.
"""

from __future__ import annotations

from typing import Any

from lienhiep.activities.models import Activity, ActivityFile, Initiative, InitiativeImport, Project
from lienhiep.core.permissions import get_for_user, uploaded_by
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
    return get_for_user(Activity.objects.select_related("org", "field"), pk, user, need, activity_access)


def get_file_for_user(user: Any, pk: int, *, need: Access = Access.VIEW) -> ActivityFile:
    """A photo or file of an activity, to those who have the access `need` asks on its activity."""
    rows = ActivityFile.objects.select_related("activity__org")
    return get_for_user(rows, pk, user, need, lambda who, file: activity_access(who, file.activity))


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
    rows = uploaded_by(InitiativeImport.objects.select_related("org"), user)
    return org_permissions.get_held_for_user(rows, pk, user, Access.EDIT)


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
