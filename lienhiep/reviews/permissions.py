"""Access to dossiers (placeholder until rev15's lands: the seam's signature, taken whole at merge)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from lienhiep.core.http import id_param
from lienhiep.orgs import grants
from lienhiep.orgs.permissions import Access, access_level, require
from lienhiep.reviews.models import Dossier


def get_dossier_for_user(user: Any, pk: Any, need: Access = Access.VIEW) -> Dossier:
    number = id_param(pk)
    dossier = Dossier.objects.select_related("org").filter(pk=number).first() if number is not None else None
    if dossier is None:
        raise Http404
    level = access_level(user, dossier.org)
    if level is None and grants.holds(user, dossier, kind=grants.EXPERT):
        if need > Access.VIEW:
            raise PermissionDenied
        return dossier
    require(level, need)
    return dossier
