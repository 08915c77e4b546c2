from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from lienhiep.core.nav import nav_items


def navigation(request: HttpRequest) -> dict[str, Any]:
    match = getattr(request, "resolver_match", None)
    return {"nav_items": nav_items(), "nav_current": match.namespace if match else ""}
