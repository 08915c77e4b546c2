"""A file import for a unit (`core.importers`, decision 0017): importing takes EDIT on the unit the file is for."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from lienhiep.core.importers import Importer
from lienhiep.orgs import permissions as org_permissions
from lienhiep.orgs.permissions import Access


class UnitImporter(Importer):
    """The access every import of a unit's records shares: the upload, the template and the batch's pages answer
    404 outside the user's subtree and 403 inside without EDIT (an app may name its own access function of the
    unit, `get_org_for_user`); the services refuse an actor who may not record on the unit."""

    def get_org_for_user(self, user: Any, pk: int | str | None) -> Any:
        return org_permissions.get_org_for_user(user, pk, need=Access.EDIT)

    def node_asked(self, request: HttpRequest) -> str | None:
        return org_permissions.node_asked(request)

    def require_may_import(self, actor: Any, org: Any) -> None:
        org_permissions.require_can(actor, org, Access.EDIT)
