"""Access to core's own objects: an export is its asker's alone."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils import timezone

from lienhiep.core.exports import EXPORT_KEEP
from lienhiep.core.models import Export


def get_export_for_user(user: Any, pk: int) -> Export:
    """An export is seen only by the user who asked for it, while it is kept: anyone else, 404."""
    export = Export.objects.filter(pk=pk, actor_id=user.pk).first() if user.is_authenticated else None
    if export is None or export.created_at < timezone.now() - EXPORT_KEEP:
        raise Http404
    return export
